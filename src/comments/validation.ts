// One set of rules for a comment, whether it comes from the form or from the JSON API.
import { z } from 'zod';
import type { Translate } from '../lib/i18n.ts';
import { cleanText } from '../lib/sanitize.ts';

/** Characters XML forbids (invisible, and poison for the XLSX and DOCX reports) are dropped first. */
const cleaned = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === 'string' ? cleanText(v) : v), schema);

export const BODY_MIN = 5;
export const BODY_MAX = 5000;
export const NAME_MAX = 50;
export const ORGANIZATION_MAX = 100;

const optionalText = (max: number, error: string) =>
  cleaned(
    z
      .string()
      .trim()
      .max(max, { error })
      .nullish()
      .transform((v) => v ?? ''),
  );

// Lengths count UTF-16 units, as the browser's maxlength does, so the form and the server agree
// (a Chinese character is one unit).
export const commentInputSchema = z.object({
  // Forms send line breaks as CRLF; the textarea counted them as one.
  body: cleaned(
    z
      .string({ error: 'body.required' })
      .transform((v) => (v.includes('\r') ? v.replace(/\r\n?/g, '\n') : v))
      .pipe(
        z
          .string()
          .trim()
          .min(1, { error: 'body.required', abort: true })
          .min(BODY_MIN, { error: 'body.tooShort', abort: true })
          .max(BODY_MAX, { error: 'body.tooLong' }),
      ),
  ),
  name: optionalText(NAME_MAX, 'name.tooLong'),
  organization: optionalText(ORGANIZATION_MAX, 'organization.tooLong'),
  email: optionalText(254, 'email.invalid').refine((v) => v === '' || z.email().safeParse(v).success, { error: 'email.invalid' }),
  phone: optionalText(20, 'phone.invalid').refine((v) => v === '' || /^[0-9+\-() ]{5,20}$/.test(v), { error: 'phone.invalid' }),
  paragraphId: optionalText(100, 'paragraphId.invalid'),
  website: optionalText(1000, 'website.invalid'),
});

export type CommentInput = z.output<typeof commentInputSchema>;

/** The HTML form also carries its CSRF token. */
export const commentFormSchema = commentInputSchema.extend({ _csrf: z.string().optional() });

export type FieldName = 'body' | 'name' | 'organization' | 'email' | 'phone' | 'paragraphId';

/** Turns validation issues into one message per field, in the user's language. */
export function fieldErrors(issues: readonly z.core.$ZodIssue[], t: Translate, raw: Record<string, unknown>): Partial<Record<FieldName, string>> {
  const errors: Partial<Record<FieldName, string>> = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? 'body') as FieldName;
    if (errors[field]) continue;
    const code = issue.message;
    const bodyLength = typeof raw.body === 'string' ? raw.body.replace(/\r\n?/g, '\n').trim().length : 0;
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
