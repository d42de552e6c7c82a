// Search keys: traditional folded to simplified, full-width to half-width, case folded, and
// punctuation and spaces dropped, so that 現在，我代表 is found by 现在我代表.
//
// The fold is character by character, from OpenCC's own tables (Taiwan variants, then
// traditional → simplified). Phrase-level conversion would pick better words for display, but a
// search key needs the same fold applied to text and query alike, and per character it costs
// microseconds where the phrase segmenter costs tens of them on every stored comment.
import TSCharacters from 'opencc-js/dict/TSCharacters';
import TWVariantsRev from 'opencc-js/dict/TWVariantsRev';

let table: Map<string, string> | null = null;

function buildTable(): Map<string, string> {
  const read = (dictionary: string) => {
    const map = new Map<string, string>();
    for (const entry of dictionary.split('|')) {
      const [from, to] = entry.split(' ');
      if (from && to && !map.has(from)) map.set(from, to);
    }
    return map;
  };
  const variants = read(TWVariantsRev);
  const simplified = read(TSCharacters);
  const folded = new Map(simplified);
  for (const [from, standard] of variants) folded.set(from, simplified.get(standard) ?? standard);
  return folded;
}

/** The character fold itself, for code that folds text its own way (src/review/duplicates.ts). */
export function simplifiedTable(): ReadonlyMap<string, string> {
  table ??= buildTable();
  return table;
}

export function toSimplified(text: string): string {
  table ??= buildTable();
  let out = '';
  for (const ch of text) out += table.get(ch) ?? ch;
  return out;
}

const IGNORED = /[\s\p{P}\p{S}]/u;
const IGNORED_ALL = /[\s\p{P}\p{S}]+/gu;

/** The key, and for each of its characters the index of the character it came from. */
export function searchIndex(text: string): { key: string; positions: number[] } {
  const folded = [...toSimplified(text.normalize('NFKC')).toLowerCase()];
  // NFKC can merge or split characters; positions then fall back to the start, which only
  // moves where an excerpt begins.
  const aligned = folded.length === [...text].length;
  let key = '';
  const positions: number[] = [];
  folded.forEach((ch, i) => {
    if (IGNORED.test(ch)) return;
    key += ch;
    positions.push(aligned ? i : 0);
  });
  return { key, positions };
}

export function searchKey(text: string): string {
  return toSimplified(text.normalize('NFKC')).toLowerCase().replace(IGNORED_ALL, '');
}
