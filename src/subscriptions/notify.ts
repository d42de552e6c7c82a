// Telling subscribers: when a consultation's results are published, or a new round opens, every
// confirmed subscriber gets ONE message through the outbox, in the language they subscribed in.
// "Never twice" is the outbox's dedupe key: the consultation, the event, the round and the
// subscription — publishing the results again, or a second call for the same round, queues nothing.
import type { CompiledQuery } from 'kysely';
import type { AppDatabase } from '../db/database.ts';
import type { Consultation } from '../db/schema.ts';
import { findConsultationById } from '../drafts/store.ts';
import { consultationWindow } from '../drafts/window.ts';
import { toLocale } from '../lib/i18n.ts';
import type { Clock } from '../lib/time.ts';
import { queueMailQuery } from '../mail/outbox.ts';
import { resultsNoticeMail, roundNoticeMail } from './compose.ts';
import { listConfirmedSubscriptions } from './store.ts';

export type SubscriberEvent = 'results' | 'round';

export interface NotifyInput {
  consultationId: number;
  event: SubscriberEvent;
  /**
   * Which round the event belongs to (consultation versions number them 1..N): results of round 1
   * and of round 2 are two messages, the same round's results published twice are one. Default 1.
   */
  round?: number;
}

export function subscriberNoticeKey(consultationId: number, event: SubscriberEvent, round: number, subscriptionId: number): string {
  return `subscription:${event}:${consultationId}:${round}:${subscriptionId}`;
}

/**
 * The outbox rows for every confirmed subscriber, for a caller that writes them in its own batch
 * (publishing the results does, so that results and notices are one change). `consultation` is the
 * row as it will be after that batch (the statement just published, the new round's deadline).
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

/**
 * Queues the notice of `event` to every confirmed subscriber of the consultation, once each; for
 * callers outside a batch of their own (a new round opened by the versions module). Returns how
 * many messages were queued now (those queued before are not counted again).
 */
export async function notifySubscribers(
  deps: { db: AppDatabase; clock: Clock; settings: { publicBaseUrl: string } },
  input: NotifyInput,
): Promise<{ ok: true; queued: number } | { ok: false; code: 'notFound' }> {
  const consultation = await findConsultationById(deps.db, input.consultationId);
  if (!consultation) return { ok: false, code: 'notFound' };
  const queries = await subscriberNoticeQueries(deps.db, {
    consultation,
    event: input.event,
    ...(input.round !== undefined ? { round: input.round } : {}),
    publicBaseUrl: deps.settings.publicBaseUrl,
    now: deps.clock(),
  });
  if (queries.length === 0) return { ok: true, queued: 0 };
  const results = await deps.db.batch(queries);
  return { ok: true, queued: results.reduce((sum, r) => sum + r.changes, 0) };
}
