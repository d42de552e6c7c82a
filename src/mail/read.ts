// PLACEHOLDER until branch mail-understand lands: a minimal reader so the doors and storage can be
// built and tested against the contract in ./types.ts. Merging mail-understand replaces this file.
import PostalMime from 'postal-mime';
import type { ReadAttachment, ReadMessage } from './types.ts';

function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

const QUOTE_START = /^(-{3,}\s*原始邮件\s*-{3,}|-{3,}\s*Original Message\s*-{3,}|发件人[:：]|From:|在.{4,60}写道[:：]|On .{4,80} wrote:)/;

function stripQuoted(text: string): { text: string; quotedRemoved: boolean } {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  let quotedRemoved = false;
  for (const line of lines) {
    if (QUOTE_START.test(line.trim())) {
      quotedRemoved = true;
      break;
    }
    if (/^\s*>/.test(line)) {
      quotedRemoved = true;
      continue;
    }
    kept.push(line);
  }
  return { text: kept.join('\n').trim(), quotedRemoved };
}

export async function readMessage(raw: Uint8Array): Promise<ReadMessage> {
  const email = await PostalMime.parse(raw);
  const body = email.text ?? (email.html ? htmlToText(email.html) : '');
  const { text, quotedRemoved } = stripQuoted(body);
  const attachments: ReadAttachment[] = email.attachments.map((a) => {
    const content = typeof a.content === 'string' ? new TextEncoder().encode(a.content) : new Uint8Array(a.content);
    const isText = a.mimeType.startsWith('text/plain') || /\.txt$/i.test(a.filename ?? '');
    return {
      filename: a.filename ?? null,
      contentType: a.mimeType,
      content,
      disposition: isText ? 'feedback' : 'kept',
      text: isText ? decodeText(content).trim() : null,
    };
  });
  const received = email.headers
    .filter((h) => h.key === 'received')
    .map((h) => new Date(h.value.slice(h.value.lastIndexOf(';') + 1).trim()))
    .filter((d) => !Number.isNaN(d.getTime()));
  const date = email.date ? new Date(email.date) : null;
  const all = `${email.subject ?? ''}${text}`;
  return {
    messageId: email.messageId ?? null,
    subject: email.subject ?? '',
    from: email.from && 'address' in email.from && email.from.address ? { address: email.from.address.toLowerCase(), name: email.from.name || null } : null,
    to: (email.to ?? []).flatMap((a) => ('address' in a && a.address ? [a.address.toLowerCase()] : [])),
    cc: (email.cc ?? []).flatMap((a) => ('address' in a && a.address ? [a.address.toLowerCase()] : [])),
    date: date && !Number.isNaN(date.getTime()) ? date : null,
    received,
    text,
    quotedRemoved,
    attachments,
    locale: /[\u4e00-\u9fff]/.test(all) || !all.trim() ? 'zh-CN' : 'en',
    warnings: [],
  };
}
