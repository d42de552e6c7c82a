// Which block of a revised text comes from which block of the text before it: the block
// correspondence a 修改对照表 is built on. Pure: no database, no Hono.
//
// Each block of the revision is said to be
//   same        the text and its number kept,
//   renumbered  the text kept under another number (第五条 → 第六条),
//   changed     the text altered in place,
//   moved       taken from elsewhere in the text (altered or not),
//   split       one part of a block that became several,
//   merged      made of several blocks,
//   added       new,
// and each block of the text before that has no successor is removed.
//
// How:
// 1. Each block's content — its title and text without its own number (第五条, 一、, （二）) —
//    is compared by character bigrams (Dice), through an index of the bigrams so that only blocks
//    sharing some wording are compared at all.
// 2. The order-preserving matching of greatest total similarity (pairs above MATCH) is the
//    backbone: revisions insert, delete and rewrite, but mostly keep the order. It is a
//    heaviest increasing chain over the candidate pairs (a Fenwick tree of maxima).
// 3. What is left between two matched pairs is the old and the new wording of one stretch of
//    text: blocks there that keep a fair share of each other's wording are paired (one to one:
//    changed; several to one: split or merged). Then, across the whole text: a revised block much
//    like an unmatched earlier block elsewhere is moved; one whose wording lies within an earlier
//    block that a neighbouring revised block continues is a split; an earlier block whose wording
//    lies within a revised block beside its other sources is merged into it.
// 4. The rest are added and removed. Blocks the office matched by hand are taken as given.
import { diffText, type DiffPiece, keptRatio } from './diff.ts';
import type { BlockKind } from './parse-types.ts';

