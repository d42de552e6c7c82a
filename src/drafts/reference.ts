// How people name a block of a draft, in legal form: 第十四条第二款, 第九条第（六）项, 第七十四条第二款
// 第（一）项, 第4项, 第三部分第1项, 第一部分第3段 — and its caption, that name with the block's full
// title (「第4项 深入推进城镇污水垃圾处理」), never cut. One set of rules (`Clauses`) for every
// place a clause is named: the feedback report in every format, the review queue, the results page
// and the outcome mail, the public comment form.
//
// What the legal name needs besides the block itself comes from the whole draft: which 款 of its
// article a paragraph or an item stands in (an article's own text is its first 款; the importer's
// keys say so too — `a5-k2` — but not for an item, and corrections add blocks with other keys, so
// the siblings decide), whether the article has more than one 款 (then its items name theirs), and
// whether items are numbered through the document (第4项) or afresh under each heading (第三部分第1项).
import { firstWords } from '../lib/text.ts';
import type { Locale } from '../lib/time.ts';
import { toChineseNumber } from './numerals.ts';

export { firstWords };

export interface ReferenceNode {
  kind: 'heading' | 'article' | 'item' | 'paragraph';
  label: string | null;
  number: number | null;
  title: string | null;
  text: string | null;
}

/** A block with its place in the tree, in document order. */
export interface ClauseBlock extends ReferenceNode {
  id: number;
  parent_id: number | null;
}

const CHINESE_NUMERAL = /[零〇一二两三四五六七八九十百千]/;
const FORMAL_HEADING = /^第.+[编章节]$|^第.+部分$|^第.+分编$/;

/** A block's own title, whole: the importer's title, else a text short enough to be one (a lead sentence, a short line). */
export function fullTitle(node: ReferenceNode): string | null {
  if (node.title?.trim()) return node.title.trim();
  const text = node.text?.trim();
  if (!text) return null;
  const lead = /^([^。！？!?；;]{2,32}?)[。！？!?；;]/.exec(text);
  // A lead sentence with a bracket or quote still open is not one (「《…》。…」 cut inside a title).
  if (lead && !/[《“（(「][^》”）)」]*$/.test(lead[1]!)) return lead[1]!.trim();
  return [...text].length <= 40 ? text.replace(/[。；;，,：:、]+$/, '') : null;
}

function isTitleOnly(node: ReferenceNode): boolean {
  return node.title !== null && (node.text ?? '').trim().replace(/[。！？!?]$/, '') === node.title.trim();
}

/** The legal names and captions of one draft's blocks. Pure; build it once per draft and ask it per block. */
export class Clauses {
  private readonly byId = new Map<number, ClauseBlock>();
  private readonly children = new Map<number | null, ClauseBlock[]>();
  private readonly labels = new Map<number, string>();
  private readonly captions = new Map<number, string>();
  /** Items outside articles carry one number through the draft (第4项), not afresh under each heading. */
  private readonly itemsNumberedThrough: boolean;

  constructor(
    blocks: readonly ClauseBlock[],
    private readonly locale: Locale,
  ) {
    for (const block of blocks) {
      this.byId.set(block.id, block);
      const siblings = this.children.get(block.parent_id) ?? [];
      siblings.push(block);
      this.children.set(block.parent_id, siblings);
    }
    const topNumbers = blocks.filter((b) => b.kind === 'item' && !this.ancestors(b).some((a) => a.kind === 'article' || a.kind === 'item')).map((b) => b.number);
    this.itemsNumberedThrough = topNumbers.every((n) => n !== null) && new Set(topNumbers).size === topNumbers.length;
  }

  /** 第十四条第二款; null for the whole draft or a block no longer in it. */
  label(blockId: number | null): string | null {
    if (blockId === null) return null;
    const cached = this.labels.get(blockId);
    if (cached !== undefined) return cached;
    const block = this.byId.get(blockId);
    if (!block) return null;
    const label = this.name(block);
    this.labels.set(blockId, label);
    return label;
  }

  /** 「第九条第（六）项 法律、行政法规规定的其他行政处罚」: the legal name and the block's whole title, if it has one. */
  caption(blockId: number | null): string | null {
    const label = this.label(blockId);
    if (label === null) return null;
    const cached = this.captions.get(blockId!);
    if (cached !== undefined) return cached;
    const block = this.byId.get(blockId!)!;
    const title = block.kind === 'heading' ? null : fullTitle(block);
    const caption = title && title !== label ? `${label} ${title}` : label;
    this.captions.set(blockId!, caption);
    return caption;
  }

