// The mail lists an officer works through — needs attention, unassigned, spam — and the outgoing
// mail that failed. The list section is the piece htmx swaps when paging; the page wraps it.
import type { Child } from 'hono/jsx';
import type { Translate } from '../../src/lib/i18n.ts';
import type { OfficeContext } from '../shared/context.ts';
import { Csrf, type Column, DataTable, Pager, Tabs } from '../shared/kit.tsx';
import { OfficeLayout } from '../shared/layout.tsx';
import type { FailedMailRow, MailListRow, MailPageView, MailRefusal, MailTab, OutboxStateView, ProposalRow } from './models.ts';
import { AssignForm, NotSpamForm, ProposalForm, RefusalAlert, Sender, SubjectLink } from './pieces.tsx';

const TABS: MailTab[] = ['attention', 'unassigned', 'spam', 'proposed', 'outbox'];
const OUTBOX_STATES: OutboxStateView[] = ['queued', 'sending', 'sent', 'failed'];

export function listHref(tab: MailTab, page = 1): string {
  return `/office/mail?tab=${tab}${page > 1 ? `&page=${page}` : ''}`;
}

function tabLabel(t: Translate, view: MailPageView, tab: MailTab): string {
  return tab === 'outbox' ? t('mail.office.tab.outbox', { count: view.outbox.failed }) : t(`mail.office.tab.${tab}`, { count: view.counts[tab] });
}

export function MailPage(props: { ctx: OfficeContext; view: MailPageView; flash: string | null; refusal?: MailRefusal | null; children: Child }) {
  const { ctx, view } = props;
  const { t } = ctx;
  return (
    <OfficeLayout ctx={ctx} title={t('mail.office.title')} flash={props.flash} wide>
      <div class="page-heading">
        <h1>{t('mail.office.title')}</h1>
        <a class="button button-primary" href="/office/mail/upload">
          {t('mail.office.uploadLink')}
        </a>
      </div>
      <p>{t('mail.office.intro')}</p>
      <OutboxCounts t={t} counts={view.outbox} />
      <RefusalAlert refusal={props.refusal} />
      <Tabs
        class="mail-tabs"
        label={t('mail.office.tab.label')}
        tabs={TABS.map((tab) => ({ href: listHref(tab), label: tabLabel(t, view, tab), current: tab === view.tab }))}
      />
      {props.children}
    </OfficeLayout>
  );
}

/** The current tab's list and its pager: the page's piece for htmx (with what an action just did). */
export function MailList(props: { ctx: OfficeContext; view: MailPageView; refusal?: MailRefusal | null; notice?: string | null }) {
  const { ctx, view } = props;
  const { t } = ctx;
  return (
    <section id="mail-list" aria-labelledby="mail-list-heading">
      <h2 id="mail-list-heading">{tabLabel(t, view, view.tab)}</h2>
      {props.notice ? (
        <p class="flash" role="status">
          {props.notice}
        </p>
      ) : null}
      {view.tab === 'outbox' ? (
        <FailedMailList ctx={ctx} view={view} />
      ) : view.tab === 'proposed' ? (
        <ProposalList ctx={ctx} view={view} />
      ) : (
        <InboundList ctx={ctx} view={view} tab={view.tab} refusal={props.refusal} />
      )}
      <Pager t={t} pager={view.pager} htmx={{ target: '#mail-list' }} />
    </section>
  );
}

