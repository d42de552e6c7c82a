// Text of a Word .docx file: a department's feedback attached to a reply, or a draft an officer
// imports. Pure and platform-neutral: the archive is read by src/lib/zip.ts, within its limits
// (a .docx bomb is refused, not inflated).
//
// Output: one line per paragraph (<w:p>); runs (<w:t>) of a paragraph joined as Word shows them;
// <w:tab/> as a tab and <w:br/> as a line break; a table row as one line with its cells separated
// by tabs. Deleted tracked changes (<w:delText>), field codes and the fallback copy of text boxes
// are not text a reader sees, and are left out.
import { listZipEntries, readZipEntry, type ZipEntry, ZipError } from './zip.ts';

/** Why a .docx cannot be read; the words are the dictionary's (`file.error.<code>`). */
export type DocxErrorCode = 'not-zip' | 'no-document' | 'unsupported' | 'zip64' | 'corrupt' | 'too-large';

export class DocxError extends Error {
  constructor(
    readonly code: DocxErrorCode,
    /** The archive entry concerned, when there is one (a damaged part, an unknown compression). */
    readonly entry: string | null = null,
  ) {
    // The message is for logs; readers are shown the dictionary's words for the code.
    super(entry ? `${code}: ${entry}` : code);
    this.name = 'DocxError';
  }
}

/** The zip reader's refusal as the .docx reader's. */
function docxError(error: unknown): unknown {
  if (!(error instanceof ZipError)) return error;
  switch (error.code) {
    case 'not-zip':
      return new DocxError('not-zip');
    case 'too-large':
      return new DocxError('too-large');
    case 'unsupported':
      return /ZIP64/.test(error.message) ? new DocxError('zip64') : new DocxError('unsupported', error.entry ?? null);
    case 'corrupt':
      return new DocxError('corrupt', error.entry ?? null);
  }
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, body: string) => {
    if (body[0] !== '#') return XML_ENTITIES[body]!;
    const code = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
  });
}

/** The main document part named by _rels/.rels, word/document.xml when that says nothing. */
async function mainDocumentName(bytes: Uint8Array, entries: ZipEntry[]): Promise<string> {
  const rels = entries.find((entry) => entry.name === '_rels/.rels');
  if (rels) {
    const xml = new TextDecoder('utf-8').decode(await readZipEntry(bytes, rels));
    for (const tag of xml.match(/<Relationship\b[^>]*>/g) ?? []) {
      if (!/Type="[^"]*\/officeDocument"/.test(tag)) continue;
      const target = /Target="([^"]+)"/.exec(tag)?.[1];
      if (target) return decodeXmlEntities(target).replace(/^\//, '');
    }
  }
  return 'word/document.xml';
}


// ---------------------------------------------------------------------------------------------
// Automatic numbering. A draft typed in Word often numbers 第一条, 一、, 1. and （一） with Word's
// list feature, so the numbers are not in the text at all but in numbering.xml (and, for heading
// styles, in styles.xml). Without them the importer would see no structure; so the labels are
// computed as Word shows them and put in front of the paragraph's text.

interface Level {
  format: string;
  text: string;
  start: number;
  legal: boolean;
  suffix: 'tab' | 'space' | 'nothing';
}

export interface Numbering {
  abstracts: Map<string, Map<number, Level>>;
  nums: Map<string, { abstractId: string; starts: Map<number, number> }>;
  styles: Map<string, { numId: string | null; ilvl: number | null; basedOn: string | null }>;
}

function attribute(tag: string, name: string): string | null {
  const match = new RegExp(`\\b${name}="([^"]*)"`).exec(tag);
  return match ? decodeXmlEntities(match[1]!) : null;
}

function elements(xml: string, name: string): string[] {
  return xml.match(new RegExp(`<${name}\\b[^>]*?(?:/>|>[\\s\\S]*?</${name}>)`, 'g')) ?? [];
}

function firstTag(xml: string, name: string): string | null {
  return new RegExp(`<${name}\\b[^>]*>`).exec(xml)?.[0] ?? null;
}

