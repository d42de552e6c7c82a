// The 修改对照表: a revised text against the one before it, block by block, with the character
// differences marked, the comments made on each earlier block and what became of them, and the
// office's reason for each change. Compiled from the data, never typed. Pure: it is given the two
// texts' blocks, their correspondence (src/drafts/correspond.ts), the office's reasons and a
// reader of comments, and imports neither the database nor Hono.
//
// Two shapes of the same table:
// - pairs, one earlier block against one revised block — the JSON, exactly
//   { before: { id, label, text } | null, after: … | null, change, comments, reason } in the order
//   of the revised text, removed blocks where they stood (a merge is one pair per earlier block,
//   a split one pair per part);
// - groups, the rows people read (HTML, DOCX, XLSX): blocks joined by a split or a merge share
//   one row, the earlier ones on the left, the revised ones on the right, each side marked.
import { changeLabel, sideText } from '../drafts/reference.ts';

export { changeLabel, sideText };
import { type ChangeKind, type Correspondence } from '../drafts/correspond.ts';
import { diffText, type DiffPiece } from '../drafts/diff.ts';
import { type Locale, type Translate, translator } from '../lib/i18n.ts';
import type { Decision } from '../lib/vocabulary.ts';
import { DECISIONS, decisionLabel } from './build.ts';

export interface ChangeBlock {
  id: number;
  key: string;
  parent_id: number | null;
  kind: 'heading' | 'article' | 'item' | 'paragraph';
  label: string | null;
  number: number | null;
  title: string | null;
  text: string | null;
}

/** A comment made on an earlier block, as the table lists it. */
export interface ChangeComment {
  trackingNumber: string;
  decision: Decision | null;
  /** The decision's reason (draws the default 修改理由); not printed. */
  reason: string | null;
}

export interface ChangesInput {
  consultation: { slug: string; title: string; issuer: string | null };
  before: { number: number; title: string };
  after: { number: number; title: string; published: boolean };
  beforeBlocks: ChangeBlock[];
  afterBlocks: ChangeBlock[];
  rows: Correspondence[];
  /** The office's reasons, by the block they are about (a revised block, or a removed earlier one). */
  reasons: ReadonlyMap<number, string>;
  /** The comments (spam left out) made on these earlier blocks, in the order received. */
  comments(blockIds: number[]): Promise<ChangeComment[]>;
  locale: Locale;
  now: Date;
}

export interface ChangeSide {
  /** The block's permalink key (its #anchor), as in the API. */
  id: string;
  label: string;
  text: string;
}

/** One pair: exactly the JSON row. */
export interface ChangePair {
  before: ChangeSide | null;
  after: ChangeSide | null;
  change: ChangeKind;
  comments: { trackingNumber: string; decision: Decision | null }[];
  reason: string;
}

/** One side of a row people read: a block's label and its text cut into marked pieces. */
export interface MarkedBlock {
  key: string;
  label: string;
  pieces: DiffPiece[];
}

export interface ChangeGroup {
  index: number;
  change: ChangeKind;
  changeLabel: string;
  /** Kept characters over all characters, 0–1, for the blocks of the row together. */
  similarity: number;
  before: MarkedBlock[];
  after: MarkedBlock[];
  comments: ChangeComment[];
  reason: string;
  /** The reason was drafted from the comments' decisions, not written by the office. */
  reasonDrafted: boolean;
}

export interface ChangesTable {
  t: Translate;
  locale: Locale;
  title: string;
  subtitle: string;
  consultation: ChangesInput['consultation'];
  generatedAt: string;
  /** How many rows of each kind (pairs). */
  counts: Record<ChangeKind, number>;
  headers: { index: string; before: string; after: string; reason: string; change: string; comments: string };
  pairs(): AsyncIterable<ChangePair>;
  groups(): AsyncIterable<ChangeGroup>;
}

const DRAFTED_FROM: readonly Decision[] = ['adopted', 'partly_adopted'];

/**
 * The reason the office would write by default: the comments it adopted on the earlier blocks,
 * with the reasons it gave; a renumbered block says so; otherwise nothing (the office writes it).
 */
export function draftReason(change: ChangeKind, comments: ChangeComment[], t: Translate): string {
  if (change === 'same') return '';
  const adopted = DECISIONS.filter((d) => DRAFTED_FROM.includes(d))
    .map((decision) => ({ decision, list: comments.filter((c) => c.decision === decision) }))
    .filter((entry) => entry.list.length > 0);
  if (adopted.length === 0) return change === 'renumbered' ? t('changes.reason.renumbered') : '';
  const parts = adopted.map(({ decision, list }) => {
    const numbers = list.map((c) => c.trackingNumber).join('、');
    const reasons = [...new Set(list.map((c) => c.reason?.trim()).filter((r): r is string => Boolean(r)))];
    return t('changes.reason.adopted', { decision: decisionLabel(t, decision), numbers, count: list.length, reasons: reasons.join('；') });
  });
  return parts.join('\n');
}

/** Cuts one side of a diff (its equal pieces and its own edits) back into the blocks it was joined from. */
function cutSide(pieces: DiffPiece[], side: 'before' | 'after', lengths: number[]): DiffPiece[][] {
  const own = pieces.filter((p) => p.op === 'equal' || p.op === (side === 'before' ? 'delete' : 'insert'));
  const out: DiffPiece[][] = lengths.map(() => []);
  let block = 0;
  let room = lengths[0] ?? 0;
  for (const piece of own) {
    let chars = [...piece.text];
    while (chars.length > 0) {
      while (room === 0 && block < lengths.length - 1) room = lengths[++block]!;
      const take = room === 0 ? chars.length : Math.min(room, chars.length);
      out[block]!.push({ op: piece.op, text: chars.slice(0, take).join('') });
      chars = chars.slice(take);
      room -= take;
    }
  }
  return out;
}

