// The review queue: every comment of every channel in document order, with filters, near-duplicate
// groups as one entry, bulk moderation and paging. Works without JavaScript; htmx swaps the
// results (QueueResults, the same piece the page renders) when filtering, paging or acting.
import type { Child } from 'hono/jsx';
import type { Translate } from '../../src/lib/i18n.ts';
import { ConsultationFrame } from '../office/consultation-nav.tsx';
import { Csrf, Field, Flash, Pager } from '../shared/kit.tsx';
import { CHANNEL_CHOICES, DECISION_CHOICES, type QueueResultsView, type QueueRowView, type QueueView, STATUS_CHOICES } from './models.ts';
import { ChannelLabel, commentsBase, DecisionLabel, decisionText, detailHref, LateBadge, Select, StatusLabel } from './parts.tsx';

const RESULTS = '#queue-results';

function QueueFiltersForm(props: { view: QueueView }) {
  const { view } = props;
  const { t } = view.ctx;
  const v = view.filterValues;
  const base = commentsBase(view.consultation.slug);
  const any: [string, string] = ['', t('review.filter.any')];
  return (
    <form class="queue-filters" method="get" action={base} hx-get={base} hx-target={RESULTS} hx-swap="outerHTML" hx-push-url="true" role="search">
      {view.versions.some((x) => x.current) && view.versions.length > 1 ? <input type="hidden" name="version" value={String(view.versions.find((x) => x.current)!.number)} /> : null}
      <fieldset>
        <legend>{t('review.filter.legend')}</legend>
        <Field id="rq-q" label={t('review.filter.q')} hint={t('review.filter.qHint')} class="field-search">
          {(aria) => <input {...aria} name="q" type="search" value={v.q} maxlength={200} />}
        </Field>
        <div class="filter-grid">
          <Select compact id="rq-channel" name="channel" label={t('review.filter.channel')} value={v.channel} options={[any, ...CHANNEL_CHOICES.map((c): [string, string] => [c, t(`review.channel.${c}`)])]} />
          <Select
            compact
            id="rq-unit"
            name="unit"
            label={t('review.filter.unit')}
            value={v.unit}
            options={[any, ['none', t('review.filter.unitNone')], ...view.units.map((u): [string, string] => [String(u.id), u.name])]}
          />
          <Select compact id="rq-status" name="status" label={t('review.filter.status')} value={v.status} options={[any, ...STATUS_CHOICES.map((s): [string, string] => [s, t(`review.status.${s}`)])]} />
          <Select compact id="rq-late" name="late" label={t('review.filter.late')} value={v.late} options={[any, ['1', t('review.late.yes')], ['0', t('review.late.no')]]} />
          <Select
            compact
            id="rq-opinion"
            name="opinion"
            label={t('review.filter.opinion')}
            value={v.opinion}
            options={[
              ['', t('review.filter.opinionYes')],
              ['not', t('review.filter.opinionNot')],
            ]}
          />
          <Select
            compact
            id="rq-decision"
            name="decision"
            label={t('review.filter.decision')}
            value={v.decision}
            options={[any, ['undecided', t('review.decision.undecided')], ...DECISION_CHOICES.map((d): [string, string] => [d, t(`review.decision.${d}`)])]}
          />
          <Select
            compact
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
          <a class="button" href={view.resetHref} hx-get={view.resetHref} hx-target={RESULTS} hx-swap="outerHTML" hx-push-url="true">
            {t('review.filter.reset')}
          </a>
        </div>
      </fieldset>
    </form>
  );
}

