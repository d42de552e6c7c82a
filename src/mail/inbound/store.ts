// The first hop of every message, whatever door it came through (SMTP, IMAP, files, upload): the
// raw bytes are stored in one durable batch before anyone tells the sender or the mailbox that we
// have them. Storing the same message twice is a no-op. Reading and filing come after
// (./process.ts); a crash in between leaves the message in state 'received' for the next start.
import { CompiledQuery } from 'kysely';
import type { AppDatabase } from '../../db/database.ts';
import { EMPTY_BYTES, type FileStore, rawMessageKey, sha256Hex, storedBytes } from '../../db/files.ts';
import type { InboundDoor, InboundMessage } from '../../db/schema.ts';
import type { MailDeps } from './deps.ts';
import { scanMessageId } from './headers.ts';

export interface InboundInput {
  door: InboundDoor;
  raw: Uint8Array;
  /** SMTP MAIL FROM ('' for a bounce); null when the door has no envelope. */
  envelopeFrom?: string | null;
  /** SMTP RCPT TO addresses. */
  envelopeTo?: string[];
  imap?: { mailbox: string; uidValidity: number; uid: number };
}

export interface Accepted {
  id: number;
  /** True when this message was already stored (same Message-ID, IMAP UID or, lacking an ID, same bytes). */
  duplicate: boolean;
}

const INSERT_INBOUND = `INSERT INTO inbound_messages (door, message_id, raw_sha256, raw, raw_key, size, envelope_from, envelope_to,
  imap_mailbox, imap_uid_validity, imap_uid, received_at, created_at)
  SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
  WHERE NOT EXISTS (SELECT 1 FROM inbound_messages WHERE ? IS NULL AND message_id IS NULL AND raw_sha256 = ?)
  ON CONFLICT DO NOTHING`;

/**
 * Stores the raw message in one durable batch and resolves only then: a door acknowledges (SMTP
 * 250, IMAP \Seen) after this resolves, never before. Storing the same message again is a no-op
 * reported as a duplicate. The unique indexes (Message-ID; mailbox + UIDVALIDITY + UID) make that
 * atomic; a message without a Message-ID is recognised by its SHA-256.
 *
 * With a file store (Workers) the bytes are written there first, under their SHA-256, and the row
 * names the object: the row is only written once the bytes are durable, so a row never points at
 * nothing, and a message is acknowledged only when both are stored.
 */
export async function acceptInbound(deps: Pick<MailDeps, 'db' | 'clock' | 'files' | 'sha256'>, input: InboundInput): Promise<Accepted> {
  const messageId = scanMessageId(input.raw);
  const sha = deps.sha256 ? deps.sha256(input.raw) : await sha256Hex(input.raw);
  const now = deps.clock().toISOString();
  let rawKey: string | null = null;
  // better-sqlite3 binds a Buffer or Uint8Array as a BLOB; a view on a larger buffer is copied so
  // that exactly the message's bytes travel to the writer thread.
  let raw = input.raw.byteOffset === 0 && input.raw.byteLength === input.raw.buffer.byteLength ? input.raw : input.raw.slice();
  if (deps.files) {
    rawKey = rawMessageKey(sha);
    await deps.files.put(rawKey, input.raw, 'message/rfc822');
    raw = EMPTY_BYTES;
  }
  const [result] = await deps.db.batch([
    CompiledQuery.raw(INSERT_INBOUND, [
      input.door,
      messageId,
      sha,
      raw,
      rawKey,
      input.raw.byteLength,
      input.envelopeFrom ?? null,
      JSON.stringify(input.envelopeTo ?? []),
      input.imap?.mailbox ?? null,
      input.imap?.uidValidity ?? null,
      input.imap?.uid ?? null,
      now,
      now,
      messageId,
      sha,
    ]),
  ]);
  if (result && result.changes > 0 && result.lastInsertRowid !== null) return { id: result.lastInsertRowid, duplicate: false };
  const existing = await findStoredCopy(deps.db, messageId, sha, input.imap);
  if (!existing) throw new Error('message neither stored nor found');
  return { id: existing, duplicate: true };
}

async function findStoredCopy(db: AppDatabase, messageId: string | null, sha: string, imap: InboundInput['imap']): Promise<number | null> {
  if (imap) {
    const byUid = await db.kysely
      .selectFrom('inbound_messages')
      .select('id')
      .where('imap_mailbox', '=', imap.mailbox)
      .where('imap_uid_validity', '=', imap.uidValidity)
      .where('imap_uid', '=', imap.uid)
      .executeTakeFirst();
    if (byUid) return byUid.id;
  }
  if (messageId) {
    const byId = await db.kysely.selectFrom('inbound_messages').select('id').where('message_id', '=', messageId).executeTakeFirst();
    if (byId) return byId.id;
  }
  const bySha = await db.kysely.selectFrom('inbound_messages').select('id').where('raw_sha256', '=', sha).orderBy('id').executeTakeFirst();
  return bySha?.id ?? null;
}

/** One stored message, raw bytes included when they are in the row (see rawOf). */
export async function findInbound(db: AppDatabase, id: number): Promise<InboundMessage | undefined> {
  return db.kysely.selectFrom('inbound_messages').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A stored message's raw bytes, from its row or from the file store the row names. */
export async function rawOf(files: FileStore | undefined, row: Pick<InboundMessage, 'id' | 'raw' | 'raw_key'>): Promise<Uint8Array> {
  const bytes = await storedBytes(files, row.raw, row.raw_key);
  if (!bytes) throw new Error(`the raw bytes of message ${row.id} are missing from the file store (${row.raw_key})`);
  return bytes;
}

/** The raw message, for an officer to download as .eml. */
export async function findInboundRaw(deps: Pick<MailDeps, 'db' | 'files'>, id: number): Promise<Uint8Array | undefined> {
  const row = await deps.db.kysely.selectFrom('inbound_messages').select(['id', 'raw', 'raw_key']).where('id', '=', id).executeTakeFirst();
  return row ? rawOf(deps.files, row) : undefined;
}

/** Messages stored but never processed: the process stopped between storing and filing. */
export async function listUnprocessedIds(db: AppDatabase): Promise<number[]> {
  const rows = await db.kysely.selectFrom('inbound_messages').select('id').where('state', '=', 'received').orderBy('id').execute();
  return rows.map((r) => r.id);
}
