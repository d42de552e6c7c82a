// The roster page: the units a consultation asks. The rules for names, addresses and invitations
// are src/departments'; the commands (./roster.ts) write each change with its audit entry, and
// refusals are worded here next to their field.
import { Hono } from 'hono';
import { requireRole, ROLES } from '../auth/guards.ts';
import { actorOf, officeContext, setFlash, takeFlash } from '../auth/office.ts';
import type { Consultation } from '../db/schema.ts';
import { ROSTER_REFUSALS, type RosterRefusal } from '../departments/roster.ts';
import { consultationOf } from '../http/consultation.ts';
import type { AppContext, AppEnv } from '../http/context.ts';
import { AppError } from '../http/errors.ts';
import { officeForm, positiveInt } from '../http/forms.ts';
import { page } from '../http/respond.ts';
import { consultationHref } from '../../views/office/consultation-nav.tsx';
import type { RosterForms } from '../../views/office/models.ts';
import { RosterPage } from '../../views/office/roster.tsx';
import { addUnitForm, emptyForm, unitAddressesForm } from './forms.ts';
import { presentRoster } from './present.ts';
import { formData, mailDomainOf, presentContext } from './request.ts';
import { addToRoster, inviteRoster, removeFromRoster, setRosterAddresses } from './roster.ts';

async function renderRoster(c: AppContext, row: Consultation, forms: RosterForms, status: 200 | 404 | 409 | 422 = 200, flash: string | null = null) {
  const view = await presentRoster(c.var.services.db, row, presentContext(c));
  return page(c, <RosterPage ctx={await officeContext(c)} view={view} forms={forms} flash={flash} />, status);
}

function refusalWords(c: AppContext, refusal: RosterRefusal): { status: 404 | 409 | 422; message: string } {
  const { key, status } = ROSTER_REFUSALS[refusal.code];
  return { status, message: c.var.t(key, refusal.params) };
}

/** A unit that is not on this roster (or no unit at all) is not found. */
function notOnRoster(c: AppContext): never {
  throw new AppError(404, 'unit_not_found', c.var.t('office.roster.notOnRoster'));
}

function unitIdOf(c: AppContext): number {
  return positiveInt(c.req.param('unitId')) ?? notOnRoster(c);
}

const rosterHref = (row: Consultation, unitId?: number) => `${consultationHref(row.slug, 'roster')}${unitId ? `#unit-${unitId}` : ''}`;

export const rosterRoutes = new Hono<AppEnv>()
  .get('/', requireRole(...ROLES.office), async (c) => {
    return renderRoster(c, consultationOf(c), {}, 200, takeFlash(c));
  })

  .post('/add', requireRole(...ROLES.office), async (c) => {
    const t = c.var.t;
    const form = await officeForm(c, addUnitForm);
    const row = consultationOf(c);
    const values = { name: form.values.name?.trim() ?? '', addresses: form.values.addresses ?? '' };
    if (!form.ok) return renderRoster(c, row, { add: { values, errors: form.errors } }, 422);
    const result = await addToRoster(c.var.services, { consultation: row, name: form.data.name, addresses: form.data.addresses, actor: actorOf(c) });
    if (result.ok) {
      setFlash(c, t('office.roster.added', { unit: form.data.name }));
      return c.redirect(rosterHref(row, result.unitId), 303);
    }
    const { status, message } = refusalWords(c, result);
    if (status === 404) throw new AppError(404, result.code, message);
    // A refusal about neither field (none today) is shown under the addresses.
    const errors = result.field === 'name' ? { name: message } : { addresses: message };
    return renderRoster(c, row, { add: { values, errors } }, status);
  })

  .post('/:unitId/addresses', requireRole(...ROLES.office), async (c) => {
    const t = c.var.t;
    const data = await formData(c, unitAddressesForm);
    const row = consultationOf(c);
    const unitId = unitIdOf(c);
    const result = await setRosterAddresses(c.var.services, { consultation: row, unitId, addresses: data.addresses, actor: actorOf(c) });
    if (result.ok) {
      setFlash(c, t('office.roster.addressesSaved', { unit: result.name }));
      return c.redirect(rosterHref(row, unitId), 303);
    }
    if (result.code === 'notOnRoster') notOnRoster(c);
    const { status, message } = refusalWords(c, result);
    if (status === 404) throw new AppError(404, result.code, message);
    return renderRoster(c, row, { addresses: { unitId, value: data.addresses, error: message } }, status);
  })

  .post('/:unitId/remove', requireRole(...ROLES.office), async (c) => {
    await formData(c, emptyForm);
    const row = consultationOf(c);
    const result = await removeFromRoster(c.var.services, { consultation: row, unitId: unitIdOf(c), actor: actorOf(c) });
    if (!result.ok) notOnRoster(c);
    setFlash(c, c.var.t('office.roster.removed', { unit: result.name }));
    return c.redirect(rosterHref(row), 303);
  })

  .post('/invite', requireRole(...ROLES.office), async (c) => {
    const t = c.var.t;
    await formData(c, emptyForm);
    const row = consultationOf(c);
    const { publicBaseUrl } = c.var.services.settings;
    // Invitations are written in Chinese, whoever sends them.
    const result = await inviteRoster(c.var.services, { consultation: row, settings: { publicBaseUrl, mailDomain: mailDomainOf(c) }, locale: 'zh-CN', actor: actorOf(c) });
    if (!result.ok) {
      const { status, message } = refusalWords(c, result);
      if (status === 404) throw new AppError(404, result.code, message);
      return renderRoster(c, row, { invite: { error: message } }, status);
    }
    const { report } = result;
    const messages = report.queued.reduce((n, q) => n + q.addresses.length, 0);
    const parts = [t('office.roster.invited', { units: report.queued.length, messages })];
    if (report.withoutAddress.length) parts.push(t('office.roster.invitedWithout', { names: report.withoutAddress.map((u) => u.name).join('、') }));
    if (report.alreadyInvited.length) parts.push(t('office.roster.invitedBefore', { count: report.alreadyInvited.length }));
    setFlash(c, parts.join(''));
    return c.redirect(rosterHref(row), 303);
  });