export const CHANGE_KINDS = ['same', 'renumbered', 'changed', 'moved', 'split', 'merged', 'added', 'removed'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface CorrespondBlock {
  id: number;
  /** The permalink key, which encodes the block's number: a5, a5-k2, s2-1, i4. */
  key: string;
  kind: BlockKind;
  label: string | null;
  number: number | null;
  title: string | null;
  text: string | null;
}

/** One block of the revision (or, removed, of the text before) and where it comes from. */
export interface Correspondence {
  /** Ids of the earlier blocks it comes from: one, several when merged, none when added. */
  before: number[];
  /** The revised block; null for a removed block. */
  after: number | null;
  change: ChangeKind;
  /** How much of the wording stayed, 0–1: kept characters over all characters, both sides. */
  similarity: number;
  /** The office set the sources by hand. */
  overridden: boolean;
}

/** The office's word on a revised block: the earlier blocks it comes from ([] for a new block). */
export type Overrides = ReadonlyMap<number, readonly number[]>;

/** Pairs below this bigram similarity are never matched in order. */
const MATCH = 0.4;
/** An out-of-order pair needs this much to be called a move rather than an addition and a removal. */
const MOVE = 0.6;
/** A part of a split (or a block merged into another) has at least this share of its bigrams in the other. */
const CONTAINED = 0.75;
/** …and is not a crumb: a block of fewer characters is left to be added or removed. */
const MIN_PART = 6;
/** Between two matched pairs, a block continues another with this much bigram similarity… */
const REWRITE = 0.3;
/** …or this share of either one's bigrams found in the other. */
const REWRITE_CONTAINED = 0.5;
/** Parts of a split, and blocks merged, stand within this many blocks of each other. */
const NEAR = 3;

const NUMERAL = '[一二三四五六七八九十百千零〇两0-9０-９]+';
const OWN_NUMBER = new RegExp(
  `^(?:第${NUMERAL}(?:条之${NUMERAL}|[编章节条款项目部分]|分编)|${NUMERAL}[、．.]|[（(]${NUMERAL}[）)]|[①-⑳])\\s*`,
);

/** A block's wording for comparison: title and text, without its own number, spaces or punctuation widths. */
export function blockContent(block: Pick<CorrespondBlock, 'title' | 'text'>): string {
  const joined = [block.title, block.text].filter((s) => s !== null && s !== '').join('');
  return joined
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(OWN_NUMBER, '')
    .replace(/[【】]/g, '');
}

/** Character bigrams with their counts, each bigram as one number (two code points). */
function shingles(content: string): Map<number, number> {
  const points: number[] = [];
  for (const ch of content) points.push(ch.codePointAt(0)!);
  const counts = new Map<number, number>();
  const add = (gram: number) => counts.set(gram, (counts.get(gram) ?? 0) + 1);
  if (points.length < 3) {
    // Too short for bigrams: the characters, and the whole as a gram of its own (negative, never a bigram).
    if (points.length > 0) add(-1 - points.reduce((h, p) => (h * 31 + p) % 2 ** 40, 7));
    for (const p of points) add(p);
    return counts;
  }
  for (let i = 0; i + 1 < points.length; i++) add(points[i]! * 0x110000 + points[i + 1]!);
  return counts;
}

const sizeOf = (counts: Map<number, number>) => {
  let n = 0;
  for (const c of counts.values()) n += c;
  return n;
};

/** Where a block's number shows: its key, except for free paragraphs, whose key only counts them. */
function numbering(block: CorrespondBlock): string {
  return /^(p|n)\d+$/.test(block.key) ? '' : block.key;
}

const headingLike = (kind: BlockKind) => kind === 'heading';

interface Prepared {
  block: CorrespondBlock;
  index: number;
  content: string;
  grams: Map<number, number>;
  size: number;
}

function prepare(blocks: readonly CorrespondBlock[]): Prepared[] {
  return blocks.map((block, index) => {
    const content = blockContent(block);
    const grams = shingles(content);
    return { block, index, content, grams, size: sizeOf(grams) };
  });
}

/** For each revised block, the shared bigram count with each earlier block that shares any. */
function overlaps(before: Prepared[], after: Prepared[]): Map<number, number>[] {
  // Postings as parallel arrays, and one dense accumulator reused for every revised block: the
  // common bigrams of a law (应当, 人民, 规定) are in most of its blocks.
  const postings = new Map<number, { index: number[]; count: number[] }>();
  for (const b of before) {
    for (const [gram, count] of b.grams) {
      let list = postings.get(gram);
      if (!list) postings.set(gram, (list = { index: [], count: [] }));
      list.index.push(b.index);
      list.count.push(count);
    }
  }
  const sums = new Int32Array(before.length);
  const touched: number[] = [];
  return after.map((a) => {
    for (const [gram, count] of a.grams) {
      const list = postings.get(gram);
      if (!list) continue;
      for (let k = 0; k < list.index.length; k++) {
        const i = list.index[k]!;
        if (sums[i] === 0) touched.push(i);
        sums[i] = sums[i]! + Math.min(count, list.count[k]!);
      }
    }
    const shared = new Map<number, number>();
    for (const i of touched) {
      shared.set(i, sums[i]!);
      sums[i] = 0;
    }
    touched.length = 0;
    return shared;
  });
}

/** The heaviest chain of pairs increasing in both indexes (pairs sorted by after, then before descending). */
function heaviestChain(pairs: { i: number; j: number; weight: number }[], beforeCount: number): { i: number; j: number }[] {
  const sorted = [...pairs].sort((p, q) => p.j - q.j || q.i - p.i);
  // Fenwick tree over before indexes 1..n holding (best chain weight ending at or below, pair index).
  const tree = new Float64Array(beforeCount + 1);
  const treeAt = new Int32Array(beforeCount + 1).fill(-1);
  const best = new Float64Array(sorted.length);
  const back = new Int32Array(sorted.length).fill(-1);
  const query = (i: number): [number, number] => {
    let value = 0;
    let at = -1;
    for (let x = i; x > 0; x -= x & -x) if (tree[x]! > value) [value, at] = [tree[x]!, treeAt[x]!];
    return [value, at];
  };
  const update = (i: number, value: number, at: number) => {
    for (let x = i; x <= beforeCount; x += x & -x) if (value > tree[x]!) [tree[x], treeAt[x]] = [value, at];
  };
  let top = -1;
  sorted.forEach((pair, k) => {
    const [value, at] = query(pair.i); // pairs with a smaller before index (i is 0-based: i ⇒ 1..i)
    best[k] = value + pair.weight;
    back[k] = at;
    update(pair.i + 1, best[k]!, k);
    if (top < 0 || best[k]! > best[top]!) top = k;
  });
  const chain: { i: number; j: number }[] = [];
  for (let k = top; k >= 0; k = back[k]!) chain.push(sorted[k]!);
  return chain.reverse();
}

export interface CorrespondOptions {
  overrides?: Overrides;
}

/**
 * The correspondence of `after` (the revision) to `before`, in the order of the revision with
 * removed blocks where they stood.
 */
export function correspond(before: readonly CorrespondBlock[], after: readonly CorrespondBlock[], options: CorrespondOptions = {}): Correspondence[] {
  const overrides = options.overrides ?? new Map<number, readonly number[]>();
  const B = prepare(before);
  const A = prepare(after);
  const beforeIndex = new Map(before.map((b, i) => [b.id, i]));
  const shared = overlaps(B, A);
  const dice = (j: number, i: number) => {
    const common = shared[j]!.get(i) ?? 0;
    const total = A[j]!.size + B[i]!.size;
    return total === 0 ? (A[j]!.content === B[i]!.content ? 1 : 0) : (2 * common) / total;
  };
  /** The share of a block's bigrams found in another (given their shared count). */
  const within = (part: Prepared, common: number) => (part.size === 0 ? 0 : common / part.size);

  // The office's matches are fixed; the earlier blocks they name are not matched again.
  const sources: (number[] | null)[] = A.map(() => null);
  const claimed = new Set<number>();
  const overridden = new Set<number>();
  A.forEach((a, j) => {
    const given = overrides.get(a.block.id);
    if (!given) return;
    const indexes = given.map((id) => beforeIndex.get(id)).filter((i): i is number => i !== undefined);
    sources[j] = indexes;
    overridden.add(j);
    for (const i of indexes) claimed.add(i);
  });

  // 2. The backbone: in order, exact wording first (weight 1 plus a little), then similar wording.
  const pairs: { i: number; j: number; weight: number }[] = [];
  A.forEach((a, j) => {
    if (overridden.has(j)) return;
    for (const i of shared[j]!.keys()) {
      if (claimed.has(i) || headingLike(a.block.kind) !== headingLike(B[i]!.block.kind)) continue;
      const exact = a.content === B[i]!.content;
      const score = exact ? 1 : dice(j, i);
      // Where two blocks swap places, either could be the one that moved: the pair that stays
      // nearer its relative place in the text is kept in order, the other is the move.
      const drift = Math.abs(i / B.length - j / A.length) * 1e-3;
      if (score >= MATCH) pairs.push({ i, j, weight: (exact ? 1.05 : score * score) - drift });
    }
    // Blocks with no wording at all (an empty paragraph) match only their like.
    if (a.size === 0) B.forEach((b, i) => b.size === 0 && !claimed.has(i) && headingLike(b.block.kind) === headingLike(a.block.kind) && pairs.push({ i, j, weight: 1.05 }));
  });
  const aligned = new Set<number>();
  for (const { i, j } of heaviestChain(pairs, B.length)) {
    sources[j] = [i];
    aligned.add(j);
    claimed.add(i);
  }

  // 3a. Rewrites in place: between two matched pairs, what is left on either side is the old and
  // the new wording of one stretch of text. A revised block there that keeps a fair share of an
  // earlier block's wording continues it; several that share one split it; an earlier block
  // taken into one that already continues another is merged into it.
  const rewritten = new Set<number>();
  const gapSplits = new Set<number>();
  const anchors = [...aligned].sort((x, y) => x - y).map((j) => ({ i: sources[j]![0]!, j }));
  anchors.unshift({ i: -1, j: -1 });
  anchors.push({ i: B.length, j: A.length });
  const rewriteScore = (j: number, i: number) => {
    if (headingLike(A[j]!.block.kind) !== headingLike(B[i]!.block.kind)) return 0;
    const common = shared[j]!.get(i) ?? 0;
    const score = dice(j, i);
    return score >= REWRITE || within(A[j]!, common) >= REWRITE_CONTAINED || within(B[i]!, common) >= REWRITE_CONTAINED ? score : 0;
  };
  for (let k = 0; k + 1 < anchors.length; k++) {
    const olds: number[] = [];
    const news: number[] = [];
    for (let i = anchors[k]!.i + 1; i < anchors[k + 1]!.i; i++) if (!claimed.has(i)) olds.push(i);
    for (let j = anchors[k]!.j + 1; j < anchors[k + 1]!.j; j++) if (sources[j] === null) news.push(j);
    if (olds.length === 0 || news.length === 0) continue;
    const chosenBy = new Map<number, number[]>();
    for (const j of news) {
      let bestI = -1;
      let best = 0;
      for (const i of olds) {
        const score = rewriteScore(j, i);
        if (score > best) [bestI, best] = [i, score];
      }
      if (bestI < 0) continue;
      sources[j] = [bestI];
      rewritten.add(j);
      chosenBy.set(bestI, [...(chosenBy.get(bestI) ?? []), j]);
    }
    for (const [i, js] of chosenBy) {
      claimed.add(i);
      if (js.length > 1) for (const j of js) gapSplits.add(j);
    }
    for (const i of olds) {
      if (claimed.has(i)) continue;
      let bestJ = -1;
      let best = 0;
      for (const j of news) {
        if (!rewritten.has(j) || gapSplits.has(j)) continue;
        const share = within(B[i]!, shared[j]!.get(i) ?? 0);
        if (share >= REWRITE_CONTAINED && share > best) [bestJ, best] = [j, share];
      }
      if (bestJ < 0) continue;
      sources[bestJ] = [...sources[bestJ]!, i].sort((x, y) => x - y);
      claimed.add(i);
    }
  }

  // 3b. Moves: an unmatched revised block much like an unmatched earlier block out of order.
  const moves: { i: number; j: number; score: number }[] = [];
  A.forEach((a, j) => {
    if (sources[j] !== null) return;
    for (const i of shared[j]!.keys()) {
      if (claimed.has(i) || headingLike(a.block.kind) !== headingLike(B[i]!.block.kind)) continue;
      const score = dice(j, i);
      if (score >= MOVE) moves.push({ i, j, score });
    }
  });
  moves.sort((p, q) => q.score - p.score);
  const moved = new Set<number>();
  for (const { i, j } of moves) {
    if (sources[j] !== null || claimed.has(i)) continue;
    sources[j] = [i];
    moved.add(j);
    claimed.add(i);
  }

  // 3c. Splits: an unmatched revised block whose wording lies within an earlier block that a
  // neighbouring revised block continues.
  const continuedBy = new Map<number, number[]>();
  sources.forEach((list, j) => list?.length === 1 && continuedBy.set(list[0]!, [...(continuedBy.get(list[0]!) ?? []), j]));
  const late = new Set<number>();
  A.forEach((a, j) => {
    if (sources[j] !== null || [...a.content].length < MIN_PART || headingLike(a.block.kind)) return;
    let bestI = -1;
    let bestShare = 0;
    for (const [i, common] of shared[j]!) {
      if (headingLike(B[i]!.block.kind)) continue;
      // The parts of a split stand together: beside the revised block that continues the source.
      const partners = continuedBy.get(i);
      if (partners && !partners.some((other) => Math.abs(other - j) <= NEAR)) continue;
      const share = within(a, common);
      if (share > bestShare) [bestI, bestShare] = [i, share];
    }
    if (bestI < 0 || bestShare < CONTAINED) return;
    // A split when another revised block continues the same source; otherwise a rewrite found late.
    sources[j] = [bestI];
    late.add(j);
    continuedBy.set(bestI, [...(continuedBy.get(bestI) ?? []), j]);
    claimed.add(bestI);
  });

  // 3d. Merges: an unclaimed earlier block whose wording lies within a revised block.
  B.forEach((b, i) => {
    if (claimed.has(i) || [...b.content].length < MIN_PART || headingLike(b.block.kind)) return;
    let bestJ = -1;
    let bestShare = 0;
    A.forEach((a, j) => {
      if (overridden.has(j) || headingLike(a.block.kind)) return;
      // Blocks merged into one stood together: beside a block the revised block already continues.
      const own = sources[j];
      if (own?.length && !own.some((other) => Math.abs(other - i) <= NEAR)) return;
      const common = shared[j]!.get(i);
      if (!common) return;
      const share = within(b, common);
      if (share > bestShare) [bestJ, bestShare] = [j, share];
    });
    if (bestJ < 0 || bestShare < CONTAINED) return;
    // Merged into a block that continues another; into one that had no source, a rewrite found late.
    if (!sources[bestJ]?.length) late.add(bestJ);
    sources[bestJ] = [...(sources[bestJ] ?? []), i].sort((x, y) => x - y);
    claimed.add(i);
  });

  // The office's own matches: a source shared with another revised block is a split, several a merge.
  const users = new Map<number, number>();
  for (const list of sources) for (const i of list ?? []) users.set(i, (users.get(i) ?? 0) + 1);

  const entries: Correspondence[] = A.map((a, j) => {
    const list = sources[j] ?? [];
    const ids = list.map((i) => B[i]!.block.id);
    const isOverridden = overridden.has(j);
    if (list.length === 0) return { before: [], after: a.block.id, change: 'added', similarity: 0, overridden: isOverridden };
    const joined = list.map((i) => B[i]!.content).join('');
    const similarity = joined === a.content ? 1 : keptRatio(diffText(joined, a.content));
    let change: ChangeKind;
    if (list.length > 1) change = 'merged';
    else if (users.get(list[0]!)! > 1) change = 'split';
    else if (moved.has(j) || ((isOverridden || late.has(j)) && outOfOrder(sources, j))) change = 'moved';
    else if (a.content !== B[list[0]!]!.content) change = 'changed';
    else change = numbering(a.block) === numbering(B[list[0]!]!.block) ? 'same' : 'renumbered';
    return { before: ids, after: a.block.id, change, similarity, overridden: isOverridden };
  });

  return withRemoved(entries, sources, B);
}

/** A block the office matched by hand is out of order when its source lies outside its neighbours'. */
function outOfOrder(sources: (number[] | null)[], j: number): boolean {
  const own = sources[j]![0]!;
  for (let k = j - 1; k >= 0; k--) {
    const list = sources[k];
    if (list?.length) {
      if (Math.max(...list) > own) return true;
      break;
    }
  }
  for (let k = j + 1; k < sources.length; k++) {
    const list = sources[k];
    if (list?.length) return Math.min(...list) < own;
  }
  return false;
}

/** Removed blocks put where they stood: after the revised block that continues the nearest earlier block before them. */
function withRemoved(entries: Correspondence[], sources: (number[] | null)[], before: Prepared[]): Correspondence[] {
  const used = new Set<number>();
  for (const list of sources) for (const i of list ?? []) used.add(i);
  const removed = before.filter((b) => !used.has(b.index));
  if (removed.length === 0) return entries;
  // For each removed block, the last revised block whose sources come before it in the old text.
  const slots = new Map<number, Correspondence[]>();
  for (const b of removed) {
    let anchor = -1;
    let anchorSource = -1;
    sources.forEach((list, j) => {
      for (const i of list ?? []) {
        if (i < b.index && i >= anchorSource) {
          anchorSource = i;
          anchor = j;
        }
      }
    });
    const entry: Correspondence = { before: [b.block.id], after: null, change: 'removed', similarity: 0, overridden: false };
    slots.set(anchor, [...(slots.get(anchor) ?? []), entry]);
  }
  const out: Correspondence[] = [...(slots.get(-1) ?? [])];
  entries.forEach((entry, j) => out.push(entry, ...(slots.get(j) ?? [])));
  return out;
}

/** The character differences of one correspondence: the earlier blocks' content joined, against the revised block's. */
export function correspondenceDiff(before: readonly Pick<CorrespondBlock, 'title' | 'text'>[], after: Pick<CorrespondBlock, 'title' | 'text'> | null): DiffPiece[] {
  return diffText(before.map(blockContent).join(''), after ? blockContent(after) : '');
}
