// One entry point for every format: the web download and `npm run report` call this alike.
import type { Report } from '../build.ts';
import type { ReportFormat, ReportPieces } from './common.ts';
import { csvReport } from './csv.ts';
import { docxReport } from './docx.ts';
import { htmlReport } from './html.ts';
import { jsonReport } from './json.ts';
import { xlsxReport } from './xlsx.ts';

export { collapsesDuplicates, CONTENT_TYPES, isReportFormat, REPORT_FORMATS, type ReportFormat } from './common.ts';

const WRITERS: Record<ReportFormat, (report: Report) => ReportPieces> = {
  json: jsonReport,
  csv: csvReport,
  xlsx: xlsxReport,
  docx: docxReport,
  html: htmlReport,
};

/**
 * The report as a byte stream that is read from the database as it is consumed.
 *
 * Pull, not push: the stream asks the writer for its next piece only when its reader (a socket, a
 * file) has taken the last one, so the writer can never run ahead and fill memory — back-pressure
 * holds by construction, with no drain events to forget. At most one piece (about 64 KB) waits in
 * the stream's queue. Cancelling the stream (a browser gives up) ends the writer, and with it the
 * database reads. It is the body type of `Response` on Node and Workers alike.
 */
export function reportStream(format: ReportFormat, report: Report, onError?: (error: unknown) => void): ReadableStream<Uint8Array> {
  return pullStream(WRITERS[format](report), onError);
}

/** Any writer's pieces as such a stream (the 修改对照表's writers use it too). */
export function pullStream(source: AsyncIterable<string | Uint8Array>, onError?: (error: unknown) => void): ReadableStream<Uint8Array> {
  const pieces = source[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          for (;;) {
            const { done, value } = await pieces.next();
            if (done) {
              controller.close();
              return;
            }
            const bytes = typeof value === 'string' ? encoder.encode(value) : value;
            if (bytes.length > 0) {
              controller.enqueue(bytes);
              return;
            }
          }
        } catch (error) {
          onError?.(error);
          throw error;
        }
      },
      async cancel(reason) {
        await pieces.return?.(reason);
      },
    },
    { highWaterMark: 1 },
  );
}

/** 关于《…》征求意见采纳情况的报告.xlsx, with characters a file system refuses replaced. */
export function reportFileName(report: Report, format: ReportFormat): string {
  const title = report.t('reports.title', { title: report.overview.consultation.title });
  return `${title.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 150)}.${format}`;
}
