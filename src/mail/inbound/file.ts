// Filing: everything that follows from an understood message, written in ONE batch — its comments
// (pending or published by the consultation's moderation), its attachments, the unit's roster
// response, the acknowledgement, and the message's own new state. The batch starts with a claim,
// so two runs on the same message cannot both file it.
import { CompiledQuery } from 'kysely';
import { insertCommentQueries } from '../../comments/store.ts';
import { attachmentKey, EMPTY_BYTES, sha256Hex } from '../../db/files.ts';
import type { CommentStatus, InboundMessage, InboundOutcome, InboundState, UnitResponse } from '../../db/schema.ts';
import { newTrackingNumber } from '../../lib/tracking.ts';
import { privacyNotice } from '../../privacy/notice.ts';
import { queueMailQuery } from '../outbox.ts';
import { storedReason } from '../wording.ts';
import { acknowledgement, type FiledComment, mustNotAutoReply } from './acknowledge.ts';
import type { MailDeps } from './deps.ts';
import type { Understood } from './understood.ts';

/**
 * The batch's first statement: it changes nothing while the message is still in the state this
 * run read, and otherwise writes an invalid state so that SQLite aborts the whole batch. Two runs
 * on the same message (a start-up recovery racing an import, a double click on "assign") thus
 * cannot both write comments.
 */
export function claimQuery(id: number, state: InboundState, outcome: InboundOutcome | null): CompiledQuery {
  return CompiledQuery.raw(
    `UPDATE inbound_messages SET state = CASE WHEN state = ? AND outcome IS ? THEN state ELSE 'claimed-by-another-run' END WHERE id = ?`,
    [state, outcome, id],
  );
}

/** Whether a batch failed because its claim did: another run processed the message first. */
export function isClaimLost(error: unknown): boolean {
  return error instanceof Error && /CHECK constraint failed/.test(error.message);
}

// Written out once: the statement never changes shape, and building it per message is measurable.
const FILE_INBOUND = `UPDATE inbound_messages SET state = ?, outcome = ?, reason = ?, consultation_id = ?, unit_id = ?, proposed_unit_id = ?,
  from_address = ?, from_name = ?, subject = ?, late = ?, sent_at = ?, locale = ?, understood_json = ?, processed_at = ?,
  not_spam_at = coalesce(not_spam_at, ?)
  WHERE id = ?`;

const UPDATE_COMMENT_ORIGIN = 'UPDATE comments SET unit_id = ?, proposed_unit_id = ?, inbound_message_id = ? WHERE tracking_number = ?';

