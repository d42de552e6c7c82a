// Every office page of one consultation (/office/consultations/:slug/…) starts from the same
// row: this middleware reads it once, after the role check, and refuses an unknown slug with 404.
import { createMiddleware } from 'hono/factory';
import type { Consultation } from '../db/schema.ts';
import { findConsultationHeadBySlug } from '../drafts/store.ts';
import { type AppContext, type AppEnv, routeParam } from './context.ts';
import { AppError } from './errors.ts';

export const loadConsultation = createMiddleware<AppEnv>(async (c, next) => {
  // Everything but the imported source text, which no page shows.
  const row = await findConsultationHeadBySlug(c.var.services.db, routeParam(c, 'slug'));
  if (!row) throw new AppError(404, 'not_found', c.var.t('office.error.notFound'));
  c.set('consultation', row);
  await next();
});

/** The consultation loadConsultation read for this request; a bug to ask for it elsewhere. */
export function consultationOf(c: AppContext): Consultation {
  const row = c.var.consultation;
  if (!row) throw new Error(`consultationOf() on ${c.req.routePath}, which is not under /office/consultations/:slug`);
  return row;
}
