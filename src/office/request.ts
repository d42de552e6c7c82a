// What the office's routes share at the request edge: the commands' deps, the presenters'
// context, forms that have nothing to refuse field by field, and the row as it is now.
import type { z } from 'zod';
import type { Consultation } from '../db/schema.ts';
import { findConsultationBySlug } from '../drafts/store.ts';
import { consultationOf } from '../http/consultation.ts';
import type { AppContext } from '../http/context.ts';
import { AppError } from '../http/errors.ts';
import { officeForm } from '../http/forms.ts';
import type { PresentContext } from './present.ts';

export function mailDomainOf(c: AppContext): string {
  return c.var.services.settings.mailDomain ?? 'yijian.localhost';
}

export function presentContext(c: AppContext): PresentContext {
  return { now: c.var.services.clock(), locale: c.var.locale, t: c.var.t, mailDomain: mailDomainOf(c) };
}

/** A form whose fields cannot be wrong (a button, a checkbox): only a broken request is refused, with 400. */
export async function formData<S extends z.ZodType>(c: AppContext, schema: S): Promise<z.output<S>> {
  const form = await officeForm(c, schema);
  if (!form.ok) throw new AppError(400, 'bad_form', c.var.t('error.badRequest'));
  return form.data;
}

/** The consultation as it is now, after someone else changed it: a refused change shows the current state. */
export async function currentConsultation(c: AppContext): Promise<Consultation> {
  const row = await findConsultationBySlug(c.var.services.db, consultationOf(c).slug);
  if (!row) throw new AppError(404, 'not_found', c.var.t('office.error.notFound'));
  return row;
}
