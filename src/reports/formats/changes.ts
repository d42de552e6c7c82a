// The 修改对照表 in every format: JSON (the pairs, exactly), a print-ready HTML page (<del>/<ins>),
// DOCX after GB/T 9704 (strike and underline runs, in the feedback report's frame: ./docx.ts) and
// XLSX (rich-text cells with the same marks, in the lean writer's way: a row to a string, into a
// ZIP deflated as it goes). Each writer yields pieces as it reads the table; every text passes the
// export sanitiser.
import { AlignmentType, Document, Packer, PageOrientation, Paragraph, Table, TableLayoutType, TableRow, TextRun, WidthType } from 'docx';
import type { DiffPiece } from '../../drafts/diff.ts';
import { exportText } from '../../lib/sanitize.ts';
import { formatDate, formatDateTime } from '../../lib/time.ts';
import { readZip, zipChunks, type ZipSource } from '../../lib/zip.ts';
import { decisionLabel } from '../build.ts';
import type { ChangeGroup, ChangesTable } from '../build-changes.ts';
import { TextBatch } from './common.ts';
import { BORDERS, CELL_MARGINS, cell, FONTS, fontTableXml, FOOTERS, MARGIN, run, SIZE, TABLE_TEXT, templateCell } from './docx.ts';
import { escapeHtml } from './html.ts';
import { pullStream } from './index.ts';

export const CHANGES_FORMATS = ['json', 'docx', 'xlsx', 'html'] as const;
export type ChangesFormat = (typeof CHANGES_FORMATS)[number];

export function isChangesFormat(value: string): value is ChangesFormat {
  return (CHANGES_FORMATS as readonly string[]).includes(value);
}

export const CHANGES_CONTENT_TYPES: Record<ChangesFormat, string> = {
  json: 'application/json; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html; charset=utf-8',
};

/** 《…》修改对照表.docx, with characters a file system refuses replaced. */
export function changesFileName(table: ChangesTable, format: ChangesFormat): string {
  return `${table.title.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 150)}.${format}`;
}

export function summaryLine(table: ChangesTable): string {
  const c = table.counts;
  const rows = Object.values(c).reduce((a, b) => a + b, 0);
  return table.t('changes.summary', { rows, ...c });
}

