// A consultation's roster of units: who is asked, where to write to them, whether they were
// invited and answered; adding, changing addresses, removing, and sending the invitations.
import type { OfficeContext } from '../shared/context.ts';
import { type Column, Csrf, DataTable, Field } from '../shared/kit.tsx';
import { ConsultationFrame, consultationHref } from './consultation-nav.tsx';
import type { RosterForms, RosterRowView, RosterView } from './models.ts';

function DraftUnits(props: { ctx: OfficeContext; view: RosterView }) {
  const { ctx, view } = props;
  const { t } = ctx;
  return (
    <section class="notice-box" aria-labelledby="roster-draft">
      <h2 id="roster-draft">{t('office.roster.draftTitle')}</h2>
      {view.draftUnits.length ? (
        <>
          <p>{t('office.roster.draftIntro', { count: view.draftUnits.length })}</p>
          <ul class="unit-preview">
            {view.draftUnits.map((u) => (
              <li>
                {u.name} <span class="hint">（{t(`departments.role.${u.role}`)}）</span>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t('office.roster.draftNone')}</p>
      )}
      {view.collective.length ? <p class="hint">{t('office.roster.collective', { names: view.collective.join('、') })}</p> : null}
    </section>
  );
}

/** A unit's addresses, and the form that changes them (open when it was refused). */
function Addresses(props: { ctx: OfficeContext; base: string; row: RosterRowView; refused: RosterForms['addresses'] | null }) {
  const { ctx, row, refused } = props;
  const { t } = ctx;
  return (
    <>
      {row.addresses.length ? (
        <ul class="plain-list">
          {row.addresses.map((a) => (
            <li>
              <code>{a}</code>
            </li>
          ))}
        </ul>
      ) : (
        <span class="warning-text">{t('office.roster.noAddress')}</span>
      )}
      <details open={Boolean(refused)}>
        <summary>{t('office.roster.editAddresses')}</summary>
        <form method="post" action={`${props.base}/${row.unitId}/addresses`} class="stack-form">
          <Csrf token={ctx.csrfToken} />
          <Field id={`addr-${row.unitId}`} label={t('office.roster.addressesFor', { unit: row.name })} hint={t('office.roster.addressesHint')} error={refused?.error}>
            {(aria) => (
              <textarea {...aria} name="addresses" rows={2}>
                {refused ? refused.value : row.addresses.join('\n')}
              </textarea>
            )}
          </Field>
          <button type="submit" class="button button-small">
            {t('office.roster.saveAddresses')}
          </button>
        </form>
      </details>
    </>
  );
}

export function RosterPage(props: { ctx: OfficeContext; view: RosterView; forms: RosterForms; flash: string | null }) {
  const { ctx, view, forms } = props;
  const { t } = ctx;
  const base = consultationHref(view.slug, 'roster');
  const canInvite = view.phase === 'open' || view.phase === 'upcoming';
  const withoutAddress = view.rows.filter((r) => r.addresses.length === 0).length;
  const columns: Column<RosterRowView>[] = [
    { header: t('office.roster.col.unit'), rowHeader: true, cell: (row) => <span id={`unit-${row.unitId}`}>{row.name}</span> },
    { header: t('office.roster.col.role'), cell: (row) => t(`departments.role.${row.role}`) },
    {
      header: t('office.roster.col.status'),
      cell: (row) => (
        <>
          {t(`departments.response.${row.status}`)}
          {row.commentCount > 0 ? <span class="hint"> {t('office.roster.comments', { count: row.commentCount })}</span> : null}
        </>
      ),
    },
    {
      header: t('office.roster.col.addresses'),
      cell: (row) => <Addresses ctx={ctx} base={base} row={row} refused={forms.addresses?.unitId === row.unitId ? forms.addresses : null} />,
    },
    {
      header: t('office.roster.col.invited'),
      cell: (row) => (
        <>
          {row.invitedAt ?? t('office.roster.notInvited')}
          {row.invitedTo.length ? <span class="hint"> {t('office.roster.invitedTo', { list: row.invitedTo.join(t('departments.mail.referenceSeparator')) })}</span> : null}
        </>
      ),
    },
    {
      header: <span class="visually-hidden">{t('office.roster.col.actions')}</span>,
      cell: (row) => (
        <form method="post" action={`${base}/${row.unitId}/remove`} class="inline-form">
          <Csrf token={ctx.csrfToken} />
          <button type="submit" class="button button-small" aria-label={t('office.roster.removeLabel', { unit: row.name })}>
            {t('office.roster.remove')}
          </button>
        </form>
      ),
    },
  ];
  return (
    <ConsultationFrame ctx={ctx} consultation={view} current="roster" heading={t('office.roster.title')} phase={view.phase} flash={props.flash} wide>
      <p>{t('office.roster.intro', { address: view.intakeAddress })}</p>
      {view.state === 'draft' ? <DraftUnits ctx={ctx} view={view} /> : null}

      <section aria-labelledby="roster-list">
        <h2 id="roster-list">{t('office.roster.listTitle', { count: view.rows.length })}</h2>
        {forms.invite?.error ? (
          <p class="error-text" role="alert">
            {forms.invite.error}
          </p>
        ) : null}
        <DataTable class="data-table roster-table" columns={columns} rows={view.rows} empty={t('office.roster.empty')} />
        {view.rows.length > 0 ? (
          <form method="post" action={`${base}/invite`} class="stack-form">
            <Csrf token={ctx.csrfToken} />
            <p class="hint" id="invite-hint">
              {canInvite ? t('office.roster.inviteHint', { without: withoutAddress }) : view.state === 'draft' ? t('office.roster.inviteAfterPublish') : t('office.roster.inviteClosed')}
            </p>
            <button type="submit" class="button button-primary" disabled={!canInvite} aria-describedby="invite-hint">
              {t('office.roster.invite')}
            </button>
          </form>
        ) : null}
      </section>

      <section aria-labelledby="roster-add">
        <h2 id="roster-add">{t('office.roster.addTitle')}</h2>
        <form method="post" action={`${base}/add`} class="stack-form">
          <Csrf token={ctx.csrfToken} />
          <Field id="add-name" label={t('office.roster.unitName')} error={forms.add?.errors.name} required>
            {(aria) => <input {...aria} name="name" type="text" maxlength={100} required value={forms.add?.values.name ?? ''} />}
          </Field>
          <Field id="add-addresses" label={t('office.roster.addresses')} hint={t('office.roster.addressesHint')} error={forms.add?.errors.addresses}>
            {(aria) => (
              <textarea {...aria} name="addresses" rows={2}>
                {forms.add?.values.addresses ?? ''}
              </textarea>
            )}
          </Field>
          <button type="submit" class="button">
            {t('office.roster.add')}
          </button>
        </form>
      </section>
    </ConsultationFrame>
  );
}
