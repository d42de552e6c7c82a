// Units (单位/部门), their addresses, and each consultation's roster: who is asked, who answered.
// Verb-first data functions over Kysely; every write is one db.batch.
//
// Units are global and kept by name: 区生态环境局 asked by two consultations is one unit with one
// set of addresses. An address belongs to one unit only, so a sender's address names its unit.
import type { CompiledQuery, Kysely } from 'kysely';
import { z } from 'zod';
import type { AppDatabase } from '../db/database.ts';
import type { Block, Database, RosterRole, UnitResponse } from '../db/schema.ts';
import { listBlocks } from '../drafts/store.ts';
import { AppError } from '../http/errors.ts';
import { type MessageKey, type Translate, translator } from '../lib/i18n.ts';
import { unitStanding } from '../lib/unit-standing.ts';
import type { Params } from '../lib/messages/types.ts';
import { type CollectiveEntry, collectDraftUnits, isCollectiveUnitName } from './units.ts';

export const MAX_UNIT_NAME = 100;
export const MAX_ADDRESSES_PER_UNIT = 10;

/** Where a unit stands: 已反馈 (sent comments) / 无意见 (said it has none) / 未反馈. */
export type RosterStatus = 'responded' | 'no_comments' | 'none';

export interface RosterRow {
  entryId: number;
  unitId: number;
  name: string;
  role: RosterRole;
  status: RosterStatus;
  respondedAt: string | null;
  invitedAt: string | null;
  remindedAt: string | null;
  addresses: string[];
  /** The addresses this consultation's invitation went to (they may since have changed). */
  invitedAddresses: string[];
  /** Comments from this unit on this consultation, spam and what is not an opinion excluded. */
  commentCount: number;
}

export interface RosterSummary {
  total: number;
  responded: number;
  noComments: number;
  none: number;
  /** Units nobody can write to yet. */
  withoutAddress: number;
  invited: number;
}

export interface RosterSeedReport {
  /** Units put on the roster by this call. */
  added: { name: string; role: 'lead' | 'support' }[];
  /** Units already on the roster as support that the draft also makes lead. */
  promoted: string[];
  /** Draft-named units already on the roster, unchanged. */
  unchanged: number;
  /** Entries such as 区直有关单位 or 各乡(镇)街道, kept off the roster: add their units by hand. */
  collective: CollectiveEntry[];
  /** Names that are probably one unit spelt two ways: both are on the roster; remove one. */
  similar: [string, string][];
}

const zhT = translator('zh-CN');

// ---- refusals

export type RosterRefusalCode =
  | 'unit_name_required'
  | 'unit_name_too_long'
  | 'unit_name_collective'
  | 'consultation_not_found'
  | 'unit_not_found'
  | 'invalid_address'
  | 'too_many_addresses'
  | 'address_taken'
  | 'not_published'
  | 'closed';

/** Why a roster change is refused: a code, its parameters, and the field of the form it is about. */
export interface RosterRefusal {
  ok: false;
  code: RosterRefusalCode;
  params?: Params;
  field?: 'name' | 'addresses';
}

/** Each refusal's words in the dictionary and its HTTP status. */
export const ROSTER_REFUSALS: Record<RosterRefusalCode, { key: MessageKey; status: 404 | 409 | 422 }> = {
  unit_name_required: { key: 'departments.error.unitName.required', status: 422 },
  unit_name_too_long: { key: 'departments.error.unitName.tooLong', status: 422 },
  unit_name_collective: { key: 'departments.error.unitName.collective', status: 422 },
  consultation_not_found: { key: 'departments.error.consultation.notFound', status: 404 },
  unit_not_found: { key: 'departments.error.unit.notFound', status: 404 },
  invalid_address: { key: 'departments.error.address.invalid', status: 422 },
  too_many_addresses: { key: 'departments.error.address.tooMany', status: 422 },
  address_taken: { key: 'departments.error.address.taken', status: 409 },
  not_published: { key: 'departments.error.invite.notPublished', status: 409 },
  closed: { key: 'departments.error.invite.closed', status: 409 },
};

/** The refusal as the AppError the writing functions throw, worded by `t`. */
export function rosterError(refusal: RosterRefusal, t: Translate): AppError {
  const { key, status } = ROSTER_REFUSALS[refusal.code];
  const message = t(key, refusal.params);
  return new AppError(status, refusal.code, message, refusal.field ? { fields: { [refusal.field]: message } } : {});
}