function OutboxCounts(props: { t: Translate; counts: Record<OutboxStateView, number> }) {
  const { t } = props;
  return (
    <section class="outbox-counts" aria-labelledby="outbox-counts-heading">
      <h2 id="outbox-counts-heading">{t('mail.office.outbox.title')}</h2>
      <dl>
        {OUTBOX_STATES.map((state) => (
          <div class={state === 'failed' && props.counts.failed > 0 ? 'outbox-count outbox-count-failed' : 'outbox-count'}>
            <dt>{t(`mail.office.outbox.${state}`)}</dt>
            <dd>{props.counts[state]}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function ProposalList(props: { ctx: OfficeContext; view: MailPageView }) {
  const { ctx, view } = props;
  const { t } = ctx;
  if (view.proposals.length === 0) return <p>{t('mail.office.proposed.none')}</p>;
  const columns: Column<ProposalRow>[] = [
    { header: t('mail.office.col.received'), class: 'nowrap', cell: (row) => row.received },
    { header: t('mail.office.col.from'), class: 'mail-from', cell: (row) => <Sender t={t} from={row.from} /> },
    { header: t('mail.office.col.subject'), class: 'mail-subject-cell', cell: (row) => <SubjectLink t={t} id={row.id} subject={row.subject} /> },
    {
      header: t('mail.office.col.proposedUnit'),
      cell: (row) => (
        <>
          <strong>{row.unit}</strong>
          {row.signedAs && row.signedAs !== row.unit ? <span class="hint"> {t('mail.office.proposed.signedAs', { name: row.signedAs })}</span> : null}
        </>
      ),
    },
    { header: t('mail.office.col.consultation'), class: 'mail-subject-cell', cell: (row) => (row.consultation ? row.consultation.title : '—') },
    { header: t('mail.office.col.comments'), class: 'numeric', cell: (row) => row.comments },
    {
      header: t('mail.office.col.action'),
      class: 'mail-action-cell',
      cell: (row) => (
        <div class="proposal-actions">
          <ProposalForm ctx={ctx} id={row.id} unit={row.unit} action="confirm" back={view.back} />
          <ProposalForm ctx={ctx} id={row.id} unit={row.unit} action="reject" back={view.back} />
        </div>
      ),
    },
  ];
  return (
    <>
      <p>{t('mail.office.proposed.intro')}</p>
      <form method="post" action="/office/mail/proposals/confirm-all" class="stack-form" hx-post="/office/mail/proposals/confirm-all" hx-target="#mail-list" hx-swap="outerHTML">
        <Csrf token={ctx.csrfToken} />
        <input type="hidden" name="back" value={view.back} />
        <button type="submit" class="button button-primary">
          {t('mail.office.proposed.confirmAll', { count: view.counts.proposed })}
        </button>
      </form>
      <DataTable class="data-table mail-table" columns={columns} rows={view.proposals} />
    </>
  );
}

function InboundList(props: { ctx: OfficeContext; view: MailPageView; tab: Exclude<MailTab, 'outbox' | 'proposed'>; refusal?: MailRefusal | null }) {
  const { ctx, view, tab } = props;
  const { t } = ctx;
  if (view.rows.length === 0) return <p>{t(`mail.office.${tab}.none`)}</p>;
  const columns: Column<MailListRow>[] = [
    { header: t('mail.office.col.received'), class: 'nowrap', cell: (row) => row.received },
    { header: t('mail.office.col.from'), class: 'mail-from', cell: (row) => <Sender t={t} from={row.from} /> },
    { header: t('mail.office.col.subject'), class: 'mail-subject-cell', cell: (row) => <SubjectLink t={t} id={row.id} subject={row.subject} /> },
    tab === 'unassigned'
      ? { header: t('mail.office.col.attachments'), class: 'numeric', cell: (row) => (row.attachments ? t('mail.office.attachmentCount', { count: row.attachments }) : '—') }
      : { header: t('mail.office.col.reason'), class: 'mail-reason-cell', cell: (row) => row.reason ?? '' },
    tab === 'attention'
      ? { header: t('mail.office.col.consultation'), class: 'mail-subject-cell', cell: (row) => (row.consultation ? row.consultation.title : '—') }
      : tab === 'unassigned'
        ? {
            header: t('mail.office.col.action'),
            class: 'mail-assign-cell',
            cell: (row) => <AssignForm ctx={ctx} id={row.id} choices={view.choices} back={view.back} compact refusal={props.refusal} />,
          }
        : { header: t('mail.office.col.action'), class: 'mail-action-cell', cell: (row) => <NotSpamForm ctx={ctx} id={row.id} back={view.back} /> },
  ];
  return (
    <>
      <p>{t(`mail.office.${tab}.intro`)}</p>
      <DataTable class="data-table mail-table" columns={columns} rows={view.rows} />
    </>
  );
}

function FailedMailList(props: { ctx: OfficeContext; view: MailPageView }) {
  const { ctx, view } = props;
  const { t } = ctx;
  const columns: Column<FailedMailRow>[] = [
    { header: t('mail.office.outbox.col.created'), class: 'nowrap', cell: (row) => row.created },
    { header: t('mail.office.outbox.col.to'), class: 'mail-from', cell: (row) => row.to },
    { header: t('mail.office.col.subject'), class: 'mail-subject-cell', cell: (row) => row.subject },
    { header: t('mail.office.outbox.col.kind'), cell: (row) => t(`mail.office.outbox.kind.${row.kind}`) },
    { header: t('mail.office.outbox.col.attempts'), class: 'numeric', cell: (row) => row.attempts },
    { header: t('mail.office.outbox.col.error'), class: 'mail-reason-cell', cell: (row) => <code class="mail-error">{row.error ?? ''}</code> },
    {
      header: t('mail.office.col.action'),
      cell: (row) => (
        <form method="post" action={`/office/mail/outbox/${row.id}/retry`} class="inline-form">
          <Csrf token={ctx.csrfToken} />
          <input type="hidden" name="back" value={view.back} />
          <button type="submit" class="button button-small">
            {t('mail.office.outbox.retry')}
          </button>
        </form>
      ),
    },
  ];
  return (
    <>
      <h3>{t('mail.office.outbox.failedTitle')}</h3>
      {view.failed.length === 0 ? (
        <p>{t('mail.office.outbox.none')}</p>
      ) : (
        <>
          <p>{t('mail.office.outbox.failedIntro')}</p>
          <DataTable class="data-table mail-table" columns={columns} rows={view.failed} />
        </>
      )}
    </>
  );
}
