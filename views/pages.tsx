import type { Child } from 'hono/jsx';
import { CommentForm, type CommentFormProps, CommentItem, PhaseBadge, RefusedSubmission, WindowLine } from './components.tsx';
import { Layout } from './layout.tsx';
import type { CommentFormValues, CommentTarget, ConsultationSummary, PageContext, PublicComment } from './models.ts';

function ConsultationCard(props: { ctx: PageContext; c: ConsultationSummary }) {
  const { ctx, c } = props;
  return (
    <li class="card">
      <h3>
        <a href={`/consultations/${c.slug}`}>{c.title}</a>
      </h3>
      <p class="eyebrow">
        <PhaseBadge t={ctx.t} window={c.window} /> <WindowLine t={ctx.t} window={c.window} />
      </p>
      <p class="card-meta">
        {c.issuer ? <span>{c.issuer}</span> : null}
        <span>{ctx.t('consultation.commentCount', { count: c.publishedCommentCount })}</span>
      </p>
    </li>
  );
}

function Group(props: { ctx: PageContext; id: string; title: string; empty: string; items: ConsultationSummary[] }) {
  return (
    <section class="group" aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {props.items.length === 0 ? (
        <p class="muted">{props.empty}</p>
      ) : (
        <ul class="cards">
          {props.items.map((c) => (
            <ConsultationCard ctx={props.ctx} c={c} />
          ))}
        </ul>
      )}
    </section>
  );
}

export function HomePage(props: { ctx: PageContext; open: ConsultationSummary[]; upcoming: ConsultationSummary[]; closed: ConsultationSummary[] }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('home.title')}>
      <div class="intro">
        <h1>{t('home.title')}</h1>
        <p>{t('home.intro')}</p>
        <form class="search" method="get" action="/search" role="search">
          <label for="yj-q">{t('home.search.label')}</label>
          <div class="search-row">
            <input id="yj-q" name="q" type="search" placeholder={t('home.search.placeholder')} />
            <button type="submit" class="button">
              {t('home.search.submit')}
            </button>
          </div>
        </form>
      </div>
      <Group ctx={ctx} id="yj-open" title={t('home.open')} empty={t('home.none.open')} items={props.open} />
      <Group ctx={ctx} id="yj-upcoming" title={t('home.upcoming')} empty={t('home.none.upcoming')} items={props.upcoming} />
      <Group ctx={ctx} id="yj-closed" title={t('home.closed')} empty={t('home.none.closed')} items={props.closed} />
    </Layout>
  );
}

export function QuotedTarget(props: { target: CommentTarget }) {
  if (!props.target.text) return null;
  return (
    <blockquote class="quoted-block">
      {props.target.label ? <p class="label">{props.target.label}</p> : null}
      <p>{props.target.text}</p>
    </blockquote>
  );
}

/** The no-JavaScript page behind 「我要提意见」: the paragraph, then the form. */
export function CommentPage(props: { ctx: PageContext; title: string; form: CommentFormProps }) {
  return (
    <Layout ctx={props.ctx} title={props.form.target.label ?? props.ctx.t('consultation.general')}>
      <p class="breadcrumb">
        <a href={`/consultations/${props.form.slug}`}>{props.title}</a>
      </p>
      <QuotedTarget target={props.form.target} />
      <div class="inline-form standalone">
        <CommentForm {...props.form} />
      </div>
    </Layout>
  );
}

export function RefusedPage(props: {
  ctx: PageContext;
  title: string;
  heading: string;
  message: string;
  values: CommentFormValues;
  slug: string;
  target: CommentTarget;
}) {
  return (
    <Layout ctx={props.ctx} title={props.heading}>
      <h1>{props.heading}</h1>
      <RefusedSubmission t={props.ctx.t} message={props.message} values={props.values} slug={props.slug} target={props.target} />
    </Layout>
  );
}

export interface ReceiptView {
  trackingNumber: string;
  status: 'pending' | 'published' | 'hidden' | 'spam';
  body: string;
  slug: string;
  consultationTitle: string;
  target: CommentTarget;
}

