// From a Node SQLite file to D1 + R2: the SQL that `wrangler d1 execute DB --file` runs on a D1
// database already migrated (`wrangler d1 migrations apply`), and the files R2 keeps. Raw mail and
// attachments leave their rows for R2 under their SHA-256, exactly as the Worker stores them, and
// their rows name the object (raw_key, content_key). D1 runs a statement of at most 100 KB, so a
// long text is written in pieces: the row with the text empty, then appends.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { attachmentKey, rawMessageKey } from '../../db/files.ts';
import { sqlLiteral } from '../workers/d1.ts';

/** Tables that are not data: migrations bookkeeping (D1 has its own) and rate-limit windows. */
const SKIPPED = new Set(['d1_migrations', 'rate_limits']);
/** A value longer than this (as a literal) is inserted empty and appended in pieces. */
const INLINE_LIMIT = 8_000;
/** Characters per appended piece: at most 4 bytes each, doubled quotes included, well under 100 KB. */
const PIECE = 10_000;

export interface ExportSummary {
  sqlFile: string;
  tables: { name: string; rows: number }[];
  /** R2 objects written under filesDir, by key. */
  objects: { key: string; file: string; bytes: number }[];
}

interface Column {
  name: string;
  pk: number;
}

function tablesInDependencyOrder(raw: BetterSqlite3.Database): string[] {
  const names = (raw.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY name`).all() as { name: string }[])
    .map((r) => r.name)
    .filter((n) => !SKIPPED.has(n));
  const references = new Map(names.map((n) => [n, (raw.prepare(`SELECT "table" FROM pragma_foreign_key_list(?)`).all(n) as { table: string }[]).map((r) => r.table).filter((t) => t !== n)]));
  const ordered: string[] = [];
  const visit = (name: string, path: Set<string>) => {
    if (ordered.includes(name) || path.has(name)) return;
    path.add(name);
    for (const parent of references.get(name) ?? []) if (names.includes(parent)) visit(parent, path);
    path.delete(name);
    ordered.push(name);
  };
  for (const name of names) visit(name, new Set());
  return ordered;
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/**
 * Writes `<outDir>/d1.sql` and the R2 objects under `<outDir>/r2/<key>`. Reads the database as it
 * is; stop the Node app first (or export a copy) so nothing changes meanwhile.
 */
export function exportForD1(raw: BetterSqlite3.Database, outDir: string): ExportSummary {
  const lines: string[] = [
    '-- yijian: data exported from a Node SQLite database for D1.',
    '-- Apply the migrations first (wrangler d1 migrations apply DB), then run this file.',
    'PRAGMA defer_foreign_keys = on;',
  ];
  const objects: ExportSummary['objects'] = [];
  const tables: ExportSummary['tables'] = [];
  const filesDir = join(outDir, 'r2');
  const writeObject = (key: string, bytes: Uint8Array) => {
    const file = join(filesDir, key);
    if (!objects.some((o) => o.key === key)) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, bytes);
      objects.push({ key, file, bytes: bytes.byteLength });
    }
  };
  const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

  for (const table of tablesInDependencyOrder(raw)) {
    const columns = raw.prepare(`SELECT name, pk FROM pragma_table_info(?) ORDER BY cid`).all(table) as Column[];
    const names = columns.map((c) => c.name);
    const keyColumns = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    const hasRowid = keyColumns.length === 0;
    let count = 0;
    const select = raw.prepare(`SELECT ${hasRowid ? 'rowid AS __rowid, ' : ''}* FROM ${quote(table)} ORDER BY ${hasRowid ? 'rowid' : keyColumns.map(quote).join(', ')}`);
    for (const row of select.iterate() as Iterable<Record<string, unknown>>) {
      count++;
      const values: Record<string, unknown> = { ...row };
      delete values.__rowid;
      // Raw mail and attachments go to R2, as the Worker keeps them.
      if (table === 'inbound_messages' && values.raw_key == null && values.raw instanceof Uint8Array && values.raw.byteLength > 0) {
        const key = rawMessageKey(sha256(values.raw));
        writeObject(key, values.raw);
        values.raw = new Uint8Array(0);
        values.raw_key = key;
      }
      if (table === 'inbound_attachments' && values.content_key == null && values.content instanceof Uint8Array && values.content.byteLength > 0) {
        const key = attachmentKey(sha256(values.content));
        writeObject(key, values.content);
        values.content = new Uint8Array(0);
        values.content_key = key;
      }
      const appends: [string, string][] = [];
      const literals = names.map((name) => {
        const value = values[name];
        if (typeof value === 'string' && sqlLiteral(value).length > INLINE_LIMIT) {
          appends.push([name, value]);
          return "''";
        }
        return sqlLiteral(value);
      });
      lines.push(`INSERT INTO ${quote(table)} (${names.map(quote).join(', ')}) VALUES (${literals.join(', ')});`);
      if (appends.length) {
        // Without a declared key, the row just inserted is the one with the largest rowid.
        const where = hasRowid ? `rowid = (SELECT max(rowid) FROM ${quote(table)})` : keyColumns.map((k) => `${quote(k)} = ${sqlLiteral(values[k])}`).join(' AND ');
        for (const [name, text] of appends) {
          const chars = [...text];
          for (let i = 0; i < chars.length; i += PIECE) {
            lines.push(`UPDATE ${quote(table)} SET ${quote(name)} = ${quote(name)} || ${sqlLiteral(chars.slice(i, i + PIECE).join(''))} WHERE ${where};`);
          }
        }
      }
    }
    tables.push({ name: table, rows: count });
  }
  mkdirSync(outDir, { recursive: true });
  const sqlFile = join(outDir, 'd1.sql');
  writeFileSync(sqlFile, `${lines.join('\n')}\n`);
  return { sqlFile, tables, objects };
}
