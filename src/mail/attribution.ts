// Proposed units: mail from an address no unit has, signed with a rostered unit's name, is filed
// with that unit PROPOSED (src/mail/understand.ts proposeUnit). The office confirms proposals one
// by one or all at once — the message and its comments become the unit's, the roster records the
// unit's response, and the address is remembered so that the unit's next message is known by it —
// or rejects one, and the comments stay the sender's own. Commands `(deps, input) → { ok } |
// { ok: false, code }`, each with its audit entry in the same batch.
import { type CompiledQuery, sql } from 'kysely';
import { type Actor, auditQuery } from '../auth/audit.ts';
import type { AppDatabase } from '../db/database.ts';
import { MAX_ADDRESSES_PER_UNIT, recordUnitResponseQuery } from '../departments/roster.ts';
import type { Clock } from '../lib/time.ts';

export interface AttributionDeps {
  db: AppDatabase;
  clock: Clock;
}

export type ConfirmRefusal = 'not_found' | 'no_proposal' | 'address_taken' | 'too_many_addresses';

/** A message waiting for an officer to confirm its unit, as the proposals list shows it. */
export interface Proposal {
  messageId: number;
  receivedAt: string;
  fromAddress: string | null;
  fromName: string | null;
  subject: string | null;
  outcome: string | null;
  consultationId: number | null;
  unitId: number;
  unitName: string;
  /** The name the sender signed with, from the stored understanding. */
  signedAs: string | null;
  commentCount: number;
}

interface ProposalRow {
  id: number;
  received_at: string;
  sent_at: string | null;
  from_address: string | null;
  from_name: string | null;
  subject: string | null;
  outcome: string | null;
  consultation_id: number | null;
  proposed_unit_id: number;
  unit_name: string;
  understood_json: string;
  comment_count: number;
}

const PROPOSALS = (where: ReturnType<typeof sql>, limit: number, offset: number) => sql<ProposalRow>`
  SELECT m.id, m.received_at, m.sent_at, m.from_address, m.from_name, m.subject, m.outcome, m.consultation_id, m.proposed_unit_id,
    u.name AS unit_name, m.understood_json,
    (SELECT count(*) FROM comments c WHERE c.inbound_message_id = m.id) AS comment_count
  FROM inbound_messages m JOIN units u ON u.id = m.proposed_unit_id
  WHERE m.proposed_unit_id IS NOT NULL AND m.unit_id IS NULL AND ${where}
  ORDER BY m.received_at, m.id
  LIMIT ${limit} OFFSET ${offset}`;

function signedAs(understoodJson: string): string | null {
  try {
    const parsed = JSON.parse(understoodJson) as { proposedUnit?: { as?: string } | null };
    return parsed.proposedUnit?.as ?? null;
  } catch {
    return null;
  }
}

function toProposal(row: ProposalRow): Proposal {
  return {
    messageId: row.id,
    receivedAt: row.received_at,
    fromAddress: row.from_address,
    fromName: row.from_name,
    subject: row.subject,
    outcome: row.outcome,
    consultationId: row.consultation_id,
    unitId: row.proposed_unit_id,
    unitName: row.unit_name,
    signedAs: signedAs(row.understood_json),
    commentCount: Number(row.comment_count),
  };
}

/** Proposals waiting for an officer, oldest first. */
export async function listProposals(db: AppDatabase, options: { limit?: number; offset?: number } = {}): Promise<Proposal[]> {
  const result = await PROPOSALS(sql`1`, options.limit ?? 100, options.offset ?? 0).execute(db.kysely);
  return result.rows.map(toProposal);
}

export async function countProposals(db: AppDatabase): Promise<number> {
  const row = await sql<{ n: number }>`SELECT count(*) AS n FROM inbound_messages WHERE proposed_unit_id IS NOT NULL AND unit_id IS NULL`.execute(db.kysely);
  return Number(row.rows[0]?.n ?? 0);
}

async function findProposal(db: AppDatabase, messageId: number): Promise<ProposalRow | 'not_found' | 'no_proposal'> {
  const exists = await db.kysely.selectFrom('inbound_messages').select(['id', 'proposed_unit_id', 'unit_id']).where('id', '=', messageId).executeTakeFirst();
  if (!exists) return 'not_found';
  if (exists.proposed_unit_id === null || exists.unit_id !== null) return 'no_proposal';
  const rows = await PROPOSALS(sql`m.id = ${messageId}`, 1, 0).execute(db.kysely);
  return rows.rows[0] ?? 'no_proposal';
}