/** The reason cell: the reason, then the comments made on the earlier blocks with their decisions. */
function reasonLines(table: ChangesTable, group: ChangeGroup): string[] {
  const { t } = table;
  const lines = group.reason ? [group.reason] : [];
  if (group.comments.length) {
    lines.push(`${t('changes.col.comments')}：${group.comments.map((c) => t('changes.comment', { number: c.trackingNumber, decision: decisionLabel(t, c.decision) })).join('、')}`);
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------
// JSON

export async function* changesJson(table: ChangesTable): AsyncIterable<string> {
  const batch = new TextBatch();
  const text = (value: string) => exportText(value);
  const side = (s: { id: string; label: string; text: string } | null) => (s ? { id: s.id, label: text(s.label), text: text(s.text) } : null);
  yield '{"rows":[';
  let first = true;
  for await (const pair of table.pairs()) {
    const row = { before: side(pair.before), after: side(pair.after), change: pair.change, comments: pair.comments, reason: text(pair.reason) };
    const full = batch.add(`${first ? '\n' : ',\n'}${JSON.stringify(row)}`);
    if (full) yield full;
    first = false;
  }
  yield `${batch.take()}\n]}\n`;
}

// ---------------------------------------------------------------------------------------------
// HTML

const STYLE = `
@page { size: A4 landscape; margin: 20mm 18mm 20mm 18mm; }
* { box-sizing: border-box; }
body { font-family: "FangSong", "仿宋", "STFangsong", "Songti SC", "SimSun", "宋体", serif; font-size: 12pt; line-height: 1.6; color: #000; margin: 0 auto; max-width: 297mm; padding: 10mm; }
h1 { font-family: "FZXiaoBiaoSong-B05S", "方正小标宋简体", "STSong", "SimSun", "宋体", serif; font-size: 20pt; font-weight: normal; text-align: center; margin: 0 0 3mm; line-height: 1.4; }
p.meta { text-align: center; color: #333; font-size: 10.5pt; margin: 0 0 2mm; }
p.summary { font-size: 10.5pt; margin: 0 0 4mm; }
table { width: 100%; border-collapse: collapse; font-size: 10.5pt; }
th, td { border: 0.5pt solid #000; padding: 1.5mm 2mm; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
thead { display: table-header-group; }
thead th { font-family: "SimHei", "黑体", "STHeiti", sans-serif; font-weight: normal; text-align: center; background: #eee; }
tr { break-inside: avoid; page-break-inside: avoid; }
th:nth-child(1) { width: 5%; } th:nth-child(2), th:nth-child(3) { width: 35%; } th:nth-child(4) { width: 25%; }
td.num { text-align: center; }
.block + .block { margin-top: 2mm; }
.label { font-family: "SimHei", "黑体", "STHeiti", sans-serif; margin-right: 0.5em; }
del { text-decoration: line-through; color: #8a1c1c; }
ins { text-decoration: underline; color: #0b4f8a; }
.kind { display: block; color: #444; font-size: 9pt; }
.empty { color: #666; }
@media screen and (max-width: 640px) { body { padding: 4mm; } }
@media print { body { padding: 0; max-width: none; } del, ins { color: #000; } }
`;

function markedHtml(pieces: DiffPiece[]): string {
  return pieces
    .map((p) => {
      const text = escapeHtml(p.text).replace(/\r?\n/g, '<br>');
      return p.op === 'delete' ? `<del>${text}</del>` : p.op === 'insert' ? `<ins>${text}</ins>` : text;
    })
    .join('');
}

function sideHtml(blocks: ChangeGroup['before'], empty: string): string {
  if (blocks.length === 0) return `<span class="empty">${escapeHtml(empty)}</span>`;
  return blocks.map((b) => `<div class="block">${b.label ? `<span class="label">${escapeHtml(b.label)}</span>` : ''}${markedHtml(b.pieces)}</div>`).join('');
}

export function changeGroupHtml(table: ChangesTable, group: ChangeGroup): string {
  const { t } = table;
  const reason = reasonLines(table, group).map((line) => escapeHtml(line).replace(/\r?\n/g, '<br>')).join('<br>');
  return (
    `<tr class="change-${group.change}"><td class="num">${group.index}</td>` +
    `<td>${sideHtml(group.before, t('changes.new'))}</td>` +
    `<td>${sideHtml(group.after, t('changes.deleted'))}</td>` +
    `<td><span class="kind">${escapeHtml(group.changeLabel)}</span>${reason}</td></tr>\n`
  );
}

export async function* changesHtml(table: ChangesTable): AsyncIterable<string> {
  const { t, headers } = table;
  yield `<!DOCTYPE html>\n<html lang="${table.locale}">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<title>${escapeHtml(table.title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n<h1>${escapeHtml(table.title)}</h1>\n` +
    `<p class="meta">${escapeHtml([table.subtitle, table.consultation.issuer, t('changes.generatedAt', { at: formatDateTime(table.generatedAt, table.locale) })].filter(Boolean).join('　'))}</p>\n` +
    `<p class="summary">${escapeHtml(summaryLine(table))}${escapeHtml(t('changes.legend'))}</p>\n` +
    `<table class="changes">\n<thead><tr><th scope="col">${escapeHtml(headers.index)}</th><th scope="col">${escapeHtml(headers.before)}</th><th scope="col">${escapeHtml(headers.after)}</th><th scope="col">${escapeHtml(headers.reason)}</th></tr></thead>\n<tbody>\n`;
  const batch = new TextBatch();
  for await (const group of table.groups()) {
    const full = batch.add(changeGroupHtml(table, group));
    if (full) yield full;
  }
  yield `${batch.take()}</tbody>\n</table>\n</body>\n</html>\n`;
}

// ---------------------------------------------------------------------------------------------
// DOCX

/** Landscape A4 less margins (13,890 twips) shared by the four columns. */
const DOCX_WIDTHS = [700, 5100, 5100, 2990];
const MARK = (n: number) => `@@YJ-C${n}@@`;
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const xmlText = (text: string) => exportText(text).replace(/[&<>"]/g, (ch) => XML_ESCAPES[ch]!);

/** A run of text with its marks; line breaks become <w:br/>. */
function wordRun(text: string, marks: { strike?: boolean; underline?: boolean; bold?: boolean } = {}): string {
  const props = `${marks.bold ? '<w:b/>' : ''}${marks.strike ? '<w:strike/>' : ''}${marks.underline ? '<w:u w:val="single"/>' : ''}`;
  const rPr = props ? `<w:rPr>${props}</w:rPr>` : '';
  return exportText(text)
    .split(/\r?\n/)
    .map((line, i) => `<w:r>${rPr}${i > 0 ? '<w:br/>' : ''}<w:t xml:space="preserve">${xmlText(line)}</w:t></w:r>`)
    .join('');
}

const lineBreak = '<w:r><w:br/></w:r>';

function sideRuns(blocks: ChangeGroup['before'], empty: string): string {
  if (blocks.length === 0) return wordRun(empty);
  return blocks
    .map((b) => (b.label ? wordRun(`${b.label}　`, { bold: true }) : '') + b.pieces.map((p) => wordRun(p.text, { strike: p.op === 'delete', underline: p.op === 'insert' })).join(''))
    .join(lineBreak);
}

interface RowTemplate {
  /** The row's XML cut at each cell's marker run: pieces[0] cell0 pieces[1] … */
  pieces: string[];
}

function cutRowTemplate(rowXml: string): RowTemplate {
  const pieces: string[] = [];
  let rest = rowXml;
  for (let n = 0; n < DOCX_WIDTHS.length; n++) {
    const at = rest.indexOf(MARK(n));
    if (at < 0) throw new Error(`DOCX changes template has no marker ${n}`);
    const runStart = Math.max(rest.lastIndexOf('<w:r>', at), rest.lastIndexOf('<w:r ', at));
    const runEnd = rest.indexOf('</w:r>', at) + '</w:r>'.length;
    pieces.push(rest.slice(0, runStart));
    rest = rest.slice(runEnd);
  }
  pieces.push(rest);
  return { pieces };
}

async function changesFrame(table: ChangesTable): Promise<{ files: Map<string, Uint8Array>; before: string; after: string; row: RowTemplate }> {
  const { t, headers } = table;
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: [headers.index, headers.before, headers.after, headers.reason].map((h, i) => cell(h, { width: DOCX_WIDTHS[i]!, header: true, center: true })),
  });
  const template = new TableRow({ children: DOCX_WIDTHS.map((width, i) => templateCell(MARK(i), { width, center: i === 0 })) });
  const doc = new Document({
    creator: exportText(table.consultation.issuer ?? 'yijian'),
    title: exportText(table.title),
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: { document: { run: { font: { ascii: FONTS.latin, hAnsi: FONTS.latin, eastAsia: FONTS.body, cs: FONTS.latin }, size: SIZE.body } } },
      paragraphStyles: [{ id: TABLE_TEXT, name: 'Report Table Text', basedOn: 'Normal', run: { font: { ascii: FONTS.latin, hAnsi: FONTS.latin, eastAsia: FONTS.body, cs: FONTS.latin }, size: SIZE.table }, paragraph: { spacing: { line: 300 } } }],
    },
    sections: [
      {
        properties: { page: { size: { orientation: PageOrientation.LANDSCAPE }, margin: { ...MARGIN, top: 1588, bottom: 1474, left: 1474, right: 1474, footer: 850 } } },
        footers: FOOTERS,
        children: [
          new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 200, line: 700 }, children: [run(table.title, FONTS.title, SIZE.title)] }),
          new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 200, line: 400 }, children: [run(table.subtitle, FONTS.subheading, SIZE.small)] }),
          new Paragraph({ spacing: { after: 200, line: 400 }, children: [run(`${summaryLine(table)}${t('changes.legend')}`, FONTS.body, SIZE.small)] }),
          new Table({
            layout: TableLayoutType.FIXED,
            width: { size: DOCX_WIDTHS.reduce((a, b) => a + b), type: WidthType.DXA },
            columnWidths: DOCX_WIDTHS,
            borders: BORDERS,
            margins: CELL_MARGINS,
            rows: [header, template],
          }),
          new Paragraph({ spacing: { before: 400, line: 400 }, alignment: AlignmentType.RIGHT, children: [new TextRun({ text: exportText(table.consultation.issuer ?? ''), size: SIZE.small })] }),
          new Paragraph({ spacing: { line: 400 }, alignment: AlignmentType.RIGHT, children: [new TextRun({ text: formatDate(table.generatedAt, table.locale), size: SIZE.small })] }),
        ],
      },
    ],
  });
  const files = await readZip(new Uint8Array(await Packer.toArrayBuffer(doc, false, [{ path: 'word/fontTable.xml', data: fontTableXml() }])));
  const xml = new TextDecoder().decode(files.get('word/document.xml')!);
  const rowStart = xml.lastIndexOf('<w:tr>', xml.indexOf(MARK(0)));
  const rowEnd = xml.indexOf('</w:tr>', xml.indexOf(MARK(DOCX_WIDTHS.length - 1))) + '</w:tr>'.length;
  if (rowStart < 0 || rowEnd < rowStart) throw new Error('DOCX changes template row not found');
  return { files, before: xml.slice(0, rowStart), after: xml.slice(rowEnd), row: cutRowTemplate(xml.slice(rowStart, rowEnd)) };
}

