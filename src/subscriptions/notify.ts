// Telling subscribers: when a consultation's results are published (src/reports/results.ts), or a
// revised text is published for a new round (src/office/versions.ts), every confirmed subscriber
// gets ONE message through the outbox, in the language they subscribed in, queued in the same
// batch as the change. "Never twice" is the outbox's dedupe key: the consultation, the event, the
// round (the version's number) and the subscription — publishing the results again queues nothing.
import type { CompiledQuery } from 'kysely';
import type { AppDatabase } from '../db/database.ts';
import type { Consultation } from '../db/schema.ts';
import { consultationWindow } from '../drafts/window.ts';
import { toLocale } from '../lib/i18n.ts';
import { queueMailQuery } from '../mail/outbox.ts';
import { resultsNoticeMail, roundNoticeMail } from './compose.ts';
import { listConfirmedSubscriptions } from './store.ts';

export type SubscriberEvent = 'results' | 'round';

export function subscriberNoticeKey(consultationId: number, event: SubscriberEvent, round: number, subscriptionId: number): string {
  return `subscription:${event}:${consultationId}:${round}:${subscriptionId}`;
}

/**
 * The outbox rows for every confirmed subscriber, for a caller that writes them in its own batch,
 * so that the change and its notices are one. `consultation` is the row as it will be after that
 * batch (the statement just published, the new round's title and window).
 */
export async function subscriberNoticeQueries(
  db: AppDatabase,
  input: { consultation: Consultation; event: SubscriberEvent; round?: number; publicBaseUrl: string; now: Date },
): Promise<CompiledQuery[]> {
  const { consultation, event } = input;
  const round = input.round ?? 1;
  const base = input.publicBaseUrl.replace(/\/$/, '');
  const page = `${base}/consultations/${encodeURIComponent(consultation.slug)}`;
  const subscribers = await listConfirmedSubscriptions(db, consultation.id);
  return subscribers.map((subscription) => {
    const links = { publicBaseUrl: base, token: subscription.token };
    const locale = toLocale(subscription.locale);
    const mail =
      event === 'results'
        ? resultsNoticeMail({ locale, title: consultation.title, statement: consultation.results_statement, resultsUrl: `${page}/results`, ...links })
        : roundNoticeMail({ locale, title: consultation.title, round, opensAt: consultationWindow(consultation).opensAt, closesAt: consultationWindow(consultation).closesAt, pageUrl: page, ...links });
    return queueMailQuery(
      db.kysely,
      { kind: 'other', dedupeKey: subscriberNoticeKey(consultation.id, event, round, subscription.id), consultationId: consultation.id, to: subscription.email, ...mail },
      input.now,
    );
  });
}
