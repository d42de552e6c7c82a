import type { CompiledQuery, Kysely } from 'kysely';
import type { Database } from './schema.ts';

export interface BatchResult {
  rows: unknown[];
  changes: number;
  lastInsertRowid: number | null;
}

/**
 * The database as the core sees it, on Node (better-sqlite3) and on Workers (D1) alike.
 * Reads and single statements go through `kysely`. Anything that must change several rows
 * together goes through `batch`: one atomic transaction that resolves only once it is durable.
 * (D1 has no interactive transactions, so the core never uses `kysely.transaction()`.)
 */
export interface AppDatabase {
  kysely: Kysely<Database>;
  batch(queries: CompiledQuery[]): Promise<BatchResult[]>;
}

export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
