// Runs groups of batches against one better-sqlite3 connection: each group is one transaction,
// so one fsync serves every caller in it. Used by the writer thread.
import type BetterSqlite3 from 'better-sqlite3';
import type { BatchResult } from '../../db/database.ts';

/** A statement travels by number; its SQL text only the first time it is used. */
export interface WireQuery {
  statement: number;
  sql?: string;
  parameters: readonly unknown[];
}

export interface WireError {
  message: string;
  code: string | null;
}

export type WireOutcome = { results: BatchResult[] } | { error: WireError };

type Statement = BetterSqlite3.Statement<unknown[]>;

function toWire(error: unknown): WireError {
  const e = error as { message?: unknown; code?: unknown };
  return { message: String(e?.message ?? error), code: typeof e?.code === 'string' ? e.code : null };
}

export function createGroupRunner(raw: BetterSqlite3.Database): (jobs: WireQuery[][]) => WireOutcome[] {
  const statements = new Map<number, Statement>();
  const execute = (query: WireQuery): BatchResult => {
    let statement = statements.get(query.statement);
    if (!statement) {
      if (query.sql === undefined) throw new Error(`statement ${query.statement} is unknown to the writer`);
      statement = raw.prepare(query.sql);
      statements.set(query.statement, statement);
    }
    const parameters = query.parameters as unknown[];
    if (statement.reader) return { rows: statement.all(...parameters), changes: 0, lastInsertRowid: null };
    const info = statement.run(...parameters);
    return { rows: [], changes: info.changes, lastInsertRowid: Number(info.lastInsertRowid) };
  };
  // Almost always nothing fails: run the group without per-caller savepoints. Only when a
  // statement fails is the group rolled back and run again with each caller in its own
  // savepoint, so that one caller's constraint violation undoes that caller's statements only.
  const runFast = raw.transaction((jobs: WireQuery[][]) => jobs.map((job) => job.map(execute)));
  const runOne = raw.transaction((job: WireQuery[]) => job.map(execute));
  const runIsolated = raw.transaction((jobs: WireQuery[][]) =>
    jobs.map((job): WireOutcome => {
      try {
        return { results: runOne(job) };
      } catch (error) {
        return { error: toWire(error) };
      }
    }),
  );
  return (jobs) => {
    try {
      return runFast(jobs).map((results) => ({ results }));
    } catch {
      try {
        return runIsolated(jobs);
      } catch (error) {
        const wire = toWire(error);
        return jobs.map(() => ({ error: wire }));
      }
    }
  };
}

/** The settings every connection to the database uses. */
export function configureConnection(raw: BetterSqlite3.Database): void {
  raw.pragma('journal_mode = WAL');
  // A commit returns only once the WAL is on disk: what we acknowledge survives power loss.
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
}
