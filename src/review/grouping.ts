// When near-duplicate grouping runs. Decided here, in one place:
// - opening the queue groups the comments that came in since the last run, before listing, so
//   an officer normally sees every campaign already grouped;
// - above AUTO_LIMIT comments a full run takes seconds (bench/review.ts), so opening the queue
//   runs it at most once every AUTO_INTERVAL; the queue says how many comments are not grouped
//   yet, and the 「重新归并」 button runs it at once;
// - one run at a time per consultation and database: a second request waits for the running one.
// A run pauses every few hundred comments (groupNearDuplicatesPausing), so the server keeps
// answering other requests meanwhile.
import type { AppDatabase } from '../db/database.ts';
import type { DuplicateRun } from '../db/schema.ts';
import { countComments, findDuplicateRun, regroupDuplicates, ungroupedSince } from './store.ts';

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
