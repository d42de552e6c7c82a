// Which paragraph of the draft a point of feedback is about. Pure.
//
// Explicit references win: 第5条 / 第五条, 第十四项, 第4点, 关于第38项, 对第24项, 第4条第2款, item 7,
// Article 5. Then an item's title or a phrase of its text in quotes (「…」 “…”), then a title the
// point starts with (「1.深入推进城镇污水垃圾处理：…」 — the reply's own "1." is not a reference,
// the title is). 《…》第二十条 is another law's article, never the draft's.
import { searchKey, toSimplified } from '../lib/chinese.ts';
import type { IntakeBlock } from './types.ts';

export interface BlockIndex {
  blocks: IntakeBlock[];
  byId: Map<number, IntakeBlock>;
  items: Map<number, IntakeBlock[]>;
  articles: Map<number, IntakeBlock[]>;
  headings: IntakeBlock[];
  /** Search keys of titles (and, for untitled items, of their first words), longest first. */
  titles: { key: string; block: IntakeBlock }[];
  texts: { key: string; block: IntakeBlock }[];
  /** Top-level headings by order, 1-based: 「第一部分」 when the draft does not number them. */
  partOrdinal: Map<number, number>;
}

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

export function numberValue(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  let total = 0;
  let digit: number | null = null;
  for (const ch of text) {
    if (ch in CN_DIGITS) {
      digit = CN_DIGITS[ch]!;
    } else if (ch === '十' || ch === '百') {
      total += (digit ?? 1) * (ch === '十' ? 10 : 100);
      digit = null;
    } else {
      return null;
    }
  }
  return total + (digit ?? 0);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

// Titles shorter than this (search-key characters) are too generic to recognise without a number.
const MIN_TITLE = 4;
const MIN_PHRASE = 8;

function buildIndex(blocks: IntakeBlock[]): BlockIndex {
  const index: BlockIndex = {
    blocks,
    byId: new Map(blocks.map((block) => [block.id, block])),
    items: new Map(),
    articles: new Map(),
    headings: [],
    titles: [],
    texts: [],
    partOrdinal: new Map(),
  };
  let parts = 0;
  for (const block of blocks) {
    if (block.kind === 'item' && block.number !== null) push(index.items, block.number, block);
    if (block.kind === 'article' && block.number !== null) push(index.articles, block.number, block);
    if (block.kind === 'heading') index.headings.push(block);
    if (block.kind === 'heading' && (block.parentId ?? null) === null) index.partOrdinal.set(block.id, (parts += 1));
    const title = block.title ? searchKey(block.title) : '';
    if (title.length >= MIN_TITLE && block.kind !== 'heading') index.titles.push({ key: title, block });
    if (block.text && block.kind !== 'heading') index.texts.push({ key: searchKey(block.text), block });
  }
  index.titles.sort((a, b) => b.key.length - a.key.length);
  return index;
}

// Building an index folds every block's text (traditional → simplified, search keys), which costs
// far more than reading a message; the same consultation's blocks arrive with every message, so
// indexes are kept — by array identity when the caller reuses its arrays, else by content.
const byArray = new WeakMap<IntakeBlock[], BlockIndex>();
const byContent = new Map<string, BlockIndex>();
const CONTENT_CACHE = 32;

function fingerprint(blocks: IntakeBlock[]): string {
  let out = '';
  for (const b of blocks) out += `${b.id}\u0001${b.kind}\u0001${b.label}\u0001${b.number}\u0001${b.title}\u0001${b.parentId}\u0001${b.text}\u0002`;
  return out;
}

export function indexBlocks(blocks: IntakeBlock[]): BlockIndex {
  const known = byArray.get(blocks);
  if (known) return known;
  const key = fingerprint(blocks);
  let index = byContent.get(key);
  if (index) {
    // Most recently used last, so the oldest is the first to go.
    byContent.delete(key);
  } else {
    index = buildIndex(blocks);
    if (byContent.size >= CONTENT_CACHE) byContent.delete(byContent.keys().next().value!);
  }
  byContent.set(key, index);
  byArray.set(blocks, index);
  return index;
}

/** Folded for matching: traditional → simplified, full-width digits and letters → ASCII. */
// The same line is folded several times while a message is cut into points and matched.
const foldCache = new Map<string, string>();

export function fold(text: string): string {
  const known = foldCache.get(text);
  if (known !== undefined) return known;
  const result = foldText(text);
  if (foldCache.size > 2000) foldCache.clear();
  foldCache.set(text, result);
  return result;
}

function foldText(text: string): string {
  return toSimplified(text.replace(/[０-９Ａ-Ｚａ-ｚ]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)));
}

