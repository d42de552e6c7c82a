// Character-level differences between two texts, as a 修改对照表 marks them: what was struck out,
// what was put in, what stayed. Pure: no database, no Hono.
//
// Myers' O(ND) algorithm over code points (a Chinese text changes character by character, there
// are no words to split on), after the common prefix and suffix are set aside; then a clean-up
// that folds a stray kept character or two between two edits into the edits, so that a rewritten
// clause reads as one struck phrase and one new phrase rather than a comb of single characters.

export type DiffOp = 'equal' | 'insert' | 'delete';

export interface DiffPiece {
  op: DiffOp;
  text: string;
}

/** Above this many edits the texts have little in common: one deletion and one insertion say it. */
const MAX_EDITS = 2000;

function myers(a: string[], b: string[]): DiffPiece[] {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDITS);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    if (found >= 0) break;
  }
  if (found < 0) return [...(n ? [{ op: 'delete' as const, text: a.join('') }] : []), ...(m ? [{ op: 'insert' as const, text: b.join('') }] : [])];

  // Walk back through the snapshots: trace[d] holds v for k in [-d-1, d+1] as it was before step d.
  const ops: DiffOp[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const before = trace[d]!;
    const at = (k: number) => before[k + d + 1]!;
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push('equal');
      x--;
      y--;
    }
    if (down) {
      ops.push('insert');
      y--;
    } else {
      ops.push('delete');
      x--;
    }
  }
  while (x > 0 && y > 0) {
    ops.push('equal');
    x--;
    y--;
  }
  ops.reverse();
  const pieces: DiffPiece[] = [];
  let i = 0;
  let j = 0;
  for (const op of ops) {
    const ch = op === 'insert' ? b[j++]! : a[i++]!;
    if (op === 'equal') j++;
    const last = pieces[pieces.length - 1];
    if (last && last.op === op) last.text += ch;
    else pieces.push({ op, text: ch });
  }
  return pieces;
}

/** Adjacent pieces of one kind joined; within a run of edits, deletions before insertions. */
function normalise(pieces: DiffPiece[]): DiffPiece[] {
  const out: DiffPiece[] = [];
  let del = '';
  let ins = '';
  const flush = () => {
    if (del) out.push({ op: 'delete', text: del });
    if (ins) out.push({ op: 'insert', text: ins });
    del = '';
    ins = '';
  };
  for (const piece of pieces) {
    if (piece.text === '') continue;
    if (piece.op === 'delete') del += piece.text;
    else if (piece.op === 'insert') ins += piece.text;
    else {
      flush();
      const last = out[out.length - 1];
      if (last?.op === 'equal') last.text += piece.text;
      else out.push({ ...piece });
    }
  }
  flush();
  return out;
}

const editLength = (pieces: DiffPiece[], from: number, step: 1 | -1) => {
  let length = 0;
  for (let i = from; i >= 0 && i < pieces.length && pieces[i]!.op !== 'equal'; i += step) length += [...pieces[i]!.text].length;
  return length;
};

/**
 * A kept piece of one or two characters between two edits, each at least as long as it, is folded
 * into them: 「由市人民政府」→「由县级以上人民政府」 keeps 人民政府 but not a lone 由 or 市 between.
 */
function cleanup(input: DiffPiece[]): DiffPiece[] {
  let pieces = normalise(input);
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 1; i < pieces.length - 1; i++) {
      const piece = pieces[i]!;
      if (piece.op !== 'equal') continue;
      const size = [...piece.text].length;
      if (size > 2) continue;
      const left = editLength(pieces, i - 1, -1);
      const right = editLength(pieces, i + 1, 1);
      if (left < size || right < size || left === 0 || right === 0) continue;
      pieces = normalise([...pieces.slice(0, i), { op: 'delete', text: piece.text }, { op: 'insert', text: piece.text }, ...pieces.slice(i + 1)]);
      changed = true;
      break;
    }
  }
  return pieces;
}

/** The pieces that turn `before` into `after`, joined and cleaned up for reading. */
export function diffText(before: string, after: string): DiffPiece[] {
  const a = [...before];
  const b = [...after];
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const middle = myers(a.slice(start, a.length - end), b.slice(start, b.length - end));
  return cleanup([
    { op: 'equal', text: a.slice(0, start).join('') },
    ...middle,
    { op: 'equal', text: a.slice(a.length - end).join('') },
  ]);
}

/** How much of the two texts stayed: 2 × kept characters / all characters, 1 for two empty texts. */
export function keptRatio(pieces: DiffPiece[]): number {
  let kept = 0;
  let total = 0;
  for (const piece of pieces) {
    const size = [...piece.text].length;
    if (piece.op === 'equal') {
      kept += 2 * size;
      total += 2 * size;
    } else total += size;
  }
  return total === 0 ? 1 : kept / total;
}

/** The text before (equal and deleted pieces) or after (equal and inserted pieces). */
export function sideOf(pieces: DiffPiece[], side: 'before' | 'after'): string {
  const skip: DiffOp = side === 'before' ? 'insert' : 'delete';
  return pieces.filter((p) => p.op !== skip).map((p) => p.text).join('');
}
