import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CompiledQuery } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../src/platform/node/sqlite.ts';

const dir = mkdtempSync(join(tmpdir(), 'yijian-group-'));
const file = join(dir, 'g.sqlite');
const db = openNodeDatabase(file);
db.raw.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL)');
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const insert = (name: string) => CompiledQuery.raw('INSERT INTO t (name) VALUES (?)', [name]);
const names = () => (new Database(file, { readonly: true }).prepare('SELECT name FROM t ORDER BY id').all() as { name: string }[]).map((r) => r.name);

describe('group commit', () => {
  it('finishes every pending write before the database closes', async () => {
    const dir2 = mkdtempSync(join(tmpdir(), 'yijian-close-'));
    const other = openNodeDatabase(join(dir2, 'c.sqlite'));
    other.raw.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)');
    const pending = Array.from({ length: 20 }, (_, i) => other.batch([CompiledQuery.raw('INSERT INTO t (name) VALUES (?)', [`n${i}`])]));
    await other.close();
    await Promise.all(pending);
    const check = new Database(join(dir2, 'c.sqlite'), { readonly: true });
    expect((check.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n).toBe(20);
    check.close();
    rmSync(dir2, { recursive: true, force: true });
  });

  it('commits concurrent batches together and each caller sees its own results', async () => {
    const results = await Promise.all([db.batch([insert('a'), insert('b')]), db.batch([insert('c')])]);
    expect(results.map((r) => r.map((x) => x.changes))).toEqual([[1, 1], [1]]);
    // Read through a separate connection: committed, not just written.
    expect(names()).toEqual(['a', 'b', 'c']);
  });

  it('rolls back only the caller whose statement failed, atomically', async () => {
    const outcomes = await Promise.allSettled([
      db.batch([insert('d')]),
      db.batch([insert('e'), insert('a')]), // 'a' exists: this whole batch must vanish, 'e' included
      db.batch([insert('f')]),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE constraint failed/);
    expect(names()).toEqual(['a', 'b', 'c', 'd', 'f']);
  });
});
