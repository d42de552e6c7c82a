// `npm run backup` while the server takes comments, and `npm run restore` of that backup into an
// empty DATA_DIR that the server then starts on: every comment acknowledged before the backup
// began is in it, the server kept acknowledging during the backup, and a restore never overwrites.
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { type ChildServer, startChildServer } from '../helpers/child.ts';
import { createCliHarness } from '../helpers/cli.ts';
import { MIGRATIONS_DIR } from '../../src/platform/node/project-files.ts';

const MIGRATIONS = readdirSync(MIGRATIONS_DIR).filter((name) => /^\d{4}_.+\.sql$/.test(name)).sort();
const NEWEST_MIGRATION = MIGRATIONS.at(-1)!;
const MIGRATION_COUNT = MIGRATIONS.length;

const CJ = 'changjiang-2022-yangtze-work-points';
const scratch = mkdtempSync(join(tmpdir(), 'yijian-backup-'));
const servers: ChildServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.kill().catch(() => {});
  rmSync(scratch, { recursive: true, force: true });
});

interface Ack {
  trackingNumber: string;
  at: number;
}

/** Clients posting comments one after another until told to stop; what was acknowledged, when. */
function commentLoad(port: number, clients: number) {
  const acks: Ack[] = [];
  const failures: string[] = [];
  let running = true;
  const loops = Array.from({ length: clients }, async (_, client) => {
    for (let seq = 0; running; seq++) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/api/consultations/${CJ}/comments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ body: `备份压力测试意见 ${client}-${seq}：建议补充时间表。`, paragraphId: 'i4' }),
        });
        const json = (await response.json()) as { trackingNumber?: string };
        if (response.status === 201 && json.trackingNumber) acks.push({ trackingNumber: json.trackingNumber, at: performance.now() });
        else failures.push(`${response.status} ${JSON.stringify(json)}`);
      } catch (error) {
        failures.push(String(error));
      }
    }
  });
  return {
    acks,
    failures,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

function trackingNumbersIn(file: string): Set<string> {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return new Set((db.prepare('SELECT tracking_number FROM comments').all() as { tracking_number: string }[]).map((r) => r.tracking_number));
  } finally {
    db.close();
  }
}

