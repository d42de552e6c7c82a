// The roster page: the units a consultation asks, through src/departments' functions (which own
// the rules for names, addresses and invitations); this module only shows them and audits.
import { Hono } from 'hono';
import { auditQuery } from '../auth/audit.ts';
import { requireRole, ROLES } from '../auth/guards.ts';
import { clientIp, officeContext, readOfficeForm, setFlash, signedInOfficer, takeFlash } from '../auth/office.ts';
import type { Consultation } from '../db/schema.ts';
import { queueInvitations } from '../departments/invitations.ts';
import { addUnitToRoster, findUnitById, listRoster, removeUnitFromRoster, setUnitAddresses } from '../departments/roster.ts';
import { collectDraftUnits } from '../departments/units.ts';
import { listBlocks } from '../drafts/store.ts';
import { consultationWindow } from '../drafts/window.ts';
import type { AppContext, AppEnv } from '../http/context.ts';
import { consultationOf } from '../http/consultation.ts';
import { AppError } from '../http/errors.ts';
import { sendHtml } from '../http/respond.ts';
import { consultationHref } from '../../views/office/consultation-nav.tsx';
import { type RosterForms, RosterPage, type RosterView } from '../../views/office/roster.tsx';
import { loadConsultation, mailDomainOf } from './routes.tsx';
import { intakeAddress } from './store.ts';

async function rosterView(c: AppContext, row: Consultation): Promise<RosterView> {
  const { db, clock } = c.var.services;
  const rows = await listRoster(db, row.id);
  const draft = row.state === 'draft' ? collectDraftUnits(await listBlocks(db, row.id)) : null;
  return {
    slug: row.slug,
    title: row.title,
    phase: consultationWindow(row).phase(clock()),
    state: row.state,
    rows,
    draftUnits: draft?.units.map((u) => ({ name: u.name, role: u.role })) ?? [],
    collective: [...new Set(draft?.collective.map((e) => e.name) ?? [])],
    intakeAddress: intakeAddress(row, mailDomainOf(c)),
  };
}

async function renderRoster(c: AppContext, row: Consultation, forms: RosterForms, status: 200 | 404 | 409 | 422 = 200, flash: string | null = null) {
  return sendHtml(c, <RosterPage ctx={await officeContext(c)} view={await rosterView(c, row)} forms={forms} flash={flash} />, status);
}

function refusalStatus(error: AppError): 404 | 409 | 422 {
  return error.status === 404 ? 404 : error.status === 409 ? 409 : 422;
}

/**
 * The departments functions write their own batch, so the audit entry follows in the next one:
 * written only once the change itself is stored, never for a change refused.
 */
async function audit(c: AppContext, row: Consultation, action: string, targetId: number | null, detail: Record<string, unknown>) {
  const { db, clock } = c.var.services;
  await db.batch([
    auditQuery(db.kysely, { officerId: signedInOfficer(c).id, action, consultationId: row.id, targetType: 'unit', targetId, detail, ip: clientIp(c) }, clock()),
  ]);
}

async function rosterUnit(c: AppContext, row: Consultation, unitIdText: string) {
  const unitId = Number(unitIdText);
  const unit = Number.isInteger(unitId) ? await findUnitById(c.var.services.db, unitId) : undefined;
  const onRoster = unit && (await listRoster(c.var.services.db, row.id)).some((r) => r.unitId === unit.id);
  if (!unit || !onRoster) throw new AppError(404, 'unit_not_found', c.var.t('office.roster.notOnRoster'));
  return unit;
}

export const rosterRoutes = new Hono<AppEnv>()
  .get('/', requireRole(...ROLES.office), async (c) => {
    const row = await loadConsultation(c, consultationOf(c).slug);
    return renderRoster(c, row, {}, 200, takeFlash(c));
  })

  .post('/add', requireRole(...ROLES.office), async (c) => {
    const { db, clock } = c.var.services;
    const t = c.var.t;
    const form = await readOfficeForm(c);
    const row = await loadConsultation(c, consultationOf(c).slug);
    const values = { name: (form.name ?? '').trim(), addresses: form.addresses ?? '' };
    try {
      const added = await addUnitToRoster(db, { consultationId: row.id, name: values.name, addresses: values.addresses, now: clock() }, { t });
      await audit(c, row, 'roster-add', added.unitId, { name: values.name, addresses: added.addresses });
      setFlash(c, t('office.roster.added', { unit: values.name }));
      return c.redirect(`${consultationHref(row.slug, 'roster')}#unit-${added.unitId}`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.status === 404) throw error;
      const fields = error.detail.fields ?? {};
      const errors = { name: fields.name, addresses: fields.addresses ?? (fields.name ? undefined : error.message) };
      return renderRoster(c, row, { add: { values, errors } }, refusalStatus(error));
    }
  })

  .post('/:unitId/addresses', requireRole(...ROLES.office), async (c) => {
    const { db } = c.var.services;
    const t = c.var.t;
    const form = await readOfficeForm(c);
    const row = await loadConsultation(c, consultationOf(c).slug);
    const unit = await rosterUnit(c, row, c.req.param('unitId'));
    const value = form.addresses ?? '';
    try {
      const stored = await setUnitAddresses(db, unit.id, value, { t });
      await audit(c, row, 'roster-addresses', unit.id, { name: unit.name, addresses: stored });
      setFlash(c, t('office.roster.addressesSaved', { unit: unit.name }));
      return c.redirect(`${consultationHref(row.slug, 'roster')}#unit-${unit.id}`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.status === 404) throw error;
      return renderRoster(c, row, { addresses: { unitId: unit.id, value, error: error.message } }, refusalStatus(error));
    }
  })

  .post('/:unitId/remove', requireRole(...ROLES.office), async (c) => {
    const t = c.var.t;
    await readOfficeForm(c);
    const row = await loadConsultation(c, consultationOf(c).slug);
    const unit = await rosterUnit(c, row, c.req.param('unitId'));
    if (await removeUnitFromRoster(c.var.services.db, row.id, unit.id)) await audit(c, row, 'roster-remove', unit.id, { name: unit.name });
    setFlash(c, t('office.roster.removed', { unit: unit.name }));
    return c.redirect(consultationHref(row.slug, 'roster'), 303);
  })

  .post('/invite', requireRole(...ROLES.office), async (c) => {
    const { db, clock, settings } = c.var.services;
    const t = c.var.t;
    await readOfficeForm(c);
    const row = await loadConsultation(c, consultationOf(c).slug);
    try {
      const report = await queueInvitations(
        db,
        { consultationId: row.id, settings: { publicBaseUrl: settings.publicBaseUrl, mailDomain: mailDomainOf(c) }, now: clock(), locale: 'zh-CN' },
        { t },
      );
      const messages = report.queued.reduce((n, q) => n + q.addresses.length, 0);
      if (report.queued.length) {
        await audit(c, row, 'invite', null, { units: report.queued.map((q) => q.name), messages, withoutAddress: report.withoutAddress.map((u) => u.name) });
      }
      const parts = [t('office.roster.invited', { units: report.queued.length, messages })];
      if (report.withoutAddress.length) parts.push(t('office.roster.invitedWithout', { names: report.withoutAddress.map((u) => u.name).join('、') }));
      if (report.alreadyInvited.length) parts.push(t('office.roster.invitedBefore', { count: report.alreadyInvited.length }));
      setFlash(c, parts.join(''));
      return c.redirect(consultationHref(row.slug, 'roster'), 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.status === 404) throw error;
      return renderRoster(c, row, { invite: { error: error.message } }, refusalStatus(error));
    }
  });
