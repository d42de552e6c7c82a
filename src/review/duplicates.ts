// Near-duplicate and form-letter grouping. Pure: comment ids and texts in, groups out.
//
// Two comments are near-duplicates when, after normalising (traditional → simplified, full-width
// → half-width, case folded, punctuation and spaces dropped: the search key), the Jaccard
// similarity of their sets of character 3-grams is at least 0.8. A form letter with a name, a
// village or a sentence changed stays above that; two people writing about the same paragraph
// in their own words fall far below it.
//
// Comparing every pair is out of the question at 100,000 comments, so:
// 1. identical normalised texts are merged first (a campaign is mostly exact copies);
// 2. each distinct text gets a one-permutation MinHash signature (32 bins, one hash per 3-gram)
//    and is filed under 8 LSH bands of 4 bins: two texts with similarity 0.8 share a band with
//    probability 1 − (1 − 0.8⁴)⁸ ≈ 0.985, texts with similarity 0.3 only ≈ 0.06;
// 3. a text sharing a band is compared exactly (Jaccard on the 3-gram sets) with the first few
//    texts filed there, and joins the first one similar enough. A campaign of 50,000 variants
//    therefore costs a handful of comparisons per variant, not 50,000.
// Groups are the connected components of those matches (union–find), so a chain of small edits
// stays one campaign.
import { simplifiedTable } from '../lib/chinese.ts';

export const SIMILARITY_THRESHOLD = 0.8;
/** Below this many 3-grams a text is too short for similarity to mean much: only exact copies group. */
export const MIN_SHINGLES = 8;

const SHINGLE = 3;
const BINS = 32;
const BANDS = 8;
const ROWS = BINS / BANDS;
/** How many representatives of a band bucket a new text is compared with. */
const REPRESENTATIVES_PER_BUCKET = 8;

export interface DuplicateInput {
  id: number;
  body: string;
}

// The search key (src/lib/chinese.ts searchKey: NFKC, traditional → simplified, lower case,
// punctuation, symbols and spaces dropped), computed as UTF-16 codes through one lookup table:
// grouping reads every comment of a consultation, and this is several times faster than
// building the key as a string, which matters at 100,000 comments.
let foldCodes: Uint32Array | null = null;
const IGNORED = /[\s\p{P}\p{S}]/u;

function foldOne(ch: string, fold: ReadonlyMap<string, string>): string {
  const lower = (fold.get(ch) ?? ch).toLowerCase();
  return IGNORED.test(lower) ? '' : lower;
}

function buildFoldCodes(): Uint32Array {
  const fold = simplifiedTable();
  // 0 = dropped; otherwise the folded code unit, or 0xFFFFFFFF when the fold is not one unit.
  const codes = new Uint32Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c < 0xe000) {
      codes[c] = 0xffffffff;
      continue;
    }
    const out = foldOne(String.fromCharCode(c), fold);
    codes[c] = out.length === 0 ? 0 : out.length === 1 ? out.charCodeAt(0) : 0xffffffff;
  }
  return codes;
}

/** The search key of a text, as UTF-16 code units. */
export function normalisedCodes(text: string): number[] {
  foldCodes ??= buildFoldCodes();
  const fold = simplifiedTable();
  const source = text.normalize('NFKC');
  const out: number[] = [];
  for (let i = 0; i < source.length; i++) {
    const code = foldCodes[source.charCodeAt(i)]!;
    if (code === 0) continue;
    if (code !== 0xffffffff) {
      out.push(code);
      continue;
    }
    // Rare: a character outside the BMP, or one whose fold is longer than one unit.
    const point = source.codePointAt(i)!;
    const ch = String.fromCodePoint(point);
    if (point > 0xffff) i++;
    const folded = foldOne(ch, fold);
    for (let k = 0; k < folded.length; k++) out.push(folded.charCodeAt(k));
  }
  return out;
}

/** The text as the grouping sees it: its search key. */
export function normaliseForDuplicates(text: string): string {
  return codesToString(normalisedCodes(text));
}

function codesToString(codes: number[]): string {
  let out = '';
  for (let i = 0; i < codes.length; i += 4096) out += String.fromCharCode(...codes.slice(i, i + 4096));
  return out;
}

