// The office's changes to a consultation's roster: adding a unit, setting a unit's addresses,
// taking it off, and sending the invitations. src/departments owns the rules (names, addresses,
// who is invited); each command writes that module's queries and its audit entry in one batch.
import type { Actor } from '../auth/audit.ts';
import type { Consultation } from '../db/schema.ts';
import { type InvitationReport, type OutboundSettings, planInvitations } from '../departments/invitations.ts';
import {
  findUnitById,
  findUnitByName,
  listRosterUnitIds,
  planAddUnitToRoster,
  planUnitAddresses,
  removeUnitFromRosterQuery,
  type RosterRefusal,
  unitIdByName,
} from '../departments/roster.ts';
import type { Locale } from '../lib/i18n.ts';
import { unitAuditQuery } from './audit.ts';
import type { OfficeDeps, Refused } from './commands.ts';

type NotOnRoster = Refused<'notOnRoster'>;

export async function addToRoster(
  deps: OfficeDeps,
  input: { consultation: Consultation; name: string; addresses: string; actor: Actor },
): Promise<{ ok: true; unitId: number; name: string } | RosterRefusal> {
  const { db } = deps;
  const now = deps.clock();
  const plan = await planAddUnitToRoster(db, { consultationId: input.consultation.id, name: input.name, addresses: input.addresses, now });
  if (!plan.ok) return plan;
  const k = db.kysely;
  await db.batch([
    ...plan.queries,
    unitAuditQuery(k, input.actor, input.consultation.id, unitIdByName(k, plan.name), 'roster-add', { name: plan.name, addresses: plan.addresses }, now),
  ]);
  const unit = (await findUnitByName(db, plan.name))!;
  return { ok: true, unitId: unit.id, name: unit.name };
}

/** The unit, if it is on this consultation's roster: the office changes only the units it asks. */
async function rosterUnit(deps: OfficeDeps, consultation: Consultation, unitId: number) {
  const unit = await findUnitById(deps.db, unitId);
  return unit && (await listRosterUnitIds(deps.db, consultation.id)).includes(unit.id) ? unit : undefined;
}

export async function setRosterAddresses(
  deps: OfficeDeps,
  input: { consultation: Consultation; unitId: number; addresses: string; actor: Actor },
): Promise<{ ok: true; name: string } | RosterRefusal | NotOnRoster> {
  const { db } = deps;
  const unit = await rosterUnit(deps, input.consultation, input.unitId);
  if (!unit) return { ok: false, code: 'notOnRoster' };
  const plan = await planUnitAddresses(db, unit.id, input.addresses);
  if (!plan.ok) return plan;
  await db.batch([
    ...plan.queries,
    unitAuditQuery(db.kysely, input.actor, input.consultation.id, unit.id, 'roster-addresses', { name: unit.name, addresses: plan.addresses }, deps.clock()),
  ]);
  return { ok: true, name: unit.name };
}

/** Takes a unit off the roster; its comments, addresses and any mail already queued stay. */
export async function removeFromRoster(
  deps: OfficeDeps,
  input: { consultation: Consultation; unitId: number; actor: Actor },
): Promise<{ ok: true; name: string } | NotOnRoster> {
  const { db } = deps;
  const unit = await rosterUnit(deps, input.consultation, input.unitId);
  if (!unit) return { ok: false, code: 'notOnRoster' };
  await db.batch([
    removeUnitFromRosterQuery(db.kysely, input.consultation.id, unit.id),
    unitAuditQuery(db.kysely, input.actor, input.consultation.id, unit.id, 'roster-remove', { name: unit.name }, deps.clock()),
  ]);
  return { ok: true, name: unit.name };
}

/** Invites every unit on the roster not invited yet that has an address; audited when any is. */
export async function inviteRoster(
  deps: OfficeDeps,
  input: { consultation: Consultation; settings: OutboundSettings; locale: Locale; actor: Actor },
): Promise<{ ok: true; report: InvitationReport } | RosterRefusal> {
  const { db } = deps;
  const now = deps.clock();
  const plan = await planInvitations(db, { consultationId: input.consultation.id, settings: input.settings, now, locale: input.locale });
  if (!plan.ok) return plan;
  const { report } = plan;
  if (report.queued.length) {
    const messages = report.queued.reduce((n, q) => n + q.addresses.length, 0);
    await db.batch([
      ...plan.queries,
      unitAuditQuery(db.kysely, input.actor, input.consultation.id, null, 'invite', { units: report.queued.map((q) => q.name), messages, withoutAddress: report.withoutAddress.map((u) => u.name) }, now),
    ]);
  }
  return { ok: true, report };
}