export function Receipt(props: { ctx: PageContext; receipt: ReceiptView; inline: boolean }) {
  const { t } = props.ctx;
  const r = props.receipt;
  const statusText = r.status === 'published' ? t('receipt.published') : r.status === 'spam' ? t('receipt.spam') : t('receipt.pending');
  return (
    <div class="receipt" role="status" tabindex={-1} autofocus>
      <h3 class="receipt-title">{t('receipt.title')}</h3>
      <p class="tracking">
        {t('receipt.number')}：<strong class="tracking-number">{r.trackingNumber}</strong>
      </p>
      <p>{statusText}</p>
      <p class="muted">{t('receipt.keep')}</p>
      <details>
        <summary>{t('receipt.yourComment')}</summary>
        {r.target.label ? <p class="muted">{t('comment.on', { label: r.target.label })}</p> : null}
        <p class="comment-body">{r.body}</p>
      </details>
      {props.inline ? null : (
        <p>
          <a href={`/consultations/${r.slug}${r.target.key ? `#${r.target.key}` : '#yj-general'}`}>{t('receipt.back')}</a>
        </p>
      )}
    </div>
  );
}

export function ReceiptPage(props: { ctx: PageContext; receipt: ReceiptView }) {
  return (
    <Layout ctx={props.ctx} title={props.ctx.t('receipt.title')}>
      <p class="breadcrumb">
        <a href={`/consultations/${props.receipt.slug}`}>{props.receipt.consultationTitle}</a>
      </p>
      <Receipt ctx={props.ctx} receipt={props.receipt} inline={false} />
    </Layout>
  );
}

export interface TrackResult {
  trackingNumber: string;
  status: 'pending' | 'published' | 'hidden' | 'spam';
  receivedAt: string;
  consultationTitle: string;
  slug: string;
  targetLabel: string | null;
  body: string;
}

export function TrackPage(props: { ctx: PageContext; query: string; result: TrackResult | null; notFound: boolean }) {
  const { t } = props.ctx;
  const r = props.result;
  return (
    <Layout ctx={props.ctx} title={t('track.title')}>
      <h1>{t('track.title')}</h1>
      <form method="get" action="/track" class="track-form">
        <label for="yj-track">{t('track.label')}</label>
        <p class="hint" id="yj-track-hint">
          {t('track.hint')}
        </p>
        <div class="search-row">
          <input
            id="yj-track"
            name="no"
            value={props.query}
            aria-describedby={props.notFound ? 'yj-track-error yj-track-hint' : 'yj-track-hint'}
            aria-invalid={props.notFound ? 'true' : undefined}
            autocomplete="off"
            spellcheck={false}
          />
          <button class="button" type="submit">
            {t('track.submit')}
          </button>
        </div>
      </form>
      {props.notFound ? (
        <p class="error-text" id="yj-track-error" role="alert">
          {t('track.notFound')}
        </p>
      ) : null}
      {r ? (
        <dl class="facts track-result">
          <div>
            <dt>{t('track.label')}</dt>
            <dd class="tracking-number">{r.trackingNumber}</dd>
          </div>
          <div>
            <dt>{t('track.consultation')}</dt>
            <dd>
              <a href={`/consultations/${r.slug}`}>{r.consultationTitle}</a>
              {r.targetLabel ? ` · ${r.targetLabel}` : ''}
            </dd>
          </div>
          <div>
            <dt>{t('track.status')}</dt>
            <dd>{t(`status.${r.status}`)}</dd>
          </div>
          <div>
            <dt>{t('track.received')}</dt>
            <dd>{r.receivedAt}</dd>
          </div>
          <div>
            <dt>{t('receipt.yourComment')}</dt>
            <dd class="comment-body">{r.body}</dd>
          </div>
        </dl>
      ) : null}
    </Layout>
  );
}

export function CommentListFragment(props: { ctx: PageContext; comments: PublicComment[]; nextUrl: string | null }) {
  return (
    <>
      {props.comments.map((comment) => (
        <CommentItem t={props.ctx.t} comment={comment} />
      ))}
      {props.nextUrl ? (
        <li class="more">
          <a class="button button-small" href={props.nextUrl} hx-get={props.nextUrl} hx-target="closest li" hx-swap="outerHTML">
            {props.ctx.t('comment.more')}
          </a>
        </li>
      ) : null}
    </>
  );
}

export function CommentListPage(props: {
  ctx: PageContext;
  slug: string;
  consultationTitle: string;
  target: CommentTarget;
  total: number;
  comments: PublicComment[];
  nextUrl: string | null;
}) {
  const { t } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={t('consultation.allComments', { count: props.total })}>
      <p class="breadcrumb">
        <a href={`/consultations/${props.slug}${props.target.key ? `#${props.target.key}` : '#yj-general'}`}>{props.consultationTitle}</a>
      </p>
      <h1>{props.target.label ?? t('consultation.generalComments')}</h1>
      <QuotedTarget target={props.target} />
      <p>{t('consultation.allComments', { count: props.total })}</p>
      <ol class="comment-list">
        <CommentListFragment ctx={props.ctx} comments={props.comments} nextUrl={props.nextUrl} />
      </ol>
    </Layout>
  );
}

export interface SearchHit {
  slug: string;
  consultationTitle: string;
  blockId: string;
  reference: string;
  excerpt: string;
}

export function SearchPage(props: { ctx: PageContext; query: string; hits: SearchHit[] }) {
  const { t } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={t('search.title')}>
      <h1>{t('search.title')}</h1>
      <form class="search" method="get" action="/search" role="search">
        <label for="yj-q">{t('home.search.label')}</label>
        <div class="search-row">
          <input id="yj-q" name="q" type="search" value={props.query} />
          <button type="submit" class="button">
            {t('home.search.submit')}
          </button>
        </div>
      </form>
      {props.query.trim() === '' ? (
        <p class="muted">{t('search.tooShort')}</p>
      ) : props.hits.length === 0 ? (
        <p>{t('search.none')}</p>
      ) : (
        <>
          <p>{t('search.results', { count: props.hits.length })}</p>
          <ol class="search-hits">
            {props.hits.map((hit) => (
              <li>
                <a href={`/consultations/${hit.slug}#${hit.blockId}`}>
                  <span class="muted">{hit.consultationTitle}</span> · {hit.reference}
                </a>
                <p>{hit.excerpt}</p>
              </li>
            ))}
          </ol>
        </>
      )}
    </Layout>
  );
}

