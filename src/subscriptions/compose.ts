// The mail of a subscription, as text: the confirmation (double opt-in) and the two notices a
// subscriber gets — results published, a new round open. Every one carries RFC 2369/8058
// List-Unsubscribe and List-Unsubscribe-Post, so a mail client offers one-click unsubscribing, and
// the same link in the text. Pure.
import { translator } from '../lib/i18n.ts';
import { firstWords } from '../lib/text.ts';
import { formatDateTime, type Locale } from '../lib/time.ts';
import type { ComposedMail } from '../mail/outbox.ts';

/** How long a confirmation link works. */
export const CONFIRM_DAYS = 7;

export interface SubscriptionLinks {
  /** PUBLIC_BASE_URL, without a trailing slash. */
  publicBaseUrl: string;
  token: string;
}

export function confirmUrl(links: SubscriptionLinks): string {
  return `${links.publicBaseUrl}/subscriptions/confirm?token=${encodeURIComponent(links.token)}`;
}

export function unsubscribeUrl(links: SubscriptionLinks): string {
  return `${links.publicBaseUrl}/subscriptions/unsubscribe?token=${encodeURIComponent(links.token)}`;
}

/** RFC 8058: a mail client POSTs `List-Unsubscribe=One-Click` to the https URI, no page, no sign-in. */
export function unsubscribeHeaders(links: SubscriptionLinks): Record<string, string> {
  return { 'List-Unsubscribe': `<${unsubscribeUrl(links)}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

function closing(locale: Locale, title: string, links: SubscriptionLinks): string[] {
  const t = translator(locale);
  return ['', t('subscribe.mail.why', { title }), t('subscribe.mail.unsubscribe', { url: unsubscribeUrl(links) }), '', '--', t('subscribe.mail.footer')];
}

export function confirmationMail(input: { locale: Locale; title: string } & SubscriptionLinks): ComposedMail {
  const t = translator(input.locale);
  const lines = [
    t('subscribe.mail.greeting'),
    '',
    t('subscribe.mail.confirm.intro', { title: input.title }),
    '',
    t('subscribe.mail.confirm.action', { days: CONFIRM_DAYS }),
    confirmUrl(input),
    '',
    t('subscribe.mail.confirm.ignore'),
    '',
    '--',
    t('subscribe.mail.footer'),
  ];
  return { subject: t('subscribe.mail.confirm.subject', { title: input.title }), text: `${lines.join('\n')}\n`, headers: unsubscribeHeaders(input) };
}

export function resultsNoticeMail(input: { locale: Locale; title: string; statement: string | null; resultsUrl: string } & SubscriptionLinks): ComposedMail {
  const t = translator(input.locale);
  const statement = input.statement?.replace(/\s+/g, ' ').trim();
  const lines = [
    t('subscribe.mail.greeting'),
    '',
    t('subscribe.mail.results.intro', { title: input.title }),
    ...(statement ? [t('subscribe.mail.results.statement', { statement: firstWords(statement, 300) })] : []),
    '',
    t('subscribe.mail.results.link', { url: input.resultsUrl }),
    ...closing(input.locale, input.title, input),
  ];
  return { subject: t('subscribe.mail.results.subject', { title: input.title }), text: `${lines.join('\n')}\n`, headers: unsubscribeHeaders(input) };
}

export function roundNoticeMail(input: { locale: Locale; title: string; round: number; opensAt: Date | null; closesAt: Date | null; pageUrl: string } & SubscriptionLinks): ComposedMail {
  const t = translator(input.locale);
  const lines = [
    t('subscribe.mail.greeting'),
    '',
    t('subscribe.mail.round.intro', { title: input.title, round: input.round }),
    // The new round may open later than it is published: then the mail says when.
    ...(input.opensAt && input.closesAt
      ? [t('subscribe.mail.round.window', { opens: formatDateTime(input.opensAt, input.locale), closes: formatDateTime(input.closesAt, input.locale) })]
      : input.closesAt
        ? [t('subscribe.mail.round.closes', { closes: formatDateTime(input.closesAt, input.locale) })]
        : []),
    '',
    t('subscribe.mail.round.link', { url: input.pageUrl }),
    ...closing(input.locale, input.title, input),
  ];
  return { subject: t('subscribe.mail.round.subject', { title: input.title, round: input.round }), text: `${lines.join('\n')}\n`, headers: unsubscribeHeaders(input) };
}
