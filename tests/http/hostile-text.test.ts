// Characters XML 1.0 forbids — C0 controls, U+FFFE/U+FFFF (and lone surrogate halves) — typed into a
// comment, a reason, a person's, an organisation's or a unit's name: every format still opens, every
// XML part of XLSX and DOCX is well-formed, and the readable text is kept.
import ExcelJS from 'exceljs';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findConsultationBySlug } from '../../src/drafts/store.ts';
import { docxToText } from '../../src/lib/docx.ts';
import { exportText } from '../../src/lib/sanitize.ts';
import { findReportConsultation } from '../../src/reports/data.ts';
import { exportReport } from '../../src/reports/export.ts';
import { REPORT_FORMATS, type ReportFormat } from '../../src/reports/formats/index.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { CLOSED, unzip } from '../helpers/reports.ts';

// Lone surrogates cannot be stored: SQLite keeps UTF-8, and better-sqlite3 turns one into U+FFFD
// (a character XML allows). The sanitiser's own test below covers them.
const BAD = '\u0000\u0001\u0008\u000B\u000C\u001F\uFFFE\uFFFF\u0002\u0003';
/** Each forbidden character between letters, and a real surrogate pair (an emoji) that must stay. */
const hostile = (letters: string) => [...letters].map((ch, i) => ch + (BAD[i % BAD.length] ?? '')).join('');
const BODY = `${hostile('建议修改第一项表述')}😀`;
const BODY_CLEAN = '建议修改第一项表述😀';
const REASON = hostile('已采纳部分意见');
const REASON_CLEAN = '已采纳部分意见';
const ORGANIZATION = hostile('环保志愿者协会');
const UNIT = hostile('宜兴市测试局');
const UNIT_CLEAN = '宜兴市测试局';
/** What XML 1.0 does not allow, as an independent check (not the code under test). */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

let harness: TestApp;

beforeAll(async () => {
  harness = await createTestApp();
  const { db } = harness;
  const consultation = (await findConsultationBySlug(db, CLOSED))!;
  const block = await db.kysely.selectFrom('blocks').select('id').where('consultation_id', '=', consultation.id).where('key', '=', 's1-i1').executeTakeFirstOrThrow();
  const now = harness.now().toISOString();
  await db.batch([db.kysely.insertInto('units').values({ name: UNIT, created_at: now }).compile()]);
  const unit = await db.kysely.selectFrom('units').select('id').where('name', '=', UNIT).executeTakeFirstOrThrow();
  await db.batch([db.kysely.insertInto('roster_entries').values({ consultation_id: consultation.id, unit_id: unit.id, role: 'added', response: 'comments', created_at: now }).compile()]);
  const base = {
    consultation_id: consultation.id,
    block_id: block.id,
    status: 'published' as const,
    late: 0,
    locale: 'zh-CN',
    search_text: 'x',
    received_at: '2026-10-02T01:00:00.000Z',
    published_at: '2026-10-02T01:00:00.000Z',
    created_at: '2026-10-02T01:00:00.000Z',
  };
  await db.batch([
    db.kysely.insertInto('comments').values({ ...base, tracking_number: 'YJ-HOST-0001', channel: 'web', body: BODY, author_name: hostile('王五'), decision: 'partly_adopted', decision_reason: REASON }).compile(),
    db.kysely.insertInto('comments').values({ ...base, tracking_number: 'YJ-HOST-0002', channel: 'web', body: BODY, organization: ORGANIZATION }).compile(),
    db.kysely.insertInto('comments').values({ ...base, tracking_number: 'YJ-HOST-0003', channel: 'email', body: BODY, unit_id: unit.id }).compile(),
  ]);
});
afterAll(async () => {
  await harness.close();
});

async function produce(format: ReportFormat): Promise<Uint8Array> {
  const consultation = (await findReportConsultation(harness.db, CLOSED))!;
  const chunks: Uint8Array[] = [];
  await exportReport(harness.db, consultation, { format, locale: 'zh-CN', now: harness.now() }, new WritableStream({ write: (chunk) => void chunks.push(chunk) }));
  return Buffer.concat(chunks);
}

/** Strict UTF-8 and a strict XML 1.0 parser: any forbidden character or broken markup throws. */
function expectWellFormed(name: string, bytes: Uint8Array): void {
  const xml = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  const parser = new SaxesParser({ xmlns: true });
  let error: Error | null = null;
  parser.on('error', (e) => (error ??= e));
  parser.write(xml).close();
  expect(error, name).toBeNull();
  expect(FORBIDDEN.test(xml), name).toBe(false);
}

describe('characters XML forbids, in every export', () => {
  it('the sanitiser drops exactly them', () => {
    expect(exportText(BODY)).toBe(BODY_CLEAN);
    expect(exportText('a\tb\nc\r\nd')).toBe('a\tb\nc\r\nd');
    expect(exportText('\uD83D\uDE00 \uDE00\uD83D \uD800x\uDC00')).toBe('\uD83D\uDE00  x');
  });

  it('XLSX: every part well-formed; the cells hold the text without them', async () => {
    const bytes = await produce('xlsx');
    const parts = unzip(bytes);
    for (const [name, content] of parts) if (/\.(xml|rels)$/.test(name)) expectWellFormed(name, content);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const rows: Record<string, unknown[]> = {};
    workbook.getWorksheet('意见采纳情况')!.eachRow((row) => {
      const values = row.values as unknown[];
      rows[String(values[7])] = values;
    });
    expect(rows['YJ-HOST-0001']![4]).toBe(BODY_CLEAN);
    expect(rows['YJ-HOST-0001']![6]).toBe(REASON_CLEAN);
    expect(rows['YJ-HOST-0002']![3]).toBe('环保志愿者协会');
    expect(rows['YJ-HOST-0003']![3]).toBe(UNIT_CLEAN);
    expect(JSON.stringify(workbook.getWorksheet('概况')!.getSheetValues())).toContain(UNIT_CLEAN);
  });

  it('DOCX: every part well-formed; the document reads with the text kept', async () => {
    const bytes = await produce('docx');
    for (const [name, content] of unzip(bytes)) if (/\.(xml|rels)$/.test(name)) expectWellFormed(name, content);
    const text = await docxToText(bytes);
    expect(text).toContain(BODY_CLEAN);
    expect(text).toContain(REASON_CLEAN);
    expect(text).toContain('环保志愿者协会');
    // The unit's name in the overview's small table, written by the docx package itself.
    expect(text).toContain(UNIT_CLEAN);
  });

  it('HTML, CSV and JSON: none of them in the file, the text kept', async () => {
    for (const format of REPORT_FORMATS.filter((f) => f === 'html' || f === 'csv' || f === 'json')) {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(await produce(format));
      expect(FORBIDDEN.test(text), format).toBe(false);
      expect(text, format).toContain(format === 'json' ? JSON.stringify(BODY_CLEAN).slice(1, -1) : BODY_CLEAN);
      expect(text, format).toContain(REASON_CLEAN);
      expect(text, format).toContain(UNIT_CLEAN);
    }
    const json = JSON.parse(new TextDecoder().decode(await produce('json')));
    const mine = json.comments.filter((c: { trackingNumber: string }) => c.trackingNumber.startsWith('YJ-HOST-'));
    expect(mine.map((c: { body: string }) => c.body)).toEqual([BODY_CLEAN, BODY_CLEAN, BODY_CLEAN]);
    expect(json.units.map((u: { name: string }) => u.name)).toContain(UNIT_CLEAN);
  });
});
