// Personal data a commenter typed into the text of a comment is masked before the text is shown
// publicly: mobile and landline numbers, ID card numbers and email addresses.
//
// Matching runs on a copy of the text with full-width digits, letters and signs folded to ASCII
// (people typing with a Chinese input method often produce １３８…), and the masks are applied at
// the same positions in the original: each of those characters is one UTF-16 unit either way, so
// positions agree and everything that is not masked stays exactly as the commenter wrote it.

/** 18-digit resident ID (last character may be X), optionally written in 6-8-4 groups. */
const ID_CARD = /(?<![0-9A-Za-z])\d{6}[- ]?\d{8}[- ]?\d{3}[\dXx](?![0-9A-Za-z])/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/** 138 0013 8000, 138-0013-8000, +86 13800138000. */
const MOBILE = /(?<![\d*])(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)/g;
/** 0798-8389957, 010 12345678, (0511)8765432, （0511）87654321, 0511－87654321. */
const LANDLINE = /(?<![\d*])(?:\(0\d{2,3}\)|0\d{2,3})[- ]?\d{7,8}(?!\d)/g;

function foldWidth(text: string): string {
  // U+FF01..U+FF5E are the full-width forms of ASCII U+0021..U+007E; U+3000 is the ideographic space.
  return text.replace(/[\uff01-\uff5e\u3000]/g, (ch) => (ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0)));
}

/**
 * How a match is shown: `original` is the text as typed, `folded` the same characters in ASCII.
 * Kept characters are taken from `original`, so full-width digits that stay remain full-width.
 */
type Masker = (original: string, folded: string) => string;

/** Hides the digits for which `hide(i, n)` holds, the i-th of n digits; separators stay. */
function hideDigits(original: string, folded: string, hide: (i: number, n: number) => boolean, digit = /\d/): string {
  const n = folded.split('').filter((ch) => digit.test(ch)).length;
  let i = 0;
  return folded
    .split('')
    .map((ch, k) => (digit.test(ch) && hide(i++, n) ? '*' : original[k]))
    .join('');
}

const maskers: [RegExp, Masker][] = [
  // First six and last four stay, as on official documents; the birth date goes.
  [ID_CARD, (original, folded) => hideDigits(original, folded, (i) => i >= 6 && i < 14, /[\dXx]/)],
  // The first character of the mailbox and the whole domain stay.
  [EMAIL, (original, folded) => `${original[0]}***${original.slice(folded.indexOf('@'))}`],
  // The network prefix and the last four digits stay (after a +86 country code).
  [MOBILE, (original, folded) => hideDigits(original, folded, (i, n) => i >= n - 8 && i < n - 4)],
  // The area code and the last two digits stay.
  [LANDLINE, (original, folded) => {
    const local = /\d{7,8}$/.exec(folded)![0];
    const start = folded.length - local.length;
    return original.slice(0, start) + '*'.repeat(local.length - 2) + original.slice(-2);
  }],
];

export function maskPersonalData(text: string): string {
  if (!/[0-9@\uff10-\uff19\uff20]/.test(text)) return text;
  let current = text;
  // One pattern at a time, so that a later pattern sees what an earlier one already masked.
  for (const [pattern, masker] of maskers) {
    const folded = foldWidth(current);
    let out = '';
    let last = 0;
    for (const m of folded.matchAll(pattern)) {
      const end = m.index + m[0].length;
      out += current.slice(last, m.index) + masker(current.slice(m.index, end), m[0]);
      last = end;
    }
    current = out + current.slice(last);
  }
  return current;
}

/** 张三 → 张*; Zhang San → Z***: how a private commenter's name appears in the public report. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  if (/^[\u4e00-\u9fff]/.test(chars[0]!)) return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
  return chars[0] + '***';
}
