// A unit directory file: `name,email` rows, one address a row (a unit with three addresses has
// three rows), a header row naming the two columns, UTF-8 (with or without a BOM) or GBK as Excel
// saves it on a Chinese Windows. Pure: the bytes and what the database already holds in, the plan
// (or every bad row by its line number) out. Nothing is imported unless every row is good.
import { decodeTextBytes } from '../mail/charset.ts';
import { shortUnitName } from '../mail/unit-names.ts';
import { isCollectiveUnitName, looksLikeSameUnit } from './units.ts';

export const MAX_DIRECTORY_ROWS = 5000;

/** Why a row is refused; the words are the dictionary's (`departments.directory.error.<code>`). */
export type DirectoryRowProblem =
  | { line: number; code: 'name-missing' }
  | { line: number; code: 'name-too-long'; max: number }
  | { line: number; code: 'name-collective'; name: string }
  | { line: number; code: 'email-missing' }
  | { line: number; code: 'email-invalid'; email: string }
  | { line: number; code: 'email-twice'; email: string; unit: string; otherLine: number; otherUnit: string }
  | { line: number; code: 'email-taken'; email: string; unit: string }
  | { line: number; code: 'too-many-addresses'; unit: string; max: number }
  | { line: number; code: 'unclosed-quote' };

/** Why the file as a whole is refused. */
export type DirectoryFileProblem = 'empty' | 'no-header' | 'too-many-rows' | 'binary';

export interface ExistingUnit {
  id: number;
  name: string;
  addresses: string[];
}

export interface DirectoryPlan {
  /** Units the file creates, with their addresses. */
  newUnits: { name: string; addresses: string[]; lines: number[]; similarTo: string[] }[];
  /** Addresses the file adds to units that exist. */
  newAddresses: { unitId: number; unit: string; address: string; line: number }[];
  /** Rows that change nothing (the unit already has that address, or the row repeats another). */
  unchanged: number;
  /** Data rows read (blank rows not counted). */
  rows: number;
  charset: string;
}

export type DirectoryReading = { ok: true; plan: DirectoryPlan } | { ok: false; file: DirectoryFileProblem } | { ok: false; rows: DirectoryRowProblem[]; charset: string };

const NAME_HEADERS = /^(name|unit|单位|单位名称|部门|部门名称|名称)$/i;
const EMAIL_HEADERS = /^(e-?mail|email address|address|邮箱|电子邮箱|邮件地址|电子邮件|电子邮件地址|邮箱地址)$/i;
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

interface Record {
  line: number;
  cells: string[];
}

/** RFC 4180 records (quoted cells, doubled quotes, CRLF or LF), each with the line it starts on. */
export function csvRecords(text: string): { records: Record[]; unclosedAt: number | null } {
  const records: Record[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell.trim() === '') {
      cell = '';
      quoted = true;
    } else if (ch === ',' || ch === '\t' || ch === '，') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      records.push({ line: start, cells });
      cells = [];
      cell = '';
      line++;
      start = line;
    } else cell += ch;
  }
  if (quoted) return { records, unclosedAt: start };
  if (cell !== '' || cells.length) {
    cells.push(cell);
    records.push({ line: start, cells });
  }
  return { records, unclosedAt: null };
}

/** A unit's name as stored: spaces inside collapsed, ends trimmed (the name otherwise as written). */
export function cleanDirectoryName(name: string): string {
  return name.replace(/[\s\u3000]+/g, ' ').trim();
}

function cleanAddress(address: string): string {
  return address.trim().replace(/^mailto:/i, '').replace(/^<|>$/g, '').trim();
}

/**
 * Reads the file against what exists: units are matched by name (exactly, as stored), addresses
 * case-insensitively. A name close to an existing unit's (区发展和改革委员会 beside 区发改委) is
 * still a new unit, and is reported so the office can merge the two if they are one.
 */
