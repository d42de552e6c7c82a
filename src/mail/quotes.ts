// Quoted history in a reply: a department answering the office's notice usually replies above
// the whole announcement, which must not become a comment (and whose 2022 dates are not the send
// date). Pure.
//
// Two kinds of quote:
// - a header that starts the quoted tail — 「------------------ 原始邮件 ------------------」,
//   "-----Original Message-----", a 「发件人：… 发送时间：…」 or "From: … Sent: …" block, 「在 … 写道：」,
//   "On … wrote:" — everything from there to the end is history (top posting, which is what
//   Chinese mail clients do);
// - lines starting with ">" anywhere, which are removed on their own, so a bottom-posted or
//   interleaved reply keeps the sender's lines between them.
// postal-mime renders an attached message/rfc822 inline as a dashed rule and From/Subject/Date
// rows: the header-block rule below takes it like any other quoted header.
// A 「写道」/"wrote:" line directly followed by ">" lines only introduces those lines; then only
// the introduction and the ">" lines go.

export interface StrippedQuotes {
  text: string;
  quotedRemoved: boolean;
}

const SEPARATORS: RegExp[] = [
  /^[-—=_*\s]*(原始邮件|原始郵件|原邮件|原郵件|回复的原邮件|回覆的原郵件|邮件原件|郵件原件|Original Message|Original Email|Reply Message)[-—=_*\s]*$/i,
  /^[-—_]{2,}\s*(在|于|於).{0,80}(写道|寫道)\s*[:：]?\s*[-—_]*$/,
  /^[-—=_*\s]{2,}\s*Original\s*[-—=_*\s]{2,}$/i,
  // A forwarded message is history too. When it is all there is, the message goes to an officer
  // (no text), which is safer than reading a forwarded announcement as the sender's comments.
  /^[-—=_*\s]*(转发邮件信息|转发的邮件|轉寄郵件|Forwarded message|Forwarded Message|Begin forwarded message:?)[-—=_*\s]*$/i,
  // iPhone Mail in Chinese: 「开始转发的邮件：」; some webmail 「以下是转发的邮件：」.
  /^\s*(开始转发的邮件|開始轉寄的郵件|以下是转发的邮件|下面是转发的邮件)\s*[:：]?\s*$/,
];

// 「在 2022年4月18日 10:00，"区发改委" <cjqfgw@163.com> 写道：」 / 「2022-04-18 10:00 … 写道：」 / "On Mon, … wrote:".
const WROTE_ZH = /^.{0,160}(写道|寫道)\s*[:：]\s*$/;
const WROTE_EN_END = /\bwrote\s*:\s*$/i;
// "At 2022-04-06 09:00:00, "区发改委" <…> wrote:" is how 163 and 126 webmail in English say it.
const WROTE_EN_START = /^(On|At|Le|Am|El|Il)\s.{4,}/;

const HEADER_FIRST = /^[*\s>]*(发件人|發件人|寄件者|寄件人|From)\s*[*]?\s*[:：]/i;
const HEADER_OTHER = /^[*\s>]*(发送时间|發送時間|发送日期|寄件日期|日期|时间|時間|收件人|收件者|抄送|副本|主题|主旨|主題|Sent|Date|To|Cc|Subject)\s*[*]?\s*[:：]/i;

function isSeparator(line: string): boolean {
  return SEPARATORS.some((pattern) => pattern.test(line.trim()));
}

/** A 发件人/From line followed, within the next few lines, by at least one more header line. */
function isHeaderBlock(lines: string[], index: number): boolean {
  if (!HEADER_FIRST.test(lines[index]!)) return false;
  let found = 0;
  for (let j = index + 1; j < lines.length && j <= index + 6; j += 1) {
    const line = lines[j]!.trim();
    if (line === '') continue;
    if (HEADER_OTHER.test(line)) found += 1;
    else if (found === 0 && j > index + 2) break;
  }
  return found >= 1;
}

/** The index of the line after the "wrote:" introduction starting at index, or -1. */
function wroteIntroEnd(lines: string[], index: number): number {
  const line = lines[index]!.trim();
  // 「第4项中写道：」 is the sender quoting the draft; a client's introduction carries a date or address.
  if (WROTE_ZH.test(line) && line.length <= 200 && /@|\d{1,2}[:：]\d{2}|\d{4}\s*[年\-/.]/.test(line)) return index + 1;
  if (WROTE_EN_END.test(line) && WROTE_EN_START.test(line)) return index + 1;
  // Gmail wraps a long "On … <address>\nwrote:" over two or three lines.
  if (WROTE_EN_START.test(line) && line.length < 200) {
    for (let j = index + 1; j <= index + 2 && j < lines.length; j += 1) {
      const next = lines[j]!.trim();
      if (next === '') break;
      if (WROTE_EN_END.test(next)) return j + 1;
    }
  }
  return -1;
}

function isQuoteLine(line: string): boolean {
  return /^\s*(>|＞)/.test(line);
}

export function stripQuotes(input: string): StrippedQuotes {
  const lines = input.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  let quotedRemoved = false;

  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    if (isSeparator(line) || isHeaderBlock(lines, i)) {
      quotedRemoved = true;
      // An Outlook rule line "________________" just above the header belongs to the quote too.
      while (kept.length > 0 && /^\s*[_—-]{8,}\s*$/.test(kept[kept.length - 1]!)) kept.pop();
      while (kept.length > 0 && kept[kept.length - 1]!.trim() === '') kept.pop();
      break;
    }
    const introEnd = wroteIntroEnd(lines, i);
    if (introEnd >= 0) {
      quotedRemoved = true;
      let next = introEnd;
      while (next < lines.length && lines[next]!.trim() === '') next += 1;
      if (next < lines.length && isQuoteLine(lines[next]!)) {
        i = introEnd - 1;
        continue;
      }
      break;
    }
    if (isQuoteLine(line)) {
      quotedRemoved = true;
      continue;
    }
    kept.push(line);
  }

  const text = kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { text, quotedRemoved };
}
