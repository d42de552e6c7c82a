// XLSX through exceljs's streaming writer: rows are committed (written out and forgotten) as they
// are read, so a report of any size holds one page of rows in memory. Two sheets: the overview,
// then the table with a frozen header row, column widths and wrapped text.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Report, ReportRow } from '../build.ts';
import { overviewParagraphs, overviewSections, receivedText, tableHeaders, windowText } from './common.ts';

const FONT = 'SimSun';
const WRAP: Partial<ExcelJS.Alignment> = { wrapText: true, vertical: 'top' };
const BORDER: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8E8E8' } };
const GROUP_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF4F4F4' } };
/** Excel refuses a cell longer than this. */
const CELL_MAX = 32_767;

const clip = (text: string | null) => (text && text.length > CELL_MAX ? `${text.slice(0, CELL_MAX - 1)}…` : (text ?? ''));

/**
 * exceljs pipes each sheet into the zip without waiting for it: if the database is read faster
 * than deflate and the output consume, the difference piles up in memory. Every page of rows we
 * wait for the deflate stream and for the output to drain (and let the event loop run at all:
 * better-sqlite3 reads resolve as microtasks only).
 */
async function letItFlow(sheet: ExcelJS.Worksheet, out: Writable): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  const internal = (sheet as unknown as { stream?: { pipes?: Writable[] } }).stream?.pipes?.[0];
  if (internal?.writableNeedDrain) await once(internal, 'drain');
  if (out.writableNeedDrain) await once(out, 'drain');
}

function writeOverviewSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, report: Report): void {
  const { t, overview: o } = report;
  const sheet = workbook.addWorksheet(t('reports.section.overviewSheet'), {
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.columns = [{ width: 60 }, { width: 16 }];
  const title = sheet.addRow([t('reports.title', { title: o.consultation.title })]);
  title.font = { name: FONT, size: 16, bold: true };
  title.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  title.height = 48;
  sheet.mergeCells(1, 1, 1, 2);
  title.commit();
  const window = sheet.addRow([`${t('reports.ov.window')}：${windowText(report)}`]);
  sheet.mergeCells(2, 1, 2, 2);
  window.commit();
  for (const paragraph of overviewParagraphs(report)) {
    const row = sheet.addRow([paragraph]);
    row.alignment = WRAP;
    row.height = Math.min(409, 16 * Math.ceil(paragraph.length / 40));
    sheet.mergeCells(row.number, 1, row.number, 2);
    row.commit();
  }
  for (const section of overviewSections(report)) {
    sheet.addRow([]).commit();
    const heading = sheet.addRow([section.title]);
    heading.font = { name: FONT, bold: true, size: 12 };
    heading.commit();
    const header = sheet.addRow(section.headers);
    header.eachCell((cell) => {
      cell.font = { name: FONT, bold: true };
      cell.fill = HEADER_FILL;
      cell.border = BORDER;
    });
    header.commit();
    for (const [label, value] of section.rows) {
      const row = sheet.addRow([label, value]);
      row.eachCell((cell) => {
        cell.border = BORDER;
        cell.alignment = WRAP;
      });
      row.commit();
    }
  }
  sheet.commit();
}

function rowValues(report: Report, row: ReportRow): (string | number)[] {
  const { t } = report;
  const body = row.notes.length ? `${clip(row.body)}\n〔${row.notes.join('；')}〕` : clip(row.body);
  return [
    row.index,
    row.clause,
    row.submitter,
    clip(body),
    row.decisionLabel,
    clip(row.reason),
    row.trackingNumber,
    row.channelLabel,
    receivedText(report, row.receivedAt),
    row.late ? t('reports.yes') : t('reports.no'),
    row.statusLabel,
  ];
}

export async function writeXlsxReport(report: Report, out: Writable): Promise<void> {
  const { t } = report;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = report.overview.consultation.issuer ?? 'yijian';
  workbook.created = new Date(report.overview.generatedAt);
  workbook.title = t('reports.title', { title: report.overview.consultation.title });
  writeOverviewSheet(workbook, report);

  const headers = tableHeaders(report);
  const sheetName = t('reports.section.tableSheet');
  const sheet = workbook.addWorksheet(sheetName, {
    views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const widths = [7, 26, 22, 60, 12, 40, 16, 10, 18, 9, 10];
  sheet.columns = [...headers.main, ...headers.extra].map((header, i) => ({
    header,
    width: widths[i],
    // Cells take their column's style when created: cheaper than styling each cell of 100,000 rows.
    style: { font: { name: FONT, size: 10.5 }, border: BORDER, alignment: i === 0 || i === 4 ? { ...WRAP, horizontal: 'center' } : WRAP },
  }));
  const headerRow = sheet.getRow(1);
  headerRow.height = 22;
  headerRow.eachCell((cell) => {
    cell.font = { name: FONT, size: 11, bold: true };
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  });
  headerRow.commit();
  // Print the header row on every page.
  workbook.definedNames.add(`'${sheetName}'!$1:$1`, '_xlnm.Print_Titles');

  let sinceYield = 0;
  for await (const item of report.items()) {
    if (item.type === 'group') {
      const row = sheet.addRow([null, `${item.title}（${item.count}）`]);
      row.eachCell((cell) => {
        cell.font = { name: FONT, size: 10.5, bold: true };
        cell.fill = GROUP_FILL;
      });
      row.commit();
    } else {
      sheet.addRow(rowValues(report, item.row)).commit();
    }
    if (++sinceYield >= 500) {
      sinceYield = 0;
      await letItFlow(sheet, out);
    }
  }
  sheet.commit();
  const finished = once(out, 'finish');
  await workbook.commit();
  await finished;
}
