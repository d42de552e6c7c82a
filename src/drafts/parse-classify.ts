// What one line is: a heading (第X编/分编/章/节, 第一部分, 一、, （一）, Markdown), an article (第X条,
// 第X条之一), an item (（一） in an article, 一、 enumerating inside an article, 1. / 1、 / （1）), a
// cross-reference that a line break put at a line's start, or body text. Pure.
import { CN_NUMERAL_CLASS, parseChineseNumber } from './numerals.ts';

export const CN = `[${CN_NUMERAL_CLASS}]+`;
export const SENTENCE_END = /[。！？!?；;]$/;
export const ANY_TERMINAL_PUNCT = /[。！？!?；;：:，,、]$/;
/** A line after which a new article may start: it ends a sentence, a clause or a list lead. */
export const CLOSES_CLAUSE = /[。！？!?；;：:”」』…]$/;

// Ranks order headings of every family on one scale: a heading closes those of equal or lower
// rank and nests under the nearest one above it.
export const RANK = { part: 5, plain: 8, 编: 10, 分编: 20, 章: 30, 节: 40, cn: 50, 'cn-paren': 60, english: 70 } as const;

export type Structural =
  | { type: 'heading'; style: string; rank: number | null; mdLevel: number | null; label: string; number: number | null; rest: string }
  | { type: 'article'; label: string; number: number; suffix: number; rest: string }
  | { type: 'item'; style: string; label: string | null; number: number | null; rest: string }
  /** A 第X条 that continues the sentence before it; ambiguous when it could have been the next article. */
  | { type: 'reference'; label: string; ambiguous: boolean };

export interface ClassifyContext {
  inArticle: boolean;
  /** The number the next article would have, and the last one's 之N suffix. */
  expectedArticle: number;
  lastSuffix: number;
  /** Whether the previous body line ended a sentence or clause (or was a heading). */
  previousClosed: boolean;
  /** The previous body line ended with a colon: a list follows. */
  previousColon: boolean;
  /** Inside an article: the next number of its 一、 enumeration, if one is running. */
  expectedCnItem: number | null;
  /** The next 一、 heading number where a run of them is open (for a bare 「三」). */
  expectedCnHeading: number | null;
  /** The next number of the running 1. items (for 「11.121人才梯队项目」). */
  expectedArabic: number | null;
  /** The document marks its headings in Markdown: unmarked numbered lines are then not headings. */
  markdownStructure: boolean;
  /** A Markdown heading level when the line is a marked heading. */
  mdLevel: number | null;
  /** How the 一、/（一） enumeration this line belongs to reads as a whole: headings (true) or items (false). */
  enumeration?: boolean | null;
}

export const DEFAULT_CONTEXT: ClassifyContext = {
  inArticle: false,
  expectedArticle: 1,
  lastSuffix: 0,
  previousClosed: true,
  previousColon: false,
  expectedCnItem: null,
  expectedCnHeading: null,
  expectedArabic: null,
  markdownStructure: false,
  mdLevel: null,
};

const LAW_HEADING = new RegExp(`^第(${CN}|\\d+)(分编|编|章|节|部分)(?:[\\s]*(.*))?$`);
const ARTICLE = new RegExp(`^第(${CN}|\\d+)条(?:之(${CN}))?(\\s+|(?=[【〔\\[])|$)(.*)$`);
const ARTICLE_TIGHT = new RegExp(`^第(${CN}|\\d+)条(?:之(${CN}))?(.*)$`);
// 第十九条规定的… at a line's start is a sentence about an article, not an article.
const CROSS_REFERENCE_CONTINUATION = /^(规定|所|的|第|、|和|及|或|至|中|之|款|项|规|明确|要求|所列|以外|另有|情形|为依据|执行|处罚|论处|办理|的规定)/;
const CN_COMMA = new RegExp(`^(${CN})\\s*[、．]\\s*(.*)$`);
const CN_PAREN = new RegExp(`^([(（])\\s*(${CN})\\s*([)）])\\s*(.*)$`);
const BARE_NUMERAL = new RegExp(`^(${CN})(?:\\s+(\\S.{0,30}))?$`);

/**
 * 一、 outside an article, read on its own: a heading names a part ("一、总体要求"); an item says something
 * ("一、将第一条修改为：…"). Strong readings: no sentence punctuation at all (a heading), a lead ending in
 * ：/； (a provision or list entry), a quotation defined (「“承运人”，是指…」) or a text cited by its title
 * (「《中华人民共和国国籍法》」). Weak: a short lead runs on into text (（一）…。市政府…); a whole sentence alone is
 * a provision (一、行政长官由…选出，由中央人民政府任命。) unless it is short, or, outside a normative text, a
 * sentence-long title over paragraphs of its own (a work report's 「（一）坚持供需两端协同发力，……发展。」).
 */
