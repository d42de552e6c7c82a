// The draft importer: turns pasted or uploaded text into a tree of blocks plus the notice's metadata
// and an import report. Pure: no database, no Hono, no clock. Every non-blank input line ends up in
// exactly one place — the body, the metadata, or the report's set-aside list — so nothing is ever
// silently dropped and an officer can restore any line.
import { CIRCLED_CLASS, CN_NUMERAL_CLASS, circledNumber, parseChineseNumber, toCircled } from './numerals.ts';
import type {
  DraftFormat,
  DraftMeta,
  ImportReport,
  ImportWarning,
  ParsedDraft,
  ParsedNode,
  Responsible,
  SetAsideLine,
} from './parse-types.ts';

export type * from './parse-types.ts';

interface SourceLine {
  no: number;
  text: string;
}

type HeadingFamily = 'law' | 'markdown';

type Structural =
  | { type: 'heading'; style: string; family?: HeadingFamily; rank?: number; label: string; number: number | null; rest: string }
  | { type: 'article'; label: string; number: number; rest: string }
  | { type: 'item'; style: string; label: string | null; number: number | null; rest: string };

const CN = `[${CN_NUMERAL_CLASS}]+`;
const SENTENCE_END = /[。！？!?；;]$/;
const ANY_TERMINAL_PUNCT = /[。！？!?；;：:，,、]$/;

// ---------------------------------------------------------------------------------------------
// Line normalisation and converter damage

const SPACE_LIKE = /[\u00a0\u3000\u2000-\u200a\u202f\u205f\t\f\v]/g;
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;

function normaliseLines(input: string): SourceLine[] {
  return input
    .replace(INVISIBLE, '')
    .split(/\r\n|\r|\n/)
    .map((raw, index) => ({ no: index + 1, text: raw.replace(SPACE_LIKE, ' ').replace(/ {2,}/g, ' ').trim() }));
}

// A converter that added pinyin after each traditional character left `現(xiàn)在`. A gloss is a
// single tone-marked pinyin syllable in parentheses; ordinary parentheses never hold one.
const TONE_MARKS = 'āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ';
const PINYIN_GLOSS = new RegExp(`[(（]([a-zü]*[${TONE_MARKS}][a-zü]*)[)）]`, 'g');

function removePinyinGlosses(text: string): { text: string; count: number } {
  let count = 0;
  const cleaned = text.replace(PINYIN_GLOSS, (match, syllable: string) => {
    if (syllable.length > 7) return match;
    count += 1;
    return '';
  });
  return { text: cleaned, count };
}

// `?` between Chinese characters (or U+FFFD) is where an encoder lost a character it could not map.
const DAMAGE = /[\u4e00-\u9fff”“][?？]|[?？][\u4e00-\u9fff“]|\ufffd/;

// ---------------------------------------------------------------------------------------------
// Web-page debris: navigation, counters, footers, empty comment stubs, metadata tables.

interface DebrisRule {
  code: string;
  message: string;
  test: RegExp;
}

