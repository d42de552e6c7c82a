// The second hop of every message: a stored message is read, understood and filed
// (store → understood → file). Never throws for a problem with the message itself: that ends in
// state 'needs_attention' with the reason, and the raw message stays for an officer.
import type { CompiledQuery } from 'kysely';
import { parseJson } from '../../db/database.ts';
import type { InboundMessage, InboundOutcome, InboundState } from '../../db/schema.ts';
import type { MailReason } from '../types.ts';
import { readStoredReason, storedReason } from '../wording.ts';
import type { MailDeps } from './deps.ts';
import { claimQuery, fileUnderstood, isClaimLost } from './file.ts';
import { findInbound, listUnprocessedIds, rawOf } from './store.ts';
import { MailReaderStopped } from './reading.ts';
import { MailReadingStopped, understandRaw, type Understood } from './understood.ts';

export interface ProcessResult {
  id: number;
  state: InboundState;
  outcome: InboundOutcome | null;
  /** Why (a code to word), or the Chinese text of a message filed before reasons were codes. */
  reason: MailReason | string | null;
  consultationId: number | null;
  trackingNumbers: string[];
  /** Null when processing failed before the message could be read. */
  understood: Understood | null;
}

export interface ProcessOptions {
  /** An officer's choice (or `mail:import --consultation`): wins over what the message says. */
  forcedConsultationId?: number | null;
  /**
   * Process again a message already processed as unassigned or needing attention (one that has no
   * comments): used when an officer assigns it. Without this, only messages in state 'received'
   * are processed and any other is returned as it is.
   */
  reprocess?: boolean;
  /**
   * An officer says this message, set aside as spam, is not: it is read again without the spam
   * check (also on any later reading), and filed like any other. Implies reprocess.
   */
  notSpam?: boolean;
  /**
   * Statements written in the same batch as the message's filing (an officer's audit entry), so
   * the record and the change it records are one.
   */
  alsoWrite?: CompiledQuery[];
}

function isTrackingCollision(error: unknown): boolean {
  return error instanceof Error && /UNIQUE constraint failed: comments\.tracking_number/.test(error.message);
}

function resultOf(row: InboundMessage, understood: Understood | null, trackingNumbers: string[] = []): ProcessResult {
  return { id: row.id, state: row.state, outcome: row.outcome, reason: readStoredReason(row.reason), consultationId: row.consultation_id, trackingNumbers, understood };
}

/** Reads, understands and files a stored message. */
export async function processInbound(deps: MailDeps, id: number, options: ProcessOptions = {}): Promise<ProcessResult> {
  const row = await findInbound(deps.db, id);
  if (!row) throw new Error(`inbound message ${id} does not exist`);
  const reprocessable =
    row.state === 'needs_attention' || (row.state === 'processed' && (row.outcome === 'unassigned' || (options.notSpam === true && row.outcome === 'spam')));
  const reprocess = options.reprocess === true || options.notSpam === true;
  if (row.state !== 'received' && !(reprocess && reprocessable)) return resultOf(row, null);
  if (reprocess && row.state !== 'received') {
    const existing = await deps.db.kysely.selectFrom('comments').select('id').where('inbound_message_id', '=', id).executeTakeFirst();
    if (existing) return resultOf(row, null);
  }

  const now = deps.clock();
  let understood: Understood | null = null;
  try {
    understood = await understandRaw(deps, {
      raw: await rawOf(deps.files, row),
      door: row.door,
      envelopeTo: parseJson<string[]>(row.envelope_to, []),
      receivedAt: new Date(row.received_at),
      forcedConsultationId: options.forcedConsultationId ?? null,
      notSpam: options.notSpam === true || row.not_spam_at !== null,
    });
    for (let attempt = 0; ; attempt++) {
      try {
        const filed = await fileUnderstood(deps, row, understood, now, options);
        const u = understood.understanding;
        return { id: row.id, state: filed.state, outcome: u.outcome, reason: u.reason, consultationId: u.consultationId, trackingNumbers: filed.trackingNumbers, understood };
      } catch (error) {
        if (!isTrackingCollision(error) || attempt >= 4) throw error;
      }
    }
  } catch (error) {
    // Shutting down: the message stays 'received' and is read at the next start.
    if (error instanceof MailReaderStopped) throw error;
    if (isClaimLost(error)) {
      const current = await findInbound(deps.db, id);
      return resultOf(current ?? row, understood);
    }
    // A reading stopped at a limit (time, memory) says which; anything else is a failure, with its message.
    const reason = storedReason(
      error instanceof MailReadingStopped ? { code: 'unreadable', params: { problem: error.problem } } : { code: 'failed', params: { error: error instanceof Error ? error.message : String(error) } },
    );
    try {
      await deps.db.batch([
        claimQuery(id, row.state, row.outcome),
        deps.db.kysely
          .updateTable('inbound_messages')
          .set({
            state: 'needs_attention',
            outcome: 'needs-attention',
            reason,
            processed_at: now.toISOString(),
            ...(options.notSpam ? { not_spam_at: now.toISOString() } : {}),
          })
          .where('id', '=', id)
          .compile(),
        ...(options.alsoWrite ?? []),
      ]);
    } catch (markError) {
      if (!isClaimLost(markError)) throw markError;
    }
    return resultOf((await findInbound(deps.db, id)) ?? row, understood);
  }
}

/** Processes every message left in state 'received'; run at start-up. Returns how many. */
export async function processPendingInbound(deps: MailDeps): Promise<number> {
  const ids = await listUnprocessedIds(deps.db);
  for (const id of ids) await processInbound(deps, id);
  return ids.length;
}
