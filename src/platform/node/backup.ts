// Backups of the database while the app serves, and restoring one into an empty DATA_DIR.
//
// Copying yijian.sqlite with cp is unsafe in WAL mode (the newest commits live in -wal until a
// checkpoint, and a copy taken mid-checkpoint is torn). VACUUM INTO reads one consistent snapshot
// in a single read transaction — in WAL mode a reader never blocks the writer, so the app keeps
// taking comments — and writes it as a new, compact database file. The online backup API would
// restart from the beginning each time the writer commits, which under steady load may be never.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync, copyFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { databasePath } from './data-dir.ts';
import { applyMigrations, type MigrationFile } from './migrations.ts';

export interface BackupContents {
  consultations: number;
  comments: number;
  /** Inbound mail, stored raw. */
  messages: number;
  /** Attachments of inbound mail. */
  files: number;
  outbox: number;
  officers: number;
  auditEntries: number;
}

export interface BackupSummary {
  file: string;
  bytes: number;
  integrity: string;
  /** Migrations applied to the copy, in order: its schema version is the last. */
  migrations: string[];
  contents: BackupContents;
}

/** A problem the operator must fix (exit code 2): the message says what and how. */
export class BackupError extends Error {}

const SQLITE_HEADER = 'SQLite format 3\u0000';

function isSqliteFile(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(16);
    return readSync(fd, header, 0, 16, 0) === 16 && header.toString('latin1') === SQLITE_HEADER;
  } finally {
    closeSync(fd);
  }
}

/** fsync a file and the directory that names it, so that a rename is on disk too. */
function syncToDisk(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  const dir = openSync(dirname(file), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

function count(db: BetterSqlite3.Database, table: string): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

/** What a backup holds, in the lines the CLIs print. */
export function describeBackup(summary: BackupSummary): string[] {
  const c = summary.contents;
  return [
    `完整性检查 / integrity_check: ${summary.integrity}`,
    `数据库版本 / schema version: ${summary.migrations.at(-1) ?? '(none)'} (${summary.migrations.length} migrations)`,
    `内容 / contents: ${c.consultations} consultations, ${c.comments} comments, ${c.messages} messages, ${c.files} files (mail attachments), ${c.outbox} outgoing mails, ${c.officers} officers, ${c.auditEntries} audit entries`,
  ];
}

/** Opens a backup file read-only, checks it page by page, and says what it holds. */
export function inspectBackup(file: string): BackupSummary {
  if (!existsSync(file)) throw new BackupError(`没有这个文件 / no such file: ${file}`);
  if (!isSqliteFile(file)) throw new BackupError(`不是 SQLite 数据库文件 / not an SQLite database: ${file}`);
  let db: BetterSqlite3.Database | null = null;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    const problems = (db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[]).map((r) => r.integrity_check);
    if (problems.length !== 1 || problems[0] !== 'ok') {
      throw new BackupError(`完整性检查未通过 / integrity_check failed for ${file}:\n  ${problems.slice(0, 10).join('\n  ')}`);
    }
    const hasMigrations = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'd1_migrations'").get();
    if (!hasMigrations) throw new BackupError(`不是意见平台的数据库（没有迁移记录）/ not a yijian database (no d1_migrations): ${file}`);
    const migrations = (db.prepare('SELECT name FROM d1_migrations ORDER BY id').all() as { name: string }[]).map((r) => r.name);
    return {
      file,
      bytes: statSync(file).size,
      integrity: 'ok',
      migrations,
      contents: {
        consultations: count(db, 'consultations'),
        comments: count(db, 'comments'),
        messages: count(db, 'inbound_messages'),
        files: count(db, 'inbound_attachments'),
        outbox: count(db, 'outbox'),
        officers: count(db, 'officers'),
        auditEntries: count(db, 'audit_log'),
      },
    };
  } catch (error) {
    if (error instanceof BackupError) throw error;
    // A file damaged beyond what integrity_check can walk fails on opening or on the check itself.
    throw new BackupError(`完整性检查未通过 / integrity_check failed for ${file}: ${(error as Error).message}`);
  } finally {
    db?.close();
  }
}

/**
 * Takes a consistent copy of DATA_DIR's database into `out` while the app may be serving: written
 * to a temporary file beside it, checked, synced, then renamed — a failed backup never leaves a
 * half-written file under the real name. Refuses to overwrite.
 */
export function takeBackup(dataDir: string, out: string): BackupSummary & { milliseconds: number } {
  const source = databasePath(dataDir);
  const target = resolve(out);
  if (!existsSync(source)) throw new BackupError(`DATA_DIR 中没有数据库 / no database in DATA_DIR: ${source}`);
  if (existsSync(target)) throw new BackupError(`文件已存在，不会覆盖 / ${target} exists; it is not overwritten`);
  mkdirSync(dirname(target), { recursive: true });
  const partial = `${target}.partial-${process.pid}`;
  const started = performance.now();
  const db = new BetterSqlite3(source, { readonly: true, fileMustExist: true });
  try {
    // The app's writer may hold the write lock for a moment; a reader waits rather than fails.
    db.pragma('busy_timeout = 10000');
    db.prepare('VACUUM INTO ?').run(partial);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    db.close();
  }
  try {
    const summary = inspectBackup(partial);
    syncToDisk(partial);
    renameSync(partial, target);
    syncToDisk(target);
    return { ...summary, file: target, milliseconds: Math.round(performance.now() - started) };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

export interface RestoreSummary extends BackupSummary {
  /** Migrations of this version the backup did not have, applied after restoring. */
  applied: string[];
}

/**
 * Restores a backup into an empty DATA_DIR: refuses a DATA_DIR that already has a database, a file
 * that fails integrity_check, and a backup from a newer version (a migration this code does not
 * know). Copies to a temporary name, syncs, renames, then applies this version's newer migrations.
 */
export function restoreBackup(file: string, dataDir: string, shipped: MigrationFile[]): RestoreSummary {
  const target = databasePath(dataDir);
  for (const existing of [target, `${target}-wal`, `${target}-shm`]) {
    if (existsSync(existing)) {
      throw new BackupError(
        `DATA_DIR 已有数据库，不会覆盖：请先把它移走，或换一个空目录 / DATA_DIR already has a database (${existing}); it is not overwritten — move it aside or restore into an empty DATA_DIR`,
      );
    }
  }
  const summary = inspectBackup(resolve(file));
  const known = new Set(shipped.map((m) => m.name));
  const unknown = summary.migrations.filter((name) => !known.has(name));
  if (unknown.length) {
    throw new BackupError(`备份来自更新的版本（本版本没有这些迁移）/ the backup is from a newer version; unknown migrations: ${unknown.join(', ')}`);
  }
  mkdirSync(dataDir, { recursive: true });
  const partial = `${target}.restoring-${process.pid}`;
  try {
    copyFileSync(resolve(file), partial);
    syncToDisk(partial);
    renameSync(partial, target);
    syncToDisk(target);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  const db = new BetterSqlite3(target);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    const applied = applyMigrations(db, shipped);
    return { ...summary, file: target, applied };
  } finally {
    db.close();
  }
}
