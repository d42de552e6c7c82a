// Moderating comments: publish, hide (with a reason) or mark as spam — one comment, a few, or
// whole near-duplicate groups — in one batch that also corrects the public counters, moves the
// page version and writes the audit entry.
import { type CompiledQuery, type Kysely, sql } from 'kysely';
import { auditQuery } from '../auth/audit.ts';
import type { CommentStatus, Database } from '../db/schema.ts';
import { type ActionOnComments, type Actor, checkSelection, isReasonTooLong, type ReviewDeps, type Selection, type SelectionRefusal } from './action.ts';
import { COUNTED, publicCounterQueries } from './counters.ts';
import { selectedComments } from './store.ts';

export const MODERATION_ACTIONS = ['publish', 'hide', 'spam'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];
export type ModerationStatus = Exclude<CommentStatus, 'pending'>;

const STATUS_OF: Record<ModerationAction, ModerationStatus> = { publish: 'published', hide: 'hidden', spam: 'spam' };

/** The reason is required to hide. */
export interface ModerateInput extends ActionOnComments {
  /** Null when none was chosen. */
  action: ModerationAction | null;
}

export type ModerateRefusal = SelectionRefusal | 'no_action' | 'hide_needs_reason' | 'reason_too_long';

export type ModerateResult = { ok: true; status: ModerationStatus; count: number } | { ok: false; code: ModerateRefusal };

/** Checked in the order an officer fixes them: what, then how, then why. */
function refusalOf(input: ModerateInput): ModerateRefusal | null {
  const selection = checkSelection(input.selection);
  if (selection) return selection;
  if (!input.action) return 'no_action';
  if (input.action === 'hide' && !input.reason) return 'hide_needs_reason';
  if (isReasonTooLong(input.reason)) return 'reason_too_long';
  return null;
}

/** `count` is how many comments changed: 0 when every one already was as asked. */
export async function moderate(deps: ReviewDeps, input: ModerateInput): Promise<ModerateResult> {
  const refusal = refusalOf(input);
  if (refusal) return { ok: false, code: refusal };
  const status = STATUS_OF[input.action!];
  const queries = moderationQueries(deps.db.kysely, {
    consultationId: input.consultation.id,
    selection: input.selection,
    status,
    reason: input.reason || null,
    actor: input.actor,
    now: deps.clock(),
  });
  const results = await deps.db.batch(queries);
  deps.consultationChanged(input.consultation.slug);
  return { ok: true, status, count: results[results.length - 1]!.changes };
}

/**
 * Moving comments into or out of 'published', with the public counters (published opinions
 * only) corrected from the comments' status at the moment the batch runs, so two officers acting
 * on the same comment at once cannot count it twice. The page version is bumped in the same batch.
 * The last query is the comments' update: its `changes` is how many comments changed.
 */
function moderationQueries(
  db: Kysely<Database>,
  input: { consultationId: number; selection: Selection; status: ModerationStatus; reason: string | null; actor: Actor; now: Date },
): CompiledQuery[] {
  const { consultationId, selection, status, reason, now } = input;
  const iso = now.toISOString();
  const chosen = selectedComments(consultationId, selection);
  // Comments whose counting changes: opinions entering 'published', or leaving it. A comment an
  // officer marked as not an opinion is counted by none of them, whatever its status.
  const moving = status === 'published' ? sql`status != 'published' AND not_opinion_at IS NULL` : COUNTED;
  const single = selection.ids.length + selection.groups.length === 1;
  return [
    ...publicCounterQueries(db, { consultationId, chosen, moving, sign: status === 'published' ? 1 : -1, now }),
    auditQuery(
      db,
      {
        officerId: input.actor.officerId,
        action: 'moderate',
        consultationId,
        targetType: single ? (selection.ids.length ? 'comment' : 'group') : 'comments',
        targetId: single ? (selection.ids[0] ?? selection.groups[0]) : null,
        detail: { status, reason, ids: selection.ids, groups: selection.groups },
        ip: input.actor.ip,
      },
      now,
    ),
    sql`UPDATE comments SET
        status = ${status},
        status_reason = ${reason},
        published_at = CASE WHEN ${status} = 'published' AND status != 'published' THEN ${iso} ELSE published_at END
      WHERE id IN ${chosen} AND (status != ${status} OR status_reason IS NOT ${reason})`.compile(db),
  ];
}
