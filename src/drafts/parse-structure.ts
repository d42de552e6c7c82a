// Phase 3 of the importer: the body as a tree. Headings nest by rank (编 > 分编 > 章 > 节 > 一、 >
// （一）; unlabelled Markdown headings by their level), articles sit under the heading open above
// them, items under their article or heading, and each report entry names its line. Pure.
import { CIRCLED_CLASS, circledNumber, toCircled } from './numerals.ts';
import { ANY_TERMINAL_PUNCT, CLOSES_CLAUSE, type ClassifyContext, DEFAULT_CONTEXT, RANK, type Structural, classify, enumerationKinds, isNormativeTitle, isStructural } from './parse-classify.ts';
import { DATE_ONLY, ORG_SUFFIX, STAGE_MARKER, isHistoryLine, takeFrontMatterAt, takeMarkup, takePageLine } from './parse-front.ts';
import type { SourceLine } from './parse-lines.ts';
import { type ParseState, warn } from './parse-report.ts';
import type { ParsedNode } from './parse-types.ts';
import { endsEnglishBlock, englishHeadingShape, isEnglishParagraph, leadsList } from './parse-english.ts';
import { extractResponsible } from './parse-units.ts';

const SUPPLEMENTARY = /^附\s*则$/;
const BESIDE_TOP = /^(附\s*则|附件|附录|附表|附\s*[:：])/;

interface HeadingEntry {
  style: string;
  rank: number;
  mdLevel: number | null;
  node: ParsedNode;
}

interface ItemEntry {
  style: string;
  node: ParsedNode;
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

function isEnglishDocument(content: SourceLine[]): boolean {
  let latin = 0;
  let han = 0;
  for (const line of content.slice(0, 200)) {
    latin += line.text.match(/[A-Za-z]/g)?.length ?? 0;
    han += line.text.match(/[\u4e00-\u9fff]/g)?.length ?? 0;
  }
  return latin > han * 4;
}

function footnoteStart(content: SourceLine[], cursor: number): number {
  let i = content.length - 1;
  while (i >= cursor && (content[i]!.markup || takeablePageLine(content[i]!.text))) i--;
  let j = i;
  while (j >= cursor && new RegExp(`^([${CIRCLED_CLASS}]|[?？]\\s*\\S)`).test(content[j]!.text)) j--;
  if (j < i && new RegExp(`^[${CIRCLED_CLASS}]`).test(content[j + 1]!.text) && circledNumber(content[j + 1]!.text[0]!) === 1) return j + 1;
  return content.length;
}

function takeablePageLine(text: string): boolean {
  // A dry run of takePageLine: only asks whether the line is page debris or page metadata.
  const probe: ParseState = { meta: { frontMatter: [], notice: [] } as never, setAside: [], warnings: [], metaLines: 0, bodyLines: 0 };
  return takePageLine({ no: 0, text }, probe);
}

export interface BodyOptions {
  /** The document marks its headings in Markdown beyond the title. */
  markdownStructure: boolean;
  title: string | null;
}

export function buildBody(content: SourceLine[], cursor: number, state: ParseState, options: BodyOptions): ParsedNode[] {
  const { meta } = state;
  const root: ParsedNode[] = [];
  const headingStack: HeadingEntry[] = [];
  let itemStack: ItemEntry[] = [];
  let article: ParsedNode | null = null;
  let lastArticleNumber = 0;
  let lastSuffix = 0;
  let lastCnItem: number | null = null;
  let lastArabic: number | null = null;
  let paragraphOwner: ParsedNode | null = null;
  let lastTextNode: ParsedNode | null = null;
  let previousClosed = true;
  let previousColon = false;
  let structureStarted = false;
  let lastHeadingNo = -1;
  let lastHeadingText = '';
  const numbering = new Map<string, number>();
  const english = isEnglishDocument(content);
  const notesFrom = footnoteStart(content, cursor);
  // 序言 stands beside the document's top-level law headings.
  let topLawRank: number = RANK.章;
  let topLawRankFound = false;
  const rankAtLevel = new Map<number, number>();
  for (const line of content) {
    if (!line.heading && !line.text.startsWith('第')) continue;
    const s = classify(line.text, { ...DEFAULT_CONTEXT, mdLevel: line.heading?.level ?? null });
    if (s?.type === 'heading' && s.style.startsWith('law-') && s.rank !== null) {
      topLawRank = Math.min(topLawRank, s.rank);
      topLawRankFound = true;
      if (s.mdLevel !== null) rankAtLevel.set(s.mdLevel, Math.min(rankAtLevel.get(s.mdLevel) ?? 99, s.rank));
    }
  }

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
    if (last === undefined && number !== 1) warn(state, 'numbering-start', { label: label ?? '' }, line.no);
    else if (last !== undefined && number !== last + 1 && number !== 1) warn(state, 'numbering-gap', { label: label ?? '', expected: last + 1 }, line.no);
    numbering.set(key, number);
  };