function docxRow(table: ChangesTable, template: RowTemplate, group: ChangeGroup): string {
  const { t } = table;
  const cells = [
    wordRun(String(group.index)),
    sideRuns(group.before, t('changes.new')),
    sideRuns(group.after, t('changes.deleted')),
    [wordRun(group.changeLabel, { bold: true }), ...reasonLines(table, group).map((line) => wordRun(line))].join(lineBreak),
  ];
  let xml = template.pieces[0]!;
  cells.forEach((runs, i) => (xml += runs + template.pieces[i + 1]!));
  return xml;
}

export async function* changesDocx(table: ChangesTable): AsyncIterable<Uint8Array> {
  const frame = await changesFrame(table);
  async function* documentXml(): AsyncIterable<string> {
    yield frame.before;
    const batch = new TextBatch();
    for await (const group of table.groups()) {
      const full = batch.add(docxRow(table, frame.row, group));
      if (full) yield full;
    }
    yield batch.take() + frame.after;
  }
  function* sources(): Iterable<ZipSource> {
    for (const [name, content] of frame.files) yield { name, content: name === 'word/document.xml' ? documentXml() : content };
  }
  yield* zipChunks(sources(), { mtime: new Date(table.generatedAt) });
}

// ---------------------------------------------------------------------------------------------
// XLSX

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
/** Excel refuses a cell longer than this. */
const CELL_MAX = 32_767;

