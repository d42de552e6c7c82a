// Phase 2 of the importer: what stands before the body — page debris, the title, a consultation
// notice around the draft, and front matter (history lines, 目录, document number, letterhead).
// None of it becomes a commentable block. Pure.
import { ANY_TERMINAL_PUNCT, classify, DEFAULT_CONTEXT, isStructural } from './parse-classify.ts';
import { extractNoticeMeta, extractPageMeta, hasCounter, isPageMetaLine, matchDebris, type SourceLine } from './parse-lines.ts';
import { englishHeadingShape } from './parse-english.ts';
import { type ParseState, putAside, warn } from './parse-report.ts';

const TITLE_WORDS =
  /(报告|報告|通知|规定|規定|办法|辦法|条例|條例|决定|決定|规划|規劃|计划|計劃|意见|意見|方案|要点|要點|公告|细则|細則|纲要|綱要|指引|标准|標準|措施|通告|决议|決議|章程|政策|指南|制度|清单|清單|草案|征求意见稿|征求意見稿|法|法典|解释|解釋|规则|規則|安排|修正案|批复|答复|复函|纪要|准则|解答|公约|协定|条约|目录|通则|须知|要求)([(（][^()（）]{1,20}[)）])?$/;

export const NOTICE_BOOK_TITLE = /《(.+?)》/;
export const NOTICE_WORDS = /(征求|征集|徵求|徵集).{0,24}(意见|意見|建议)|意见征集|意見徵集/;
// A revised draft names its round: 第二次征求意见稿, 征求意见二稿, 修改稿 (issue 13).
const ROUND = '(?:第[一二三四五六七八九十0-9]+次|再次)?';
const STAGES = `${ROUND}(?:征求意见稿|征求意見稿|意见征求稿|意見徵求稿)|征求意见[一二三四五六七八九十]稿|征求意见稿[(（]?第?[一二三四五六七八九十]稿[)）]?|草案|送审稿|送審稿|草案征求意见稿|试行|修订草案|修订稿|修改稿|修订征求意见稿`;
export const STAGE_MARKER = new RegExp(`^[(（]\\s*(${STAGES})\\s*[)）]$`);
export const DRAFT_STAGE_SUFFIX = /\s*[(（]((?:第[一二三四五六七八九十0-9]+次|再次)?征求意见稿|征求意見稿|意见征求稿|征求意见[一二三四五六七八九十]稿|草案|送审稿|修订草案|草案征求意见稿|修改稿|修订征求意见稿)[)）]\s*$/;
const PAGE_STATUS = /^【(已结束|已結束|进行中|進行中|已截止|征集中|已办结)】\s*/;
const PAGE_NUMBER = /\s*[(（]第\s*\d+\s*\/\s*\d+\s*页[)）]\s*$/;
export const DOC_NUMBER = /^\S{0,16}[〔\[［(（]\d{4}[〕\]］)）]\s*(第\s*)?\d+\s*号$|^\S{0,16}令\s*[(（]?第\s*[\d〇零一二三四五六七八九十百]+\s*号[)）]?$/;
export const DATE_ONLY = /^([0-9０-９]{4}|[〇零一二三四五六七八九]{4})年\s*[0-9０-９〇零一二三四五六七八九十]{1,2}月\s*[0-9０-９〇零一二三四五六七八九十]{1,3}日$/;
export const ORG_SUFFIX = /(人民政府|政府|委员会|委員會|办公室|辦公室|办公厅|局|委|办|厅|部|院|中心|公司|集团|街道办事处)$/;
const HISTORY_WORDS = /(通过|修正|修订|施行|公布|批准|发布|颁布|废止|生效|印发)/;
const A_DATE = /([0-9０-９]{4}|[〇零一二三四五六七八九]{4})\s*年\s*[0-9０-９〇零一二三四五六七八九十]{1,2}\s*月/;
const CONTENTS = /^目\s*录$|^目\s*次$|^contents$/i;
const CONTENTS_ENTRY = /^(第[零〇一二两三四五六七八九十百千\d]+(分编|编|章|节|部分)|序\s*言|附\s*则|附\s*录|附件|总\s*则|分\s*则)/;

