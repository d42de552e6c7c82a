// A citizen's subscription to one consultation's results and new rounds: asking (a confirmation
// mailed, nothing else), confirming (only by pressing the button the confirmation link shows, so a
// link scanner fetching the URL subscribes nobody), and unsubscribing (deletes the address).
import { randomToken } from '../auth/csrf.ts';
import type { AppDatabase } from '../db/database.ts';
import type { Subscription } from '../db/schema.ts';
import type { Locale } from '../lib/i18n.ts';
import type { Clock } from '../lib/time.ts';
import { queueMailQuery } from '../mail/outbox.ts';
import { CONFIRM_DAYS, confirmationMail } from './compose.ts';
import { findSubscriptionByAddress, findSubscriptionByToken, normaliseAddress } from './store.ts';

export interface SubscriptionDeps {
  db: AppDatabase;
  clock: Clock;
  settings: { publicBaseUrl: string };
}

/** An address asked for again within this time gets no second confirmation (a form resent, a prank). */
export const RESEND_AFTER_MS = 10 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** 192 random bits, URL-safe: the only thing a subscription's links carry. */
export function newSubscriptionToken(): string {
  return randomToken(24);
}

function base(deps: SubscriptionDeps): string {
  return deps.settings.publicBaseUrl.replace(/\/$/, '');
}

function isDuplicate(error: unknown): boolean {
  return error instanceof Error && /UNIQUE constraint failed: subscriptions\./.test(error.message);
}

/**
 * Records the wish and mails a confirmation link, in one batch. An address already confirmed, or
 * sent a confirmation minutes ago, gets nothing more — and the caller says the same either way, so
 * the form tells nobody whether an address is subscribed. Consent was required at the edge.
 */
export async function requestSubscription(
  deps: SubscriptionDeps,
  input: { consultation: { id: number; title: string; state: string }; email: string; locale: Locale },
): Promise<{ ok: true; mailed: boolean } | { ok: false; code: 'notPublished' }> {
  const { db } = deps;
  if (input.consultation.state !== 'published') return { ok: false, code: 'notPublished' };
  const email = normaliseAddress(input.email);
  const now = deps.clock();
  const at = now.toISOString();
  const existing = await findSubscriptionByAddress(db, input.consultation.id, email);
  if (existing?.state === 'confirmed') return { ok: true, mailed: false };
  if (existing && now.getTime() - Date.parse(existing.requested_at) < RESEND_AFTER_MS) return { ok: true, mailed: false };

  // A fresh token each time: an older confirmation link stops working once a newer one is sent.
  const token = newSubscriptionToken();
  const write = existing
    ? db.kysely
        .updateTable('subscriptions')
        .set({ token, locale: input.locale, consent_at: at, requested_at: at })
        .where('id', '=', existing.id)
        .where('state', '=', 'pending')
        .compile()
    : db.kysely
        .insertInto('subscriptions')
        .values({ consultation_id: input.consultation.id, email, locale: input.locale, token, state: 'pending', consent_at: at, requested_at: at, confirmed_at: null, created_at: at })
        .compile();
  const mail = confirmationMail({ locale: input.locale, title: input.consultation.title, publicBaseUrl: base(deps), token });
  try {
    await db.batch([
      write,
      queueMailQuery(db.kysely, { kind: 'other', dedupeKey: `subscription:confirm:${token}`, consultationId: input.consultation.id, to: email, ...mail }, now),
    ]);
  } catch (error) {
    // Two requests for the same address at once: the other one mailed the confirmation.
    if (isDuplicate(error)) return { ok: true, mailed: false };
    throw error;
  }
  return { ok: true, mailed: true };
}

export type ConfirmRefusal = 'unknown' | 'expired';

/** The subscription a link's token names, if the link still works (a pending one expires). */
export async function checkConfirmation(deps: SubscriptionDeps, token: string): Promise<{ ok: true; subscription: Subscription } | { ok: false; code: ConfirmRefusal }> {
  const subscription = await findSubscriptionByToken(deps.db, token);
  if (!subscription) return { ok: false, code: 'unknown' };
  if (subscription.state === 'pending' && deps.clock().getTime() - Date.parse(subscription.requested_at) > CONFIRM_DAYS * DAY_MS) return { ok: false, code: 'expired' };
  return { ok: true, subscription };
}

/** Confirms by the token (idempotent: confirming twice is still one subscription). */
export async function confirmSubscription(deps: SubscriptionDeps, input: { token: string }): Promise<{ ok: true; subscription: Subscription } | { ok: false; code: ConfirmRefusal }> {
  const checked = await checkConfirmation(deps, input.token);
  if (!checked.ok || checked.subscription.state === 'confirmed') return checked;
  const at = deps.clock().toISOString();
  await deps.db.batch([
    deps.db.kysely.updateTable('subscriptions').set({ state: 'confirmed', confirmed_at: at }).where('id', '=', checked.subscription.id).where('state', '=', 'pending').compile(),
  ]);
  return { ok: true, subscription: { ...checked.subscription, state: 'confirmed', confirmed_at: at } };
}

/** Unsubscribes by the token: the row and its address are deleted. Unsubscribing twice is fine. */
export async function unsubscribe(deps: SubscriptionDeps, input: { token: string }): Promise<{ ok: true; removed: boolean }> {
  const subscription = await findSubscriptionByToken(deps.db, input.token);
  if (!subscription) return { ok: true, removed: false };
  const [result] = await deps.db.batch([deps.db.kysely.deleteFrom('subscriptions').where('id', '=', subscription.id).compile()]);
  return { ok: true, removed: (result?.changes ?? 0) > 0 };
}
