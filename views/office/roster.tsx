// A consultation's roster of units: who is asked, where to write to them, whether they were
// invited and answered; adding, changing addresses, removing, and sending the invitations.
import type { RosterRow } from '../../src/departments/roster.ts';
import type { Phase } from '../../src/drafts/window.ts';
import { formatDateTime } from '../../src/lib/time.ts';
import { ConsultationFrame, consultationHref } from './consultation-nav.tsx';
import { Csrf, describedBy, Field, type FieldErrors } from '../shared/kit.tsx';
import type { OfficeContext } from '../shared/context.ts';

export interface RosterView {
  slug: string;
  title: string;
  phase: Phase;
  state: 'draft' | 'published';
  rows: RosterRow[];
  /** Before publishing: the units the text names, which publishing puts on the roster. */
  draftUnits: { name: string; role: 'lead' | 'support' }[];
  collective: string[];
  intakeAddress: string;
}

export interface RosterForms {
  add?: { values: { name: string; addresses: string }; errors: FieldErrors };
  /** An address form refused, by unit id. */
  addresses?: { unitId: number; value: string; error: string };
  invite?: { error: string };
}

export function RosterPage(props: { ctx: OfficeContext; view: RosterView; forms: RosterForms; flash: string | null }) {
  const { ctx, view, forms } = props;
  const { t } = ctx;
  const base = consultationHref(view.slug, 'roster');
  const canInvite = view.phase === 'open' || view.phase === 'upcoming';
  const withoutAddress = view.rows.filter((r) => r.addresses.length === 0).length;
  return (
    <ConsultationFrame ctx={ctx} consultation={view} current="roster" heading={t('office.roster.title')} phase={view.phase} flash={props.flash} wide>
      <p>{t('office.roster.intro', { address: view.intakeAddress })}</p>

      {view.state === 'draft' ? (
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
      ) : null}

      <section aria-labelledby="roster-list">
        <h2 id="roster-list">{t('office.roster.listTitle', { count: view.rows.length })}</h2>
        {forms.invite?.error ? (
          <p class="error-text" role="alert">
            {forms.invite.error}
          </p>
        ) : null}
        {view.rows.length === 0 ? (
          <p>{t('office.roster.empty')}</p>
        ) : (
          <div class="table-scroll">
            <table class="data-table roster-table">
              <thead>
                <tr>
                  <th scope="col">{t('office.roster.col.unit')}</th>
                  <th scope="col">{t('office.roster.col.role')}</th>
                  <th scope="col">{t('office.roster.col.status')}</th>
                  <th scope="col">{t('office.roster.col.addresses')}</th>
                  <th scope="col">{t('office.roster.col.invited')}</th>
                  <th scope="col">
                    <span class="visually-hidden">{t('office.roster.col.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {view.rows.map((row) => {
                  const refused = forms.addresses?.unitId === row.unitId ? forms.addresses : null;
                  const id = `addr-${row.unitId}`;
                  return (
                    <tr id={`unit-${row.unitId}`}>
                      <th scope="row">{row.name}</th>
                      <td>{t(`departments.role.${row.role}`)}</td>
                      <td>
                        {t(`departments.response.${row.status}`)}
                        {row.commentCount > 0 ? <span class="hint"> {t('office.roster.comments', { count: row.commentCount })}</span> : null}
                      </td>
                      <td>
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
                          <form method="post" action={`${base}/${row.unitId}/addresses`} class="stack-form">
                            <Csrf token={ctx.csrfToken} />
                            <Field id={id} label={t('office.roster.addressesFor', { unit: row.name })} hint={t('office.roster.addressesHint')} error={refused?.error}>
                              <textarea id={id} name="addresses" rows={2} aria-describedby={describedBy(id, refused?.error)} aria-invalid={refused?.error ? 'true' : undefined}>
                                {refused ? refused.value : row.addresses.join('\n')}
                              </textarea>
                            </Field>
                            <button type="submit" class="button button-small">
                              {t('office.roster.saveAddresses')}
                            </button>
                          </form>
                        </details>
                      </td>
                      <td>{row.invitedAt ? formatDateTime(row.invitedAt, ctx.locale) : t('office.roster.notInvited')}</td>
                      <td>
                        <form method="post" action={`${base}/${row.unitId}/remove`} class="inline-form">
                          <Csrf token={ctx.csrfToken} />
                          <button type="submit" class="button button-small" aria-label={t('office.roster.removeLabel', { unit: row.name })}>
                            {t('office.roster.remove')}
                          </button>
                        </form>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
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
            <input id="add-name" name="name" type="text" maxlength={100} required value={forms.add?.values.name ?? ''} aria-describedby={describedBy('add-name', forms.add?.errors.name, false)} aria-invalid={forms.add?.errors.name ? 'true' : undefined} />
          </Field>
          <Field id="add-addresses" label={t('office.roster.addresses')} hint={t('office.roster.addressesHint')} error={forms.add?.errors.addresses}>
            <textarea id="add-addresses" name="addresses" rows={2} aria-describedby={describedBy('add-addresses', forms.add?.errors.addresses)} aria-invalid={forms.add?.errors.addresses ? 'true' : undefined}>
              {forms.add?.values.addresses ?? ''}
            </textarea>
          </Field>
          <button type="submit" class="button">
            {t('office.roster.add')}
          </button>
        </form>
      </section>
    </ConsultationFrame>
  );
}
