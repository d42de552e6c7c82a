// Feedback forms drawn as tables — in a Word file, an Excel sheet or an HTML mail — arrive as lines
// whose cells are separated by tabs. A header row (序号 | 条款 | 修改意见 | 理由) says what each
// column holds; each row under it is one opinion on the paragraph its 条款 cell names, or a 无意见
// when the opinion cell is empty or says so. Pure.
import { isNoObjection, noObjectionKind } from './non-opinions.ts';

export type ColumnRole = 'number' | 'clause' | 'original' | 'opinion' | 'reason' | 'unit' | 'other';

const ROLES: [ColumnRole, RegExp][] = [
  ['number', /^(序号|编号|No\.?)$/i],
  ['clause', /^(条款|条目|章节|位置|页码|涉及条款|条款序号|条款号|所在条款|章节条款|条文|具体条款|条款内容|Item|Clause)$/i],
  ['original', /^(原文|原文内容|原条款|原条文|原表述|原稿内容)$/],
  ['opinion', /^(修改意见|修改建议|意见|建议|意见建议|意见内容|具体意见|意见和建议|修改内容|建议修改为|修改后内容|Comment|Comments)$/i],
  ['reason', /^(理由|修改理由|说明|依据|理由说明|修改依据|备注|Reason)$/i],
  ['unit', /^(单位|提出单位|反馈单位|意见提出单位)$/],
  ['other', /^(内容)$/],
];

function roleOf(cell: string): ColumnRole | null {
  const text = cell.trim();
  for (const [role, pattern] of ROLES) if (pattern.test(text)) return role;
  return null;
}

export interface TableHeader {
  cells: string[];
  roles: ColumnRole[];
}

/** A header row: at least two cells, every one a column name a feedback form uses. */
export function tableHeader(line: string): TableHeader | null {
  if (!line.includes('\t')) return null;
  const cells = line.split('\t').map((cell) => cell.trim());
  const filled = cells.filter(Boolean);
  if (filled.length < 2) return null;
  const roles = cells.map((cell) => (cell ? roleOf(cell) : 'other'));
  if (roles.some((role) => role === null)) return null;
  return { cells, roles: roles as ColumnRole[] };
}

export type RowReading =
  | { kind: 'opinion'; text: string; clause: string | null }
  | { kind: 'general-remark' | 'no-objection'; text: string }
  | { kind: 'text'; text: string };

// 「无」「同意」「/」 in the opinion column: nothing to say on that paragraph.
const NOTHING = /^(无|没有|同意|无意见|无修改意见|暂无|-|—|－|\/|／)?[。.]?$/;

/**
 * One row of an opinion table. The comment's text is the row as written, the number left out and
 * the original text and reason named: 「第1项 （原文：…） 建议… （理由：…）」.
 */
export function readRow(line: string, header: TableHeader): RowReading {
  const cells = line.split('\t').map((cell) => cell.trim());
  const opinionAt = header.roles.indexOf('opinion');
  const all = cells.filter(Boolean).join(' ');
  if (opinionAt < 0) return { kind: 'text', text: labelled(cells, header) };
  const opinion = cells[opinionAt] ?? '';
  if (NOTHING.test(opinion) || isNoObjection(opinion)) {
    return { kind: noObjectionKind(all), text: all };
  }
  const clauseAt = header.roles.indexOf('clause');
  const clause = clauseAt >= 0 ? (cells[clauseAt] ?? '').trim() || null : null;
  const parts: string[] = [];
  cells.forEach((cell, i) => {
    const role = header.roles[i] ?? 'other';
    if (!cell || role === 'number' || role === 'unit') return;
    parts.push(role === 'original' || role === 'reason' ? `（${header.cells[i]}：${cell}）` : cell);
  });
  return { kind: 'opinion', text: parts.join(' '), clause };
}

/** A row of a table that is not an opinion form: its reason column said as such. */
function labelled(cells: string[], header: TableHeader): string {
  return cells
    .map((cell, i) => (cell && header.roles[i] === 'reason' ? `（${header.cells[i]}：${cell}）` : cell))
    .filter(Boolean)
    .join(' ');
}