describe('backup and restore', () => {
  const liveDir = join(scratch, 'live');
  const backupFile = join(scratch, 'backups', 'yijian-backup.sqlite');
  const restoredDir = join(scratch, 'restored');
  let acknowledgedBefore: Ack[] = [];

  it('takes a consistent backup while comments keep arriving, and misses none acknowledged before it began', async () => {
    const server = await startChildServer({ DATA_DIR: liveDir, COMMENT_RATE_LIMIT: '1000000', LOG_FORMAT: 'json' });
    servers.push(server);
    const load = commentLoad(server.port, 8);
    const cli = createCliHarness({ dataDir: liveDir });
    try {
      while (load.acks.length < 200) await new Promise((resolve) => setTimeout(resolve, 20));
      const began = performance.now();
      acknowledgedBefore = [...load.acks];
      const backup = await cli.run('backup', ['--out', backupFile]);
      const ended = performance.now();
      // Keep writing a little after, so the backup is surrounded by commits on both sides.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await load.stop();

      expect(backup.code, backup.stderr).toBe(0);
      expect(backup.stdout).toContain('integrity_check: ok');
      // The schema version is the newest migration the code knows, and all of them are applied.
      expect(backup.stdout).toContain(`schema version: ${NEWEST_MIGRATION} (${MIGRATION_COUNT} migrations)`);
      expect(backup.stdout).toMatch(/contents: 5 consultations, \d+ comments, \d+ messages, \d+ files \(mail attachments\)/);
      expect(load.failures).toEqual([]);

      const held = trackingNumbersIn(backupFile);
      const missing = acknowledgedBefore.filter((a) => !held.has(a.trackingNumber));
      expect(missing).toEqual([]);
      const during = load.acks.filter((a) => a.at > began && a.at < ended).length;
      // The app kept acknowledging comments while the backup ran: the backup did not stop writes.
      expect(during).toBeGreaterThan(0);
      const comments = Number(/contents: \d+ consultations, (\d+) comments/.exec(backup.stdout)![1]);
      expect(comments).toBe(held.size);
      console.log(
        `backup: ${acknowledgedBefore.length} acknowledged before it began, all in it; ${during} acknowledged while it ran (${Math.round(ended - began)} ms, CLI start-up included); ${held.size} comments in the backup, ${(statSync(backupFile).size / 1024 / 1024).toFixed(1)} MB; ${load.acks.length} acknowledged in all`,
      );

      const again = await cli.run('backup', ['--out', backupFile]);
      expect(again.code).toBe(2);
      expect(again.stderr).toContain('is not overwritten');
    } finally {
      await load.stop();
      await server.stop();
    }
  });

  it('restores into an empty DATA_DIR, and the app starts on it with every acknowledged comment', async () => {
    const cli = createCliHarness({ dataDir: restoredDir });
    const restored = await cli.run('restore', [backupFile]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain('integrity_check: ok');
    expect(restored.stdout).toContain(join(restoredDir, 'yijian.sqlite'));

    const server = await startChildServer({ DATA_DIR: restoredDir });
    servers.push(server);
    try {
      const ready = await fetch(`http://127.0.0.1:${server.port}/readyz`);
      expect(ready.status).toBe(200);
      // A commenter's receipt still answers, and the page counts the restored comments.
      const sample = acknowledgedBefore[acknowledgedBefore.length - 1]!.trackingNumber;
      const track = await fetch(`http://127.0.0.1:${server.port}/track?no=${sample}`);
      expect(track.status).toBe(200);
      expect(await track.text()).toContain(sample);
      const held = trackingNumbersIn(join(restoredDir, 'yijian.sqlite'));
      expect(acknowledgedBefore.filter((a) => !held.has(a.trackingNumber))).toEqual([]);
      // And it takes new comments.
      const fresh = await fetch(`http://127.0.0.1:${server.port}/api/consultations/${CJ}/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ body: '恢复之后提交的意见，内容足够长。' }),
      });
      expect(fresh.status).toBe(201);
    } finally {
      await server.stop();
    }

    // Never over a database: the restored one (now in use) stays as it is.
    const before = statSync(join(restoredDir, 'yijian.sqlite')).mtimeMs;
    const refused = await cli.run('restore', [backupFile]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('it is not overwritten');
    expect(statSync(join(restoredDir, 'yijian.sqlite')).mtimeMs).toBe(before);
  });

  it('refuses a damaged file and a backup from a newer version, and leaves DATA_DIR empty', async () => {
    const cli = createCliHarness('restore-refused');
    try {
      const notSqlite = join(scratch, 'not-a-backup.sqlite');
      writeFileSync(notSqlite, 'this is not a database');
      const wrongFile = await cli.run('restore', [notSqlite]);
      expect(wrongFile.code).toBe(2);
      expect(wrongFile.stderr).toContain('not an SQLite database');

      // A page in the middle overwritten: the header is fine, the b-tree is not.
      const damaged = join(scratch, 'damaged.sqlite');
      copyFileSync(backupFile, damaged);
      const size = statSync(damaged).size;
      const fd = openSync(damaged, 'r+');
      writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, Math.floor(size / 4096 / 2) * 4096);
      closeSync(fd);
      const corrupt = await cli.run('restore', [damaged]);
      expect(corrupt.code).toBe(2);
      expect(corrupt.stderr).toContain('integrity_check failed');

      const newer = join(scratch, 'newer.sqlite');
      copyFileSync(backupFile, newer);
      const db = new BetterSqlite3(newer);
      db.prepare("INSERT INTO d1_migrations (name) VALUES ('9999_from_the_future.sql')").run();
      db.close();
      const future = await cli.run('restore', [newer]);
      expect(future.code).toBe(2);
      expect(future.stderr).toContain('newer version; unknown migrations: 9999_from_the_future.sql');

      expect(existsSync(join(cli.dataDir, 'yijian.sqlite'))).toBe(false);
    } finally {
      cli.close();
    }
  });
});
