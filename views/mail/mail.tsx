// The officers' mail pages: the lists to work through (needs attention, unassigned, spam) and the
// outgoing mail, one message with what was understood of it, and the .eml upload with its results.
import type { CommentStatus, InboundDoor, InboundOutcome, OutboxKind, OutboxState } from '../../src/db/schema.ts';
import { Csrf } from '../shared/kit.tsx';
import { OfficeLayout } from '../shared/layout.tsx';
import type { OfficeContext } from '../shared/context.ts';

export type MailTab = 'attention' | 'unassigned' | 'spam' | 'outbox';

export interface ConsultationChoice {
  id: number;
  title: string;
}

export interface ConsultationRef {
  slug: string;
  title: string;
}

export interface MailListRow {
  id: number;
  received: string;
  from: string | null;
  subject: string | null;
  reason: string | null;
  outcome: InboundOutcome | null;
  consultation: ConsultationRef | null;
  attachments: number;
  late: boolean;
}

export interface FailedMailRow {
  id: number;
  created: string;
  to: string;
  subject: string;
  kind: OutboxKind;
  attempts: number;
  error: string | null;
}

export interface Pager {
  page: number;
  prevHref: string | null;
  nextHref: string | null;
}

export interface MailPageView {
  tab: MailTab;
  counts: { attention: number; unassigned: number; spam: number };
  outbox: Record<OutboxState, number>;
  rows: MailListRow[];
  failed: FailedMailRow[];
  pager: Pager;
  choices: ConsultationChoice[];
  /** Where a form on this page comes back to: this tab and page. */
  back: string;
}

export interface MailCommentRow {
  id: number;
  trackingNumber: string;
  paragraph: string | null;
  body: string;
  status: CommentStatus;
  late: boolean;
  source: string | null;
  /** The comment in the review queue. */
  href: string | null;
}

/** What the pipeline made of a message: shown on its page and in the upload results. */
export interface MailSummary {
  id: number;
  subject: string | null;
  from: string | null;
  received: string;
  sentAt: string | null;
  late: boolean;
  door: InboundDoor;
  state: 'received' | 'processed' | 'needs_attention';
  outcome: InboundOutcome | null;
  reason: string | null;
  consultation: ConsultationRef | null;
  unit: string | null;
  unitHint: string | null;
  notSpamAt: string | null;
  comments: MailCommentRow[];
}

export interface MailAttachmentRow {
  position: number;
  name: string;
  type: string;
  size: string;
  use: 'feedback' | 'kept';
}

export interface MailDetailView extends MailSummary {
  to: string[];
  cc: string[];
  messageId: string | null;
  size: string;
  text: string | null;
  quotedRemoved: boolean;
  warnings: string[];
  unreadable: string | null;
  attachments: MailAttachmentRow[];
  canAssign: boolean;
  isSpam: boolean;
  choices: ConsultationChoice[];
}

export interface UploadResultRow {
  name: string;
  status: 'new' | 'duplicate' | 'refused';
  error: string | null;
  message: MailSummary | null;
}

function outcomeLabel(ctx: OfficeContext, state: MailSummary['state'], outcome: InboundOutcome | null): string {
  return state === 'received' || !outcome ? ctx.t('mail.office.outcome.received') : ctx.t(`mail.office.outcome.${outcome}`);
}

function mailHref(id: number): string {
  return `/office/mail/${id}`;
}

// ---------------------------------------------------------------------------------------------
// Pieces

function AssignForm(props: { ctx: OfficeContext; id: number; choices: ConsultationChoice[]; back: string; compact?: boolean }) {
  const { ctx } = props;
  const { t } = ctx;
  const selectId = `assign-${props.id}`;
  return (
    <form method="post" action={`/office/mail/${props.id}/assign`} class={props.compact ? 'mail-assign mail-assign-compact' : 'mail-assign'}>
      <Csrf token={ctx.csrfToken} />
      <input type="hidden" name="back" value={props.back} />
      <label for={selectId} class={props.compact ? 'visually-hidden' : undefined}>
        {t('mail.office.assign.label')}
      </label>
      <select id={selectId} name="consultation" required>
        <option value="">{t('mail.office.assign.choose')}</option>
        {props.choices.map((choice) => (
          <option value={String(choice.id)}>{choice.title}</option>
        ))}
      </select>
      <button type="submit" class="button button-small">
        {t('mail.office.assign.submit')}
      </button>
    </form>
  );
}

