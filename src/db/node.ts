// Node's database: better-sqlite3 in WAL mode with fsync on commit, plus group commit so that
// many concurrent submissions share one fsync'd transaction. Node-only; the Worker uses D1.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { type CompiledQuery, Kysely, SqliteDialect } from 'kysely';
import type { AppDatabase, BatchResult } from './database.ts';
import type { Database } from './schema.ts';

type Statement = BetterSqlite3.Statement<unknown[]>;

interface Job {
  queries: CompiledQuery[];
  resolve: (results: BatchResult[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Collects the batches submitted during one turn of the event loop and commits them together.
 * Each caller's batch runs in its own savepoint, so one caller's constraint violation rolls back
 * only that caller's statements. Promises resolve after COMMIT returns, and with
 * synchronous=FULL that means the WAL has been fsync'd: the data survives kill -9 and power loss.
 */
class GroupCommitter {
  private queue: Job[] = [];
  private scheduled = false;
  private readonly statements = new Map<string, Statement>();
  private readonly runGroup: (jobs: Job[]) => Map<Job, BatchResult[] | { error: unknown }>;
  private readonly runGroupFast: (jobs: Job[]) => BatchResult[][];

  constructor(private readonly raw: BetterSqlite3.Database) {
    // Almost always no statement fails: run the group without per-caller savepoints, and only
    // when something does fail, roll back and run it again with each caller isolated.
    this.runGroupFast = raw.transaction((jobs: Job[]) => jobs.map((job) => job.queries.map((query) => this.execute(query))));
    const runOne = raw.transaction((job: Job) => job.queries.map((query) => this.execute(query)));
    this.runGroup = raw.transaction((jobs: Job[]) => {
      const outcome = new Map<Job, BatchResult[] | { error: unknown }>();
      for (const job of jobs) {
        try {
          outcome.set(job, runOne(job));
        } catch (error) {
          outcome.set(job, { error });
        }
      }
      return outcome;
    });
  }

  submit(queries: CompiledQuery[]): Promise<BatchResult[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ queries, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.raw.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private execute(query: CompiledQuery): BatchResult {
    const statement = this.statement(query.sql);
    const parameters = query.parameters as unknown[];
    if (statement.reader) return { rows: statement.all(...parameters), changes: 0, lastInsertRowid: null };
    const info = statement.run(...parameters);
    return { rows: [], changes: info.changes, lastInsertRowid: Number(info.lastInsertRowid) };
  }

  private flush(): void {
    // Never nest inside a transaction someone else left open: our COMMIT would not be durable.
    if (this.raw.inTransaction) {
      setTimeout(() => this.flush(), 1);
      return;
    }
    this.scheduled = false;
    const jobs = this.queue;
    this.queue = [];
    if (jobs.length === 0) return;
    try {
      const results = this.runGroupFast(jobs);
      jobs.forEach((job, i) => job.resolve(results[i]!));
      return;
    } catch {
      // Fall through: find out whose statements failed.
    }
    let outcome: Map<Job, BatchResult[] | { error: unknown }>;
    try {
      outcome = this.runGroup(jobs);
    } catch (error) {
      for (const job of jobs) job.reject(error);
      return;
    }
    for (const job of jobs) {
      const result = outcome.get(job)!;
      if ('error' in result) job.reject(result.error);
      else job.resolve(result);
    }
  }
}

export interface NodeDatabase extends AppDatabase {
  raw: BetterSqlite3.Database;
  close(): Promise<void>;
}

export function openNodeDatabase(file: string): NodeDatabase {
  const raw = new BetterSqlite3(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  // Kysely's driver prepares every query anew; keep one prepared statement per distinct SQL.
  // (Safe because the app never streams results, the one thing a shared statement cannot do.)
  const prepared = new Map<string, Statement>();
  const cachingHandle = {
    prepare(sql: string): Statement {
      let statement = prepared.get(sql);
      if (!statement) {
        if (prepared.size >= 1000) prepared.clear();
        statement = raw.prepare(sql);
        prepared.set(sql, statement);
      }
      return statement;
    },
    close: () => raw.close(),
  };
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingHandle as unknown as BetterSqlite3.Database }) });
  const committer = new GroupCommitter(raw);
  return {
    raw,
    kysely,
    batch: (queries) => committer.submit(queries),
    async close() {
      await kysely.destroy();
      if (raw.open) raw.close();
    },
  };
}

export interface MigrationFile {
  name: string;
  sql: string;
}

export function readMigrations(directory: string): MigrationFile[] {
  return readdirSync(directory)
    .filter((name) => /^\d{4}_.+\.sql$/.test(name))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(directory, name), 'utf8') }));
}

/**
 * Applies migrations not yet applied. Bookkeeping uses wrangler's own `d1_migrations` table,
 * so a database migrated here and one migrated by `wrangler d1 migrations apply` agree.
 */
export function applyMigrations(raw: BetterSqlite3.Database, migrations: MigrationFile[]): string[] {
  raw.exec(`CREATE TABLE IF NOT EXISTS d1_migrations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT UNIQUE,
    applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
  )`);
  const applied = new Set((raw.prepare('SELECT name FROM d1_migrations').all() as { name: string }[]).map((r) => r.name));
  const done: string[] = [];
  const apply = raw.transaction((migration: MigrationFile) => {
    raw.exec(migration.sql);
    raw.prepare('INSERT INTO d1_migrations (name) VALUES (?)').run(migration.name);
  });
  for (const migration of migrations) {
    if (applied.has(migration.name)) continue;
    apply(migration);
    done.push(migration.name);
  }
  return done;
}
