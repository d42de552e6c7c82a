// Corrections an officer makes to a parsed draft before publishing it: merge, split, change a
// level, turn a heading into a paragraph or back, edit a text, restore a line the importer set
// aside. Pure: works on the draft as an outline (blocks in document order with their depth), so
// every correction is a list edit and the tree follows from the depths. Neither the database nor
// Hono is imported here; ./structure-store.ts turns the result into one batch.
import type { BlockKind } from '../drafts/parse-types.ts';

export interface OutlineEntry {
  /** The stored block's id; null for a block a correction creates. */
  id: number | null;
  key: string;
  depth: number;
  kind: BlockKind;
  label: string | null;
  number: number | null;
  title: string | null;
  text: string | null;
  lead: string[];
  support: string[];
  sourceLine: number | null;
  sourceText: string | null;
}

export type Correction =
  | { type: 'merge'; key: string }
  | { type: 'split'; key: string; parts: string[] }
  | { type: 'indent'; key: string }
  | { type: 'outdent'; key: string }
  | { type: 'kind'; key: string; kind: 'heading' | 'paragraph' }
  | { type: 'edit'; key: string; label: string | null; title: string | null; text: string | null }
  | { type: 'restore'; line: number; text: string }
  /** Removes a block and what is under it; the route puts their text in the import report. */
  | { type: 'delete'; key: string }
  /** Raises or lowers every heading at one depth, each with what is under it. */
  | { type: 'level'; depth: number; direction: 'raise' | 'lower' };

export type CorrectionErrorCode =
  | 'unknown-block'
  | 'merge-no-next'
  | 'merge-heading'
  | 'merge-next-not-paragraph'
  | 'merge-next-has-children'
  | 'split-too-few'
  | 'split-changed-text'
  | 'indent-first'
  | 'indent-too-deep'
  | 'outdent-top'
  | 'kind-same'
  | 'kind-not-convertible'
  | 'edit-empty'
  | 'level-none';

/** A correction that does not apply; the code names the reason, the routes say it in words. */
export class CorrectionError extends Error {
  constructor(readonly code: CorrectionErrorCode) {
    super(code);
  }
}

/** The largest depth the outline allows: the public page nests no deeper than this. */
export const MAX_DEPTH = 6;

function indexOf(entries: OutlineEntry[], key: string): number {
  const index = entries.findIndex((e) => e.key === key);
  if (index < 0) throw new CorrectionError('unknown-block');
  return index;
}

/** Index one past the block's last descendant. */
export function subtreeEnd(entries: OutlineEntry[], index: number): number {
  const depth = entries[index]!.depth;
  let end = index + 1;
  while (end < entries.length && entries[end]!.depth > depth) end++;
  return end;
}

/** Each entry's parent key: the nearest earlier entry one level up. */
export function parentKeys(entries: OutlineEntry[]): (string | null)[] {
  const stack: OutlineEntry[] = [];
  return entries.map((entry) => {
    stack.length = entry.depth;
    const parent = entry.depth > 0 ? stack[entry.depth - 1] : undefined;
    stack[entry.depth] = entry;
    return parent?.key ?? null;
  });
}

/** Depths describe a tree: the first is 0 and none goes more than one level below its predecessor. */
export function isValidOutline(entries: OutlineEntry[]): boolean {
  return entries.every((e, i) => e.depth >= 0 && e.depth <= MAX_DEPTH && (i === 0 ? e.depth === 0 : e.depth <= entries[i - 1]!.depth + 1));
}

/** Fresh keys for new blocks: readable, and never one already used in this consultation. */
function uniqueKey(entries: OutlineEntry[], base: string): string {
  const used = new Set(entries.map((e) => e.key));
  let key = base;
  for (let k = 2; used.has(key); k++) key = `${base}-${k}`;
  return key;
}

/** Pieces of one text rejoin without a space, unless both sides are Latin letters or digits. */
function joinTexts(a: string, b: string): string {
  return /[A-Za-z0-9]$/.test(a) && /^[A-Za-z0-9]/.test(b) ? `${a} ${b}` : `${a}${b}`;
}

const normalise = (text: string) => text.replace(/\s+/g, '');

function paragraph(entries: OutlineEntry[], base: string, depth: number, text: string, source: { line: number | null; text: string | null }): OutlineEntry {
  return {
    id: null,
    key: uniqueKey(entries, base),
    depth,
    kind: 'paragraph',
    label: null,
    number: null,
    title: null,
    text,
    lead: [],
    support: [],
    sourceLine: source.line,
    sourceText: source.text,
  };
}

const clean = (value: string | null) => {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
};