export function readNumberedLine(rest: string, followedByText = false, normative = false): { heading: boolean; strong: boolean } {
  const lead = /^([^。！？!?；;：:]*)([。！？!?；;：:]?)/.exec(rest)!;
  if (/[；;：:]/.test(lead[2]!) || /[；;]$/.test(rest)) return { heading: false, strong: true };
  if (/^《[^《》]+》/.test(rest) || /^[“"「][^”"」]{1,30}[”"」]\s*[，,：:是]/.test(rest)) return { heading: false, strong: true };
  if (lead[2] === '') return { heading: true, strong: true };
  const more = rest.slice(lead[0].length).trim() !== '';
  const length = lead[1]!.length;
  return { heading: more ? length <= 40 : length <= 20 || (!normative && followedByText && length <= 45), strong: false };
}

export function numberedLineIsHeading(rest: string): boolean {
  return readNumberedLine(rest).heading;
}

function lawHeading(text: string, mdLevel: number | null): Structural | null {
  const m = LAW_HEADING.exec(text);
  if (!m) return null;
  const kind = m[2]!;
  const rest = (m[3] ?? '').trim();
  // A chapter title is a few words; 第二章规定的… is a sentence.
  if (mdLevel === null && (rest.length > 40 || /[。；;，,]/.test(rest) || (/^(的|规定|所规定|所称|所列)/.test(rest) && kind !== '部分'))) return null;
  const number = parseChineseNumber(m[1]!);
  if (kind === '部分') return { type: 'heading', style: 'part', rank: RANK.part, mdLevel, label: `第${m[1]}部分`, number, rest };
  return { type: 'heading', style: `law-${kind}`, rank: RANK[kind as '编' | '分编' | '章' | '节'], mdLevel, label: `第${m[1]}${kind}`, number, rest };
}

export function classify(text: string, context: ClassifyContext = DEFAULT_CONTEXT): Structural | null {
  let m: RegExpExecArray | null;
  const mdLevel = context.mdLevel;
  if (mdLevel === null && (m = /^([#＃]{1,6})\s+(.*)$/.exec(text))) {
    return classify(m[2]!.trim(), { ...context, mdLevel: m[1]!.length });
  }
  if (mdLevel !== null) {
    // A marked heading: its label, when it has one, ranks it; otherwise its level does.
    const law = lawHeading(text, mdLevel);
    if (law) return law;
    if ((m = CN_COMMA.exec(text)) && parseChineseNumber(m[1]!) !== null) {
      return { type: 'heading', style: 'cn', rank: RANK.cn, mdLevel, label: `${m[1]}、`, number: parseChineseNumber(m[1]!), rest: m[2]!.trim() };
    }
    if ((m = CN_PAREN.exec(text)) && parseChineseNumber(m[2]!) !== null) {
      return { type: 'heading', style: 'cn-paren', rank: RANK['cn-paren'], mdLevel, label: `${m[1]}${m[2]}${m[3]}`, number: parseChineseNumber(m[2]!), rest: m[4]!.trim() };
    }
    if (/^序\s*言$/.test(text)) return { type: 'heading', style: 'preamble', rank: null, mdLevel, label: '', number: null, rest: text };
    return { type: 'heading', style: `md${mdLevel}`, rank: null, mdLevel, label: '', number: null, rest: text };
  }
  const law = lawHeading(text, null);
  if (law) return law;
  // An appendix (附件一, 附表一：, 附录, 附：国旗制法说明) ends the last article and stands as a part of its own.
  if (isAppendixLine(text)) {
    return { type: 'heading', style: 'appendix', rank: null, mdLevel: null, label: '', number: null, rest: text };
  }
  if (/^序\s*言$/.test(text)) return { type: 'heading', style: 'preamble', rank: null, mdLevel: null, label: '', number: null, rest: '序言' };

  if ((m = ARTICLE.exec(text)) || (m = ARTICLE_TIGHT.exec(text))) {
    const spaced = ARTICLE.test(text);
    const number = parseChineseNumber(m[1]!);
    const suffix = m[2] ? parseChineseNumber(m[2]) ?? 0 : 0;
    const rest = (spaced ? m[4]! : m[3]!).trim();
    if (number !== null) {
      const label = `第${m[1]}条${m[2] ? `之${m[2]}` : ''}`;
      const expected = suffix ? number === context.expectedArticle - 1 && suffix === context.lastSuffix + 1 : number === context.expectedArticle;
      if (spaced && expected) return { type: 'article', label, number, suffix, rest };
      const continuation = !spaced && CROSS_REFERENCE_CONTINUATION.test(rest);
      if (!continuation && context.previousClosed && (spaced || expected)) return { type: 'article', label, number, suffix, rest };
      // A line break inside a sentence put a reference to an article at the line's start.
      if (!context.previousClosed) return { type: 'reference', label, ambiguous: expected && !continuation };
      return null;
    }
  }

  if ((m = CN_COMMA.exec(text))) {
    const number = parseChineseNumber(m[1]!);
    const rest = m[2]!.trim();
    if (number !== null) {
      // Inside an article 一、二、 enumerate its items, when they start at 一 after a lead or continue a run.
      if (context.inArticle && (number === context.expectedCnItem || (number === 1 && context.previousColon))) {
        return { type: 'item', style: 'cn-comma', label: `${m[1]}、`, number, rest };
      }
      if (context.markdownStructure || (!context.inArticle && !(context.enumeration ?? numberedLineIsHeading(rest)))) {
        return { type: 'item', style: 'cn-comma', label: `${m[1]}、`, number, rest };
      }
      return { type: 'heading', style: 'cn', rank: RANK.cn, mdLevel: null, label: `${m[1]}、`, number, rest };
    }
  }
  if ((m = CN_PAREN.exec(text))) {
    const number = parseChineseNumber(m[2]!);
    if (number !== null) {
      const label = `${m[1]}${m[2]}${m[3]}`;
      const rest = m[4]!.trim();
      // Inside an article （一） enumerates the article's 项; elsewhere it is a sub-section heading.
      if (context.inArticle || context.markdownStructure || !(context.enumeration ?? numberedLineIsHeading(rest))) return { type: 'item', style: 'cn-paren', label, number, rest };
      return { type: 'heading', style: 'cn-paren', rank: RANK['cn-paren'], mdLevel: null, label, number, rest };
    }
  }
  if (context.expectedCnHeading !== null && !context.inArticle && (m = BARE_NUMERAL.exec(text))) {
    const number = parseChineseNumber(m[1]!);
    if (number === context.expectedCnHeading && !/[。；，]/.test(m[2] ?? '')) {
      return { type: 'heading', style: 'cn', rank: RANK.cn, mdLevel: null, label: m[1]!, number, rest: (m[2] ?? '').trim() };
    }
  }
  // Item numbers start at 1: 「0. 25吨污水」 is a decimal broken by a space.
  if ((m = /^([1-9]\d{0,2})\s*([.．、])(?!\d)\s*(.*)$/.exec(text))) {
    return { type: 'item', style: m[2] === '、' ? 'arabic-comma' : 'arabic', label: `${m[1]}${m[2]}`, number: Number(m[1]), rest: m[3]!.trim() };
  }
  // 「11.121人才梯队项目」: the item number runs into a title that starts with digits; only where 11 is due.
  if (context.expectedArabic !== null && (m = /^(\d{1,3})([.．])(\d+[^\d.．%％].*)$/.exec(text)) && Number(m[1]) === context.expectedArabic) {
    return { type: 'item', style: 'arabic', label: `${m[1]}${m[2]}`, number: Number(m[1]), rest: m[3]!.trim() };
  }
  if ((m = /^([(（])\s*(\d{1,3})\s*([)）])\s*(.*)$/.exec(text))) {
    return { type: 'item', style: 'arabic-paren', label: `${m[1]}${m[2]}${m[3]}`, number: Number(m[2]), rest: m[4]!.trim() };
  }
  if ((m = /^(\d{1,3})\)\s+(.*)$/.exec(text))) {
    return { type: 'item', style: 'arabic-half-paren', label: `${m[1]})`, number: Number(m[1]), rest: m[2]!.trim() };
  }
  if ((m = /^[-*+•]\s+(.*)$/.exec(text))) {
    return { type: 'item', style: 'bullet', label: null, number: null, rest: m[1]!.trim() };
  }
  return null;
}

// An appendix label alone or before the appendix's name: 附件一, 附件：, 附表二：, 附录 名词解释, 附：国旗制法说明.
// 「附件三所列全国性法律的决定」 (a title's last line) runs on from the label and is not one.
const APPENDIX = /^(?:附\s*[件表录]\s*[一二三四五六七八九十\d]*|附(?=\s*[:：]))(?:\s*[:：]\s*|\s+|$)(.*)$/;

export function isAppendixLine(text: string): boolean {
  const m = APPENDIX.exec(text);
  return m !== null && m[1]!.length <= 30 && !/[。；;，,]/.test(m[1]!) && !/[:：]$/.test(m[1]!);
}

/** A line that starts structure of its own (for deciding whether a short line before it is a heading). */
export function isStructural(text: string | null, context: Partial<ClassifyContext> = {}): boolean {
  if (text === null) return false;
  const s = classify(text, { ...DEFAULT_CONTEXT, ...context });
  return s !== null && s.type !== 'reference';
}

/** A normative text (a law, regulation, decision, interpretation) is made of provisions, not sections. */
export function isNormativeTitle(title: string | null): boolean {
  if (!title) return false;
  return /(法|法典|条例|规定|办法|细则|规则|决定|决议|解释|批复|章程|准则|规程|修正案)$/.test(title.replace(/\s+/g, '').replace(/[《》]/g, '').replace(/[（(][^（）()]*[）)]$/, ''));
}

interface EnumerationLine {
  text: string;
  heading?: unknown;
  markup?: unknown;
  tableRow?: true;
}

const STARTS_NUMBERED = new RegExp(`^(${CN}[、．]|[(（]${CN}[)）]|[1-9]\\d{0,2}[.．、](?!\\d))`);

/**
 * The siblings of one enumeration are of one kind: 一、二、三、 are all headings or all provisions. A run
 * is the 一、 (or （一）) lines numbered in sequence outside articles; it ends at an article, a 章/节, an
 * appendix, a marked heading, a restart of its numbering, and (for （一）) at the next 一、. The run takes
 * the kind its strong lines agree on, else (in a normative text) provisions, else the weak majority;
 * where the strong lines disagree or the weak votes tie, each line keeps its own reading.
 * Returns the kind for each member's index in `lines`.
 */
export function enumerationKinds(lines: EnumerationLine[], from: number, normative: boolean): Map<number, boolean> {
  const kinds = new Map<number, boolean>();
  type Member = { index: number; rest: string; followedByText: boolean };
  const runs: Record<'cn' | 'paren', { members: Member[]; last: number }> = { cn: { members: [], last: 0 }, paren: { members: [], last: 0 } };
  const close = (family: 'cn' | 'paren') => {
    const run = runs[family];
    if (!run.members.length) return;
    const votes = run.members.map((m) => readNumberedLine(m.rest, m.followedByText, normative));
    const strongHeading = votes.some((v) => v.strong && v.heading);
    const strongItem = votes.some((v) => v.strong && !v.heading);
    let weakHeadings = 0;
    for (const v of votes) if (!v.strong) weakHeadings += v.heading ? 1 : -1;
    const kind = strongHeading !== strongItem ? strongHeading : strongHeading ? null : normative ? false : weakHeadings !== 0 ? weakHeadings > 0 : null;
    run.members.forEach((m, k) => kinds.set(m.index, kind ?? votes[k]!.heading));
    run.members = [];
    run.last = 0;
  };
  let inArticle = false;
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.markup || line.tableRow) continue;
    const text = line.text;
    const article = ARTICLE_TIGHT.exec(text);
    const startsArticle = article !== null && parseChineseNumber(article[1]!) !== null && !CROSS_REFERENCE_CONTINUATION.test(article[3]!.trim());
    if (line.heading || startsArticle || LAW_HEADING.test(text) || isAppendixLine(text)) {
      close('paren');
      close('cn');
      inArticle = startsArticle;
      continue;
    }
    if (inArticle) continue;
    const cn = CN_COMMA.exec(text);
    const paren = cn ? null : CN_PAREN.exec(text);
    const number = cn ? parseChineseNumber(cn[1]!) : paren ? parseChineseNumber(paren[2]!) : null;
    if (number === null) continue;
    const family = cn ? 'cn' : 'paren';
    if (cn) close('paren');
    if (number <= runs[family].last) close(family);
    let after: EnumerationLine | undefined;
    for (let j = i + 1; j < lines.length && !after; j++) if (!lines[j]!.markup) after = lines[j];
    const followedByText = after !== undefined && !after.heading && !after.tableRow && !STARTS_NUMBERED.test(after.text);
    runs[family].members.push({ index: i, rest: (cn ? cn[2]! : paren![4]!).trim(), followedByText });
    runs[family].last = number;
  }
  close('paren');
  close('cn');
  return kinds;
}
