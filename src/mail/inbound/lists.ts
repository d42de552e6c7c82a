// What the officers' mail pages read: the three lists of messages a person must look at (with
// their sizes), one message with what was understood of it, its attachments, and the names the
// pages show (consultations, units, paragraphs).
import type { SelectQueryBuilder } from 'kysely';
import type { AppDatabase } from '../../db/database.ts';
import { parseJson } from '../../db/database.ts';
import type { Block, Database, InboundAttachment, InboundDoor, InboundOutcome, InboundState } from '../../db/schema.ts';

/**
 * - attention: processing failed, or the message was read but no comment could be made of it (a
 *   message still in 'received' for more than a moment is listed too: its processing has not run);
 * - unassigned: read fine but matched to no consultation, for an officer to assign;
 * - spam: spam and irrelevant mail set aside, so an officer can check nothing real was caught.
 */
export type InboundList = 'attention' | 'unassigned' | 'spam';

type MessageQuery<O> = SelectQueryBuilder<Database, 'inbound_messages', O>;

// One filter per list, used by the list and by its count alike. Each names the state so that the
// (state, outcome, received_at) index answers (spam is always filed as 'processed').
function onList<O>(query: MessageQuery<O>, list: InboundList): MessageQuery<O> {
  if (list === 'attention') return query.where('state', 'in', ['needs_attention', 'received']);
  return query.where('state', '=', 'processed').where('outcome', '=', list);
}

export interface InboundListItem {
  id: number;
  door: InboundDoor;
  receivedAt: string;
  fromAddress: string | null;
  fromName: string | null;
  subject: string | null;
  state: InboundState;
  outcome: InboundOutcome | null;
  reason: string | null;
  consultationId: number | null;
  unitId: number | null;
  late: boolean;
  size: number;
  attachmentCount: number;
}

/** One list, newest first. */
export async function listInbound(db: AppDatabase, list: InboundList, options: { limit?: number; offset?: number } = {}): Promise<InboundListItem[]> {
  const query = db.kysely
    .selectFrom('inbound_messages')
    .select((eb) => [
      'id',
      'door',
      'received_at',
      'from_address',
      'from_name',
      'subject',
      'state',
      'outcome',
      'reason',
      'consultation_id',
      'unit_id',
      'late',
      'size',
      eb
        .selectFrom('inbound_attachments as a')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('a.inbound_message_id', '=', 'inbound_messages.id')
        .as('attachment_count'),
    ]);
  const rows = await onList(query, list)
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit ?? 100)
    .offset(options.offset ?? 0)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    door: row.door,
    receivedAt: row.received_at,
    fromAddress: row.from_address,
    fromName: row.from_name,
    subject: row.subject,
    state: row.state,
    outcome: row.outcome,
    reason: row.reason,
    consultationId: row.consultation_id,
    unitId: row.unit_id,
    late: row.late === 1,
    size: row.size,
    attachmentCount: Number(row.attachment_count ?? 0),
  }));
}

/** The size of each list, counted on the index rather than by reading every message. */
export async function countInboundLists(db: AppDatabase): Promise<Record<InboundList, number>> {
  const count = (list: InboundList) =>
    onList(
      db.kysely.selectFrom('inbound_messages').select((eb) => eb.fn.countAll<number>().as('n')),
      list,
    )
      .executeTakeFirst()
      .then((row) => Number(row?.n ?? 0));
  const [attention, unassigned, spam] = await Promise.all([count('attention'), count('unassigned'), count('spam')]);
  return { attention, unassigned, spam };
}

/** One message with what was understood of it and its attachments (without their bytes). */
export async function findInboundDetail(db: AppDatabase, id: number) {
  const row = await db.kysely
    .selectFrom('inbound_messages')
    .select(['id', 'door', 'message_id', 'received_at', 'sent_at', 'from_address', 'from_name', 'subject', 'state', 'outcome', 'reason', 'consultation_id', 'unit_id', 'proposed_unit_id', 'late', 'locale', 'size', 'understood_json', 'envelope_to', 'not_spam_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const attachments = await db.kysely
    .selectFrom('inbound_attachments')
    .select(['id', 'position', 'filename', 'content_type', 'size', 'disposition', 'text'])
    .where('inbound_message_id', '=', id)
    .orderBy('position')
    .execute();
  const comments = await db.kysely
    .selectFrom('comments')
    .select(['id', 'tracking_number', 'block_id', 'body', 'status', 'late'])
    .where('inbound_message_id', '=', id)
    .orderBy('id')
    .execute();
  return { ...row, understood: parseJson<Record<string, unknown>>(row.understood_json, {}), attachments, comments };
}

export type InboundDetail = NonNullable<Awaited<ReturnType<typeof findInboundDetail>>>;

/** One attachment of a message with its bytes, by its position in the message. */
export async function findInboundAttachment(db: AppDatabase, messageId: number, position: number): Promise<InboundAttachment | undefined> {
  return db.kysely.selectFrom('inbound_attachments').selectAll().where('inbound_message_id', '=', messageId).where('position', '=', position).executeTakeFirst();
}

export interface MailConsultation {
  id: number;
  slug: string;
  title: string;
  state: 'draft' | 'published';
}

/** Every consultation, newest first, to name the ones messages were filed under. */
export async function listMailConsultations(db: AppDatabase): Promise<MailConsultation[]> {
  return db.kysely.selectFrom('consultations').select(['id', 'slug', 'title', 'state']).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

/** Unit names by id. */
export async function findUnitNames(db: AppDatabase, ids: number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.kysely.selectFrom('units').select(['id', 'name']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Blocks by id, with their parents (an item's article names it: 第五条（二）). */
export async function findBlocksWithParents(db: AppDatabase, ids: number[]): Promise<Map<number, Block>> {
  const found = new Map<number, Block>();
  let wanted = [...new Set(ids)];
  // Two rounds: the blocks, then the parents they name that were not among them.
  for (let round = 0; round < 2 && wanted.length; round++) {
    const rows = await db.kysely.selectFrom('blocks').selectAll().where('id', 'in', wanted).execute();
    for (const row of rows) found.set(row.id, row);
    wanted = rows.map((r) => r.parent_id).filter((id): id is number => id !== null && !found.has(id));
  }
  return found;
}
