// PLACEHOLDER until branch mail-understand lands: just enough understanding (explicit 第N项/第N条
// references, 无意见, a few spam words) for the doors and storage to be built and tested against
// the contract in ./types.ts. Merging mail-understand replaces this file.
import { parseChineseNumber } from '../drafts/numerals.ts';
import { blockReference } from '../drafts/reference.ts';
import type { Locale } from '../lib/time.ts';
import type { IntakeConsultation, IntakeContext, ReadMessage, Understanding, UnderstoodComment } from './types.ts';

const NO_COMMENTS = /^(我单位)?(对.{0,40})?(无意见|没有意见|无修改意见|无不同意见|no comments?)[。.!！]?$/i;
const SPAM = /(代开发票|发票代开|优惠促销|广告|unsubscribe|viagra|casino)/i;
const REFERENCE = /第([0-9０-９]+|[零〇一二两三四五六七八九十百千]+)(项|条|点)/;

function findConsultation(message: ReadMessage, context: IntakeContext): IntakeConsultation | null {
  if (context.forcedConsultationId !== null) return context.consultations.find((c) => c.id === context.forcedConsultationId) ?? null;
  const recipients = new Set(context.recipients.map((r) => r.toLowerCase()));
  const byAddress = context.consultations.find((c) => c.addresses.some((a) => recipients.has(a.toLowerCase())));
  if (byAddress) return byAddress;
  return context.consultations.find((c) => message.subject.includes(c.title)) ?? null;
}

function sentAt(message: ReadMessage, context: IntakeContext): Date {
  if (context.timing === 'live') return context.receivedAt;
  const earliest = [...message.received].sort((a, b) => a.getTime() - b.getTime())[0];
  return earliest ?? message.date ?? context.receivedAt;
}

export function understandMessage(message: ReadMessage, context: IntakeContext): Understanding {
  const consultation = findConsultation(message, context);
  const unit = message.from ? context.units.find((u) => u.addresses.some((a) => a.toLowerCase() === message.from!.address)) : undefined;
  const when = sentAt(message, context);
  const late = !!consultation?.closesAt && when.getTime() > consultation.closesAt.getTime();
  const base = { consultationId: consultation?.id ?? null, unitId: unit?.id ?? null, unitName: unit?.name ?? null, sentAt: when, late };
  if (SPAM.test(`${message.subject}\n${message.text}`)) return { ...base, outcome: 'spam', reason: '疑似广告或无关邮件', comments: [] };
  if (!consultation) return { ...base, outcome: 'unassigned', reason: '无法判断对应的征求意见', comments: [] };
  const sources: { text: string; source: UnderstoodComment['source'] }[] = [{ text: message.text, source: { kind: 'body' } }];
  message.attachments.forEach((a, index) => {
    if (a.disposition === 'feedback' && a.text) sources.push({ text: a.text, source: { kind: 'attachment', index } });
  });
  const comments: UnderstoodComment[] = [];
  let noComments = false;
  for (const { text, source } of sources) {
    let general: string[] = [];
    for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
      if (NO_COMMENTS.test(line)) {
        noComments = true;
        continue;
      }
      const match = REFERENCE.exec(line);
      if (match) {
        const n = /^[0-9０-９]+$/.test(match[1]!) ? Number(match[1]!.replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10))) : parseChineseNumber(match[1]!);
        const kind = match[2] === '条' ? 'article' : 'item';
        const block = consultation.blocks.find((b) => b.kind === kind && b.number === n) ?? consultation.blocks.find((b) => b.number === n && b.kind !== 'heading');
        comments.push({ blockId: block?.id ?? null, text: line, source });
      } else if (!/^(您好|你好|此致|敬礼|谢谢)/.test(line) && line.length > 4) general.push(line);
    }
    if (general.length) comments.push({ blockId: null, text: general.join('\n'), source });
    general = [];
  }
  if (comments.length === 0) {
    if (noComments) return { ...base, outcome: 'no-comments', reason: null, comments: [] };
    return { ...base, outcome: 'needs-attention', reason: '没有读出意见内容', comments: [] };
  }
  return { ...base, outcome: 'comments', reason: null, comments };
}

export function summarizeUnderstanding(u: Understanding, context: IntakeContext, locale: Locale): string {
  const consultation = context.consultations.find((c) => c.id === u.consultationId);
  const names = u.comments.map((c) => {
    const block = consultation?.blocks.find((b) => b.id === c.blockId);
    return block ? blockReference(block, locale) : locale === 'en' ? 'the whole draft' : '全文';
  });
  if (u.outcome === 'no-comments') return locale === 'en' ? 'no comments' : '无意见';
  if (locale === 'en') return `${u.comments.length} comment${u.comments.length === 1 ? '' : 's'}: ${names.join(', ')}`;
  return `${u.comments.length} 条意见：${names.join('、')}`;
}