  private get zh(): boolean {
    return this.locale === 'zh-CN';
  }

  private parent(block: ClauseBlock): ClauseBlock | null {
    return block.parent_id === null ? null : (this.byId.get(block.parent_id) ?? null);
  }

  private ancestors(block: ClauseBlock): ClauseBlock[] {
    const out: ClauseBlock[] = [];
    for (let p = this.parent(block); p; p = this.parent(p)) out.unshift(p);
    return out;
  }

  /** Paragraph siblings before the block among its parent's children. */
  private paragraphsBefore(block: ClauseBlock): number {
    let n = 0;
    for (const sibling of this.children.get(block.parent_id) ?? []) {
      if (sibling.id === block.id) break;
      if (sibling.kind === 'paragraph') n++;
    }
    return n;
  }

  private hasParagraphs(block: ClauseBlock): boolean {
    return (this.children.get(block.id) ?? []).some((c) => c.kind === 'paragraph');
  }

  private name(block: ClauseBlock): string {
    const parent = this.parent(block);
    switch (block.kind) {
      case 'heading':
        return `${block.label ?? ''}${FORMAL_HEADING.test(block.label ?? '') && block.title ? ' ' : ''}${block.title ?? ''}`.trim() || firstWords(block.text);
      case 'article':
        return this.article(block);
      case 'item':
        return this.item(block, parent);
      case 'paragraph':
        return this.paragraph(block, parent);
    }
  }

  private article(block: ClauseBlock): string {
    if (this.zh) return block.label ?? (block.number !== null ? `第${toChineseNumber(block.number)}条` : '');
    const suffix = /之(.+)$/.exec(block.label ?? '');
    return `Article ${block.number ?? '?'}${suffix ? `-${suffix[1]}` : ''}`;
  }