const refused = (code: RosterRefusalCode, params?: Params, field?: RosterRefusal['field']): RosterRefusal => ({
  ok: false,
  code,
  ...(params ? { params } : {}),
  ...(field ? { field } : {}),
});

// ---- addresses

/** Splits what an officer typed (one per line, or separated by commas, semicolons, spaces). */
export function splitAddresses(input: string | string[]): string[] {
  const parts = (Array.isArray(input) ? input : [input]).flatMap((s) => s.split(/[\s,;，；、]+/));
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of parts) {
    const address = part.trim().replace(/^<|>$/g, '').replace(/^mailto:/i, '');
    if (!address || seen.has(address.toLowerCase())) continue;
    seen.add(address.toLowerCase());
    out.push(address);
  }
  return out;
}

const emailSchema = z.email();

/** The addresses, trimmed and de-duplicated; refused naming every malformed one. */
export function checkAddresses(input: string | string[]): { ok: true; addresses: string[] } | RosterRefusal {
  const addresses = splitAddresses(input);
  const bad = addresses.filter((a) => a.length > 254 || !emailSchema.safeParse(a).success);
  if (bad.length) return refused('invalid_address', { list: bad.join(', ') }, 'addresses');
  if (addresses.length > MAX_ADDRESSES_PER_UNIT) return refused('too_many_addresses', { max: MAX_ADDRESSES_PER_UNIT }, 'addresses');
  return { ok: true, addresses };
}

/** checkAddresses, throwing a 422 when refused. */
export function validateAddresses(input: string | string[], t: Translate = zhT): string[] {
  const checked = checkAddresses(input);
  if (!checked.ok) throw rosterError(checked, t);
  return checked.addresses;
}

/** Refuses addresses registered to another unit, naming it. */
async function addressConflict(db: AppDatabase, addresses: string[], unitId: number | null): Promise<RosterRefusal | null> {
  for (const address of addresses) {
    const owner = await findUnitByAddress(db, address);
    if (owner && owner.id !== unitId) return refused('address_taken', { address, unit: owner.name }, 'addresses');
  }
  return null;
}

/** The unit an address belongs to (case-insensitive), or undefined: then the sender is a person or organisation. */
export async function findUnitByAddress(db: AppDatabase, address: string): Promise<{ id: number; name: string } | undefined> {
  const clean = address.trim().replace(/^<|>$/g, '');
  if (!clean) return undefined;
  return db.kysely
    .selectFrom('unit_addresses')
    .innerJoin('units', 'units.id', 'unit_addresses.unit_id')
    .select(['units.id', 'units.name'])
    .where('unit_addresses.email', '=', clean)
    .executeTakeFirst();
}

/**
 * Replaces a unit's addresses with these (one or more; an empty list removes them all).
 * Throws 422 for a malformed address, 409 for one that belongs to another unit; nothing is
 * changed then. Returns the addresses stored.
 */
export async function setUnitAddresses(db: AppDatabase, unitId: number, input: string | string[], options: { t?: Translate } = {}): Promise<string[]> {
  const plan = await planUnitAddresses(db, unitId, input);
  if (!plan.ok) throw rosterError(plan, options.t ?? zhT);
  await db.batch(plan.queries);
  return plan.addresses;
}

/** setUnitAddresses as queries, for a caller that writes them in a larger batch; refused as it would throw. */
export async function planUnitAddresses(
  db: AppDatabase,
  unitId: number,
  input: string | string[],
): Promise<{ ok: true; addresses: string[]; queries: CompiledQuery[] } | RosterRefusal> {
  const checked = checkAddresses(input);
  if (!checked.ok) return checked;
  const { addresses } = checked;
  if (!(await findUnitById(db, unitId))) return refused('unit_not_found');
  const conflict = await addressConflict(db, addresses, unitId);
  if (conflict) return conflict;
  const k = db.kysely;
  return {
    ok: true,
    addresses,
    queries: [
      k.deleteFrom('unit_addresses').where('unit_id', '=', unitId).compile(),
      ...addresses.map((email) => k.insertInto('unit_addresses').values({ unit_id: unitId, email }).compile()),
    ],
  };
}

export async function listUnitAddresses(db: AppDatabase, unitId: number): Promise<string[]> {
  const rows = await db.kysely.selectFrom('unit_addresses').select('email').where('unit_id', '=', unitId).orderBy('id').execute();
  return rows.map((r) => r.email);
}

// ---- units

export async function findUnitById(db: AppDatabase, id: number): Promise<{ id: number; name: string } | undefined> {
  return db.kysely.selectFrom('units').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
}

