// One text sanitiser for every export. XML 1.0 allows tab, line feed, carriage return and every
// character from U+0020 up, except lone surrogate halves and U+FFFE/U+FFFF. A comment, a reason or
// a name can hold anything a browser, a mail client or an officer's paste puts there; one such
// character makes an XLSX sheet or a DOCX document refuse to open, and is noise in HTML. Pure.

// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text without the characters XML 1.0 forbids (they are dropped: none of them is visible). */
export function exportText(text: string): string {
  return text.replace(XML_FORBIDDEN, '');
}

/**
 * The same rule at the doors — the comment form, the JSON API, every office form, uploaded and
 * imported drafts, comments read from mail — so that what is stored is clean already (a body of
 * nothing but such characters is then empty, and refused as such); the exports clean again on
 * their way out.
 */
export const cleanText = exportText;
