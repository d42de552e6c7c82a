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
const commentFields = {
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
};

/**
 * A comment's fields as the office records them: what an officer types in from a letter, a call
 * or a meeting (consent to keeping contact details is the letter's own matter, not a tick box).
 */
export const commentContentSchema = z.object(commentFields);

/**
 * Contact details are optional; giving them takes consent (PIPL art. 14). zod runs this only
 * once every field is valid, so fieldErrors also looks for it when another field is wrong.
 */
function requireConsentForContact<T extends z.ZodType<{ email: string; phone: string; consent: boolean }>>(schema: T) {
  return schema.refine((v) => (!v.email && !v.phone) || v.consent, { path: ['consent'], error: 'consent.required' });
}

const given = (value: unknown) => typeof value === 'string' && value.trim() !== '';

/** Whether what was sent (before parsing) gives contact details without ticking consent. */
function lacksConsent(raw: Record<string, unknown>): boolean {
  return (given(raw.email) || given(raw.phone)) && !(raw.consent === true || raw.consent === '1' || raw.consent === 'on');
}

/** The JSON API's comment: consent is `true`. */
export const commentInputSchema = requireConsentForContact(
  commentContentSchema.extend({ consent: z.boolean({ error: 'consent.invalid' }).nullish().transform((v) => v === true) }),
);

export type CommentInput = z.output<typeof commentInputSchema>;

/** The HTML form: the consent box sends '1' when ticked; the form also carries its CSRF token. */
export const commentFormSchema = requireConsentForContact(
  z.object({
    ...commentFields,
    consent: z
      .unknown()
      .optional()
      .transform((v) => v === '1' || v === 'on'),
    _csrf: z.string().optional(),
  }),
);

export type FieldName = 'body' | 'name' | 'organization' | 'email' | 'phone' | 'paragraphId' | 'consent';

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
      case 'consent.required':
        errors.consent = t('privacy.consent.required');
        break;
      default:
        // A field of the wrong type (e.g. a number in JSON) reads as that field being invalid.
        if (field === 'body') errors.body = t('error.body.required');
        else if (field === 'email') errors.email = t('error.email.invalid');
        else if (field === 'phone') errors.phone = t('error.phone.invalid');
        else errors[field] = t('error.badRequest');
    }
  }
  if (!errors.consent && lacksConsent(raw)) errors.consent = t('privacy.consent.required');
  return errors;
}
