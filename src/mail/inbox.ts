// Data access for the officers' mail pages: how many messages wait in each list, the names a
// list shows, one attachment's bytes, and the consultations a message can be filed under.
import type { AppDatabase } from '../db/database.ts';
import type { Block, InboundAttachment } from '../db/schema.ts';

export interface InboundQueueCounts {
  attention: number;
  unassigned: number;
  spam: number;
}

/**
 * The sizes of the three lists an officer works through (the filters of intake.ts's lists), each
 * counted on the (state, outcome, received_at) index rather than by reading every message.
 */
export async function countInboundQueues(db: AppDatabase): Promise<InboundQueueCounts> {
  const count = (filter: (q: ReturnType<typeof base>) => ReturnType<typeof base>) =>
    filter(base())
      .executeTakeFirst()
      .then((row) => Number(row?.n ?? 0));
  const base = () => db.kysely.selectFrom('inbound_messages').select((eb) => eb.fn.countAll<number>().as('n'));
  const [attention, unassigned, spam] = await Promise.all([
    count((q) => q.where('state', 'in', ['needs_attention', 'received'])),
    count((q) => q.where('state', '=', 'processed').where('outcome', '=', 'unassigned')),
    // Spam is always filed as 'processed'; naming the state lets the index answer.
    count((q) => q.where('state', '=', 'processed').where('outcome', '=', 'spam')),
  ]);
  return { attention, unassigned, spam };
}

export interface MailConsultation {
  id: number;
  slug: string;
  title: string;
  state: 'draft' | 'published';
}

/** Every consultation by id, to name the ones messages were filed under. */
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

/** One attachment of a message with its bytes, by its position in the message. */
export async function findInboundAttachment(db: AppDatabase, messageId: number, position: number): Promise<InboundAttachment | undefined> {
  return db.kysely.selectFrom('inbound_attachments').selectAll().where('inbound_message_id', '=', messageId).where('position', '=', position).executeTakeFirst();
}

/** Whether an outgoing message exists, and its state. */
export async function findOutboxState(db: AppDatabase, id: number) {
  return db.kysely.selectFrom('outbox').select(['id', 'state', 'consultation_id', 'to_address']).where('id', '=', id).executeTakeFirst();
}
