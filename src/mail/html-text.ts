// HTML-only mail (QQ, 163, Outlook web, phones) turned into the plain text a person would read.
// Pure. Block elements become line breaks, entities are decoded, style/script/head vanish, and
// the contents of <blockquote> come out prefixed with "> " so that the quote stripper treats
// them like any other quoted history.

const NAMED_ENTITIES: Record<string, string> = {
  nbsp: '\u00a0', ensp: ' ', emsp: ' ', thinsp: ' ', zwsp: '', zwnj: '', zwj: '', shy: '',
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'",
  ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’', laquo: '«', raquo: '»', sbquo: '‚', bdquo: '„',
  hellip: '…', mdash: '—', ndash: '–', middot: '·', bull: '•', deg: '°', plusmn: '±',
  times: '×', divide: '÷', copy: '©', reg: '®', trade: '™', sect: '§', para: '¶',
  yen: '¥', cent: '¢', pound: '£', euro: '€', iexcl: '¡', iquest: '¿',
  larr: '←', rarr: '→', uarr: '↑', darr: '↓', harr: '↔', le: '≤', ge: '≥', ne: '≠',
  frac12: '½', frac14: '¼', frac34: '¾', sup1: '¹', sup2: '²', sup3: '³', micro: 'µ',
  prime: '′', Prime: '″', permil: '‰', dagger: '†', Dagger: '‡', loz: '◊', check: '✓',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?/g, (match, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
      return String.fromCodePoint(code);
    }
    // A bare "&foo" without ";" is only an entity for the handful browsers accept that way.
    if (!match.endsWith(';') && !['nbsp', 'amp', 'lt', 'gt', 'quot'].includes(body)) return match;
    return NAMED_ENTITIES[body] ?? NAMED_ENTITIES[body.toLowerCase()] ?? match;
  });
}

// Elements whose content is never shown to a reader.
const INVISIBLE = /<(head|style|script|title|template|noscript|xml|o:p[^>]*\/)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const BLOCK = new Set([
  'p', 'div', 'section', 'article', 'header', 'footer', 'main', 'aside', 'nav', 'address',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'thead', 'tbody',
  'tfoot', 'tr', 'pre', 'hr', 'center', 'form', 'fieldset', 'figure', 'figcaption', 'caption',
]);

interface Line {
  depth: number;
  text: string;
}

/** Plain text of an HTML mail body. */
export function htmlToText(html: string): string {
  let source = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '')
    .replace(/<!DOCTYPE[^>]*>/gi, '')
    .replace(INVISIBLE, '');
  // Hidden preheader text ("display:none") is not part of what the sender wrote for the reader.
  source = source.replace(/<(span|div)\b[^>]*display\s*:\s*none[^>]*>[\s\S]*?<\/\1\s*>/gi, '');

  const lines: Line[] = [];
  let current = '';
  let quoteDepth = 0;
  let pre = 0;
  let cellInRow = 0;

  const breakLine = () => {
    lines.push({ depth: quoteDepth, text: current });
    current = '';
  };
  const softBreak = () => {
    if (current.trim() !== '') breakLine();
  };

  const tokens = source.match(/<\/?[A-Za-z][^>]*>|<[^>]*>|[^<]+|</g) ?? [];
  for (const token of tokens) {
    if (token[0] === '<' && token.length > 1) {
      const m = /^<(\/?)([A-Za-z][A-Za-z0-9:-]*)/.exec(token);
      if (!m) continue;
      const closing = m[1] === '/';
      const name = m[2]!.toLowerCase();
      if (name === 'br') {
        breakLine();
      } else if (name === 'blockquote') {
        softBreak();
        quoteDepth = Math.max(0, quoteDepth + (closing ? -1 : 1));
      } else if (name === 'pre') {
        softBreak();
        pre = Math.max(0, pre + (closing ? -1 : 1));
      } else if (name === 'td' || name === 'th') {
        if (!closing) {
          if (cellInRow > 0 && current.trim() !== '') current += '\t';
          cellInRow += 1;
        }
      } else if (name === 'tr') {
        softBreak();
        cellInRow = 0;
      } else if (name === 'img') {
        const alt = /\balt\s*=\s*"([^"]*)"/i.exec(token)?.[1];
        if (alt && alt.trim()) current += decodeEntities(alt);
      } else if (BLOCK.has(name)) {
        softBreak();
      }
      continue;
    }
    const text = decodeEntities(token);
    current += pre > 0 ? text : text.replace(/[ \t\r\n\f]+/g, ' ');
    if (pre > 0 && current.includes('\n')) {
      const parts = current.split(/\r?\n/);
      current = parts.pop()!;
      for (const part of parts) lines.push({ depth: quoteDepth, text: part });
    }
  }
  breakLine();

  const out: string[] = [];
  for (const line of lines) {
    // A non-breaking space does not collapse (「&nbsp;&nbsp;」 is two spaces); now it is a space.
    const text = line.text.replace(/\u00a0/g, ' ').replace(/[ \u3000]+$/g, '').replace(/^ +/, '');
    out.push(line.depth > 0 ? `${'> '.repeat(line.depth)}${text}`.trimEnd() : text);
  }
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
