// `npm run report` as a child process on a real database: the same files as the web download,
// and clear refusals for an unknown consultation, format or grouping.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type CliHarness, createCliHarness } from '../helpers/cli.ts';
import { signIn } from '../helpers/officers.ts';
import { CLOSED, seedReportFixture, unzip } from '../helpers/reports.ts';

let harness: TestApp;
let cli: CliHarness;

beforeAll(async () => {
  harness = await createTestApp();
  await seedReportFixture(harness);
  cli = createCliHarness({ dataDir: harness.dataDir });
});
afterAll(async () => {
  await harness.close();
});

const reportCli = (args: string[]) => cli.run('report', args);

describe('npm run report', () => {
  it('writes the same CSV as the officer downloads', async () => {
    const out = join(harness.dataDir, 'report.csv');
    const result = await reportCli(['--consultation', CLOSED, '--format', 'csv', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('11 comments');
    const officer = await signIn(harness, 'officer');
    const web = Buffer.from(await (await officer.request(`/office/consultations/${CLOSED}/report.csv`)).arrayBuffer());
    expect(readFileSync(out).equals(web)).toBe(true);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it('writes XLSX and DOCX that open again, grouped when asked', async () => {
    const xlsx = join(harness.dataDir, 'report.xlsx');
    const docx = join(harness.dataDir, 'report.docx');
    const [a, b] = await Promise.all([
      reportCli(['--consultation', CLOSED, '--format', 'xlsx', '--out', xlsx, '--group', 'paragraph']),
      reportCli(['--consultation', CLOSED, '--format', 'docx', '--out', docx]),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx);
    const sheet = workbook.getWorksheet('意见采纳情况')!;
    expect(String(sheet.getCell('B2').value)).toBe('全文（1）');
    expect(unzip(readFileSync(docx)).get('word/document.xml')!.toString('utf8')).toContain('征求意见采纳情况的报告');
  });

  it('names an unknown consultation, format or grouping and writes nothing', async () => {
    const out = join(harness.dataDir, 'nothing.json');
    const [slug, format, group, missing] = await Promise.all([
      reportCli(['--consultation', 'no-such-consultation', '--format', 'json', '--out', out]),
      reportCli(['--consultation', CLOSED, '--format', 'pdf', '--out', out]),
      reportCli(['--consultation', CLOSED, '--format', 'json', '--out', out, '--group', 'colour']),
      reportCli(['--consultation', CLOSED]),
    ]);
    expect(slug.code).toBe(2);
    expect(slug.stderr).toContain('找不到征求意见：no-such-consultation');
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('不支持的报告格式：pdf（可用：json、csv、xlsx、docx、html）');
    expect(group.code).toBe(2);
    expect(group.stderr).toContain('不支持的分组方式：colour');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('usage: npm run report');
    expect(existsSync(out)).toBe(false);
  });
});
