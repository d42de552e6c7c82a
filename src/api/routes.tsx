// The open-data API: published drafts and published comments as JSON, and comment submission.
// Contact details never leave the office: no public response carries an email or a phone number.
import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { buildTree, consultationMeta, consultationReport, listPublishedConsultations, toApiNode } from '../drafts/store.ts';
import { consultationWindow } from '../drafts/window.ts';
import type { Consultation } from '../db/schema.ts';
import { listPublishedComments, publicAuthorName } from '../comments/store.ts';
import { clientKeyFor, requireOpenWindow, requirePublishedConsultation, requireWithinRateLimit, submitWebComment } from '../comments/submit.ts';
import { commentInputSchema, fieldErrors } from '../comments/validation.ts';
import { type AppEnv, asAppContext, pageContext } from '../http/context.ts';
import { MAX_PAGE, queryInt } from '../http/forms.ts';
import { page } from '../http/respond.ts';
import { ApiPage } from '../../views/api/page.tsx';
import { COMMENT_JSON_BYTES, limitBody } from '../http/body-limit.ts';
import { AppError } from '../http/errors.ts';
import { maskPersonalData } from '../lib/mask.ts';

function windowJson(c: Consultation, now: Date) {
  const window = consultationWindow(c);
  return {
    opensAt: c.opens_at,
    closesAt: c.closes_at,
    closedEarlyAt: c.closed_early_at,
    extensionReason: c.extension_reason,
    daysLeft: window.daysLeft(now),
  };
}

function summaryJson(c: Consultation, now: Date, baseUrl: string) {
  return {
    slug: c.slug,
    title: c.title,
    issuer: c.issuer,
    status: consultationWindow(c).phase(now),
    window: windowJson(c, now),
    commentCount: c.published_comment_count,
    url: `${baseUrl}/consultations/${c.slug}`,
  };
}

export const apiRoutes = new Hono<AppEnv>()
  .get('/', (c) => page(c, <ApiPage ctx={pageContext(c)} baseUrl={c.var.services.settings.publicBaseUrl} />))

  .get('/consultations', async (c) => {
    const { db, clock, settings } = c.var.services;
    const now = clock();
    const rows = await listPublishedConsultations(db);
    return c.json({ consultations: rows.map((row) => summaryJson(row, now, settings.publicBaseUrl)) });
  })

  .get('/consultations/:slug', async (c) => {
    const { services, t } = c.var;
    const { consultation, blocksById } = await requirePublishedConsultation(services, c.req.param('slug'), t);
    const now = services.clock();
    const blocks = [...blocksById.values()];
    return c.json({
      ...summaryJson(consultation, now, services.settings.publicBaseUrl),
      meta: consultationMeta(consultation),
      report: consultationReport(consultation),
      body: buildTree(blocks).map(toApiNode),
    });
  })

  .get('/consultations/:slug/comments', async (c) => {
    const { services, t } = c.var;
    const { consultation, blocksById } = await requirePublishedConsultation(services, c.req.param('slug'), t);
    const page = queryInt(c, 'page', { min: 1, max: MAX_PAGE, fallback: 1 });
    const perPage = queryInt(c, 'perPage', { min: 1, max: 100, fallback: 50 });
    const rows = await listPublishedComments(services.db, { consultationId: consultation.id, limit: perPage, offset: (page - 1) * perPage });
    return c.json({
      page,
      perPage,
      total: consultation.published_comment_count,
      comments: rows.map((row) => ({
        paragraphId: row.block_id === null ? null : (blocksById.get(row.block_id)?.key ?? null),
        body: maskPersonalData(row.body),
        name: publicAuthorName(row),
        organization: row.organization,
        channel: row.channel,
        publishedAt: row.published_at,
      })),
    });
  })

  .post(
    '/consultations/:slug/comments',
    limitBody(COMMENT_JSON_BYTES),
    async (c, next) => {
      const { services, t, locale } = c.var;
      const { consultation } = await requirePublishedConsultation(services, c.req.param('slug'), t);
      // Only JSON is taken here: a cross-site HTML form cannot send it, which is this API's CSRF guard.
      if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) throw new AppError(400, 'bad_request', t('error.json'));
      try {
        await c.req.json();
      } catch {
        throw new AppError(400, 'bad_request', t('error.json'));
      }
      const now = services.clock();
      requireOpenWindow(consultation, now, locale, t);
      requireWithinRateLimit(services, await clientKeyFor(services, services.clientAddress(c)), now, t);
      await next();
    },
    zValidator('json', commentInputSchema, (result, hookContext) => {
      if (result.success) return;
      const c = asAppContext(hookContext);
      const raw = (result.data ?? {}) as Record<string, unknown>;
      throw new AppError(422, 'validation', c.var.t('form.errors'), { fields: fieldErrors(result.error.issues, c.var.t, raw) });
    }),
    async (c) => {
      const { services, t, locale } = c.var;
      const known = await requirePublishedConsultation(services, c.req.param('slug'), t);
      const now = services.clock();
      const clientKey = await clientKeyFor(services, services.clientAddress(c));
      const outcome = await submitWebComment(services, known, c.req.valid('json'), { locale, t, clientKey, now });
      if (!outcome.ok) throw new AppError(422, 'validation', t('form.errors'), { fields: outcome.errors });
      return c.json({ trackingNumber: outcome.trackingNumber, status: outcome.status, paragraphId: outcome.blockKey }, 201);
    },
  );

