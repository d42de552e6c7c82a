// Every format produced from a real database, opened again and checked against that database:
// XLSX with exceljs, DOCX unzipped, CSV parsed as RFC 4180, JSON by its exact shape, HTML escaped.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Grouping } from '../../src/reports/build.ts';
import { findReportConsultation } from '../../src/reports/data.ts';
import { docxToText } from '../../src/lib/docx.ts';
import { exportReport } from '../../src/reports/export.ts';
import type { ReportFormat } from '../../src/reports/formats/index.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { CLOSED, type FixtureComment, parseCsv, seedReportFixture, unzip } from '../helpers/reports.ts';

let harness: TestApp;
let fixture: Awaited<ReturnType<typeof seedReportFixture>>;
const c = (name: string): FixtureComment => fixture.comments[name]!;

beforeAll(async () => {
  harness = await createTestApp();
  fixture = await seedReportFixture(harness);
});
afterAll(async () => {
  await harness.close();
});

async function produce(format: ReportFormat, options: { grouping?: Grouping; pageSize?: number; locale?: 'zh-CN' | 'en' } = {}): Promise<Buffer> {
  const consultation = (await findReportConsultation(harness.db, CLOSED))!;
  const chunks: Uint8Array[] = [];
  const out = new WritableStream<Uint8Array>({ write: (chunk) => void chunks.push(chunk) });
  await exportReport(harness.db, consultation, { format, locale: options.locale ?? 'zh-CN', now: harness.now(), grouping: options.grouping, pageSize: options.pageSize }, out);
  return Buffer.concat(chunks);
}

/** Spam and what an officer marked as not an opinion count nowhere. */
const counted = () => Object.values(fixture.comments).filter((x) => x.status !== 'spam' && !x.notOpinion);
/**
 * 条款 as every format names it: the legal name and the block's whole title, never cut. The
 * draft numbers its first items through (第1项) and those under 具体任务分解 afresh under each
 * heading (第一部分第1项).
 */
const CLAUSES: Record<string, string> = {
  's1-i1': '第1项 地区生产总值增长6.5%;一般公共预算收入增长5%',
  's1-i2': '第2项 规模工业增加值增长7.5%',
  's1-i3': '第3项 固定资产投资增长6%,工业投资增长7.5%',
  's2-1-i1': '第一部分第1项 加快推进农业现代化建设',
};
const clauseOf = (x: FixtureComment) => (x.key === null ? '全文' : CLAUSES[x.key]!);
/** 意见提出方: the unit by its name, a person as 「公众（张*）」, an organisation by its name. */
const SUBMITTERS: Record<string, string> = {
  adopted: '公众（张**）',
  org: '宜兴市环保协会',
  unit: '宜兴市发展和改革委员会',
  letter: '公众（李*）',
  hidden: '公众（王*）',
  code: '公众（Z***）',
  idcard: '公众',
};
/** The 落款: the drafting office (the sample notice's issuer) and the day the report is made. */
const SIGN_OFF = ['宜兴市人民政府', '2026年11月21日'];
/** The tables people read list the campaign once, at its first member. */
const listedInTables = () => counted().filter((x) => x !== c('dup2') && x !== c('dup3'));
/** A body as every report shows it: typed phone numbers, ID numbers and emails masked. */
const masked = (body: string) => body.replace('13812345678', '138****5678').replace('320123199001011234', '320123********1234').replace('me@mail.com', 'm***@mail.com');
const escaped = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const DECISION_LABELS: Record<string, string> = { adopted: '采纳', partly_adopted: '部分采纳', not_adopted: '不采纳', explained: '已解释说明' };

