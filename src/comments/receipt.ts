// The receipt a web commenter who left an email gets at once: the tracking number, what the
// comment was on, whether it is public yet, where to follow it, and that the outcome will come to
// this address. Queued in the comment's own batch (./submit.ts), so a comment is never stored
// without its receipt nor a receipt sent for a comment not stored. Pure.
import { translator } from '../lib/i18n.ts';
import { firstWords } from '../lib/text.ts';
import { formatDateTime, type Locale } from '../lib/time.ts';
import type { ComposedMail, OutgoingMail } from '../mail/outbox.ts';

export interface ReceiptMailInput {
  locale: Locale;
  name: string | null;
  title: string;
  issuer: string | null;
  trackingNumber: string;
  /** How the paragraph is named in the commenter's language, or null for the whole draft. */
  reference: string | null;
  status: 'pending' | 'published';
  body: string;
  receivedAt: Date;
  /** PUBLIC_BASE_URL, without a trailing slash. */
  publicBaseUrl: string;
}

export function receiptMail(input: ReceiptMailInput): ComposedMail {
  const t = translator(input.locale);
  const lines = [
    input.name ? t('receiptMail.greeting', { name: input.name }) : t('receiptMail.greeting.anonymous'),
    '',
    t('receiptMail.received', {
      received: formatDateTime(input.receivedAt, input.locale),
      title: input.title,
      on: input.reference ? t('receiptMail.on', { label: input.reference }) : '',
    }),
    t('receiptMail.number', { number: input.trackingNumber }),
    t(input.status === 'published' ? 'receiptMail.published' : 'receiptMail.pending'),
    '',
    t('receiptMail.excerpt', { excerpt: firstWords(input.body.replace(/\s+/g, ' '), 60) }),
    '',
    t('receiptMail.track', { url: `${input.publicBaseUrl}/track?no=${input.trackingNumber}` }),
    t('receiptMail.outcome'),
    '',
    t('receiptMail.notYou'),
    '',
    '--',
    input.issuer ? t('outbound.outcome.footer', { issuer: input.issuer }) : t('outbound.outcome.footer.noIssuer'),
  ];
  return { subject: t('receiptMail.subject', { title: input.title, number: input.trackingNumber }), text: `${lines.join('\n')}\n` };
}

/** The outbox row of a receipt: one per tracking number, whatever retries the batch takes. */
export function receiptOutgoing(consultationId: number, to: string, input: ReceiptMailInput): OutgoingMail {
  // An acknowledgement, like the one a mail sender gets: purged and erased with the commenter's data.
  return { kind: 'acknowledgement', dedupeKey: `receipt:${input.trackingNumber}`, consultationId, to, ...receiptMail(input) };
}
