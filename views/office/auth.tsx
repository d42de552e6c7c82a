// Sign-in, accounts, password and audit-log pages.
import type { AuditRow } from '../../src/auth/audit.ts';
import type { Officer } from '../../src/db/schema.ts';
import { formatDateTime } from '../../src/lib/time.ts';
import type { OfficeContext, PageContext } from '../shared/context.ts';
import { Csrf } from '../shared/kit.tsx';
import { Layout, OfficeLayout } from '../shared/layout.tsx';

export function LoginPage(props: { ctx: PageContext; email: string; next: string; error: string | null }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('auth.login.title')}>
      <h1>{t('auth.login.title')}</h1>
      <p>{t('auth.login.intro')}</p>
      <form method="post" action="/office/login" class="stack-form">
        <Csrf token={ctx.csrfToken} />
        <input type="hidden" name="next" value={props.next} />
        {props.error ? (
          <p class="error-text" role="alert" id="login-error">
            {props.error}
          </p>
        ) : null}
        <div class="field">
          <label for="login-email">{t('auth.login.email')}</label>
          <input id="login-email" name="email" type="email" autocomplete="username" required value={props.email} autofocus={!props.email} aria-describedby={props.error ? 'login-error' : undefined} />
        </div>
        <div class="field">
          <label for="login-password">{t('auth.login.password')}</label>
          <input id="login-password" name="password" type="password" autocomplete="current-password" required autofocus={!!props.email} />
        </div>
        <div class="actions">
          <button type="submit" class="button button-primary">
            {t('auth.login.submit')}
          </button>
        </div>
      </form>
    </Layout>
  );
}

export function PasswordPage(props: { ctx: OfficeContext; error: string | null; flash: string | null; min: number }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <OfficeLayout ctx={ctx} title={t('auth.password.title')} flash={props.flash}>
      <h1>{t('auth.password.title')}</h1>
      <form method="post" action="/office/password" class="stack-form">
        <Csrf token={ctx.csrfToken} />
        {props.error ? (
          <p class="error-text" role="alert">
            {props.error}
          </p>
        ) : null}
        <div class="field">
          <label for="pw-current">{t('auth.password.current')}</label>
          <input id="pw-current" name="current" type="password" autocomplete="current-password" required />
        </div>
        <div class="field">
          <label for="pw-next">{t('auth.password.next')}</label>
          <input id="pw-next" name="next" type="password" autocomplete="new-password" required minlength={props.min} aria-describedby="pw-next-hint" />
          <p class="hint" id="pw-next-hint">
            {t('auth.password.hint', { min: props.min })}
          </p>
        </div>
        <button type="submit" class="button button-primary">
          {t('auth.password.submit')}
        </button>
      </form>
    </OfficeLayout>
  );
}

export function AccountsPage(props: { ctx: OfficeContext; officers: Officer[]; flash: string | null; error: string | null; values: { email: string; name: string; role: string } }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <OfficeLayout ctx={ctx} title={t('auth.accounts.title')} flash={props.flash}>
      <h1>{t('auth.accounts.title')}</h1>
      <div class="table-scroll">
        <table class="data-table">
          <thead>
            <tr>
              <th scope="col">{t('auth.accounts.email')}</th>
              <th scope="col">{t('auth.accounts.name')}</th>
              <th scope="col">{t('auth.accounts.role')}</th>
              <th scope="col">{t('auth.accounts.status')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('auth.audit.action')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.officers.map((o) => (
              <tr>
                <td>{o.email}</td>
                <td>{o.name ?? ''}</td>
                <td>{t(`auth.role.${o.role}`)}</td>
                <td>{o.disabled_at ? t('auth.accounts.disabled') : t('auth.accounts.active')}</td>
                <td>
                  <form method="post" action={`/office/accounts/${o.id}/reset-password`} class="inline-form">
                    <Csrf token={ctx.csrfToken} />
                    <button type="submit" class="button button-small">
                      {t('auth.accounts.reset')}
                    </button>
                  </form>{' '}
                  {o.id !== ctx.officer.id ? (
                    <form method="post" action={`/office/accounts/${o.id}/${o.disabled_at ? 'enable' : 'disable'}`} class="inline-form">
                      <Csrf token={ctx.csrfToken} />
                      <button type="submit" class="button button-small">
                        {o.disabled_at ? t('auth.accounts.enable') : t('auth.accounts.disable')}
                      </button>
                    </form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('auth.accounts.create')}</h2>
      <form method="post" action="/office/accounts" class="stack-form">
        <Csrf token={ctx.csrfToken} />
        {props.error ? (
          <p class="error-text" role="alert">
            {props.error}
          </p>
        ) : null}
        <div class="field">
          <label for="acc-email">{t('auth.accounts.email')}</label>
          <input id="acc-email" name="email" type="email" required value={props.values.email} />
        </div>
        <div class="field">
          <label for="acc-name">{t('auth.accounts.name')}</label>
          <input id="acc-name" name="name" type="text" maxlength={50} value={props.values.name} />
        </div>
        <div class="field">
          <label for="acc-role">{t('auth.accounts.role')}</label>
          <select id="acc-role" name="role">
            {(['officer', 'moderator', 'admin'] as const).map((role) => (
              <option value={role} selected={props.values.role === role}>
                {t(`auth.role.${role}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button button-primary">
          {t('auth.accounts.createSubmit')}
        </button>
      </form>
    </OfficeLayout>
  );
}

export function AuditPage(props: { ctx: OfficeContext; entries: AuditRow[]; olderHref: string | null }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <OfficeLayout ctx={ctx} title={t('auth.audit.title')} wide>
      <h1>{t('auth.audit.title')}</h1>
      {props.entries.length === 0 ? (
        <p>{t('auth.audit.none')}</p>
      ) : (
        <AuditTable ctx={ctx} entries={props.entries} showConsultation />
      )}
      {props.olderHref ? <a href={props.olderHref}>{t('auth.audit.older')}</a> : null}
    </OfficeLayout>
  );
}

/** The audit entries as a table: on the admin's log, and for one consultation on its overview. */
export function AuditTable(props: { ctx: PageContext; entries: AuditRow[]; showConsultation?: boolean }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <div class="table-scroll">
      <table class="data-table">
        <thead>
          <tr>
            <th scope="col">{t('auth.audit.when')}</th>
            <th scope="col">{t('auth.audit.who')}</th>
            <th scope="col">{t('auth.audit.action')}</th>
            {props.showConsultation ? <th scope="col">{t('auth.audit.consultation')}</th> : null}
            <th scope="col">{t('auth.audit.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {props.entries.map((e) => (
            <tr>
              <td>{formatDateTime(e.at, ctx.locale)}</td>
              <td>{e.officer_email ?? '—'}</td>
              <td>
                <code>{e.action}</code>
              </td>
              {props.showConsultation ? <td>{e.consultation_title ?? ''}</td> : null}
              <td>
                <code class="audit-detail">{e.detail_json === '{}' ? '' : e.detail_json}</code>
                {e.ip ? <span class="hint"> {e.ip}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
