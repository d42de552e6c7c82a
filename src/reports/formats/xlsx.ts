// XLSX written directly as SpreadsheetML into a streamed ZIP (src/lib/zip.ts): two sheets, the
// overview, then the table with a frozen header row repeated on every printed page, column widths,
// wrapped text and real dates. Each row is one string appended to the sheet as it is read, so a
// report of any size holds one batch of rows in memory.
//
// Why not exceljs's streaming writer: it builds an object per cell and renders every cell's style
// to XML to look up its index — 9–10 s for 100,000 comments where this takes a fraction — and it
// needs Node streams, so it cannot run on Workers. Strings are inline (`t="inlineStr"`), not
// shared: a shared-string table must be complete before the workbook is, which would keep every
// distinct comment in memory. Excel, WPS and LibreOffice read inline strings alike.
import { exportText } from '../../lib/sanitize.ts';
import { BEIJING_OFFSET_MS } from '../../lib/time.ts';
import { zipChunks, type ZipSource } from '../../lib/zip.ts';
import type { Report, ReportRow } from '../build.ts';
import { overviewParagraphs, overviewSections, type ReportPieces, signOff, tableHeaders, TextBatch, windowText } from './common.ts';

/** Excel refuses a cell longer than this. */
const CELL_MAX = 32_767;

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Text for an element or attribute: sanitised, escaped. */
function xml(text: string): string {
  return exportText(text).replace(/[&<>"]/g, (ch) => XML_ESCAPES[ch]!);
}

const clip = (text: string) => (text.length > CELL_MAX ? `${text.slice(0, CELL_MAX - 1)}…` : text);

/** Cell styles: indices into cellXfs below. */
const S = {
  cell: 1,
  cellCentered: 2,
  header: 3,
  group: 4,
  date: 5,
  title: 6,
  paragraph: 7,
  sectionHeading: 8,
  overviewHeader: 9,
  overviewCell: 10,
  signOff: 11,
} as const;

const DATE_FORMAT_ID = 164;

function stylesXml(report: Report): string {
  const dateFormat = report.t('reports.xlsx.dateFormat');
  const font = (size: number, bold = false) => `<font>${bold ? '<b/>' : ''}<sz val="${size}"/><name val="SimSun"/><charset val="134"/></font>`;
  const solid = (rgb: string) => `<fill><patternFill patternType="solid"><fgColor rgb="${rgb}"/><bgColor indexed="64"/></patternFill></fill>`;
  const thin = '<left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right><top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/>';
  const wrapTop = '<alignment vertical="top" wrapText="1"/>';
  const xfs = [
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
    `<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1">${wrapTop}</xf>`,
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="top" wrapText="1"/></xf>',
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>',
    `<xf numFmtId="0" fontId="4" fillId="3" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1">${wrapTop}</xf>`,
    `<xf numFmtId="${DATE_FORMAT_ID}" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1">${wrapTop}</xf>`,
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>',
    `<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">${wrapTop}</xf>`,
    '<xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1"/>',
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1"/>',
    `<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1">${wrapTop}</xf>`,
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment horizontal="right" vertical="center"/></xf>',
  ];
  return (
    `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">` +
    `<numFmts count="1"><numFmt numFmtId="${DATE_FORMAT_ID}" formatCode="${xml(dateFormat)}"/></numFmts>` +
    `<fonts count="5">${font(10.5)}${font(11, true)}${font(16, true)}${font(12, true)}${font(10.5, true)}</fonts>` +
    `<fills count="4"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>${solid('FFE8E8E8')}${solid('FFF4F4F4')}</fills>` +
    `<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border>${thin}</border></borders>` +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    `<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs>` +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
    '</styleSheet>'
  );
}

const COLUMNS = 'ABCDEFGHIJK';

function stringCell(ref: string, style: number, text: string | null): string {
  if (!text) return `<c r="${ref}" s="${style}"/>`;
  const value = xml(clip(text));
  const space = /^\s|\s$/.test(value) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}" s="${style}" t="inlineStr"><is><t${space}>${value}</t></is></c>`;
}

const numberCell = (ref: string, style: number, value: number) => `<c r="${ref}" s="${style}"><v>${value}</v></c>`;

/** Excel's serial day number for the Beijing wall-clock time of an instant (Excel has no time zones). */
export function excelDate(iso: string): number {
  const ms = Date.parse(iso) + BEIJING_OFFSET_MS;
  // 25569 = 1970-01-01 in the 1900 date system.
  return Math.round((ms / 86_400_000 + 25_569) * 86_400) / 86_400;
}

function cols(widths: number[]): string {
  return `<cols>${widths.map((width, i) => `<col min="${i + 1}" max="${i + 1}" width="${width}" customWidth="1"/>`).join('')}</cols>`;
}

function worksheetStart(options: { frozenHeader: boolean; widths: number[]; selected: boolean }): string {
  const view = options.frozenHeader
    ? `<sheetView workbookViewId="0"${options.selected ? ' tabSelected="1"' : ''}><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView>`
    : `<sheetView workbookViewId="0"${options.selected ? ' tabSelected="1"' : ''}/>`;
  return (
    `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
    `<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><sheetViews>${view}</sheetViews>` +
    `<sheetFormatPr defaultRowHeight="15"/>${cols(options.widths)}<sheetData>`
  );
}

function worksheetEnd(orientation: 'portrait' | 'landscape', merges: string[] = []): string {
  const mergeCells = merges.length ? `<mergeCells count="${merges.length}">${merges.map((ref) => `<mergeCell ref="${ref}"/>`).join('')}</mergeCells>` : '';
  return (
    `</sheetData>${mergeCells}` +
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
    `<pageSetup paperSize="9" orientation="${orientation}" fitToWidth="1" fitToHeight="0"/></worksheet>`
  );
}

/** The overview: title, window, the summary in prose, then each section as a small table. */
function overviewSheetXml(report: Report): string {
  const { t, overview: o } = report;
  const rows: string[] = [];
  const merges: string[] = [];
  const merged = (style: number, text: string, height?: number) => {
    const r = rows.length + 1;
    rows.push(`<row r="${r}"${height ? ` ht="${height}" customHeight="1"` : ''}>${stringCell(`A${r}`, style, text)}</row>`);
    merges.push(`A${r}:B${r}`);
  };
  merged(S.title, t('reports.title', { title: o.consultation.title }), 48);
  merged(0, `${t('reports.ov.window')}：${windowText(report)}`);
  for (const paragraph of overviewParagraphs(report)) merged(S.paragraph, paragraph, Math.min(409, 16 * Math.ceil(paragraph.length / 40)));
  for (const section of overviewSections(report)) {
    rows.push(`<row r="${rows.length + 1}"/>`);
    rows.push(`<row r="${rows.length + 1}">${stringCell(`A${rows.length + 1}`, S.sectionHeading, section.title)}</row>`);
    const h = rows.length + 1;
    rows.push(`<row r="${h}">${stringCell(`A${h}`, S.overviewHeader, section.headers[0])}${stringCell(`B${h}`, S.overviewHeader, section.headers[1])}</row>`);
    for (const [label, value] of section.rows) {
      const r = rows.length + 1;
      const second = typeof value === 'number' ? numberCell(`B${r}`, S.overviewCell, value) : stringCell(`B${r}`, S.overviewCell, value);
      rows.push(`<row r="${r}">${stringCell(`A${r}`, S.overviewCell, label)}${second}</row>`);
    }
  }
  // 落款: the drafting office and the date, at the right under the figures.
  const sign = signOff(report);
  rows.push(`<row r="${rows.length + 1}"/>`);
  for (const line of [sign.office, sign.date]) {
    if (!line) continue;
    const r = rows.length + 1;
    rows.push(`<row r="${r}">${stringCell(`A${r}`, S.signOff, line)}</row>`);
    merges.push(`A${r}:B${r}`);
  }
  return worksheetStart({ frozenHeader: false, widths: [60, 16], selected: true }) + rows.join('') + worksheetEnd('portrait', merges);
}

function tableRowXml(report: Report, row: ReportRow, r: number): string {
  const { t } = report;
  const body = row.notes.length ? `${clip(row.body)}\n〔${row.notes.join('；')}〕` : row.body;
  return (
    `<row r="${r}">` +
    numberCell(`A${r}`, S.cellCentered, row.index) +
    stringCell(`B${r}`, S.cell, row.clause) +
    stringCell(`C${r}`, S.cell, row.submitter) +
    stringCell(`D${r}`, S.cell, body) +
    stringCell(`E${r}`, S.cellCentered, row.decisionLabel) +
    stringCell(`F${r}`, S.cell, row.reason) +
    stringCell(`G${r}`, S.cell, row.trackingNumber) +
    stringCell(`H${r}`, S.cell, row.channelLabel) +
    numberCell(`I${r}`, S.date, excelDate(row.receivedAt)) +
    stringCell(`J${r}`, S.cell, row.late ? t('reports.yes') : t('reports.no')) +
    stringCell(`K${r}`, S.cell, row.statusLabel) +
    '</row>'
  );
}

const TABLE_WIDTHS = [7, 26, 22, 60, 12, 40, 16, 10, 18, 9, 10];

async function* tableSheetXml(report: Report): AsyncIterable<string> {
  const headers = tableHeaders(report);
  const header = [...headers.main, ...headers.extra].map((text, i) => stringCell(`${COLUMNS[i]}1`, S.header, text)).join('');
  yield `${worksheetStart({ frozenHeader: true, widths: TABLE_WIDTHS, selected: false })}<row r="1" ht="22" customHeight="1">${header}</row>`;
  const batch = new TextBatch();
  let r = 1;
  for await (const item of report.items()) {
    r += 1;
    const xmlRow = item.type === 'group' ? `<row r="${r}">${stringCell(`B${r}`, S.group, `${item.title}（${item.count}）`)}</row>` : tableRowXml(report, item.row, r);
    const full = batch.add(xmlRow);
    if (full) yield full;
  }
  yield batch.take() + worksheetEnd('landscape');
}

function workbookXml(overviewName: string, tableName: string): string {
  return (
    `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><bookViews><workbookView activeTab="0"/></bookViews><sheets>` +
    `<sheet name="${xml(overviewName)}" sheetId="1" r:id="rId1"/><sheet name="${xml(tableName)}" sheetId="2" r:id="rId2"/></sheets>` +
    // Print the table's header row on every page.
    `<definedNames><definedName name="_xlnm.Print_Titles" localSheetId="1">'${xml(tableName.replace(/'/g, "''"))}'!$1:$1</definedName></definedNames>` +
    '</workbook>'
  );
}