/** Whether a batch failed because its guard did: another officer got there first. */
function isGuardLost(error: unknown): boolean {
  return error instanceof Error && /CHECK constraint failed/.test(error.message);
}

interface Plan {
  queries: CompiledQuery[];
  /** Messages that become the unit's: the one confirmed and the others waiting from the same address. */
  messageIds: number[];
}

/**
 * What confirming one proposal writes: the message and its comments become the unit's, the roster
 * records its response, the address is remembered. Other messages from the same address waiting
 * on the same unit go with it.
 */
async function planConfirm(db: AppDatabase, row: ProposalRow, taken: Map<string, number>): Promise<Plan | ConfirmRefusal> {
  const k = db.kysely;
  const unitId = row.proposed_unit_id;
  const address = row.from_address?.trim().toLowerCase() ?? null;
  const queries: CompiledQuery[] = [];
  if (address) {
    const owner = taken.get(address) ?? (await k.selectFrom('unit_addresses').select('unit_id').where('email', '=', address).executeTakeFirst())?.unit_id;
    if (owner !== undefined && owner !== unitId) return 'address_taken';
    if (owner === undefined) {
      const count = await k.selectFrom('unit_addresses').select((eb) => eb.fn.countAll<number>().as('n')).where('unit_id', '=', unitId).executeTakeFirstOrThrow();
      const planned = [...taken.values()].filter((id) => id === unitId).length;
      if (Number(count.n) + planned >= MAX_ADDRESSES_PER_UNIT) return 'too_many_addresses';
      taken.set(address, unitId);
      queries.push(k.insertInto('unit_addresses').values({ unit_id: unitId, email: address }).onConflict((oc) => oc.column('email').doNothing()).compile());
    }
  }
  const siblings = address
    ? await k
        .selectFrom('inbound_messages')
        .select(['id', 'consultation_id', 'outcome', 'sent_at', 'received_at'])
        .where(sql<boolean>`lower(from_address) = ${address}`)
        .where('proposed_unit_id', '=', unitId)
        .where('unit_id', 'is', null)
        .execute()
    : [];
  const messages = siblings.some((m) => m.id === row.id) ? siblings : [...siblings, { id: row.id, consultation_id: row.consultation_id, outcome: row.outcome, sent_at: row.sent_at, received_at: row.received_at }];
  for (const m of messages) {
    queries.push(
      k.updateTable('inbound_messages').set({ unit_id: unitId, proposed_unit_id: null }).where('id', '=', m.id).compile(),
      k.updateTable('comments').set({ unit_id: unitId, proposed_unit_id: null, organization: row.unit_name }).where('inbound_message_id', '=', m.id).compile(),
    );
    if (m.consultation_id !== null && (m.outcome === 'comments' || m.outcome === 'no-comments')) {
      queries.push(
        recordUnitResponseQuery(k, {
          consultationId: m.consultation_id,
          unitId,
          response: m.outcome === 'comments' ? 'comments' : 'no_comments',
          at: new Date(m.sent_at ?? m.received_at),
        }),
      );
    }
  }
  return { queries, messageIds: messages.map((m) => m.id) };
}

export type ConfirmOutcome = { ok: true; unit: { id: number; name: string }; address: string | null; messages: number } | { ok: false; code: ConfirmRefusal };

/** An officer confirms the unit proposed for a message. */
export async function confirmProposedUnit(deps: AttributionDeps, input: { messageId: number; actor: Actor }): Promise<ConfirmOutcome> {
  const { db } = deps;
  const row = await findProposal(db, input.messageId);
  if (typeof row === 'string') return { ok: false, code: row };
  const now = deps.clock();
  const plan = await planConfirm(db, row, new Map());
  if (typeof plan === 'string') return { ok: false, code: plan };
  const audit = auditQuery(
    db.kysely,
    {
      officerId: input.actor.officerId,
      action: 'confirm-unit',
      consultationId: row.consultation_id,
      targetType: 'inbound_message',
      targetId: row.id,
      detail: { unit: row.unit_name, unitId: row.proposed_unit_id, address: row.from_address, messages: plan.messageIds },
      ip: input.actor.ip,
    },
    now,
  );
  try {
    await db.batch([guard(db, row.id, row.proposed_unit_id), ...plan.queries, audit]);
  } catch (error) {
    if (isGuardLost(error)) return { ok: false, code: 'no_proposal' };
    throw error;
  }
  return { ok: true, unit: { id: row.proposed_unit_id, name: row.unit_name }, address: row.from_address, messages: plan.messageIds.length };
}