export function buildChanges(input: ChangesInput): ChangesTable {
  const { locale } = input;
  const t = translator(locale);
  const beforeById = new Map(input.beforeBlocks.map((b) => [b.id, b]));
  const afterById = new Map(input.afterBlocks.map((b) => [b.id, b]));
  const label = (block: ChangeBlock, all: Map<number, ChangeBlock>) => changeLabel(block, block.parent_id === null ? null : (all.get(block.parent_id) ?? null), locale);
  const side = (block: ChangeBlock | undefined, all: Map<number, ChangeBlock>): ChangeSide | null => (block ? { id: block.key, label: label(block, all), text: sideText(block) } : null);
  const reasonOf = (row: Correspondence) => input.reasons.get(row.after ?? row.before[0]!)?.trim() ?? '';

  const counts = Object.fromEntries(['same', 'renumbered', 'changed', 'moved', 'split', 'merged', 'added', 'removed'].map((k) => [k, 0])) as Record<ChangeKind, number>;
  for (const row of input.rows) counts[row.change] += Math.max(1, row.before.length);

  // Rows joined by a shared block form one group, placed where its first row stands.
  const parent = input.rows.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const firstWith = new Map<string, number>();
  input.rows.forEach((row, i) => {
    for (const key of [...row.before.map((id) => `b${id}`), ...(row.after === null ? [] : [`a${row.after}`])]) {
      const other = firstWith.get(key);
      if (other === undefined) firstWith.set(key, i);
      else parent[find(i)] = find(other);
    }
  });
  const members = new Map<number, Correspondence[]>();
  input.rows.forEach((row, i) => {
    const root = find(i);
    members.set(root, [...(members.get(root) ?? []), row]);
  });
  const groups = [...new Set(input.rows.map((_, i) => find(i)))].map((root) => members.get(root)!);
  const beforePosition = new Map(input.beforeBlocks.map((b, i) => [b.id, i]));
  const chars = (text: string) => [...text].length;

  return {
    t,
    locale,
    title: t('changes.title', { title: input.after.title }),
    subtitle: t('changes.subtitle', { before: input.before.number, after: input.after.number }),
    consultation: input.consultation,
    generatedAt: input.now.toISOString(),
    counts,
    headers: {
      index: t('reports.col.index'),
      before: t('changes.col.before'),
      after: t('changes.col.after'),
      reason: t('changes.col.reason'),
      change: t('changes.col.change'),
      comments: t('changes.col.comments'),
    },

    async *pairs() {
      for (const row of input.rows) {
        const comments = row.before.length ? await input.comments(row.before) : [];
        const drafted = reasonOf(row) || draftReason(row.change, comments, t);
        const after = row.after === null ? null : side(afterById.get(row.after), afterById);
        const befores = row.before.length ? row.before : [null];
        for (const id of befores) {
          const own = id === null ? [] : row.before.length > 1 ? await input.comments([id]) : comments;
          yield {
            before: id === null ? null : side(beforeById.get(id), beforeById),
            after,
            change: row.change,
            comments: own.map((c) => ({ trackingNumber: c.trackingNumber, decision: c.decision })),
            reason: drafted,
          };
        }
      }
    },

    async *groups() {
      let index = 0;
      for (const group of groups) {
        const beforeIds = [...new Set(group.flatMap((r) => r.before))].sort((x, y) => beforePosition.get(x)! - beforePosition.get(y)!);
        const afterIds = [...new Set(group.map((r) => r.after).filter((id): id is number => id !== null))];
        const befores = beforeIds.map((id) => beforeById.get(id)!).filter(Boolean);
        const afters = afterIds.map((id) => afterById.get(id)!).filter(Boolean);
        const beforeTexts = befores.map(sideText);
        const afterTexts = afters.map(sideText);
        const pieces = diffText(beforeTexts.join(''), afterTexts.join(''));
        const left = cutSide(pieces, 'before', beforeTexts.map(chars));
        const right = cutSide(pieces, 'after', afterTexts.map(chars));
        const comments = beforeIds.length ? await input.comments(beforeIds) : [];
        const change = group.find((r) => r.change !== 'same')?.change ?? 'same';
        const written = [...new Set(group.map(reasonOf).filter(Boolean))].join('\n');
        const reason = written || draftReason(change, comments, t);
        const kept = pieces.filter((p) => p.op === 'equal').reduce((n, p) => n + chars(p.text), 0);
        const total = chars(beforeTexts.join('')) + chars(afterTexts.join(''));
        index += 1;
        yield {
          index,
          change,
          changeLabel: t(`changes.kind.${change}`),
          similarity: total === 0 ? 1 : (2 * kept) / total,
          before: befores.map((b, k) => ({ key: b.key, label: label(b, beforeById), pieces: left[k]! })),
          after: afters.map((b, k) => ({ key: b.key, label: label(b, afterById), pieces: right[k]! })),
          comments,
          reason,
          reasonDrafted: !written && reason !== '',
        };
      }
    },
  };
}

export const CHANGE_KIND_KEYS = ['same', 'renumbered', 'changed', 'moved', 'split', 'merged', 'added', 'removed'] as const;
