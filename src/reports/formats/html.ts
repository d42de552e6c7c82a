// A print-ready HTML page (A4): no scripts, no external resources, every value escaped. It is a
// file to open and print, so its style sheet is inside it.
import { exportText } from '../../lib/sanitize.ts';
import { formatDateTime } from '../../lib/time.ts';
import type { Report, ReportRow } from '../build.ts';
import { overviewParagraphs, overviewSections, type ReportPieces, signOff, tableHeaders, TextBatch } from './common.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escaped, and without the characters the export sanitiser drops. */
export function escapeHtml(value: string | number | null): string {
  return value === null ? '' : exportText(String(value)).replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

/** Line breaks typed into a comment stay line breaks. */
const multiline = (text: string | null) => escapeHtml(text).replace(/\r?\n/g, '<br>');

const STYLE = `
@page { size: A4; margin: 25mm 20mm 22mm 20mm; }
* { box-sizing: border-box; }
body { font-family: "FangSong", "仿宋", "STFangsong", "Songti SC", "SimSun", "宋体", serif; font-size: 12pt; line-height: 1.6; color: #000; margin: 0 auto; max-width: 210mm; padding: 10mm; }
h1 { font-family: "FZXiaoBiaoSong-B05S", "方正小标宋简体", "STSong", "SimSun", "宋体", serif; font-size: 20pt; font-weight: normal; text-align: center; margin: 0 0 6mm; line-height: 1.4; }
h2 { font-family: "SimHei", "黑体", "STHeiti", "Heiti SC", sans-serif; font-size: 14pt; font-weight: normal; margin: 8mm 0 3mm; }
h3 { font-family: "KaiTi", "楷体", "STKaiti", serif; font-size: 12pt; font-weight: normal; margin: 4mm 0 2mm; }
p { margin: 0 0 3mm; text-indent: 2em; }
p.meta { text-indent: 0; text-align: center; color: #333; font-size: 10.5pt; }
table { width: 100%; border-collapse: collapse; margin: 0 0 4mm; font-size: 10.5pt; }
th, td { border: 0.5pt solid #000; padding: 1.5mm 2mm; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
thead { display: table-header-group; }
thead th { font-family: "SimHei", "黑体", "STHeiti", sans-serif; font-weight: normal; text-align: center; background: #eee; }
tr { break-inside: avoid; page-break-inside: avoid; }
tr.group th { text-align: left; background: #f6f6f6; font-family: "KaiTi", "楷体", "STKaiti", serif; }
table.report th:nth-child(1) { width: 6%; } table.report th:nth-child(2) { width: 16%; } table.report th:nth-child(3) { width: 14%; }
table.report th:nth-child(4) { width: 34%; } table.report th:nth-child(5) { width: 10%; } table.report th:nth-child(6) { width: 20%; }
td.num { text-align: center; white-space: nowrap; }
td.decision { text-align: center; white-space: nowrap; }
.notes { display: block; color: #444; font-size: 9pt; margin-top: 1mm; }
.overview-tables { display: grid; grid-template-columns: repeat(auto-fit, minmax(72mm, 1fr)); gap: 0 6mm; align-items: start; }
.overview-tables table { font-size: 9.5pt; }
.overview-tables caption { caption-side: top; }
.overview-tables td, .overview-tables th { overflow-wrap: normal; word-break: normal; }
.overview-tables .num { width: 1%; text-align: right; white-space: nowrap; }
.sign-off { margin: 10mm 0 0 auto; width: max-content; max-width: 100%; text-align: center; text-indent: 0; page-break-inside: avoid; break-inside: avoid; }
.sign-off p { text-indent: 0; margin: 0; }
@media screen and (max-width: 640px) { body { padding: 4mm; } .overview-tables { display: block; } }
@media print { body { padding: 0; max-width: none; } }
`;

function rowHtml(row: ReportRow): string {
  const notes = row.notes.length ? `<span class="notes">〔${escapeHtml(row.notes.join('；'))}〕</span>` : '';
  return (
    `<tr><td class="num">${row.index}</td><td>${escapeHtml(row.clause)}</td><td>${escapeHtml(row.submitter)}</td>` +
    `<td>${multiline(row.body)}${notes}</td><td class="decision">${escapeHtml(row.decisionLabel)}</td><td>${multiline(row.reason)}</td></tr>\n`
  );
}

export async function* htmlReport(report: Report): ReportPieces {
  const { t, overview: o } = report;
  const title = t('reports.title', { title: o.consultation.title });
  let head =
    `<!DOCTYPE html>\n<html lang="${report.locale}">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<title>${escapeHtml(title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n<h1>${escapeHtml(title)}</h1>\n` +
    `<p class="meta">${escapeHtml(t('reports.generatedAt', { at: formatDateTime(o.generatedAt, report.locale) }))}</p>\n` +
    `<h2>${escapeHtml(t('reports.section.overview'))}</h2>\n`;
  for (const paragraph of overviewParagraphs(report)) head += `<p>${escapeHtml(paragraph)}</p>\n`;
  head += '<div class="overview-tables">\n';
  for (const section of overviewSections(report)) {
    if (section.rows.length === 0) continue;
    head +=
      `<table><caption><h3>${escapeHtml(section.title)}</h3></caption><thead><tr><th scope="col">${escapeHtml(section.headers[0])}</th><th scope="col" class="num">${escapeHtml(section.headers[1])}</th></tr></thead><tbody>\n` +
      section.rows.map(([label, value]) => `<tr><td>${escapeHtml(label)}</td><td class="num">${escapeHtml(value)}</td></tr>`).join('\n') +
      '\n</tbody></table>\n';
  }
  const headers = tableHeaders(report).main;
  yield head +
    `</div>\n<h2>${escapeHtml(t('reports.section.table'))}</h2>\n<table class="report">\n` +
    `<thead><tr>${headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>\n<tbody>\n`;
  const batch = new TextBatch();
  for await (const item of report.items()) {
    const full = batch.add(item.type === 'group' ? `<tr class="group"><th colspan="6" scope="rowgroup">${escapeHtml(item.title)}（${item.count}）</th></tr>\n` : rowHtml(item.row));
    if (full) yield full;
  }
  const sign = signOff(report);
  const signature = `<div class="sign-off">${sign.office ? `<p>${escapeHtml(sign.office)}</p>` : ''}<p>${escapeHtml(sign.date)}</p></div>\n`;
  yield `${batch.take()}</tbody>\n</table>\n${signature}</body>\n</html>\n`;
}
