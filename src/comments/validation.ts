// One set of rules for a comment, whether it comes from the form or from the JSON API.
import { z } from 'zod';
import type { Translate } from '../lib/i18n.ts';

export const BODY_MIN = 5;
export const BODY_MAX = 5000;
export const NAME_MAX = 50;
export const ORGANIZATION_MAX = 100;

const optionalText = z
  .string()
  .nullish()
  .transform((v) => (v ?? '').trim());

// Length is counted in characters as people count them (code points), not UTF-16 units.
const length = (s: string) => [...s].length;

export const commentInputSchema = z.object({
  body: z
    .string({ error: 'body.required' })
    .transform((v) => v.replace(/\r\n?/g, '\n').trim())
    .refine((v) => v.length > 0, { error: 'body.required', abort: true })
    .refine((v) => length(v) >= BODY_MIN, { error: 'body.tooShort', abort: true })
    .refine((v) => length(v) <= BODY_MAX, { error: 'body.tooLong' }),
  name: optionalText.refine((v) => length(v) <= NAME_MAX, { error: 'name.tooLong' }),
  organization: optionalText.refine((v) => length(v) <= ORGANIZATION_MAX, { error: 'organization.tooLong' }),
  email: optionalText.refine((v) => v === '' || (v.length <= 254 && z.email().safeParse(v).success), { error: 'email.invalid' }),
  phone: optionalText.refine((v) => v === '' || /^[0-9+\-() ]{5,20}$/.test(v), { error: 'phone.invalid' }),
  paragraphId: optionalText,
  website: optionalText,
});

export type CommentInput = z.output<typeof commentInputSchema>;

export type FieldName = 'body' | 'name' | 'organization' | 'email' | 'phone' | 'paragraphId';

/** Turns validation issues into one message per field, in the user's language. */
export function fieldErrors(issues: readonly z.core.$ZodIssue[], t: Translate, raw: Record<string, unknown>): Partial<Record<FieldName, string>> {
  const errors: Partial<Record<FieldName, string>> = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? 'body') as FieldName;
    if (errors[field]) continue;
    const code = issue.message;
    const bodyLength = typeof raw.body === 'string' ? length(raw.body.trim()) : 0;
    switch (code) {
      case 'body.required':
        errors.body = t('error.body.required');
        break;
      case 'body.tooShort':
        errors.body = t('error.body.tooShort', { min: BODY_MIN });
        break;
      case 'body.tooLong':
        errors.body = t('error.body.tooLong', { max: BODY_MAX, length: bodyLength });
        break;
      case 'name.tooLong':
        errors.name = t('error.name.tooLong', { max: NAME_MAX });
        break;
      case 'organization.tooLong':
        errors.organization = t('error.organization.tooLong', { max: ORGANIZATION_MAX });
        break;
      case 'email.invalid':
        errors.email = t('error.email.invalid');
        break;
      case 'phone.invalid':
        errors.phone = t('error.phone.invalid');
        break;
      default:
        // A field of the wrong type (e.g. a number in JSON) reads as that field being invalid.
        if (field === 'body') errors.body = t('error.body.required');
        else if (field === 'email') errors.email = t('error.email.invalid');
        else if (field === 'phone') errors.phone = t('error.phone.invalid');
        else errors[field] = t('error.badRequest');
    }
  }
  return errors;
}