const INSERT_ATTACHMENT = `INSERT INTO inbound_attachments (inbound_message_id, position, filename, content_type, size, content, content_key, disposition, text)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

// A unit that once sent comments stays "responded with comments" when it later writes 无意见.
const UPDATE_ROSTER = `UPDATE roster_entries SET
  response = CASE WHEN response = 'comments' THEN 'comments' ELSE ? END,
  responded_at = coalesce(responded_at, ?)
  WHERE consultation_id = ? AND unit_id = ?`;

export interface FilingOptions {
  /** An officer's "not spam", kept on the message for every later reading. */
  notSpam?: boolean;
  /** Statements written in the same batch (an officer's audit entry). */
  alsoWrite?: CompiledQuery[];
}

export interface Filed {
  state: InboundState;
  trackingNumbers: string[];
}

/** Writes what was understood of a stored message. Throws when the batch fails (see isClaimLost). */
export async function fileUnderstood(deps: MailDeps, row: InboundMessage, understood: Understood, now: Date, options: FilingOptions = {}): Promise<Filed> {
  const { message, understanding: u, directory } = understood;
  const { db } = deps;
  const iso = now.toISOString();
  const consultationId = u.consultationId;
  const queries: CompiledQuery[] = [claimQuery(row.id, row.state, row.outcome)];

  // Spam is set aside whole: the raw message stays for an officer, nothing is counted.
  const comments: FiledComment[] = [];
  let changedPublicPage = false;
  // A unit named in the signature of mail from an unknown address is proposed, not taken: the
  // comments stay a person's until an officer confirms the unit (src/mail/attribution.ts).
  const proposedUnitId = u.unitId === null ? (u.proposedUnit?.id ?? null) : null;
  if (u.outcome !== 'spam' && consultationId !== null) {
    const moderation = directory.moderation.get(consultationId) ?? 'pre';
    const status: Exclude<CommentStatus, 'hidden'> = moderation === 'post' ? 'published' : 'pending';
    for (const [i, comment] of u.comments.entries()) {
      const trackingNumber = newTrackingNumber();
      queries.push(
        ...insertCommentQueries(
          {
            consultationId,
            blockId: comment.blockId,
            channel: 'email',
            body: comment.text,
            authorName: message.from?.name ?? null,
            organization: u.unitName,
            contactEmail: message.from?.address ?? null,
            contactPhone: null,
            status,
            statusReason: null,
            late: u.late,
            locale: message.locale,
            clientKey: null,
            receivedAt: new Date(row.received_at),
            now,
            searchText: understood.searchTexts[i],
          },
          trackingNumber,
        ),
        CompiledQuery.raw(UPDATE_COMMENT_ORIGIN, [u.unitId, proposedUnitId, row.id, trackingNumber]),
      );
      comments.push({ trackingNumber, blockId: comment.blockId });
      if (status === 'published') changedPublicPage = true;
    }
  }

  // Attachments are stored again only if an earlier run has not (reprocessing after assignment).
  const hasAttachments = row.state !== 'received' && (await db.kysely.selectFrom('inbound_attachments').select('id').where('inbound_message_id', '=', row.id).executeTakeFirst());
  if (!hasAttachments) {
    for (const [position, a] of message.attachments.entries()) {
      // With a file store (Workers: R2) the content is written there before the batch names it;
      // a batch that then loses its claim leaves an object that the winner wrote identically.
      let content = a.content;
      let contentKey: string | null = null;
      if (deps.files) {
        contentKey = attachmentKey(await sha256Hex(a.content));
        await deps.files.put(contentKey, a.content, a.contentType);
        content = EMPTY_BYTES;
      }
      queries.push(CompiledQuery.raw(INSERT_ATTACHMENT, [row.id, position, a.filename, a.contentType, a.content.byteLength, content, contentKey, a.disposition, a.text]));
    }
  }

  if (u.unitId !== null && consultationId !== null && (u.outcome === 'comments' || u.outcome === 'no-comments')) {
    const response: UnitResponse = u.outcome === 'comments' ? 'comments' : 'no_comments';
    queries.push(CompiledQuery.raw(UPDATE_ROSTER, [response, u.sentAt.toISOString(), consultationId, u.unitId]));
  }

  const from = message.from?.address ?? null;
  if (u.outcome !== 'spam' && from && !mustNotAutoReply(understood.headers, row, from, deps.mailDomain)) {
    const notice = await privacyNotice(db, message.locale, deps.retentionDays);
    const ack = acknowledgement(deps, row, understood, comments, notice);
    // A message an officer filed after it was acknowledged as unassigned gets a second one, now
    // with its tracking numbers; processing the same message again never sends a third.
    const dedupeKey = row.state === 'received' ? `ack:${row.id}` : `ack:${row.id}:${consultationId ?? 'none'}`;
    queries.push(
      queueMailQuery(db.kysely, { kind: 'acknowledgement', dedupeKey, consultationId, to: from, subject: ack.subject, text: ack.text, headers: ack.headers }, now),
    );
  }

  const state: InboundState = u.outcome === 'needs-attention' ? 'needs_attention' : 'processed';
  const summary = {
    ...u,
    sentAt: u.sentAt.toISOString(),
    trackingNumbers: comments.map((c) => c.trackingNumber),
    message: {
      messageId: message.messageId,
      subject: message.subject,
      date: message.date?.toISOString() ?? null,
      quotedRemoved: message.quotedRemoved,
      warnings: message.warnings,
      attachments: message.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.content.byteLength, disposition: a.disposition })),
    },
  };
  queries.push(
    CompiledQuery.raw(FILE_INBOUND, [
      state,
      u.outcome,
      storedReason(u.reason),
      consultationId,
      u.unitId,
      u.outcome === 'spam' ? null : proposedUnitId,
      from,
      message.from?.name ?? null,
      message.subject,
      u.late ? 1 : 0,
      u.sentAt.toISOString(),
      message.locale,
      JSON.stringify(summary),
      iso,
      // An officer's "not spam" is kept for every later reading.
      options.notSpam ? iso : null,
      row.id,
    ]),
    ...(options.alsoWrite ?? []),
  );

  await db.batch(queries);
  if (changedPublicPage && consultationId !== null) {
    const slug = directory.slugs.get(consultationId);
    if (slug) deps.consultationChanged?.(slug);
  }
  return { state, trackingNumbers: comments.map((c) => c.trackingNumber) };
}
