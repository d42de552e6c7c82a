// Reading one raw message into what the rest of yijian needs (ReadMessage, see types.ts). Pure:
// postal-mime decodes MIME (charsets through TextDecoder: GB2312/GBK/GB18030/Big5/UTF-8, RFC 2047
// headers, RFC 2231 and quoted RFC 2047 file names, base64, quoted-printable) and runs on Workers
// as well as Node. Never throws: a message that cannot be decoded comes back with `failed` set, so
// the caller can file it under "needs attention" with the raw bytes.
import PostalMime, { type Address, type Attachment, type Email } from 'postal-mime';
import { DocxError, docxToText } from '../lib/docx.ts';
import { XlsxError, xlsxToText } from '../lib/xlsx.ts';
import { DEFAULT_ZIP_LIMITS, listZipEntries, ZipError } from '../lib/zip.ts';
import { decodeTextBytes } from './charset.ts';
import { stripFooters } from './footers.ts';
import { htmlToText } from './html-text.ts';
import { stripQuotes } from './quotes.ts';
import type { FileProblemCode, LimitBreach, MailLimits, MailProblem, ReadAttachment, ReadMessage } from './types.ts';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function mailboxes(addresses: Address[] | Address | undefined): { address: string; name: string }[] {
  if (!addresses) return [];
  const list = Array.isArray(addresses) ? addresses : [addresses];
  return list.flatMap((entry) => (entry.group ? entry.group : [entry])).filter((entry) => Boolean(entry.address));
}

// Mail servers in China write "CST" for China Standard Time (+0800), which JavaScript reads as US
// Central (-0600): fourteen hours that can make a punctual reply late. A date with no zone at all
// is read as Beijing time too, not as the server's local time.
const ZONE = /([+-]\d{2}:?\d{2}|\b(GMT|UTC?|[ECMP][SD]T)|\dZ)\s*$/i;

export function parseMailDate(value: string | undefined | null): Date | null {
  // "18 Apr 2022" (RFC 5322) or "2022-04-18" (ISO); JavaScript would make a year 800 of anything.
  if (!value || !/\d{1,2}\s+[A-Za-z]{3}\w*\s+\d{2,4}|\d{4}-\d{2}-\d{2}/.test(value)) return null;
  let text = value.replace(/\([^()]*\)/g, ' ').replace(/\s+/g, ' ').trim();
  if (/\bCST$/i.test(text)) text = text.replace(/\bCST$/i, '+0800');
  else if (!ZONE.test(text)) text = `${text} +0800`;
  const time = Date.parse(text);
  return Number.isNaN(time) ? null : new Date(time);
}

const parseDate = parseMailDate;

/** Received: from … by … ; Mon, 18 Apr 2022 10:00:00 +0800 — the date follows the last ";". */
function receivedDates(email: Email): Date[] {
  const dates: Date[] = [];
  for (const header of email.headers) {
    if (header.key !== 'received') continue;
    const at = header.value.lastIndexOf(';');
    if (at < 0) continue;
    const date = parseDate(header.value.slice(at + 1).replace(/\s+/g, ' '));
    if (date) dates.push(date);
  }
  return dates;
}

function bytesOf(content: Attachment['content']): Uint8Array {
  if (typeof content === 'string') return new TextEncoder().encode(content);
  return content instanceof Uint8Array ? content : new Uint8Array(content);
}

function extension(filename: string | null): string {
  const match = /\.([A-Za-z0-9]{1,8})$/.exec(filename ?? '');
  return match ? match[1]!.toLowerCase() : '';
}

function normaliseText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/[ \t\u00a0]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    // Not trim(): a table whose first row starts with an empty cell keeps that cell's tab.
    .replace(/^\s*\n/, '')
    .replace(/^[ \u00a0\u3000]+/, '')
    .trimEnd();
}

/** An attachment the Word or Excel reader refused, with the reader's reason (damaged, not a zip…). */
function unreadable(name: string, format: 'docx' | 'xlsx', error: unknown): MailProblem {
  const why: FileProblemCode =
    error instanceof DocxError || error instanceof XlsxError ? error.code : error instanceof ZipError ? (/ZIP64/.test(error.message) ? 'zip64' : error.code) : 'corrupt';
  const entry = (error instanceof DocxError && why !== 'no-document' ? error.entry : error instanceof ZipError ? error.entry : null) ?? undefined;
  return { code: 'attachment-unreadable', params: { name, format, why, ...(entry ? { entry } : {}) } };
}

