// JSON: the complete record, every comment once, written as it is read.
import type { Writable } from 'node:stream';
import type { Report, ReportRow } from '../build.ts';
import { ChunkedWriter } from './common.ts';

/** One entry of `comments`, exactly the documented shape. */
export function jsonComment(row: ReportRow) {
  return {
    trackingNumber: row.trackingNumber,
    paragraph: row.paragraph ? { id: row.paragraph.id, label: row.paragraph.label, number: row.paragraph.number } : null,
    channel: row.channel,
    author: row.author,
    unit: row.unit,
    late: row.late,
    body: row.body,
    status: row.status,
    decision: row.decision,
    reason: row.reason,
  };
}

export async function writeJsonReport(report: Report, out: Writable): Promise<void> {
  const writer = new ChunkedWriter(out);
  await writer.write(`{"overview":${JSON.stringify(report.overview)},\n"units":${JSON.stringify(report.units)},\n"comments":[`);
  let first = true;
  for await (const row of report.rows()) {
    await writer.write(`${first ? '\n' : ',\n'}${JSON.stringify(jsonComment(row))}`);
    first = false;
  }
  await writer.write('\n]}\n');
  await writer.end();
}
