// The unit directory: every unit the office knows, with its addresses, whatever consultation asks
// it. Commands to import a `name,email` file (npm run units:import and the office's upload), to
// rename a unit and to merge a typo variant into the unit it is. Each command is
// `(deps, input) → { ok } | { ok: false, code }` with its audit entry in the same batch.
import { type CompiledQuery, sql } from 'kysely';
import { type Actor, auditQuery } from '../auth/audit.ts';
import type { AppDatabase } from '../db/database.ts';
import type { UnitResponse } from '../db/schema.ts';
import type { Clock } from '../lib/time.ts';
import { type DirectoryFileProblem, type DirectoryPlan, type DirectoryRowProblem, type ExistingUnit, readDirectoryFile } from './directory-file.ts';
import { MAX_ADDRESSES_PER_UNIT, MAX_UNIT_NAME, unitIdByName } from './roster.ts';
import { isCollectiveUnitName } from './units.ts';

export interface DirectoryDeps {
  db: AppDatabase;
  clock: Clock;
}

/** Every unit with its addresses (for matching a file against), by id. */
export async function listExistingUnits(db: AppDatabase): Promise<ExistingUnit[]> {
  const [units, addresses] = await Promise.all([
    db.kysely.selectFrom('units').select(['id', 'name']).orderBy('id').execute(),
    db.kysely.selectFrom('unit_addresses').select(['unit_id', 'email']).orderBy('id').execute(),
  ]);
  const byUnit = new Map<number, string[]>();
  for (const a of addresses) byUnit.set(a.unit_id, [...(byUnit.get(a.unit_id) ?? []), a.email]);
  return units.map((u) => ({ ...u, addresses: byUnit.get(u.id) ?? [] }));
}

export interface DirectoryRow {
  id: number;
  name: string;
  addresses: string[];
  /** Consultations whose roster names it. */
  rosters: number;
  /** Comments filed as its (spam excluded). */
  comments: number;
  /** Messages waiting for an officer to confirm they are its. */
  proposals: number;
}

/** The directory as the office's page lists it, by name. */
export async function listDirectory(db: AppDatabase): Promise<DirectoryRow[]> {
  const result = await sql<{ id: number; name: string; rosters: number; comments: number; proposals: number }>`
    SELECT u.id, u.name,
      (SELECT count(*) FROM roster_entries r WHERE r.unit_id = u.id) AS rosters,
      (SELECT count(*) FROM comments c WHERE c.unit_id = u.id AND c.status != 'spam') AS comments,
      (SELECT count(*) FROM inbound_messages m WHERE m.proposed_unit_id = u.id AND m.unit_id IS NULL) AS proposals
    FROM units u ORDER BY u.name`.execute(db.kysely);
  const existing = new Map((await listExistingUnits(db)).map((u) => [u.id, u.addresses]));
  return result.rows.map((r) => ({ id: r.id, name: r.name, addresses: existing.get(r.id) ?? [], rosters: Number(r.rosters), comments: Number(r.comments), proposals: Number(r.proposals) }));
}

// ---------------------------------------------------------------------------------------------
// Importing a file

export type ImportOutcome =
  | { ok: true; plan: DirectoryPlan; applied: boolean }
  | { ok: false; code: 'bad-file'; file: DirectoryFileProblem }
  | { ok: false; code: 'bad-rows'; rows: DirectoryRowProblem[]; charset: string }
  /** The directory changed between reading and writing (another import, say): nothing was written. */
  | { ok: false; code: 'changed' };

/**
 * Reads a `name,email` file and, unless it is a dry run, writes what it adds — new units, new
 * addresses — in one batch with its audit entry. Any bad row refuses the whole file, naming every
 * bad row by its line; nothing is half-imported.
 */