export function ErrorPage(props: { ctx: PageContext; status: number; message: string; children?: Child }) {
  return (
    <Layout ctx={props.ctx} title={props.ctx.t('error.title')}>
      <h1>
        {props.ctx.t('error.title')} <span class="muted">{props.status}</span>
      </h1>
      <p role="alert">{props.message}</p>
      {props.children}
      <p>
        <a href="/">{props.ctx.t('nav.home')}</a>
      </p>
    </Layout>
  );
}

export function ApiPage(props: { ctx: PageContext; baseUrl: string }) {
  const { t } = props.ctx;
  const en = props.ctx.locale === 'en';
  const rows: [string, string, string][] = [
    ['GET', '/api/consultations', en ? 'All published consultations with their window and status.' : '所有已发布的征求意见，含起止时间和状态。'],
    ['GET', '/api/consultations/:slug', en ? 'One consultation: title, notice metadata, import report, the draft as a tree, window and status.' : '单个征求意见：标题、公告信息、导入报告、草案结构树、起止时间和状态。'],
    ['GET', '/api/consultations/:slug/comments', en ? 'Published comments (no contact details), newest first; ?page=N&perPage=M.' : '已公开的意见（不含联系方式），新的在前；?page=N&perPage=M。'],
    ['POST', '/api/consultations/:slug/comments', en ? 'Send a comment as JSON { paragraphId?, body, name?, organization?, email? }: 201 { trackingNumber, status }.' : '以 JSON 提交意见 { paragraphId?, body, name?, organization?, email? }，返回 201 { trackingNumber, status }。'],
  ];
  return (
    <Layout ctx={props.ctx} title={t('api.title')}>
      <h1>{t('api.title')}</h1>
      <p>
        {en
          ? 'The published drafts and comments are open data, served as JSON. Errors come back as { error, message, fields? } with status 400, 404, 409, 422 or 429.'
          : '已发布的草案和公开意见以 JSON 形式开放。出错时返回 { error, message, fields? }，状态码为 400、404、409、422 或 429。'}
      </p>
      <table class="api-table">
        <thead>
          <tr>
            <th scope="col">{en ? 'Method' : '方法'}</th>
            <th scope="col">{en ? 'Path' : '路径'}</th>
            <th scope="col">{en ? 'What it returns' : '说明'}</th>
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
    </Layout>
  );
}