const XLSX_STYLES =
  `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">` +
  '<fonts count="3"><font><sz val="10.5"/><name val="SimSun"/><charset val="134"/></font><font><b/><sz val="11"/><name val="SimSun"/><charset val="134"/></font><font><b/><sz val="16"/><name val="SimSun"/><charset val="134"/></font></fonts>' +
  '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFE8E8E8"/><bgColor indexed="64"/></patternFill></fill></fills>' +
  '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right><top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="5">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="top" wrapText="1"/></xf>' +
  '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>' +
  '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>' +
  '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

const XS = { cell: 1, centered: 2, header: 3, title: 4 };

const xlsxText = (text: string) => exportText(text).replace(/[&<>"]/g, (ch) => XML_ESCAPES[ch]!);

function plainCell(ref: string, style: number, text: string): string {
  if (!text) return `<c r="${ref}" s="${style}"/>`;
  const clipped = text.length > CELL_MAX ? `${text.slice(0, CELL_MAX - 1)}…` : text;
  return `<c r="${ref}" s="${style}" t="inlineStr"><is><t xml:space="preserve">${xlsxText(clipped)}</t></is></c>`;
}

/** A rich-text cell: runs with strike or underline, as Excel, WPS and LibreOffice show them. */
function richCell(ref: string, runs: { text: string; strike?: boolean; underline?: boolean; bold?: boolean }[]): string {
  let room = CELL_MAX;
  const parts: string[] = [];
  for (const r of runs) {
    if (room <= 0 || r.text === '') continue;
    const text = r.text.length > room ? r.text.slice(0, room) : r.text;
    room -= text.length;
    const props = `${r.bold ? '<b/>' : ''}${r.strike ? '<strike/>' : ''}${r.underline ? '<u/>' : ''}<sz val="10.5"/><rFont val="SimSun"/><charset val="134"/>`;
    parts.push(`<r><rPr>${props}</rPr><t xml:space="preserve">${xlsxText(text)}</t></r>`);
  }
  return parts.length ? `<c r="${ref}" s="${XS.cell}" t="inlineStr"><is>${parts.join('')}</is></c>` : `<c r="${ref}" s="${XS.cell}"/>`;
}

function sideXlsx(ref: string, blocks: ChangeGroup['before'], empty: string): string {
  if (blocks.length === 0) return plainCell(ref, XS.cell, empty);
  const runs: { text: string; strike?: boolean; underline?: boolean; bold?: boolean }[] = [];
  blocks.forEach((b, i) => {
    if (i > 0) runs.push({ text: '\n' });
    if (b.label) runs.push({ text: `${b.label}　`, bold: true });
    for (const p of b.pieces) runs.push({ text: p.text, strike: p.op === 'delete', underline: p.op === 'insert' });
  });
  return richCell(ref, runs);
}

async function* changesSheet(table: ChangesTable): AsyncIterable<string> {
  const { t, headers } = table;
  const widths = [7, 60, 60, 40, 10];
  yield `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>` +
    '<sheetViews><sheetView workbookViewId="0" tabSelected="1"><pane ySplit="3" topLeftCell="A4" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A4" sqref="A4"/></sheetView></sheetViews>' +
    `<sheetFormatPr defaultRowHeight="15"/><cols>${widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols><sheetData>` +
    `<row r="1" ht="36" customHeight="1">${plainCell('A1', XS.title, table.title)}</row>` +
    `<row r="2">${plainCell('A2', 0, `${table.subtitle}　${summaryLine(table)}${t('changes.legend')}`)}</row>` +
    `<row r="3" ht="22" customHeight="1">${[headers.index, headers.before, headers.after, headers.reason, headers.change].map((h, i) => plainCell(`${'ABCDE'[i]}3`, XS.header, h)).join('')}</row>`;
  const batch = new TextBatch();
  let r = 3;
  for await (const group of table.groups()) {
    r += 1;
    const row =
      `<row r="${r}"><c r="A${r}" s="${XS.centered}"><v>${group.index}</v></c>` +
      sideXlsx(`B${r}`, group.before, t('changes.new')) +
      sideXlsx(`C${r}`, group.after, t('changes.deleted')) +
      plainCell(`D${r}`, XS.cell, reasonLines(table, group).join('\n')) +
      plainCell(`E${r}`, XS.centered, group.changeLabel) +
      '</row>';
    const full = batch.add(row);
    if (full) yield full;
  }
  yield batch.take() +
    '</sheetData><mergeCells count="2"><mergeCell ref="A1:E1"/><mergeCell ref="A2:E2"/></mergeCells>' +
    '<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>';
}

export async function* changesXlsx(table: ChangesTable): AsyncIterable<Uint8Array> {
  const sheet = table.t('changes.sheet');
  const created = new Date(table.generatedAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const sources: ZipSource[] = [
    {
      name: '[Content_Types].xml',
      content:
        `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>',
    },
    {
      name: '_rels/.rels',
      content:
        `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>',
    },
    {
      name: 'docProps/core.xml',
      content:
        `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
        `<dc:title>${xlsxText(table.title)}</dc:title><dc:creator>${xlsxText(table.consultation.issuer ?? 'yijian')}</dc:creator>` +
        `<dcterms:created xsi:type="dcterms:W3CDTF">${created}</dcterms:created></cp:coreProperties>`,
    },
    {
      name: 'xl/workbook.xml',
      content:
        `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets><sheet name="${xlsxText(sheet)}" sheetId="1" r:id="rId1"/></sheets>` +
        `<definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">'${xlsxText(sheet.replace(/'/g, "''"))}'!$3:$3</definedName></definedNames></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      content:
        `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
    },
    { name: 'xl/styles.xml', content: XLSX_STYLES },
    { name: 'xl/worksheets/sheet1.xml', content: changesSheet(table) },
  ];
  yield* zipChunks(sources, { level: 1, mtime: new Date(table.generatedAt) });
}

const WRITERS: Record<ChangesFormat, (table: ChangesTable) => AsyncIterable<string | Uint8Array>> = {
  json: changesJson,
  html: changesHtml,
  docx: changesDocx,
  xlsx: changesXlsx,
};

/** The table as a byte stream, pulled as it is read (as the feedback report is: ./index.ts). */
export function changesStream(format: ChangesFormat, table: ChangesTable, onError?: (error: unknown) => void): ReadableStream<Uint8Array> {
  return pullStream(WRITERS[format](table), onError);
}