function isTextAttachment(mimeType: string, ext: string): boolean {
  if (['txt', 'text'].includes(ext)) return true;
  return mimeType === 'text/plain' && !['csv', 'eml', 'log', 'ics', 'vcf', 'html', 'htm'].includes(ext);
}

/** What reading may still spend: the limits, the time left, the text left for this message. */
interface Budget {
  limits: MailLimits | null;
  /** When, by `clock`, no further attachment is read. */
  deadline: number;
  clock: () => number;
  /** Characters of text the message may still give. */
  chars: number;
  breach: LimitBreach | null;
}

/** Listing only: every declared size is let through, so that the mail limit below decides and says so. */
const LISTING_LIMITS = { ...DEFAULT_ZIP_LIMITS, maxEntrySize: 0xfffffffe, maxTotalSize: Number.MAX_SAFE_INTEGER };

/**
 * The bytes the parts we read of an Office file decompress to, as its zip directory declares
 * them (XML and relationships; pictures are never inflated). The zip reader holds every entry to
 * its declared size, so this is what reading it would cost. Null when it is not a zip at all (the
 * reader then says why it cannot read it).
 */
function unpackedSize(content: Uint8Array): number | null {
  try {
    return listZipEntries(content, LISTING_LIMITS)
      .filter((entry) => /\.(xml|rels)$/i.test(entry.name))
      .reduce((sum, entry) => sum + entry.size, 0);
  } catch {
    return null;
  }
}

/** The attachment's text if it keeps within the limits; otherwise the breach is recorded and null returned. */
function withinLimits(text: string, label: string, budget: Budget): string | null {
  const limits = budget.limits;
  if (!limits) return text;
  if (text.length > limits.maxAttachmentChars) {
    budget.breach = { code: 'attachment-text', attachment: label, size: text.length, limit: limits.maxAttachmentChars };
    return null;
  }
  if (text.length > budget.chars) {
    budget.breach = { code: 'message-text', size: limits.maxMessageChars - budget.chars + text.length, limit: limits.maxMessageChars };
    return null;
  }
  budget.chars -= text.length;
  return text;
}

async function readAttachment(attachment: Attachment, warnings: MailProblem[], budget: Budget): Promise<ReadAttachment> {
  const content = bytesOf(attachment.content);
  const filename = attachment.filename ?? null;
  const contentType = attachment.mimeType || 'application/octet-stream';
  const ext = extension(filename);
  const base = { filename, contentType, content };
  const label = filename ?? contentType;
  const inlineImage = attachment.related === true && contentType.startsWith('image/');
  const kept: ReadAttachment = { ...base, disposition: 'kept', text: null };
  // Past a limit nothing more is read; every attachment is still kept for the officer.
  if (budget.breach) return kept;
  if (budget.limits && budget.clock() > budget.deadline) {
    budget.breach = { code: 'time', limit: budget.limits.maxMillis };
    return kept;
  }
  const limits = budget.limits;

  if (!inlineImage && isTextAttachment(contentType, ext)) {
    // Even a single-byte charset gives no more characters than bytes.
    if (limits && content.length > Math.min(limits.maxAttachmentChars, budget.chars) * 4) {
      budget.breach = { code: 'attachment-text', attachment: label, size: null, limit: limits.maxAttachmentChars };
      return kept;
    }
    const decoded = decodeTextBytes(content);
    if (decoded.lossy) warnings.push({ code: 'attachment-charset', params: { name: label } });
    const text = withinLimits(normaliseText(decoded.text), label, budget);
    return text === null ? kept : { ...base, disposition: 'feedback', text };
  }
  const office = ext === 'docx' || contentType === DOCX_TYPE ? 'docx' : ext === 'xlsx' || contentType === XLSX_TYPE ? 'xlsx' : null;
  if (office) {
    if (limits) {
      const unpacked = unpackedSize(content);
      if (unpacked !== null && unpacked > limits.maxUnpackedBytes) {
        budget.breach = { code: 'unpacked', attachment: label, size: unpacked, limit: limits.maxUnpackedBytes };
        return kept;
      }
    }
    try {
      const text = withinLimits(normaliseText(office === 'docx' ? await docxToText(content) : await xlsxToText(content)), label, budget);
      return text === null ? kept : { ...base, disposition: 'feedback', text };
    } catch (error) {
      warnings.push(unreadable(label, office, error));
      return kept;
    }
  }
  if (ext === 'doc' || ext === 'wps' || contentType === 'application/msword') {
    warnings.push({ code: 'old-word', params: { name: label } });
  }
  if (ext === 'xls' || ext === 'et' || contentType === 'application/vnd.ms-excel') {
    warnings.push({ code: 'old-excel', params: { name: label } });
  }
  return kept;
}