export async function importUnitDirectory(
  deps: DirectoryDeps,
  input: { bytes: Uint8Array; fileName: string | null; dryRun: boolean; actor: Actor },
): Promise<ImportOutcome> {
  const { db } = deps;
  const reading = readDirectoryFile(input.bytes, await listExistingUnits(db), { maxNameLength: MAX_UNIT_NAME, maxAddressesPerUnit: MAX_ADDRESSES_PER_UNIT });
  if (!reading.ok) return 'file' in reading ? { ok: false, code: 'bad-file', file: reading.file } : { ok: false, code: 'bad-rows', rows: reading.rows, charset: reading.charset };
  const { plan } = reading;
  const changes = plan.newUnits.length + plan.newAddresses.length;
  if (input.dryRun || changes === 0) return { ok: true, plan, applied: false };
  const k = db.kysely;
  const now = deps.clock();
  const at = now.toISOString();
  const queries: CompiledQuery[] = [];
  for (const unit of plan.newUnits) {
    // A unit of that name created meanwhile makes the insert fail, and with it the whole batch.
    queries.push(k.insertInto('units').values({ name: unit.name, created_at: at }).compile());
    for (const address of unit.addresses) queries.push(k.insertInto('unit_addresses').values({ unit_id: unitIdByName(k, unit.name), email: address }).compile());
  }
  for (const added of plan.newAddresses) queries.push(k.insertInto('unit_addresses').values({ unit_id: added.unitId, email: added.address }).compile());
  queries.push(
    auditQuery(
      k,
      {
        officerId: input.actor.officerId,
        action: 'import-units',
        targetType: 'unit',
        detail: {
          file: input.fileName,
          rows: plan.rows,
          newUnits: plan.newUnits.map((u) => u.name),
          newAddresses: plan.newUnits.reduce((n, u) => n + u.addresses.length, 0) + plan.newAddresses.length,
        },
        ip: input.actor.ip,
      },
      now,
    ),
  );
  try {
    await db.batch(queries);
  } catch (error) {
    if (error instanceof Error && /UNIQUE constraint failed/.test(error.message)) return { ok: false, code: 'changed' };
    throw error;
  }
  return { ok: true, plan, applied: true };
}

// ---------------------------------------------------------------------------------------------
// Renaming and merging

export type RenameRefusal = 'not_found' | 'name_required' | 'name_too_long' | 'name_collective' | 'name_taken' | 'unchanged';

/**
 * Renames a unit (a typo in the draft, a reorganised bureau). Its comments that carried the old
 * name as their organisation carry the new one. A name another unit has is refused: merge them.
 */
export async function renameUnit(deps: DirectoryDeps, input: { unitId: number; name: string; actor: Actor }): Promise<{ ok: true; from: string; to: string } | { ok: false; code: RenameRefusal; params?: { unit?: string; max?: number } }> {
  const { db } = deps;
  const k = db.kysely;
  const name = input.name.replace(/[\s\u3000]+/g, ' ').trim();
  if (!name) return { ok: false, code: 'name_required' };
  if ([...name].length > MAX_UNIT_NAME) return { ok: false, code: 'name_too_long', params: { max: MAX_UNIT_NAME } };
  if (isCollectiveUnitName(name)) return { ok: false, code: 'name_collective' };
  const unit = await k.selectFrom('units').select(['id', 'name']).where('id', '=', input.unitId).executeTakeFirst();
  if (!unit) return { ok: false, code: 'not_found' };
  if (unit.name === name) return { ok: false, code: 'unchanged' };
  const other = await k.selectFrom('units').select('id').where('name', '=', name).executeTakeFirst();
  if (other) return { ok: false, code: 'name_taken', params: { unit: name } };
  const now = deps.clock();
  try {
    await db.batch([
      k.updateTable('units').set({ name }).where('id', '=', unit.id).where('name', '=', unit.name).compile(),
      k.updateTable('comments').set({ organization: name }).where('unit_id', '=', unit.id).where('organization', '=', unit.name).compile(),
      auditQuery(k, { officerId: input.actor.officerId, action: 'rename-unit', targetType: 'unit', targetId: unit.id, detail: { from: unit.name, to: name }, ip: input.actor.ip }, now),
    ]);
  } catch (error) {
    if (error instanceof Error && /UNIQUE constraint failed/.test(error.message)) return { ok: false, code: 'name_taken', params: { unit: name } };
    throw error;
  }
  return { ok: true, from: unit.name, to: name };
}

export type MergeRefusal = 'not_found' | 'same_unit' | 'too_many_addresses';

export interface MergeReport {
  kept: string;
  merged: string;
  addresses: number;
  rosterEntries: number;
  comments: number;
  messages: number;
}

const RESPONSE_RANK: Record<UnitResponse, number> = { none: 0, no_comments: 1, comments: 2 };
const ROLE_RANK = { added: 0, support: 1, lead: 2 } as const;

function earliest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}

/**
 * Merges a unit into another (typo variants: 区重点推进项目中心 into 区重点项目推进中心): its
 * addresses, roster entries, comments, mail, proposals and invitation addresses move to the kept
 * unit, and it is deleted. On a roster that has both, the two entries become one: the stronger
 * role and response, the earliest times. One batch with its audit entry.
 */
