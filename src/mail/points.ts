// A department's reply cut into the points it makes. Pure.
//
// Greetings (「余峣同志：」「您好！」), receipts and introductions (「你委……收悉」「经研究，提出如下
// 意见：」), pointers to attachments, 无意见, sign-offs (「此致 敬礼」「以上意见供参考」), captions and
// the signature block (unit, date, 联系人, phone) are set aside with their kind (non-opinions.ts);
// what remains is cut into points: one per numbered line of the reply's own list, or per
// paragraph when it has none, with continuation lines and sub-lists kept with their point, and
// one per row of an opinion table (tables.ts).
import { classify, isContactRow, isGreeting, isSignOff, LEADING_GREETING, type NonOpinionKind, sentences, signatureKind, signsAfterSignOff } from './non-opinions.ts';
import { readRow, type TableHeader, tableHeader } from './tables.ts';

export type NumberStyle = 'arabic' | 'paren-arabic' | 'cn' | 'paren-cn' | 'circled' | 'ordinal' | 'bullet' | 'label';

export interface OwnNumber {
  style: NumberStyle;
  /** The marker as written: 「1.」「（二）」「①」. */
  marker: string;
  value: number | null;
}

export interface Point {
  /** The point's text with the reply's own leading number removed. */
  text: string;
  own: OwnNumber | null;
  /** The index of its first line in the source text. */
  at: number;
  /** Set for a row of an opinion table. */
  row?: { clause: string | null };
}

export interface CutText {
  points: Point[];
  /** What is not feedback, by kind, in the order of the text. */
  asides: Aside[];
  /** 「详见附件」: the sender says the feedback is in an attachment. */
  pointsToAttachment: boolean;
}

const CN_DIGIT = '一二三四五六七八九十';
const NUMBERING: { style: NumberStyle; pattern: RegExp }[] = [
  { style: 'paren-arabic', pattern: /^[(（]\s*(\d{1,3})\s*[)）]\s*/ },
  { style: 'paren-cn', pattern: new RegExp(`^[(（]\\s*([${CN_DIGIT}]{1,3})\\s*[)）]\\s*`) },
  { style: 'arabic', pattern: /^(\d{1,3})\s*(?:[.．、,，:：)）](?!\d)|\t)\s*/ },
  { style: 'cn', pattern: new RegExp(`^([${CN_DIGIT}]{1,3})\\s*[、.．,，:：]\\s*`) },
  { style: 'circled', pattern: /^([①-⑳])\s*/ },
  // 「第一，」「其二、」; but 「第一、二项」 and 「第4、5项」 are references, not a list.
  { style: 'ordinal', pattern: new RegExp(`^(第[${CN_DIGIT}]{1,3}|其[${CN_DIGIT}]|首先|其次|再次|最后)\\s*[,，、:：](?![\\d${CN_DIGIT}]+\\s*[条项点款])\\s*`) },
  // 「一是…」「二是…」, the official way of listing points.
  { style: 'ordinal', pattern: new RegExp(`^([${CN_DIGIT}]{1,2}是)[，,：:]?\\s*`) },
  // 「第一点意见：」「第二条建议，」: the reply's own points, unlike 「第一点」 alone (item 1).
  { style: 'label', pattern: new RegExp(`^(第[${CN_DIGIT}]{1,3}[点条](?:意见|建议|看法|修改意见))\\s*[:：,，、.．]\\s*`) },
  { style: 'label', pattern: new RegExp(`^((?:意见|建议|修改意见|问题)\\s*[${CN_DIGIT}\\d]{1,3})\\s*[:：、.．]\\s*`) },
  { style: 'bullet', pattern: /^([-•·●■◆*])\s+/ },
];

const CN_VALUES: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

function numeralValue(text: string): number | null {
  const digits = /\d+/.exec(text);
  if (digits) return Number(digits[0]);
  const circled = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳'.indexOf(text);
  if (circled >= 0) return circled + 1;
  const cn = /[一二三四五六七八九十]+/.exec(text)?.[0];
  if (!cn) return null;
  if (cn.length === 1) return CN_VALUES[cn] ?? null;
  if (cn[0] === '十') return 10 + (CN_VALUES[cn[1]!] ?? 0);
  const tens = CN_VALUES[cn[0]!] ?? 0;
  return cn[1] === '十' ? tens * 10 + (CN_VALUES[cn[2] ?? ''] ?? 0) : null;
}