export function compact(text: string): string {
  return text.replace(/\s+/g, '').replace(/[（]/g, '(').replace(/[）]/g, ')');
}

/** For comparing pieces of a title: punctuation between names (、·,) is not part of what it says. */
function loose(text: string): string {
  return text.replace(/[\s、，,·•《》〈〉“”"'（）()]/g, '');
}

export function isSalutation(text: string): boolean {
  return /^各/.test(text) && /[:：]$/.test(text) && !/[。]/.test(text) && text.length <= 120;
}

function firstText(content: SourceLine[]): number {
  return content.findIndex((l) => !l.markup && !matchDebris(l.text) && !isPageMetaLine(l.text));
}

function isEnglish(text: string): boolean {
  const latin = text.match(/[A-Za-z]/g)?.length ?? 0;
  return latin >= 3 && latin > text.length * 0.5;
}

export function isTitleLike(text: string): boolean {
  if (text.length < 4 || text.length > 120) return false;
  if (/[。；;：:，,]$/.test(text) || /^(为了?|根据|现将|经)/.test(text)) return false;
  if (classify(text) !== null || DATE_ONLY.test(text) || DOC_NUMBER.test(text)) return false;
  if (isEnglish(text)) return text.length <= 150 && /^[A-Z0-9"“]/.test(text) && !/[.;:,]$/.test(text);
  return TITLE_WORDS.test(text);
}

/** A line of a law's history (通过/修正/施行 with a date), in parentheses or (LawRefBook style) bare. */
export function isHistoryLine(text: string): boolean {
  if (!A_DATE.test(text) || !HISTORY_WORDS.test(text)) return false;
  if (/^[(（].*[)）]$/.test(text)) return true;
  // 「2009年8月27日 第十一届…第一次修正」「2022年1月1日 施行」「自1995年1月1日起施行」: a dated record, not a sentence.
  if (/^自.{4,24}起施行[。]?$/.test(text)) return true;
  return /^([0-9０-９]{4}|[〇零一二三四五六七八九]{4})\s*年/.test(text) && !/[。；]$/.test(text) && text.length <= 160;
}

export type FrontKind = 'history' | 'document-number' | 'date' | 'stage';

/** Front matter that may stand anywhere before the first heading or article. */
export function frontMatterKind(text: string): FrontKind | null {
  if (STAGE_MARKER.test(text)) return 'stage';
  if (isHistoryLine(text)) return 'history';
  if (DOC_NUMBER.test(text)) return 'document-number';
  if (DATE_ONLY.test(text)) return 'date';
  return null;
}

/**
 * A history note in parentheses spread over several lines (「（2020年9月3日…常务委员会」「第二十八次会议通过…」
 * 「…批准）」): returns the index just past its last line, or -1.
 */
export function parenthesisedHistoryEnd(content: SourceLine[], i: number): number {
  const first = content[i]!.text;
  if (!/^[(（]/.test(first) || /[)）]$/.test(first) || !A_DATE.test(first)) return -1;
  let text = first;
  for (let j = i + 1; j < content.length && j < i + 8; j++) {
    const line = content[j]!;
    if (line.markup || line.heading) return -1;
    text += line.text;
    if (/[)）]$/.test(line.text)) return HISTORY_WORDS.test(text) ? j + 1 : -1;
    if (/[。；]$/.test(line.text)) return -1;
  }
  return -1;
}

/** Is this short line a piece of the title split over lines (「关于办理抢夺刑事案件适用法律」「若干问题的解释」)? */
export function isTitlePiece(text: string, title: string | null): boolean {
  if (!title || text.length > 60 || /[。；;]/.test(text)) return false;
  const piece = loose(text.replace(DRAFT_STAGE_SUFFIX, ''));
  return piece.length >= 4 && loose(title).includes(piece);
}

/** The document's 目录: the contents line and the entries after it, up to where the body begins again. */
export function contentsEnd(content: SourceLine[], i: number): number {
  if (!CONTENTS.test(content[i]!.text.replace(/[*\s]/g, ''))) return -1;
  let first: string | null = null;
  let j = i + 1;
  for (; j < content.length; j++) {
    const line = content[j]!;
    if (line.heading) break;
    if (line.markup) continue;
    const entryText = line.text.replace(/^[*\-+•\s]+/, '');
    const key = compact(entryText).replace(/\(第.*$/, '');
    if (first !== null && key === first) break;
    const entry = CONTENTS_ENTRY.test(entryText);
    if (!entry) break;
    first ??= key;
  }
  return j;
}

interface FrontResult {
  title: string | null;
  cursor: number;
}

function headOfTitle(content: SourceLine[], titleIndex: number, state: ParseState): SourceLine | null {
  const title = content[titleIndex]!;
  if (title.heading) return null;
  // Two lines of head (a title in three lines) are joined into one.
  const earlier = content[titleIndex - 2];
  const head = content[titleIndex - 1];
  if (head && earlier && !earlier.markup && !earlier.heading && titleIndex === 2 && isHead(earlier) && isHead(head)) {
    return { no: earlier.no, text: `${earlier.text}${head.text}` };
  }
  return head && isHead(head) && onlyPageTextBefore(content, titleIndex - 1) && !title.heading ? head : null;
  void state;
}

function isHead(head: SourceLine): boolean {
  if (head.heading || head.markup || head.text.length > 60 || /[。！？]/.test(head.text)) return false;
  if (/[。！？!?；;：:，,、]$/.test(head.text) && !/[、和及与]$/.test(head.text)) return false;
  return !(isTitleLike(head.text) || isStructural(head.text) || frontMatterKind(head.text) || matchDebris(head.text) || isPageMetaLine(head.text));
}

function onlyPageTextBefore(content: SourceLine[], index: number): boolean {
  for (let i = 0; i < index; i++) {
    const line = content[i]!;
    if (!line.markup && !matchDebris(line.text) && !isPageMetaLine(line.text)) return false;
  }
  return true;
}

/** Finds the title and reads the notice and front matter before the body; returns where the body starts. */
export function readFront(content: SourceLine[], state: ParseState, yamlTitle: string | null): FrontResult {
  const { meta } = state;
  const takeDebrisOrPageMeta = (line: SourceLine): boolean => takePageLine(line, state);

  // 1. The title: the Markdown title, else the first title-like line before the body starts.
  let titleIndex = -1;
  let titleGroup: SourceLine[] | null = null;
  let title: string | null = null;
  const firstHeading = content.findIndex((l) => l.heading);
  for (let i = 0; i < content.length; i++) {
    const line = content[i]!;
    const text = line.text;
    if (line.markup) continue;
    if (line.heading) {
      const s = classify(text, { ...DEFAULT_CONTEXT, mdLevel: line.heading.level });
      // A heading that names a part of a text (总则, 附则, 目录…) is not the text's title.
      if (s?.type === 'heading' && (s.rank !== null || /^(目\s*录|总\s*则|分\s*则|附\s*则|序\s*言|前\s*言|说\s*明|附件|附录)$/.test(text))) break;
      // The page opens with this heading: it is the title, whatever the YAML says.
      titleIndex = i;
      break;
    }
    if (yamlTitle) {
      if (compact(text) === compact(yamlTitle)) {
        titleIndex = i;
        break;
      }
      if (matchDebris(text) || isPageMetaLine(text)) continue;
      break;
    }
    if (i === firstText(content) && isEnglish(text) && text.length <= 80 && /^[A-Z0-9]/.test(text) && !/[.:;,!?]$/.test(text)) {
      titleIndex = i;
      break;
    }
    if (isStructural(text) || frontMatterKind(text) === 'history') break;
    if ((/[。！？!?；;]$/.test(text) && text.length > 30) || text.length > 150) break;
    if (matchDebris(text) || isPageMetaLine(text)) continue;
    // A Markdown document's title is its first heading; a line just before it is page text.
    if (firstHeading > i && firstHeading - i <= 4 && !/^目\s*录$/.test(content[firstHeading]!.text) && classify(content[firstHeading]!.text, { ...DEFAULT_CONTEXT, mdLevel: 1 })?.type === 'heading' && classify(content[firstHeading]!.text, { ...DEFAULT_CONTEXT, mdLevel: 1 })!.type === 'heading' && (classify(content[firstHeading]!.text, { ...DEFAULT_CONTEXT, mdLevel: 1 }) as { rank: number | null }).rank === null) continue;
    // A page may open with its title in book-title marks (「《中华人民共和国选举法》」); further down, such a
    // line is a piece of a longer title (「……关于批准」「《国务院关于……暂行办法》」「的决议」).
    if (isTitleLike(text) || (i === firstText(content) && isTitleLike(text.replace(/^《([^《》]+)》$/, '$1')))) {
      titleIndex = i;
      break;
    }
  }
  if (titleIndex < 0 && !yamlTitle) {
    const start = content.findIndex((l) => !l.markup && !matchDebris(l.text) && !isPageMetaLine(l.text));
    for (let k = 4; k >= 2 && start >= 0 && titleIndex < 0; k--) {
      const group = content.slice(start, start + k);
      const after = content[start + k];
      if (group.length < k || !group.every((l) => !l.markup && !l.heading && l.text.length <= 60 && !/[。！？；;：:，,]$/.test(l.text) && !isStructural(l.text) && !frontMatterKind(l.text))) continue;
      if (!isTitleLike(group.map((l) => l.text).join('')) || (after && !frontMatterKind(after.text) && parenthesisedHistoryEnd(content, start + k) < 0 && contentsEnd(content, start + k) < 0)) continue;
      titleIndex = start + k - 1;
      titleGroup = group;
    }
  }
  let cursor = 0;
  let draftTitle: string | null = null;
  if (titleIndex >= 0) {
    const headLines = titleGroup ? { no: titleGroup[0]!.no, text: titleGroup.slice(0, -1).map((l) => l.text).join('') } : headOfTitle(content, titleIndex, state);
    const headFrom = headLines ? content.findIndex((l) => l.no === headLines.no) : titleIndex;
    for (let i = 0; i < titleIndex; i++) {
      const line = content[i]!;
      if (i >= headFrom) continue;
      if (takeMarkup(line, state) || takeDebrisOrPageMeta(line)) continue;
      putAside(state, line, 'before-title');
    }
    const titleLine = content[titleIndex]!;
    let text = titleLine.text.replace(/^#\s+/, '');
    // A title broken over two lines: the first content line, not a title by itself, is its head.
    const head = headLines;
    if (head) {
      text = `${head.text}${text}`;
      state.metaLines += titleIndex - headFrom;
    }
    const status = PAGE_STATUS.exec(text);
    if (status) {
      meta.pageStatus = status[1]!;
      text = text.replace(PAGE_STATUS, '');
      warn(state, 'page-status', { status: status[1]! }, titleLine.no);
    }
    const pageNumber = PAGE_NUMBER.exec(text);
    if (pageNumber) {
      text = text.replace(PAGE_NUMBER, '');
      warn(state, 'partial-page', { marker: pageNumber[0].trim() }, titleLine.no);
    }
    // A title set in book-title marks (「《中华人民共和国选举法》」) is the title.
    text = text.replace(/^《([^《》]+)》$/, '$1');
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
    state.metaLines += 1;
    cursor = titleIndex + 1;
  } else if (yamlTitle) {
    title = yamlTitle;
  } else {
    warn(state, 'title-not-found');
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
      warn(state, 'notice-boundary');
    } else {
      for (let i = cursor; i < bodyStart; i++) {
        const line = content[i]!;
        if (takeMarkup(line, state) || takeDebrisOrPageMeta(line)) continue;
        state.metaLines += 1;
        if (isSalutation(line.text)) meta.salutation = line.text;
        else meta.notice.push(line.text);
        extractNoticeMeta(line.text, meta);
      }
      cursor = bodyStart;
      if (compact(content[cursor]!.text.replace(DRAFT_STAGE_SUFFIX, '')) === target) {
        const stage = DRAFT_STAGE_SUFFIX.exec(content[cursor]!.text);
        if (stage) meta.draftStage = stage[1]!;
        state.metaLines += 1;
        cursor += 1;
      }
    }
  }

  // 3. Front matter: stage marker, history, contents, subtitle, letterhead, document number, salutation.
  const nextText = (i: number): string | null => content[i + 1]?.text ?? null;
  while (cursor < content.length) {
    const line = content[cursor]!;
    const text = line.text;
    if (takeMarkup(line, state) || takeDebrisOrPageMeta(line)) {
      cursor += 1;
      continue;
    }
    const end = takeFrontMatterAt(content, cursor, state, title);
    if (end === cursor && line.heading) break;
    if (end > cursor) {
      cursor = end;
      continue;
    }
    if (isSalutation(text)) meta.salutation = text;
    else if (/^[—–-]{1,3}/.test(text) && text.length <= 60) meta.frontMatter.push(text.replace(/^[—–-]+\s*/, ''));
    else if (isStructural(text) || englishHeadingShape(text)?.label) break;
    else if (text.length <= 40 && !ANY_TERMINAL_PUNCT.test(text) && !isStructural(nextText(cursor)) && !/[＝=×÷+]/.test(text)) meta.frontMatter.push(text);
    else break;
    state.metaLines += 1;
    cursor += 1;
  }
  return { title, cursor };
}

/** Front matter that may stand anywhere before the body's structure; returns the index past it (or i). */
export function takeFrontMatterAt(content: SourceLine[], i: number, state: ParseState, title: string | null): number {
  const { meta } = state;
  const line = content[i]!;
  const text = line.text;
  const contents = contentsEnd(content, i);
  if (contents > i + 1 || (contents === i + 1 && line.heading)) {
    for (let j = i; j < contents; j++) meta.contents!.push(content[j]!.text);
    state.metaLines += contents - i;
    return contents;
  }
  if (line.heading) return i;
  const paren = parenthesisedHistoryEnd(content, i);
  if (paren > i) {
    meta.frontMatter.push(content.slice(i, paren).map((l) => l.text).join(''));
    state.metaLines += paren - i;
    return paren;
  }
  const kind = frontMatterKind(text);
  if (kind === 'stage') {
    meta.draftStage ??= STAGE_MARKER.exec(text)![1]!;
    state.metaLines += 1;
    return i + 1;
  }
  if (kind === 'history' || kind === 'document-number') {
    if (kind === 'document-number') meta.documentNumber ??= text;
    meta.frontMatter.push(text);
    state.metaLines += 1;
    return i + 1;
  }
  if (title && compact(text.replace(DRAFT_STAGE_SUFFIX, '')) === compact(title)) {
    putAside(state, line, 'duplicate-title');
    return i + 1;
  }
  if (isTitlePiece(text, title) && !isStructural(text)) {
    putAside(state, line, 'duplicate-title');
    return i + 1;
  }
  return i;
}

/** YAML front matter, HTML comments and bare markup: metadata or the report, never the body. */
export function takeMarkup(line: SourceLine, state: ParseState): boolean {
  if (!line.markup) return false;
  if (line.markup === 'markup') putAside(state, line, 'markup');
  else {
    state.meta.pageMarkup!.push(line.text);
    state.metaLines += 1;
  }
  return true;
}

/** Page debris or page metadata: set aside with what was learnt from it. */
export function takePageLine(line: SourceLine, state: ParseState): boolean {
  const rule = matchDebris(line.text);
  if (rule) {
    const found = extractPageMeta(line.text, state.meta);
    putAside(state, line, rule.code, { ...(rule.params ?? {}), ...(found.length ? { extracted: found.join(',') } : {}) });
    return true;
  }
  if (isPageMetaLine(line.text)) {
    const found = extractPageMeta(line.text, state.meta);
    putAside(state, line, 'page-metadata', { ...(found.length ? { extracted: found.join(',') } : {}), ...(hasCounter(line.text) ? { counter: 1 } : {}) });
    return true;
  }
  return false;
}
