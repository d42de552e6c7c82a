// Reading every office form one way: the body read once (malformed input is a 400, not a 500),
// the CSRF token checked, the fields parsed by a zod schema, and each failure worded in the
// user's language next to its field — with what was typed kept, so a refused form loses nothing.
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { verifyCsrf } from '../auth/csrf.ts';
import { hasMessage, type MessageKey } from '../lib/i18n.ts';
import type { Params } from '../lib/messages/types.ts';
import { cleanText } from '../lib/sanitize.ts';
import { parseBeijingInput } from '../lib/time.ts';
import type { AppContext } from './context.ts';
import { AppError } from './errors.ts';

export type FormValues = Record<string, string>;
export type FormErrors = Record<string, string>;

/** What a form said: the parsed data, or the errors by field; either way the values as typed. */
export type FormState<T> = { ok: true; data: T; values: FormValues } | { ok: false; errors: FormErrors; values: FormValues };

const SEPARATOR = '\u0000';

/**
 * A field error as a schema states it: a dictionary key and its parameters. The words are found
 * when the form is read, in the language of the request.
 */
export function problem(key: MessageKey, params?: Params): string {
  return params ? `${key}${SEPARATOR}${JSON.stringify(params)}` : key;
}

function word(c: AppContext, message: string): string {
  const [key, json] = message.split(SEPARATOR);
  if (key && hasMessage(key)) return c.var.t(key, json ? (JSON.parse(json) as Params) : undefined);
  // A check without a message of ours (zod's own English): say plainly that the value is wrong.
  return c.var.t('form.invalidValue');
}

/** One message per field (the first), keyed by the field's name. */
export function wordIssues(c: AppContext, issues: readonly z.core.$ZodIssue[]): FormErrors {
  const errors: FormErrors = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? '_form');
    errors[field] ??= word(c, issue.message);
  }
  return errors;
}

type Body = Record<string, string | File | (string | File)[]>;

/**
 * The request's form body, its text cleaned of the characters XML forbids (src/lib/text.ts); a
 * body that is not a form (broken multipart, wrong type) is a 400.
 */
export async function readBody(c: AppContext): Promise<Body> {
  let body: Body;
  try {
    body = (await c.req.parseBody({ all: true })) as Body;
  } catch (error) {
    if (error instanceof HTTPException) throw error;
    throw new AppError(400, 'bad_form', c.var.t('error.badRequest'));
  }
  const clean = (value: string | File) => (typeof value === 'string' ? cleanText(value) : value);
  const out: Body = {};
  for (const [key, value] of Object.entries(body)) out[cleanText(key)] = Array.isArray(value) ? value.map(clean) : clean(value);
  return out;
}

function firstString(value: Body[string] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

/**
 * Reads an office form: CSRF first (403 when it fails — nothing else is looked at), then the
 * schema. Repeated fields (checkboxes) arrive as arrays only when repeated; schemas that take
 * several values use `many()`.
 */
export async function officeForm<S extends z.ZodType>(c: AppContext, schema: S): Promise<FormState<z.output<S>>> {
  const body = await readBody(c);
  const services = c.var.services;
  const token = firstString(body._csrf);
  const check = verifyCsrf(c, services.signer, token, services.publicOrigin);
  if (!(check instanceof Promise ? await check : check)) throw new AppError(403, 'csrf', c.var.t('auth.error.csrf'));
  const values: FormValues = {};
  for (const [key, value] of Object.entries(body)) {
    const text = firstString(value);
    if (text !== undefined && key !== '_csrf') values[key] = text;
  }
  const parsed = schema.safeParse(body);
  return parsed.success ? { ok: true, data: parsed.data, values } : { ok: false, errors: wordIssues(c, parsed.error.issues), values };
}

// Field types the office's forms share. Each error names a dictionary key.

const single = (value: unknown) => (Array.isArray(value) ? value[0] : value);

/** Trimmed text, '' when absent; at most `max` characters as a reader counts them. */
export function text(max: number, tooLong: MessageKey = 'form.tooLong') {
  return z.preprocess(
    (v) => (typeof single(v) === 'string' ? (single(v) as string).trim() : ''),
    z.string().refine((v) => [...v].length <= max, { message: problem(tooLong, { max }) }),
  );
}

/** Trimmed text that must be there. */
export function requiredText(max: number, missing: MessageKey, tooLong: MessageKey = 'form.tooLong') {
  return text(max, tooLong).refine((v) => v !== '', { message: problem(missing) });
}

/** One of a fixed set of values; anything else is `invalid`, or the fallback when given. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T, invalid: MessageKey = 'form.invalidValue') {
  return z.preprocess(single, z.enum(values, { message: problem(invalid) }));
}

/** A positive whole number as typed in a form or a query (1, 2, …) up to `max`; null when absent or not one. */
export function positiveInt(value: string | undefined | null, max = Number.MAX_SAFE_INTEGER): number | null {
  if (!value || !/^\d{1,16}$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 && n <= max && Number.isSafeInteger(n) ? n : null;
}

/**
 * The highest page number any list accepts: far beyond any list we have, low enough that
 * (page - 1) × page size stays an exact integer for SQLite's OFFSET.
 */
export const MAX_PAGE = 100_000;

/** A page number from a query: 1 when absent, not a number, or beyond MAX_PAGE. */
export function pageNumber(value: string | undefined | null): number {
  return positiveInt(value, MAX_PAGE) ?? 1;
}

/** The value if it is one of `allowed`, else null: for filters in a query string. */
export function pick<T extends string>(value: string | undefined | null, allowed: readonly T[]): T | null {
  return value && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

/** A checkbox: checked when sent as '1' (or 'on'). */
export const checkbox = z.preprocess((v) => single(v) === '1' || single(v) === 'on', z.boolean());

/**
 * The version of the record the form was rendered from; anything unreadable counts as stale
 * (-1), so a change made on an outdated page is refused rather than applied.
 */
export const version = z.preprocess((v) => {
  const n = Number(typeof single(v) === 'string' ? single(v) : '');
  return Number.isInteger(n) ? n : -1;
}, z.number());

/** A Beijing wall-clock time from <input type="datetime-local">; '' stays null. */
export function beijingTime(edge: 'start' | 'end', invalid: MessageKey) {
  return text(40).transform((v, ctx) => {
    if (v === '') return null;
    const instant = parseBeijingInput(v, edge);
    if (!instant) {
      ctx.addIssue({ code: 'custom', message: problem(invalid) });
      return z.NEVER;
    }
    return instant;
  });
}

/** Every value of a field sent several times (checked boxes), as an array. */
export function many<T extends z.ZodType>(item: T) {
  return z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(item));
}
