// Erasing personal information, shared by the retention purge and a person's request. What goes:
// a comment's email, telephone and client key, and its name (masked by the purge, which keeps
// 张* for the report; removed on request); a stored message's raw bytes, addresses and
// attachments' contents and names, keeping only which comments it gave; the mail we sent to the
// person. What stays: the comments' text, paragraphs, decisions and reasons, the office's record.
import { type CompiledQuery, type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import { parseJson } from '../db/database.ts';

/** Rows a purge or a request erases still hold some of this. */
export const HOLDS_PERSONAL_DATA = sql<boolean>`(contact_email IS NOT NULL OR contact_phone IS NOT NULL OR author_name IS NOT NULL OR client_key IS NOT NULL)`;

/**
 * maskName (src/lib/mask.ts) in SQL, so that 100,000 comments are masked by one statement:
 * 张三 → 张*, a name starting with a CJK ideograph keeps it and stars the rest; others keep
 * their first letter and three stars (Zhang San → Z***).
 */
export const MASKED_NAME = sql<string | null>`CASE
  WHEN author_name IS NULL OR trim(author_name) = '' THEN NULL
  WHEN unicode(trim(author_name)) BETWEEN 19968 AND 40959
    THEN substr(trim(author_name), 1, 1) || substr('****************************************************', 1, max(1, length(trim(author_name)) - 1))
  ELSE substr(trim(author_name), 1, 1) || '***'
END`;

/** What of a stored message's understanding stays: which comments it gave and where from, no words. */
export function erasedUnderstanding(json: string): string {
  const understood = parseJson<{
    outcome?: unknown;
    reason?: unknown;
    unitHint?: unknown;
    trackingNumbers?: unknown;
    comments?: { source?: unknown }[];
  }>(json, {});
  return JSON.stringify({
    erased: true,
    outcome: understood.outcome ?? null,
    reason: understood.reason ?? null,
    unitHint: understood.unitHint ?? null,
    trackingNumbers: Array.isArray(understood.trackingNumbers) ? understood.trackingNumbers : [],
    comments: Array.isArray(understood.comments) ? understood.comments.map((c) => ({ source: c?.source ?? null })) : [],
  });
}

/** Statements that erase these stored messages (their understanding as read before). */
export function eraseMessageQueries(db: Kysely<Database>, messages: { id: number; understood_json: string }[], at: string): CompiledQuery[] {
  const queries: CompiledQuery[] = [];
  for (const message of messages) {
    queries.push(
      db.updateTable('inbound_attachments').set({ content: new Uint8Array(0), text: null, filename: null }).where('inbound_message_id', '=', message.id).compile(),
      db
        .updateTable('inbound_messages')
        .set({
          raw: new Uint8Array(0),
          envelope_from: null,
          from_address: null,
          from_name: null,
          understood_json: erasedUnderstanding(message.understood_json),
          personal_data_erased_at: at,
        })
        .where('id', '=', message.id)
        .compile(),
    );
  }
  return queries;
}

/**
 * The statement that blanks the mail we sent (or were to send) to the person: address and text go,
 * the row stays (its dedupe key is what keeps an acknowledgement or outcome from going twice).
 * Mail still queued is not sent; the one being handed to the relay right now is left alone.
 */
export function redactMailQuery(db: Kysely<Database>, where: { consultationId: number } | { addresses: string[] }, at: string): CompiledQuery {
  let query = db
    .updateTable('outbox')
    .set({
      to_address: '',
      text_body: '',
      html_body: null,
      headers_json: '{}',
      state: sql`CASE WHEN state = 'queued' THEN 'failed' ELSE state END`,
      last_error: sql`CASE WHEN state = 'queued' THEN ${`personal data erased ${at}`} ELSE last_error END`,
    })
    .where('state', '!=', 'sending')
    .where('to_address', '!=', '');
  if ('consultationId' in where) {
    // Acknowledgements and outcome notices go to commenters; invitations and reminders to units.
    query = query.where('consultation_id', '=', where.consultationId).where('kind', 'in', ['acknowledgement', 'outcome']);
  } else {
    query = query.where(sql`lower(to_address)`, 'in', where.addresses.length ? where.addresses : ['']);
  }
  return query.compile();
}