export async function mergeUnits(deps: DirectoryDeps, input: { keepId: number; mergeId: number; actor: Actor }): Promise<{ ok: true; report: MergeReport } | { ok: false; code: MergeRefusal; params?: { max: number } }> {
  const { db } = deps;
  const k = db.kysely;
  if (input.keepId === input.mergeId) return { ok: false, code: 'same_unit' };
  const [keep, merge] = await Promise.all([
    k.selectFrom('units').select(['id', 'name']).where('id', '=', input.keepId).executeTakeFirst(),
    k.selectFrom('units').select(['id', 'name']).where('id', '=', input.mergeId).executeTakeFirst(),
  ]);
  if (!keep || !merge) return { ok: false, code: 'not_found' };
  const addresses = await k.selectFrom('unit_addresses').select(['unit_id', 'email']).where('unit_id', 'in', [keep.id, merge.id]).execute();
  if (addresses.length > MAX_ADDRESSES_PER_UNIT) return { ok: false, code: 'too_many_addresses', params: { max: MAX_ADDRESSES_PER_UNIT } };
  const entries = await k.selectFrom('roster_entries').selectAll().where('unit_id', 'in', [keep.id, merge.id]).execute();
  const counts = await sql<{ comments: number; messages: number }>`
    SELECT (SELECT count(*) FROM comments WHERE unit_id = ${merge.id} OR proposed_unit_id = ${merge.id}) AS comments,
      (SELECT count(*) FROM inbound_messages WHERE unit_id = ${merge.id} OR proposed_unit_id = ${merge.id}) AS messages`.execute(k);
  const now = deps.clock();
  const queries: CompiledQuery[] = [
    // Aborts the batch if either unit went meanwhile (a merge of the merged one, say).
    sql`UPDATE units SET name = CASE WHEN (SELECT count(*) FROM units WHERE id IN (${keep.id}, ${merge.id})) = 2 THEN name ELSE NULL END WHERE id = ${keep.id}`.compile(k),
    k.updateTable('unit_addresses').set({ unit_id: keep.id }).where('unit_id', '=', merge.id).compile(),
  ];
  let rosterEntries = 0;
  for (const entry of entries.filter((e) => e.unit_id === merge.id)) {
    rosterEntries += 1;
    const kept = entries.find((e) => e.unit_id === keep.id && e.consultation_id === entry.consultation_id);
    if (!kept) {
      queries.push(k.updateTable('roster_entries').set({ unit_id: keep.id }).where('id', '=', entry.id).compile());
      continue;
    }
    queries.push(
      k
        .updateTable('roster_entries')
        .set({
          role: ROLE_RANK[entry.role] > ROLE_RANK[kept.role] ? entry.role : kept.role,
          response: RESPONSE_RANK[entry.response] > RESPONSE_RANK[kept.response] ? entry.response : kept.response,
          responded_at: earliest(kept.responded_at, entry.responded_at),
          invited_at: earliest(kept.invited_at, entry.invited_at),
          reminded_at: earliest(kept.reminded_at, entry.reminded_at),
        })
        .where('id', '=', kept.id)
        .compile(),
      k.deleteFrom('roster_entries').where('id', '=', entry.id).compile(),
    );
  }
  queries.push(
    k.updateTable('comments').set({ organization: keep.name }).where('unit_id', '=', merge.id).where('organization', '=', merge.name).compile(),
    k.updateTable('comments').set({ unit_id: keep.id }).where('unit_id', '=', merge.id).compile(),
    k.updateTable('comments').set({ proposed_unit_id: keep.id }).where('proposed_unit_id', '=', merge.id).compile(),
    k.updateTable('inbound_messages').set({ unit_id: keep.id }).where('unit_id', '=', merge.id).compile(),
    k.updateTable('inbound_messages').set({ proposed_unit_id: keep.id }).where('proposed_unit_id', '=', merge.id).compile(),
    k.updateTable('invitation_addresses').set({ unit_id: keep.id }).where('unit_id', '=', merge.id).compile(),
    k.deleteFrom('units').where('id', '=', merge.id).compile(),
  );
  const report: MergeReport = {
    kept: keep.name,
    merged: merge.name,
    addresses: addresses.filter((a) => a.unit_id === merge.id).length,
    rosterEntries,
    comments: Number(counts.rows[0]?.comments ?? 0),
    messages: Number(counts.rows[0]?.messages ?? 0),
  };
  queries.push(auditQuery(k, { officerId: input.actor.officerId, action: 'merge-units', targetType: 'unit', targetId: keep.id, detail: { ...report, mergedId: merge.id }, ip: input.actor.ip }, now));
  try {
    await db.batch(queries);
  } catch (error) {
    if (error instanceof Error && /NOT NULL constraint failed: units\.name/.test(error.message)) return { ok: false, code: 'not_found' };
    throw error;
  }
  return { ok: true, report };
}
