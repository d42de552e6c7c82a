// Text of an Excel .xlsx file: a department's opinion table (序号 | 条款 | 修改意见 | 理由) attached
// to its reply. Pure and platform-neutral, over the zip helpers of docx.ts.
//
// Output: each visible sheet in workbook order, one line per row with its cells separated by tabs
// (a cell at its column, so an empty 序号 still leaves its tab), sheets separated by a blank line —
// the shape docx.ts gives a Word table, so one reader handles both.
import { decodeXmlEntities } from './docx.ts';
import { listZipEntries, readZipEntry } from './zip.ts';

/** Why a .xlsx cannot be read; the words are the dictionary's (`file.error.<code>`). */
export class XlsxError extends Error {
  constructor(readonly code: 'not-zip' | 'no-workbook') {
    super(code);
    this.name = 'XlsxError';
  }
}

function attribute(tag: string, name: string): string | null {
  const match = new RegExp(`\\s${name}\\s*=\\s*"([^"]*)"`).exec(tag);
  return match ? decodeXmlEntities(match[1]!) : null;
}

/** The text of every <t> in a fragment (rich runs joined), without phonetic guides (<rPh>). */
function textOf(fragment: string): string {
  return [...fragment.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '').matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t(?:\s[^>]*)?\/>/g)]
    .map((match) => decodeXmlEntities(match[1] ?? ''))
    .join('');
}

function sharedStrings(xml: string | null): string[] {
  if (!xml) return [];
  return [...xml.matchAll(/<si\b[^>]*>([\s\S]*?)<\/si>|<si\b[^>]*\/>/g)].map((match) => textOf(match[1] ?? ''));
}

/** 'C12' → 2 (zero-based column). */
function column(reference: string | null): number | null {
  const letters = /^([A-Z]{1,3})\d+$/.exec(reference ?? '')?.[1];
  if (!letters) return null;
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function cellText(tag: string, body: string, strings: string[]): string {
  const type = attribute(tag, 't');
  const value = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
  switch (type) {
    case 's':
      return strings[Number(value)] ?? '';
    case 'inlineStr':
      return textOf(body);
    case 'b':
      return value === '1' ? 'TRUE' : 'FALSE';
    case 'str':
    case 'e':
      return decodeXmlEntities(value ?? '');
    default: {
      if (value === undefined) return '';
      const n = Number(value);
      // Excel keeps 15 significant digits; 0.30000000000000004 is 0.3 to anyone reading the sheet.
      return Number.isFinite(n) ? String(Number(n.toPrecision(15))) : decodeXmlEntities(value);
    }
  }
}

export function sheetXmlToText(xml: string, strings: string[]): string {
  const lines: string[] = [];
  for (const row of xml.matchAll(/<row\b([^>]*)>([\s\S]*?)<\/row>|<row\b([^>]*)\/>/g)) {
    const number = Number(attribute(row[1] ?? row[3] ?? '', 'r') ?? lines.length + 1);
    while (lines.length < number - 1) lines.push('');
    const cells: string[] = [];
    for (const cell of (row[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const at = column(attribute(cell[1]!, 'r')) ?? cells.length;
      while (cells.length < at) cells.push('');
      cells[at] = cellText(cell[1]!, cell[2] ?? '', strings).replace(/\s*\n\s*/g, ' ').trim();
    }
    lines.push(cells.join('\t').replace(/\t+$/, ''));
  }
  return lines.join('\n');
}

export async function xlsxToText(bytes: Uint8Array): Promise<string> {
  let entries: ReturnType<typeof listZipEntries>;
  try {
    entries = listZipEntries(bytes);
  } catch {
    throw new XlsxError('not-zip');
  }
  const decoder = new TextDecoder('utf-8');
  const part = async (name: string) => {
    const entry = entries.find((candidate) => candidate.name === name);
    return entry ? decoder.decode(await readZipEntry(bytes, entry)) : null;
  };
  const workbook = await part('xl/workbook.xml');
  if (!workbook) throw new XlsxError('no-workbook');
  const rels = (await part('xl/_rels/workbook.xml.rels')) ?? '';
  const targets = new Map(
    [...rels.matchAll(/<Relationship\b([^>]*)\/?>/g)].map((match) => [attribute(match[1]!, 'Id') ?? '', attribute(match[1]!, 'Target') ?? '']),
  );
  const strings = sharedStrings(await part('xl/sharedStrings.xml'));
  const sheets: string[] = [];
  for (const sheet of workbook.matchAll(/<sheet\b([^>]*)\/?>/g)) {
    if (attribute(sheet[1]!, 'state') === 'hidden' || attribute(sheet[1]!, 'state') === 'veryHidden') continue;
    const target = targets.get(attribute(sheet[1]!, 'r:id') ?? '') ?? '';
    const path = target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
    const xml = await part(path);
    if (xml) sheets.push(sheetXmlToText(xml, strings));
  }
  return sheets.join('\n\n');
}
