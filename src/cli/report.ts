// npm run report -- --consultation SLUG --format json|csv|xlsx|docx|html --out FILE [--group paragraph|unit] [--lang zh-CN|en]
// npm run report -- --consultation SLUG --kind changes --format json|docx|xlsx|html --out FILE [--version N]
// The same files as the officer's download, from the command line: the feedback report, or with
// --kind changes the 修改对照表 of the newest revision (or of version N against the one before). Written to FILE.partial and
// renamed when complete, so a failed run never leaves a truncated report under the real name.
import { createWriteStream, renameSync, rmSync, statSync } from 'node:fs';
import { Writable } from 'node:stream';
import { parseConfig } from '../config.ts';
import { AppError } from '../http/errors.ts';
import { translator } from '../lib/i18n.ts';
import type { Grouping } from '../reports/build.ts';
import { findReportConsultation } from '../reports/data.ts';
import { findRevisionFor, loadChangesTable } from '../reports/changes-data.ts';
import { changesStream, isChangesFormat } from '../reports/formats/changes.ts';
import { exportReport } from '../reports/export.ts';
import { isReportFormat } from '../reports/formats/index.ts';
import { openMigratedDatabase } from '../platform/node/data-dir.ts';
import { type ParsedArgs, runCommand, UsageError } from './args.ts';

const COMMAND = {
  usage:
    'usage: npm run report -- --consultation SLUG --format json|csv|xlsx|docx|html --out FILE [--group paragraph|unit] [--lang zh-CN|en]\n' +
    '       npm run report -- --consultation SLUG --kind changes --format json|docx|xlsx|html --out FILE [--version N] [--lang zh-CN|en]',
  options: {
    consultation: { type: 'string' },
    kind: { type: 'string' },
    version: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    group: { type: 'string' },
    lang: { type: 'string' },
  },
  userErrors: [AppError],
} as const;
const USAGE = COMMAND.usage;

async function main({ values }: ParsedArgs<typeof COMMAND.options>): Promise<number> {
  const locale = values.lang === 'en' ? 'en' : 'zh-CN';
  const t = translator(locale);
  if (!values.consultation || !values.format || !values.out) throw new UsageError(USAGE);
  const kind = values.kind ?? 'feedback';
  if (kind !== 'feedback' && kind !== 'changes') throw new UsageError(`--kind: feedback | changes\n${USAGE}`);
  if (kind === 'changes') return writeChanges(values.consultation, values.format.toLowerCase(), values.out, values.version, locale);
  const format = values.format.toLowerCase();
  if (!isReportFormat(format)) throw new UsageError(`${t('reports.error.unknownFormat', { format: values.format })}\n${USAGE}`);
  let grouping: Grouping = 'none';
  if (values.group !== undefined) {
    if (values.group !== 'paragraph' && values.group !== 'unit') throw new UsageError(`${t('reports.error.unknownGrouping', { group: values.group })}\n${USAGE}`);
    grouping = values.group;
  }

  const config = parseConfig(process.env);
  const { db } = openMigratedDatabase(config.dataDir);
  const partial = `${values.out}.partial`;
  try {
    const consultation = await findReportConsultation(db, values.consultation);
    if (!consultation) throw new UsageError(t('reports.error.unknownConsultation', { slug: values.consultation }));
    // The same byte stream as the web download, into a file; pipeTo resolves once it is closed.
    const file = createWriteStream(partial);
    const started = performance.now();
    let report;
    try {
      report = await exportReport(db, consultation, { format, locale, now: new Date(), grouping }, Writable.toWeb(file));
    } catch (error) {
      file.destroy();
      rmSync(partial, { force: true });
      throw error;
    }
    renameSync(partial, values.out);
    const o = report.overview;
    console.error(
      `${values.out}: ${format}, ${o.totals.comments} comments, ${o.tableRows} table rows, ${statSync(values.out).size} bytes, ${Math.round(performance.now() - started)} ms`,
    );
  } finally {
    await db.close();
  }
  return 0;
}

/** The 修改对照表, written like the report: to FILE.partial, renamed when complete. */
async function writeChanges(slug: string, format: string, out: string, version: string | undefined, locale: 'zh-CN' | 'en'): Promise<number> {
  const t = translator(locale);
  if (!isChangesFormat(format)) throw new UsageError(`${t('changes.error.unknownFormat', { format })}\n${USAGE}`);
  const number = version === undefined ? undefined : Number(version);
  if (number !== undefined && !(Number.isInteger(number) && number > 1)) throw new UsageError(`--version: 2, 3, …\n${USAGE}`);
  const config = parseConfig(process.env);
  const { db } = openMigratedDatabase(config.dataDir);
  const partial = `${out}.partial`;
  try {
    const consultation = await findReportConsultation(db, slug);
    if (!consultation) throw new UsageError(t('reports.error.unknownConsultation', { slug }));
    const revision = await findRevisionFor(db, consultation, number);
    if (!revision) throw new UsageError(number === undefined ? t('changes.error.noRevision') : t('changes.error.unknownVersion', { number }));
    const table = await loadChangesTable(db, consultation, revision, { locale, now: new Date() });
    if (!table) throw new UsageError(t('changes.error.noRevision'));
    const file = createWriteStream(partial);
    try {
      await changesStream(format, table).pipeTo(Writable.toWeb(file));
    } catch (error) {
      file.destroy();
      rmSync(partial, { force: true });
      throw error;
    }
    renameSync(partial, out);
    const rows = Object.values(table.counts).reduce((a, b) => a + b, 0);
    console.error(`${out}: ${format}, version ${revision.number} against ${revision.number - 1}, ${rows} rows, ${statSync(out).size} bytes`);
  } finally {
    await db.close();
  }
  return 0;
}

runCommand(COMMAND, main);
