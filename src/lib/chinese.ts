// Search keys: traditional folded to simplified, full-width to half-width, case folded, and
// punctuation and spaces dropped, so that 現在，我代表 is found by 现在我代表.
import * as OpenCC from 'opencc-js/t2cn';

let converter: ((text: string) => string) | null = null;

export function toSimplified(text: string): string {
  converter ??= OpenCC.Converter({ from: 'tw', to: 'cn' });
  return converter(text);
}

const IGNORED = /[\s\p{P}\p{S}]/u;

/** The key, and for each of its characters the index of the character it came from. */
export function searchIndex(text: string): { key: string; positions: number[] } {
  const folded = [...toSimplified(text.normalize('NFKC')).toLowerCase()];
  const original = [...text];
  // NFKC and the converter almost always keep one character per character; when they do not,
  // positions fall back to the start so that an excerpt is still shown.
  const aligned = folded.length === original.length;
  let key = '';
  const positions: number[] = [];
  folded.forEach((ch, i) => {
    if (IGNORED.test(ch)) return;
    key += ch;
    positions.push(aligned ? i : 0);
  });
  return { key, positions };
}

const IGNORED_ALL = /[\s\p{P}\p{S}]+/gu;

export function searchKey(text: string): string {
  return toSimplified(text.normalize('NFKC')).toLowerCase().replace(IGNORED_ALL, '');
}