export async function findUnitByName(db: AppDatabase, name: string): Promise<{ id: number; name: string } | undefined> {
  return db.kysely.selectFrom('units').select(['id', 'name']).where('name', '=', name.trim()).executeTakeFirst();
}

/** Every unit with its addresses, by name: for a picker, and for the mail pipeline's IntakeUnit list. */
export async function listUnits(db: AppDatabase): Promise<{ id: number; name: string; addresses: string[] }[]> {
  const units = await db.kysely.selectFrom('units').select(['id', 'name']).orderBy('name').execute();
  const addresses = await db.kysely.selectFrom('unit_addresses').select(['unit_id', 'email']).orderBy('id').execute();
  const byUnit = new Map<number, string[]>();
  for (const a of addresses) byUnit.set(a.unit_id, [...(byUnit.get(a.unit_id) ?? []), a.email]);
  return units.map((u) => ({ ...u, addresses: byUnit.get(u.id) ?? [] }));
}

function unitNameRefusal(name: string): RosterRefusal | null {
  if (!name) return refused('unit_name_required', undefined, 'name');
  if ([...name].length > MAX_UNIT_NAME) return refused('unit_name_too_long', { max: MAX_UNIT_NAME }, 'name');
  if (isCollectiveUnitName(name)) return refused('unit_name_collective', { name }, 'name');
  return null;
}

/** The id of the unit of that name, found when the batch runs (the unit may be created in it). */
export const unitIdByName = (k: Kysely<Database>, name: string) => k.selectFrom('units').select('id').where('name', '=', name);

function insertUnitQuery(k: Kysely<Database>, name: string, now: Date): CompiledQuery {
  return k
    .insertInto('units')
    .values({ name, created_at: now.toISOString() })
    .onConflict((oc) => oc.column('name').doNothing())
    .compile();
}

// ---- roster

/**
 * Puts the units the draft names as responsible (blocks.lead_units / support_units) on the
 * consultation's roster: lead if the draft makes them lead anywhere, else support. Collective
 * entries (区直有关单位, 各乡(镇)街道) stay off and are reported. Idempotent: running it again adds
 * nothing and keeps addresses, invitations and responses; a support unit later named lead is
 * promoted. It does put back a draft-named unit an officer removed, so call it when a draft is
 * imported, not on every page view.
 */
export async function seedRosterFromDraft(db: AppDatabase, consultationId: number, now: Date): Promise<RosterSeedReport> {
  const { queries, report } = await seedRosterQueries(db, consultationId, now);
  if (queries.length) await db.batch(queries);
  return report;
}

/**
 * seedRosterFromDraft as queries, for a caller that writes them in a larger batch. `blocks` are
 * the text whose units to seed, when not the current version's (a revision being published).
 */
export async function seedRosterQueries(db: AppDatabase, consultationId: number, now: Date, blocks?: Block[]): Promise<{ queries: CompiledQuery[]; report: RosterSeedReport }> {
  const draft = collectDraftUnits(blocks ?? (await listBlocks(db, consultationId)));
  const existing = new Map(
    (
      await db.kysely
        .selectFrom('roster_entries')
        .innerJoin('units', 'units.id', 'roster_entries.unit_id')
        .select(['units.name', 'roster_entries.role'])
        .where('roster_entries.consultation_id', '=', consultationId)
        .execute()
    ).map((r) => [r.name, r.role]),
  );
  const report: RosterSeedReport = { added: [], promoted: [], unchanged: 0, collective: draft.collective, similar: draft.similar };
  const k = db.kysely;
  const queries: CompiledQuery[] = [];
  for (const unit of draft.units) {
    const had = existing.get(unit.name);
    if (had === undefined) report.added.push({ name: unit.name, role: unit.role });
    else if (had === 'support' && unit.role === 'lead') report.promoted.push(unit.name);
    else report.unchanged += 1;
    queries.push(
      insertUnitQuery(k, unit.name, now),
      k
        .insertInto('roster_entries')
        .values({ consultation_id: consultationId, unit_id: unitIdByName(k, unit.name), role: unit.role, created_at: now.toISOString() })
        .onConflict((oc) =>
          oc
            .columns(['consultation_id', 'unit_id'])
            .doUpdateSet({ role: 'lead' })
            .where('roster_entries.role', '=', 'support')
            .where((eb) => eb.ref('excluded.role'), '=', 'lead'),
        )
        .compile(),
    );
  }
  return { queries, report };
}

