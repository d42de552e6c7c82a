// Stable ids: readable anchors that double as permalinks (#i4, #s2-1, #a5-k2, #p3, #a10zhi1 for 第十条之一).
import { parseChineseNumber } from './numerals.ts';
import type { ParsedNode } from './parse-types.ts';

export function countBlocks(nodes: ParsedNode[]): { blocks: number; commentable: number } {
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

export function assignIds(root: ParsedNode[]): void {
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
        const suffix = /之(.+)$/.exec(node.label ?? '');
        node.id = unique(suffix ? `a${node.number}zhi${parseChineseNumber(suffix[1]!) ?? suffix[1]}` : `a${node.number}`);
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
