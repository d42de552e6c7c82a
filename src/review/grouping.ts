// Near-duplicate grouping of a consultation's comments: when it runs, and how a run is stored.
// When is decided here, in one place:
// - opening the queue groups the comments that came in since the last run, before listing, so
//   an officer normally sees every campaign already grouped;
// - above AUTO_LIMIT comments a full run takes seconds (bench/review.ts), so opening the queue
//   runs it at most once every AUTO_INTERVAL; the queue says how many comments are not grouped
//   yet, and the 「重新归并」 button runs it at once;
// - one run at a time per consultation and database: a second request waits for the running one.
// A run pauses every few hundred comments (groupNearDuplicatesPausing), so the server keeps
// answering other requests meanwhile.
import { type CompiledQuery, sql } from 'kysely';
import type { AppDatabase } from '../db/database.ts';
import type { DuplicateRun } from '../db/schema.ts';
import type { ReviewDeps } from './action.ts';
import { groupNearDuplicatesPausing } from './duplicates.ts';

export const AUTO_LIMIT = 20_000;
export const AUTO_INTERVAL_MS = 10 * 60 * 1000;

const running = new WeakMap<AppDatabase, Map<number, Promise<DuplicateRun>>>();

/** Runs the grouping now, or joins the run already under way for this consultation. */
export function regroupNow(db: AppDatabase, consultationId: number, now: Date): Promise<DuplicateRun> {
  let runs = running.get(db);
  if (!runs) running.set(db, (runs = new Map()));
  const current = runs.get(consultationId);
  if (current) return current;
  const run = regroupDuplicates(db, consultationId, now).finally(() => runs.delete(consultationId));
  runs.set(consultationId, run);
  return run;
}

/** The 「重新归并」 button: group every comment of the consultation again, now. */
export async function regroup(deps: Pick<ReviewDeps, 'db' | 'clock'>, input: { consultationId: number }): Promise<{ ok: true; run: DuplicateRun }> {
  return { ok: true, run: await regroupNow(deps.db, input.consultationId, deps.clock()) };
}

export interface GroupingState {
  run: DuplicateRun | null;
  /** Comments not yet looked at by a grouping run. */
  ungrouped: number;
}

export async function groupIfDue(db: AppDatabase, consultationId: number, now: Date): Promise<GroupingState> {
  const [run, current] = await Promise.all([findDuplicateRun(db, consultationId), countComments(db, consultationId)]);
  const ungrouped = ungroupedSince(run, current);
  if (ungrouped === 0) return { run: run ?? null, ungrouped: 0 };
  const due = current.count <= AUTO_LIMIT || !run || now.getTime() - new Date(run.ran_at).getTime() >= AUTO_INTERVAL_MS;
  if (!due) return { run, ungrouped };
  const fresh = await regroupNow(db, consultationId, now);
  return { run: fresh, ungrouped: 0 };
}

async function findDuplicateRun(db: AppDatabase, consultationId: number): Promise<DuplicateRun | undefined> {
  return db.kysely.selectFrom('duplicate_runs').selectAll().where('consultation_id', '=', consultationId).executeTakeFirst();
}

async function countComments(db: AppDatabase, consultationId: number): Promise<{ count: number; maxId: number }> {
  const row = await db.kysely
    .selectFrom('comments')
    .select([sql<number>`COUNT(*)`.as('count'), sql<number | null>`MAX(id)`.as('max_id')])
    .where('consultation_id', '=', consultationId)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), maxId: Number(row.max_id ?? 0) };
}

/** Comments that came in after the last grouping (0 when it is current). */
function ungroupedSince(run: DuplicateRun | undefined, current: { count: number; maxId: number }): number {
  if (!run) return current.count;
  if (run.through_comment_id === current.maxId && run.comment_count === current.count) return 0;
  return Math.max(1, current.count - run.comment_count);
}

const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const ID_CHUNK = 20_000;

/**
 * Groups all comments of a consultation again and stores what changed. Comments arriving while it
 * runs are not in its reading, are left alone, and make the next run due.
 */
async function regroupDuplicates(db: AppDatabase, consultationId: number, now: Date): Promise<DuplicateRun> {
  const rows = await db.kysely
    .selectFrom('comments')
    .select(['id', 'body', 'duplicate_group_id'])
    .where('consultation_id', '=', consultationId)
    .orderBy('id')
    .execute();
  const groups = await groupNearDuplicatesPausing(rows, pause);
  const changes: [number, number | null][] = [];
  for (const row of rows) {
    const next = groups.get(row.id) ?? null;
    if (next !== row.duplicate_group_id) changes.push([row.id, next]);
  }
  const queries: CompiledQuery[] = [];
  // Each change is one lookup by id (UPDATE … FROM a JSON list of [id, group] pairs).
  for (let i = 0; i < changes.length; i += ID_CHUNK) {
    queries.push(
      sql`UPDATE comments SET duplicate_group_id = changed.group_id
        FROM (SELECT json_extract(value, '$[0]') AS id, json_extract(value, '$[1]') AS group_id FROM json_each(${JSON.stringify(changes.slice(i, i + ID_CHUNK))})) AS changed
        WHERE comments.id = changed.id`.compile(db.kysely),
    );
  }
  const run: DuplicateRun = {
    consultation_id: consultationId,
    through_comment_id: rows.length ? rows[rows.length - 1]!.id : 0,
    comment_count: rows.length,
    group_count: new Set(groups.values()).size,
    grouped_comment_count: groups.size,
    ran_at: now.toISOString(),
  };
  queries.push(
    db.kysely
      .insertInto('duplicate_runs')
      .values(run)
      .onConflict((oc) => oc.column('consultation_id').doUpdateSet({ ...run }))
      .compile(),
  );
  await db.batch(queries);
  return run;
}