function mix32(h: number): number {
  // MurmurHash3's finaliser: spreads every input bit over the whole word.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The sorted, distinct hashes of a normalised text's 3-grams of UTF-16 units. */
export function shingleHashes(codes: readonly number[]): Uint32Array {
  const count = Math.max(1, codes.length - SHINGLE + 1);
  const hashes = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    let h = 0x811c9dc5;
    for (let k = i; k < Math.min(codes.length, i + SHINGLE); k++) {
      h ^= codes[k]!;
      h = Math.imul(h, 0x01000193);
    }
    hashes[i] = mix32(h);
  }
  hashes.sort();
  let unique = 0;
  for (let i = 0; i < hashes.length; i++) if (i === 0 || hashes[i] !== hashes[i - 1]) hashes[unique++] = hashes[i]!;
  return hashes.slice(0, unique);
}

/**
 * How many hashes two sorted sets of distinct hashes share, walking both once; -1 as soon as the
 * count can no longer reach `needed`.
 */
function sharedCount(a: Uint32Array, b: Uint32Array, needed: number): number {
  let i = 0;
  let j = 0;
  let both = 0;
  while (i < a.length && j < b.length) {
    if (both + Math.min(a.length - i, b.length - j) < needed) return -1;
    if (a[i] === b[j]) {
      both++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return both;
}

/** Jaccard similarity of two sorted sets of distinct hashes. */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 && b.length === 0) return 1;
  const both = sharedCount(a, b, 0);
  return both / (a.length + b.length - both);
}

/**
 * Whether jaccard(a, b) ≥ threshold, stopping as soon as the answer is certain: J ≥ θ exactly
 * when |A∩B| ≥ θ/(1+θ)·(|A|+|B|), and most pairs compared are far from it.
 */
export function similarEnough(a: Uint32Array, b: Uint32Array, threshold: number): boolean {
  // A hair below the exact bound, so that rounding never stops a pair that jaccard() would accept.
  const needed = (threshold / (1 + threshold)) * (a.length + b.length) - 1e-6;
  const both = sharedCount(a, b, needed);
  return both >= 0 && both / (a.length + b.length - both) >= threshold;
}

/**
 * One-permutation MinHash: the top bits of a 3-gram's hash pick a bin, the rest compete for
 * that bin's minimum. Empty bins (short texts) borrow from the next filled bin, offset by the
 * distance, so that two texts agree on an empty bin only as often as on a filled one.
 */
function signature(hashes: Uint32Array): Uint32Array {
  const EMPTY = 0xffffffff;
  const sig = new Uint32Array(BINS).fill(EMPTY);
  for (const h of hashes) {
    const bin = h >>> 27;
    const value = h & 0x07ffffff;
    if (value < sig[bin]!) sig[bin] = value;
  }
  const dense = new Uint32Array(BINS);
  for (let b = 0; b < BINS; b++) {
    let d = 0;
    while (sig[(b + d) % BINS] === EMPTY && d < BINS) d++;
    dense[b] = d === BINS ? 0 : (sig[(b + d) % BINS]! + d * 0x08000000) >>> 0;
  }
  return dense;
}

function bandKey(sig: Uint32Array, band: number): number {
  let h = band + 1;
  for (let r = band * ROWS; r < (band + 1) * ROWS; r++) h = mix32((h ^ sig[r]!) + 0x9e3779b9);
  return h;
}

class UnionFind {
  private parent: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n).map((_v, i) => i);
  }
  find(x: number): number {
    while (this.parent[x] !== x) {
      this.parent[x] = this.parent[this.parent[x]!]!;
      x = this.parent[x]!;
    }
    return x;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    // The smaller index (the earlier text) becomes the root: results do not depend on the order of unions.
    if (ra < rb) this.parent[rb] = ra;
    else if (rb < ra) this.parent[ra] = rb;
  }
}

/** Work between two pauses of the asynchronous variant: a few milliseconds. */
const STEP = 500;

/**
 * The grouping as a generator that yields every few hundred comments, so that a server can
 * pause between steps and keep answering other requests while a large consultation is grouped.
 */