/** The outline after the correction; throws CorrectionError when it does not apply. */
export function applyCorrection(entries: readonly OutlineEntry[], correction: Correction): OutlineEntry[] {
  const out = entries.map((e) => ({ ...e }));
  switch (correction.type) {
    case 'merge': {
      const i = indexOf(out, correction.key);
      const block = out[i]!;
      const next = out[i + 1];
      if (block.kind === 'heading') throw new CorrectionError('merge-heading');
      if (!next) throw new CorrectionError('merge-no-next');
      if (next.kind !== 'paragraph') throw new CorrectionError('merge-next-not-paragraph');
      if (subtreeEnd(out, i + 1) > i + 2) throw new CorrectionError('merge-next-has-children');
      block.text = joinTexts(block.text ?? '', next.text ?? '');
      block.lead = [...new Set([...block.lead, ...next.lead])];
      block.support = [...new Set([...block.support, ...next.support])];
      block.sourceText = [block.sourceText, next.sourceText].filter((s) => s !== null).join('\n') || null;
      out.splice(i + 1, 1);
      return out;
    }
    case 'split': {
      const i = indexOf(out, correction.key);
      const block = out[i]!;
      const parts = correction.parts.map((p) => p.trim()).filter((p) => p !== '');
      if (parts.length < 2) throw new CorrectionError('split-too-few');
      if (normalise(parts.join('')) !== normalise(block.text ?? '')) throw new CorrectionError('split-changed-text');
      block.text = parts[0]!;
      // A paragraph's continuation is its sibling; the rest of an item's or article's text is the
      // first thing inside it, before its own sub-items.
      const hasChildren = subtreeEnd(out, i) > i + 1;
      const depth = block.kind === 'paragraph' && !hasChildren ? block.depth : block.depth + 1;
      if (depth > MAX_DEPTH) throw new CorrectionError('indent-too-deep');
      const added: OutlineEntry[] = [];
      for (const part of parts.slice(1)) {
        const entry = paragraph([...out, ...added], block.key, depth, part, { line: block.sourceLine, text: null });
        added.push(entry);
      }
      out.splice(i + 1, 0, ...added);
      return out;
    }
    case 'indent':
    case 'outdent': {
      const i = indexOf(out, correction.key);
      const block = out[i]!;
      const end = subtreeEnd(out, i);
      const delta = correction.type === 'indent' ? 1 : -1;
      if (delta === 1) {
        if (i === 0) throw new CorrectionError('indent-first');
        if (out[i - 1]!.depth < block.depth) throw new CorrectionError('indent-first');
        if (out.slice(i, end).some((e) => e.depth + 1 > MAX_DEPTH)) throw new CorrectionError('indent-too-deep');
      } else if (block.depth === 0) {
        throw new CorrectionError('outdent-top');
      }
      for (let k = i; k < end; k++) out[k]!.depth += delta;
      return out;
    }
    case 'kind': {
      const i = indexOf(out, correction.key);
      const block = out[i]!;
      if (block.kind === correction.kind) throw new CorrectionError('kind-same');
      if (correction.kind === 'paragraph') {
        if (block.kind !== 'heading') throw new CorrectionError('kind-not-convertible');
        const text = [block.title, block.text].filter((s) => s !== null && s !== '').join(' ');
        block.kind = 'paragraph';
        block.text = text || null;
        block.title = null;
      } else {
        if (block.kind !== 'paragraph') throw new CorrectionError('kind-not-convertible');
        block.kind = 'heading';
        block.title = block.text;
        block.text = null;
      }
      return out;
    }
    case 'edit': {
      const i = indexOf(out, correction.key);
      const block = out[i]!;
      const label = clean(correction.label);
      const title = clean(correction.title);
      const text = clean(correction.text);
      if (!title && !text) throw new CorrectionError('edit-empty');
      block.label = label;
      block.title = title;
      block.text = text;
      return out;
    }
    case 'delete': {
      const i = indexOf(out, correction.key);
      out.splice(i, subtreeEnd(out, i) - i);
      return out;
    }
    case 'level': {
      const keys = out.filter((e) => e.kind === 'heading' && e.depth === correction.depth).map((e) => e.key);
      if (keys.length === 0) throw new CorrectionError('level-none');
      // One heading at a time, in document order, each with its subtree: the same checks as one step.
      let current = out;
      for (const key of keys) current = applyCorrection(current, { type: correction.direction === 'raise' ? 'outdent' : 'indent', key });
      return current;
    }
    case 'restore': {
      // The line goes back where it stood in the source: after the last block that began before it.
      let after = -1;
      out.forEach((e, k) => {
        if (e.sourceLine !== null && e.sourceLine < correction.line && (after < 0 || e.sourceLine >= out[after]!.sourceLine!)) after = k;
      });
      let at = 0;
      let depth = 0;
      if (after >= 0) {
        const anchor = out[after]!;
        if (anchor.kind === 'paragraph') {
          at = subtreeEnd(out, after);
          depth = anchor.depth;
        } else {
          at = after + 1;
          depth = Math.min(anchor.depth + 1, MAX_DEPTH);
        }
      }
      out.splice(at, 0, paragraph(out, `r${correction.line}`, depth, correction.text.trim(), { line: correction.line, text: correction.text }));
      return out;
    }
  }
}

/** The blocks a correction took out, in document order (a deletion's text goes to the report). */
export function removedEntries(before: readonly OutlineEntry[], after: readonly OutlineEntry[]): OutlineEntry[] {
  const kept = new Set(after.map((e) => e.key));
  return before.filter((e) => !kept.has(e.key));
}

/** A deleted block as one line of text, as it would be restored. */
export function deletedText(entry: OutlineEntry): string {
  return entry.sourceText ?? [entry.label, entry.title, entry.text].filter((s) => s !== null && s !== '').join(' ');
}

/** What the import report counts: every block, and those a reader can comment on. */
export function outlineStats(entries: OutlineEntry[]): { blocks: number; commentable: number } {
  return { blocks: entries.length, commentable: entries.filter((e) => e.kind !== 'heading').length };
}
