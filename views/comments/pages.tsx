// The public comment pages: the form on its own page, the receipt, a refusal with the text given
// back, all comments on a paragraph, and tracking a comment by its number.
import type { Child } from 'hono/jsx';
import type { PageContext } from '../shared/context.ts';
import { Layout } from '../shared/layout.tsx';
import { CommentForm, type CommentFormProps, CommentItem, RefusedSubmission } from './form.tsx';
import type { CommentFormValues, CommentTarget, PublicComment } from './models.ts';

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

/**
 * What became of the comment: nothing is said before the results are published; after, its
 * decision and reason, that it is still being considered, or that it was found not to be an
 * opinion on the draft and counted nowhere.
 */
export type TrackOutcome =
  | { state: 'awaiting' }
  | { state: 'undecided'; resultsHref: string }
  | { state: 'notCounted'; resultsHref: string }
  | { state: 'decided'; decision: string; reason: string | null; resultsHref: string };

export interface TrackResult {
  trackingNumber: string;
  status: 'pending' | 'published' | 'hidden' | 'spam';
  receivedAt: string;
  consultationTitle: string;
  slug: string;
  targetLabel: string | null;
  body: string;
  /** Null for a comment set aside as spam: no outcome is given for it. */
  outcome: TrackOutcome | null;
}

function TrackOutcomeFacts(props: { t: PageContext['t']; outcome: TrackOutcome }) {
  const { t, outcome } = props;
  return (
    <div class="track-outcome">
      <dt>{t('track.decision')}</dt>
      {outcome.state === 'awaiting' ? <dd class="muted">{t('track.awaiting')}</dd> : null}
      {outcome.state === 'undecided' ? <dd>{t('track.undecided')}</dd> : null}
      {outcome.state === 'notCounted' ? <dd>{t('track.notCounted')}</dd> : null}
      {outcome.state === 'decided' ? (
        <dd>
          <strong class="decision">{outcome.decision}</strong>
          {outcome.reason ? (
            <p class="decision-reason">
              {t('track.reason')}：{outcome.reason}
            </p>
          ) : null}
        </dd>
      ) : null}
      {outcome.state !== 'awaiting' ? (
        <dd>
          <a href={outcome.resultsHref}>{t('track.resultsLink')}</a>
        </dd>
      ) : null}
    </div>
  );
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
          {r.outcome ? <TrackOutcomeFacts t={t} outcome={r.outcome} /> : null}
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

/** All comments on one paragraph; `children` is the list, the same piece htmx loads page by page. */
export function CommentListPage(props: { ctx: PageContext; slug: string; consultationTitle: string; target: CommentTarget; total: number; children: Child }) {
  const { t } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={t('consultation.allComments', { count: props.total })}>
      <p class="breadcrumb">
        <a href={`/consultations/${props.slug}${props.target.key ? `#${props.target.key}` : '#yj-general'}`}>{props.consultationTitle}</a>
      </p>
      <h1>{props.target.label ?? t('consultation.generalComments')}</h1>
      <QuotedTarget target={props.target} />
      <p>{t('consultation.allComments', { count: props.total })}</p>
      <ol class="comment-list">{props.children}</ol>
    </Layout>
  );
}

