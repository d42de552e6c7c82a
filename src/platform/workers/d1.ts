// The database on Workers: Kysely and the core's batches over a D1 binding. This is the D1
// boundary, and the one place that knows D1's differences from better-sqlite3:
// - BLOBs come back as arrays of numbers, not Uint8Array: every array in a row becomes bytes here
//   (D1 returns no other arrays; JSON columns are text).
// - A statement binds at most 100 parameters: past that, the values are written into the SQL as
//   literals (exactly as SQLite would read them bound), so the core's few long IN lists work.
// - There are no interactive transactions: the core never uses them; db.batch() is D1's batch,
//   one atomic transaction, as on Node.
import type { D1Database, D1PreparedStatement, D1Result } from '@cloudflare/workers-types';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  Kysely,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import type { AppDatabase, BatchResult } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';

export const D1_MAX_PARAMETERS = 100;

/** Rows as the core expects them: BLOB columns as Uint8Array. */
export function normaliseRows(rows: readonly unknown[]): unknown[] {
  for (const row of rows) {
    if (!row || typeof row !== 'object') continue;
    const record = row as Record<string, unknown>;
    for (const [column, value] of Object.entries(record)) {
      if (Array.isArray(value)) record[column] = Uint8Array.from(value as number[]);
      else if (value instanceof ArrayBuffer) record[column] = new Uint8Array(value);
    }
  }
  return rows as unknown[];
}

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** A value as an SQL literal that SQLite reads back as the same value it would have bound. */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} into SQL`);
    return Number.isInteger(value) ? String(value) : value.toPrecision(17);
  }
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'string') {
    // A NUL cannot stand in SQL text; such a string travels as hex cast back to text.
    if (value.includes('\u0000')) return `CAST(X'${hex(new TextEncoder().encode(value))}' AS TEXT)`;
    return `'${value.replaceAll("'", "''")}'`;
  }
  if (value instanceof Uint8Array) return `X'${hex(value)}'`;
  if (value instanceof ArrayBuffer) return `X'${hex(new Uint8Array(value))}'`;
  throw new Error(`cannot write a ${typeof value} into SQL`);
}

/**
 * The SQL with every `?` placeholder replaced by its value as a literal. Placeholders inside
 * string literals, quoted identifiers and comments are left alone.
 */
export function inlineParameters(sql: string, parameters: readonly unknown[]): string {
  let out = '';
  let next = 0;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '"' || ch === '`' || ch === '[') {
      const close = ch === '[' ? ']' : ch;
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === close) {
          if (close !== ']' && sql[j + 1] === close) {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      out += sql.slice(i, j + 1);
      i = j;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const j = end === -1 ? sql.length - 1 : end;
      out += sql.slice(i, j + 1);
      i = j;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      const j = end === -1 ? sql.length - 1 : end + 1;
      out += sql.slice(i, j + 1);
      i = j;
    } else if (ch === '?') {
      if (next >= parameters.length) throw new Error('more placeholders than parameters');
      out += sqlLiteral(parameters[next++]);
    } else {
      out += ch;
    }
  }
  if (next !== parameters.length) throw new Error('more parameters than placeholders');
  return out;
}

function bindable(value: unknown): unknown {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'bigint') return Number(value);
  return value;
}

function prepare(d1: D1Database, query: Pick<CompiledQuery, 'sql' | 'parameters'>): D1PreparedStatement {
  if (query.parameters.length > D1_MAX_PARAMETERS) return d1.prepare(inlineParameters(query.sql, query.parameters));
  return d1.prepare(query.sql).bind(...query.parameters.map(bindable));
}

function toBatchResult(result: D1Result): BatchResult {
  return {
    rows: normaliseRows(result.results ?? []),
    changes: result.meta?.changes ?? 0,
    lastInsertRowid: typeof result.meta?.last_row_id === 'number' ? result.meta.last_row_id : null,
  };
}

class D1Connection implements DatabaseConnection {
  constructor(private readonly d1: D1Database) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result = toBatchResult(await prepare(this.d1, compiled).all());
    return {
      rows: result.rows as R[],
      numAffectedRows: BigInt(result.changes),
      ...(result.lastInsertRowid !== null ? { insertId: BigInt(result.lastInsertRowid) } : {}),
    };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('D1 does not stream results; the app reads by keyset pages');
  }
}

class D1Driver implements Driver {
  constructor(private readonly d1: D1Database) {}
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return new D1Connection(this.d1);
  }
  async beginTransaction(): Promise<void> {
    throw new Error('D1 has no interactive transactions: write with db.batch()');
  }
  async commitTransaction(): Promise<void> {}
  async rollbackTransaction(): Promise<void> {}
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}

class D1Dialect implements Dialect {
  constructor(private readonly d1: D1Database) {}
  createAdapter() {
    return new SqliteAdapter();
  }
  createDriver() {
    return new D1Driver(this.d1);
  }
  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new SqliteIntrospector(db);
  }
}

export function openD1Database(d1: D1Database): AppDatabase {
  return {
    kysely: new Kysely<Database>({ dialect: new D1Dialect(d1) }),
    async batch(queries) {
      if (queries.length === 0) return [];
      const results = await d1.batch(queries.map((q) => prepare(d1, q)));
      return results.map(toBatchResult);
    },
  };
}
