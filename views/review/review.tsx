// The review pages: the queue (filters, bulk moderation, groups), a comment's own page
// (moderation and decision), offline entry and the department board. Work without JavaScript;
// htmx swaps the queue's results and the comment's panel in place.
import type { Child } from 'hono/jsx';
import type { Comment, Consultation, Decision } from '../../src/db/schema.ts';
import type { Phase } from '../../src/drafts/window.ts';
import type { Translate } from '../../src/lib/i18n.ts';
import { maskPersonalData } from '../../src/lib/mask.ts';
import { formatDateTime } from '../../src/lib/time.ts';
import type { GroupingState } from '../../src/review/grouping.ts';
import type { BoardStatus, BoardUnit, GroupMember, GroupSummary, QueueEntry, QueueFilters, ReviewComment, UnitChoice } from '../../src/review/store.ts';
import { ConsultationFrame } from '../office/consultation-nav.tsx';
import { Csrf } from '../shared/kit.tsx';
import type { OfficeContext } from '../shared/context.ts';

const EXCERPT = 240;

export interface ParagraphOption {
  id: number;
  key: string;
  caption: string;
}


function commentsBase(slug: string): string {
  return `/office/consultations/${encodeURIComponent(slug)}/comments`;
}

function detailHref(slug: string, id: number, back: string): string {
  return `${commentsBase(slug)}/${id}?back=${encodeURIComponent(back)}`;
}

function excerpt(text: string): { text: string; cut: boolean } {
  const chars = [...text];
  return chars.length > EXCERPT ? { text: `${chars.slice(0, EXCERPT).join('')}…`, cut: true } : { text, cut: false };
}

function ChannelLabel(props: { t: Translate; comment: Pick<Comment, 'channel' | 'offline_kind'> }) {
  const { t, comment } = props;
  return (
    <span class={`badge badge-channel badge-${comment.channel}`}>
      {t(`review.channel.${comment.channel}`)}
      {comment.channel === 'offline' && comment.offline_kind ? `·${t(`review.kind.${comment.offline_kind}`)}` : ''}
    </span>
  );
}

function StatusLabel(props: { t: Translate; status: Comment['status'] }) {
  return <span class={`badge badge-status-${props.status}`}>{props.t(`review.status.${props.status}`)}</span>;
}

function DecisionLabel(props: { t: Translate; decision: Decision | null }) {
  return props.decision ? (
    <span class={`badge badge-decision badge-decision-${props.decision}`}>{props.t(`review.decision.${props.decision}`)}</span>
  ) : (
    <span class="badge badge-undecided">{props.t('review.decision.undecided')}</span>
  );
}

