// What lives under DATA_DIR: the database file and the generated secret.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomToken } from '../../auth/csrf.ts';
import type { Config } from '../../config.ts';
import { applyMigrations, readMigrations } from './migrations.ts';
import { MIGRATIONS_DIR } from './project-files.ts';
import { type NodeDatabase, openNodeDatabase } from './sqlite.ts';

export function databasePath(dataDir: string): string {
  return join(dataDir, 'yijian.sqlite');
}

/** Opens (creating if needed) the database under DATA_DIR and brings its schema up to date. */
export function openMigratedDatabase(dataDir: string): { db: NodeDatabase; applied: string[] } {
  mkdirSync(dataDir, { recursive: true });
  const db = openNodeDatabase(databasePath(dataDir));
  const applied = applyMigrations(db.raw, readMigrations(MIGRATIONS_DIR));
  return { db, applied };
}

/** SECRET from the environment, or one generated on first start and kept beside the database. */
export function loadSecret(config: Pick<Config, 'secret' | 'dataDir'>): string {
  if (config.secret) return config.secret;
  const file = join(config.dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomToken(32);
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}
