// DOCX laid out the way a Chinese government office files a report (after GB/T 9704): title in
// 方正小标宋简体 二号, body in 仿宋_GB2312 三号, first-level headings in 黑体, the table in a
// landscape section with its header row repeated on every page, and page numbers 「— 1 —」 in
// 宋体 四号, odd pages on the right and even pages on the left. The font table names fallbacks
// (宋体, 仿宋, 楷体) that Word uses where the 公文 fonts are not installed.
//
// The docx package builds the whole document in memory before it writes a byte, and needs tens of
// kilobytes per table row to do it (bench: 20,000 rows took 2 GB). So it builds only the frame —
// title, overview, headings, footers, styles, the table's header row and one template row of each
// kind, marked — and the table's rows are then streamed into word/document.xml from those
// templates, inside a ZIP written as it goes (src/lib/zip.ts). Memory stays bounded by a page of
// rows; the output is what the docx package would have written, row for row. Every text that
// reaches the document passes the export sanitiser first (the docx package escapes, but keeps
// characters XML forbids). The frame's pieces (fonts, sizes, borders, footers, the font table) are
// exported for the other table this module files in the same layout, the 修改对照表.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import { exportText } from '../../lib/sanitize.ts';
import { readZip, zipChunks, type ZipSource } from '../../lib/zip.ts';
import type { Report, ReportRow } from '../build.ts';
import { overviewParagraphs, overviewSections, type ReportPieces, signOff, tableHeaders } from './common.ts';

export const FONTS = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  heading: '黑体',
  subheading: '楷体_GB2312',
  pageNumber: '宋体',
  latin: 'Times New Roman',
};

/** 二号 22pt, 三号 16pt, 四号 14pt, 小四 12pt, 五号 10.5pt — in half-points. */
export const SIZE = { title: 44, body: 32, pageNumber: 28, table: 21, tableHeader: 21, small: 24 };

export const font = (eastAsia: string) => ({ ascii: FONTS.latin, hAnsi: FONTS.latin, eastAsia, cs: FONTS.latin });

export function run(text: string, face: string, size: number, bold = false): TextRun {
  return new TextRun({ text: exportText(text), font: font(face), size, bold });
}

/** Line breaks inside a comment become line breaks in the cell. */
function lines(text: string, face: string, size: number): TextRun[] {
  return exportText(text).split(/\r?\n/).map((line, i) => new TextRun({ text: line, font: font(face), size, break: i > 0 ? 1 : 0 }));
}

/** A cell of the frame's tables (header rows, the overview's small tables), every property its own. */
export function cell(text: string, options: { width: number; center?: boolean; header?: boolean }): TableCell {
  const face = options.header ? FONTS.heading : FONTS.body;
  return new TableCell({
    width: { size: options.width, type: WidthType.DXA },
    verticalAlign: options.header ? VerticalAlignTable.CENTER : VerticalAlignTable.TOP,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    shading: options.header ? { fill: 'E8E8E8' } : undefined,
    children: [
      new Paragraph({
        alignment: options.center ? AlignmentType.CENTER : AlignmentType.LEFT,
        spacing: { line: 300 },
        children: lines(text, face, options.header ? SIZE.tableHeader : SIZE.table),
      }),
    ],
  });
}

export const BORDERS = {
  top: { style: BorderStyle.SINGLE, size: 4, color: '000000' },
  bottom: { style: BorderStyle.SINGLE, size: 4, color: '000000' },
  left: { style: BorderStyle.SINGLE, size: 4, color: '000000' },
  right: { style: BorderStyle.SINGLE, size: 4, color: '000000' },
  insideHorizontal: { style: BorderStyle.SINGLE, size: 4, color: '000000' },
  insideVertical: { style: BorderStyle.SINGLE, size: 4, color: '000000' },
};

/** Landscape A4 (16,838 twips) less 2 × 1,474 of margin leaves 13,890 twips: the six columns share it. */
const TABLE_WIDTHS = [700, 2300, 2000, 4700, 1200, 2990];

const MARK = (name: string) => `@@YJ-${name}@@`;

/** The paragraph style of the table's text, and the table's cell margins. */
export const TABLE_TEXT = 'YjTableText';
export const CELL_MARGINS = { top: 40, bottom: 40, left: 80, right: 80 };

/**
 * A cell of a streamed row. Its font, size and line spacing come from the TABLE_TEXT paragraph
 * style and its margins from the table, not from properties repeated in every cell: a row is then
 * a third of the XML (1 KB instead of 3), which is most of the time spent writing the file.
 */
export function templateCell(text: string, options: { width: number; center?: boolean; shade?: boolean; span?: number }): TableCell {
  return new TableCell({
    width: { size: options.width, type: WidthType.DXA },
    columnSpan: options.span,
    shading: options.shade ? { fill: 'F4F4F4' } : undefined,
    children: [new Paragraph({ style: TABLE_TEXT, alignment: options.center ? AlignmentType.CENTER : undefined, children: [new TextRun(text)] })],
  });
}