function Notice(props: { flash: string | null; error: string | null }) {
  return (
    <>
      {props.flash ? (
        <p class="flash" role="status">
          {props.flash}
        </p>
      ) : null}
      {props.error ? (
        <p class="error-text error-box" role="alert">
          {props.error}
        </p>
      ) : null}
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// Queue

export interface QueueRow extends QueueEntry {
  caption: string | null;
  paragraphKey: string | null;
  group: GroupSummary | null;
  members: GroupMember[];
  groupHref: string | null;
}

export interface QueueView {
  ctx: OfficeContext;
  consultation: Consultation;
  phase: Phase;
  filters: QueueFilters;
  filterValues: { q: string; channel: string; unit: string; status: string; late: string; decision: string; paragraph: string; group: string };
  filtered: boolean;
  units: { id: number; name: string }[];
  paragraphs: ParagraphOption[];
  entries: QueueRow[];
  totalEntries: number;
  totalComments: number;
  page: number;
  pages: number;
  prevHref: string | null;
  nextHref: string | null;
  selfHref: string;
  resetHref: string;
  grouping: GroupingState;
  flash: string | null;
  error: string | null;
  /** What a refused bulk action had chosen, shown again. */
  bulk: BulkValues;
  canEnter: boolean;
}

export interface BulkValues {
  action: string;
  reason: string;
  ids: number[];
  groups: number[];
}

function Select(props: { id: string; name: string; label: string; value: string; options: [string, string][]; form?: string }) {
  return (
    <div class="field field-compact">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.name} form={props.form}>
        {props.options.map(([value, text]) => (
          <option value={value} selected={props.value === value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

function QueueFiltersForm(props: { view: QueueView }) {
  const { view } = props;
  const { t } = view.ctx;
  const v = view.filterValues;
  const base = commentsBase(view.consultation.slug);
  const any: [string, string] = ['', t('review.filter.any')];
  return (
    <form class="queue-filters" method="get" action={base} hx-get={base} hx-target="#queue-results" hx-swap="outerHTML" hx-push-url="true" role="search">
      <fieldset>
        <legend>{t('review.filter.legend')}</legend>
        <div class="field field-search">
          <label for="rq-q">{t('review.filter.q')}</label>
          <p class="hint" id="rq-q-hint">
            {t('review.filter.qHint')}
          </p>
          <input id="rq-q" name="q" type="search" value={v.q} maxlength={200} aria-describedby="rq-q-hint" />
        </div>
        <div class="filter-grid">
          <Select id="rq-channel" name="channel" label={t('review.filter.channel')} value={v.channel} options={[any, ...(['web', 'email', 'offline'] as const).map((c): [string, string] => [c, t(`review.channel.${c}`)])]} />
          <Select
            id="rq-unit"
            name="unit"
            label={t('review.filter.unit')}
            value={v.unit}
            options={[any, ['none', t('review.filter.unitNone')], ...view.units.map((u): [string, string] => [String(u.id), u.name])]}
          />
          <Select id="rq-status" name="status" label={t('review.filter.status')} value={v.status} options={[any, ...(['pending', 'published', 'hidden', 'spam'] as const).map((s): [string, string] => [s, t(`review.status.${s}`)])]} />
          <Select id="rq-late" name="late" label={t('review.filter.late')} value={v.late} options={[any, ['1', t('review.late.yes')], ['0', t('review.late.no')]]} />
          <Select
            id="rq-decision"
            name="decision"
            label={t('review.filter.decision')}
            value={v.decision}
            options={[
              any,
              ['undecided', t('review.decision.undecided')],
              ...(['adopted', 'partly_adopted', 'not_adopted', 'explained'] as const).map((d): [string, string] => [d, t(`review.decision.${d}`)]),
            ]}
          />
          <Select
            id="rq-paragraph"
            name="paragraph"
            label={t('review.filter.paragraph')}
            value={v.paragraph}
            options={[any, ['general', t('review.general')], ...view.paragraphs.map((p): [string, string] => [p.key, p.caption])]}
          />
        </div>
        {v.group ? <input type="hidden" name="group" value={v.group} /> : null}
        <div class="actions">
          <button type="submit" class="button button-primary">
            {t('review.filter.submit')}
          </button>
          <a class="button" href={view.resetHref} hx-get={view.resetHref} hx-target="#queue-results" hx-swap="outerHTML" hx-push-url="true">
            {t('review.filter.reset')}
          </a>
        </div>
      </fieldset>
    </form>
  );
}

function GroupingNotice(props: { view: QueueView }) {
  const { view } = props;
  const { t, locale } = view.ctx;
  const { run, ungrouped } = view.grouping;
  return (
    <div class="grouping-notice">
      <p>
        {run ? t('review.group.lastRun', { when: formatDateTime(run.ran_at, locale), groups: run.group_count, grouped: run.grouped_comment_count }) : t('review.group.neverRun')}
        {ungrouped > 0 ? ` ${t('review.group.stale', { count: ungrouped })}` : ''}
      </p>
      <details>
        <summary>{t('review.group.regroup')}</summary>
        <p class="hint">{t('review.group.how')}</p>
        <form method="post" action={`${commentsBase(view.consultation.slug)}/regroup`} hx-post={`${commentsBase(view.consultation.slug)}/regroup`} hx-target="#queue-results" hx-swap="outerHTML">
          <Csrf token={view.ctx.csrfToken} />
          <input type="hidden" name="back" value={view.selfHref} />
          <button type="submit" class="button button-small">
            {t('review.group.regroup')}
          </button>
        </form>
      </details>
    </div>
  );
}

function FromCell(props: { t: Translate; comment: QueueRow['comment'] }) {
  const { t, comment } = props;
  return (
    <>
      <span class="comment-author">{comment.author_name ?? t('review.anonymous')}</span>
      {comment.organization ? <span class="from-line">{comment.organization}</span> : null}
      {comment.unit_name ? <span class="from-line from-unit">{comment.unit_name}</span> : null}
      {comment.contact_email ? <span class="from-line contact">{comment.contact_email}</span> : null}
      {comment.contact_phone ? <span class="from-line contact">{comment.contact_phone}</span> : null}
    </>
  );
}

function GroupMembers(props: { view: QueueView; row: QueueRow }) {
  const { view, row } = props;
  const { t } = view.ctx;
  if (!row.group) return null;
  return (
    <details class="group-members">
      <summary>{t('review.group.members')}</summary>
      <ul>
        {row.members.map((m) => (
          <li>
            <a href={detailHref(view.consultation.slug, m.id, view.selfHref)} class="tracking-number-small">
              {m.tracking_number}
            </a>{' '}
            {m.author_name ?? m.organization ?? m.unit_name ?? t('review.anonymous')} · {t(`review.channel.${m.channel}`)} · {t(`review.status.${m.status}`)} ·{' '}
            {m.decision ? t(`review.decision.${m.decision}`) : t('review.decision.undecided')}
          </li>
        ))}
      </ul>
      {row.groupHref ? (
        <p>
          <a href={row.groupHref}>{t('review.group.allMembers', { count: row.group.size })}</a>
        </p>
      ) : null}
    </details>
  );
}

function QueueRowView(props: { view: QueueView; row: QueueRow }) {
  const { view, row } = props;
  const { t, locale } = view.ctx;
  const c = row.comment;
  const body = excerpt(c.body);
  const group = row.group;
  const label = group ? t('review.row.selectGroup', { count: group.size, number: c.tracking_number }) : t('review.row.select', { number: c.tracking_number });
  return (
    <tr class={group ? 'queue-row queue-group' : 'queue-row'} id={`c-${c.id}`}>
      <td class="select-cell" data-label={t('review.col.select')}>
        <input
          type="checkbox"
          form="bulk"
          name={group ? 'groups' : 'ids'}
          value={String(group ? group.groupId : c.id)}
          id={`sel-${c.id}`}
          aria-label={label}
          checked={group ? view.bulk.groups.includes(group.groupId) : view.bulk.ids.includes(c.id)}
        />
      </td>
      <td class="comment-cell" data-label={t('review.col.comment')}>
        <p class="comment-meta">
          <span class="tracking-number-small">{c.tracking_number}</span>
          <ChannelLabel t={t} comment={c} />
          {c.late ? <span class="badge badge-late">{t('review.late.yes')}</span> : null}
        </p>
        <p class="comment-body">
          {body.text}
          {body.cut ? <span class="muted"> {t('review.row.more')}</span> : null}
        </p>
        {group ? (
          <p class="group-line">
            <strong>{t('review.group.label', { count: group.size })}</strong>
            {row.matched < group.size && view.filtered ? <span class="group-part">{t('review.group.matched', { matched: row.matched })}</span> : null}
            {group.undecided > 0 ? <span class="group-part">{t('review.group.undecided', { count: group.undecided })}</span> : null}
          </p>
        ) : null}
        <GroupMembers view={view} row={row} />
      </td>
      <td data-label={t('review.col.from')}>
        <FromCell t={t} comment={c} />
        {c.entered_by_email ? <span class="from-line muted">{t('review.row.enteredBy', { who: c.entered_by_email })}</span> : null}
      </td>
      <td class="cell-short" data-label={t('review.col.received')}>
        <time datetime={c.received_at}>{formatDateTime(c.received_at, locale)}</time>
      </td>
      <td class="cell-short" data-label={t('review.col.status')}>
        <StatusLabel t={t} status={c.status} />
        {c.status_reason && c.status !== 'published' ? <span class="from-line muted">{t('review.row.reason', { reason: c.status_reason })}</span> : null}
      </td>
      <td class="cell-short" data-label={t('review.col.decision')}>
        <DecisionLabel t={t} decision={c.decision} />
        {c.decision_reason ? <span class="from-line">{c.decision_reason}</span> : null}
        {c.decided_at ? <span class="from-line muted">{t('review.row.decidedBy', { who: c.decided_by_email ?? '', when: formatDateTime(c.decided_at, locale) })}</span> : null}
      </td>
      <td class="action-cell" data-label={t('review.col.open')}>
        <a class="button button-small" href={detailHref(view.consultation.slug, c.id, view.selfHref)}>
          {t('review.row.open')}
          <span class="visually-hidden"> {c.tracking_number}</span>
        </a>
      </td>
    </tr>
  );
}

function QueueTable(props: { view: QueueView }) {
  const { view } = props;
  const { t } = view.ctx;
  // One tbody per paragraph, headed by the paragraph's caption (a row-group header).
  const sections: { caption: string; rows: QueueRow[] }[] = [];
  let current: number | null | undefined;
  for (const row of view.entries) {
    if (row.comment.block_id !== current || sections.length === 0) {
      current = row.comment.block_id;
      sections.push({ caption: row.caption ?? t('review.general'), rows: [] });
    }
    sections[sections.length - 1]!.rows.push(row);
  }
  return (
    <div class="table-scroll">
      <table class="data-table queue-table">
        <thead>
          <tr>
            <th scope="col">
              <span class="visually-hidden">{t('review.col.select')}</span>
            </th>
            <th scope="col">{t('review.col.comment')}</th>
            <th scope="col">{t('review.col.from')}</th>
            <th scope="col">{t('review.col.received')}</th>
            <th scope="col">{t('review.col.status')}</th>
            <th scope="col">{t('review.col.decision')}</th>
            <th scope="col">
              <span class="visually-hidden">{t('review.col.open')}</span>
            </th>
          </tr>
        </thead>
        {sections.map((section) => (
          <tbody>
            <tr class="queue-paragraph">
              <th colspan={7} scope="rowgroup">
                {section.caption}
              </th>
            </tr>
            {section.rows.map((row) => (
              <QueueRowView view={view} row={row} />
            ))}
          </tbody>
        ))}
      </table>
    </div>
  );
}

function Pager(props: { view: QueueView }) {
  const { view } = props;
  const { t } = view.ctx;
  if (view.pages <= 1) return null;
  const link = (href: string | null, text: string, rel: string) =>
    href ? (
      <a class="button button-small" href={href} rel={rel} hx-get={href} hx-target="#queue-results" hx-swap="outerHTML" hx-push-url="true">
        {text}
      </a>
    ) : (
      <span class="button button-small button-disabled" aria-disabled="true">
        {text}
      </span>
    );
  return (
    <nav class="pager" aria-label={t('review.queue.pages')}>
      {link(view.prevHref, t('review.queue.prev'), 'prev')}
      <span>{t('review.queue.page', { page: view.page, pages: view.pages })}</span>
      {link(view.nextHref, t('review.queue.next'), 'next')}
    </nav>
  );
}

/** The part htmx swaps: messages, counts, the bulk form and the table, paging. */
export function QueueResults(props: { view: QueueView }) {
  const { view } = props;
  const { t } = view.ctx;
  const base = commentsBase(view.consultation.slug);
  return (
    <div id="queue-results" class="queue-results">
      <Notice flash={view.flash} error={view.entries.length ? null : view.error} />
      <p class="queue-summary" role="status">
        {view.filtered
          ? t('review.queue.summaryFiltered', { comments: view.totalComments, entries: view.totalEntries })
          : t('review.queue.summary', { comments: view.totalComments, entries: view.totalEntries })}
      </p>
      {view.filters.group !== null ? (
        <p>
          {t('review.queue.groupOnly', { group: view.filters.group })} <a href={view.resetHref}>{t('review.queue.showAll')}</a>
        </p>
      ) : null}
      {view.entries.length === 0 ? (
        <p class="empty">{view.filtered ? t('review.queue.empty') : t('review.queue.none')}</p>
      ) : (
        <>
          <form id="bulk" class="bulk-form" method="post" action={`${base}/moderate`} hx-post={`${base}/moderate`} hx-target="#queue-results" hx-swap="outerHTML">
            <Csrf token={view.ctx.csrfToken} />
            <input type="hidden" name="back" value={view.selfHref} />
            <fieldset>
              <legend>{t('review.bulk.legend')}</legend>
              <p class="hint">{t('review.bulk.hint')}</p>
              {view.error ? (
                <p class="error-text" id="bulk-error" role="alert">
                  {view.error}
                </p>
              ) : null}
              <div class="bulk-row">
                <Select
                  id="bulk-action"
                  name="action"
                  label={t('review.bulk.action')}
                  value={view.bulk.action}
                  options={[
                    ['', t('review.bulk.choose')],
                    ['publish', t('review.bulk.publish')],
                    ['hide', t('review.bulk.hide')],
                    ['spam', t('review.bulk.spam')],
                  ]}
                />
                <div class="field field-compact field-grow">
                  <label for="bulk-reason">{t('review.bulk.reason')}</label>
                  <input id="bulk-reason" name="reason" type="text" maxlength={2000} value={view.bulk.reason} />
                </div>
                <button type="submit" class="button button-primary">
                  {t('review.bulk.submit')}
                </button>
              </div>
            </fieldset>
          </form>
          <QueueTable view={view} />
          <Pager view={view} />
        </>
      )}
    </div>
  );
}

export function QueuePage(props: { view: QueueView }) {
  const { view } = props;
  const { t } = view.ctx;
  const base = commentsBase(view.consultation.slug);
  return (
    <ConsultationFrame ctx={view.ctx} consultation={view.consultation} current="comments" heading={t('review.queue.title')} phase={view.phase} wide>
      <p class="toolbar">
        {view.canEnter ? (
          <a class="button" href={`${base}/new`}>
            {t('review.queue.addOffline')}
          </a>
        ) : null}
        <a class="button" href={`/office/consultations/${encodeURIComponent(view.consultation.slug)}/units`}>
          {t('review.queue.board')}
        </a>
      </p>
      <p class="hint">{t('review.queue.order')}</p>
      <GroupingNotice view={view} />
      <QueueFiltersForm view={view} />
      <QueueResults view={view} />
    </ConsultationFrame>
  );
}

// ---------------------------------------------------------------------------------------------
// A comment's page

export interface DecisionFormState {
  values: { decision: string; reason: string };
  errors: { decision?: string; reason?: string };
}

export interface ModerationFormState {
  values: { reason: string; scope: string };
  errors: { action?: string; reason?: string };
}

export interface DetailView {
  ctx: OfficeContext;
  consultation: Consultation;
  phase: Phase;
  comment: ReviewComment;
  group: GroupSummary | null;
  members: GroupMember[];
  groupHref: string | null;
  caption: string | null;
  back: string;
  flash: string | null;
  canDecide: boolean;
  decision: DecisionFormState;
  moderation: ModerationFormState;
}

function Fact(props: { label: string; children: Child }) {
  return (
    <div>
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}

function ModerationForm(props: { view: DetailView }) {
  const { view } = props;
  const { t } = view.ctx;
  const c = view.comment;
  const action = `${commentsBase(view.consultation.slug)}/${c.id}/moderate`;
  const { values, errors } = view.moderation;
  return (
    <section class="panel" aria-labelledby="moderate-title">
      <h2 id="moderate-title">{t('review.detail.moderate')}</h2>
      <p>
        {t('review.detail.status')}：<StatusLabel t={t} status={c.status} />
        {c.status_reason ? ` ${t('review.row.reason', { reason: c.status_reason })}` : ''}
      </p>
      <form method="post" action={action} hx-post={action} hx-target="#comment-detail" hx-swap="outerHTML" class="stack-form" novalidate>
        <Csrf token={view.ctx.csrfToken} />
        <input type="hidden" name="back" value={view.back} />
        {errors.action ? (
          <p class="error-text" role="alert">
            {errors.action}
          </p>
        ) : null}
        {view.group ? (
          <fieldset class="field">
            <legend>{t('review.detail.moderateScope')}</legend>
            <label class="choice">
              <input type="radio" name="scope" value="one" checked={values.scope !== 'group'} /> {t('review.detail.scopeOne')}
            </label>
            <label class="choice">
              <input type="radio" name="scope" value="group" checked={values.scope === 'group'} /> {t('review.detail.scopeGroup', { count: view.group.size })}
            </label>
          </fieldset>
        ) : null}
        <FieldBox id="mod-reason" label={t('review.detail.hideReason')} hint={t('review.detail.hideReasonHint')} error={errors.reason}>
          {(describedBy, invalid) => (
            <textarea id="mod-reason" name="reason" rows={2} maxlength={2000} aria-describedby={describedBy} aria-invalid={invalid}>
              {values.reason}
            </textarea>
          )}
        </FieldBox>
        <div class="actions">
          <button type="submit" name="action" value="publish" class="button button-primary">
            {t('review.detail.publishNow')}
          </button>
          <button type="submit" name="action" value="hide" class="button">
            {t('review.detail.hideNow')}
          </button>
          <button type="submit" name="action" value="spam" class="button">
            {t('review.detail.spamNow')}
          </button>
        </div>
      </form>
    </section>
  );
}

function DecisionForm(props: { view: DetailView }) {
  const { view } = props;
  const { t, locale } = view.ctx;
  const c = view.comment;
  const action = `${commentsBase(view.consultation.slug)}/${c.id}/decide`;
  const { values, errors } = view.decision;
  const errorList = Object.entries(errors).filter(([, m]) => m) as [string, string][];
  return (
    <section class="panel" aria-labelledby="decide-title">
      <h2 id="decide-title">{t('review.decide.title')}</h2>
      <p>
        {c.decision ? t('review.decide.current', { decision: t(`review.decision.${c.decision}`) }) : t('review.decide.none')}
        {c.decided_at ? <span class="from-line muted">{t('review.row.decidedBy', { who: c.decided_by_email ?? '', when: formatDateTime(c.decided_at, locale) })}</span> : null}
      </p>
      {c.decision_reason ? <p class="comment-body">{t('review.row.reason', { reason: c.decision_reason })}</p> : null}
      {!view.canDecide ? (
        <p class="hint">{t('review.decide.readOnly')}</p>
      ) : (
        <form method="post" action={action} hx-post={action} hx-target="#comment-detail" hx-swap="outerHTML" class="stack-form" novalidate>
          <Csrf token={view.ctx.csrfToken} />
          <input type="hidden" name="back" value={view.back} />
          {errorList.length ? (
            <div class="error-summary" role="alert" tabindex={-1}>
              <p>{t('review.error.form')}</p>
              <ul>
                {errorList.map(([field, message]) => (
                  <li>
                    <a href={field === 'decision' ? '#decision-adopted' : '#decide-reason'}>{message}</a>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <fieldset class={errors.decision ? 'field field-error' : 'field'} aria-describedby={errors.decision ? 'decision-error' : undefined}>
            <legend>{t('review.decide.legend')}</legend>
            {errors.decision ? (
              <p class="error-text" id="decision-error">
                {errors.decision}
              </p>
            ) : null}
            {(['adopted', 'partly_adopted', 'not_adopted', 'explained'] as const).map((d) => (
              <label class="choice">
                <input type="radio" name="decision" value={d} id={`decision-${d}`} checked={values.decision === d} /> {t(`review.decision.${d}`)}
              </label>
            ))}
          </fieldset>
          <FieldBox id="decide-reason" label={t('review.decide.reason')} hint={t('review.decide.reasonHint')} error={errors.reason}>
            {(describedBy, invalid) => (
              <textarea id="decide-reason" name="reason" rows={4} maxlength={2000} aria-describedby={describedBy} aria-invalid={invalid}>
                {values.reason}
              </textarea>
            )}
          </FieldBox>
          {view.group ? <p class="hint">{t('review.decide.groupHint', { count: view.group.size })}</p> : null}
          <div class="actions">
            <button type="submit" name="scope" value="one" class="button button-primary">
              {t('review.decide.saveOne')}
            </button>
            {view.group ? (
              <button type="submit" name="scope" value="group" class="button button-primary">
                {t('review.decide.saveGroup', { count: view.group.size })}
              </button>
            ) : null}
          </div>
        </form>
      )}
    </section>
  );
}

/** The part htmx swaps after an action on this page. */
export function CommentDetail(props: { view: DetailView }) {
  const { view } = props;
  const { t, locale } = view.ctx;
  const c = view.comment;
  const masked = maskPersonalData(c.body);
  return (
    <div id="comment-detail" class="comment-detail">
      <Notice flash={view.flash} error={null} />
      <div class="detail-grid">
        <section aria-labelledby="comment-title">
          <h2 id="comment-title">{t('review.detail.facts')}</h2>
          <dl class="facts">
            <Fact label={t('review.detail.paragraph')}>{view.caption ?? t('review.general')}</Fact>
            <Fact label={t('review.detail.channel')}>
              <ChannelLabel t={t} comment={c} />
              {c.inbound_message_id ? ` ${t('review.detail.inboundRef', { id: c.inbound_message_id })}` : ''}
            </Fact>
            <Fact label={t('review.detail.author')}>{c.author_name ?? t('review.anonymous')}</Fact>
            {c.organization ? <Fact label={t('review.detail.organization')}>{c.organization}</Fact> : null}
            {c.unit_name ? <Fact label={t('review.detail.unit')}>{c.unit_name}</Fact> : null}
            {c.contact_email ? <Fact label={t('review.detail.email')}>{c.contact_email}</Fact> : null}
            {c.contact_phone ? <Fact label={t('review.detail.phone')}>{c.contact_phone}</Fact> : null}
            <Fact label={t('review.detail.received')}>
              <time datetime={c.received_at}>{formatDateTime(c.received_at, locale)}</time>
            </Fact>
            <Fact label={t('review.detail.late')}>{c.late ? <span class="badge badge-late">{t('review.late.yes')}</span> : t('review.late.no')}</Fact>
            {c.entered_by_email ? <Fact label={t('review.detail.enteredBy')}>{c.entered_by_email}</Fact> : null}
          </dl>
          {c.contact_email || c.contact_phone ? <p class="hint">{t('review.detail.contactNote')}</p> : null}
          <h3>{t('review.detail.body')}</h3>
          <p class="comment-body detail-body">{c.body}</p>
          {masked !== c.body ? (
            <>
              <h3>{t('review.detail.publicBody')}</h3>
              <p class="comment-body detail-body public-body">{masked}</p>
            </>
          ) : null}
          {view.group ? (
            <>
              <h3>{t('review.detail.group')}</h3>
              <p>{t('review.detail.groupOf', { others: view.group.size - 1 })}</p>
              <ul class="member-list">
                {view.members
                  .filter((m) => m.id !== c.id)
                  .slice(0, 10)
                  .map((m) => (
                    <li>
                      <a href={detailHref(view.consultation.slug, m.id, view.back)}>{m.tracking_number}</a> {m.author_name ?? m.organization ?? m.unit_name ?? t('review.anonymous')} ·{' '}
                      {t(`review.status.${m.status}`)} · {m.decision ? t(`review.decision.${m.decision}`) : t('review.decision.undecided')}
                    </li>
                  ))}
              </ul>
              {view.groupHref ? (
                <p>
                  <a href={view.groupHref}>{t('review.group.allMembers', { count: view.group.size })}</a>
                </p>
              ) : null}
            </>
          ) : null}
        </section>
        <div>
          <DecisionForm view={view} />
          <ModerationForm view={view} />
        </div>
      </div>
    </div>
  );
}

export function CommentDetailPage(props: { view: DetailView }) {
  const { view } = props;
  const { t } = view.ctx;
  return (
    <ConsultationFrame ctx={view.ctx} consultation={view.consultation} current="comments" heading={t('review.detail.title', { number: view.comment.tracking_number })} phase={view.phase} wide>
      <p>
        <a href={view.back}>← {t('review.detail.back')}</a>
      </p>
      <CommentDetail view={view} />
    </ConsultationFrame>
  );
}

// ---------------------------------------------------------------------------------------------
// Offline entry

export interface OfflineValues {
  kind: string;
  received: string;
  name: string;
  organization: string;
  unit: string;
  email: string;
  phone: string;
  paragraphId: string;
  body: string;
}

export type OfflineErrors = Partial<Record<keyof OfflineValues, string>>;

function FieldBox(props: { id: string; label: string; hint?: string; error?: string; required?: boolean; children: (describedBy: string | undefined, invalid: 'true' | undefined) => Child }) {
  const hintId = props.hint ? `${props.id}-hint` : null;
  const errorId = props.error ? `${props.id}-error` : null;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div class={props.error ? 'field field-error' : 'field'}>
      <label for={props.id}>
        {props.label}
        {props.required ? (
          <span class="required" aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </label>
      {props.hint ? (
        <p class="hint" id={hintId!}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="error-text" id={errorId!}>
          {props.error}
        </p>
      ) : null}
      {props.children(describedBy, props.error ? 'true' : undefined)}
    </div>
  );
}

export function OfflinePage(props: {
  ctx: OfficeContext;
  consultation: Consultation;
  phase: Phase;
  paragraphs: ParagraphOption[];
  units: UnitChoice[];
  values: OfflineValues;
  errors: OfflineErrors;
  limits: { min: number; max: number };
}) {
  const { ctx, values, errors } = props;
  const { t } = ctx;
  const action = `${commentsBase(props.consultation.slug)}/new`;
  const fieldIds: Record<keyof OfflineValues, string> = {
    kind: 'off-kind',
    received: 'off-received',
    name: 'off-name',
    organization: 'off-organization',
    unit: 'off-unit',
    email: 'off-email',
    phone: 'off-phone',
    paragraphId: 'off-paragraph',
    body: 'off-body',
  };
  const errorList = (Object.entries(errors) as [keyof OfflineValues, string][]).filter(([, m]) => m);
  return (
    <ConsultationFrame ctx={ctx} consultation={props.consultation} current="comments" heading={t('review.offline.title')} phase={props.phase}>
      <p>
        <a href={commentsBase(props.consultation.slug)}>← {t('review.detail.back')}</a>
      </p>
      <p>{t('review.offline.intro')}</p>
      <form method="post" action={action} class="stack-form offline-form" novalidate>
        <Csrf token={ctx.csrfToken} />
        {errorList.length ? (
          <div class="error-summary" role="alert" tabindex={-1}>
            <p>{t('review.error.form')}</p>
            <ul>
              {errorList.map(([field, message]) => (
                <li>
                  <a href={`#${fieldIds[field]}`}>{message}</a>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <FieldBox id="off-kind" label={t('review.offline.kind')} error={errors.kind} required>
          {(describedBy, invalid) => (
            <select id="off-kind" name="kind" required aria-describedby={describedBy} aria-invalid={invalid}>
              <option value="" selected={!values.kind}>
                {t('review.bulk.choose')}
              </option>
              {(['letter', 'phone', 'meeting', 'other'] as const).map((k) => (
                <option value={k} selected={values.kind === k}>
                  {t(`review.kind.${k}`)}
                </option>
              ))}
            </select>
          )}
        </FieldBox>
        <FieldBox id="off-received" label={t('review.offline.received')} hint={t('review.offline.receivedHint')} error={errors.received} required>
          {(describedBy, invalid) => <input id="off-received" name="received" type="date" required value={values.received} aria-describedby={describedBy} aria-invalid={invalid} />}
        </FieldBox>
        <FieldBox id="off-paragraph" label={t('review.offline.paragraph')} error={errors.paragraphId}>
          {(describedBy, invalid) => (
            <select id="off-paragraph" name="paragraphId" aria-describedby={describedBy} aria-invalid={invalid}>
              <option value="" selected={!values.paragraphId || values.paragraphId === 'general'}>
                {t('review.offline.general')}
              </option>
              {props.paragraphs.map((p) => (
                <option value={p.key} selected={values.paragraphId === p.key}>
                  {p.caption}
                </option>
              ))}
            </select>
          )}
        </FieldBox>
        <FieldBox id="off-body" label={t('review.offline.body')} hint={t('review.offline.bodyHint', { min: props.limits.min, max: props.limits.max })} error={errors.body} required>
          {(describedBy, invalid) => (
            <textarea id="off-body" name="body" rows={8} required maxlength={props.limits.max} aria-describedby={describedBy} aria-invalid={invalid}>
              {values.body}
            </textarea>
          )}
        </FieldBox>
        <FieldBox id="off-name" label={t('review.offline.author')} error={errors.name}>
          {(describedBy, invalid) => <input id="off-name" name="name" type="text" maxlength={50} value={values.name} aria-describedby={describedBy} aria-invalid={invalid} />}
        </FieldBox>
        <FieldBox id="off-organization" label={t('review.offline.organization')} error={errors.organization}>
          {(describedBy, invalid) => <input id="off-organization" name="organization" type="text" maxlength={100} value={values.organization} aria-describedby={describedBy} aria-invalid={invalid} />}
        </FieldBox>
        <FieldBox id="off-unit" label={t('review.offline.unit')} error={errors.unit}>
          {(describedBy, invalid) => (
            <select id="off-unit" name="unit" aria-describedby={describedBy} aria-invalid={invalid}>
              <option value="" selected={!values.unit}>
                {t('review.offline.unitNone')}
              </option>
              {props.units.map((u) => (
                <option value={String(u.id)} selected={values.unit === String(u.id)}>
                  {u.name}
                </option>
              ))}
            </select>
          )}
        </FieldBox>
        <FieldBox id="off-email" label={t('review.offline.email')} error={errors.email}>
          {(describedBy, invalid) => <input id="off-email" name="email" type="email" maxlength={254} value={values.email} aria-describedby={describedBy} aria-invalid={invalid} />}
        </FieldBox>
        <FieldBox id="off-phone" label={t('review.offline.phone')} error={errors.phone}>
          {(describedBy, invalid) => <input id="off-phone" name="phone" type="tel" maxlength={20} value={values.phone} aria-describedby={describedBy} aria-invalid={invalid} />}
        </FieldBox>
        <button type="submit" class="button button-primary">
          {t('review.offline.submit')}
        </button>
      </form>
    </ConsultationFrame>
  );
}

// ---------------------------------------------------------------------------------------------
// Department board

function BoardTable(props: {
  ctx: OfficeContext;
  slug: string;
  units: BoardUnit[];
  captionOf: (blockId: number | null) => string | null;
  unitHref: (unitId: number) => string;
  formatTime: (iso: string) => string;
  showRole: boolean;
}) {
  const { t } = props.ctx;
  const statusText: Record<BoardStatus, string> = {
    responded: t('review.units.status.replied'),
    no_comments: t('review.units.status.noComments'),
    none: t('review.units.status.notYet'),
  };
  return (
    <div class="table-scroll">
      <table class="data-table board-table">
        <thead>
          <tr>
            <th scope="col">{t('review.units.col.unit')}</th>
            {props.showRole ? <th scope="col">{t('review.units.col.role')}</th> : null}
            <th scope="col">{t('review.units.col.status')}</th>
            <th scope="col">{t('review.units.col.when')}</th>
            <th scope="col">{t('review.units.col.comments')}</th>
          </tr>
        </thead>
        <tbody>
          {props.units.map((u) => (
            <tr class={`board-row board-${u.status}`}>
              <th scope="row" data-label={t('review.units.col.unit')}>
                {u.name}
              </th>
              {props.showRole ? <td data-label={t('review.units.col.role')}>{u.role ? t(`review.units.role.${u.role}`) : ''}</td> : null}
              <td data-label={t('review.units.col.status')}>
                <span class={`badge badge-board-${u.status}`}>{statusText[u.status]}</span>
              </td>
              <td data-label={t('review.units.col.when')}>{u.respondedAt && u.status !== 'none' ? <time datetime={u.respondedAt}>{props.formatTime(u.respondedAt)}</time> : '—'}</td>
              <td data-label={t('review.units.col.comments')}>
                {u.commentCount > 0 ? (
                  <>
                    <ul class="board-comments">
                      {u.comments.map((c) => (
                        <li>
                          <a href={detailHref(props.slug, c.id, props.unitHref(u.unitId))} class="tracking-number-small">
                            {c.tracking_number}
                          </a>{' '}
                          <span class="muted">{props.captionOf(c.block_id) ?? t('review.general')}</span>
                          {c.late ? <span class="badge badge-late">{t('review.late.yes')}</span> : null}
                          <span class="board-excerpt">{excerpt(c.body).text}</span>
                        </li>
                      ))}
                    </ul>
                    <a href={props.unitHref(u.unitId)}>{t('review.units.allComments', { count: u.commentCount })}</a>
                  </>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function BoardPage(props: {
  ctx: OfficeContext;
  consultation: Consultation;
  phase: Phase;
  roster: BoardUnit[];
  others: BoardUnit[];
  counts: { replied: number; noComments: number; notYet: number };
  captionOf: (blockId: number | null) => string | null;
  unitHref: (unitId: number) => string;
  formatTime: (iso: string) => string;
}) {
  const { ctx, counts } = props;
  const { t } = ctx;
  return (
    <ConsultationFrame ctx={ctx} consultation={props.consultation} current="units" heading={t('review.units.title')} phase={props.phase} wide>
      {props.roster.length === 0 ? (
        <>
          <p>{t('review.units.none')}</p>
          <p class="hint">{t('review.units.noneHint')}</p>
        </>
      ) : (
        <>
          <ul class="board-counts" aria-label={t('review.units.total', { count: props.roster.length })}>
            <li class="board-count board-responded">{t('review.units.replied', { count: counts.replied })}</li>
            <li class="board-count board-no_comments">{t('review.units.noComments', { count: counts.noComments })}</li>
            <li class="board-count board-none">{t('review.units.notYet', { count: counts.notYet })}</li>
          </ul>
          <p class="muted">{t('review.units.total', { count: props.roster.length })}</p>
          <BoardTable ctx={ctx} slug={props.consultation.slug} units={props.roster} captionOf={props.captionOf} unitHref={props.unitHref} formatTime={props.formatTime} showRole />
        </>
      )}
      {props.others.length ? (
        <>
          <h2>{t('review.units.others')}</h2>
          <p class="hint">{t('review.units.othersHint')}</p>
          <BoardTable ctx={ctx} slug={props.consultation.slug} units={props.others} captionOf={props.captionOf} unitHref={props.unitHref} formatTime={props.formatTime} showRole={false} />
        </>
      ) : null}
    </ConsultationFrame>
  );
}