const NUM = '(\\d{1,3}|[零〇一二两三四五六七八九十百]{1,5})';
const UNIT = '(条|项|点|款|部分|章|节)';
// 第4、5项 / 第4至6项: the first number is the one named.
const NUMBERED = new RegExp(
  `第\\s*${NUM}(?:\\s*(?:[、,，和及与至到~\\-－—]|以及)\\s*(?:第\\s*)?${NUM})*\\s*${UNIT}` +
    `(?:\\s*第\\s*${NUM}\\s*(款|项|目)|\\s*第?\\s*[(（]\\s*${NUM}\\s*[)）]\\s*[项目]?)?`,
  'g',
);
const ENGLISH = /\b(item|article|point|paragraph|para\.?|section|clause)\s*(\d{1,3})\b/gi;
// Another document's article: 《长江保护法》第二十条, 长江保护法第二十条, 条例第十九条.
const FOREIGN_BEFORE = /(》|法|条例|办法|规定|细则|决定|规则|方案|纲要|意见|通知|规划)\s*$/;

const OWN_POINT_AFTER = /^\s*(意见|建议|看法|想法|修改意见|补充意见)\s*[:：，,、.．]/;

export interface Found {
  block: IntakeBlock;
  at: number;
  how: 'number' | 'quote' | 'title' | 'phrase';
}

function childOf(index: BlockIndex, parent: IntakeBlock, number: number): IntakeBlock | null {
  const children = index.blocks.filter((block) => block.parentId === parent.id && block.number === number);
  return children.length === 1 ? children[0]! : null;
}

/**
 * 第三条第二款: the article's second paragraph. The article's own text is its first 款; the
 * paragraphs under it (kind 'paragraph', in order) are the second and after.
 */
function clauseOf(index: BlockIndex, article: IntakeBlock, number: number): IntakeBlock | null {
  if (number === 1) return article;
  const paragraphs = index.blocks.filter((block) => block.parentId === article.id && block.kind === 'paragraph');
  return paragraphs[number - 2] ?? null;
}

function ancestors(index: BlockIndex, block: IntakeBlock): IntakeBlock[] {
  const out: IntakeBlock[] = [];
  let parentId = block.parentId ?? null;
  while (parentId !== null && out.length < 10) {
    const parent = index.byId.get(parentId);
    if (!parent) break;
    out.push(parent);
    parentId = parent.parentId ?? null;
  }
  return out;
}

/**
 * Several items with the same number (a plan numbering each section from 1): the one whose
 * section the point names — 「综合目标第3项」「一、农业农村类第3项」「第二部分第3项」 — or whose
 * own title it quotes. Otherwise none: a wrong paragraph is worse than a general comment.
 */
function disambiguate(index: BlockIndex, candidates: IntakeBlock[], pointKey: string, headingNumbers: SectionNumbers, qualifier: string): IntakeBlock | null {
  if (candidates.length === 1) return candidates[0]!;
  const scored = candidates.map((candidate) => {
    let score = 0;
    for (const heading of ancestors(index, candidate)) {
      if (heading.kind !== 'heading') continue;
      const title = heading.title ? searchKey(heading.title) : '';
      if (title.length >= 2 && pointKey.includes(title)) score += 2;
      else if (qualifier.length >= 2 && sharedSuffix(qualifier, title) >= 2) score += 2;
      const ordinal = index.partOrdinal.get(heading.id);
      if (ordinal !== undefined && headingNumbers.parts.includes(heading.number ?? ordinal)) score += 1;
      else if (heading.number !== null && headingNumbers.sections.includes(heading.number)) score += 1;
    }
    const own = candidate.title ? searchKey(candidate.title) : '';
    if (own.length >= 4 && pointKey.includes(own)) score += 3;
    return { candidate, score };
  });
  const best = Math.max(...scored.map((entry) => entry.score));
  const winners = scored.filter((entry) => entry.score === best);
  return best > 0 && winners.length === 1 ? winners[0]!.candidate : null;
}