export function parseNumbering(numberingXml: string | null, stylesXml: string | null): Numbering {
  const numbering: Numbering = { abstracts: new Map(), nums: new Map(), styles: new Map() };
  if (numberingXml) {
    for (const abstract of elements(numberingXml, 'w:abstractNum')) {
      const id = attribute(abstract, 'w:abstractNumId');
      if (id === null) continue;
      const levels = new Map<number, Level>();
      for (const lvl of elements(abstract, 'w:lvl')) {
        const ilvl = Number(attribute(lvl, 'w:ilvl') ?? '0');
        const value = (name: string) => {
          const tag = firstTag(lvl, name);
          return tag ? attribute(tag, 'w:val') : null;
        };
        const suffix = value('w:suff');
        levels.set(ilvl, {
          format: value('w:numFmt') ?? 'decimal',
          text: value('w:lvlText') ?? '',
          start: Number(value('w:start') ?? '1'),
          legal: firstTag(lvl, 'w:isLgl') !== null,
          suffix: suffix === 'space' || suffix === 'nothing' ? suffix : 'tab',
        });
      }
      numbering.abstracts.set(id, levels);
    }
    for (const num of elements(numberingXml, 'w:num')) {
      const numId = attribute(num, 'w:numId');
      const abstractTag = firstTag(num, 'w:abstractNumId');
      const abstractId = abstractTag ? attribute(abstractTag, 'w:val') : null;
      if (numId === null || abstractId === null) continue;
      const starts = new Map<number, number>();
      for (const override of elements(num, 'w:lvlOverride')) {
        const start = firstTag(override, 'w:startOverride');
        const value = start ? attribute(start, 'w:val') : null;
        if (value !== null) starts.set(Number(attribute(override, 'w:ilvl') ?? '0'), Number(value));
      }
      numbering.nums.set(numId, { abstractId, starts });
    }
  }
  if (stylesXml) {
    for (const style of elements(stylesXml, 'w:style')) {
      const id = attribute(style, 'w:styleId');
      if (id === null) continue;
      const numIdTag = firstTag(style, 'w:numId');
      const ilvlTag = firstTag(style, 'w:ilvl');
      const basedOnTag = firstTag(style, 'w:basedOn');
      numbering.styles.set(id, {
        numId: numIdTag ? attribute(numIdTag, 'w:val') : null,
        ilvl: ilvlTag ? Number(attribute(ilvlTag, 'w:val') ?? '0') : null,
        basedOn: basedOnTag ? attribute(basedOnTag, 'w:val') : null,
      });
    }
  }
  return numbering;
}

const CN_SMALL = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const CN_LEGAL = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const HEAVENLY = '甲乙丙丁戊己庚辛壬癸';
const EARTHLY = '子丑寅卯辰巳午未申酉戌亥';
const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';

function chineseCount(n: number, digits: string[], ten: string, hundred: string, thousand: string): string {
  if (n <= 0 || n >= 10000) return String(n);
  const parts: string[] = [];
  const th = Math.floor(n / 1000);
  const h = Math.floor((n % 1000) / 100);
  const t = Math.floor((n % 100) / 10);
  const u = n % 10;
  if (th) parts.push(digits[th]! + thousand);
  if (h) parts.push(digits[h]! + hundred);
  else if (th && (t || u)) parts.push(digits[0]!);
  // 十四, not 一十四, when the number starts at the tens.
  if (t) parts.push((t === 1 && n < 20 ? '' : digits[t]!) + ten);
  else if ((th || h) && u) parts.push(digits[0]!);
  if (u) parts.push(digits[u]!);
  return parts.join('').replace(/零+/g, '零');
}