function* grouping(comments: readonly DuplicateInput[], threshold: number): Generator<void, Map<number, number>> {
  const sorted = [...comments].sort((a, b) => a.id - b.id);
  const textIndex = new Map<string, number>();
  const membersOf: number[][] = [];
  const sets = new UnionFind(sorted.length);
  // Only the texts kept in a bucket are compared again later; the others' 3-grams are dropped.
  const shingles: (Uint32Array | null)[] = [];
  const buckets: Map<number, number[]>[] = Array.from({ length: BANDS }, () => new Map());
  const comparedWith = new Int32Array(sorted.length).fill(-1);

  for (let n = 0; n < sorted.length; n++) {
    if (n > 0 && n % STEP === 0) yield;
    const comment = sorted[n]!;
    // 1. Exact copies after normalising.
    const codes = normalisedCodes(comment.body);
    const key = codesToString(codes);
    const known = textIndex.get(key);
    if (known !== undefined) {
      membersOf[known]!.push(comment.id);
      continue;
    }
    const t = membersOf.length;
    textIndex.set(key, t);
    membersOf.push([comment.id]);
    shingles.push(null);

    // 2–3. A new distinct text: its LSH buckets, and exact comparisons with what they hold.
    const hashes = shingleHashes(codes);
    if (hashes.length < MIN_SHINGLES) continue;
    const sig = signature(hashes);
    let kept = false;
    for (let band = 0; band < BANDS; band++) {
      const bandKeyValue = bandKey(sig, band);
      const bucket = buckets[band]!.get(bandKeyValue);
      if (!bucket) {
        buckets[band]!.set(bandKeyValue, [t]);
        kept = true;
        continue;
      }
      for (const other of bucket) {
        if (sets.find(other) === sets.find(t)) break;
        // The same pair meets again in other bands: compare it once.
        if (comparedWith[other] === t) continue;
        comparedWith[other] = t;
        const theirs = shingles[other]!;
        // Sets this different in size cannot reach the threshold: |A∩B|/|A∪B| ≤ min/max.
        if (Math.min(hashes.length, theirs.length) < threshold * Math.max(hashes.length, theirs.length)) continue;
        if (similarEnough(hashes, theirs, threshold)) {
          sets.union(other, t);
          break;
        }
      }
      // The first few texts of a bucket all stay in it, matched or not: a campaign's variants
      // then meet several earlier variants, not only the first, and chains of edits hold.
      if (bucket.length < REPRESENTATIVES_PER_BUCKET) {
        bucket.push(t);
        kept = true;
      }
    }
    if (kept) shingles[t] = hashes;
  }

  // Components → groups of comments, named by their first comment.
  const componentMembers = new Map<number, number[]>();
  for (let t = 0; t < membersOf.length; t++) {
    const root = sets.find(t);
    const list = componentMembers.get(root);
    // No spread: a campaign can have more members than a call may take arguments.
    if (list) for (const id of membersOf[t]!) list.push(id);
    else componentMembers.set(root, membersOf[t]!.slice());
  }
  const groups = new Map<number, number>();
  for (const members of componentMembers.values()) {
    if (members.length < 2) continue;
    let groupId = members[0]!;
    for (const id of members) if (id < groupId) groupId = id;
    for (const id of members) groups.set(id, groupId);
  }
  return groups;
}

/**
 * Groups near-identical comments. Returns, for every comment in a group of two or more, the
 * group's id: the smallest comment id in it (the first to arrive). Comments alone are absent.
 */
export function groupNearDuplicates(comments: readonly DuplicateInput[], threshold = SIMILARITY_THRESHOLD): Map<number, number> {
  const steps = grouping(comments, threshold);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** The same, awaiting `pause()` every few hundred comments (e.g. a zero timeout, to let a server breathe). */
export async function groupNearDuplicatesPausing(
  comments: readonly DuplicateInput[],
  pause: () => Promise<void>,
  threshold = SIMILARITY_THRESHOLD,
): Promise<Map<number, number>> {
  const steps = grouping(comments, threshold);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await pause();
  }
}