const PACKAGE_RELS =
  `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
  '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>' +
  '</Relationships>';

const WORKBOOK_RELS =
  `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>' +
  '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
  '</Relationships>';

const CONTENT_TYPES_XML =
  `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
  '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
  '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
  '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
  '</Types>';

function corePropertiesXml(title: string, creator: string, created: string): string {
  return (
    `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" ` +
    'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${xml(title)}</dc:title><dc:creator>${xml(creator)}</dc:creator>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${created}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${created}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

const APP_PROPERTIES = `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>yijian</Application></Properties>`;

export async function* xlsxReport(report: Report): ReportPieces {
  const { t, overview: o } = report;
  const created = new Date(o.generatedAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const sources: ZipSource[] = [
    { name: '[Content_Types].xml', content: CONTENT_TYPES_XML },
    { name: '_rels/.rels', content: PACKAGE_RELS },
    { name: 'docProps/core.xml', content: corePropertiesXml(t('reports.title', { title: o.consultation.title }), o.consultation.issuer ?? 'yijian', created) },
    { name: 'docProps/app.xml', content: APP_PROPERTIES },
    { name: 'xl/workbook.xml', content: workbookXml(t('reports.section.overviewSheet'), t('reports.section.tableSheet')) },
    { name: 'xl/_rels/workbook.xml.rels', content: WORKBOOK_RELS },
    { name: 'xl/styles.xml', content: stylesXml(report) },
    { name: 'xl/worksheets/sheet1.xml', content: overviewSheetXml(report) },
    { name: 'xl/worksheets/sheet2.xml', content: tableSheetXml(report) },
  ];
  // Level 1: the sheet is repetitive XML, so the fastest level still shrinks it about tenfold.
  yield* zipChunks(sources, { level: 1, mtime: new Date(o.generatedAt) });
}
