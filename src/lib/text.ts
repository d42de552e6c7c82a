// Small text helpers shared by the cores and the views, and the door-side text cleaner.

/** The first `length` characters (as a reader counts them), with 「…」 when cut. */
export function firstWords(text: string | null, length = 16): string {
  if (!text) return '';
  const chars = [...text];
  return chars.length > length ? `${chars.slice(0, length).join('')}…` : text;
}

// Characters XML 1.0 forbids: C0 controls other than tab, line feed and carriage return; the
// noncharacters U+FFFE and U+FFFF; and halves of surrogate pairs standing alone (which JSON can
// carry as "\ud800"). None of them is visible, none belongs in a comment or a draft, and one of
// them is enough to make an XLSX sheet or a DOCX document refuse to open. Text is cleaned of them
// where it comes in (forms, the JSON API, uploaded and imported drafts, mail); the export side
// cleans again on its way out. Pure.
//
// (The export side has its own copy on the formats branch, `exportText` in src/lib/sanitize.ts;
// one of the two goes when both have landed.)

// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text without the characters XML 1.0 forbids (dropped: none of them is visible). */
export function cleanText(text: string): string {
  XML_FORBIDDEN.lastIndex = 0;
  return XML_FORBIDDEN.test(text) ? text.replace(XML_FORBIDDEN, '') : text;
}

/** Every string in a parsed JSON value, cleaned (objects and arrays rebuilt, the rest as it is). */
export function cleanJson(value: unknown): unknown {
  if (typeof value === 'string') return cleanText(value);
  if (Array.isArray(value)) return value.map(cleanJson);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[cleanText(key)] = cleanJson(item);
    return out;
  }
  return value;
}
