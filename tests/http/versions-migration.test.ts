// Migration 0006 on a database as it was before versions: every consultation becomes version 1
// of itself, every block and comment keeps its id (and a block its parent), comments land on
// version 1, foreign keys hold, and from then on a key may repeat from one version to the next.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, readMigrations } from '../../src/platform/node/migrations.ts';
import { MIGRATIONS_DIR } from '../../src/platform/node/project-files.ts';

let dir: string;
let db: BetterSqlite3.Database;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'yijian-migrate-'));
  db = new BetterSqlite3(join(dir, 'old.sqlite'));
  db.pragma('foreign_keys = ON');
  const all = readMigrations(MIGRATIONS_DIR);
  applyMigrations(db, all.filter((m) => m.name < '0006'));
  const now = '2026-01-01T00:00:00.000Z';
  const insertConsultation = db.prepare(
    "INSERT INTO consultations (id, slug, title, state, meta_json, import_report_json, source_text, source_format, version, created_at, updated_at, published_at) VALUES (?, ?, ?, ?, '{\"issuer\":null}', '{\"setAside\":[]}', ?, 'text', 7, ?, ?, ?)",
  );
  insertConsultation.run(10, 'published-one', '已发布的草案', 'published', '原文一', now, now, now);
  insertConsultation.run(20, 'draft-one', '未发布的草案', 'draft', '原文二', now, now, null);
  const insertBlock = db.prepare("INSERT INTO blocks (id, consultation_id, key, parent_id, position, depth, kind, label, number, text, comment_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insertBlock.run(100, 10, 's1', null, 1, 0, 'heading', '第一章', 1, null, 0);
  insertBlock.run(101, 10, 'a1', 100, 2, 1, 'article', '第一条', 1, '第一条的内容。', 2);
  insertBlock.run(102, 10, 'a1-k2', 101, 3, 2, 'paragraph', null, null, '第一条第二款。', 0);
  insertBlock.run(200, 20, 'a1', null, 1, 0, 'article', '第一条', 1, '草案的第一条。', 0);
  const insertComment = db.prepare("INSERT INTO comments (id, consultation_id, block_id, tracking_number, channel, body, status, received_at, created_at) VALUES (?, 10, ?, ?, 'web', ?, 'published', ?, ?)");
  insertComment.run(1000, 101, 'YJ-AAAA-0001', '对第一条的意见', now, now);
  insertComment.run(1001, 101, 'YJ-AAAA-0002', '又一条', now, now);
  insertComment.run(1002, null, 'YJ-AAAA-0003', '对全文的意见', now, now);
  expect(applyMigrations(db, all)).toEqual(all.filter((m) => m.name >= '0006').map((m) => m.name));
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('migration 0006 (versions)', () => {
  it('makes every consultation version 1 of itself, in its own state, with its text', () => {
    const versions = db.prepare('SELECT consultation_id, number, state, purpose, title, source_text, published_at FROM consultation_versions ORDER BY consultation_id').all();
    expect(versions).toEqual([
      { consultation_id: 10, number: 1, state: 'published', purpose: 'round', title: '已发布的草案', source_text: '原文一', published_at: '2026-01-01T00:00:00.000Z' },
      { consultation_id: 20, number: 1, state: 'draft', purpose: 'round', title: '未发布的草案', source_text: '原文二', published_at: null },
    ]);
    const current = db.prepare('SELECT c.id, v.number FROM consultations c JOIN consultation_versions v ON v.id = c.current_version_id ORDER BY c.id').all();
    expect(current).toEqual([
      { id: 10, number: 1 },
      { id: 20, number: 1 },
    ]);
    // The page-cache counter is untouched.
    expect(db.prepare('SELECT version FROM consultations WHERE id = 10').get()).toEqual({ version: 7 });
  });

  it('keeps every block’s id, parent and counter, now on version 1', () => {
    const blocks = db.prepare('SELECT b.id, b.key, b.parent_id, b.comment_count, v.number, v.consultation_id FROM blocks b JOIN consultation_versions v ON v.id = b.version_id ORDER BY b.id').all();
    expect(blocks).toEqual([
      { id: 100, key: 's1', parent_id: null, comment_count: 0, number: 1, consultation_id: 10 },
      { id: 101, key: 'a1', parent_id: 100, comment_count: 2, number: 1, consultation_id: 10 },
      { id: 102, key: 'a1-k2', parent_id: 101, comment_count: 0, number: 1, consultation_id: 10 },
      { id: 200, key: 'a1', parent_id: null, comment_count: 0, number: 1, consultation_id: 20 },
    ]);
  });

  it('keeps every comment’s id and block, on version 1, and every foreign key holds', () => {
    const comments = db.prepare('SELECT c.id, c.block_id, v.number FROM comments c JOIN consultation_versions v ON v.id = c.version_id ORDER BY c.id').all();
    expect(comments).toEqual([
      { id: 1000, block_id: 101, number: 1 },
      { id: 1001, block_id: 101, number: 1 },
      { id: 1002, block_id: null, number: 1 },
    ]);
    expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    // comments still refer to blocks (not to a table renamed away).
    expect(() => db.prepare("INSERT INTO comments (consultation_id, block_id, tracking_number, channel, body, received_at, created_at) VALUES (10, 999999, 'YJ-X', 'web', 'x', 'now', 'now')").run()).toThrow(/FOREIGN KEY/);
  });

  it('lets a key repeat in another version, puts a new comment on its block’s version, and still refuses a duplicate within one', () => {
    db.prepare("INSERT INTO consultation_versions (id, consultation_id, number, state, title, created_at) VALUES (900, 10, 2, 'draft', '第二稿', 'now')").run();
    db.prepare("INSERT INTO blocks (id, consultation_id, version_id, key, position, depth, kind, text) VALUES (300, 10, 900, 'a1', 1, 0, 'article', '第二稿的第一条。')").run();
    expect(() => db.prepare("INSERT INTO blocks (consultation_id, version_id, key, position, depth, kind) VALUES (10, 900, 'a1', 2, 0, 'article')").run()).toThrow(/UNIQUE/);
    db.prepare("INSERT INTO comments (id, consultation_id, block_id, tracking_number, channel, body, received_at, created_at) VALUES (2000, 10, 300, 'YJ-BBBB-0001', 'web', '对第二稿的意见', 'now', 'now')").run();
    db.prepare("INSERT INTO comments (id, consultation_id, block_id, tracking_number, channel, body, received_at, created_at) VALUES (2001, 10, NULL, 'YJ-BBBB-0002', 'web', '对全文', 'now', 'now')").run();
    const rows = db.prepare('SELECT id, version_id FROM comments WHERE id IN (2000, 2001) ORDER BY id').all();
    // A block's comment is on the block's version; one on the whole text on the current version.
    expect(rows).toEqual([
      { id: 2000, version_id: 900 },
      { id: 2001, version_id: (db.prepare('SELECT current_version_id AS v FROM consultations WHERE id = 10').get() as { v: number }).v },
    ]);
  });
});
