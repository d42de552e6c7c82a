// The public counters (published opinions per consultation, on the whole draft, per block) as an
// action on chosen comments moves them, and the page version with them: written in the action's
// own batch, counted from the comments as the batch runs, so two officers acting on the same
// comment at once cannot count it twice. Moderation moves comments into or out of 'published';
// 「不是意见」 moves them out of or back into the opinions.
import { type CompiledQuery, type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../db/schema.ts';

/** A published opinion, as the public counters count it. */
export const COUNTED = sql`status = 'published' AND not_opinion_at IS NULL`;

export function publicCounterQueries(
  db: Kysely<Database>,
  input: {
    consultationId: number;
    /** The chosen comments, as a subquery (store.ts, selectedComments). */
    chosen: RawBuilder<unknown>;
    /** Which of them change how they count: those about to be counted (+1) or no longer counted (-1). */
    moving: RawBuilder<unknown>;
    sign: 1 | -1;
    now: Date;
  },
): CompiledQuery[] {
  const { consultationId, chosen, moving, sign } = input;
  return [
    sql`UPDATE consultations SET
        published_comment_count = published_comment_count + ${sign} * (SELECT COUNT(*) FROM comments WHERE id IN ${chosen} AND ${moving}),
        general_comment_count = general_comment_count + ${sign} * (SELECT COUNT(*) FROM comments WHERE id IN ${chosen} AND ${moving} AND block_id IS NULL),
        version = version + 1,
        updated_at = ${input.now.toISOString()}
      WHERE id = ${consultationId}`.compile(db),
    sql`UPDATE blocks SET comment_count = comment_count + ${sign} * (
        SELECT COUNT(*) FROM comments WHERE block_id = blocks.id AND id IN ${chosen} AND ${moving})
      WHERE id IN (SELECT block_id FROM comments WHERE id IN ${chosen} AND ${moving} AND block_id IS NOT NULL)`.compile(db),
  ];
}
