// Headings of an English page pasted as plain text, where the Markdown or HTML that marked them is
// gone. What the text still shows: a heading is a short line without a closing full stop that stands
// between two blocks — after the end of a paragraph (or the title, a rule, another heading) and
// before a paragraph. Its level shows only where it is numbered (7.1, 7.2; A., B.); an unnumbered
// heading is placed at the top level and the import report says so with its line. Pure.

export interface EnglishHeading {
  /** 7.1 or A. (the label as written), null when unnumbered. */
  label: string | null;
  title: string;
  /** For numbered headings: 1 + the number of dots inside (7 → 1, 7.1 → 2, 7.1.3 → 3; A. → 1). */
  depth: number | null;
}

const NUMBERED = /^(\d{1,2}(?:\.\d{1,2})+)\s+([A-Z].*)$|^([A-Z])\.\s+([A-Z].*)$/;
// A line ending in a word that needs more after it (「License details; and」) is part of a sentence.
const UNFINISHED = /\b(and|or|nor|but|of|the|to|a|an|for|with|in|on|by|at|from|as|that|which)$/i;

/** The shape of a heading: short, starting with a capital or a digit, no closing punctuation. */
export function englishHeadingShape(text: string): EnglishHeading | null {
  if (text.length > 80 || !/^[A-Z0-9]/.test(text) || /[.:;,!?]$/.test(text) || /;/.test(text) || UNFINISHED.test(text)) return null;
  const numbered = NUMBERED.exec(text);
  if (numbered) {
    if (numbered[1]) return { label: numbered[1], title: numbered[2]!, depth: numbered[1].split('.').length };
    return { label: `${numbered[3]}.`, title: numbered[4]!, depth: 1 };
  }
  return { label: null, title: text, depth: null };
}

/** A paragraph: a long line, or one that ends a sentence (a footnote number may follow the stop). */
export function isEnglishParagraph(text: string): boolean {
  return text.length >= 100 || /[.!?:]["'”’)\]]*\d{0,3}$/.test(text);
}

/** The line before a heading ends a block: a sentence's end, a rule, a code fence. */
export function endsEnglishBlock(text: string): boolean {
  return /[.!?]["'”’)\]]*\d{0,3}$/.test(text) || /^(-{3,}|\*{3,}|_{3,}|```.*|~~~.*)$/.test(text);
}

/** After a colon the short lines that follow are the entries of a list. */
export function leadsList(text: string): boolean {
  return /[:：]$/.test(text);
}