export function ownNumber(line: string): { own: OwnNumber; rest: string } | null {
  for (const { style, pattern } of NUMBERING) {
    const match = pattern.exec(line);
    if (!match) continue;
    const rest = line.slice(match[0].length);
    // 「第一，」 is a list; 「第4项」 is a reference, and it has no comma right after the numeral.
    return { own: { style, marker: match[0].trim(), value: numeralValue(match[1]!) }, rest };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Setting aside what is not feedback

/** A line or sentence that is not an opinion; `at` orders it among the source's lines. */
export interface Aside {
  kind: NonOpinionKind;
  text: string;
  at: number;
}

export interface FeedbackLine {
  text: string;
  /** The line's index in the source text. */
  at: number;
  /** A row of an opinion table: one comment whatever its neighbours, on the paragraph its clause cell names. */
  row?: { clause: string | null };
}

export interface Feedback {
  /** The lines that carry feedback, in order; null where a blank line stood. */
  lines: (FeedbackLine | null)[];
  asides: Aside[];
  /** 「详见附件」: the sender says the feedback is in an attachment. */
  pointsToAttachment: boolean;
}

const LEADING_KINDS = new Set<NonOpinionKind>(['salutation', 'receipt', 'no-objection', 'general-remark']);
const TRAILING_KINDS = new Set<NonOpinionKind>(['signoff', 'pointer', 'contact', 'date', 'no-objection', 'general-remark']);

function tidy(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Sentences with their place in the line, so that what remains is cut from the line as written. */
function pieces(line: string): { text: string; start: number; end: number }[] {
  let from = 0;
  return sentences(line).map((text) => {
    const start = line.indexOf(text, from);
    from = start + text.length;
    return { text, start, end: from };
  });
}

/**
 * One line of several sentences: the salutation, receipt or 无意见 sentences it opens with, an
 * introduction up to a colon (「经研究，我局意见如下：一是…」), and the sign-off, pointer, contact or
 * 无意见 sentences it ends with are set aside; the rest is feedback (null when nothing is).
 */
function peel(line: string, at: number, leading: boolean, asides: Aside[]): string | null {
  const parts = pieces(line);
  let first = 0;
  let last = parts.length - 1;
  let n = 2;
  while (last > first) {
    const kind = classify(parts[first]!.text, leading);
    if (!kind || !LEADING_KINDS.has(kind)) break;
    asides.push({ kind, text: tidy(parts[first]!.text), at: at + 0.001 * n++ });
    first += 1;
  }
  const tail: Aside[] = [];
  while (last > first) {
    const kind = classify(parts[last]!.text, false);
    if (!kind || !TRAILING_KINDS.has(kind)) break;
    tail.unshift({ kind, text: tidy(parts[last]!.text), at: 0 });
    last -= 1;
  }
  let kept = parts.length > 0 ? line.slice(parts[first]!.start, parts[last]!.end).trim() : '';
  const colon = kept.search(/[：:]/);
  if (colon > 0 && colon < kept.length - 1 && !classify(kept, leading && first === 0) && classify(kept.slice(0, colon + 1), false) === 'receipt') {
    asides.push({ kind: 'receipt', text: tidy(kept.slice(0, colon + 1)), at: at + 0.001 * n++ });
    kept = kept.slice(colon + 1).trim();
  }
  const whole = kept ? classify(kept, leading && first === 0) : null;
  if (whole) {
    asides.push({ kind: whole, text: tidy(kept), at: at + 0.5 });
    kept = '';
  }
  tail.forEach((aside, i) => asides.push({ ...aside, at: at + 0.9 + 0.001 * i }));
  return kept || null;
}

/** The sender's lines without salutation, receipt, pointers, sign-off and signature — set aside by kind. */
export function feedbackLines(text: string): Feedback {
  const asides: Aside[] = [];
  let pointsToAttachment = false;
  const raw = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[\u3000\u00a0]/g, ' ').replace(/^ +| +$/g, ''));

  // A conventional "-- " signature delimiter ends the message proper.
  const delimiter = raw.findIndex((line) => line.trim() === '--');
  const lines = delimiter >= 0 ? raw.slice(0, delimiter) : raw;
  if (delimiter >= 0) {
    raw.slice(delimiter + 1).forEach((line, i) => {
      if (line.trim()) asides.push({ kind: signatureKind(line) ?? 'signature', text: tidy(line), at: delimiter + 1 + i });
    });
  }

  // From the end: blank lines, signature lines and sign-offs.
  let end = lines.length;
  while (end > 0) {
    const line = lines[end - 1]!.trim();
    if (line !== '') {
      // 「第4项建议：」 then 「加强宣传」: the wording it introduces, however short.
      let k = end - 2;
      while (k >= 0 && lines[k]!.trim() === '') k -= 1;
      const above = k >= 0 ? lines[k]!.trim() : '';
      if (/[:：]$/.test(above) && !isSignOff(above) && !isGreeting(above)) break;
    }
    const kind = line === '' ? null : isSignOff(line) && line.length <= 40 ? 'signoff' : signatureKind(line);
    if (line !== '' && !kind) break;
    if (kind) asides.push({ kind, text: tidy(line), at: end - 1 });
    end -= 1;
  }
  // A sign-off in the middle of the last few lines: what follows it is a signature.
  for (let i = Math.max(0, end - 8); i < end; i += 1) {
    const line = lines[i]!.trim();
    if (isSignOff(line) && lines.slice(i + 1, end).every((after) => after.trim() === '' || signsAfterSignOff(after.trim()))) {
      asides.push({ kind: 'signoff', text: tidy(line), at: i });
      lines.slice(i + 1, end).forEach((after, j) => {
        if (after.trim()) asides.push({ kind: signatureKind(after.trim()) ?? 'signature', text: tidy(after), at: i + 1 + j });
      });
      end = i;
      break;
    }
  }

  const kept: (FeedbackLine | null)[] = [];
  let leading = true;
  let header: TableHeader | null = null;
  for (let at = 0; at < end; at += 1) {
    const line = lines[at]!;
    if (line.trim() === '') {
      kept.push(null);
      continue;
    }
    if (line.includes('\t')) {
      if (header) {
        const row = readRow(line, header);
        if (row.kind === 'opinion') kept.push({ text: row.text, at, row: { clause: row.clause } });
        else if (row.kind === 'text') kept.push({ text: row.text, at });
        else asides.push({ kind: row.kind, text: tidy(row.text), at });
        leading = false;
        continue;
      }
      const found = tableHeader(line);
      if (found) {
        header = found;
        asides.push({ kind: 'caption', text: tidy(found.cells.filter(Boolean).join(' ')), at });
        continue;
      }
      if (isContactRow(line.split('\t'))) {
        asides.push({ kind: 'contact', text: tidy(line), at });
        continue;
      }
    } else {
      header = null;
    }
    let trimmed = line.replace(/\t+/g, ' ').trim();
    const before = asides.length;
    if (leading) {
      // 「您好！经研究，提出如下意见：」: a greeting in front of the first sentence.
      const greeting = LEADING_GREETING.exec(trimmed);
      if (greeting && greeting[0].length < trimmed.length) {
        asides.push({ kind: 'salutation', text: tidy(greeting[0]), at });
        trimmed = trimmed.slice(greeting[0].length).trim();
      }
    }
    const rest = peel(trimmed, at + 0.01, leading, asides);
    if (asides.slice(before).some((aside) => aside.kind === 'pointer')) pointsToAttachment = true;
    if (rest === null) continue;
    leading = false;
    kept.push({ text: rest, at });
  }
  asides.sort((a, b) => a.at - b.at);
  return { lines: kept, asides, pointsToAttachment };
}

// ---------------------------------------------------------------------------------------------
// Cutting into points

export interface CutOptions {
  /** Does this line begin by naming a paragraph of the draft (「关于第4项」「第五条」)? */
  startsWithReference: (line: string) => boolean;
  /** Does this line name a paragraph anywhere? */
  hasReference: (line: string) => boolean;
}

const ENDS_OPEN = /[:：，,、]$/;

export function cutPoints(text: string, options: CutOptions): CutText {
  const { lines, asides, pointsToAttachment } = feedbackLines(text);
  const points: { head: OwnNumber | null; lines: string[]; at: number; row?: FeedbackLine['row'] }[] = [];
  let blank = false;

  for (const line of lines) {
    if (line === null) {
      blank = true;
      continue;
    }
    if (line.row) {
      // A row of an opinion table is one comment, and nothing runs on from it.
      points.push({ head: null, lines: [line.text], at: line.at, row: line.row });
      blank = false;
      continue;
    }
    const numbered = ownNumber(line.text);
    const rest = (numbered ? numbered.rest : line.text).trim();
    const current = points[points.length - 1];
    const referenceStart = options.startsWithReference(rest);

    let continues = false;
    if (current && !current.row) {
      const last = current.lines[current.lines.length - 1] ?? '';
      const headOpen = ENDS_OPEN.test(current.lines[0] ?? '') || current.lines[0] === '';
      if (numbered) {
        // A sub-list ((1) (2) under 1., or under 「建议增加以下内容：」) stays with the point whose
        // head opened it with a colon.
        continues = (current.head === null || numbered.own.style !== current.head.style) && headOpen && !referenceStart;
      } else if (ENDS_OPEN.test(last)) {
        // 「建议将第5项修改如下：」 and the wording on the next line are one point.
        continues = true;
      } else if (!referenceStart) {
        // An unnumbered line continues a numbered point when no blank line comes between, unless
        // it names a paragraph of its own.
        continues = current.head !== null && !blank && !options.hasReference(rest);
      }
    }
    // A continuation keeps its own sub-numbering (（1）…（2）…); only a point's head loses the reply's number.
    if (continues && current) current.lines.push(line.text.trim());
    else points.push({ head: numbered?.own ?? null, lines: [rest], at: line.at });
    blank = false;
  }

  return {
    points: points
      .map((point) => ({ own: point.head, text: point.lines.filter(Boolean).join('\n').trim(), at: point.at, row: point.row }))
      .filter((point) => point.text !== ''),
    asides,
    pointsToAttachment,
  };
}