describe('JSON', () => {
  it('has exactly the documented shape and every comment that counts, spam left out', async () => {
    const json = JSON.parse((await produce('json', { pageSize: 3 })).toString('utf8'));
    expect(Object.keys(json)).toEqual(['overview', 'units', 'comments']);
    const roster = await harness.db.kysely.selectFrom('roster_entries').select('unit_id').where('consultation_id', '=', fixture.consultationId).execute();
    expect(json.units).toHaveLength(roster.length);
    const status = new Map(json.units.map((u: { name: string; status: string }) => [u.name, u.status]));
    expect(status.get('宜兴市发展和改革委员会')).toBe('comments');
    expect(status.get('宜兴市财政局')).toBe('no_comments');
    expect(status.get('宜兴市教育局')).toBe('none');
    // The roster lists lead units, then supporting units, then the others.
    const at = (name: string) => json.units.findIndex((u: { name: string }) => u.name === name);
    expect(at('宜兴市发展和改革委员会')).toBeLessThan(at('宜兴市财政局'));
    expect(at('宜兴市财政局')).toBeLessThan(at('宜兴市教育局'));
    expect(json.overview.units).toEqual({ asked: roster.length, replied: 1, noComments: 1, notReplied: roster.length - 2 });
    for (const comment of json.comments) {
      expect(Object.keys(comment)).toEqual(['trackingNumber', 'paragraph', 'channel', 'author', 'unit', 'late', 'body', 'status', 'decision', 'reason']);
      if (comment.paragraph) expect(Object.keys(comment.paragraph)).toEqual(['id', 'label', 'number']);
    }
    expect(json.comments.map((x: { trackingNumber: string }) => x.trackingNumber).sort()).toEqual(counted().map((x) => x.tracking).sort());
    const byTracking = new Map(json.comments.map((x: { trackingNumber: string }) => [x.trackingNumber, x]));
    for (const expected of counted()) {
      const actual = byTracking.get(expected.tracking) as Record<string, unknown>;
      expect(actual.status).toBe(expected.status);
      expect(actual.decision).toBe(expected.decision);
      expect(actual.reason).toBe(expected.reason === null ? null : expected.reason.replace('13912345678', '139****5678'));
      expect(actual.unit).toBe(expected.unit);
      expect((actual.paragraph as { id: string } | null)?.id ?? null).toBe(expected.key);
    }
    expect(byTracking.get(c('unit').tracking)).toMatchObject({ channel: 'email', late: true, author: null, unit: '宜兴市发展和改革委员会' });
    expect(byTracking.get(c('adopted').tracking)).toMatchObject({ author: '张**', paragraph: { id: 's1-i1', label: '第1项', number: 1 }, body: '建议把目标分解到季度。如有疑问请致电138****5678。' });
    expect(byTracking.get(c('letter').tracking)).toMatchObject({ paragraph: null, channel: 'offline', status: 'pending' });
    expect(json.overview.totals).toMatchObject({ comments: 11, spamExcluded: 1, notOpinionExcluded: 1, hidden: 1, pending: 1, late: 1 });
    expect(byTracking.has(c('notOpinion').tracking)).toBe(false);
    for (const expected of counted()) {
      const paragraph = (byTracking.get(expected.tracking) as { paragraph: { label: string } | null }).paragraph;
      expect(paragraph?.label ?? null).toBe(expected.key === null ? null : CLAUSES[expected.key]!.replace(/ .*/, ''));
    }
    expect(json.overview.duplicates).toEqual({ groups: 1, comments: 4 });
  });
});

describe('CSV', () => {
  it('starts with a BOM, ends records with CRLF, quotes as RFC 4180 and defuses formulas', async () => {
    const bytes = await produce('csv');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(/[^\r]\n/.test(text)).toBe(false);
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual(['序号', '条款', '意见提出方', '意见内容', '处理情况', '理由', '查询编号', '提交方式', '收到时间', '是否逾期', '公开状态']);
    expect(rows.map((r) => r[6]).sort()).toEqual(counted().map((x) => x.tracking).sort());
    const byTracking = new Map(rows.map((r) => [r[6], r]));
    for (const expected of counted()) {
      const row = byTracking.get(expected.tracking)!;
      expect(row[1]).toBe(clauseOf(expected));
      expect(row[4]).toBe(expected.decision ? DECISION_LABELS[expected.decision] : '未处理');
      const name = Object.entries(fixture.comments).find(([, x]) => x === expected)![0];
      if (SUBMITTERS[name]) expect(row[2], name).toBe(SUBMITTERS[name]);
    }
    expect(byTracking.has(c('notOpinion').tracking)).toBe(false);
    const code = byTracking.get(c('code').tracking)!;
    expect(code[3]).toBe(`'=HYPERLINK("http://evil.example","点我") <script>alert("x")</script>`);
    expect(code[2]).toBe('公众（Z***）');
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")`);
    expect(byTracking.get(c('unit').tracking)!.slice(7, 10)).toEqual(['电子邮件', '2026年10月1日 09:02', '是']);
    expect(text).not.toContain('13812345678');
    expect(text).not.toContain('张三丰');
  });
});

