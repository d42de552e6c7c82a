// `npm run migrate` as a child process: every migration once, then nothing left to do; stray
// arguments and bad settings are refused with the reason.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCliHarness, ROOT } from '../helpers/cli.ts';

const cli = createCliHarness('migrate');
afterAll(() => cli.close());

describe('npm run migrate', () => {
  it('applies every migration once, records it as wrangler does, then finds nothing to do', async () => {
    const migrations = readdirSync(join(ROOT, 'migrations')).filter((name) => name.endsWith('.sql')).sort();
    const first = await cli.run('migrate');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`已应用迁移 / applied: ${migrations.join(', ')}`);
    expect(first.stdout).toContain(join(cli.dataDir, 'yijian.sqlite'));
    const second = await cli.run('migrate');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('数据库已是最新 / already up to date');
    const db = cli.openDatabase();
    try {
      expect(db.raw.prepare('SELECT name FROM d1_migrations ORDER BY id').all()).toEqual(migrations.map((name) => ({ name })));
    } finally {
      await db.close();
    }
  });

  it('refuses an unknown option in both languages, and a bad setting with exit code 1', async () => {
    const unknown = await cli.run('migrate', ['--force']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('未知参数 / unknown option: --force');
    expect(unknown.stderr).toContain('usage: npm run migrate');
    const badSetting = await cli.run('migrate', [], { env: { PORT: 'eighty' } });
    expect(badSetting.code).toBe(1);
    expect(badSetting.stderr).toContain('PORT');
  });
});
