// The 修改对照表 in every format, produced from a real database and read back: JSON by its exact
// shape and against the expected correspondence of the hand-made pair, HTML for its marks and
// escaping, DOCX with the project's own reader and as XML (strike and underline runs, the 公文
// frame), XLSX with exceljs (rich text with the same marks).
import ExcelJS from 'exceljs';
import { SaxesParser } from 'saxes';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docxToText } from '../../src/lib/docx.ts';
import { findRevisionFor, loadChangesTable } from '../../src/reports/changes-data.ts';
import { type ChangesFormat, changesStream } from '../../src/reports/formats/changes.ts';
import { findReportConsultation } from '../../src/reports/data.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { unzip } from '../helpers/reports.ts';
import { HOSTILE_REASON, REVISED, type RevisionFixture, seedRevisionFixture } from '../helpers/revisions.ts';

let harness: TestApp;
let fixture: RevisionFixture;

beforeAll(async () => {
  harness = await createTestApp({ samples: false });
  fixture = await seedRevisionFixture(harness.db, harness.now());
});
afterAll(async () => {
  await harness.close();
});

async function produce(format: ChangesFormat, locale: 'zh-CN' | 'en' = 'zh-CN'): Promise<Buffer> {
  const consultation = (await findReportConsultation(harness.db, REVISED))!;
  const table = (await loadChangesTable(harness.db, consultation, (await findRevisionFor(harness.db, consultation))!, { locale, now: harness.now() }))!;
  const chunks: Uint8Array[] = [];
  await changesStream(format, table).pipeTo(new WritableStream({ write: (chunk) => void chunks.push(chunk) }));
  return Buffer.concat(chunks);
}

const tracking = (key: string, body: string) => fixture.comments[`${key}:${body}`]!;
const CLEAN_REASON = '采纳意见，<b>提高</b>绿地率 & 指标。';

function wellFormed(xml: string): void {
  const parser = new SaxesParser({ xmlns: true });
  parser.on('error', (error) => {
    throw error;
  });
  parser.write(xml).close();
}

describe('JSON', () => {
  it('has exactly the documented shape, in the order of the revised text, removed blocks where they stood', async () => {
    const json = JSON.parse((await produce('json')).toString('utf8')) as { rows: Record<string, any>[] };
    expect(Object.keys(json)).toEqual(['rows']);
    for (const row of json.rows) {
      expect(Object.keys(row)).toEqual(['before', 'after', 'change', 'comments', 'reason']);
      for (const side of [row.before, row.after]) if (side) expect(Object.keys(side)).toEqual(['id', 'label', 'text']);
      for (const c of row.comments) expect(Object.keys(c)).toEqual(['trackingNumber', 'decision']);
    }
    // Each pair against the hand-made pair's expected correspondence (a merge: one pair per source).
    const expected = (JSON.parse(readFileSync('tests/fixtures/revisions/hand/greening.expected.json', 'utf8')) as { expected: { after: string | null; before: string[]; change: string }[] }).expected.flatMap((e) =>
      (e.before.length ? e.before : [null]).map((before) => ({ before, after: e.after, change: e.change })),
    );
    expect(json.rows.map((r) => ({ before: r.before?.id ?? null, after: r.after?.id ?? null, change: r.change }))).toEqual(expected);

    const byAfter = (id: string) => json.rows.find((r) => r.after?.id === id)!;
    expect(byAfter('a6')).toMatchObject({
      before: { id: 'a5', label: '第五条', text: '新建居住区的绿地率不得低于百分之三十。' },
      after: { id: 'a6', label: '第六条', text: '新建居住区的绿地率不得低于百分之三十五。' },
      change: 'changed',
      comments: [{ trackingNumber: tracking('a5', '绿地率建议提高到百分之三十五。'), decision: 'adopted' }],
      // No reason written: drafted from the adopted comment's decision.
      reason: `采纳意见${tracking('a5', '绿地率建议提高到百分之三十五。')}：绿地率提高到百分之三十五`,
    });
    expect(byAfter('a3-k2')).toMatchObject({ change: 'split', before: { id: 'a3' } });
    expect(byAfter('a3-k2').reason).toContain('部分采纳意见');
    expect(byAfter('a9')).toMatchObject({ change: 'renumbered', reason: '因增删条文，序号相应调整。' });
    // The office's own reason, sanitised; the removed block's comments with their decisions.
    expect(byAfter('a11').reason).toBe(CLEAN_REASON);
    const removed = json.rows.find((r) => r.after === null)!;
    expect(removed).toMatchObject({ before: { id: 'a9', label: '第九条' }, change: 'removed', reason: '' });
    expect(removed.comments).toEqual([
      { trackingNumber: tracking('a9', '倾倒垃圾的禁止性规定应当保留。'), decision: 'not_adopted' },
      { trackingNumber: tracking('a9', '同意删除。'), decision: null },
    ]);
    expect(json.rows.find((r) => r.after?.id === 'a4')).toMatchObject({ before: null, change: 'added', comments: [] });
  });
});

