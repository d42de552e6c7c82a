// The outbox: every outgoing message is a row first, queued in the same batch as whatever caused
// it, so a crash never loses an acknowledgement nor sends one for something not stored.
import type { CompiledQuery, Kysely } from 'kysely';
import type { Database, OutboxKind } from '../db/schema.ts';

export interface OutgoingMail {
  kind: OutboxKind;
  /** One row per key: queuing the same reminder or acknowledgement twice sends it once. */
  dedupeKey: string | null;
  consultationId: number | null;
  to: string;
  subject: string;
  text: string;
  html?: string | null;
  headers?: Record<string, string>;
}

export function queueMailQuery(db: Kysely<Database>, mail: OutgoingMail, now: Date): CompiledQuery {
  const at = now.toISOString();
  return db
    .insertInto('outbox')
    .values({
      kind: mail.kind,
      dedupe_key: mail.dedupeKey,
      consultation_id: mail.consultationId,
      to_address: mail.to,
      subject: mail.subject,
      text_body: mail.text,
      html_body: mail.html ?? null,
      headers_json: JSON.stringify(mail.headers ?? {}),
      state: 'queued',
      attempts: 0,
      next_attempt_at: at,
      created_at: at,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .compile();
}

/** What a pure composer returns: the caller adds recipient, kind and dedupe key to queue it. */
export interface ComposedMail {
  subject: string;
  text: string;
  headers?: Record<string, string>;
}