const HAN = /\p{Script=Han}/gu;
const LATIN_WORD = /[A-Za-z]{2,}/g;

/** 'en' only when the sender's own words are essentially English: words, and next to no Chinese. */
export function detectLocale(text: string): 'zh-CN' | 'en' {
  const han = text.match(HAN)?.length ?? 0;
  const words = text.match(LATIN_WORD)?.length ?? 0;
  if (words >= 3 && han <= words / 20) return 'en';
  return 'zh-CN';
}

function bodyText(email: Email): string {
  const plain = email.text ? normaliseText(email.text) : '';
  const html = email.html ? normaliseText(htmlToText(email.html)) : '';
  if (!plain || !html) return plain || html;
  // A text part that says far less than the HTML one ("请使用支持 HTML 的客户端查看") is a stub.
  // Compared without quoted history, which one of them may carry and the other not.
  const ownPlain = stripQuotes(plain).text.length;
  const ownHtml = stripQuotes(html).text.length;
  return ownPlain * 2 >= ownHtml || ownHtml < 20 ? plain : html;
}

// ---------------------------------------------------------------------------------------------
// Mail that lies about its charset. Old systems send 8-bit GBK with no charset at all, or label
// it UTF-8; postal-mime then decodes as UTF-8 and leaves U+FFFD. For a single-part message and
// for raw 8-bit headers, the bytes are still at hand: read them again with charset detection.

function bodyStart(raw: Uint8Array): number {
  for (let i = 0; i + 1 < raw.length; i += 1) {
    if (raw[i] === 0x0a && raw[i + 1] === 0x0a) return i + 2;
    if (raw[i] === 0x0a && raw[i + 1] === 0x0d && raw[i + 2] === 0x0a) return i + 3;
  }
  return raw.length;
}

function binary(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}

function fromBinary(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i += 1) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

function decodeQuotedPrintable(text: string): Uint8Array {
  return fromBinary(text.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))));
}

/** The raw bytes of a header's value (unfolded), from the message's own header block. */
function rawHeader(raw: Uint8Array, name: string): Uint8Array | null {
  const head = binary(raw.subarray(0, bodyStart(raw))).replace(/\r?\n[ \t]+/g, ' ');
  const match = new RegExp(`^${name}:[ \t]*(.*)$`, 'im').exec(head);
  return match ? fromBinary(match[1]!.trim()) : null;
}

function headerValue(email: Email, name: string): string {
  return email.headers.find((header) => header.key === name)?.value ?? '';
}

/** The single-part body decoded again with charset detection, when postal-mime could not. */
function recoverBody(raw: Uint8Array, email: Email): { text: string; html: boolean } | null {
  const type = headerValue(email, 'content-type').toLowerCase();
  if (type && !type.startsWith('text/')) return null;
  const transfer = headerValue(email, 'content-transfer-encoding').trim().toLowerCase();
  const body = raw.subarray(bodyStart(raw));
  let bytes: Uint8Array;
  if (transfer === 'base64') {
    try {
      bytes = fromBinary(atob(binary(body).replace(/[^A-Za-z0-9+/=]/g, '')));
    } catch {
      return null;
    }
  } else if (transfer === 'quoted-printable') {
    bytes = decodeQuotedPrintable(binary(body));
  } else {
    bytes = body;
  }
  const decoded = decodeTextBytes(bytes);
  if (decoded.lossy || decoded.text.includes('\ufffd')) return null;
  return { text: decoded.text, html: type.startsWith('text/html') };
}

