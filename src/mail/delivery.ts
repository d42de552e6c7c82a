// Delivery of the outbox: claims due rows, hands each to the injected transport, and records the
// outcome. Platform-free (no file system, no sockets): Node's transports are in ./transports.ts.
//
// A row is claimed by a compare-and-swap on its attempt counter, so two loops (two processes on
// one database) never send the same row at once. A claim is a lease: if the process dies while
// sending, the row becomes due again when the lease ends and is sent again, with the same
// Message-ID. Delivery is therefore at least once; a crash between the relay's acceptance and
// our bookkeeping can duplicate a message, never lose one.
import { CompiledQuery } from 'kysely';
import type { AppDatabase } from '../db/database.ts';
import { parseJson } from '../db/database.ts';
import type { OutboxKind, OutboxMessage } from '../db/schema.ts';
import type { Clock } from '../lib/time.ts';

/** One message ready for a transport: every header decided, nothing left to look up. */
export interface MailToSend {
  outboxId: number;
  kind: OutboxKind;
  from: string;
  /** One address or a comma-separated list. */
  to: string;
  subject: string;
  text: string;
  html: string | null;
  /** With angle brackets: <outbox.12.lx3k9@yijian.localhost>. The same on every attempt. */
  messageId: string;
  date: Date;
  replyTo: string | null;
  inReplyTo: string | null;
  references: string | null;
  /** Any other headers queued with the message (headers_json), plus Auto-Submitted. */
  headers: Record<string, string>;
}

export interface MailTransport {
  /** Where messages go, for logs: "files in data/outbox" or "smtp://relay.example.com:587". */
  readonly description: string;
  /** Resolves once the message is handed over, with where it went; throws DeliveryError otherwise. */
  send(mail: MailToSend): Promise<{ deliveredTo: string }>;
  close?(): Promise<void> | void;
}

/**
 * A transport's refusal. `permanent` means sending the same message again would be refused
 * again (the relay said 5xx to the recipient or the content): the row fails at once instead of
 * retrying for two days. Anything else (4xx, connection refused, timeouts, bad credentials
 * that an administrator can fix) is retried with backoff.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, then once a day. */
export const DEFAULT_BACKOFF_MS: readonly number[] = [60_000, 300_000, 1_800_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000];

export interface DeliveryOptions {
  transport: MailTransport;
  clock: Clock;
  /** The From header (MAIL_FROM). */
  from: string;
  /** Right-hand side of Message-IDs (MAIL_DOMAIN). */
  mailDomain: string;
  /** After this many attempts a message is 'failed' (OUTBOX_MAX_ATTEMPTS). */
  maxAttempts: number;
  /** Rows claimed per run; the rest wait for the next run. Default 50. */
  batchSize?: number;
  /** How long a claimed row is left to its sender before another loop may take it over. Default 10 min. */
  leaseMs?: number;
  /** Wait after the n-th failed attempt (the last value repeats). */
  backoffMs?: readonly number[];
}

export interface DeliveryRun {
  sent: number;
  /** Failed this time, queued again for later. */
  retried: number;
  /** Given up: permanent refusal, or out of attempts. */
  failed: number;
}

const MAX_ERROR_LENGTH = 1000;

/** Delay before the next attempt after `attempts` failed ones (1-based). */
export function backoffDelay(attempts: number, schedule: readonly number[] = DEFAULT_BACKOFF_MS): number {
  return schedule[Math.min(Math.max(attempts, 1), schedule.length) - 1] ?? 60_000;
}

/** Message-ID of an outbox row: stable across attempts so a receiver can drop a duplicate. */
export function outboxMessageId(row: Pick<OutboxMessage, 'id' | 'created_at'>, mailDomain: string): string {
  return `<outbox.${row.id}.${Date.parse(row.created_at).toString(36)}@${mailDomain}>`;
}

/** Builds what the transport sends from a stored row. */
export function mailFromRow(row: OutboxMessage, options: { from: string; mailDomain: string; now: Date }): MailToSend {
  const stored = parseJson<Record<string, unknown>>(row.headers_json, {});
  const headers: Record<string, string> = { 'Auto-Submitted': 'auto-generated' };
  let replyTo: string | null = null;
  let inReplyTo: string | null = null;
  let references: string | null = null;
  for (const [name, value] of Object.entries(stored)) {
    if (typeof value !== 'string' || !value) continue;
    // Header values come from our own composers, but a newline would still start a new header.
    const clean = value.replace(/[\r\n]+/g, ' ');
    const lower = name.toLowerCase();
    if (lower === 'reply-to') replyTo = clean;
    else if (lower === 'in-reply-to') inReplyTo = clean;
    else if (lower === 'references') references = clean;
    else if (/^[!-9;-~]+$/.test(name)) {
      for (const key of Object.keys(headers)) if (key.toLowerCase() === lower) delete headers[key];
      headers[name] = clean;
    }
  }
  return {
    outboxId: row.id,
    kind: row.kind,
    from: options.from,
    to: row.to_address,
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
    messageId: outboxMessageId(row, options.mailDomain),
    date: options.now,
    replyTo,
    inReplyTo,
    references,
    headers,
  };
}

function errorText(error: unknown, attempt: number): string {
  const message = error instanceof Error ? error.message : String(error);
  return `attempt ${attempt}: ${message}`.slice(0, MAX_ERROR_LENGTH);
}

/**
 * Sends every due message once: rows 'queued' whose time has come, and rows left 'sending' by a
 * process whose lease ran out. Safe to run from several loops and processes at once.
 */
