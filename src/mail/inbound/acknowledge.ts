// The acknowledgement a sender gets: what was understood of the message and a tracking number per
// comment, in the sender's language; and the mail we must never answer automatically.
import type { InboundMessage } from '../../db/schema.ts';
import { blockCaption } from '../../drafts/reference.ts';
import { translator } from '../../lib/i18n.ts';
import { formatDateTime, type Locale } from '../../lib/time.ts';
import { summarizeUnderstanding } from '../wording.ts';
import type { MailDeps } from './deps.ts';
import { headerValues } from './headers.ts';
import type { Understood } from './understood.ts';

/** A comment the filing batch creates, as the acknowledgement names it. */
export interface FiledComment {
  trackingNumber: string;
  blockId: number | null;
}

/** Mail we must not answer automatically (RFC 3834): bounces, auto-replies, lists, ourselves. */
export function mustNotAutoReply(headers: string, row: InboundMessage, from: string, mailDomain: string): boolean {
  if (row.envelope_from === '') return true;
  if (headerValues(headers, 'auto-submitted').some((v) => !/^no\b/i.test(v))) return true;
  if (headerValues(headers, 'precedence').some((v) => /bulk|junk|list|auto_reply/i.test(v))) return true;
  if (headerValues(headers, 'list-id').length || headerValues(headers, 'x-autoreply').length || headerValues(headers, 'x-autorespond').length) return true;
  const [local = '', domain = ''] = from.split('@');
  if (domain === mailDomain) return true;
  return /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply)$/i.test(local);
}

export function acknowledgement(
  deps: Pick<MailDeps, 'publicBaseUrl'>,
  row: InboundMessage,
  understood: Understood,
  comments: FiledComment[],
  /** The site's personal-information notice in the sender's language (privacy/notice.ts), one paragraph a line. */
  privacyNotice: string[] = [],
): { subject: string; text: string; headers: Record<string, string> } {
  const { message, understanding, context, directory } = understood;
  const locale: Locale = message.locale;
  const t = translator(locale);
  const title = understanding.consultationId !== null ? (directory.titles.get(understanding.consultationId) ?? '') : '';
  const received = formatDateTime(row.received_at, locale);
  const lines: string[] = [t('mail.ack.greeting', { name: message.from?.name ?? '' }), ''];
  const subject =
    understanding.outcome === 'no-comments'
      ? t('mail.ack.subject.noComments', { title })
      : title && understanding.outcome !== 'unassigned'
        ? t('mail.ack.subject', { title })
        : t('mail.ack.subject.received');
  lines.push(t('mail.ack.received', { received }), t('mail.ack.summary', { summary: summarizeUnderstanding(understanding, context, locale) }));
  // 「其他内容无意见」 beside comments: recorded, and said, so the sender knows it was not lost.
  if (understanding.outcome === 'comments' && understanding.noObjectionOnRest) {
    lines.push(t(understanding.unitName ? 'mail.ack.restNoObjection.unit' : 'mail.ack.restNoObjection.person'));
  }
  if (understanding.outcome === 'unassigned') lines.push(t('mail.ack.unassignedNext'));
  if (comments.length) {
    lines.push('', t('mail.ack.numbers'));
    for (const comment of comments) {
      const block = comment.blockId === null ? undefined : directory.blocks.get(comment.blockId);
      const parent = block?.parent_id ? directory.blocks.get(block.parent_id) : undefined;
      lines.push(t('mail.ack.numberLine', { number: comment.trackingNumber, target: block ? blockCaption(block, locale, parent) : t('mail.ack.general') }));
    }
    lines.push('', t('mail.ack.track', { url: `${deps.publicBaseUrl}/track` }));
  }
  const kept = message.attachments.filter((a) => a.disposition === 'kept').length;
  if (kept) lines.push('', t('mail.ack.attachments', { count: kept }));
  // The sender gave us their address and words by writing: the notice says what we do with them.
  if (privacyNotice.length) lines.push('', t('privacy.mail.title'), ...privacyNotice);
  lines.push('', '—', t('mail.ack.footer', { title }));
  const headers: Record<string, string> = { 'Auto-Submitted': 'auto-replied' };
  if (row.message_id) {
    headers['In-Reply-To'] = row.message_id;
    headers['References'] = row.message_id;
  }
  return { subject, text: lines.join('\n'), headers };
}
