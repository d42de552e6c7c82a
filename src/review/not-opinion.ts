// 「不是意见」: an officer's word that a comment is not an opinion at all — a salutation, a receipt,
// a signature or a test the mail reading let through — and the way back. One comment, a few, or
// whole near-duplicate groups, in one batch with the public counters, the page version and the
// audit entry.
//
// Such a comment counts nowhere: not in the queue's figures, the consultation's public counters,
// the department board, the feedback report (any format) or the results statement; no public
// page shows it. It keeps everything else — status, decision, its place in its group — so that
// restoring it puts it back exactly where it was, published again if it was published. The queue
// lists these comments under their own filter (store.ts, `opinion: 'not'`).
import { type CompiledQuery, type Kysely, sql } from 'kysely';
import { auditQuery } from '../auth/audit.ts';
import type { Database } from '../db/schema.ts';
import { type ActionOnComments, type Actor, checkSelection, isReasonTooLong, type ReviewDeps, type Selection, type SelectionRefusal } from './action.ts';
import { COUNTED, publicCounterQueries } from './counters.ts';
import { selectedComments } from './store.ts';

export type NotOpinionRefusal = SelectionRefusal | 'reason_too_long';

export type NotOpinionResult = { ok: true; count: number } | { ok: false; code: NotOpinionRefusal };

/** The reason is optional. */
export type MarkNotOpinionInput = ActionOnComments;

export type RestoreOpinionInput = Omit<ActionOnComments, 'reason'>;

/** `count` is how many comments were marked: 0 when every one already was. */
export async function markNotOpinion(deps: ReviewDeps, input: MarkNotOpinionInput): Promise<NotOpinionResult> {
  const refusal = checkSelection(input.selection) ?? (isReasonTooLong(input.reason) ? 'reason_too_long' : null);
  if (refusal) return { ok: false, code: refusal };
  return write(deps, { ...input, reason: input.reason || null, opinion: false });
}

/** `count` is how many comments became opinions again: 0 when none was marked. */
export async function restoreOpinion(deps: ReviewDeps, input: RestoreOpinionInput): Promise<NotOpinionResult> {
  const refusal = checkSelection(input.selection);
  if (refusal) return { ok: false, code: refusal };
  return write(deps, { ...input, reason: null, opinion: true });
}

async function write(deps: ReviewDeps, input: RestoreOpinionInput & { reason: string | null; opinion: boolean }): Promise<NotOpinionResult> {
  const queries = notOpinionQueries(deps.db.kysely, {
    consultationId: input.consultation.id,
    selection: input.selection,
    opinion: input.opinion,
    reason: input.reason,
    actor: input.actor,
    now: deps.clock(),
  });
  const results = await deps.db.batch(queries);
  deps.consultationChanged(input.consultation.slug);
  return { ok: true, count: results[results.length - 1]!.changes };
}

/** The counters (counters.ts), the audit entry and the comments' update, whose `changes` is how many changed. */
function notOpinionQueries(
  db: Kysely<Database>,
  input: { consultationId: number; selection: Selection; opinion: boolean; reason: string | null; actor: Actor; now: Date },
): CompiledQuery[] {
  const { consultationId, selection, opinion, reason, now } = input;
  const iso = now.toISOString();
  const chosen = selectedComments(consultationId, selection);
  // Marking takes out the published comments still counted; restoring puts back the published ones that are marked.
  const moving = opinion ? sql`status = 'published' AND not_opinion_at IS NOT NULL` : COUNTED;
  const single = selection.ids.length + selection.groups.length === 1;
  return [
    ...publicCounterQueries(db, { consultationId, chosen, moving, sign: opinion ? 1 : -1, now }),
    auditQuery(
      db,
      {
        officerId: input.actor.officerId,
        action: opinion ? 'restore-opinion' : 'not-opinion',
        consultationId,
        targetType: single ? (selection.ids.length ? 'comment' : 'group') : 'comments',
        targetId: single ? (selection.ids[0] ?? selection.groups[0]) : null,
        detail: { ...(opinion ? {} : { reason }), ids: selection.ids, groups: selection.groups },
        ip: input.actor.ip,
      },
      now,
    ),
    opinion
      ? sql`UPDATE comments SET not_opinion_at = NULL, not_opinion_reason = NULL, not_opinion_by = NULL
          WHERE id IN ${chosen} AND not_opinion_at IS NOT NULL`.compile(db)
      : sql`UPDATE comments SET not_opinion_at = ${iso}, not_opinion_reason = ${reason}, not_opinion_by = ${input.actor.officerId}
          WHERE id IN ${chosen} AND not_opinion_at IS NULL`.compile(db),
  ];
}
