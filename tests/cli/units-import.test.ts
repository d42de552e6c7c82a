// `npm run units:import -- FILE.csv [--dry-run]`: the unit directory from a name,email file saved by
// Excel on a Chinese Windows (GBK), checked, imported, and refused whole for a bad line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSampleDocuments } from '../../src/platform/node/project-files.ts';
import { loadSamples } from '../../seeds/samples.ts';
import { createCliHarness } from '../helpers/cli.ts';

const cli = createCliHarness('units-cli');
const files = mkdtempSync(join(tmpdir(), 'yijian-units-'));
const UNITS = 100;

function save(name: string, text: string, charset: 'gbk' | 'utf-8'): string {
  const file = join(files, name);
  writeFileSync(file, charset === 'gbk' ? iconv.encode(text, 'gbk') : text);
  return file;
}

/** 100 units with three addresses each, one a line, and the sample roster's 区林业局 with a new one. */
function directory(): string {
  const lines = ['单位名称,电子邮箱'];
  for (let i = 1; i <= UNITS; i++) for (const box of ['office', 'bgs', 'zhk']) lines.push(`测试第${i}局,${box}${i}@ceshi.gov.cn`);
  lines.push('区林业局,lyj2@cj.gov.cn');
  return `${lines.join('\r\n')}\r\n`;
}

async function count(sql: string): Promise<number> {
  const db = cli.openDatabase();
  try {
    const row = (await db.raw.prepare(sql).get()) as { n: number };
    return row.n;
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  const db = cli.openDatabase();
  await loadSamples(db, readSampleDocuments(), new Date());
  await db.close();
});

afterAll(() => {
  cli.close();
  rmSync(files, { recursive: true, force: true });
});

describe('npm run units:import', () => {
  it('prints what a GBK file would change with --dry-run, and stores nothing', async () => {
    const file = save('units-gbk.csv', directory(), 'gbk');
    const before = await count('SELECT count(*) AS n FROM unit_addresses');
    const started = performance.now();
    const result = await cli.run('units:import', [file, '--dry-run']);
    console.log(`units:import --dry-run, GBK, ${UNITS * 3 + 1} rows: ${Math.round(performance.now() - started)} ms (child process included)`);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('文件编码：gb18030');
    expect(result.stdout).toContain(`共 ${UNITS * 3 + 1} 行：新增单位 ${UNITS} 个，新增邮箱 ${UNITS * 3 + 1} 个，0 行已登记、无需改动。`);
    expect(result.stdout).toContain('新增单位「测试第7局」：office7@ceshi.gov.cn、bgs7@ceshi.gov.cn、zhk7@ceshi.gov.cn');
    expect(result.stdout).toContain('「区林业局」增加邮箱 lyj2@cj.gov.cn');
    expect(result.stdout).toContain('试运行');
    expect(await count('SELECT count(*) AS n FROM unit_addresses')).toBe(before);
  });

  it('imports it, audited; the same file again changes nothing', async () => {
    const file = save('units-gbk.csv', directory(), 'gbk');
    const before = await count('SELECT count(*) AS n FROM unit_addresses');
    const started = performance.now();
    const result = await cli.run('units:import', [file, '--json']);
    console.log(`units:import, GBK, ${UNITS * 3 + 1} rows: ${Math.round(performance.now() - started)} ms (child process included)`);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, applied: true, rows: UNITS * 3 + 1, charset: 'gb18030' });
    expect(await count('SELECT count(*) AS n FROM unit_addresses')).toBe(before + UNITS * 3 + 1);
    expect(await count("SELECT count(*) AS n FROM units WHERE name LIKE '测试第%局'")).toBe(UNITS);
    expect(await count("SELECT count(*) AS n FROM audit_log WHERE action = 'import-units' AND officer_id IS NULL")).toBe(1);
    const again = await cli.run('units:import', [file]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('文件中的单位和邮箱都已登记，没有需要改动的。');
  });

  it('refuses a file with bad lines whole, naming each by its number (exit code 2)', async () => {
    const before = await count('SELECT count(*) AS n FROM unit_addresses');
    const file = save('bad.csv', 'name,email\n区审计局,sjj@cj.gov.cn\n区审计局,office1@ceshi.gov.cn\n区统计局,tjj(at)cj.gov.cn\n', 'utf-8');
    const result = await cli.run('units:import', [file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('文件有以下问题，没有导入任何内容：');
    expect(result.stderr).toContain('第 3 行：邮箱 office1@ceshi.gov.cn 已登记为「测试第1局」的邮箱');
    expect(result.stderr).toContain('第 4 行：邮箱格式不正确：tjj(at)cj.gov.cn');
    expect(await count('SELECT count(*) AS n FROM unit_addresses')).toBe(before);
    const noHeader = await cli.run('units:import', [save('plain.csv', '区审计局,sjj@cj.gov.cn\n', 'utf-8')]);
    expect(noHeader.code).toBe(2);
    expect(noHeader.stderr).toContain('第一行需要是表头');
    const usage = await cli.run('units:import', []);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('usage: npm run units:import');
  });
});
