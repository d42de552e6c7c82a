// JSON: the complete record, every comment once, written as it is read.
import { exportText } from '../../lib/sanitize.ts';
import type { Report, ReportRow } from '../build.ts';
import { type ReportPieces, TextBatch } from './common.ts';

const text = (value: string | null) => (value === null ? null : exportText(value));

/** One entry of `comments`, exactly the documented shape. */
export function jsonComment(row: ReportRow) {
  return {
    trackingNumber: row.trackingNumber,
    paragraph: row.paragraph ? { id: row.paragraph.id, label: exportText(row.paragraph.label), number: row.paragraph.number } : null,
    channel: row.channel,
    author: text(row.author),
    unit: text(row.unit),
    late: row.late,
    body: exportText(row.body),
    status: row.status,
    decision: row.decision,
    reason: text(row.reason),
  };
}

/** Strings in the overview (titles, unit and paragraph names) pass the same sanitiser. */
const sanitized = (_key: string, value: unknown) => (typeof value === 'string' ? exportText(value) : value);

export async function* jsonReport(report: Report): ReportPieces {
  const batch = new TextBatch();
  yield `{"overview":${JSON.stringify(report.overview, sanitized)},\n"units":${JSON.stringify(report.units, sanitized)},\n"comments":[`;
  let first = true;
  for await (const row of report.rows()) {
    const full = batch.add(`${first ? '\n' : ',\n'}${JSON.stringify(jsonComment(row))}`);
    if (full) yield full;
    first = false;
  }
  yield `${batch.take()}\n]}\n`;
}
