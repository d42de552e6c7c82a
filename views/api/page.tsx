// The open-data API's own page: what each route returns.
import type { PageContext } from '../shared/context.ts';
import { Layout } from '../shared/layout.tsx';

export function ApiPage(props: { ctx: PageContext; baseUrl: string }) {
  const { t } = props.ctx;
  const rows = [
    ['GET', '/api/consultations', t('api.route.list')],
    ['GET', '/api/consultations/:slug', t('api.route.one')],
    ['GET', '/api/consultations/:slug/comments', t('api.route.comments')],
    ['POST', '/api/consultations/:slug/comments', t('api.route.submit')],
  ] as const;
  return (
    <Layout ctx={props.ctx} title={t('api.title')}>
      <h1>{t('api.title')}</h1>
      <p>{t('api.intro')}</p>
      <table class="api-table">
        <thead>
          <tr>
            <th scope="col">{t('api.column.method')}</th>
            <th scope="col">{t('api.column.path')}</th>
            <th scope="col">{t('api.column.what')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([method, path, what]) => (
            <tr>
              <td>
                <code>{method}</code>
              </td>
              <td>
                <code>{path}</code>
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <a href="/api/consultations">
          <code>{`${props.baseUrl}/api/consultations`}</code>
        </a>
      </p>
      <h2>{t('api.openapi.title')}</h2>
      <p>
        {t('api.openapi.intro')}{' '}
        <a href="/api/openapi.json" type="application/json">
          <code>{`${props.baseUrl}/api/openapi.json`}</code>
        </a>
      </p>
    </Layout>
  );
}