  const openHeading = (line: SourceLine, s: Extract<Structural, { type: 'heading' }>) => {
    let rank: number;
    if (s.style === 'plain') {
      // An unnumbered heading replaces the previous one; numbered headings nest under it. Among
      // 一、/（一） sections it starts a part of its own (名词解释 after the last section).
      const index = headingStack.findIndex((entry) => entry.style === 'plain');
      if (index >= 0) headingStack.length = index;
      const onlyNumbered = headingStack.every((entry) => entry.style === 'cn' || entry.style === 'cn-paren');
      // A law's unlabelled 附则 stands beside its top-level parts (编 or 章), as a marked one does.
      rank = SUPPLEMENTARY.test(s.rest) && topLawRankFound ? topLawRank : onlyNumbered ? RANK.plain : (headingStack.at(-1)?.rank ?? 0) + 0.5;
    } else if (s.style === 'preamble' || s.style === 'appendix') {
      rank = s.style === 'appendix' && headingStack.every((entry) => ['cn', 'cn-paren', 'plain', 'appendix'].includes(entry.style)) ? RANK.plain : topLawRank;
    } else if (s.rank !== null) {
      rank = s.rank;
    } else {
      // An unlabelled Markdown heading: beside labelled ones of its level, else placed by its level.
      const level = s.mdLevel ?? 1;
      // 附则, 附件 and the like stand beside the top-level parts whatever their mark.
      const beside = BESIDE_TOP.test(s.rest) && topLawRankFound ? topLawRank : rankAtLevel.get(level);
      const index = headingStack.findIndex((entry) => entry.mdLevel !== null && entry.mdLevel >= level);
      if (index >= 0) headingStack.length = index;
      rank = beside ?? (headingStack.at(-1)?.rank ?? 0) + 0.5;
    }
    while (headingStack.length && headingStack.at(-1)!.rank >= rank) headingStack.pop();
    const parentKey = headingStack.map((entry) => `${entry.style}:${entry.node.number}`).join('/');
    checkNumbering(`heading:${s.style}:${parentKey}`, s.number, line, s.label);
    // A marked Markdown heading keeps its whole text as its title, as written.
    const marked = s.mdLevel !== null;
    const whole = marked || s.style === 'preamble' || s.style === 'appendix';
    const { title, body } = s.style.startsWith('english') ? { title: s.rest, body: null } : whole ? { title: `${s.label}${s.rest}`, body: null } : splitHeadingText(s.rest);
    const node = newNode(line, 'heading', { label: marked ? null : s.label || null, number: marked ? null : s.number, title: title || null });
    headingContainer().push(node);
    headingStack.push({ style: s.style, rank, mdLevel: s.mdLevel, node });
    lastHeadingNo = line.no;
    lastHeadingText = line.text;
    if (body) {
      const paragraph = newNode(line, 'paragraph', { text: body });
      node.children.push(paragraph);
      lastTextNode = paragraph;
    } else lastTextNode = null;
    itemStack = [];
    article = null;
    paragraphOwner = null;
    lastArabic = null;
  };