/** The template of a data row: each cell holds its marker, to be replaced by the row's text. */
function templateRow(): TableRow {
  return new TableRow({
    children: TABLE_WIDTHS.map((width, i) => templateCell(MARK(String(i)), { width, center: i === 0 || i === 4 })),
  });
}

function templateGroupRow(): TableRow {
  return new TableRow({ cantSplit: true, children: [templateCell(MARK('G'), { width: TABLE_WIDTHS.reduce((a, b) => a + b), span: 6, shade: true })] });
}

function rowCells(row: ReportRow): string[] {
  const body = row.notes.length ? `${row.body}\n〔${row.notes.join('；')}〕` : row.body;
  return [String(row.index), row.clause, row.submitter, body, row.decisionLabel, row.reason ?? ''];
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Text for inside <w:t>: sanitised, escaped, line breaks as <w:br/>. */
function runText(text: string): string {
  return exportText(text)
    .replace(/[&<>"]/g, (ch) => XML_ESCAPES[ch]!)
    .replace(/\r?\n/g, '</w:t><w:br/><w:t xml:space="preserve">');
}

/** A template split at its markers: pieces[0] value0 pieces[1] value1 … */
interface Template {
  pieces: string[];
  order: string[];
}

function splitTemplate(xml: string, names: string[]): Template {
  const pieces: string[] = [];
  const order: string[] = [];
  let rest = xml;
  for (;;) {
    const match = /@@YJ-([0-9G])@@/.exec(rest);
    if (!match) break;
    pieces.push(rest.slice(0, match.index));
    order.push(match[1]!);
    rest = rest.slice(match.index + match[0].length);
  }
  pieces.push(rest);
  if (order.join() !== names.join()) throw new Error(`DOCX template markers ${order.join()} instead of ${names.join()}`);
  // A marker's run may not say it keeps spaces; every run written from a template does.
  return { pieces: pieces.map((p) => p.replace(/<w:t>$/, '<w:t xml:space="preserve">')), order };
}

function fill(template: Template, values: string[]): string {
  let xml = template.pieces[0]!;
  for (let i = 0; i < values.length; i++) xml += runText(values[i]!) + template.pieces[i + 1]!;
  return xml;
}

function heading(text: string): Paragraph {
  return new Paragraph({ spacing: { before: 200, after: 100, line: 560 }, indent: { firstLine: 640 }, children: [run(text, FONTS.heading, SIZE.body)] });
}

function bodyParagraph(text: string): Paragraph {
  // 28 lines to a page, 2 characters' indent: the 公文 body grid.
  return new Paragraph({ spacing: { line: 560 }, indent: { firstLine: 640 }, alignment: AlignmentType.JUSTIFIED, children: [run(text, FONTS.body, SIZE.body)] });
}

function smallTable(headers: [string, string], rows: [string, number | string][]): Table {
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: 8800, type: WidthType.DXA },
    columnWidths: [6800, 2000],
    borders: BORDERS,
    rows: [
      new TableRow({ tableHeader: true, children: [cell(headers[0], { width: 6800, header: true, center: true }), cell(headers[1], { width: 2000, header: true, center: true })] }),
      ...rows.map(([label, value]) => new TableRow({ cantSplit: true, children: [cell(label, { width: 6800 }), cell(String(value), { width: 2000, center: true })] })),
    ],
  });
}

/** 「— 1 —」, odd pages on the right, even on the left, each a character in from the edge. */
function pageNumberFooter(alignment: (typeof AlignmentType)[keyof typeof AlignmentType]): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment,
        indent: alignment === AlignmentType.RIGHT ? { right: 280 } : { left: 280 },
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: font(FONTS.pageNumber), size: SIZE.pageNumber })],
      }),
    ],
  });
}

export const FOOTERS = { default: pageNumberFooter(AlignmentType.RIGHT), even: pageNumberFooter(AlignmentType.LEFT) };

/** 37 mm top, 35 mm bottom, 28 mm left (binding), 26 mm right — in twips. */
export const MARGIN = { top: 2098, bottom: 1984, left: 1588, right: 1474, footer: 1134 };

const FONT_TABLE_ENTRIES: [string, string, string][] = [
  [FONTS.title, '宋体', 'roman'],
  [FONTS.body, '仿宋', 'modern'],
  [FONTS.heading, 'SimHei', 'modern'],
  [FONTS.subheading, '楷体', 'modern'],
  [FONTS.pageNumber, 'SimSun', 'auto'],
];

