// From a consultation's slug to a report in some format: what the web download and the CLI share.
import type { AppDatabase } from '../db/database.ts';
import type { Consultation, ConsultationVersion } from '../db/schema.ts';
import type { Locale } from '../lib/i18n.ts';
import { buildReport, type Grouping, type Report } from './build.ts';
import { loadReportInput } from './data.ts';
import { collapsesDuplicates, type ReportFormat, reportStream } from './formats/index.ts';

export interface ExportOptions {
  format: ReportFormat;
  locale: Locale;
  now: Date;
  grouping?: Grouping;
  pageSize?: number;
  /** The version whose comments are reported, for a consultation with several (./data.ts findReportVersion). */
  version?: ConsultationVersion | null;
}

/** Reads the overview (one pass over the comments); the table is read again while it is written. */
export async function prepareReport(db: AppDatabase, consultation: Consultation, options: ExportOptions): Promise<Report> {
  const input = await loadReportInput(db, consultation, {
    locale: options.locale,
    now: options.now,
    grouping: options.grouping,
    collapseDuplicates: collapsesDuplicates(options.format),
    pageSize: options.pageSize,
    version: options.version,
  });
  return buildReport(input);
}

/** Writes the whole report to `out` and closes it; resolves once the last byte is taken. */
export async function exportReport(db: AppDatabase, consultation: Consultation, options: ExportOptions, out: WritableStream<Uint8Array>): Promise<Report> {
  const report = await prepareReport(db, consultation, options);
  await reportStream(options.format, report).pipeTo(out);
  return report;
}
