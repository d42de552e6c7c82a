// Deciding on comments (处理情况): 采纳 / 部分采纳 / 不采纳 / 已解释说明, for one comment or a
// whole near-duplicate group at once. Every outcome but 采纳 needs its reason, which the feedback
// report prints. One batch: the decision, the page version (the published results show
// decisions) and the audit entry.
import { sql } from 'kysely';
import { auditQuery } from '../auth/audit.ts';
import type { Decision } from '../db/schema.ts';
import { type ActionOnComments, checkSelection, isReasonTooLong, type ReviewDeps, type SelectionRefusal } from './action.ts';
import { selectedComments } from './store.ts';

export const DECISIONS = ['adopted', 'partly_adopted', 'not_adopted', 'explained'] as const satisfies readonly Decision[];

/** The reason is required unless adopted. */
export interface DecideInput extends ActionOnComments {
  /** Null when none was chosen. */
  decision: Decision | null;
}

export type DecideRefusal = SelectionRefusal | 'no_decision' | 'reason_required' | 'reason_too_long';

export type DecideResult = { ok: true; decision: Decision; count: number } | { ok: false; code: DecideRefusal };

/** Only 采纳 stands without a reason. */
export function needsReason(decision: Decision): boolean {
  return decision !== 'adopted';
}

function refusalOf(input: DecideInput): DecideRefusal | null {
  const selection = checkSelection(input.selection);
  if (selection) return selection;
  if (!input.decision) return 'no_decision';
  if (isReasonTooLong(input.reason)) return 'reason_too_long';
  if (needsReason(input.decision) && !input.reason) return 'reason_required';
  return null;
}

/** `count` is how many comments the decision was saved for. */
export async function decide(deps: ReviewDeps, input: DecideInput): Promise<DecideResult> {
  const refusal = refusalOf(input);
  if (refusal) return { ok: false, code: refusal };
  const decision = input.decision!;
  const { consultation, selection, actor } = input;
  const reason = input.reason || null;
  const now = deps.clock();
  const iso = now.toISOString();
  const k = deps.db.kysely;
  const results = await deps.db.batch([
    // Decisions appear on the published results: the page version moves with them.
    k.updateTable('consultations').set({ version: sql`version + 1`, updated_at: iso }).where('id', '=', consultation.id).compile(),
    auditQuery(
      k,
      {
        officerId: actor.officerId,
        action: 'decide',
        consultationId: consultation.id,
        targetType: selection.groups.length ? 'group' : 'comment',
        targetId: selection.groups[0] ?? selection.ids[0] ?? null,
        detail: { decision, reason, ids: selection.ids, groups: selection.groups },
        ip: actor.ip,
      },
      now,
    ),
    sql`UPDATE comments SET decision = ${decision}, decision_reason = ${reason}, decided_at = ${iso}, decided_by = ${actor.officerId}
      WHERE id IN ${selectedComments(consultation.id, selection)}`.compile(k),
  ]);
  deps.consultationChanged(consultation.slug);
  return { ok: true, decision, count: results[results.length - 1]!.changes };
}