function GroupingNotice(props: { view: QueueView }) {
  const { view } = props;
  const { t } = view.ctx;
  const { last, ungrouped } = view.grouping;
  const regroup = `${commentsBase(view.consultation.slug)}/regroup`;
  return (
    <div class="grouping-notice">
      <p>
        {last ? t('review.group.lastRun', { when: last.at, groups: last.groups, grouped: last.grouped }) : t('review.group.neverRun')}
        {ungrouped > 0 ? ` ${t('review.group.stale', { count: ungrouped })}` : ''}
      </p>
      <details>
        <summary>{t('review.group.regroup')}</summary>
        <p class="hint">{t('review.group.how')}</p>
        <form method="post" action={regroup} hx-post={regroup} hx-target={RESULTS} hx-swap="outerHTML">
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

function FromCell(props: { t: Translate; row: QueueRowView }) {
  const { t, row } = props;
  return (
    <>
      {/* A unit's comment is the unit's: its name leads, the person who wrote comes after. */}
      {row.unit ? <span class="comment-author from-unit">{row.unit}</span> : <span class="comment-author">{row.author ?? t('review.anonymous')}</span>}
      {row.unit && row.author && row.author !== row.unit ? <span class="from-line">{row.author}</span> : null}
      {row.organization && row.organization !== row.unit ? <span class="from-line">{row.organization}</span> : null}
      {row.proposedUnit ? <span class="from-line proposed-unit">{t('review.row.proposedUnit', { unit: row.proposedUnit })}</span> : null}
      {row.email ? <span class="from-line contact">{row.email}</span> : null}
      {row.phone ? <span class="from-line contact">{row.phone}</span> : null}
      {row.enteredBy ? <span class="from-line muted">{t('review.row.enteredBy', { who: row.enteredBy })}</span> : null}
    </>
  );
}

function GroupMembers(props: { view: QueueResultsView; group: NonNullable<QueueRowView['group']> }) {
  const { view, group } = props;
  const { t } = view.ctx;
  return (
    <details class="group-members">
      <summary>{t('review.group.members')}</summary>
      <ul>
        {group.members.map((m) => (
          <li>
            <a href={detailHref(view.slug, m.id, view.selfHref)} class="tracking-number-small">
              {m.trackingNumber}
            </a>{' '}
            {m.who ?? t('review.anonymous')} · {t(`review.channel.${m.channel}`)} · {t(`review.status.${m.status}`)} · {decisionText(t, m.decision)}
          </li>
        ))}
      </ul>
      <p>
        <a href={group.allHref}>{t('review.group.allMembers', { count: group.size })}</a>
      </p>
    </details>
  );
}

function QueueRow(props: { view: QueueResultsView; row: QueueRowView }) {
  const { view, row } = props;
  const { t } = view.ctx;
  const group = row.group;
  const label = group ? t('review.row.selectGroup', { count: group.size, number: row.trackingNumber }) : t('review.row.select', { number: row.trackingNumber });
  return (
    <tr class={group ? 'queue-row queue-group' : 'queue-row'} id={`c-${row.id}`}>
      <td class="select-cell" data-label={t('review.col.select')}>
        <input
          type="checkbox"
          form="bulk"
          name={group ? 'groups' : 'ids'}
          value={String(group ? group.id : row.id)}
          id={`sel-${row.id}`}
          aria-label={label}
          checked={group ? view.bulk.groups.includes(group.id) : view.bulk.ids.includes(row.id)}
        />
      </td>
      <td class="comment-cell" data-label={t('review.col.comment')}>
        <p class="comment-meta">
          <span class="tracking-number-small">{row.trackingNumber}</span>
          <ChannelLabel t={t} source={row.source} />
          {row.late ? <LateBadge t={t} /> : null}
        </p>
        <p class="comment-body">
          {row.excerpt}
          {row.cut ? <span class="muted"> {t('review.row.more')}</span> : null}
        </p>
        {group ? (
          <>
            <p class="group-line">
              <strong>{t('review.group.label', { count: group.size })}</strong>
              {group.matched !== null ? <span class="group-part">{t('review.group.matched', { matched: group.matched })}</span> : null}
              {group.undecided > 0 ? <span class="group-part">{t('review.group.undecided', { count: group.undecided })}</span> : null}
            </p>
            <GroupMembers view={view} group={group} />
          </>
        ) : null}
      </td>
      <td data-label={t('review.col.from')}>
        <FromCell t={t} row={row} />
      </td>
      <td class="cell-short" data-label={t('review.col.received')}>
        <time datetime={row.received.iso}>{row.received.text}</time>
      </td>
      <td class="cell-short" data-label={t('review.col.status')}>
        <StatusLabel t={t} status={row.status} />
        {row.statusReason && row.status !== 'published' ? <span class="from-line muted">{t('review.row.reason', { reason: row.statusReason })}</span> : null}
      </td>
      <td class="cell-short" data-label={t('review.col.decision')}>
        <DecisionLabel t={t} decision={row.decision} />
        {row.decisionReason ? <span class="from-line">{row.decisionReason}</span> : null}
        {row.decided ? <span class="from-line muted">{t('review.row.decidedBy', { who: row.decided.by, when: row.decided.at })}</span> : null}
      </td>
      <td class="action-cell" data-label={t('review.col.open')}>
        <a class="button button-small" href={detailHref(view.slug, row.id, view.selfHref)}>
          {t('review.row.open')}
          <span class="visually-hidden"> {row.trackingNumber}</span>
        </a>
      </td>
    </tr>
  );
}

/** One tbody per paragraph, headed by the paragraph's caption (a row-group header). */
function QueueTable(props: { view: QueueResultsView }) {
  const { view } = props;
  const { t } = view.ctx;
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
        {view.sections.map((section) => (
          <tbody>
            <tr class="queue-paragraph">
              <th colspan={7} scope="rowgroup">
                {section.caption ?? t('review.general')}
              </th>
            </tr>
            {section.rows.map((row) => (
              <QueueRow view={view} row={row} />
            ))}
          </tbody>
        ))}
      </table>
    </div>
  );
}

function BulkForm(props: { view: QueueResultsView }) {
  const { view } = props;
  const { t } = view.ctx;
  const action = `${commentsBase(view.slug)}/moderate`;
  return (
    <form id="bulk" class="bulk-form" method="post" action={action} hx-post={action} hx-target={RESULTS} hx-swap="outerHTML">
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
            compact
            id="bulk-action"
            name="action"
            label={t('review.bulk.action')}
            value={view.bulk.action}
            options={[
              ['', t('review.bulk.choose')],
              ['publish', t('review.bulk.publish')],
              ['hide', t('review.bulk.hide')],
              ['spam', t('review.bulk.spam')],
              view.opinion === 'not' ? ['restore-opinion', t('review.bulk.restoreOpinion')] : ['not-opinion', t('review.bulk.notOpinion')],
            ]}
          />
          <Field id="bulk-reason" label={t('review.bulk.reason')} class="field-compact field-grow">
            {(aria) => <input {...aria} name="reason" type="text" maxlength={2000} value={view.bulk.reason} />}
          </Field>
          <button type="submit" class="button button-primary">
            {t('review.bulk.submit')}
          </button>
        </div>
      </fieldset>
    </form>
  );
}

/** The part htmx swaps: messages, counts, the bulk form and the table, paging. */
export function QueueResults(props: { view: QueueResultsView }) {
  const { view } = props;
  const { t } = view.ctx;
  return (
    <div id="queue-results" class="queue-results">
      <Flash message={view.flash} />
      {view.empty && view.error ? (
        <p class="error-text error-box" role="alert">
          {view.error}
        </p>
      ) : null}
      <p class="queue-summary" role="status">
        {view.opinion === 'not'
          ? t('review.queue.summaryNot', { comments: view.totalComments, entries: view.totalEntries })
          : view.filtered
            ? t('review.queue.summaryFiltered', { comments: view.totalComments, entries: view.totalEntries })
            : t('review.queue.summary', { comments: view.totalComments, entries: view.totalEntries })}
      </p>
      {view.group !== null ? (
        <p>
          {t('review.queue.groupOnly', { group: view.group })} <a href={view.resetHref}>{t('review.queue.showAll')}</a>
        </p>
      ) : null}
      {view.empty ? (
        <p class="empty">{view.opinion === 'not' ? t('review.queue.notOpinionEmpty') : view.filtered ? t('review.queue.empty') : t('review.queue.none')}</p>
      ) : (
        <>
          <BulkForm view={view} />
          <QueueTable view={view} />
          <Pager t={t} pager={view.pager} label={t('review.queue.pages')} htmx={{ target: RESULTS }} buttons />
        </>
      )}
    </div>
  );
}

/** The queue's page around its results. */
export function QueuePage(props: { view: QueueView; children: Child }) {
  const { view } = props;
  const { t } = view.ctx;
  const { consultation } = view;
  return (
    <ConsultationFrame ctx={view.ctx} consultation={consultation} current="comments" heading={t('review.queue.title')} phase={consultation.phase} wide>
      <p class="toolbar">
        {view.canEnter ? (
          <a class="button" href={`${commentsBase(consultation.slug)}/new`}>
            {t('review.queue.addOffline')}
          </a>
        ) : null}
        <a class="button" href={`/office/consultations/${encodeURIComponent(consultation.slug)}/units`}>
          {t('review.queue.board')}
        </a>
      </p>
      {view.versions.length > 1 ? (
        <nav class="version-switch" aria-label={t('office.version.title')}>
          {view.versions.map((v) => (v.current ? <strong aria-current="page">{t('office.version.number', { number: v.number })}</strong> : <a href={v.href}>{t('office.version.number', { number: v.number })}</a>))}
        </nav>
      ) : null}
      <p class="hint">{t('review.queue.order')}</p>
      <GroupingNotice view={view} />
      <QueueFiltersForm view={view} />
      {props.children}
    </ConsultationFrame>
  );
}
