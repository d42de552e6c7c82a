// One entry point for every format: the web download and `npm run report` call this alike.
import type { Writable } from 'node:stream';
import type { Report } from '../build.ts';
import type { ReportFormat } from './common.ts';
import { writeCsvReport } from './csv.ts';
import { writeDocxReport } from './docx.ts';
import { writeHtmlReport } from './html.ts';
import { writeJsonReport } from './json.ts';
import { writeXlsxReport } from './xlsx.ts';

export { collapsesDuplicates, CONTENT_TYPES, isReportFormat, REPORT_FORMATS, type ReportFormat } from './common.ts';

const WRITERS: Record<ReportFormat, (report: Report, out: Writable) => Promise<void>> = {
  json: writeJsonReport,
  csv: writeCsvReport,
  xlsx: writeXlsxReport,
  docx: writeDocxReport,
  html: writeHtmlReport,
};

/** Writes the report to `out` and ends it; resolves once the last byte is handed over. */
export function writeReport(format: ReportFormat, report: Report, out: Writable): Promise<void> {
  return WRITERS[format](report, out);
}

/** 关于《…》征求意见采纳情况的报告.xlsx, with characters a file system refuses replaced. */
export function reportFileName(report: Report, format: ReportFormat): string {
  const title = report.t('reports.title', { title: report.overview.consultation.title });
  return `${title.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 150)}.${format}`;
}
