// Node's database: better-sqlite3 in WAL mode with fsync on commit. Reads run on the main
// thread's connection; every write goes to a writer thread that commits whatever accumulated
// while its previous commit was on its way to disk (group commit), so concurrent submissions
// share one fsync and the event loop never waits for the disk. Node-only; Workers use D1.
import type { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { type CompiledQuery, Kysely, SqliteDialect } from 'kysely';
import type { AppDatabase, BatchResult } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { configureConnection, type WireOutcome, type WireQuery } from './sqlite-group.ts';
import { startThread } from './threads.ts';

type Statement = BetterSqlite3.Statement<unknown[]>;

interface Job {
  queries: CompiledQuery[];
  resolve: (results: BatchResult[]) => void;
  reject: (error: unknown) => void;
}

function startWriterThread(file: string): Worker {
  return startThread('writer-worker', { workerData: { file } });
}

/**
 * Sends batches to the writer thread, one group at a time. A batch's promise resolves after the
 * group's COMMIT has returned on the writer's connection: with synchronous=FULL the data is then
 * on disk, so a comment we acknowledge survives kill -9 and power loss.
 */
class WriterClient {
  private readonly worker: Worker;
  private readonly ready: Promise<void>;
  private waiting: Job[] = [];
  private inFlight: Job[] | null = null;
  private failure: Error | null = null;
  private drained: (() => void) | null = null;
  private closing = false;
  private readonly statementIds = new Map<string, number>();

  constructor(file: string) {
    this.worker = startWriterThread(file);
    this.ready = new Promise((resolve, reject) => {
      this.worker.once('message', () => resolve());
      this.worker.once('error', reject);
    });
    this.ready.then(
      () => {
        this.worker.on('message', (outcomes: WireOutcome[]) => this.settle(outcomes));
        this.send();
      },
      (error: unknown) => this.fail(error),
    );
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      if (!this.closing || code !== 0 || this.inFlight || this.waiting.length) this.fail(new Error(`database writer stopped (exit ${code})`));
    });
  }

  /** Why the writer cannot take batches, or null while it can (for /readyz). */
  get problem(): string | null {
    return this.failure?.message ?? (this.closing ? 'database writer is closing' : null);
  }

  /** The thread itself: /readyz's test stops it to see the app report it. */
  get thread(): Worker {
    return this.worker;
  }

  submit(queries: CompiledQuery[]): Promise<BatchResult[]> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ queries, resolve, reject });
      if (!this.inFlight) this.send();
    });
  }

  private send(): void {
    if (this.inFlight || this.waiting.length === 0 || this.failure) return;
    const jobs = this.waiting;
    this.waiting = [];
    this.inFlight = jobs;
    const wire = jobs.map((job) => job.queries.map((q) => this.toWire(q)));
    this.ready.then(() => this.worker.postMessage({ type: 'batch', jobs: wire }), () => {});
  }

  private toWire(query: CompiledQuery): WireQuery {
    const known = this.statementIds.get(query.sql);
    if (known !== undefined) return { statement: known, parameters: query.parameters };
    const statement = this.statementIds.size + 1;
    this.statementIds.set(query.sql, statement);
    return { statement, sql: query.sql, parameters: query.parameters };
  }

  private settle(outcomes: WireOutcome[]): void {
    const jobs = this.inFlight ?? [];
    this.inFlight = null;
    jobs.forEach((job, i) => {
      const outcome = outcomes[i];
      if (outcome && 'results' in outcome) job.resolve(outcome.results);
      else {
        const error = new Error(outcome?.error.message ?? 'database writer lost this batch');
        Object.assign(error, { code: outcome?.error.code ?? null });
        job.reject(error);
      }
    });
    this.send();
    if (!this.inFlight && this.drained) this.drained();
  }

  private fail(error: unknown): void {
    this.failure ??= error instanceof Error ? error : new Error(String(error));
    for (const job of [...(this.inFlight ?? []), ...this.waiting]) job.reject(this.failure);
    this.inFlight = null;
    this.waiting = [];
    this.drained?.();
  }

  async close(): Promise<void> {
    if (this.inFlight || this.waiting.length) await new Promise<void>((resolve) => (this.drained = resolve));
    this.closing = true;
    if (this.failure) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    await this.ready.catch(() => {});
    this.worker.postMessage({ type: 'close' });
    await exited;
  }
}

export interface NodeDatabase extends AppDatabase {
  raw: BetterSqlite3.Database;
  /** The writer thread: why it cannot write (null when it can), and the thread. */
  writer: { readonly problem: string | null; readonly thread: Worker };
  close(): Promise<void>;
}

export function openNodeDatabase(file: string): NodeDatabase {
  const raw = new BetterSqlite3(file);
  configureConnection(raw);
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
  const writer = new WriterClient(file);
  return {
    raw,
    kysely,
    writer,
    batch: (queries) => writer.submit(queries),
    async close() {
      await writer.close();
      await kysely.destroy();
      if (raw.open) raw.close();
    },
  };
}
