// Taking a comment: the rules every channel shares once its input has been validated.
import type { Consultation } from '../db/schema.ts';
import { consultationWindow } from '../drafts/window.ts';
import { findBlockByKey, findConsultationBySlug } from '../drafts/store.ts';
import type { AppServices } from '../http/context.ts';
import { AppError, type RefusedSubmissionDetail } from '../http/errors.ts';
import type { Locale, Translate } from '../lib/i18n.ts';
import { formatDateTime } from '../lib/time.ts';
import { insertComment } from './store.ts';
import type { CommentInput, FieldName } from './validation.ts';

export async function requirePublishedConsultation(services: AppServices, slug: string, t: Translate): Promise<Consultation> {
  const consultation = await findConsultationBySlug(services.db, slug);
  if (!consultation || consultation.state !== 'published') {
    throw new AppError(404, 'not_found', t('error.notFound.consultation'));
  }
  return consultation;
}

/** Refuses with 409, giving back what was typed, unless the window is open right now. */
export function requireOpenWindow(consultation: Consultation, now: Date, locale: Locale, t: Translate, refused?: RefusedSubmissionDetail): void {
  const window = consultationWindow(consultation);
  const phase = window.phase(now);
  if (phase === 'open') return;
  if (phase === 'upcoming' && window.opensAt) {
    throw new AppError(409, 'not_open', t('error.notYetOpen', { opens: formatDateTime(window.opensAt, locale) }), { refused });
  }
  const closed = window.closedEarlyAt ?? window.closesAt;
  throw new AppError(409, 'closed', t('error.closed', { closes: closed ? formatDateTime(closed, locale) : '' }), { refused });
}

export function requireWithinRateLimit(services: AppServices, clientKey: string, now: Date, t: Translate, refused?: RefusedSubmissionDetail): void {
  const decision = services.commentLimiter.take(clientKey, now.getTime());
  if (decision.allowed) return;
  throw new AppError(429, 'rate_limited', t('error.rateLimited', { seconds: decision.retryAfterSeconds }), {
    refused,
    retryAfterSeconds: decision.retryAfterSeconds,
    heading: t('ratelimit.title'),
  });
}

export type SubmitOutcome =
  | { ok: true; trackingNumber: string; status: 'pending' | 'published' | 'spam'; blockKey: string | null }
  | { ok: false; errors: Partial<Record<FieldName, string>> };

export async function submitWebComment(
  services: AppServices,
  consultation: Consultation,
  input: CommentInput,
  context: { locale: Locale; t: Translate; clientKey: string; now: Date },
): Promise<SubmitOutcome> {
  const { t } = context;
  let blockId: number | null = null;
  let blockKey: string | null = null;
  if (input.paragraphId) {
    const block = await findBlockByKey(services.db, consultation.id, input.paragraphId);
    // Headings organise the draft; comments go to the paragraphs, items and articles under them.
    if (!block || block.kind === 'heading') return { ok: false, errors: { paragraphId: t('error.paragraph.unknown') } };
    blockId = block.id;
    blockKey = block.key;
  }
  if (consultation.require_name && !input.name) return { ok: false, errors: { name: t('error.name.required') } };

  // A filled honeypot is almost surely a bot, but it is kept (as spam) so that nothing a person
  // typed can be lost; an officer can restore it.
  const status = input.website ? 'spam' : consultation.moderation === 'post' ? 'published' : 'pending';
  const trackingNumber = await insertComment(services.db, {
    consultationId: consultation.id,
    blockId,
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
    receivedAt: context.now,
    now: context.now,
  });
  if (status === 'published') services.pages.invalidate(consultation.slug);
  return { ok: true, trackingNumber, status, blockKey };
}

export async function clientKeyFor(services: AppServices, address: string): Promise<string> {
  return services.signer.sign('client', address);
}
