// The office's forms as zod schemas: what each POST may carry, checked at the edge with each
// problem named by its dictionary key (src/http/forms.ts words it next to the field). What needs
// the database or the stored consultation is checked by the commands.
import { z } from 'zod';
import { beijingTime, checkbox, many, oneOf, problem, requiredText, text, version } from '../http/forms.ts';
import { STRUCTURE_ACTIONS } from './corrections.ts';
import { INTAKE_PATTERN, RESERVED_LOCAL_PARTS, RESERVED_SLUGS, SLUG_PATTERN } from './slug.ts';

export { parseBeijingInput } from '../lib/time.ts';

/** Length in characters as a reader counts them (an astral character is one). */
export function length(text: string): number {
  return [...text].length;
}

export const EMAIL = /^[^\s@<>()[\],;:"]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;

const single = (value: unknown) => (Array.isArray(value) ? value[0] : value);

/** A field exactly as sent ('' when absent): for text whose spaces and lines matter. */
const raw = z.preprocess((v) => (typeof single(v) === 'string' ? single(v) : ''), z.string());

/** Trimmed text of any length, for values whose form is checked after. */
const trimmed = text(100_000);

// ---- creating a draft

export const MAX_DRAFT_CHARS = 500_000;

/** The draft's text as pasted, with line breaks as a reader sees them (a browser sends CRLF). */
const draftText = raw.transform((v) => v.replace(/\r\n?/g, '\n'));

/** A file input left empty still sends a nameless, empty file. */
const draftFile = z.preprocess((v) => {
  const file = single(v);
  return file instanceof File && (file.size > 0 || file.name) ? file : null;
}, z.instanceof(File).nullable());

/** The text area counts only when no file is given. */
function requireTextOrFile(form: { text: string; file: File | null }, ctx: z.RefinementCtx): void {
  if (form.file) return;
  const chars = length(form.text);
  if (form.text.trim() === '') ctx.addIssue({ code: 'custom', path: ['text'], message: problem('office.new.error.nothing') });
  else if (chars > MAX_DRAFT_CHARS) ctx.addIssue({ code: 'custom', path: ['text'], message: problem('office.new.error.textTooLong', { length: chars, max: MAX_DRAFT_CHARS }) });
}

export const newConsultationForm = z
  .object({
    title: text(200, 'office.new.error.titleTooLong'),
    slug: trimmed
      .transform((v) => v.toLowerCase())
      .refine((v) => v === '' || SLUG_PATTERN.test(v), { message: problem('office.new.error.slugFormat') })
      .refine((v) => !RESERVED_SLUGS.has(v) && !RESERVED_LOCAL_PARTS.has(v), { message: problem('office.new.error.slugReserved') }),
    text: draftText,
    file: draftFile,
  })
  .superRefine(requireTextOrFile);

// ---- lifecycle

export const publishForm = z.object({ version, confirmShort: checkbox });

const reason = requiredText(500, 'office.lifecycle.error.reasonRequired', 'office.lifecycle.error.reasonTooLong');

export const extendForm = z.object({
  version,
  closes: beijingTime('end', 'office.lifecycle.error.closesFormat').transform((v, ctx) => {
    if (v) return v;
    ctx.addIssue({ code: 'custom', message: problem('office.lifecycle.error.closesFormat') });
    return z.NEVER;
  }),
  reason,
});

export const closeForm = z.object({ version, reason });

// ---- settings

/** The window is set here only before publishing; afterwards it changes by extending or closing. */
export function settingsForm(draft: boolean) {
  const time = (edge: 'start' | 'end', invalid: 'office.settings.error.opens' | 'office.settings.error.closes') =>
    // Once published the form has no window fields at all: absent is as good as anything.
    draft ? beijingTime(edge, invalid) : z.unknown().optional().transform((): Date | null => null);
  return z
    .object({
      version,
      title: requiredText(200, 'office.settings.error.title', 'office.settings.error.title'),
      issuer: text(100, 'office.settings.error.tooLong'),
      opens: time('start', 'office.settings.error.opens'),
      closes: time('end', 'office.settings.error.closes'),
      moderation: z.preprocess((v) => (single(v) === 'post' ? 'post' : 'pre'), z.enum(['pre', 'post'])),
      requireName: checkbox,
      documentKind: z.preprocess((v) => (single(v) === 'rule' ? 'rule' : 'other'), z.enum(['rule', 'other'])),
      intakeLocal: trimmed
        .transform((v) => v.toLowerCase())
        .refine((v) => v === '' || INTAKE_PATTERN.test(v), { message: problem('office.settings.error.intakeFormat') })
        .refine((v) => !RESERVED_LOCAL_PARTS.has(v), { message: problem('office.settings.error.intakeReserved') })
        .transform((v) => v || null),
      reminderDays: trimmed
        .refine((v) => /^\d{1,2}$/.test(v || '3') && Number(v || '3') <= 60, { message: problem('office.settings.error.reminderDays') })
        .transform((v) => Number(v || '3')),
      contactPerson: text(50, 'office.settings.error.tooLong'),
      contactPhone: text(50, 'office.settings.error.tooLong'),
      contactEmail: trimmed.refine((v) => v === '' || (EMAIL.test(v) && v.length <= 254), { message: problem('office.settings.error.contactEmail') }),
      confirmShort: checkbox,
    })
    .superRefine((form, ctx) => {
      if (!form.opens !== !form.closes) ctx.addIssue({ code: 'custom', path: [form.opens ? 'closes' : 'opens'], message: problem('office.settings.error.windowPair') });
      else if (form.opens && form.closes && form.closes.getTime() <= form.opens.getTime()) {
        ctx.addIssue({ code: 'custom', path: ['closes'], message: problem('office.settings.error.windowOrder') });
      }
    });
}

// ---- structure corrections

export const MAX_BLOCK_TEXT = 20_000;
export const MAX_BLOCK_LINE = 500;
const MAX_LABEL = 30;

export const structureForm = z
  .object({
    version,
    action: oneOf(STRUCTURE_ACTIONS),
    key: raw,
    label: raw,
    title: raw,
    text: raw,
    parts: raw,
    line: raw.transform((v) => Number(v)),
    depth: raw.transform((v) => (/^[0-6]$/.test(v) ? Number(v) : -1)),
  })
  .superRefine((form, ctx) => {
    if ((form.action === 'level-raise' || form.action === 'level-lower') && form.depth < 0) ctx.addIssue({ code: 'custom', path: ['action'], message: problem('form.invalidValue') });
    if (form.action !== 'edit') return;
    if (length(form.text) > MAX_BLOCK_TEXT) ctx.addIssue({ code: 'custom', path: ['text'], message: problem('office.structure.error.textTooLong', { max: MAX_BLOCK_TEXT }) });
    else if (length(form.title) > MAX_BLOCK_LINE || length(form.label) > MAX_LABEL) {
      ctx.addIssue({ code: 'custom', path: ['title'], message: problem('office.structure.error.textTooLong', { max: MAX_BLOCK_LINE }) });
    }
  });

// ---- roster

export const addUnitForm = z.object({ name: trimmed, addresses: raw });
export const unitAddressesForm = z.object({ addresses: raw });

/** A form that carries nothing but its CSRF token. */
export const emptyForm = z.object({});

// ---- versions (issue 13)

/** A revised text: pasted or uploaded, as for a new draft; its title may be left to the text. */
export const newRevisionForm = z.object({ version, title: text(200, 'office.new.error.titleTooLong'), text: draftText, file: draftFile }).superRefine(requireTextOrFile);

export const publishRevisionForm = z
  .object({
    version,
    purpose: oneOf(['round', 'final']),
    opens: beijingTime('start', 'office.settings.error.opens'),
    closes: beijingTime('end', 'office.settings.error.closes'),
    confirmShort: checkbox,
  })
  .superRefine((form, ctx) => {
    if (form.purpose !== 'round') return;
    if (!form.opens) ctx.addIssue({ code: 'custom', path: ['opens'], message: problem('office.version.error.noWindow') });
    if (!form.closes) ctx.addIssue({ code: 'custom', path: ['closes'], message: problem('office.version.error.noWindow') });
    if (form.opens && form.closes && form.closes.getTime() <= form.opens.getTime()) ctx.addIssue({ code: 'custom', path: ['closes'], message: problem('office.version.error.windowOrder') });
  });

export const discardRevisionForm = z.object({ version });

/** The office's note on one block of a revision: its sources by hand (or as computed) and the reason. */
export const blockNoteForm = z.object({
  version,
  revision: raw.transform((v) => (/^\d{1,6}$/.test(v) ? Number(v) : -1)),
  key: raw,
  removed: checkbox,
  mode: z.preprocess((v) => (single(v) === 'manual' ? 'manual' : 'auto'), z.enum(['auto', 'manual'])),
  sources: many(z.string()),
  reason: raw.refine((v) => length(v.trim()) <= 2000, { message: problem('office.correspond.error.reasonTooLong', { max: 2000 }) }),
});
