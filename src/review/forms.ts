// The review forms as the office sends them, and what the routes say back. Moderation and
// regrouping read every field leniently: the command says what is wrong, in the order an officer
// fixes it. The decision and offline forms check their fields here, all at once, so each error
// shows beside its field (the commands check again for any other caller).
import { z } from 'zod';
import type { Decision } from '../db/schema.ts';
import type { AppContext } from '../http/context.ts';
import { AppError } from '../http/errors.ts';
import { many, officeForm, oneOf, pick, positiveInt, problem } from '../http/forms.ts';
import type { Translate } from '../lib/i18n.ts';
import type { DecisionFormState, OfflineErrors, OfflineValues } from '../../views/review/models.ts';
import { isReasonTooLong, MAX_SELECTION, normaliseReason, REASON_MAX } from './action.ts';
import { type DecideRefusal, DECISIONS } from './decisions.ts';
import { MODERATION_ACTIONS, type ModerateRefusal, type ModerationStatus } from './moderation.ts';
import { isCommentable, OFFLINE_KINDS, type OfflineRefusal, parseReceivedDay } from './offline.ts';
import type { Paragraphs } from './present.ts';

const firstOf = (v: unknown) => (Array.isArray(v) ? v[0] : v);
/** The value as sent, '' when absent. */
const sent = z.preprocess((v) => (typeof firstOf(v) === 'string' ? firstOf(v) : ''), z.string());
const reasonText = sent.transform((v) => normaliseReason(v));
const idList = many(z.unknown()).transform((values) => values.map((v) => (typeof v === 'string' ? positiveInt(v) : null)).filter((v): v is number => v !== null));
const moderationAction = sent.transform((v) => pick(v, MODERATION_ACTIONS));

export const moderationForm = z.object({ ids: idList, groups: idList, action: moderationAction, reason: reasonText, scope: sent, back: sent });

/** What the queue's bulk form can do to the chosen comments: moderate them, or say whether they are opinions. */
export const BULK_ACTIONS = [...MODERATION_ACTIONS, 'not-opinion', 'restore-opinion'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];
export const bulkForm = z.object({ ids: idList, groups: idList, action: sent.transform((v) => pick(v, BULK_ACTIONS)), reason: reasonText, back: sent });
export const notOpinionForm = z.object({ action: sent.transform((v) => pick(v, ['mark', 'restore'] as const)), reason: reasonText, scope: sent, back: sent });
export const regroupForm = z.object({ back: sent });
export const decisionForm = z.object({
  decision: oneOf(DECISIONS, 'review.error.decisionRequired'),
  reason: reasonText.refine((v) => !isReasonTooLong(v), { message: problem('review.error.reasonTooLong', { max: REASON_MAX }) }),
  scope: sent,
  back: sent,
});

/** A form of lenient fields is refused only for its CSRF token (officeForm throws 403). */
export async function lenientForm<S extends z.ZodType>(c: AppContext, schema: S) {
  const form = await officeForm(c, schema);
  if (!form.ok) throw new AppError(400, 'bad_form', c.var.t('error.badRequest'));
  return form;
}

const MODERATION_REFUSALS: Record<ModerateRefusal, (t: Translate) => string> = {
  no_selection: (t) => t('review.error.noSelection'),
  too_many: (t) => t('review.error.tooMany', { max: MAX_SELECTION }),
  no_action: (t) => t('review.error.noAction'),
  hide_needs_reason: (t) => t('review.error.hideReason'),
  reason_too_long: (t) => t('review.error.reasonTooLong', { max: REASON_MAX }),
};

export function moderationRefusal(t: Translate, code: ModerateRefusal): string {
  return MODERATION_REFUSALS[code](t);
}

export function moderatedMessage(t: Translate, status: ModerationStatus, count: number): string {
  if (count === 0) return t('review.moderate.unchanged');
  if (status === 'published') return t('review.moderate.published', { count });
  return status === 'hidden' ? t('review.moderate.hidden', { count }) : t('review.moderate.spam', { count });
}

export function notOpinionMessage(t: Translate, restored: boolean, count: number): string {
  if (count === 0) return t('review.notOpinion.unchanged');
  return restored ? t('review.notOpinion.restored', { count }) : t('review.notOpinion.marked', { count });
}

export function decisionRefusal(t: Translate, code: DecideRefusal, decision: Decision): DecisionFormState['errors'] {
  switch (code) {
    case 'no_decision':
      return { decision: t('review.error.decisionRequired') };
    case 'reason_required':
      return { reason: t('review.error.reasonRequired', { decision: t(`review.decision.${decision}`) }) };
    case 'reason_too_long':
      return { reason: t('review.error.reasonTooLong', { max: REASON_MAX }) };
    case 'no_selection':
      return { decision: t('review.error.noSelection') };
    case 'too_many':
      return { decision: t('review.error.tooMany', { max: MAX_SELECTION }) };
  }
}


export function offlineForm(context: { paragraphs: Paragraphs; unitIds: Set<string>; today: string }) {
  return z.object({
    kind: oneOf(OFFLINE_KINDS, 'review.error.kindRequired'),
    received: sent.transform((v, ctx) => {
      const day = v.trim();
      if (!parseReceivedDay(day)) ctx.addIssue({ code: 'custom', message: problem('review.error.receivedRequired') });
      else if (day > context.today) ctx.addIssue({ code: 'custom', message: problem('review.error.receivedFuture') });
      return day;
    }),
    paragraphId: sent
      .refine((v) => v === '' || v === 'general' || isCommentable(context.paragraphs.byKey.get(v)), { message: problem('review.error.paragraphUnknown') })
      .transform((v) => (v === '' || v === 'general' ? null : v)),
    unit: sent.refine((v) => v === '' || context.unitIds.has(v), { message: problem('review.error.unitUnknown') }).transform((v) => (v === '' ? null : Number(v))),
  });
}

const OFFLINE_FIELDS: (keyof OfflineValues)[] = ['kind', 'received', 'name', 'organization', 'unit', 'email', 'phone', 'paragraphId', 'body'];

export function offlineValues(raw: Record<string, string>): OfflineValues {
  const values = Object.fromEntries(OFFLINE_FIELDS.map((field) => [field, raw[field] ?? ''])) as unknown as OfflineValues;
  return { ...values, received: values.received.trim() };
}

/** Refusals the form's own checks let through (the paragraph or unit went away meanwhile). */
export function offlineRefusal(t: Translate, code: OfflineRefusal): OfflineErrors {
  switch (code) {
    case 'comment_invalid':
      return { body: t('error.badRequest') };
    case 'received_invalid':
      return { received: t('review.error.receivedRequired') };
    case 'received_future':
      return { received: t('review.error.receivedFuture') };
    case 'paragraph_unknown':
      return { paragraphId: t('review.error.paragraphUnknown') };
    case 'unit_unknown':
      return { unit: t('review.error.unitUnknown') };
  }
}