function guard(db: AppDatabase, messageId: number, unitId: number): CompiledQuery {
  return sql`UPDATE inbound_messages SET state = CASE WHEN proposed_unit_id IS ${unitId} AND unit_id IS NULL THEN state ELSE 'changed-by-another-officer' END WHERE id = ${messageId}`.compile(db.kysely);
}

export type ConfirmAllOutcome =
  | {
      ok: true;
      /** Messages that became their unit's. */
      confirmed: number;
      /** Proposals left waiting, with why (an address another unit has, say). */
      skipped: { messageId: number; code: ConfirmRefusal }[];
    }
  /** Another officer confirmed or rejected one of them meanwhile: nothing was written. */
  | { ok: false; code: 'changed' };

/** An officer confirms every waiting proposal at once (up to `limit`): one batch, one audit entry. */
export async function confirmAllProposals(deps: AttributionDeps, input: { actor: Actor; limit?: number }): Promise<ConfirmAllOutcome> {
  const { db } = deps;
  const now = deps.clock();
  const proposals = (await PROPOSALS(sql`1`, input.limit ?? 1000, 0).execute(db.kysely)).rows;
  const taken = new Map<string, number>();
  const queries: CompiledQuery[] = [];
  const done = new Set<number>();
  const skipped: { messageId: number; code: ConfirmRefusal }[] = [];
  const units: { messageId: number; unit: string; address: string | null }[] = [];
  for (const row of proposals) {
    if (done.has(row.id)) continue;
    const plan = await planConfirm(db, row, taken);
    if (typeof plan === 'string') {
      skipped.push({ messageId: row.id, code: plan });
      continue;
    }
    queries.push(guard(db, row.id, row.proposed_unit_id), ...plan.queries);
    for (const id of plan.messageIds) done.add(id);
    units.push({ messageId: row.id, unit: row.unit_name, address: row.from_address });
  }
  if (done.size === 0) return { ok: true, confirmed: 0, skipped };
  queries.push(
    auditQuery(db.kysely, { officerId: input.actor.officerId, action: 'confirm-units', targetType: 'inbound_message', detail: { confirmed: units, messages: [...done] }, ip: input.actor.ip }, now),
  );
  try {
    await db.batch(queries);
  } catch (error) {
    if (isGuardLost(error)) return { ok: false, code: 'changed' };
    throw error;
  }
  return { ok: true, confirmed: done.size, skipped };
}

export type RejectOutcome = { ok: true; unit: string } | { ok: false; code: 'not_found' | 'no_proposal' };

/** An officer says the message is not the proposed unit's: its comments stay the sender's own. */
export async function rejectProposedUnit(deps: AttributionDeps, input: { messageId: number; actor: Actor }): Promise<RejectOutcome> {
  const { db } = deps;
  const row = await findProposal(db, input.messageId);
  if (typeof row === 'string') return { ok: false, code: row };
  const k = db.kysely;
  const now = deps.clock();
  try {
    await db.batch([
      guard(db, row.id, row.proposed_unit_id),
      k.updateTable('inbound_messages').set({ proposed_unit_id: null }).where('id', '=', row.id).compile(),
      k.updateTable('comments').set({ proposed_unit_id: null }).where('inbound_message_id', '=', row.id).compile(),
      auditQuery(
        k,
        { officerId: input.actor.officerId, action: 'reject-unit', consultationId: row.consultation_id, targetType: 'inbound_message', targetId: row.id, detail: { unit: row.unit_name, address: row.from_address }, ip: input.actor.ip },
        now,
      ),
    ]);
  } catch (error) {
    if (isGuardLost(error)) return { ok: false, code: 'no_proposal' };
    throw error;
  }
  return { ok: true, unit: row.unit_name };
}
