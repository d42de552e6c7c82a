// Taking a comment: the rules every channel shares once its input has been validated.
import type { Consultation } from '../db/schema.ts';
import type { KnownConsultation } from '../drafts/consultation-cache.ts';
import { consultationWindow } from '../drafts/window.ts';
import type { AppServices } from '../http/context.ts';
import { AppError } from '../http/errors.ts';
import { refusal, type RefusedSubmissionDetail } from './refusal.ts';
import type { Locale, Translate } from '../lib/i18n.ts';
import type { RateDecision } from '../lib/rate-limit.ts';
import { formatDateTime } from '../lib/time.ts';
import { insertComment } from './store.ts';
import type { CommentInput, FieldName } from './validation.ts';

/** Refusals give back what was typed; the detail is built only when a refusal happens. */
type Refused = () => RefusedSubmissionDetail;

function requirePublished(known: KnownConsultation | null, t: Translate): KnownConsultation {
  if (!known || known.consultation.state !== 'published') throw new AppError(404, 'not_found', t('error.notFound.consultation'));
  return known;
}

export function requirePublishedConsultation(services: AppServices, slug: string, t: Translate): KnownConsultation | Promise<KnownConsultation> {
  const now = services.clock();
  const fresh = services.consultations.peek(slug, now);
  if (fresh) return requirePublished(fresh, t);
  return services.consultations.get(slug, now).then((known) => requirePublished(known, t));
}

/** Refuses with 409 unless the window is open right now. */
export function requireOpenWindow(consultation: Consultation | KnownConsultation, now: Date, locale: Locale, t: Translate, refused?: Refused): void {
  const window = 'window' in consultation ? consultation.window : consultationWindow(consultation);
  const phase = window.phase(now);
  if (phase === 'open') return;
  if (phase === 'upcoming' && window.opensAt) {
    throw refusal(409, 'not_open', t('error.notYetOpen', { opens: formatDateTime(window.opensAt, locale) }), refused?.());
  }
  const closed = window.closedEarlyAt ?? window.closesAt;
  throw refusal(409, 'closed', t('error.closed', { closes: closed ? formatDateTime(closed, locale) : '' }), refused?.());
}

/**
 * Refuses with 429 past the client's limit. Synchronous with the in-memory limiter (the comment
 * POST's hot path awaits nothing it need not); a promise with a limiter kept in a database.
 */
export function requireWithinRateLimit(services: AppServices, clientKey: string, now: Date, t: Translate, refused?: Refused): void | Promise<void> {
  const decision = services.commentLimiter.take(clientKey, now.getTime());
  if (decision instanceof Promise) return decision.then((d) => refuseUnlessAllowed(d, t, refused));
  refuseUnlessAllowed(decision, t, refused);
}

function refuseUnlessAllowed(decision: RateDecision, t: Translate, refused?: Refused): void {
  if (decision.allowed) return;
  throw refusal(429, 'rate_limited', t('error.rateLimited', { seconds: decision.retryAfterSeconds }), refused?.(), {
    retryAfterSeconds: decision.retryAfterSeconds,
    heading: t('ratelimit.title'),
  });
}

export type SubmitOutcome =
  | { ok: true; trackingNumber: string; status: 'pending' | 'published' | 'spam'; blockKey: string | null }
  | { ok: false; errors: Partial<Record<FieldName, string>> };

export async function submitWebComment(
  services: AppServices,
  known: KnownConsultation,
  input: CommentInput,
  context: { locale: Locale; t: Translate; clientKey: string; now: Date },
): Promise<SubmitOutcome> {
  const { t } = context;
  const { consultation } = known;
  const block = input.paragraphId ? known.blocksByKey.get(input.paragraphId) : undefined;
  // Headings organise the draft; comments go to the paragraphs, items and articles under them.
  if (input.paragraphId && (!block || block.kind === 'heading')) return { ok: false, errors: { paragraphId: t('error.paragraph.unknown') } };
  if (consultation.require_name && !input.name) return { ok: false, errors: { name: t('error.name.required') } };

  // A filled honeypot is almost surely a bot, but it is kept (as spam) so that nothing a person
  // typed can be lost; an officer can restore it.
  const status = input.website ? 'spam' : consultation.moderation === 'post' ? 'published' : 'pending';
  const trackingNumber = await insertComment(services.db, {
    consultationId: consultation.id,
    blockId: block?.id ?? null,
    channel: 'web',
    body: input.body,
    authorName: input.name || null,
    organization: input.organization || null,
    contactEmail: input.email || null,
    contactPhone: input.phone || null,
    status,
    statusReason: input.website ? 'honeypot' : null,
    late: false,
    locale: context.locale,
    clientKey: context.clientKey,
    // The schema refused contact details without consent: given, they were consented to now.
    contactConsentAt: input.email || input.phone ? context.now : null,
    receivedAt: context.now,
    now: context.now,
    versionId: block?.version_id ?? consultation.current_version_id,
  });
  if (status === 'published') services.consultationChanged(consultation.slug);
  return { ok: true, trackingNumber, status, blockKey: block?.key ?? null };
}

/** A keyed hash of the client's address: enough to rate-limit and group, never the address itself. */
export function clientKeyFor(services: AppServices, address: string): string | Promise<string> {
  return services.signer.peek('client', address) ?? services.signer.sign('client', address);
}
