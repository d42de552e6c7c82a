// Migrations from migrations/*.sql on disk, applied with the same bookkeeping as wrangler's.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';

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
    // Foreign keys are checked once the migration is complete, not statement by statement.
    const broken = raw.prepare('PRAGMA foreign_key_check').all() as { table: string; parent: string }[];
    if (broken.length > 0) {
      throw new Error(`${migration.name} leaves ${broken.length} rows pointing nowhere (first: ${broken[0]!.table} -> ${broken[0]!.parent})`);
    }
    raw.prepare('INSERT INTO d1_migrations (name) VALUES (?)').run(migration.name);
  });
  // A migration may rebuild a table other tables point at (SQLite's way to change a constraint:
  // create the new table, copy, drop the old, rename). SQLite's documentation has that done with
  // foreign keys off and checked before committing; the setting only changes outside a transaction.
  const enforced = raw.pragma('foreign_keys', { simple: true }) === 1;
  raw.pragma('foreign_keys = OFF');
  try {
    for (const migration of migrations) {
      if (applied.has(migration.name)) continue;
      apply(migration);
      done.push(migration.name);
    }
  } finally {
    if (enforced) raw.pragma('foreign_keys = ON');
  }
  return done;
}