/** Gives the unit of that name an address unless the address is taken (seeding; no validation). */
export function addUnitAddressByNameQuery(k: Kysely<Database>, unitName: string, email: string): CompiledQuery {
  return k
    .insertInto('unit_addresses')
    .values({ unit_id: unitIdByName(k, unitName), email })
    .onConflict((oc) => oc.column('email').doNothing())
    .compile();
}

/**
 * Adds a unit the office wants to ask (role 'added'), creating the unit if it is new, with
 * optional addresses added to those it already has. Nothing is written if the name or an
 * address is refused (422/409). A unit already on the roster keeps its role.
 */
export async function addUnitToRoster(
  db: AppDatabase,
  input: { consultationId: number; name: string; addresses?: string | string[]; now: Date },
  options: { t?: Translate } = {},
): Promise<{ unitId: number; addresses: string[] }> {
  const plan = await planAddUnitToRoster(db, input);
  if (!plan.ok) throw rosterError(plan, options.t ?? zhT);
  await db.batch(plan.queries);
  const unit = (await findUnitByName(db, plan.name))!;
  return { unitId: unit.id, addresses: await listUnitAddresses(db, unit.id) };
}

/**
 * addUnitToRoster as queries, for a caller that writes them in a larger batch; refused as it
 * would throw. `name` is the unit's name as stored, `addresses` all its addresses afterwards.
 */
export async function planAddUnitToRoster(
  db: AppDatabase,
  input: { consultationId: number; name: string; addresses?: string | string[]; now: Date },
): Promise<{ ok: true; name: string; addresses: string[]; queries: CompiledQuery[] } | RosterRefusal> {
  const name = input.name.replace(/\s+/g, ' ').trim();
  const nameRefusal = unitNameRefusal(name);
  if (nameRefusal) return nameRefusal;
  const consultation = await db.kysely.selectFrom('consultations').select('id').where('id', '=', input.consultationId).executeTakeFirst();
  if (!consultation) return refused('consultation_not_found');
  const checked = input.addresses === undefined ? { ok: true as const, addresses: [] } : checkAddresses(input.addresses);
  if (!checked.ok) return checked;
  const { addresses } = checked;
  const existing = await findUnitByName(db, name);
  const conflict = await addressConflict(db, addresses, existing?.id ?? null);
  if (conflict) return conflict;
  const knownList = existing ? await listUnitAddresses(db, existing.id) : [];
  const known = new Set(knownList.map((a) => a.toLowerCase()));
  const fresh = addresses.filter((a) => !known.has(a.toLowerCase()));
  if (known.size + fresh.length > MAX_ADDRESSES_PER_UNIT) return refused('too_many_addresses', { max: MAX_ADDRESSES_PER_UNIT }, 'addresses');
  const k = db.kysely;
  return {
    ok: true,
    name,
    addresses: [...knownList, ...fresh],
    queries: [
      insertUnitQuery(k, name, input.now),
      ...fresh.map((email) => addUnitAddressByNameQuery(k, name, email)),
      k
        .insertInto('roster_entries')
        .values({ consultation_id: input.consultationId, unit_id: unitIdByName(k, name), role: 'added', created_at: input.now.toISOString() })
        .onConflict((oc) => oc.columns(['consultation_id', 'unit_id']).doNothing())
        .compile(),
    ],
  };
}

/**
 * Takes a unit off a consultation's roster. Its comments, its addresses and any mail already
 * queued stay. Returns false if it was not on the roster.
 */
export async function removeUnitFromRoster(db: AppDatabase, consultationId: number, unitId: number): Promise<boolean> {
  const [result] = await db.batch([removeUnitFromRosterQuery(db.kysely, consultationId, unitId)]);
  return result?.changes === 1;
}

export function removeUnitFromRosterQuery(k: Kysely<Database>, consultationId: number, unitId: number): CompiledQuery {
  return k.deleteFrom('roster_entries').where('consultation_id', '=', consultationId).where('unit_id', '=', unitId).compile();
}