describe('XLSX', () => {
  it('has an overview sheet and the table: Chinese headers, widths, wrapped text, frozen header; the table matches the database', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await produce('xlsx', { pageSize: 2 })) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['概况', '意见采纳情况']);
    const overview = workbook.getWorksheet('概况')!;
    expect(String(overview.getCell('A1').value)).toMatch(/^关于《.+》征求意见采纳情况的报告$/);
    const overviewText = JSON.stringify(overview.getSheetValues());
    expect(overviewText).toContain('收到意见（不含垃圾信息）');
    expect(overviewText).toContain('宜兴市财政局（配合单位，无意见）');
    // Every value of the overview's tables is a count; the not-opinion is counted apart.
    const figures = new Map<string, unknown>();
    overview.eachRow((row) => {
      if (typeof row.getCell(1).value === 'string') figures.set(row.getCell(1).value as string, row.getCell(2).value);
    });
    expect(figures.get('经审阅不是意见（未计入）')).toBe(1);
    expect(figures.get('收到意见（不含垃圾信息）')).toBe(11);
    // The 落款 closes the overview sheet, at the right.
    const last = overview.rowCount;
    expect([overview.getCell(`A${last - 1}`).value, overview.getCell(`A${last}`).value]).toEqual(SIGN_OFF);
    expect(overview.getCell(`A${last}`).alignment).toMatchObject({ horizontal: 'right' });
    const sheet = workbook.getWorksheet('意见采纳情况')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1, 7)).toEqual(['序号', '条款', '意见提出方', '意见内容', '处理情况', '理由']);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(4).width).toBe(60);
    expect(sheet.getCell('D2').alignment).toMatchObject({ wrapText: true });

    const rows: Record<string, string[]> = {};
    sheet.eachRow((row, number) => {
      if (number === 1) return;
      const values = Array.from({ length: 11 }, (_, i) => (row.values as unknown[])[i + 1]).map((v) => (v === null || v === undefined ? '' : String(v)));
      rows[values[6]!] = values;
    });
    expect(Object.keys(rows).sort()).toEqual(listedInTables().map((x) => x.tracking).sort());
    expect(Object.values(rows).map((r) => Number(r[0])).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const expected of listedInTables()) {
      const row = rows[expected.tracking]!;
      expect(row[4], expected.tracking).toBe(expected.decision ? DECISION_LABELS[expected.decision] : '未处理');
      expect(row[5]).toBe(expected.reason?.replace('13912345678', '139****5678') ?? '');
      if (expected.unit) expect(row[2]).toBe(expected.unit);
      expect(row[1], expected.tracking).toBe(clauseOf(expected));
    }
    expect(rows[c('unit').tracking]![1]).toBe('第1项 地区生产总值增长6.5%;一般公共预算收入增长5%');
    expect(JSON.stringify(rows)).not.toContain('…');
    expect(rows[c('notOpinion').tracking]).toBeUndefined();
    expect(rows[c('adopted').tracking]![2]).toBe('公众（张**）');
    expect(rows[c('adopted').tracking]![3]).toContain('138****5678');
    expect(rows[c('org').tracking]![2]).toBe('宜兴市环保协会');
    expect(rows[c('dup1').tracking]![2]).toBe('公众（赵*）等，同类意见共3条');
    expect(rows[c('dup-own').tracking]![4]).toBe('部分采纳');
    expect(rows[c('hidden').tracking]![3]).toContain('〔未公开：含不文明用语〕');
    expect(rows[c('idcard').tracking]![3]).toBe('我的身份证号320123********1234，邮箱m***@mail.com。');
    expect(JSON.stringify(rows)).not.toContain('张三丰');
  });

  it('records the time received as a real date (Beijing time, a date format), and prints the header row on every page', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await produce('xlsx')) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('意见采纳情况')!;
    let received: ExcelJS.Cell | undefined;
    sheet.eachRow((row) => {
      if (row.getCell(7).value === c('unit').tracking) received = row.getCell(9);
    });
    expect(received!.type).toBe(ExcelJS.ValueType.Date);
    // Sent 2026-10-01 01:02 UTC: 09:02 on the office's clock, as the CSV says.
    expect(received!.value).toEqual(new Date(Date.UTC(2026, 9, 1, 9, 2)));
    expect(received!.numFmt).toMatch(/yyyy.*m.*d.*hh:mm/);
    expect(sheet.pageSetup).toMatchObject({ printTitlesRow: '1:1', orientation: 'landscape', paperSize: 9, fitToPage: true });
  });
});

function documentText(xml: string): string {
  const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decode(m[1]!)).join('');
}