function NotSpamForm(props: { ctx: OfficeContext; id: number; back: string }) {
  const { ctx } = props;
  return (
    <form method="post" action={`/office/mail/${props.id}/not-spam`} class="inline-form">
      <Csrf token={ctx.csrfToken} />
      <input type="hidden" name="back" value={props.back} />
      <button type="submit" class="button button-small">
        {ctx.t('mail.office.notSpam.submit')}
      </button>
    </form>
  );
}

function PagerNav(props: { ctx: OfficeContext; pager: Pager }) {
  const { t } = props.ctx;
  const { pager } = props;
  if (!pager.prevHref && !pager.nextHref) return null;
  return (
    <nav class="pager" aria-label={t('mail.office.pager.label')}>
      {pager.prevHref ? (
        <a href={pager.prevHref} rel="prev">
          {t('mail.office.pager.prev')}
        </a>
      ) : null}
      <span aria-current="page">{t('mail.office.pager.page', { page: pager.page })}</span>
      {pager.nextHref ? (
        <a href={pager.nextHref} rel="next">
          {t('mail.office.pager.next')}
        </a>
      ) : null}
    </nav>
  );
}

function Sender(props: { ctx: OfficeContext; from: string | null }) {
  return <>{props.from ?? props.ctx.t('mail.office.noSender')}</>;
}

function SubjectLink(props: { ctx: OfficeContext; id: number; subject: string | null }) {
  return <a href={mailHref(props.id)}>{props.subject?.trim() ? props.subject : props.ctx.t('mail.office.noSubject')}</a>;
}

// ---------------------------------------------------------------------------------------------
// The lists

const TABS: MailTab[] = ['attention', 'unassigned', 'spam', 'outbox'];