/** word/fontTable.xml with alternative names: Word falls back to them when a font is missing. */
export function fontTableXml(): string {
  const fonts = FONT_TABLE_ENTRIES.map(
    ([name, alt, family]) => `<w:font w:name="${name}"><w:altName w:val="${alt}"/><w:charset w:val="86"/><w:family w:val="${family}"/><w:pitch w:val="variable"/></w:font>`,
  ).join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${fonts}<w:font w:name="${FONTS.latin}"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>`;
}

/** The document without the table's rows: built by the docx package, then cut open at the templates. */
async function buildFrame(report: Report): Promise<{ files: Map<string, Uint8Array>; before: string; after: string; row: Template; group: Template }> {
  const { t, overview: o } = report;
  const title = t('reports.title', { title: o.consultation.title });

  const intro: (Paragraph | Table)[] = [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 400, line: 700 }, children: [run(title, FONTS.title, SIZE.title)] }),
    heading(t('reports.section.overview')),
    ...overviewParagraphs(report).map(bodyParagraph),
  ];
  for (const section of overviewSections(report).slice(1)) {
    if (section.rows.length === 0) continue;
    intro.push(new Paragraph({ spacing: { before: 200, after: 100, line: 560 }, indent: { firstLine: 640 }, children: [run(section.title, FONTS.subheading, SIZE.body)] }));
    intro.push(smallTable(section.headers, section.rows));
  }
  // 落款: the drafting office, and the date under it, right-aligned four characters in (GB/T 9704).
  const sign = signOff(report);
  if (sign.office) {
    intro.push(new Paragraph({ spacing: { before: 600, line: 560 }, alignment: AlignmentType.RIGHT, indent: { right: 1280 }, children: [run(sign.office, FONTS.body, SIZE.body)] }));
  }
  intro.push(
    new Paragraph({ spacing: { before: sign.office ? 0 : 600, line: 560 }, alignment: AlignmentType.RIGHT, indent: { right: 1280 }, children: [run(sign.date, FONTS.body, SIZE.body)] }),
  );

  const headers = tableHeaders(report).main;
  const rows: TableRow[] = [
    new TableRow({ tableHeader: true, cantSplit: true, children: headers.map((h, i) => cell(h, { width: TABLE_WIDTHS[i]!, header: true, center: true })) }),
    templateRow(),
    templateGroupRow(),
  ];

  const doc = new Document({
    creator: exportText(o.consultation.issuer ?? 'yijian'),
    title: exportText(title),
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: { document: { run: { font: font(FONTS.body), size: SIZE.body } } },
      paragraphStyles: [{ id: TABLE_TEXT, name: 'Report Table Text', basedOn: 'Normal', run: { font: font(FONTS.body), size: SIZE.table }, paragraph: { spacing: { line: 300 } } }],
    },
    sections: [
      {
        properties: { page: { size: { orientation: PageOrientation.PORTRAIT }, margin: MARGIN } },
        footers: FOOTERS,
        children: intro,
      },
      {
        properties: { page: { size: { orientation: PageOrientation.LANDSCAPE }, margin: { top: 1588, bottom: 1474, left: 1474, right: 1474, footer: 850 } } },
        footers: FOOTERS,
        children: [
          new Paragraph({ spacing: { after: 200, line: 560 }, alignment: AlignmentType.CENTER, children: [run(t('reports.tableTitle', { title: o.consultation.title }), FONTS.heading, SIZE.body)] }),
          new Table({
            layout: TableLayoutType.FIXED,
            width: { size: TABLE_WIDTHS.reduce((a, b) => a + b), type: WidthType.DXA },
            columnWidths: TABLE_WIDTHS,
            borders: BORDERS,
            margins: CELL_MARGINS,
            rows,
          }),
        ],
      },
    ],
  });
  const files = await readZip(new Uint8Array(await Packer.toArrayBuffer(doc, false, [{ path: 'word/fontTable.xml', data: fontTableXml() }])));
  const xml = new TextDecoder().decode(files.get('word/document.xml')!);
  // The two template rows are the <w:tr> elements holding the first and the group marker.
  const rowStart = xml.lastIndexOf('<w:tr>', xml.indexOf(MARK('0')));
  const groupStart = xml.lastIndexOf('<w:tr>', xml.indexOf(MARK('G')));
  const groupEnd = xml.indexOf('</w:tr>', groupStart) + '</w:tr>'.length;
  if (rowStart < 0 || groupStart < rowStart || groupEnd < groupStart) throw new Error('DOCX template rows not found');
  return {
    files,
    before: xml.slice(0, rowStart),
    after: xml.slice(groupEnd),
    row: splitTemplate(xml.slice(rowStart, groupStart), ['0', '1', '2', '3', '4', '5']),
    group: splitTemplate(xml.slice(groupStart, groupEnd), ['G']),
  };
}

async function* documentXml(report: Report, frame: Awaited<ReturnType<typeof buildFrame>>): AsyncIterable<string> {
  yield frame.before;
  let batch = '';
  for await (const item of report.items()) {
    batch += item.type === 'group' ? fill(frame.group, [`${item.title}（${item.count}）`]) : fill(frame.row, rowCells(item.row));
    if (batch.length >= 64 * 1024) {
      yield batch;
      batch = '';
    }
  }
  yield batch;
  yield frame.after;
}

export async function* docxReport(report: Report): ReportPieces {
  const frame = await buildFrame(report);
  function* sources(): Iterable<ZipSource> {
    for (const [name, content] of frame.files) yield { name, content: name === 'word/document.xml' ? documentXml(report, frame) : content };
  }
  yield* zipChunks(sources(), { mtime: new Date(report.overview.generatedAt) });
}