export async function deliverDueMail(db: AppDatabase, options: DeliveryOptions): Promise<DeliveryRun> {
  const run: DeliveryRun = { sent: 0, retried: 0, failed: 0 };
  const leaseMs = options.leaseMs ?? 600_000;
  const now = options.clock();
  const due = await db.kysely
    .selectFrom('outbox')
    .selectAll()
    .where('state', 'in', ['queued', 'sending'])
    .where('next_attempt_at', '<=', now.toISOString())
    .orderBy('next_attempt_at', 'asc')
    .orderBy('id', 'asc')
    .limit(options.batchSize ?? 50)
    .execute();

  for (const row of due) {
    const k = db.kysely;
    const at = options.clock();
    // A row still 'sending' here was abandoned mid-send. Out of attempts: give up on it.
    if (row.state === 'sending' && row.attempts >= options.maxAttempts) {
      const [gaveUp] = await db.batch([
        k
          .updateTable('outbox')
          .set({ state: 'failed', last_error: `${row.last_error ? `${row.last_error}; ` : ''}attempt ${row.attempts}: interrupted while sending`.slice(0, MAX_ERROR_LENGTH) })
          .where('id', '=', row.id)
          .where('state', '=', 'sending')
          .where('attempts', '=', row.attempts)
          .compile(),
      ]);
      if (gaveUp?.changes === 1) run.failed += 1;
      continue;
    }
    const attempt = row.attempts + 1;
    const [claim] = await db.batch([
      k
        .updateTable('outbox')
        .set({ state: 'sending', attempts: attempt, next_attempt_at: new Date(at.getTime() + leaseMs).toISOString() })
        .where('id', '=', row.id)
        .where('attempts', '=', row.attempts)
        .where('state', 'in', ['queued', 'sending'])
        .where('next_attempt_at', '<=', at.toISOString())
        .compile(),
    ]);
    // Another loop took it between our read and our claim.
    if (claim?.changes !== 1) continue;

    const mine = k.updateTable('outbox').where('id', '=', row.id).where('state', '=', 'sending').where('attempts', '=', attempt);
    try {
      const { deliveredTo } = await options.transport.send(mailFromRow(row, { from: options.from, mailDomain: options.mailDomain, now: at }));
      const doneAt = options.clock();
      await db.batch([mine.set({ state: 'sent', sent_at: doneAt.toISOString(), delivered_to: deliveredTo, last_error: null }).compile()]);
      run.sent += 1;
    } catch (error) {
      const failedAt = options.clock();
      const permanent = error instanceof DeliveryError && error.permanent;
      if (permanent || attempt >= options.maxAttempts) {
        await db.batch([mine.set({ state: 'failed', last_error: errorText(error, attempt) }).compile()]);
        run.failed += 1;
      } else {
        const next = new Date(failedAt.getTime() + backoffDelay(attempt, options.backoffMs));
        await db.batch([mine.set({ state: 'queued', next_attempt_at: next.toISOString(), last_error: errorText(error, attempt) }).compile()]);
        run.retried += 1;
      }
    }
  }
  return run;
}

// ---- For the officer workspace: what happened to outgoing mail, and sending a failed one again.

export interface OutboxFilter {
  consultationId?: number;
  state?: OutboxMessage['state'];
  kind?: OutboxKind;
  limit?: number;
  offset?: number;
}

/** Outgoing mail, newest first, without bodies. */
export async function listOutbox(db: AppDatabase, filter: OutboxFilter = {}) {
  let query = db.kysely
    .selectFrom('outbox')
    .select(['id', 'kind', 'consultation_id', 'to_address', 'subject', 'state', 'attempts', 'next_attempt_at', 'last_error', 'sent_at', 'delivered_to', 'created_at']);
  if (filter.consultationId !== undefined) query = query.where('consultation_id', '=', filter.consultationId);
  if (filter.state) query = query.where('state', '=', filter.state);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  return query.orderBy('id', 'desc').limit(filter.limit ?? 200).offset(filter.offset ?? 0).execute();
}

/** Counts per state, for a dashboard line such as "3 failed". */
export async function countOutboxByState(db: AppDatabase, consultationId?: number): Promise<Record<OutboxMessage['state'], number>> {
  let query = db.kysely.selectFrom('outbox').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('state');
  if (consultationId !== undefined) query = query.where('consultation_id', '=', consultationId);
  const counts = { queued: 0, sending: 0, sent: 0, failed: 0 };
  for (const row of await query.execute()) counts[row.state] = Number(row.n);
  return counts;
}

/**
 * Puts a failed message back in the queue with a fresh set of attempts. False if it was not failed.
 * `alsoWrite` (an officer's audit entry) is written in the same batch, and only if the retry is.
 */
export async function retryFailedMail(db: AppDatabase, outboxId: number, now: Date, alsoWrite: CompiledQuery[] = []): Promise<boolean> {
  if (alsoWrite.length) {
    // A row that is not failed gets an invalid state, so SQLite aborts the batch and the entry
    // is not written either (the same claim as in ./inbound/file.ts).
    try {
      const [result] = await db.batch([
        CompiledQuery.raw(`UPDATE outbox SET state = CASE WHEN state = 'failed' THEN 'queued' ELSE 'not-failed' END, attempts = 0, next_attempt_at = ? WHERE id = ?`, [now.toISOString(), outboxId]),
        ...alsoWrite,
      ]);
      return result?.changes === 1;
    } catch (error) {
      if (error instanceof Error && /CHECK constraint failed/.test(error.message)) return false;
      throw error;
    }
  }
  const [result] = await db.batch([
    db.kysely
      .updateTable('outbox')
      .set({ state: 'queued', attempts: 0, next_attempt_at: now.toISOString() })
      .where('id', '=', outboxId)
      .where('state', '=', 'failed')
      .compile(),
  ]);
  return result?.changes === 1;
}
