// Phase 1 of the importer: from pasted text to clean source lines. Normalises spaces, removes a
// converter's pinyin glosses, reads Markdown (YAML front matter, HTML comments, ATX and setext
// headings, inline markup, wrapped paragraphs) and recognises web-page debris. Pure.
import type { DraftMeta } from './parse-types.ts';
import type { Params } from '../lib/messages/types.ts';

export interface SourceLine {
  no: number;
  text: string;
  /** A Markdown heading (ATX `##` or setext underline); its text is in `text`. */
  heading?: { level: number };
  /** Markup that carries no text of the draft: YAML front matter, an HTML comment, a setext underline, an empty heading. */
  markup?: 'yaml' | 'comment' | 'markup';
  /** A row of a table set with tabs (「委任的议员\t7人」): neither a heading nor an item. */
  tableRow?: true;
}

// A bullet or label that may be followed by a tab (「*\t（一）…」「第一条\t…」「第一章\t总则」) does not make a table row.
const LEADING_LABEL = /^\s*(?:[-*+•]\s*)?(第[零〇一二两三四五六七八九十百千\d]+(?:条|章|节|分编|编|部分)|[零〇一二三四五六七八九十]+、|[（(][零〇一二三四五六七八九十]+[）)]|\d{1,3}[.、．])?\s*/;
const TABLE_ROW = /\S\t+\S/;

const SPACE_LIKE = /[\u00a0\u3000\u2000-\u200a\u202f\u205f\t\f\v]/g;
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;

export function normaliseLines(input: string): { lines: SourceLine[]; hardBreaks: Set<number> } {
  const hardBreaks = new Set<number>();
  const lines = input
    .replace(INVISIBLE, '')
    .split(/\r\n|\r|\n/)
    .map((raw, index): SourceLine => {
      if (/( {2,}|\\|<br\s*\/?>)$/i.test(raw)) hardBreaks.add(index + 1);
      const text = raw.replace(SPACE_LIKE, ' ').replace(/ {2,}/g, ' ').trim();
      return raw.includes('\t') && TABLE_ROW.test(raw.replace(LEADING_LABEL, '')) ? { no: index + 1, text, tableRow: true } : { no: index + 1, text };
    });
  return { lines, hardBreaks };
}

// A converter that added pinyin after each traditional character left `現(xiàn)在`. A gloss is a
// single tone-marked pinyin syllable in parentheses; ordinary parentheses never hold one.
const TONE_MARKS = 'āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ';
const PINYIN_GLOSS = new RegExp(`[(（]([a-zü]*[${TONE_MARKS}][a-zü]*)[)）]`, 'g');

export function removePinyinGlosses(text: string): { text: string; count: number } {
  let count = 0;
  const cleaned = text.replace(PINYIN_GLOSS, (match, syllable: string) => {
    if (syllable.length > 7) return match;
    count += 1;
    return '';
  });
  return { text: cleaned, count };
}

// `?` between Chinese characters (or U+FFFD) is where an encoder lost a character it could not map.
export const DAMAGE = /[\u4e00-\u9fff”“][?？]|[?？][\u4e00-\u9fff“]|\ufffd/;

// ---------------------------------------------------------------------------------------------
// Markdown. Everything it marks up is kept: headings keep their level, markup lines are reported.

