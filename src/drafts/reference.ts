// How people name a block: 第4项, 第五条第二款, 一、狠抓推进问题整改, or its first words.
import type { Locale } from '../lib/time.ts';
import { firstWords } from '../lib/text.ts';
import { toChineseNumber } from './numerals.ts';

export { firstWords };

export interface ReferenceNode {
  kind: 'heading' | 'article' | 'item' | 'paragraph';
  label: string | null;
  number: number | null;
  title: string | null;
  text: string | null;
}

export function blockReference(node: ReferenceNode, locale: Locale, parent?: ReferenceNode | null): string {
  const zh = locale === 'zh-CN';
  switch (node.kind) {
    case 'item':
      if (parent?.kind === 'article' && node.label) return `${blockReference(parent, locale)}${node.label}`;
      if (node.number !== null) return zh ? `第${node.number}项` : `item ${node.number}`;
      return firstWords(node.text);
    case 'article':
      return zh ? (node.label ?? '') : `Article ${node.number}`;
    case 'heading':
      return `${node.label ?? ''}${node.title ?? ''}`;
    case 'paragraph':
      if (node.label && node.number !== null) return zh ? `注释${node.label}` : `note ${node.number}`;
      return zh ? `「${firstWords(node.text)}」` : `“${firstWords(node.text)}”`;
  }
}

/** 第4项 深入推进城镇污水垃圾处理 — a reference with the block's title or first words. */
export function blockCaption(node: ReferenceNode, locale: Locale, parent?: ReferenceNode | null): string {
  const reference = blockReference(node, locale, parent);
  if (node.kind === 'paragraph' || node.kind === 'heading') return reference;
  const detail = node.title ?? firstWords(node.text);
  return detail ? `${reference} ${detail}` : reference;
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