describe('DOCX', () => {
  it('is laid out as an office files it: title, headings, a table with a repeated header row, page numbers, fallback fonts', async () => {
    const bytes = await produce('docx');
    // The project's own .docx reader (the importer's) reads the table back, a row to a line.
    const lines = (await docxToText(bytes)).split('\n');
    const dupRow = lines.find((line) => line.includes(c('dup1').body))!;
    expect(dupRow.split('\t')).toEqual(['5', '第2项 规模工业增加值增长7.5%', '公众（赵*）等，同类意见共3条', c('dup1').body, '不采纳', c('dup1').reason]);
    // Every row of the table names its clause in full, and its submitter as the other formats do.
    for (const expected of listedInTables()) {
      const row = lines.find((line) => line.split('\t')[3]?.startsWith(masked(expected.body).split('\n')[0]!));
      expect(row, expected.tracking).toBeDefined();
      expect(row!.split('\t')[1]).toBe(clauseOf(expected));
      const name = Object.entries(fixture.comments).find(([, x]) => x === expected)![0];
      if (SUBMITTERS[name]) expect(row!.split('\t')[2], name).toBe(SUBMITTERS[name]);
    }
    // The 落款 ends the report's text, before the table (its own landscape section).
    const signed = lines.indexOf(SIGN_OFF[0]!);
    expect(signed).toBeGreaterThan(0);
    expect(lines[signed + 1]).toBe(SIGN_OFF[1]);
    expect(lines[signed + 2]).toMatch(/^《.+》征求意见采纳情况表$/);
    expect(lines.join('\n')).not.toContain(c('notOpinion').body.split('\n')[1]!);
    const files = unzip(bytes);
    const xml = files.get('word/document.xml')!.toString('utf8');
    const text = documentText(xml);
    expect(text).toMatch(/^关于《.+》征求意见采纳情况的报告一、征求意见基本情况/);
    expect(text).toContain('二、意见采纳情况'.slice(3));
    expect(xml).toContain('w:eastAsia="方正小标宋简体"');
    expect(xml).toContain('w:eastAsia="仿宋_GB2312"');
    expect(xml).toMatch(/<w:tblHeader\/>|<w:tblHeader w:val="(true|1|on)"\/>/);
    expect(xml).toContain('w:orient="landscape"');
    const footers = [...files.keys()].filter((name) => /^word\/footer\d+\.xml$/.test(name)).map((name) => files.get(name)!.toString('utf8'));
    expect(footers.length).toBeGreaterThanOrEqual(2);
    for (const footer of footers) {
      expect(footer).toMatch(/PAGE/);
      expect(documentText(footer)).toMatch(/^— .* —$/);
    }
    expect(files.get('word/settings.xml')!.toString('utf8')).toContain('evenAndOddHeaders');
    expect(files.get('word/fontTable.xml')!.toString('utf8')).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>');

    for (const expected of listedInTables()) {
      expect(text, expected.tracking).toContain(masked(expected.body));
    }
    expect(text).not.toContain(c('dup2').body);
    expect(text).not.toContain(c('spam').body);
    expect(text).toContain('公众（张**）');
    expect(text).toContain('部分吸收，已修改表述');
    expect(text).not.toContain('张三丰');
    expect(text).not.toContain('13812345678');
    const rows = [...xml.matchAll(/<w:tr[ >]/g)].length;
    // The main table: header + 9 rows; the overview's small tables come before it.
    expect(rows).toBeGreaterThanOrEqual(10);
  });
});

describe('HTML', () => {
  it('is a print-ready A4 page with no script, every value escaped', async () => {
    const html = (await produce('html')).toString('utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('@page { size: A4;');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('<thead><tr><th scope="col">序号</th>');
    for (const expected of listedInTables()) expect(html, expected.tracking).toContain(`<td>${escaped(masked(expected.body))}`);
    expect(html).not.toContain(escaped(c('dup2').body));
    expect(html).not.toContain(escaped(c('spam').body));
    expect(html).not.toContain('张三丰');
    expect([...html.matchAll(/<tr><td class="num">/g)]).toHaveLength(9);
    for (const expected of listedInTables()) expect(html, expected.tracking).toContain(`<td>${escaped(clauseOf(expected))}</td>`);
    expect(html).not.toContain('敬礼');
    expect(html).toContain(`<div class="sign-off"><p>${SIGN_OFF[0]}</p><p>${SIGN_OFF[1]}</p></div>`);
    // The overview's tables: a label, then a count in a narrow right-aligned column.
    expect(html).toContain('<tr><td>经审阅不是意见（未计入）</td><td class="num">1</td></tr>');
  });

  it('groups by unit: the roster first, then the public', async () => {
    const html = (await produce('html', { grouping: 'unit' })).toString('utf8');
    const groups = [...html.matchAll(/<tr class="group"><th colspan="6" scope="rowgroup">([^<]+)<\/th>/g)].map((m) => m[1]);
    expect(groups).toEqual(['宜兴市发展和改革委员会（1）', '公众及社会组织（10）']);
  });

  it('groups by paragraph in document order, the whole draft first', async () => {
    const html = (await produce('html', { grouping: 'paragraph', pageSize: 1 })).toString('utf8');
    const groups = [...html.matchAll(/<tr class="group"><th colspan="6" scope="rowgroup">([^<]+)<\/th>/g)].map((m) => m[1]!);
    expect(groups[0]).toBe('全文（1）');
    // Items numbered afresh under each heading name their part (第一部分第1项), so the two 第1项 differ.
    expect(groups.map((g) => g.replace(/ .*/, ''))).toEqual(['全文（1）', '第1项', '第2项', '第3项', '第一部分第1项']);
  });

  it('speaks English when asked', async () => {
    const html = (await produce('html', { locale: 'en' })).toString('utf8');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<th scope="col">Decision</th>');
    expect(html).toContain('Partly adopted');
  });
});