function recoverHeader(raw: Uint8Array, name: string, decoded: string): string {
  if (!decoded.includes('\ufffd')) return decoded;
  const bytes = rawHeader(raw, name);
  if (!bytes) return decoded;
  const again = decodeTextBytes(bytes);
  return again.lossy ? decoded : again.text;
}

function failedMessage(reason: MailProblem): ReadMessage {
  return {
    messageId: null,
    subject: '',
    from: null,
    to: [],
    cc: [],
    date: null,
    received: [],
    text: '',
    quotedRemoved: false,
    attachments: [],
    locale: 'zh-CN',
    warnings: [reason],
    failed: reason,
  };
}

export interface ReadOptions {
  /** Without limits everything is read (the unit tests of reading itself). */
  limits?: MailLimits;
  /** The time, by `clock`, after which no further attachment is read. */
  deadline?: number;
  /** Milliseconds by some clock: the wall clock by default; a reader thread uses its own CPU time. */
  clock?: () => number;
}

export async function readMessage(raw: Uint8Array, options: ReadOptions = {}): Promise<ReadMessage> {
  if (raw.length === 0) return failedMessage({ code: 'empty' });
  const limits = options.limits ?? null;
  const budget: Budget = { limits, deadline: options.deadline ?? Infinity, clock: options.clock ?? Date.now, chars: limits?.maxMessageChars ?? Infinity, breach: null };
  let email: Email;
  try {
    email = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' });
  } catch (error) {
    return failedMessage({ code: 'unparseable', params: { error: error instanceof Error ? error.message : String(error) } });
  }

  const warnings: MailProblem[] = [];
  const from = mailboxes(email.from)[0] ?? mailboxes(email.sender)[0] ?? null;
  // A body larger than a message may give is not turned into text at all (HTML counts at ten
  // characters of markup for one of text).
  const bodySize = Math.max((email.text ?? '').length, (email.html ?? '').length / 10);
  if (limits && bodySize > limits.maxMessageChars) {
    budget.breach = { code: 'message-text', size: Math.round(bodySize), limit: limits.maxMessageChars };
    email.text = '';
    email.html = '';
  }
  let body = bodyText(email);
  if (body.includes('\ufffd')) {
    const recovered = recoverBody(raw, email);
    if (recovered) {
      body = normaliseText(recovered.html ? htmlToText(recovered.text) : recovered.text);
      warnings.push({ code: 'body-charset-recovered' });
    } else {
      warnings.push({ code: 'body-charset-bad' });
    }
  }
  if (limits && !budget.breach) {
    if (body.length > budget.chars) budget.breach = { code: 'message-text', size: body.length, limit: limits.maxMessageChars };
    else budget.chars -= body.length;
  }
  if (budget.breach) body = '';
  const { text: unquoted, quotedRemoved } = stripQuotes(body);
  const text = stripFooters(unquoted);
  const subject = recoverHeader(raw, 'subject', email.subject ?? '');

  const attachments: ReadAttachment[] = [];
  for (const attachment of email.attachments) attachments.push(await readAttachment(attachment, warnings, budget));

  const feedbackText = attachments.map((attachment) => attachment.text ?? '').join('\n');
  const bulk = email.headers.some(
    (header) =>
      header.key === 'list-unsubscribe' ||
      (header.key === 'precedence' && /bulk|list|junk/i.test(header.value)) ||
      header.key === 'x-campaign-id' ||
      header.key === 'x-mailer-campaign',
  );

  return {
    messageId: email.messageId?.trim() || null,
    subject: subject.trim(),
    from: from ? { address: from.address.toLowerCase(), name: from.name.trim() || null } : null,
    to: mailboxes(email.to).map((entry) => entry.address.toLowerCase()),
    cc: mailboxes(email.cc).map((entry) => entry.address.toLowerCase()),
    date: parseDate(headerValue(email, 'date') || email.date),
    received: receivedDates(email),
    text,
    quotedRemoved,
    attachments,
    locale: detectLocale(text.trim() ? text : feedbackText),
    warnings,
    bulk,
    failed: null,
    limit: budget.breach,
  };
}