export function MailPage(props: { ctx: OfficeContext; view: MailPageView; flash: string | null; error?: string | null }) {
  const { ctx, view } = props;
  const { t } = ctx;
  const tabLabel = (tab: MailTab) =>
    tab === 'outbox' ? t('mail.office.tab.outbox', { count: view.outbox.failed }) : t(`mail.office.tab.${tab}`, { count: view.counts[tab] });
  return (
    <OfficeLayout ctx={ctx} title={t('mail.office.title')} flash={props.flash} wide>
      <div class="page-heading">
        <h1>{t('mail.office.title')}</h1>
        <a class="button button-primary" href="/office/mail/upload">
          {t('mail.office.uploadLink')}
        </a>
      </div>
      <p>{t('mail.office.intro')}</p>
      <OutboxCounts ctx={ctx} counts={view.outbox} />
      {props.error ? (
        <p class="error-text" role="alert">
          {props.error}
        </p>
      ) : null}
      <nav class="mail-tabs" aria-label={t('mail.office.tab.label')}>
        <ul>
          {TABS.map((tab) => (
            <li>
              <a href={`/office/mail?tab=${tab}`} aria-current={tab === view.tab ? 'page' : undefined}>
                {tabLabel(tab)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <section aria-labelledby="mail-list-heading">
        <h2 id="mail-list-heading">{tabLabel(view.tab)}</h2>
        {view.tab === 'outbox' ? <FailedMailList ctx={ctx} view={view} /> : <InboundList ctx={ctx} view={view} />}
        <PagerNav ctx={ctx} pager={view.pager} />
      </section>
    </OfficeLayout>
  );
}

function OutboxCounts(props: { ctx: OfficeContext; counts: Record<OutboxState, number> }) {
  const { t } = props.ctx;
  const states: OutboxState[] = ['queued', 'sending', 'sent', 'failed'];
  return (
    <section class="outbox-counts" aria-labelledby="outbox-counts-heading">
      <h2 id="outbox-counts-heading">{t('mail.office.outbox.title')}</h2>
      <dl>
        {states.map((state) => (
          <div class={state === 'failed' && props.counts.failed > 0 ? 'outbox-count outbox-count-failed' : 'outbox-count'}>
            <dt>{t(`mail.office.outbox.${state}`)}</dt>
            <dd>{props.counts[state]}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function InboundList(props: { ctx: OfficeContext; view: MailPageView }) {
  const { ctx, view } = props;
  const { t } = ctx;
  const tab = view.tab as Exclude<MailTab, 'outbox'>;
  if (view.rows.length === 0) return <p>{t(`mail.office.${tab}.none`)}</p>;
  return (
    <>
      <p>{t(`mail.office.${tab}.intro`)}</p>
      <div class="table-scroll">
        <table class="data-table mail-table">
          <thead>
            <tr>
              <th scope="col">{t('mail.office.col.received')}</th>
              <th scope="col">{t('mail.office.col.from')}</th>
              <th scope="col">{t('mail.office.col.subject')}</th>
              {tab === 'unassigned' ? <th scope="col">{t('mail.office.col.attachments')}</th> : <th scope="col">{t('mail.office.col.reason')}</th>}
              {tab === 'attention' ? <th scope="col">{t('mail.office.col.consultation')}</th> : <th scope="col">{t('mail.office.col.action')}</th>}
            </tr>
          </thead>
          <tbody>
            {view.rows.map((row) => (
              <tr>
                <td class="nowrap">{row.received}</td>
                <td class="mail-from">
                  <Sender ctx={ctx} from={row.from} />
                </td>
                <td class="mail-subject-cell">
                  <SubjectLink ctx={ctx} id={row.id} subject={row.subject} />
                </td>
                {tab === 'unassigned' ? (
                  <td class="numeric">{row.attachments ? t('mail.office.attachmentCount', { count: row.attachments }) : '—'}</td>
                ) : (
                  <td class="mail-reason-cell">{row.reason ?? ''}</td>
                )}
                {tab === 'attention' ? (
                  <td class="mail-subject-cell">{row.consultation ? row.consultation.title : '—'}</td>
                ) : tab === 'unassigned' ? (
                  <td class="mail-assign-cell">
                    <AssignForm ctx={ctx} id={row.id} choices={view.choices} back={view.back} compact />
                  </td>
                ) : (
                  <td class="mail-action-cell">
                    <NotSpamForm ctx={ctx} id={row.id} back={view.back} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function FailedMailList(props: { ctx: OfficeContext; view: MailPageView }) {
  const { ctx, view } = props;
  const { t } = ctx;
  return (
    <>
      <h3>{t('mail.office.outbox.failedTitle')}</h3>
      {view.failed.length === 0 ? (
        <p>{t('mail.office.outbox.none')}</p>
      ) : (
        <>
          <p>{t('mail.office.outbox.failedIntro')}</p>
          <div class="table-scroll">
            <table class="data-table mail-table">
              <thead>
                <tr>
                  <th scope="col">{t('mail.office.outbox.col.created')}</th>
                  <th scope="col">{t('mail.office.outbox.col.to')}</th>
                  <th scope="col">{t('mail.office.col.subject')}</th>
                  <th scope="col">{t('mail.office.outbox.col.kind')}</th>
                  <th scope="col" class="numeric">
                    {t('mail.office.outbox.col.attempts')}
                  </th>
                  <th scope="col">{t('mail.office.outbox.col.error')}</th>
                  <th scope="col">{t('mail.office.col.action')}</th>
                </tr>
              </thead>
              <tbody>
                {view.failed.map((row) => (
                  <tr>
                    <td class="nowrap">{row.created}</td>
                    <td class="mail-from">{row.to}</td>
                    <td class="mail-subject-cell">{row.subject}</td>
                    <td>{t(`mail.office.outbox.kind.${row.kind}`)}</td>
                    <td class="numeric">{row.attempts}</td>
                    <td class="mail-reason-cell">
                      <code class="mail-error">{row.error ?? ''}</code>
                    </td>
                    <td>
                      <form method="post" action={`/office/mail/outbox/${row.id}/retry`} class="inline-form">
                        <Csrf token={ctx.csrfToken} />
                        <input type="hidden" name="back" value={view.back} />
                        <button type="submit" class="button button-small">
                          {t('mail.office.outbox.retry')}
                        </button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// One message

function Understood(props: { ctx: OfficeContext; m: MailSummary; headingLevel: 2 | 3 }) {
  const { ctx, m } = props;
  const { t } = ctx;
  const CommentsHeading = props.headingLevel === 2 ? 'h3' : 'h4';
  return (
    <>
      <dl class="facts">
        <div>
          <dt>{t('mail.office.detail.outcome')}</dt>
          <dd>
            <span class={`mail-outcome mail-outcome-${m.state === 'received' ? 'received' : (m.outcome ?? 'received')}`}>{outcomeLabel(ctx, m.state, m.outcome)}</span>
          </dd>
        </div>
        {m.reason ? (
          <div>
            <dt>{t('mail.office.detail.reason')}</dt>
            <dd>{m.reason}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('mail.office.detail.consultation')}</dt>
          <dd>
            {m.consultation ? (
              <a href={`/office/consultations/${encodeURIComponent(m.consultation.slug)}`}>{m.consultation.title}</a>
            ) : (
              t('mail.office.detail.noConsultation')
            )}
          </dd>
        </div>
        <div>
          <dt>{t('mail.office.detail.unit')}</dt>
          <dd>
            {m.unit ?? t('mail.office.detail.noUnit')}
            {m.unitHint ? <p class="hint">{t('mail.office.detail.unitHint', { name: m.unitHint })}</p> : null}
          </dd>
        </div>
        <div>
          <dt>{t('mail.office.detail.sentAt')}</dt>
          <dd>{m.sentAt ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('mail.office.detail.late')}</dt>
          <dd>{m.late ? <strong class="late-flag">{t('mail.office.detail.lateYes')}</strong> : t('mail.office.detail.lateNo')}</dd>
        </div>
        {m.notSpamAt ? (
          <div>
            <dt>{t('mail.office.outcome.spam')}</dt>
            <dd>{t('mail.office.detail.notSpamMarked', { at: m.notSpamAt })}</dd>
          </div>
        ) : null}
      </dl>
      <CommentsHeading>{t('mail.office.detail.comments', { count: m.comments.length })}</CommentsHeading>
      {m.comments.length === 0 ? (
        <p>{t('mail.office.detail.noComments')}</p>
      ) : (
        <ol class="mail-comments">
          {m.comments.map((comment) => (
            <li>
              <p class="mail-comment-meta">
                <strong>{comment.paragraph ?? t('mail.office.detail.general')}</strong>
                <span>
                  {t('mail.office.detail.tracking')} <code>{comment.trackingNumber}</code>
                </span>
                <span>{t(`status.${comment.status}`)}</span>
                {comment.late ? <span class="late-flag">{t('mail.office.detail.lateYes')}</span> : null}
                {comment.source ? <span class="hint">{comment.source}</span> : null}
              </p>
              <p class="mail-comment-body">{comment.body}</p>
              {comment.href ? <a href={comment.href}>{t('mail.office.detail.openComment')}</a> : null}
            </li>
          ))}
        </ol>
      )}
      {m.consultation && m.comments.length ? (
        <p>
          <a href={`/office/consultations/${encodeURIComponent(m.consultation.slug)}/comments`}>{t('mail.office.detail.queue')}</a>
        </p>
      ) : null}
    </>
  );
}

export function MailDetailPage(props: { ctx: OfficeContext; m: MailDetailView; flash: string | null; error?: string | null }) {
  const { ctx, m } = props;
  const { t } = ctx;
  const subject = m.subject?.trim() ? m.subject : t('mail.office.noSubject');
  const back = `/office/mail/${m.id}`;
  return (
    <OfficeLayout ctx={ctx} title={subject} flash={props.flash}>
      <p class="breadcrumb">
        <a href="/office/mail">{t('mail.office.detail.back')}</a>
      </p>
      <h1 class="mail-subject">{subject}</h1>
      {props.error ? (
        <p class="error-text" role="alert">
          {props.error}
        </p>
      ) : null}
      <div class="mail-detail">
        <section aria-labelledby="mail-headers">
          <h2 id="mail-headers">{t('mail.office.detail.headers')}</h2>
          <dl class="facts">
            <div>
              <dt>{t('mail.office.detail.from')}</dt>
              <dd>
                <Sender ctx={ctx} from={m.from} />
              </dd>
            </div>
            <div>
              <dt>{t('mail.office.detail.to')}</dt>
              <dd>{m.to.length ? m.to.join('，') : '—'}</dd>
            </div>
            {m.cc.length ? (
              <div>
                <dt>{t('mail.office.detail.cc')}</dt>
                <dd>{m.cc.join('，')}</dd>
              </div>
            ) : null}
            <div>
              <dt>{t('mail.office.detail.subject')}</dt>
              <dd>{subject}</dd>
            </div>
            <div>
              <dt>{t('mail.office.detail.received')}</dt>
              <dd>{m.received}</dd>
            </div>
            <div>
              <dt>{t('mail.office.detail.door')}</dt>
              <dd>{t(`mail.office.door.${m.door}`)}</dd>
            </div>
            <div>
              <dt>{t('mail.office.detail.messageId')}</dt>
              <dd>
                <code class="mail-error">{m.messageId ?? '—'}</code>
              </dd>
            </div>
            <div>
              <dt>{t('mail.office.detail.size')}</dt>
              <dd>{m.size}</dd>
            </div>
          </dl>
          <p>
            <a class="button" href={`/office/mail/${m.id}/raw`} download>
              {t('mail.office.detail.raw')}
            </a>
          </p>
        </section>

        <section aria-labelledby="mail-understood">
          <h2 id="mail-understood">{t('mail.office.detail.understood')}</h2>
          <Understood ctx={ctx} m={m} headingLevel={2} />
          {m.canAssign || m.isSpam ? (
            <div class="notice-box">
              <h3>{t('mail.office.detail.actions')}</h3>
              {m.canAssign ? <AssignForm ctx={ctx} id={m.id} choices={m.choices} back={back} /> : null}
              {m.isSpam ? (
                <>
                  <p>{t('mail.office.spam.intro')}</p>
                  <NotSpamForm ctx={ctx} id={m.id} back={back} />
                </>
              ) : null}
            </div>
          ) : null}
        </section>

        <section aria-labelledby="mail-text">
          <h2 id="mail-text">{t('mail.office.detail.text')}</h2>
          {m.unreadable ? (
            <p class="error-text">{t('mail.office.detail.unreadable', { reason: m.unreadable })}</p>
          ) : (
            <>
              {m.quotedRemoved ? <p class="hint">{t('mail.office.detail.quotedRemoved')}</p> : null}
              <pre class="mail-text">{m.text?.trim() ? m.text : t('mail.office.detail.textEmpty')}</pre>
            </>
          )}
          {m.warnings.length ? (
            <>
              <h3>{t('mail.office.detail.warnings')}</h3>
              <ul>
                {m.warnings.map((w) => (
                  <li>{w}</li>
                ))}
              </ul>
            </>
          ) : null}
        </section>

        <section aria-labelledby="mail-attachments">
          <h2 id="mail-attachments">{t('mail.office.detail.attachments', { count: m.attachments.length })}</h2>
          {m.attachments.length === 0 ? (
            <p>{t('mail.office.detail.noAttachments')}</p>
          ) : (
            <div class="table-scroll">
              <table class="data-table mail-table">
                <thead>
                  <tr>
                    <th scope="col">{t('mail.office.detail.attName')}</th>
                    <th scope="col">{t('mail.office.detail.attType')}</th>
                    <th scope="col" class="numeric">
                      {t('mail.office.detail.attSize')}
                    </th>
                    <th scope="col">{t('mail.office.detail.attUse')}</th>
                    <th scope="col">
                      <span class="visually-hidden">{t('mail.office.detail.download')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {m.attachments.map((a) => (
                    <tr>
                      <td class="mail-from">{a.name}</td>
                      <td>
                        <code>{a.type}</code>
                      </td>
                      <td class="numeric nowrap">{a.size}</td>
                      <td>{a.use === 'feedback' ? t('mail.office.detail.attFeedback') : t('mail.office.detail.attKept')}</td>
                      <td>
                        <a href={`/office/mail/${m.id}/attachments/${a.position}`} download aria-label={t('mail.office.detail.downloadNamed', { name: a.name })}>
                          {t('mail.office.detail.download')}
                        </a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>
    </OfficeLayout>
  );
}

// ---------------------------------------------------------------------------------------------
// Upload

export interface UploadFormValues {
  consultation: string;
}

export function UploadPage(props: {
  ctx: OfficeContext;
  choices: ConsultationChoice[];
  values: UploadFormValues;
  limits: { mb: number; max: number };
  errors: string[];
  results: UploadResultRow[] | null;
}) {
  const { ctx, results } = props;
  const { t } = ctx;
  const title = results ? t('mail.office.upload.results') : t('mail.office.upload.title');
  const count = (status: UploadResultRow['status']) => (results ?? []).filter((r) => r.status === status).length;
  return (
    <OfficeLayout ctx={ctx} title={title} wide>
      <p class="breadcrumb">
        <a href="/office/mail">{t('mail.office.detail.back')}</a>
      </p>
      <h1>{title}</h1>
      {results ? (
        <>
          <p role="status">
            {t('mail.office.upload.summary', { total: results.length, fresh: count('new'), duplicates: count('duplicate'), refused: count('refused') })}
          </p>
          <ol class="upload-results">
            {results.map((r) => (
              <li class={`upload-result upload-${r.status}`}>
                <h2 class="upload-file">
                  <span class="mail-from">{r.name}</span> <span class={`badge badge-${r.status}`}>{t(`mail.office.upload.${r.status}`)}</span>
                </h2>
                {r.error ? <p class="error-text">{r.error}</p> : null}
                {r.message ? (
                  <>
                    <p>
                      <SubjectLink ctx={ctx} id={r.message.id} subject={r.message.subject} /> · <Sender ctx={ctx} from={r.message.from} />
                    </p>
                    <Understood ctx={ctx} m={r.message} headingLevel={3} />
                  </>
                ) : null}
              </li>
            ))}
          </ol>
          <h2>{t('mail.office.upload.more')}</h2>
        </>
      ) : (
        <p>{t('mail.office.upload.intro')}</p>
      )}
      {props.errors.length ? (
        <div class="error-summary" role="alert" tabindex={-1} id="error-summary">
          <p>{t('mail.office.upload.error.summary')}</p>
          <ul>
            {props.errors.map((e) => (
              <li>{e}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="post" action="/office/mail/upload" enctype="multipart/form-data" class="stack-form">
        <Csrf token={ctx.csrfToken} />
        <div class="field">
          <label for="upload-files">{t('mail.office.upload.files')}</label>
          <p class="hint" id="upload-files-hint">
            {t('mail.office.upload.filesHint', props.limits)}
          </p>
          <input id="upload-files" name="files" type="file" accept=".eml,message/rfc822" multiple required aria-describedby="upload-files-hint" />
        </div>
        <div class="field">
          <label for="upload-consultation">{t('mail.office.upload.consultation')}</label>
          <p class="hint" id="upload-consultation-hint">
            {t('mail.office.upload.consultationHint')}
          </p>
          <select id="upload-consultation" name="consultation" aria-describedby="upload-consultation-hint">
            <option value="">{t('mail.office.upload.auto')}</option>
            {props.choices.map((choice) => (
              <option value={String(choice.id)} selected={props.values.consultation === String(choice.id)}>
                {choice.title}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button button-primary">
          {t('mail.office.upload.submit')}
        </button>
      </form>
    </OfficeLayout>
  );
}