/** The roster with each unit's status, addresses and comment count: lead units first, then support, then added. */
export async function listRoster(db: AppDatabase, consultationId: number): Promise<RosterRow[]> {
  const rows = await db.kysely
    .selectFrom('roster_entries as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select((eb) => [
      'r.id',
      'r.unit_id',
      'u.name',
      'r.role',
      'r.response',
      'r.responded_at',
      'r.invited_at',
      'r.reminded_at',
      eb
        .selectFrom('comments as c')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('c.consultation_id', '=', 'r.consultation_id')
        .whereRef('c.unit_id', '=', 'r.unit_id')
        .where('c.status', '!=', 'spam')
        .where('c.not_opinion_at', 'is', null)
        .as('comment_count'),
      eb
        .selectFrom('comments as c')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('c.consultation_id', '=', 'r.consultation_id')
        .whereRef('c.unit_id', '=', 'r.unit_id')
        .where('c.not_opinion_at', 'is not', null)
        .as('not_opinion_count'),
    ])
    .where('r.consultation_id', '=', consultationId)
    .orderBy((eb) => eb.case().when('r.role', '=', 'lead').then(0).when('r.role', '=', 'support').then(1).else(2).end())
    .orderBy('r.id')
    .execute();
  if (!rows.length) return [];
  const addresses = await db.kysely
    .selectFrom('unit_addresses')
    .select(['unit_id', 'email'])
    .where(
      'unit_id',
      'in',
      rows.map((r) => r.unit_id),
    )
    .orderBy('id')
    .execute();
  const byUnit = new Map<number, string[]>();
  for (const a of addresses) byUnit.set(a.unit_id, [...(byUnit.get(a.unit_id) ?? []), a.email]);
  const invited = await db.kysely.selectFrom('invitation_addresses').select(['unit_id', 'email']).where('consultation_id', '=', consultationId).orderBy('id').execute();
  const invitedByUnit = new Map<number, string[]>();
  for (const a of invited) invitedByUnit.set(a.unit_id, [...(invitedByUnit.get(a.unit_id) ?? []), a.email]);
  return rows.map((r) => {
    const commentCount = Number(r.comment_count ?? 0);
    const status = rosterStatus(r.response, commentCount, Number(r.not_opinion_count ?? 0));
    return {
      entryId: r.id,
      unitId: r.unit_id,
      name: r.name,
      role: r.role,
      status,
      respondedAt: r.responded_at,
      invitedAt: r.invited_at,
      remindedAt: r.reminded_at,
      addresses: byUnit.get(r.unit_id) ?? [],
      invitedAddresses: invitedByUnit.get(r.unit_id) ?? [],
      commentCount,
    };
  });
}

/** Where a rostered unit stands: src/lib/unit-standing.ts, in the board's words. */
export function rosterStatus(response: UnitResponse, opinions: number, notOpinions: number): RosterStatus {
  const standing = unitStanding(response, opinions, notOpinions);
  return standing === 'comments' ? 'responded' : standing;
}

/** Counts for the department board's heading: 12 units, 5 responded, 2 no comments, 5 not yet. */
export function summarizeRoster(rows: RosterRow[]): RosterSummary {
  return {
    total: rows.length,
    responded: rows.filter((r) => r.status === 'responded').length,
    noComments: rows.filter((r) => r.status === 'no_comments').length,
    none: rows.filter((r) => r.status === 'none').length,
    withoutAddress: rows.filter((r) => r.addresses.length === 0).length,
    invited: rows.filter((r) => r.invitedAt !== null).length,
  };
}

/** Unit ids on a consultation's roster (IntakeConsultation.rosterUnitIds). */
export async function listRosterUnitIds(db: AppDatabase, consultationId: number): Promise<number[]> {
  const rows = await db.kysely.selectFrom('roster_entries').select('unit_id').where('consultation_id', '=', consultationId).execute();
  return rows.map((r) => r.unit_id);
}

/**
 * For the mail pipeline, in the batch that stores a unit's message: records that the unit
 * responded. 'comments' wins over 'no_comments' (a unit that first said 无意见 and then sent
 * comments has responded), and the first response time is kept. A unit not on the roster is
 * added to it (role 'added'): it took part, so the board should show it.
 */
export function recordUnitResponseQuery(
  k: Kysely<Database>,
  input: { consultationId: number; unitId: number; response: Exclude<UnitResponse, 'none'>; at: Date },
): CompiledQuery {
  const at = input.at.toISOString();
  return k
    .insertInto('roster_entries')
    .values({ consultation_id: input.consultationId, unit_id: input.unitId, role: 'added', response: input.response, responded_at: at, created_at: at })
    .onConflict((oc) =>
      oc.columns(['consultation_id', 'unit_id']).doUpdateSet((eb) => ({
        response: eb.case().when('roster_entries.response', '=', 'comments').then(eb.val<UnitResponse>('comments')).else(eb.ref('excluded.response')).end(),
        responded_at: eb.fn.coalesce('roster_entries.responded_at', eb.ref('excluded.responded_at')),
      })),
    )
    .compile();
}