describe('HTML', () => {
  it('is a print-ready page with deletions in <del> and insertions in <ins>, every value escaped', async () => {
    const html = (await produce('html')).toString('utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('@page { size: A4 landscape;');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('<th scope="col">原条文</th><th scope="col">修改后条文</th><th scope="col">修改理由（采纳意见情况）</th>');
    expect(html).toContain('百分之三十<ins>五</ins>。');
    expect(html).toContain('本办法自2027年<del>1</del>月1日起施行。');
    expect(html).toContain('本办法自2027年<ins>7</ins>月1日起施行。');
    expect(html).toContain('采纳意见，&lt;b&gt;提高&lt;/b&gt;绿地率 &amp; 指标。');
    expect(html).not.toContain('\u0001');
    // Blocks joined by a merge share one row: the old 第六条 and 第七条 on the left of the new 第七条.
    const merged = html.slice(html.indexOf('<tr class="change-merged">'), html.indexOf('</tr>', html.indexOf('<tr class="change-merged">')));
    expect(merged).toContain('第六条');
    expect(merged).toContain('第七条');
    expect([...html.matchAll(/<tr class="change-/g)].length).toBe(17);
  });
});

describe('DOCX', () => {
  it('reads back row by row, strikes what was deleted and underlines what was put in, in the 公文 frame', async () => {
    const bytes = await produce('docx');
    const lines = (await docxToText(bytes)).split('\n');
    const a6 = lines.find((line) => line.includes('第六条') && line.includes('三十五'))!;
    expect(a6.split('\t').slice(0, 3)).toEqual(['9', '第五条　新建居住区的绿地率不得低于百分之三十。', '第六条　新建居住区的绿地率不得低于百分之三十五。']);
    const files = unzip(bytes);
    const xml = files.get('word/document.xml')!.toString('utf8');
    wellFormed(xml);
    expect(xml).toMatch(/<w:rPr><w:u w:val="single"\/><\/w:rPr><w:t xml:space="preserve">五<\/w:t>/);
    expect(xml).toMatch(/<w:rPr><w:strike\/><\/w:rPr><w:t xml:space="preserve">1<\/w:t>/);
    expect(xml).toContain('w:orient="landscape"');
    expect(xml).toMatch(/<w:tblHeader\/>|<w:tblHeader w:val="(true|1|on)"\/>/);
    expect(xml).toContain('w:eastAsia="方正小标宋简体"');
    expect(xml).not.toContain('\u0001');
    expect(xml).toContain('采纳意见，&lt;b&gt;提高&lt;/b&gt;绿地率 &amp; 指标。');
    const footers = [...files.keys()].filter((name) => /^word\/footer\d+\.xml$/.test(name));
    expect(footers.length).toBeGreaterThanOrEqual(2);
    expect(files.get('word/fontTable.xml')!.toString('utf8')).toContain('<w:altName w:val="仿宋"/>');
  });
});

describe('XLSX', () => {
  it('opens in a spreadsheet program with the marks as rich text, the header row printed on every page', async () => {
    const bytes = await produce('xlsx');
    for (const [name, content] of unzip(bytes)) if (name.endsWith('.xml')) wellFormed(content.toString('utf8'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('修改对照表')!;
    expect(sheet.getRow(3).values).toEqual([undefined, '序号', '原条文', '修改后条文', '修改理由（采纳意见情况）', '修改类型']);
    let found: ExcelJS.Row | undefined;
    sheet.eachRow((row) => {
      const after = row.getCell(3).value as ExcelJS.CellRichTextValue | string;
      if (typeof after === 'object' && after?.richText?.some((r) => r.text.includes('三十五') || r.text === '五')) found = row;
    });
    const after = found!.getCell(3).value as ExcelJS.CellRichTextValue;
    expect(after.richText.find((r) => r.text === '五')!.font?.underline).toBeTruthy();
    expect(after.richText.map((r) => r.text).join('')).toBe('第六条　新建居住区的绿地率不得低于百分之三十五。');
    expect(found!.getCell(5).value).toBe('修改');
    expect(String(found!.getCell(4).value)).toContain('采纳意见');
    const struck: string[] = [];
    sheet.eachRow((row) => {
      const before = row.getCell(2).value as ExcelJS.CellRichTextValue | string;
      if (typeof before === 'object' && before?.richText) for (const r of before.richText) if (r.font?.strike) struck.push(r.text);
    });
    expect(struck).toContain('1');
    expect(sheet.pageSetup).toMatchObject({ printTitlesRow: '3:3', orientation: 'landscape' });
    expect(JSON.stringify(sheet.getSheetValues())).toContain(CLEAN_REASON.replace(/"/g, '\\"'));
    expect(HOSTILE_REASON).toContain('\u0001');
  });
});

describe('in English', () => {
  it('names the columns and kinds in English', async () => {
    const html = (await produce('html', 'en')).toString('utf8');
    expect(html).toContain('<th scope="col">Original text</th>');
    expect(html).toContain('renumbered');
  });
});
