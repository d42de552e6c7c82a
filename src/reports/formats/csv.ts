// CSV for Excel: UTF-8 with a byte-order mark (without it Excel reads Chinese as mojibake),
// RFC 4180 quoting, CRLF line ends, and cells that Excel would run as a formula defused.
import { exportText } from '../../lib/sanitize.ts';
import type { Report } from '../build.ts';
import { receivedText, type ReportPieces, tableHeaders, TextBatch } from './common.ts';

/**
 * A cell starting with = + - @ (or a tab or carriage return, which Excel skips before reading
 * one) is a formula to Excel, so a comment could run one on the officer's machine: such a cell is
 * prefixed with an apostrophe, which Excel shows as text and does not display.
 */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : exportText(String(value));
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: (string | number | null)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export async function* csvReport(report: Report): ReportPieces {
  const batch = new TextBatch();
  const { t } = report;
  const headers = tableHeaders(report);
  yield `\uFEFF${csvLine([...headers.main, ...headers.extra])}`;
  for await (const row of report.rows()) {
    const full = batch.add(
      csvLine([
        row.index,
        row.clause,
        row.submitter,
        row.body,
        row.decisionLabel,
        row.reason,
        row.trackingNumber,
        row.channelLabel,
        receivedText(report, row.receivedAt),
        row.late ? t('reports.yes') : t('reports.no'),
        row.statusLabel,
      ]),
    );
    if (full) yield full;
  }
  yield batch.take();
}