export function readDirectoryFile(
  bytes: Uint8Array,
  existing: ExistingUnit[],
  limits: { maxNameLength: number; maxAddressesPerUnit: number },
): DirectoryReading {
  if (bytes.length === 0) return { ok: false, file: 'empty' };
  const decoded = decodeTextBytes(bytes);
  if (decoded.text.includes('\u0000')) return { ok: false, file: 'binary' };
  const { records, unclosedAt } = csvRecords(decoded.text);
  const data = records.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (data.length === 0) return { ok: false, file: 'empty' };
  const header = data[0]!;
  const nameAt = header.cells.findIndex((c) => NAME_HEADERS.test(c.trim()));
  const emailAt = header.cells.findIndex((c) => EMAIL_HEADERS.test(c.trim()));
  if (nameAt < 0 || emailAt < 0) return { ok: false, file: 'no-header' };
  const rows = data.slice(1);
  if (rows.length > MAX_DIRECTORY_ROWS) return { ok: false, file: 'too-many-rows' };

  const problems: DirectoryRowProblem[] = [];
  if (unclosedAt !== null) problems.push({ line: unclosedAt, code: 'unclosed-quote' });
  const byName = new Map(existing.map((u) => [u.name, u]));
  const owner = new Map<string, string>();
  for (const unit of existing) for (const address of unit.addresses) owner.set(address.toLowerCase(), unit.name);
  // Addresses the file gives, with the unit and line that give them first.
  const inFile = new Map<string, { unit: string; line: number }>();
  const plan: DirectoryPlan = { newUnits: [], newAddresses: [], unchanged: 0, rows: rows.length, charset: decoded.charset };
  const newUnits = new Map<string, DirectoryPlan['newUnits'][number]>();
  const addressCount = new Map(existing.map((u) => [u.name, u.addresses.length]));
  // The standard short forms of the existing names, once: a new name with the same one is close.
  const existingShort = existing.map((u) => shortUnitName(u.name));

  for (const row of rows) {
    const name = cleanDirectoryName(row.cells[nameAt] ?? '');
    const address = cleanAddress(row.cells[emailAt] ?? '');
    const before = problems.length;
    if (!name) problems.push({ line: row.line, code: 'name-missing' });
    else if ([...name].length > limits.maxNameLength) problems.push({ line: row.line, code: 'name-too-long', max: limits.maxNameLength });
    else if (isCollectiveUnitName(name)) problems.push({ line: row.line, code: 'name-collective', name });
    if (!address) problems.push({ line: row.line, code: 'email-missing' });
    else if (address.length > 254 || !EMAIL.test(address)) problems.push({ line: row.line, code: 'email-invalid', email: address });
    if (problems.length > before) continue;

    const key = address.toLowerCase();
    const first = inFile.get(key);
    if (first) {
      if (first.unit !== name) problems.push({ line: row.line, code: 'email-twice', email: address, unit: name, otherLine: first.line, otherUnit: first.unit });
      else plan.unchanged += 1;
      continue;
    }
    inFile.set(key, { unit: name, line: row.line });
    const holder = owner.get(key);
    if (holder !== undefined && holder !== name) {
      problems.push({ line: row.line, code: 'email-taken', email: address, unit: holder });
      continue;
    }
    if (holder === name) {
      plan.unchanged += 1;
      continue;
    }
    const count = (addressCount.get(name) ?? 0) + 1;
    if (count > limits.maxAddressesPerUnit) {
      problems.push({ line: row.line, code: 'too-many-addresses', unit: name, max: limits.maxAddressesPerUnit });
      continue;
    }
    addressCount.set(name, count);
    const known = byName.get(name);
    if (known) {
      plan.newAddresses.push({ unitId: known.id, unit: name, address, line: row.line });
      continue;
    }
    let fresh = newUnits.get(name);
    if (!fresh) {
      const short = shortUnitName(name);
      const similarTo = existing.filter((u, i) => existingShort[i] === short || looksLikeSameUnit(name, u.name)).map((u) => u.name);
      fresh = { name, addresses: [], lines: [], similarTo };
      newUnits.set(name, fresh);
      plan.newUnits.push(fresh);
    }
    fresh.addresses.push(address);
    fresh.lines.push(row.line);
  }
  if (problems.length) return { ok: false, rows: problems.sort((a, b) => a.line - b.line), charset: decoded.charset };
  return { ok: true, plan };
}