  /** 第（六）项 for （六）, 第一项 for 一、, 第4项 for 4. — the number as the draft writes it. */
  private itemNumber(block: ClauseBlock): string {
    const label = block.label ?? '';
    if (block.number === null) return label.replace(/[、.．。:：\s]+$/, '');
    const digits = CHINESE_NUMERAL.test(label) ? toChineseNumber(block.number) : String(block.number);
    return /[（(]/.test(label) ? `（${digits}）` : digits;
  }

  private item(block: ClauseBlock, parent: ClauseBlock | null): string {
    const zh = this.zh;
    const n = zh ? this.itemNumber(block) : block.number !== null && /[（(]/.test(block.label ?? '') ? `(${block.number})` : String(block.number ?? block.label ?? '');
    if (parent?.kind === 'article') {
      // An article of several 款 names the 款 its items stand in: they follow that 款's text.
      const paragraph = this.hasParagraphs(parent) ? this.paragraphsBefore(block) + (parent.text ? 1 : 0) || 1 : null;
      const article = this.article(parent);
      if (zh) return `${article}${paragraph ? `第${toChineseNumber(paragraph)}款` : ''}第${n}项`;
      return `${article}${paragraph ? `(${paragraph})` : ''}, item ${n}`;
    }
    if (parent?.kind === 'item') {
      // Under a 项, the next level is the 目.
      const within = this.label(parent.id)!;
      return zh ? `${within}第${n}目` : `${within}, sub-item ${n}`;
    }
    if (block.number === null) {
      const name = block.label?.trim() || fullTitle(block) || firstWords(block.text);
      return zh ? `「${name}」` : `“${name}”`;
    }
    const part = this.itemsNumberedThrough ? null : this.partName(block);
    if (zh) return `${part ?? ''}第${n}项`;
    return part ? `${part}, item ${n}` : `item ${n}`;
  }

  private paragraph(block: ClauseBlock, parent: ClauseBlock | null): string {
    const zh = this.zh;
    // Footnotes (①) keep their mark.
    if (block.label && block.number !== null) return zh ? `注释${block.label}` : `note ${block.number}`;
    if (parent?.kind === 'article') {
      // The article's own text is its first 款; a paragraph under it is the next.
      const k = this.paragraphsBefore(block) + (parent.text ? 2 : 1);
      const article = this.article(parent);
      return zh ? `${article}第${toChineseNumber(k)}款` : `${article}(${k})`;
    }
    if (parent?.kind === 'item' || parent?.kind === 'paragraph') {
      // An item of a title alone (「1、加快推进农业现代化建设。」) heads its paragraphs; one with text is their first.
      const k = this.paragraphsBefore(block) + (parent.text && !isTitleOnly(parent) ? 2 : 1);
      const within = this.label(parent.id)!;
      return zh ? `${within}第${toChineseNumber(k)}段` : `${within}, paragraph ${k}`;
    }
    const k = this.paragraphsBefore(block) + 1;
    const part = parent?.kind === 'heading' ? this.headingName(parent) : null;
    if (zh) return `${part ?? ''}第${k}段`;
    return part ? `${part}, paragraph ${k}` : `paragraph ${k}`;
  }

  /** The nearest numbered heading above the block, as part of a reference; null where none is. */
  private partName(block: ClauseBlock): string | null {
    for (let p = this.parent(block); p; p = this.parent(p)) {
      if (p.kind === 'heading' && p.label?.trim()) return this.headingName(p);
    }
    return null;
  }

  /** A heading as part of a reference: 第一章, 第三部分 (for 三、), 第二部分（一）, 「总体目标」 for one without a number. */
  private headingName(heading: ClauseBlock): string {
    const zh = this.zh;
    const label = heading.label?.trim() ?? '';
    const n = heading.number;
    if (FORMAL_HEADING.test(label)) return zh ? label : `${/章$/.test(label) ? 'Chapter' : /节$/.test(label) ? 'Section' : 'Part'} ${n ?? label}`;
    if (n !== null && /^[零〇一二两三四五六七八九十百千]+[、.．]$/.test(label)) return zh ? `第${toChineseNumber(n)}部分` : `Part ${n}`;
    if (n !== null && /^[（(].+[）)]$/.test(label)) {
      const prefix = this.partName(heading) ?? '';
      const digits = CHINESE_NUMERAL.test(label) ? toChineseNumber(n) : String(n);
      return zh ? `${prefix}（${digits}）` : `${prefix}${prefix ? ' ' : ''}(${n})`;
    }
    if (label) return label.replace(/[、.．:：\s]+$/, '');
    const title = heading.title?.trim() || firstWords(heading.text);
    return zh ? `「${title}」` : `“${title}”`;
  }
}

function alone(node: ReferenceNode, parent: ReferenceNode | null | undefined): ClauseBlock[] {
  return parent ? [{ ...parent, id: 1, parent_id: null }, { ...node, id: 2, parent_id: 1 }] : [{ ...node, id: 2, parent_id: null }];
}

/** Without its siblings a paragraph's place (第几款, 第几段) is unknown: it is named by its first words instead. */
function quoted(node: ReferenceNode, locale: Locale): string {
  return locale === 'zh-CN' ? `「${firstWords(node.text)}」` : `“${firstWords(node.text)}”`;
}

const isPlainParagraph = (node: ReferenceNode) => node.kind === 'paragraph' && !(node.label && node.number !== null);

/**
 * The legal name of one block when only its parent is at hand (the mail understanding reads blocks
 * one by one): as `Clauses` names it where the parent suffices, a paragraph by its first words.
 * Prefer `Clauses`.
 */
export function blockReference(node: ReferenceNode, locale: Locale, parent?: ReferenceNode | null): string {
  return isPlainParagraph(node) ? quoted(node, locale) : new Clauses(alone(node, parent), locale).label(2)!;
}

/** blockReference with the block's whole title. */
export function blockCaption(node: ReferenceNode, locale: Locale, parent?: ReferenceNode | null): string {
  return isPlainParagraph(node) ? quoted(node, locale) : new Clauses(alone(node, parent), locale).caption(2)!;
}

/**
 * The block's text as the 修改对照表 prints it: its title and text (the label stands apart). An
 * item's title is often its text's first words (「聚力乡村振兴。加快…」): then the text alone.
 */
export function sideText(block: Pick<ReferenceNode, 'title' | 'text'>): string {
  if (block.title && block.text?.startsWith(block.title)) return block.text;
  return [block.title, block.text].filter((s) => s !== null && s !== '').join(' ');
}

/** How the table names a block: 第五条, 第五条第二款, 第八条（一）, 第4项, 第二章 规划和建设. */
export function changeLabel(block: ReferenceNode & { key: string }, parent: ReferenceNode | null, locale: Locale): string {
  if (block.kind === 'paragraph' && parent?.kind === 'article') {
    const k = /-k(\d+)$/.exec(block.key)?.[1];
    if (k) return locale === 'zh-CN' ? `${parent.label ?? ''}第${toChineseNumber(Number(k))}款` : `${blockReference(parent, locale)}, para. ${k}`;
  }
  if (block.kind === 'heading') return block.label ?? '';
  return blockReference(block, locale, parent);
}