function letters(n: number): string {
  let out = '';
  while (n > 0) {
    const d = (n - 1) % 26;
    out = String.fromCharCode(65 + d) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

function roman(n: number): string {
  const table: [number, string][] = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let out = '';
  for (const [value, symbol] of table) while (n >= value) { out += symbol; n -= value; }
  return out;
}

export function formatNumber(n: number, format: string): string {
  switch (format) {
    case 'decimal': return String(n);
    case 'decimalZero': return n < 10 ? `0${n}` : String(n);
    case 'decimalFullWidth':
    case 'decimalFullWidth2': return [...String(n)].map((d) => String.fromCharCode(0xff10 + Number(d))).join('');
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese': return CIRCLED[n - 1] ?? String(n);
    case 'decimalEnclosedParen': return `(${n})`;
    case 'upperLetter': return letters(n);
    case 'lowerLetter': return letters(n).toLowerCase();
    case 'upperRoman': return roman(n);
    case 'lowerRoman': return roman(n).toLowerCase();
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'japaneseCounting':
    case 'taiwaneseCounting':
    case 'taiwaneseCountingThousand': return chineseCount(n, CN_SMALL, '十', '百', '千');
    case 'chineseLegalSimplified': return chineseCount(n, CN_LEGAL, '拾', '佰', '仟');
    case 'ideographDigital':
    case 'taiwaneseDigital': return [...String(n)].map((d) => (d === '0' ? '〇' : CN_SMALL[Number(d)])).join('');
    case 'ideographTraditional': return HEAVENLY[n - 1] ?? String(n);
    case 'ideographZodiac': return EARTHLY[n - 1] ?? String(n);
    case 'none': return '';
    default: return String(n);
  }
}

/** Counters of every list in a document, advanced paragraph by paragraph as Word does. */
export class ListCounters {
  private readonly counts = new Map<string, number[]>();
  private readonly restarted = new Set<string>();

  constructor(private readonly numbering: Numbering) {}

  /** The paragraph's properties: its own numPr, else its style's (following basedOn). */
  resolve(numId: string | null, ilvl: number | null, styleId: string | null): { numId: string; ilvl: number } | null {
    let id = numId;
    let level = ilvl;
    let style = styleId;
    for (let guard = 0; id === null && style && guard < 20; guard += 1) {
      const entry = this.numbering.styles.get(style);
      if (!entry) break;
      if (entry.numId !== null) {
        id = entry.numId;
        level ??= entry.ilvl;
      }
      style = entry.basedOn;
    }
    if (id === null || id === '0') return null;
    return { numId: id, ilvl: level ?? 0 };
  }

  /** The label of the next paragraph in list numId at level ilvl, with its separator. */
  next(numId: string, ilvl: number): string {
    const num = this.numbering.nums.get(numId);
    if (!num) return '';
    const levels = this.numbering.abstracts.get(num.abstractId);
    const level = levels?.get(ilvl);
    if (!levels || !level) return '';
    // Lists that share an abstract definition continue one another, as in Word, unless a list
    // restarts a level with startOverride the first time it is used.
    const key = num.abstractId;
    const counts = this.counts.get(key) ?? [];
    this.counts.set(key, counts);
    const override = num.starts.get(ilvl);
    const restartKey = `${numId}:${ilvl}`;
    if (override !== undefined && !this.restarted.has(restartKey)) {
      this.restarted.add(restartKey);
      counts[ilvl] = override;
    } else {
      counts[ilvl] = counts[ilvl] === undefined ? level.start : counts[ilvl]! + 1;
    }
    // A deeper level starts again under each new item of this one.
    counts.length = ilvl + 1;
    if (level.format === 'bullet') return '';
    const label = level.text.replace(/%([1-9])/g, (_, digit: string) => {
      const at = Number(digit) - 1;
      const own = levels.get(at);
      const value = counts[at] ?? own?.start ?? 1;
      return formatNumber(value, level.legal && at < ilvl ? 'decimal' : (own?.format ?? 'decimal'));
    });
    if (!label.trim()) return '';
    // Word separates label and text with a tab; in plain text a space, except after Chinese
    // punctuation, where none is written (一、狠抓…, （一）深入…).
    return level.suffix === 'nothing' || /[、，．）：」】]$/.test(label) ? label : `${label} `;
  }
}

/** Text of WordprocessingML (the content of word/document.xml). */
export function documentXmlToText(xml: string, numbering: Numbering | null = null): string {
  const bodyStart = xml.search(/<w:body[\s>]/);
  const source = bodyStart >= 0 ? xml.slice(bodyStart) : xml;
  const lines: string[] = [];
  let line = '';
  let inText = false;
  // Inside mc:Fallback the same text box appears a second time, for old readers.
  let fallback = 0;
  // <w:tabs> in paragraph properties lists tab stops, whose <w:tab> elements are not characters.
  let tabStops = 0;
  // Table cells: a stack of per-table state, so that nested tables stay inside their cell.
  const rows: { cells: string[]; cell: string[] }[] = [];
  const counters = numbering ? new ListCounters(numbering) : null;
  // The paragraph properties being read: style and list membership.
  let inProperties = false;
  let style: string | null = null;
  let numId: string | null = null;
  let ilvl: number | null = null;

  const endParagraph = () => {
    const row = rows[rows.length - 1];
    if (row) row.cell.push(line);
    else lines.push(line);
    line = '';
  };

  const tokens = source.match(/<[^>]+>|[^<]+/g) ?? [];
  for (const token of tokens) {
    if (token[0] !== '<') {
      if (inText && fallback === 0) line += decodeXmlEntities(token);
      continue;
    }
    const m = /^<(\/?)([A-Za-z][\w.-]*:?[\w.-]*)/.exec(token);
    if (!m) continue;
    const closing = m[1] === '/';
    const selfClosing = token.endsWith('/>');
    const name = m[2]!;
    if (name === 'mc:Fallback') {
      if (!selfClosing) fallback += closing ? -1 : 1;
      continue;
    }
    if (fallback > 0) continue;
    if (name === 'w:tabs') {
      if (!selfClosing) tabStops += closing ? -1 : 1;
      continue;
    }
    switch (name) {
      case 'w:t':
        inText = !closing && !selfClosing;
        break;
      case 'w:tab':
        if (!closing && tabStops === 0) line += '\t';
        break;
      case 'w:br':
      case 'w:cr':
        if (!closing) {
          // A page break separates, a text break wraps; both end the visual line.
          line += '\n';
        }
        break;
      case 'w:noBreakHyphen':
        if (!closing) line += '-';
        break;
      case 'w:softHyphen':
        break;
      case 'w:p':
        if (closing || selfClosing) endParagraph();
        break;
      case 'w:pPr':
        if (!closing && !selfClosing) {
          inProperties = true;
          style = null;
          numId = null;
          ilvl = null;
        } else if (closing) {
          inProperties = false;
          const list = counters?.resolve(numId, ilvl, style);
          if (counters && list) line = counters.next(list.numId, list.ilvl) + line;
        }
        break;
      case 'w:pStyle':
        if (inProperties) style = attribute(token, 'w:val');
        break;
      case 'w:numId':
        if (inProperties) numId = attribute(token, 'w:val');
        break;
      case 'w:ilvl':
        if (inProperties) ilvl = Number(attribute(token, 'w:val') ?? '0');
        break;
      case 'w:tr':
        if (!closing && !selfClosing) rows.push({ cells: [], cell: [] });
        else if (closing) {
          const row = rows.pop();
          if (row) {
            const text = row.cells.join('\t').replace(/\t+$/, '');
            const parent = rows[rows.length - 1];
            if (parent) parent.cell.push(text);
            else lines.push(text);
          }
        }
        break;
      case 'w:tc':
        if (closing) {
          const row = rows[rows.length - 1];
          if (row) {
            row.cells.push(
              row.cell
                .map((text) => text.replace(/\s*\n\s*/g, ' ').trim())
                .filter(Boolean)
                .join(' '),
            );
            row.cell = [];
          }
        }
        break;
      default:
        break;
    }
  }
  if (line) endParagraph();

  return lines
    .join('\n')
    .replace(/[ \u00a0]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export async function docxToText(bytes: Uint8Array): Promise<string> {
  try {
    return await readDocxText(bytes);
  } catch (error) {
    throw docxError(error);
  }
}

async function readDocxText(bytes: Uint8Array): Promise<string> {
  const entries = listZipEntries(bytes);
  const name = await mainDocumentName(bytes, entries);
  const entry = entries.find((candidate) => candidate.name === name);
  if (!entry) throw new DocxError('no-document', 'word/document.xml');
  const decoder = new TextDecoder('utf-8');
  const xml = decoder.decode(await readZipEntry(bytes, entry));
  // Numbering and styles sit next to the main part (word/numbering.xml, word/styles.xml).
  const folder = name.includes('/') ? name.slice(0, name.lastIndexOf('/') + 1) : '';
  const part = async (file: string) => {
    const found = entries.find((candidate) => candidate.name === folder + file);
    return found ? decoder.decode(await readZipEntry(bytes, found)) : null;
  };
  const numberingXml = await part('numbering.xml');
  const numbering = numberingXml ? parseNumbering(numberingXml, await part('styles.xml')) : null;
  return documentXmlToText(xml, numbering);
}