const DEBRIS_RULES: DebrisRule[] = [
  { code: 'breadcrumb', message: '网页导航（当前位置）', test: /^(当前位置|當前位置|您的位置|您现在的位置)/ },
  { code: 'pagination', message: '网页翻页链接（上一篇/下一篇）', test: /^(上一篇|下一篇|上一條|下一條|上一条|下一条)\s*[:：]?/ },
  { code: 'copyright', message: '网站版权信息', test: /(版权所有|版權所有|Copyright|©)/i },
  { code: 'filing', message: '网站备案信息', test: /(备案号|備案號|ICP备|ICP證|公网安备|网站标识码)/i },
  { code: 'site-footer', message: '网站页脚（主办/技术支持）', test: /^(主办单位|主办|承办|技术支持|技術支持|联系我们|网站地图)\s*[:：]/ },
  { code: 'comment-stub', message: '原网页的意见栏目（征求意见结果/网友意见），不属于草案正文', test: /^(征求意见结果|征集结果|网友意见|网友留言|意见反馈|我要留言|发表评论)\s*[:：]?$/ },
  { code: 'comment-stub', message: '原网页意见栏目的空白提示', test: /^(暂无征集结果|暂无留言|暂无评论|暂无意见|暂无结果|暂无反馈)[!！。.]?$/ },
  { code: 'attachments-stub', message: '原网页的相关文档/附件栏目', test: /^(相关文档|相关附件|附件下载|相关链接|相关阅读|相关新闻)\s*[:：]?$/ },
  { code: 'page-tools', message: '网页工具栏（字体/打印/分享）', test: /^(【?\s*字[号体]\s*[:：]?\s*[大中小]|打印本页|打印此页|关闭窗口|【打印】|【关闭】|分享到|收藏本页|返回顶部|扫一扫)/ },
  { code: 'site-navigation', message: '网站栏目/导航文字', test: /^(工作平台|官方微信|官方微博|政务微信|政务微博|无障碍|无障碍浏览|长者模式|English|繁體|繁体|简体|登录|注册|网站首页|首页)$/i },
  { code: 'metadata-table', message: '政府信息公开目录的元数据表（索引号、文件编号等）', test: /^(索引号|索引號|文件编号|文件編號|发布机构|發布機構|公开方式|效力状况|主题[(（]|主题分类|关键词|關鍵詞|文件下载|内容概况|生成日期|成文日期|公开日期|公开时限|公开形式|公开范围|公开程序|分类词|体裁|发文机关|发文字号|信息来源)/ },
];

const COUNTER = /(点击量|點擊量|访问量|訪問量|浏览次数|瀏覽次數|阅读次数|閱讀次數|点击数|浏览量|阅读量)\s*[:：]?\s*\d*/;

function matchDebris(text: string): DebrisRule | null {
  return DEBRIS_RULES.find((rule) => rule.test.test(text)) ?? null;
}

// "发布时间: 2022-05-06 来源: 昌江区发改委 访问量:" and "(信息时间:2022-01-11) 点击量:": page metadata.
const PAGE_META = /^[(（]?\s*(发布时间|發布時間|发布日期|信息时间|日期|时间|来源|來源|发布者|作者)\s*[:：]/;

function isPageMetaLine(text: string): boolean {
  return PAGE_META.test(text) || (COUNTER.test(text) && text.length < 80);
}

// ---------------------------------------------------------------------------------------------
// Metadata extraction

function isoDate(y: string, m: string, d: string): string {
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

const DATE_AFTER_LABEL = /(发布时间|發布時間|发布日期|信息时间|公开日期|成文日期|生成日期|日期)\s*[:：\s]\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})/;

function extractPageMeta(text: string, meta: DraftMeta): string[] {
  const found: string[] = [];
  const date = DATE_AFTER_LABEL.exec(text);
  if (date && !meta.publishedDate) {
    meta.publishedDate = isoDate(date[2]!, date[3]!, date[4]!);
    found.push('发布时间');
  }
  const source = /(?:来源|來源|发布机构|發布機構|发文机关)\s*[:：\s]\s*([^\s:：]+?)(?=\s|$|(?:访问量|点击量|浏览次数|日期))/.exec(text);
  if (source && !meta.issuer) {
    // 来源：宜兴市人民政府网站 names the government's website; the issuer is the government.
    meta.issuer = source[1]!.replace(/(门户)?网站$/, '');
    found.push('来源');
  }
  const number = /(?:文件编号|文件編號|发文字号)\s*[:：\s]\s*(\S+〔\d{4}〕\S*?号)/.exec(text);
  if (number && !meta.documentNumber) {
    meta.documentNumber = number[1]!;
    found.push('文件编号');
  }
  return found;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

function extractNoticeMeta(text: string, meta: DraftMeta): void {
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

// ---------------------------------------------------------------------------------------------
// Titles, notices and front matter

const TITLE_WORDS =
  /(报告|報告|通知|规定|規定|办法|辦法|条例|條例|决定|決定|规划|規劃|计划|計劃|意见|意見|方案|要点|要點|公告|细则|細則|纲要|綱要|指引|标准|標準|措施|通告|决议|決議|章程|政策|指南|制度|清单|清單|草案|征求意见稿|征求意見稿)/;

function isTitleLike(text: string): boolean {
  return (
    text.length >= 6 &&
    text.length <= 100 &&
    TITLE_WORDS.test(text) &&
    !/[。；;]$/.test(text) &&
    !/^各/.test(text) &&
    classify(text, { inArticle: false, expectedArticle: 1 }) === null
  );
}

const NOTICE_BOOK_TITLE = /《(.+?)》/;
const NOTICE_WORDS = /(征求|征集|徵求|徵集).{0,24}(意见|意見|建议)|意见征集|意見徵集/;
const STAGE_MARKER = /^[(（]\s*(征求意见稿|征求意見稿|意见征求稿|意見徵求稿|草案|送审稿|送審稿|草案征求意见稿|试行|修订草案|修订稿)\s*[)）]$/;
const DRAFT_STAGE_SUFFIX = /\s*[(（](征求意见稿|征求意見稿|意见征求稿|草案|送审稿|修订草案|草案征求意见稿)[)）]\s*$/;
const PAGE_STATUS = /^【(已结束|已結束|进行中|進行中|已截止|征集中|已办结)】\s*/;
const PAGE_NUMBER = /\s*[(（]第\s*\d+\s*\/\s*\d+\s*页[)）]\s*$/;
const DOC_NUMBER = /^\S{1,12}〔\d{4}〕\d+号$/;
const DATE_ONLY = /^(\d{4}|[〇零一二三四五六七八九]{4})年\s*[\d〇零一二三四五六七八九十]{1,2}月\s*[\d〇零一二三四五六七八九十]{1,3}日$/;
const ORG_SUFFIX = /(人民政府|政府|委员会|委員會|办公室|辦公室|办公厅|局|委|办|厅|部|院|中心|公司|集团|街道办事处)$/;

function isSalutation(text: string): boolean {
  return /^各/.test(text) && /[:：]$/.test(text) && !/[。]/.test(text) && text.length <= 120;
}

function compact(text: string): string {
  return text.replace(/\s+/g, '').replace(/[（]/g, '(').replace(/[）]/g, ')');
}

// ---------------------------------------------------------------------------------------------
// Structural lines: 第X编/章/节, 第X部分, 一、, （一）, 第X条, 1. / 1、 / （1）, Markdown headings.

interface ClassifyContext {
  inArticle: boolean;
  expectedArticle: number;
}

// A 第X条 that opens an article stands before a space, a bracketed title or the line's end;
// 第十九条规定的… at the start of a line is a sentence about an article, not an article.
const ARTICLE = new RegExp(`^第(${CN}|\\d+)条(?:\\s+|(?=[【〔])|$)(.*)$`);
const ARTICLE_TIGHT = new RegExp(`^第(${CN}|\\d+)条(.*)$`);
const CROSS_REFERENCE_CONTINUATION = /^(规定|所|的|第|、|和|及|或|至|中|之|款|项|规|明确|要求|所列|以外)/;

function classify(text: string, context: ClassifyContext): Structural | null {
  let m: RegExpExecArray | null;
  if ((m = /^(#{1,6})\s+(.*)$/.exec(text))) {
    const level = m[1]!.length;
    return { type: 'heading', style: `md${level}`, family: 'markdown', rank: level, label: '', number: null, rest: m[2]!.trim() };
  }
  if ((m = new RegExp(`^第(${CN}|\\d+)(编|章|节|部分)\\s*(.*)$`).exec(text))) {
    const kind = m[2]!;
    const number = parseChineseNumber(m[1]!);
    const rest = m[3]!.trim();
    // 第二部分 followed by running text longer than a heading is still a heading; nothing else is.
    if (kind === '部分') return { type: 'heading', style: 'part', label: `第${m[1]}部分`, number, rest };
    const rank = kind === '编' ? 1 : kind === '章' ? 2 : 3;
    return { type: 'heading', style: `law-${kind}`, family: 'law', rank, label: `第${m[1]}${kind}`, number, rest };
  }
  if ((m = ARTICLE.exec(text))) {
    const number = parseChineseNumber(m[1]!);
    if (number !== null) return { type: 'article', label: `第${m[1]}条`, number, rest: m[2]!.trim() };
  }
  if ((m = ARTICLE_TIGHT.exec(text))) {
    const number = parseChineseNumber(m[1]!);
    const rest = m[2]!;
    if (number !== null && number === context.expectedArticle && !CROSS_REFERENCE_CONTINUATION.test(rest)) {
      return { type: 'article', label: `第${m[1]}条`, number, rest: rest.trim() };
    }
  }
  if ((m = new RegExp(`^(${CN})\\s*[、．]\\s*(.*)$`).exec(text))) {
    const number = parseChineseNumber(m[1]!);
    if (number !== null) return { type: 'heading', style: 'cn', label: `${m[1]}、`, number, rest: m[2]!.trim() };
  }
  if ((m = new RegExp(`^([(（])\\s*(${CN})\\s*([)）])\\s*(.*)$`).exec(text))) {
    const number = parseChineseNumber(m[2]!);
    if (number !== null) {
      const label = `${m[1]}${m[2]}${m[3]}`;
      // Inside an article （一） enumerates the article's 项; elsewhere it is a sub-section heading.
      if (context.inArticle) return { type: 'item', style: 'cn-paren', label, number, rest: m[4]!.trim() };
      return { type: 'heading', style: 'cn-paren', label, number, rest: m[4]!.trim() };
    }
  }
  if ((m = /^(\d{1,3})\s*([.．、])(?!\d)\s*(.*)$/.exec(text))) {
    return { type: 'item', style: m[2] === '、' ? 'arabic-comma' : 'arabic', label: `${m[1]}${m[2]}`, number: Number(m[1]), rest: m[3]!.trim() };
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

// ---------------------------------------------------------------------------------------------
// Responsible units: the parenthesised groups after an item, e.g. （区生态环境局负责，区直有关单位配合）.

const UNIT_NAME =
  /(局|委|办|院|中心|街道|集团|公司|部|所|社|室|处|会|队|组|站|行|关|厅|政府|单位|部门|园|园区|镇|乡|区|县|市|分局|支行|海关|团委|管委会|医院|学校|银行|协会|联合会|分公司|大队|支队|办事处|平台)$/;
// 各相关镇、园区、街道 names one party (the towns, parks and subdistricts concerned), not three.
const GENERIC_BODY = /^(园区|街道|镇|乡|社区|村|板块|开发区|乡镇|部门|单位)$/;
const LEAD_SUFFIX = /(负责|牵头|主责|负总责)$/;
const SUPPORT_SUFFIX = /(配合|协助|协办|参与|配合落实)$/;
const LEAD_PREFIX = /^(牵头单位|责任单位|主办单位|负责单位|牵头部门|责任部门)\s*[:：]\s*/;
const SUPPORT_PREFIX = /^(配合单位|协办单位|参与单位|配合部门|协办部门)\s*[:：]\s*/;

interface Group {
  start: number;
  end: number; // index just past the closing parenthesis
  content: string;
}

interface ParenScan {
  groups: Group[];
  stray: number[];
}

function scanParentheses(text: string): ParenScan {
  const groups: Group[] = [];
  const stray: number[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(' || ch === '（') {
      if (depth === 0) start = i;
      depth += 1;
    } else if (ch === ')' || ch === '）') {
      if (depth === 0) {
        stray.push(i);
        continue;
      }
      depth -= 1;
      if (depth === 0) groups.push({ start, end: i + 1, content: text.slice(start + 1, i) });
    }
  }
  return { groups, stray };
}

function splitTopLevel(text: string, separators: RegExp): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(' || ch === '（') depth += 1;
    if (ch === ')' || ch === '）') depth = Math.max(0, depth - 1);
    if (depth === 0 && separators.test(ch)) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

function readResponsibleGroup(content: string): Responsible | null {
  const lead: string[] = [];
  const support: string[] = [];
  let units = 0;
  let unitLike = 0;
  let marked = false;
  for (let clause of splitTopLevel(content, /[,，;；]/)) {
    let role: 'lead' | 'support' = 'lead';
    if (LEAD_PREFIX.test(clause)) {
      clause = clause.replace(LEAD_PREFIX, '');
      marked = true;
    } else if (SUPPORT_PREFIX.test(clause)) {
      clause = clause.replace(SUPPORT_PREFIX, '');
      role = 'support';
      marked = true;
    }
    if (LEAD_SUFFIX.test(clause)) {
      clause = clause.replace(LEAD_SUFFIX, '');
      marked = true;
    } else if (SUPPORT_SUFFIX.test(clause)) {
      clause = clause.replace(SUPPORT_SUFFIX, '');
      role = 'support';
      marked = true;
    }
    const names: string[] = [];
    for (const raw of splitTopLevel(clause, /[、]/)) {
      const name = raw.replace(/等$/, '').trim();
      const previous = names.at(-1);
      if (previous !== undefined && previous.startsWith('各') && GENERIC_BODY.test(name)) names[names.length - 1] = `${previous}、${name}`;
      else if (name) names.push(name);
    }
    for (const name of names) {
      units += 1;
      if (UNIT_NAME.test(name) && name.length <= 30 && !/[。！？]/.test(name)) unitLike += 1;
      (role === 'lead' ? lead : support).push(name);
    }
  }
  if (units === 0) return null;
  // A group counts when every name in it reads as a body (局、委、中心、街道…), or it says who leads.
  if (unitLike === units || (units >= 4 && unitLike >= units * 0.75) || (marked && unitLike >= units * 0.6)) {
    return { lead, support };
  }
  return null;
}

interface ResponsibleExtraction {
  text: string;
  responsible: Responsible;
  strayRemoved: number;
}

function extractResponsible(text: string): ResponsibleExtraction {
  const { groups, stray } = scanParentheses(text);
  const accepted: Group[] = [];
  const responsible: Responsible = { lead: [], support: [] };
  for (const group of groups) {
    const before = text.slice(0, group.start).trimEnd();
    const after = text.slice(group.end).trimStart();
    const atSentenceEnd = before === '' || /[。；;！!？?.)）]$/.test(before);
    const endsText = after === '' || /^[)）。；;]*$/.test(after);
    const startsSentence = atSentenceEnd && (endsText || /^[)）]?\s*[\u4e00-\u9fff“《]/.test(after));
    if (!atSentenceEnd || !(endsText || startsSentence)) continue;
    const read = readResponsibleGroup(group.content);
    if (!read) continue;
    accepted.push(group);
    for (const name of read.lead) if (!responsible.lead.includes(name)) responsible.lead.push(name);
    for (const name of read.support) if (!responsible.support.includes(name)) responsible.support.push(name);
  }
  if (accepted.length === 0) return { text, responsible, strayRemoved: 0 };
  // Remove accepted groups, and an unmatched ) right after one (Changjiang item 15 has "负责))").
  const cut = new Set<number>();
  let strayRemoved = 0;
  for (const group of accepted) {
    for (let i = group.start; i < group.end; i++) cut.add(i);
    let j = group.end;
    while (j < text.length && text[j] === ' ') j++;
    while (stray.includes(j)) {
      cut.add(j);
      strayRemoved += 1;
      j++;
    }
  }
  const cleaned = [...text].filter((_, i) => !cut.has(i)).join('').replace(/\s{2,}/g, ' ').trim();
  return { text: cleaned, responsible, strayRemoved };
}

// The short lead sentence of an item ("狠抓警示片披露问题整改。") is its title.
function leadSentence(text: string): { title: string | null; titleOnly: boolean } {
  const m = /^([^。！？!?]{2,32}?)[。！？!?]/.exec(text);
  if (!m || /[《“(（][^》”)）]*$/.test(m[1]!)) {
    return { title: null, titleOnly: text.length <= 40 && !/[。！？].+/.test(text.replace(/[。！？]$/, '')) };
  }
  const rest = text.slice(m[0].length).trim();
  return { title: m[1]!.trim(), titleOnly: rest === '' };
}

// A heading line that runs on into body text: （一）加强组织领导，狠抓工作落实。市政府始终……
function splitHeadingText(rest: string): { title: string; body: string | null } {
  const m = /^([^。！？!?]{1,60}?)[。！？!?]\s*(.+)$/.exec(rest);
  if (m) return { title: m[1]!.trim(), body: m[2]!.trim() };
  return { title: rest.replace(/[。]$/, ''), body: null };
}

// ---------------------------------------------------------------------------------------------
// Markdown: paragraphs may wrap over several lines; headings and list items stand alone.

function joinMarkdownParagraphs(lines: SourceLine[]): SourceLine[] {
  const out: SourceLine[] = [];
  let current: SourceLine | null = null;
  const flush = () => {
    if (current) out.push(current);
    current = null;
  };
  for (const line of lines) {
    const text = line.text.replace(/\*\*(.+?)\*\*/g, '$1').replace(/__(.+?)__/g, '$1').replace(/^>\s?/, '');
    if (!text) {
      flush();
      out.push({ no: line.no, text: '' });
      continue;
    }
    const standalone = /^(#{1,6}\s|\d{1,3}[.)、．]\s?|[-*+]\s|第.{1,6}[条章节编]|[(（][一二三四五六七八九十\d]+[)）])/.test(text);
    if (standalone) {
      flush();
      current = { no: line.no, text };
      continue;
    }
    if (current) {
      const joiner: string = /[A-Za-z0-9,.;:]$/.test(current.text) && /^[A-Za-z0-9]/.test(text) ? ' ' : '';
      current = { no: current.no, text: current.text + joiner + text };
    } else current = { no: line.no, text };
  }
  flush();
  return out;
}

// ---------------------------------------------------------------------------------------------
// The parser

function emptyMeta(): DraftMeta {
  return {
    noticeTitle: null,
    pageStatus: null,
    draftStage: null,
    issuer: null,
    drafter: null,
    publishedDate: null,
    openingDate: null,
    deadline: null,
    email: null,
    contactPerson: null,
    contactPhone: null,
    documentNumber: null,
    salutation: null,
    frontMatter: [],
    notice: [],
    signature: null,
  };
}

export interface ParseOptions {
  format?: DraftFormat;
  /** Title given by the officer; wins over the one found in the text. */
  title?: string;
}

export function detectFormat(fileName: string | null, text: string): DraftFormat {
  if (fileName && /\.(md|markdown)$/i.test(fileName)) return 'markdown';
  return /^#{1,6}\s+\S/m.test(text) ? 'markdown' : 'text';
}

export function parseDraft(input: string, options: ParseOptions = {}): ParsedDraft {
  const format = options.format ?? detectFormat(null, input);
  let glossesRemoved = 0;
  let lines = normaliseLines(input).map((line) => {
    const { text, count } = removePinyinGlosses(line.text);
    glossesRemoved += count;
    return { no: line.no, text };
  });
  if (format === 'markdown') lines = joinMarkdownParagraphs(lines);
  const content = lines.filter((line) => line.text !== '');

  const meta = emptyMeta();
  const setAside: SetAsideLine[] = [];
  const warnings: ImportWarning[] = [];
  let metaLines = 0;
  let bodyLines = 0;
  const warn = (code: string, message: string, line: number | null = null) => warnings.push({ code, message, line });
  const putAside = (line: SourceLine, code: string, message: string) => setAside.push({ line: line.no, text: line.text, code, message });

  for (const line of content) {
    if (DAMAGE.test(line.text)) {
      const at = line.text.search(DAMAGE);
      const excerpt = line.text.slice(Math.max(0, at - 8), at + 10);
      warn('suspected-damage', `第${line.no}行疑似有转换丢失的字符（“${excerpt}”），请核对原件`, line.no);
    }
  }
  if (glossesRemoved > 0) warn('pinyin-glosses', `已移除转换工具留下的拼音注音 ${glossesRemoved} 处（如“現(xiàn)在”→“現在”）`);

  // Handles a line that is page debris or page metadata; true when the line was consumed.
  const takeDebrisOrPageMeta = (line: SourceLine): boolean => {
    const rule = matchDebris(line.text);
    if (rule) {
      const found = extractPageMeta(line.text, meta);
      putAside(line, rule.code, found.length ? `${rule.message}；已提取${found.join('、')}` : rule.message);
      return true;
    }
    if (isPageMetaLine(line.text)) {
      const found = extractPageMeta(line.text, meta);
      const counters = COUNTER.test(line.text) ? '，访问计数已舍弃' : '';
      putAside(line, 'page-metadata', `网页元数据行${found.length ? `，已提取${found.join('、')}` : ''}${counters}`);
      return true;
    }
    return false;
  };

  // 1. Find the title: the first title-like line before the body starts.
  let cursor = 0;
  let titleIndex = -1;
  for (let i = 0; i < content.length; i++) {
    const text = content[i]!.text;
    const markdownTitle = /^#\s+(.+)$/.exec(text);
    if (markdownTitle && isTitleLike(markdownTitle[1]!)) {
      titleIndex = i;
      break;
    }
    if (classify(text, { inArticle: false, expectedArticle: 1 }) !== null) break;
    if ((SENTENCE_END.test(text) && text.length > 30) || text.length > 120) break;
    if (matchDebris(text) || isPageMetaLine(text)) continue;
    if (isTitleLike(text)) {
      titleIndex = i;
      break;
    }
  }
  let title: string | null = null;
  let draftTitle: string | null = null;
  if (titleIndex >= 0) {
    for (let i = 0; i < titleIndex; i++) {
      const line = content[i]!;
      if (!takeDebrisOrPageMeta(line)) putAside(line, 'before-title', '标题之前的网页栏目文字');
    }
    const titleLine = content[titleIndex]!;
    let text = titleLine.text.replace(/^#\s+/, '');
    const status = PAGE_STATUS.exec(text);
    if (status) {
      meta.pageStatus = status[1]!;
      text = text.replace(PAGE_STATUS, '');
      warn('page-status', `标题带有原网页的状态标记“【${status[1]}】”，已去除`, titleLine.no);
    }
    const pageNumber = PAGE_NUMBER.exec(text);
    if (pageNumber) {
      text = text.replace(PAGE_NUMBER, '');
      warn('partial-page', `标题带有分页标记“${pageNumber[0].trim()}”：这可能只是原文的一部分，请核对是否缺少前文`, titleLine.no);
    }
    const notice = NOTICE_WORDS.test(text) ? NOTICE_BOOK_TITLE.exec(text) : null;
    if (notice) {
      meta.noticeTitle = text;
      draftTitle = notice[1]!.replace(DRAFT_STAGE_SUFFIX, '');
      title = draftTitle;
    } else {
      const stage = DRAFT_STAGE_SUFFIX.exec(text);
      if (stage) meta.draftStage = stage[1]!;
      title = text.replace(DRAFT_STAGE_SUFFIX, '');
    }
    metaLines += 1;
    cursor = titleIndex + 1;
  } else {
    warn('title-not-found', '未在原文中识别到标题，请在导入时填写标题');
  }

  // 2. A notice (征求意见的公告) wraps the draft: read it until the draft's own title line.
  if (draftTitle) {
    const target = compact(draftTitle);
    let bodyStart = -1;
    for (let i = cursor; i < content.length; i++) {
      const text = compact(content[i]!.text.replace(DRAFT_STAGE_SUFFIX, ''));
      if (text === target || STAGE_MARKER.test(content[i]!.text)) {
        bodyStart = i;
        break;
      }
    }
    if (bodyStart < 0) {
      warn('notice-boundary', '找到了征求意见公告，但没有找到草案正文的标题行，公告之后的内容全部作为正文');
    } else {
      for (let i = cursor; i < bodyStart; i++) {
        const line = content[i]!;
        if (takeDebrisOrPageMeta(line)) continue;
        metaLines += 1;
        if (isSalutation(line.text)) meta.salutation = line.text;
        else meta.notice.push(line.text);
        extractNoticeMeta(line.text, meta);
      }
      cursor = bodyStart;
      if (compact(content[cursor]!.text.replace(DRAFT_STAGE_SUFFIX, '')) === target) {
        const stage = DRAFT_STAGE_SUFFIX.exec(content[cursor]!.text);
        if (stage) meta.draftStage = stage[1]!;
        metaLines += 1;
        cursor += 1;
      }
    }
  }

  // 3. Front matter: stage marker, subtitle, letterhead, document number, salutation.
  const nextText = (i: number): string | null => content[i + 1]?.text ?? null;
  const isStructural = (text: string | null) => text !== null && classify(text, { inArticle: false, expectedArticle: 1 }) !== null;
  while (cursor < content.length) {
    const line = content[cursor]!;
    const text = line.text;
    if (takeDebrisOrPageMeta(line)) {
      cursor += 1;
      continue;
    }
    if (STAGE_MARKER.test(text)) meta.draftStage = STAGE_MARKER.exec(text)![1]!;
    else if (title && compact(text.replace(DRAFT_STAGE_SUFFIX, '')) === compact(title)) {
      putAside(line, 'duplicate-title', '重复的标题行');
      cursor += 1;
      continue;
    } else if (DOC_NUMBER.test(text)) {
      meta.documentNumber ??= text;
      meta.frontMatter.push(text);
    } else if (isSalutation(text)) meta.salutation = text;
    else if (/^[—–-]{1,3}/.test(text) && text.length <= 60) meta.frontMatter.push(text.replace(/^[—–-]+\s*/, ''));
    else if (isStructural(text)) break;
    else if (text.length <= 40 && !ANY_TERMINAL_PUNCT.test(text) && !isStructural(nextText(cursor))) meta.frontMatter.push(text);
    else break;
    metaLines += 1;
    cursor += 1;
  }

  // 4. Footnotes at the end (①“四上”企业：……) are notes on the whole text, not part of the last section.
  let footnoteStart = content.length;
  {
    let i = content.length - 1;
    while (i >= cursor && (matchDebris(content[i]!.text) || isPageMetaLine(content[i]!.text))) i--;
    let j = i;
    while (j >= cursor && new RegExp(`^([${CIRCLED_CLASS}]|[?？]\\s*\\S)`).test(content[j]!.text)) j--;
    if (j < i && new RegExp(`^[${CIRCLED_CLASS}]`).test(content[j + 1]!.text) && circledNumber(content[j + 1]!.text[0]!) === 1) {
      footnoteStart = j + 1;
    }
  }

  // 5. The body.
  const root: ParsedNode[] = [];
  interface HeadingEntry {
    style: string;
    family?: HeadingFamily;
    rank?: number;
    node: ParsedNode;
  }
  interface ItemEntry {
    style: string;
    node: ParsedNode;
  }
  const headingStack: HeadingEntry[] = [];
  let itemStack: ItemEntry[] = [];
  let article: ParsedNode | null = null;
  let lastArticleNumber = 0;
  let paragraphOwner: ParsedNode | null = null;
  const numbering = new Map<string, number>();

  const newNode = (line: SourceLine, kind: ParsedNode['kind'], fields: Partial<ParsedNode>): ParsedNode => ({
    id: '',
    kind,
    label: null,
    number: null,
    title: null,
    text: null,
    responsible: { lead: [], support: [] },
    children: [],
    line: line.no,
    source: line.text,
    ...fields,
  });
  const headingContainer = (): ParsedNode[] => headingStack.at(-1)?.node.children ?? root;

  const checkNumbering = (key: string, number: number | null, line: SourceLine, label: string | null) => {
    if (number === null) return;
    const last = numbering.get(key);
    if (last === undefined && number !== 1) {
      warn('numbering-start', `编号从“${label}”开始，前面可能缺少内容`, line.no);
    } else if (last !== undefined && number !== last + 1 && number !== 1) {
      warn('numbering-gap', `编号不连续：“${label}”之前应为第${last + 1}项，请核对是否有遗漏或重复`, line.no);
    }
    numbering.set(key, number);
  };

  const openHeading = (line: SourceLine, s: Extract<Structural, { type: 'heading' }>) => {
    let index = headingStack.findIndex((entry) => entry.style === s.style);
    if (index < 0 && s.family) index = headingStack.findIndex((entry) => entry.family === s.family && (entry.rank ?? 0) >= (s.rank ?? 0));
    if (index >= 0) headingStack.length = index;
    const parentKey = headingStack.map((entry) => `${entry.style}:${entry.node.number}`).join('/');
    checkNumbering(`heading:${s.style}:${parentKey}`, s.number, line, s.label);
    const { title, body } = splitHeadingText(s.rest);
    const node = newNode(line, 'heading', { label: s.label || null, number: s.number, title: title || null });
    headingContainer().push(node);
    headingStack.push({ style: s.style, family: s.family, rank: s.rank, node });
    if (body) node.children.push(newNode(line, 'paragraph', { text: body }));
    itemStack = [];
    article = null;
    paragraphOwner = null;
  };

  const openArticle = (line: SourceLine, s: Extract<Structural, { type: 'article' }>) => {
    let rest = s.rest;
    let title: string | null = null;
    const bracket = /^[【〔\[]([^】〕\]]{1,30})[】〕\]]\s*/.exec(rest);
    if (bracket) {
      title = bracket[1]!;
      rest = rest.slice(bracket[0].length);
    }
    checkNumbering('article', s.number, line, s.label);
    const node = newNode(line, 'article', { label: s.label, number: s.number, title, text: rest || null });
    headingContainer().push(node);
    article = node;
    lastArticleNumber = s.number;
    itemStack = [];
    paragraphOwner = null;
  };

  const openItem = (line: SourceLine, s: Extract<Structural, { type: 'item' }>) => {
    const index = itemStack.findIndex((entry) => entry.style === s.style);
    if (index >= 0) itemStack.length = index;
    const container = itemStack.at(-1)?.node.children ?? article?.children ?? headingContainer();
    checkNumbering(`item:${s.style}:${itemStack.length}:${article ? article.number : ''}`, s.number, line, s.label ?? '');
    const extraction = extractResponsible(s.rest);
    if (extraction.strayRemoved > 0) {
      warn('stray-parenthesis', `“${s.label ?? ''}”的责任单位后有多余的右括号，已去除`, line.no);
    }
    const { title, titleOnly } = leadSentence(extraction.text);
    const node = newNode(line, 'item', {
      label: s.label,
      number: s.number,
      title,
      text: extraction.text || null,
      responsible: extraction.responsible,
    });
    container.push(node);
    itemStack.push({ style: s.style, node });
    // A title-only item ("1、加快推进农业现代化建设。（市农业农村局）") owns the paragraphs after it.
    paragraphOwner = !article && titleOnly ? node : null;
  };

  const addParagraph = (line: SourceLine, text: string) => {
    const node = newNode(line, 'paragraph', { text });
    if (article) article.children.push(node);
    else if (paragraphOwner) paragraphOwner.children.push(node);
    else headingContainer().push(node);
  };

  for (let i = cursor; i < content.length; i++) {
    const line = content[i]!;
    const text = line.text;
    if (takeDebrisOrPageMeta(line)) continue;
    if (i >= footnoteStart) {
      bodyLines += 1;
      const first = text[0]!;
      let number = circledNumber(first);
      let label = number !== null ? first : null;
      if (number === null) {
        // The converter turned ⑪ and later into "?": infer the number from the run.
        const previous = root.at(-1);
        number = previous?.number != null ? previous.number + 1 : null;
        label = number !== null ? toCircled(number) : null;
        warn('footnote-marker', `脚注编号被替换成了“?”，按顺序推定为“${label ?? '?'}”`, line.no);
      }
      root.push(newNode(line, 'paragraph', { label, number, text: text.slice(1).trim() }));
      headingStack.length = 0;
      continue;
    }
    if (STAGE_MARKER.test(text)) {
      meta.draftStage ??= STAGE_MARKER.exec(text)![1]!;
      metaLines += 1;
      continue;
    }
    // 落款: the issuing body and the date under a notice.
    const next = nextText(i);
    if (text.length <= 30 && ORG_SUFFIX.test(text) && !ANY_TERMINAL_PUNCT.test(text) && next !== null && DATE_ONLY.test(next)) {
      meta.signature = { issuer: text, date: next };
      metaLines += 2;
      i += 1;
      continue;
    }
    if (DATE_ONLY.test(text)) {
      meta.signature = { issuer: meta.signature?.issuer ?? null, date: text };
      metaLines += 1;
      continue;
    }
    const s = classify(text, { inArticle: article !== null, expectedArticle: lastArticleNumber + 1 });
    bodyLines += 1;
    if (s?.type === 'heading') {
      // Markdown, 编/章/节 and 一、 headings close an article; （一） inside one was already made an item.
      openHeading(line, s);
      continue;
    }
    if (s?.type === 'article') {
      openArticle(line, s);
      continue;
    }
    if (s?.type === 'item') {
      openItem(line, s);
      continue;
    }
    // An unnumbered short line right before numbered content is a heading of its own ("具体任务分解").
    if (text.length <= 30 && !ANY_TERMINAL_PUNCT.test(text) && isStructural(next) && !/[“”]$/.test(text)) {
      openHeading(line, { type: 'heading', style: 'plain', label: '', number: null, rest: text });
      continue;
    }
    addParagraph(line, text);
  }

  meta.issuer ??= meta.signature?.issuer ?? meta.frontMatter.find((line) => ORG_SUFFIX.test(line) && line.length <= 30) ?? null;
  if (meta.publishedDate && meta.deadline && meta.deadline < meta.publishedDate) {
    warn(
      'deadline-before-publish',
      `公告自相矛盾：发布时间 ${meta.publishedDate} 晚于反馈截止日期 ${meta.deadline}，请核对并重新设定征求意见期限`,
    );
  }
  if (meta.noticeTitle && !meta.deadline) warn('no-deadline', '公告中没有找到反馈截止日期');
  if (meta.pageStatus) {
    // Already reported with the title; nothing else to do.
  }

  assignIds(root);
  const count = countBlocks(root);
  const report: ImportReport = {
    setAside,
    warnings,
    glossesRemoved,
    stats: {
      nonBlankLines: content.length,
      bodyLines,
      metaLines,
      setAsideLines: setAside.length,
      blocks: count.blocks,
      commentable: count.commentable,
    },
  };
  return { title: options.title ?? title, meta, report, body: root };
}

function countBlocks(nodes: ParsedNode[]): { blocks: number; commentable: number } {
  let blocks = 0;
  let commentable = 0;
  const walk = (list: ParsedNode[]) => {
    for (const node of list) {
      blocks += 1;
      if (node.kind !== 'heading') commentable += 1;
      walk(node.children);
    }
  };
  walk(nodes);
  return { blocks, commentable };
}

// ---------------------------------------------------------------------------------------------
// Stable ids: readable anchors that double as permalinks (#i4, #s2-1, #a5-k2, #p3).

function assignIds(root: ParsedNode[]): void {
  const topItems: ParsedNode[] = [];
  const collectTopItems = (list: ParsedNode[], insideItem: boolean) => {
    for (const node of list) {
      if (node.kind === 'item' && !insideItem) topItems.push(node);
      if (node.kind !== 'article') collectTopItems(node.children, insideItem || node.kind === 'item');
    }
  };
  collectTopItems(root, false);
  const numbers = topItems.map((n) => n.number);
  const itemsUnique = numbers.every((n) => n !== null) && new Set(numbers).size === numbers.length;

  const used = new Set<string>();
  const unique = (base: string) => {
    let id = base;
    for (let k = 2; used.has(id); k++) id = `${base}-${k}`;
    used.add(id);
    return id;
  };
  let paragraphCounter = 0;

  const walk = (list: ParsedNode[], parent: ParsedNode | null, headingKey: string | null) => {
    let headingOrdinal = 0;
    let paragraphOrdinal = 0;
    let itemOrdinal = 0;
    for (const node of list) {
      if (node.kind === 'heading') {
        headingOrdinal += 1;
        const n = node.number ?? headingOrdinal;
        node.id = unique(headingKey ? `${headingKey}-${n}` : `s${n}`);
        walk(node.children, node, node.id);
      } else if (node.kind === 'article') {
        node.id = unique(`a${node.number}`);
        walk(node.children, node, headingKey);
      } else if (node.kind === 'item') {
        itemOrdinal += 1;
        const n = node.number ?? itemOrdinal;
        if (parent && (parent.kind === 'item' || parent.kind === 'article')) node.id = unique(`${parent.id}-${n}`);
        else if (itemsUnique) node.id = unique(`i${n}`);
        else node.id = unique(headingKey ? `${headingKey}-i${n}` : `i${n}`);
        walk(node.children, node, headingKey);
      } else {
        paragraphOrdinal += 1;
        if (parent?.kind === 'article') node.id = unique(`${parent.id}-k${paragraphOrdinal + 1}`);
        else if (parent?.kind === 'item') node.id = unique(`${parent.id}-p${paragraphOrdinal}`);
        else if (node.label && node.number !== null && !parent) node.id = unique(`n${node.number}`);
        else {
          paragraphCounter += 1;
          node.id = unique(`p${paragraphCounter}`);
        }
        walk(node.children, node, headingKey);
      }
    }
  };
  walk(root, null, null);
}
