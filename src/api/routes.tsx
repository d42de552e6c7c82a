// The open-data API: published drafts and published comments as JSON, and comment submission.
// Contact details never leave the office: no public response carries an email or a phone number.
// Each route is declared with its zod schemas (./schemas.ts): they validate the request, and
// /api/openapi.json is generated from the same declarations.
import { createRoute, OpenAPIHono, type z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { buildTree, consultationMeta, consultationReport, listPublishedConsultations, toApiNode } from '../drafts/store.ts';
import { consultationWindow } from '../drafts/window.ts';
import type { Consultation } from '../db/schema.ts';
import { listPublishedComments, publicAuthorName } from '../comments/store.ts';
import { clientKeyFor, requireOpenWindow, requirePublishedConsultation, requireWithinRateLimit, submitWebComment } from '../comments/submit.ts';
import { fieldErrors } from '../comments/validation.ts';
import { type AppEnv, asAppContext, pageContext } from '../http/context.ts';
import { page } from '../http/respond.ts';
import { ApiPage } from '../../views/api/page.tsx';
import { COMMENT_JSON_BYTES, limitBody } from '../http/body-limit.ts';
import { AppError } from '../http/errors.ts';
import { maskPersonalData } from '../lib/mask.ts';
import {
  ApiErrorSchema,
  CommentCreatedSchema,
  CommentsPageSchema,
  CommentsQuery,
  ConsultationDetailSchema,
  ConsultationListSchema,
  NewCommentSchema,
  SlugParams,
} from './schemas.ts';

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

const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });
const error = (description: string) => json(ApiErrorSchema, description);

export const listConsultationsRoute = createRoute({
  method: 'get',
  path: '/consultations',
  summary: 'Published consultations with their window and status',
  responses: { 200: json(ConsultationListSchema, 'Every published consultation.') },
});

export const getConsultationRoute = createRoute({
  method: 'get',
  path: '/consultations/{slug}',
  summary: 'One consultation: notice metadata, import report and the draft as a tree',
  request: { params: SlugParams },
  responses: { 200: json(ConsultationDetailSchema, 'The consultation.'), 404: error('No published consultation has this slug.') },
});

export const listCommentsRoute = createRoute({
  method: 'get',
  path: '/consultations/{slug}/comments',
  summary: 'Published comments, newest first, without contact details',
  request: { params: SlugParams, query: CommentsQuery },
  responses: { 200: json(CommentsPageSchema, 'A page of published comments.'), 404: error('No published consultation has this slug.') },
});

/**
 * What is refused before the body is validated, in this order: an unknown consultation (404), a
 * body that is not JSON (400: a cross-site HTML form cannot send JSON, which is this API's CSRF
 * guard), a closed window (409), too many submissions (429).
 */
const admitJsonSubmission: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { services, t, locale } = c.var;
  const { consultation } = await requirePublishedConsultation(services, c.req.param('slug') ?? '', t);
  if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) throw new AppError(400, 'bad_request', t('error.json'));
  try {
    await c.req.json();
  } catch {
    throw new AppError(400, 'bad_request', t('error.json'));
  }
  const now = services.clock();
  requireOpenWindow(consultation, now, locale, t);
  await requireWithinRateLimit(services, await clientKeyFor(services, services.clientAddress(c)), now, t);
  await next();
};

export const submitCommentRoute = createRoute({
  method: 'post',
  path: '/consultations/{slug}/comments',
  summary: 'Send a comment',
  // A comment is small: its body is limited before anything reads it (413 past 64 KB).
  middleware: [limitBody(COMMENT_JSON_BYTES), admitJsonSubmission] as const,
  request: {
    params: SlugParams,
    body: { required: true, content: { 'application/json': { schema: NewCommentSchema } } },
  },
  responses: {
    201: json(CommentCreatedSchema, 'Stored durably; the tracking number looks it up at /track.'),
    400: error('The body is not JSON.'),
    404: error('No published consultation has this slug.'),
    413: error('The body is larger than 64 KB.'),
    409: error('The consultation is not open for comment (not yet, or closed).'),
    422: error('Field errors, one message per field, in `fields`.'),
    429: error('Too many submissions from this client; Retry-After says when to try again.'),
  },
});

/** The routes the description covers (tests check that nothing under /api escapes it). */
export const API_ROUTES = [listConsultationsRoute, getConsultationRoute, listCommentsRoute, submitCommentRoute];

const api = new OpenAPIHono<AppEnv>({
  // A request that fails its schema: 422 with one message per field, in the user's language.
  defaultHook: (result, hookContext) => {
    if (result.success) return;
    const c = asAppContext(hookContext);
    const raw = ((result as { data?: unknown }).data ?? {}) as Record<string, unknown>;
    throw new AppError(422, 'validation', c.var.t('form.errors'), { fields: fieldErrors(result.error.issues, c.var.t, raw) });
  },
});

api.get('/', (c) => page(c, <ApiPage ctx={pageContext(c)} baseUrl={c.var.services.settings.publicBaseUrl} />));

export const apiRoutes = api
  .openapi(listConsultationsRoute, async (c) => {
    const { db, clock, settings } = c.var.services;
    const now = clock();
    const rows = await listPublishedConsultations(db);
    return c.json({ consultations: rows.map((row) => summaryJson(row, now, settings.publicBaseUrl)) }, 200);
  })

  .openapi(getConsultationRoute, async (c) => {
    const { services, t } = c.var;
    const { consultation, blocksById } = await requirePublishedConsultation(services, c.req.valid('param').slug, t);
    const now = services.clock();
    const blocks = [...blocksById.values()];
    return c.json(
      {
        ...summaryJson(consultation, now, services.settings.publicBaseUrl),
        meta: consultationMeta(consultation),
        report: consultationReport(consultation),
        body: buildTree(blocks).map(toApiNode),
      },
      200,
    );
  })

  .openapi(listCommentsRoute, async (c) => {
    const { services, t } = c.var;
    const { consultation, blocksById } = await requirePublishedConsultation(services, c.req.valid('param').slug, t);
    const { page, perPage } = c.req.valid('query');
    const rows = await listPublishedComments(services.db, { consultationId: consultation.id, limit: perPage, offset: (page - 1) * perPage });
    return c.json(
      {
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
      },
      200,
    );
  })

  .openapi(submitCommentRoute, async (c) => {
    const { services, t, locale } = c.var;
    const known = await requirePublishedConsultation(services, c.req.valid('param').slug, t);
    const now = services.clock();
    const clientKey = await clientKeyFor(services, services.clientAddress(c));
    const outcome = await submitWebComment(services, known, c.req.valid('json'), { locale, t, clientKey, now });
    if (!outcome.ok) throw new AppError(422, 'validation', t('form.errors'), { fields: outcome.errors });
    return c.json({ trackingNumber: outcome.trackingNumber, status: outcome.status, paragraphId: outcome.blockKey }, 201);
  });

/** The OpenAPI 3.1 description, built once per site address from the routes above. */
const documents = new Map<string, unknown>();
export function openApiDocument(baseUrl: string): unknown {
  let document = documents.get(baseUrl);
  if (!document) {
    document = api.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: '意见 yijian open-data API',
        version: '1',
        description: 'Published drafts for public comment (征求意见稿), their published comments, and comment submission. Errors are `Error` objects.',
      },
      servers: [{ url: `${baseUrl}/api` }],
    });
    documents.set(baseUrl, document);
  }
  return document;
}

api.get('/openapi.json', (c) => c.json(openApiDocument(c.var.services.settings.publicBaseUrl) as object, 200, { 'Access-Control-Allow-Origin': '*' }));