const STANDALONE = /^([0-9０-９]{4}\s*年\s*[0-9０-９]{1,2}\s*月|#{1,6}\s|\d{1,3}[.)、．]\s?|[-*+]\s|第.{1,6}[条章节编]|[(（][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、．]|[|>])/;
const CLOSES_SENTENCE = /[。！？；：!?;:」”』]$/;

function inlineMarkdown(text: string): string {
  return text
    .replace(/^>\s?/, '')
    // A bullet before a numbered line (「*\t（一）」) is layout; the number is the item's.
    .replace(/^[-*+]\s+(?=[(（][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.、．])/, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<\/?(?:sup|sub|span|a|em|strong|b|i|u|small|li|ul|ol|p|div|center|font)\b[^>]*>/gi, '')
    .replace(/\*\*\*(.+?)\*\*\*/g, '$1')
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/__(.+?)__/g, '$1')
    .replace(/^\*{1,3}([^*]+)\*{1,3}$/, '$1')
    .replace(/&mdash;/g, '—')
    .replace(/&nbsp;/g, ' ')
    .replace(/&#8617;/g, '')
    .replace(/\\([\\`*_{}[\]()#+\-.!])/g, '$1')
    .trim();
}

/** Marks YAML front matter and whole-line HTML comments (in any format: a pasted page keeps them). */
export function markMetaMarkup(lines: SourceLine[]): SourceLine[] {
  const out = lines.map((line) => ({ ...line }));
  const first = out.findIndex((l) => l.text !== '');
  if (first >= 0 && out[first]!.text === '---') {
    const end = out.findIndex((l, i) => i > first && l.text === '---');
    if (end > first && out.slice(first + 1, end).every((l) => l.text === '' || /^[\w-]+\s*:/.test(l.text) || /^\s*-\s/.test(l.text) || /^\s/.test(l.text))) {
      for (let i = first; i <= end; i++) if (out[i]!.text) out[i]!.markup = 'yaml';
    }
  }
  let inComment = false;
  for (const line of out) {
    if (line.markup) continue;
    if (inComment) {
      line.markup = 'comment';
      if (line.text.includes('-->')) inComment = false;
      continue;
    }
    if (/^<!--/.test(line.text)) {
      line.markup = 'comment';
      if (!line.text.includes('-->')) inComment = true;
    }
  }
  return out;
}

/**
 * An ATX heading: Chinese authors often leave out the space before the text, and a hash typed in the
 * input method's full-width mode (「#＃ 附则」「＃ 附则」) is still a hash.
 */
export const ATX = /^([#＃]{1,6})(?:\s+(.*?)|(?=[\u3000-\u9fff\uff00-\uff02\uff04-\uffef])(.*?))?\s*[#＃]*$/;

/** `text` over `underline` reads as a setext heading. */
export function isSetextUnderline(text: string, underline: string): boolean {
  if (!/^(=+|-{2,})$/.test(underline) || /^[-=*_]+$/.test(text) || ATX.test(text)) return false;
  // A sentence over --- (「第二十四条 本法自1990年10月1日起施行。」, 「… please submit a PR.」) comes before a rule.
  return underline.startsWith('=') || !/[。；;：:！？!?，,.]$/.test(text);
}

/** Reads Markdown structure: headings (ATX and setext), inline markup, wrapped paragraphs. */
export function readMarkdown(lines: SourceLine[], hardBreaks: Set<number>): SourceLine[] {
  const out: SourceLine[] = [];
  let current: SourceLine | null = null;
  let lastJoined = 0;
  const flush = () => {
    if (current) out.push(current);
    current = null;
  };
  let fence: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.markup) {
      flush();
      out.push(line);
      continue;
    }
    // A fenced code block is text as it stands: no headings, no joining; the fences are markup.
    const fenceMark = /^(```|~~~)/.exec(line.text)?.[1] ?? null;
    if (fence !== null || fenceMark) {
      flush();
      if (fenceMark && (fence === null || fenceMark === fence)) {
        fence = fence === null ? fenceMark : null;
        out.push({ no: line.no, text: line.text, markup: 'markup' });
      } else out.push(line);
      continue;
    }
    const next = lines[i + 1];
    if (!line.text) {
      flush();
      out.push(line);
      continue;
    }
    // Setext: a text line underlined with === or --- is a heading of level 1 or 2 — unless it is an
    // ATX heading already, or (for ---) a sentence, after which --- is a thematic break.
    if (next && !next.markup && isSetextUnderline(line.text, next.text) && !current) {
      flush();
      out.push({ no: line.no, text: inlineMarkdown(line.text), heading: { level: next.text.startsWith('=') ? 1 : 2 } });
      out.push({ no: next.no, text: next.text, markup: 'markup' });
      i++;
      continue;
    }
    const atx = ATX.exec(line.text);
    if (atx) {
      flush();
      const text = inlineMarkdown(atx[2] ?? atx[3] ?? '');
      out.push(text ? { no: line.no, text, heading: { level: atx[1]!.length } } : { no: line.no, text: line.text, markup: 'markup' });
      continue;
    }
    if (/^(-{3,}|\*{3,}|_{3,})$/.test(line.text) || /^<\/?(ul|ol|div|table|tbody|thead|tr|center)[^>]*>$/i.test(line.text)) {
      flush();
      out.push({ no: line.no, text: line.text, markup: 'markup' });
      continue;
    }
    const text = inlineMarkdown(line.text);
    if (!text) {
      flush();
      out.push({ no: line.no, text: line.text, markup: 'markup' });
      continue;
    }
    const previous = current as SourceLine | null;
    const joinable =
      previous !== null &&
      !hardBreaks.has(lastJoined) &&
      !line.tableRow &&
      !previous.tableRow &&
      !CLOSES_SENTENCE.test(previous.text) &&
      !STANDALONE.test(line.text) &&
      !STANDALONE.test(previous.text);
    if (previous !== null && joinable) {
      const joiner: string = /[A-Za-z0-9,.;:)]$/.test(previous.text) && /^[A-Za-z0-9(]/.test(text) ? ' ' : '';
      current = { no: previous.no, text: previous.text + joiner + text };
      lastJoined = line.no;
      // The joined line's number stays the first; the later line is part of it.
      continue;
    }
    flush();
    current = line.tableRow ? { no: line.no, text, tableRow: true } : { no: line.no, text };
    lastJoined = line.no;
  }
  flush();
  return out;
}

/**
 * A 章/节 title broken inside a phrase (「第二节　向中华人民共和国请求没收、」「返还违法所得及其他涉案财物」, whole
 * in the document's own contents) is one line: a heading never ends in 、 or a conjunction, and the
 * next line, short and unpunctuated, is the rest of it.
 */
const BROKEN_HEADING = /^第[零〇一二两三四五六七八九十百千\d]+(分编|编|章|节)\s*\S.*[、，和及与或]$/;
const NEXT_IS_STRUCTURE = /^(第[零〇一二两三四五六七八九十百千\d]+(分编|编|章|节|条)|[#＃])/;

export function joinBrokenHeadings(lines: SourceLine[]): SourceLine[] {
  if (!lines.some((line) => BROKEN_HEADING.test(line.text))) return lines;
  const out: SourceLine[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const next = lines[i + 1];
    if (
      !line.markup &&
      !line.heading &&
      BROKEN_HEADING.test(line.text) &&
      line.text.length <= 40 &&
      next &&
      !next.markup &&
      !next.heading &&
      next.text.length <= 30 &&
      !/[。；：，;:,]/.test(next.text) &&
      !NEXT_IS_STRUCTURE.test(next.text)
    ) {
      out.push({ no: line.no, text: `${line.text}${next.text}` });
      i++;
    } else out.push(line);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Web-page debris: navigation, counters, footers, empty comment stubs, metadata tables. Each rule
// matches a whole line of that kind, never a sentence that happens to contain the word.

interface DebrisRule {
  code: string;
  params?: Params;
  test: (text: string) => boolean;
}

const SHORT_AND_NOT_A_SENTENCE = (text: string) => text.length <= 100 && !/[。；]/.test(text);

export const DEBRIS_RULES: DebrisRule[] = [
  { code: 'breadcrumb', test: (t) => /^(当前位置|當前位置|您的位置|您现在的位置)/.test(t) || /^[^。，；：!?]{1,30}(\s*(>>|›|»|>)\s*[^。，；>]{1,40}){1,6}$/.test(t) },
  { code: 'pagination', test: (t) => /^(上一篇|下一篇|上一條|下一條|上一条|下一条)\s*[:：]?/.test(t) && SHORT_AND_NOT_A_SENTENCE(t) },
  { code: 'copyright', test: (t) => /(版权所有|版權所有|Copyright\s*(©|\(c\)|\d{4})|©\s*\d{4}|^©)/i.test(t) && SHORT_AND_NOT_A_SENTENCE(t) },
  { code: 'filing', test: (t) => /(备案号|備案號|ICP备|ICP證|公网安备|网站标识码)/i.test(t) && SHORT_AND_NOT_A_SENTENCE(t) },
  { code: 'site-footer', test: (t) => /^(主办单位|主办|承办|技术支持|技術支持|联系我们|网站地图)\s*[:：]/.test(t) && SHORT_AND_NOT_A_SENTENCE(t) },
  { code: 'comment-stub', test: (t) => /^(征求意见结果|征集结果|网友意见|网友留言|意见反馈|我要留言|发表评论)\s*[:：]?$/.test(t) },
  { code: 'comment-stub', params: { variant: 'empty' }, test: (t) => /^(暂无征集结果|暂无留言|暂无评论|暂无意见|暂无结果|暂无反馈)[!！。.]?$/.test(t) },
  { code: 'attachments-stub', test: (t) => /^(相关文档|相关附件|附件下载|相关链接|相关阅读|相关新闻)\s*[:：]?$/.test(t) },
  {
    code: 'page-tools',
    test: (t) =>
      /^(【?\s*字[号体]\s*[:：]?\s*[大中小]|打印本页|打印此页|关闭窗口|【打印】|【关闭】|分享到|收藏本页|返回顶部|扫一扫)/.test(t) ||
      /^(下载|打印|全屏|收藏|分享|关闭|加大|还原|减小|【\s*字号\s*[:：]?|字号\s*[:：]|】|【|\[\s*打印\s*\]|\[\s*关闭\s*\])$/.test(t),
  },
  { code: 'site-navigation', test: (t) => /^(工作平台|官方微信|官方微博|政务微信|政务微博|无障碍|无障碍浏览|长者模式|English|繁體|繁体|简体|登录|注册|网站首页|首页)$/i.test(t) },
  {
    code: 'metadata-table',
    test: (t) =>
      /^(?:主题[(（]|主题分类|(索引号|索引號|文件编号|文件編號|发布机构|發布機構|公开方式|效力状况|关键词|關鍵詞|文件下载|内容概况|生成日期|成文日期|公开日期|公开时限|公开形式|公开范围|公开程序|分类词|体裁|发文机关|发文字号|信息来源)(\s*[:：\s]|[(（]|$))/.test(t) &&
      SHORT_AND_NOT_A_SENTENCE(t),
  },
];

const COUNTER = /(点击量|點擊量|访问量|訪問量|浏览次数|瀏覽次數|阅读次数|閱讀次數|点击数|浏览量|阅读量)\s*[:：]?\s*\d*\s*[)）]?$/;

export function matchDebris(text: string): DebrisRule | null {
  // Every rule is anchored or wants a short line: a long sentence is never debris.
  if (text.length > 100 && !/^(当前位置|當前位置|您的位置|您现在的位置)/.test(text)) return null;
  return DEBRIS_RULES.find((rule) => rule.test(text)) ?? null;
}

// "发布时间: 2022-05-06 来源: 昌江区发改委 访问量:" and "(信息时间:2022-01-11) 点击量:": page metadata.
const PAGE_META = /^[(（]?\s*(发布时间|發布時間|发布日期|信息时间|日期|时间|来源|來源|发布者|作者)\s*[:：]/;

export function isPageMetaLine(text: string): boolean {
  if (text.length > 120 || /[。；，]/.test(text)) return false;
  return PAGE_META.test(text) || COUNTER.test(text);
}

export function hasCounter(text: string): boolean {
  return COUNTER.test(text);
}

// ---------------------------------------------------------------------------------------------
// Metadata found in page lines and in the notice around a draft.

function isoDate(y: string, m: string, d: string): string {
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

const DATE_AFTER_LABEL = /(发布时间|發布時間|发布日期|信息时间|公开日期|成文日期|生成日期|日期|时间)\s*[:：\s]\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})/;

/** Fills metadata from a page line; returns the field codes it took. */
export function extractPageMeta(text: string, meta: DraftMeta): string[] {
  const found: string[] = [];
  const date = DATE_AFTER_LABEL.exec(text);
  if (date && !meta.publishedDate) {
    meta.publishedDate = isoDate(date[2]!, date[3]!, date[4]!);
    found.push('publishedDate');
  }
  const source = /(?:来源|來源|发布机构|發布機構|发文机关)\s*[:：\s]\s*([^\s:：]+?)(?=\s|$|(?:访问量|点击量|浏览次数|日期))/.exec(text);
  if (source && !meta.issuer) {
    // 来源：宜兴市人民政府网站 names the government's website; the issuer is the government.
    meta.issuer = source[1]!.replace(/(门户)?网站$/, '');
    found.push('issuer');
  }
  const number = /(?:文件编号|文件編號|发文字号)\s*[:：\s]\s*(\S+〔\d{4}〕\S*?号)/.exec(text);
  if (number && !meta.documentNumber) {
    meta.documentNumber = number[1]!;
    found.push('documentNumber');
  }
  return found;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

export function extractNoticeMeta(text: string, meta: DraftMeta): void {
  const email = EMAIL.exec(text);
  if (email && !meta.email) meta.email = email[0];
  const person = /联系人\s*[:：]\s*([\u4e00-\u9fff·]{2,6}?)(?=\s|[，,;；。]|联系|电话|$)/.exec(text);
  if (person && !meta.contactPerson) meta.contactPerson = person[1]!;
  const phone = /(?:联系电话|电话|聯繫電話|電話)\s*[:：]\s*([0-9][0-9\-－— ()（）]{5,20}[0-9])/.exec(text);
  if (phone && !meta.contactPhone) meta.contactPhone = phone[1]!.replace(/[－—]/g, '-');
  const range = /(\d{4})年(\d{1,2})月(\d{1,2})日\s*(?:起)?\s*(?:至|到|—|-|－)\s*(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日/.exec(text);
  if (range && !meta.deadline) {
    meta.openingDate = isoDate(range[1]!, range[2]!, range[3]!);
    meta.deadline = isoDate(range[4] ?? range[1]!, range[5]!, range[6]!);
  }
  const before = /(\d{4})年(\d{1,2})月(\d{1,2})日\s*(?:\d{1,2}[:：]\d{2}\s*)?(?:以前|之前|前|止|为止)/.exec(text);
  if (before && !meta.deadline) meta.deadline = isoDate(before[1]!, before[2]!, before[3]!);
  const until = /截止(?:日期|时间)?\s*(?:为|至|到)?\s*[:：]?\s*(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(text);
  if (until && !meta.deadline) meta.deadline = isoDate(until[1]!, until[2]!, until[3]!);
  const drafted = /([^，,。；;：:\s]{2,24}?)(?:起草了|牵头起草|组织起草|研究起草)/.exec(text);
  if (drafted && !meta.drafter) meta.drafter = drafted[1]!.replace(/^(近日|日前|现|已|经)/, '');
}
