// One report export in a process of its own, so that its peak memory is its own: the parent
// starts `node --max-old-space-size=N --import tsx bench/report-child.ts DATA_DIR SLUG FORMAT OUT`
// and reads one line of JSON. A format that held every row in memory would exceed the heap limit
// and die here, which is the point of the limit. FORMAT `hold-rows` is the control: it builds
// the same report and keeps every table row in an array, as a non-streaming writer would.
import { createWriteStream, statSync } from 'node:fs';
import { Writable } from 'node:stream';
import { openMigratedDatabase } from '../src/platform/node/data-dir.ts';
import { findReportConsultation } from '../src/reports/data.ts';
import { exportReport, prepareReport } from '../src/reports/export.ts';
import { isReportFormat } from '../src/reports/formats/index.ts';

const [dataDir, slug, format, out] = process.argv.slice(2);
const control = format === 'hold-rows';
if (!dataDir || !slug || !format || !out || !(control || isReportFormat(format))) {
  console.error('usage: report-child.ts DATA_DIR SLUG FORMAT OUT');
  process.exit(2);
}

let peakHeap = 0;
const sample = () => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
};
const sampler = setInterval(sample, 20);

const { db } = openMigratedDatabase(dataDir);
const baseline = { heap: process.memoryUsage().heapUsed, rss: process.memoryUsage().rss };
const consultation = await findReportConsultation(db, slug);
if (!consultation) throw new Error(`no consultation ${slug}`);
const started = performance.now();
const file = createWriteStream(out);
try {
  let report;
  if (control) {
    report = await prepareReport(db, consultation, { format: 'json', locale: 'zh-CN', now: new Date() });
    const held = [];
    for await (const row of report.rows()) held.push(row);
    await new Promise<void>((resolve) => file.end(`${held.length}\n`, () => resolve()));
  } else {
    report = await exportReport(db, consultation, { format: format as Parameters<typeof exportReport>[2]['format'], locale: 'zh-CN', now: new Date() }, Writable.toWeb(file));
  }
  const ms = performance.now() - started;
  sample();
  clearInterval(sampler);
  const figures = {
    format,
    ms,
    comments: report.overview.totals.comments,
    rows: report.overview.tableRows,
    bytes: statSync(out).size,
    peakHeapMiB: peakHeap / 2 ** 20,
    baselineHeapMiB: baseline.heap / 2 ** 20,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    baselineRssMiB: baseline.rss / 2 ** 20,
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} catch (error) {
  clearInterval(sampler);
  process.stdout.write(`${JSON.stringify({ format, error: error instanceof Error ? error.message : String(error) })}\n`);
}
await db.close();
process.exit(0);