/** The longest end of `qualifier` (the words just before 第3项) found in a section's title. */
function sharedSuffix(qualifier: string, title: string): number {
  for (let length = qualifier.length; length >= 2; length -= 1) {
    if (title.includes(qualifier.slice(-length))) return length;
  }
  return 0;
}

/** Sections the point names: parts (第二部分, 第三章: top level) and sections (二、, （二）, 第二节). */
interface SectionNumbers {
  parts: number[];
  sections: number[];
}

interface PointHints {
  key: string;
  headingNumbers: SectionNumbers;
  /** The words right before the reference: 「综合目标」 in 「关于综合目标第3项」. */
  qualifier: string;
}

function resolveNumbered(index: BlockIndex, unit: string, number: number, sub: number | null, subUnit: string | null, hints: PointHints): IntakeBlock | null {
  const hasArticles = index.articles.size > 0;
  const pick = (list: IntakeBlock[] | undefined) =>
    list ? disambiguate(index, list, hints.key, hints.headingNumbers, hints.qualifier) : null;
  if (unit === '条') {
    if (hasArticles) {
      const article = pick(index.articles.get(number));
      if (!article) return null;
      if (sub !== null && subUnit === '款') return clauseOf(index, article, sub) ?? article;
      if (sub !== null) return childOf(index, article, sub) ?? article;
      return article;
    }
    // A work plan's numbered items are often called 条 by the people answering it.
    return pick(index.items.get(number));
  }
  if (unit === '项' || unit === '点') {
    if (index.items.has(number)) return pick(index.items.get(number));
    if (hasArticles) return pick(index.articles.get(number));
    return null;
  }
  // 第二部分第3项: the item, in that part. (第二部分（一） names a section, already a hint.)
  if (sub !== null && subUnit === '项') return resolveNumbered(index, '项', sub, null, null, hints);
  // 第二部分 / 第三章 alone: a heading, which takes no comments of its own.
  return null;
}

const SECTION = new RegExp(`第\\s*${NUM}\\s*(部分|章|节|类|方面)|(?:^|[^\\d])([一二三四五六七八九十]{1,3})、|[(（]([一二三四五六七八九十]{1,3})[)）]`, 'g');

function pointHints(folded: string): PointHints {
  const headingNumbers: SectionNumbers = { parts: [], sections: [] };
  for (const match of folded.matchAll(SECTION)) {
    const value = numberValue(match[1] ?? match[3] ?? match[4] ?? '');
    if (value === null) continue;
    if (match[2] === '部分' || match[2] === '章') headingNumbers.parts.push(value);
    else headingNumbers.sections.push(value);
  }
  return { key: searchKey(folded), headingNumbers, qualifier: '' };
}

function qualifierBefore(folded: string, at: number): string {
  const before = folded.slice(Math.max(0, at - 16), at).split(/[。；;！？!?，,：:\n]/).pop() ?? '';
  return searchKey(before.replace(/^.*?(关于|对于|针对|对|就|在)/, ''));
}