  const openArticle = (line: SourceLine, s: Extract<Structural, { type: 'article' }>) => {
    let rest = s.rest;
    let title: string | null = null;
    const bracket = /^[【〔\[]([^】〕\]]{1,30})[】〕\]]\s*/.exec(rest);
    if (bracket) {
      title = bracket[1]!;
      rest = rest.slice(bracket[0].length);
    }
    if (!s.suffix) checkNumbering('article', s.number, line, s.label);
    const node = newNode(line, 'article', { label: s.label, number: s.number, title, text: rest || null });
    headingContainer().push(node);
    article = node;
    lastArticleNumber = s.number;
    lastSuffix = s.suffix;
    lastCnItem = null;
    lastArabic = null;
    itemStack = [];
    paragraphOwner = null;
    lastTextNode = node;
  };

  const openItem = (line: SourceLine, s: Extract<Structural, { type: 'item' }>) => {
    const index = itemStack.findIndex((entry) => entry.style === s.style);
    if (index >= 0) itemStack.length = index;
    const container = itemStack.at(-1)?.node.children ?? article?.children ?? headingContainer();
    checkNumbering(`item:${s.style}:${itemStack.length}:${article ? article.label : ''}`, s.number, line, s.label ?? '');
    const extraction = extractResponsible(s.rest);
    if (extraction.strayRemoved > 0) warn(state, 'stray-parenthesis', { label: s.label ?? '' }, line.no);
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
    if (article && s.style === 'cn-comma') lastCnItem = s.number;
    if (itemStack.length === 1 && (s.style === 'arabic' || s.style === 'arabic-comma')) lastArabic = s.number;
    // A title-only item ("1、加快推进农业现代化建设。（市农业农村局）") owns the paragraphs after it.
    paragraphOwner = !article && titleOnly ? node : null;
    lastTextNode = node;
  };

  const addParagraph = (line: SourceLine, text: string) => {
    const node = newNode(line, 'paragraph', { text });
    if (article) article.children.push(node);
    else if (paragraphOwner) paragraphOwner.children.push(node);
    else headingContainer().push(node);
    lastTextNode = node;
  };

  const expectedCnHeading = (): number | null => {
    for (let k = headingStack.length - 1; k >= 0; k--) {
      const entry = headingStack[k]!;
      if (entry.style === 'cn') return entry.node.number != null ? entry.node.number + 1 : null;
    }
    return null;
  };

  // Where the document marks its headings in Markdown, an unmarked line is not one: the guesses
  // below (a short line before numbered content, a lone 附则) are for plain text only.
  const guessHeadings = !options.markdownStructure;
  const enumeration = options.markdownStructure ? new Map<number, boolean>() : enumerationKinds(content, cursor, isNormativeTitle(options.title));

  const nextBodyText = (i: number): string | null => {
    for (let j = i + 1; j < content.length; j++) if (!content[j]!.markup) return content[j]!.text;
    return null;
  };

  // English plain text (see parse-english): a heading stands between two blocks; its level shows only
  // where it is numbered, and the report says so where it does not.
  const bodyLineAt = (from: number, step: 1 | -1, skip?: (text: string) => boolean): SourceLine | null => {
    for (let j = from + step; j >= cursor && j < content.length; j += step) {
      const candidate = content[j]!;
      if (!candidate.markup && !(skip && skip(candidate.text))) return candidate;
    }
    return null;
  };
  const englishHeading = (i: number, line: SourceLine): boolean => {
    const text = line.text;
    const shape = englishHeadingShape(text);
    if (!shape) return false;
    // The figure under a heading repeats it (an image's alt text): a caption, not a second heading.
    if (lastHeadingText.startsWith(text) && bodyLineAt(i, -1)?.no === lastHeadingNo) return false;
    const after = bodyLineAt(i, 1, (t) => text.startsWith(t));
    if (!after) return false;
    const afterShape = englishHeadingShape(after.text);
    const beforeParagraph =
      isEnglishParagraph(after.text) ||
      (afterShape !== null && !isEnglishParagraph(text) && isEnglishParagraph(bodyLineAt(content.indexOf(after, i), 1, (t) => after.text.startsWith(t))?.text ?? ''));
    if (!beforeParagraph) return false;
    const before = bodyLineAt(i, -1);
    if (shape.label === null && before) {
      if (leadsList(before.text)) return false;
      // After a list entry: a heading, or the list's last entry? Said so when a paragraph follows.
      if (before.no !== lastHeadingNo && !endsEnglishBlock(before.text)) {
        if (isEnglishParagraph(after.text)) warn(state, 'possible-heading', { text }, line.no);
        return false;
      }
    }
    const rank = shape.depth === null ? RANK.plain : RANK.english + shape.depth;
    openHeading(line, { type: 'heading', style: shape.label === null ? 'english' : 'english-numbered', rank, mdLevel: null, label: shape.label ?? '', number: null, rest: shape.title });
    // Unnumbered: placed at the top, a guess. Numbered under an unnumbered one: where it nests is a guess too.
    if (shape.label === null || headingStack.slice(0, -1).some((entry) => entry.style === 'english')) warn(state, 'heading-level', { text }, line.no);
    return true;
  };

  for (let i = cursor; i < content.length; i++) {
    const line = content[i]!;
    const text = line.text;
    if (takeMarkup(line, state) || takePageLine(line, state)) continue;
    if (i >= notesFrom) {
      state.bodyLines += 1;
      const first = text[0]!;
      let number = circledNumber(first);
      let label = number !== null ? first : null;
      if (number === null) {
        // The converter turned ⑪ and later into "?": infer the number from the run.
        const previous = root.at(-1);
        number = previous?.number != null ? previous.number + 1 : null;
        label = number !== null ? toCircled(number) : null;
        warn(state, 'footnote-marker', { label: label ?? '?' }, line.no);
      }
      root.push(newNode(line, 'paragraph', { label, number, text: text.slice(1).trim() }));
      headingStack.length = 0;
      continue;
    }
    // Before the first heading or article, history lines, contents and title pieces are front matter.
    if (!structureStarted && (!line.heading || /^目\s*录$/.test(text))) {
      const end = takeFrontMatterAt(content, i, state, options.title);
      if (end > i) {
        i = end - 1;
        previousClosed = true;
        continue;
      }
    }
    if (STAGE_MARKER.test(text)) {
      meta.draftStage ??= STAGE_MARKER.exec(text)![1]!;
      state.metaLines += 1;
      continue;
    }
    // 落款: the issuing body and the date under a notice.
    const next = nextBodyText(i);
    if (!line.heading && text.length <= 30 && ORG_SUFFIX.test(text) && !ANY_TERMINAL_PUNCT.test(text) && next !== null && DATE_ONLY.test(next)) {
      meta.signature = { issuer: text, date: next };
      state.metaLines += 2;
      i += 1;
      while (content[i]?.markup) i += 1;
      continue;
    }
    if (!line.heading && DATE_ONLY.test(text)) {
      meta.signature = { issuer: meta.signature?.issuer ?? null, date: text };
      state.metaLines += 1;
      continue;
    }
    const context: ClassifyContext = {
      inArticle: article !== null,
      expectedArticle: lastArticleNumber + 1,
      lastSuffix,
      previousClosed,
      previousColon,
      expectedCnItem: article && lastCnItem !== null ? lastCnItem + 1 : null,
      expectedCnHeading: expectedCnHeading(),
      expectedArabic: lastArabic !== null ? lastArabic + 1 : null,
      markdownStructure: options.markdownStructure,
      mdLevel: line.heading?.level ?? null,
      enumeration: enumeration.get(i) ?? null,
    };
    // A row of a table set with tabs is text of the table, whatever it starts with.
    if (line.tableRow) {
      state.bodyLines += 1;
      addParagraph(line, text);
      previousClosed = true;
      previousColon = false;
      continue;
    }
    const s = classify(text, context);
    state.bodyLines += 1;
    previousColon = /[：:]$/.test(text);
    if (s?.type === 'heading') {
      structureStarted = true;
      openHeading(line, s);
      previousClosed = true;
      continue;
    }
    previousClosed = CLOSES_CLAUSE.test(text);
    if (s?.type === 'article') {
      structureStarted = true;
      openArticle(line, s);
      continue;
    }
    if (s?.type === 'item') {
      openItem(line, s);
      continue;
    }
    if (s?.type === 'reference') {
      // The sentence before runs on: this line continues it, it does not start an article.
      if (s.ambiguous) warn(state, 'ambiguous-reference', { label: s.label }, line.no);
      const runOn = lastTextNode as ParsedNode | null;
      if (runOn) {
        runOn.text = `${runOn.text ?? ''}${text}`;
        continue;
      }
      addParagraph(line, text);
      continue;
    }
    // An unnumbered short line right before numbered content is a heading of its own ("具体任务分解").
    if (
      guessHeadings &&
      !english &&
      !article &&
      text.length <= 30 &&
      !ANY_TERMINAL_PUNCT.test(text) &&
      !isHistoryLine(text) &&
      !/[。＝=×÷+“”]/.test(text) &&
      isStructural(next, { expectedArticle: lastArticleNumber + 1, previousClosed: true })
    ) {
      openHeading(line, { type: 'heading', style: 'plain', rank: null, mdLevel: null, label: '', number: null, rest: text });
      previousClosed = true;
      continue;
    }
    // A few words alone between two articles (「附则」 before the last article) may be a heading or the
    // end of the article: taken as a heading, and said so in the report.
    if (
      guessHeadings &&
      article &&
      text.length <= 12 &&
      /^[\u4e00-\u9fff\s]+$/.test(text) &&
      next !== null &&
      ['article', 'heading'].includes(classify(next, { ...DEFAULT_CONTEXT, expectedArticle: lastArticleNumber + 1 })?.type ?? '')
    ) {
      warn(state, 'ambiguous-heading', { text }, line.no);
      openHeading(line, { type: 'heading', style: 'plain', rank: null, mdLevel: null, label: '', number: null, rest: text });
      previousClosed = true;
      continue;
    }
    if (guessHeadings && english && !article && englishHeading(i, line)) {
      previousClosed = true;
      continue;
    }
    addParagraph(line, text);
  }
  return root;
}
