// The public results page of a consultation (征求意见结果): the office's statement and every
// published comment with its decision and reason. Names and typed contact details are masked.
import { Layout } from '../shared/layout.tsx';
import type { PageContext } from '../shared/context.ts';
import { Pager, type PagerView } from '../shared/kit.tsx';

export interface ResultComment {
  clause: string;
  submitter: string;
  body: string;
  decision: string;
  reason: string | null;
}

export interface ResultsView {
  slug: string;
  title: string;
  issuer: string | null;
  statement: string;
  publishedAt: string;
  counts: { label: string; count: number }[];
  comments: ResultComment[];
  total: number;
  pager: PagerView;
  perPage: number;
}

export function ResultsPage(props: { ctx: PageContext; r: ResultsView }) {
  const { ctx, r } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={`${t('reports.results.title')} · ${r.title}`}>
      <article class="results">
        <p class="eyebrow">
          <a href={`/consultations/${r.slug}`}>{t('reports.results.back')}</a>
        </p>
        <h1>
          {r.title}
          <span class="results-suffix">{t('reports.results.title')}</span>
        </h1>
        <section class="notice results-statement" aria-labelledby="yj-results-statement">
          <h2 id="yj-results-statement">{t('reports.results.title')}</h2>
          {r.statement.split(/\r?\n/).filter((line) => line.trim()).map((line) => (
            <p>{line}</p>
          ))}
          <p class="muted">
            {r.issuer ? `${r.issuer}　` : ''}
            {t('reports.results.publishedOn', { date: r.publishedAt })}
          </p>
        </section>
        {r.counts.length > 0 ? (
          <div class="table-scroll">
            <table class="data-table results-counts">
              <caption>{t('reports.results.counts')}</caption>
              <tbody>
                {r.counts.map((c) => (
                  <tr>
                    <th scope="row">{c.label}</th>
                    <td class="num">{c.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <section id="yj-result-comments" aria-labelledby="yj-result-comments-heading">
          <h2 id="yj-result-comments-heading">{t('reports.results.comments')}</h2>
          {r.comments.length === 0 ? (
            <p class="muted">{t('reports.results.noPublicComments')}</p>
          ) : (
            <ol class="comment-list result-list" start={(r.pager.page - 1) * r.perPage + 1}>
              {r.comments.map((c) => (
                <li class="comment result">
                  <p class="comment-meta">
                    <span class="comment-author">{c.submitter}</span>
                    <span class="comment-target">{t('reports.results.on', { label: c.clause })}</span>
                  </p>
                  <p class="comment-body">{c.body}</p>
                  <dl class="result-decision">
                    <div>
                      <dt>{t('reports.results.decision')}</dt>
                      <dd>
                        <strong>{c.decision}</strong>
                      </dd>
                    </div>
                    {c.reason ? (
                      <div>
                        <dt>{t('reports.results.reason')}</dt>
                        <dd>{c.reason}</dd>
                      </div>
                    ) : null}
                  </dl>
                </li>
              ))}
            </ol>
          )}
          <Pager t={t} pager={r.pager} label={t('reports.results.page', { page: r.pager.page, pages: r.pager.pages ?? 1 })} />
        </section>
      </article>
    </Layout>
  );
}