function numberedReferences(folded: string, index: BlockIndex): Found[] {
  const found: Found[] = [];
  const hints = pointHints(folded);
  for (const match of folded.matchAll(NUMBERED)) {
    const at = match.index ?? 0;
    if (FOREIGN_BEFORE.test(folded.slice(Math.max(0, at - 8), at))) continue;
    // 「第二点意见」「第一条建议」 count the sender's own points.
    if ((match[3] === '点' || match[3] === '条') && !/\d/.test(match[1]!) && OWN_POINT_AFTER.test(folded.slice(at + match[0].length))) continue;
    const number = numberValue(match[1]!);
    const unit = match[3]!;
    const sub = match[4] ? numberValue(match[4]) : match[6] ? numberValue(match[6]) : null;
    const subUnit = match[5] ?? null;
    if (number === null) continue;
    const block = resolveNumbered(index, unit, number, sub, subUnit, { ...hints, qualifier: qualifierBefore(folded, at) });
    if (block) found.push({ block, at, how: 'number' });
  }
  for (const match of folded.matchAll(ENGLISH)) {
    const word = match[1]!.toLowerCase();
    const number = Number(match[2]);
    const unit = word === 'article' || word === 'clause' ? '条' : word === 'section' ? '部分' : '项';
    const block = resolveNumbered(index, unit, number, null, null, hints);
    if (block) found.push({ block, at: match.index ?? 0, how: 'number' });
  }
  return found;
}

const QUOTED = /[「“"『‘]([^「」“”"『』‘’\n]{2,120})[」”"』’]/g;

/** A quoted title, or a quoted phrase found in exactly one block's text. */
function quoteTarget(quote: string, index: BlockIndex): IntakeBlock | null {
  const key = searchKey(quote);
  if (key.length < MIN_TITLE) return null;
  for (const title of index.titles) {
    if (key === title.key || key.startsWith(title.key)) return title.block;
  }
  const titleMatches = index.titles.filter((title) => key.length >= 6 && title.key.startsWith(key));
  if (titleMatches.length === 1) return titleMatches[0]!.block;
  if (key.length >= MIN_PHRASE) {
    const textMatches = index.texts.filter((text) => text.key.includes(key));
    if (textMatches.length === 1) return textMatches[0]!.block;
  }
  return null;
}

function quotedReferences(folded: string, index: BlockIndex): Found[] {
  const found: Found[] = [];
  for (const match of folded.matchAll(QUOTED)) {
    const block = quoteTarget(match[1]!, index);
    if (block) found.push({ block, at: match.index ?? 0, how: 'quote' });
  }
  return found;
}

// 「关于深入推进城镇污水垃圾处理」「对加快生态保护修复项目建设：」 or a point that opens with a title.
const LEAD = /^(关于|对于|对|针对|就|在|on|re:?|regarding)?\s*/i;

function leadingTitle(folded: string, index: BlockIndex): Found | null {
  const rest = folded.replace(LEAD, '');
  const key = searchKey(rest.slice(0, 80));
  for (const title of index.titles) {
    if (key.startsWith(title.key)) return { block: title.block, at: 0, how: 'title' };
  }
  // An untitled item named by its opening words (at least 10 of them).
  if (key.length >= 10) {
    const opening = key.slice(0, 10);
    const matches = index.texts.filter((text) => text.block.kind === 'item' && !text.block.title && text.key.startsWith(opening));
    if (matches.length === 1) return { block: matches[0]!.block, at: 0, how: 'phrase' };
  }
  return null;
}

/** Every reference the text makes, in the order they appear. */
export function findReferences(text: string, index: BlockIndex): Found[] {
  const folded = fold(text);
  return [...numberedReferences(folded, index), ...quotedReferences(folded, index)].sort((a, b) => a.at - b.at);
}

/** The block a point is about: its first explicit number, else a quoted title, else its opening title. */
export function referencedBlock(text: string, index: BlockIndex): Found | null {
  const folded = fold(text);
  const numbered = numberedReferences(folded, index).sort((a, b) => a.at - b.at);
  if (numbered[0]) return numbered[0];
  const quoted = quotedReferences(folded, index).sort((a, b) => a.at - b.at);
  if (quoted[0]) return quoted[0];
  return leadingTitle(folded, index);
}

/** Does the line open by naming a block (「关于第4项」「第五条」「“加强宣传引导”」)? */
export function startsWithReference(line: string, index: BlockIndex): boolean {
  const folded = fold(line).replace(LEAD, '');
  const head = folded.slice(0, 24);
  if (numberedReferences(head, index).some((found) => found.at <= 2)) return true;
  if (quotedReferences(head.length < folded.length ? folded.slice(0, 124) : folded, index).some((found) => found.at === 0)) return true;
  return false;
}
