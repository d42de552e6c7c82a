// The open-data API's shapes, as zod schemas: the requests are validated with them and
// /api/openapi.json is generated from them (@hono/zod-openapi), so the description cannot drift
// from what the API takes. Responses are strict objects: tests/http/api-openapi.test.ts parses
// every response with its schema, so a field added without being described fails there.
import { z } from '@hono/zod-openapi';
import { commentInputSchema } from '../comments/validation.ts';
import { MAX_PAGE } from '../http/forms.ts';
import type { DraftNode } from '../drafts/parse-types.ts';

export const ApiErrorSchema = z
  .strictObject({
    error: z.string().openapi({ description: 'A stable code: bad_request, not_found, closed, not_open, validation, rate_limited, server_error…', example: 'validation' }),
    message: z.string().openapi({ description: 'In Chinese, or in English when Accept-Language prefers it.' }),
    fields: z.record(z.string(), z.string()).optional().openapi({ description: 'One message per invalid field (422).' }),
    requestId: z.string().openapi({ description: 'The id of this request in the server log (also in X-Request-Id).', example: 'R-7K3M-9QXA-2B4C' }),
  })
  .openapi('Error');

export const SlugParams = z.object({
  slug: z.string().min(1).max(200).openapi({ param: { name: 'slug', in: 'path' }, example: 'changjiang-2022-yangtze-work-points' }),
});

/** A whole number from the query string; anything else (absent, not a number) is the default. */
function lenientInt(fallback: number, min: number, max: number) {
  return z
    .string()
    .optional()
    .transform((v) => {
      const n = Number.parseInt(v ?? '', 10);
      return Math.min(max, Math.max(min, Number.isFinite(n) ? n : fallback));
    });
}

export const CommentsQuery = z.object({
  // Bounded so that the offset stays an exact integer: ?page=99999999999999999999 is page 100,000.
  page: lenientInt(1, 1, MAX_PAGE).openapi({ type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 1, description: 'Page number.' }),
  perPage: lenientInt(50, 1, 100).openapi({ type: 'integer', minimum: 1, maximum: 100, default: 50, description: 'Comments per page (at most 100).' }),
});

const PhaseSchema = z.enum(['draft', 'upcoming', 'open', 'closed']).openapi('Phase');

const WindowSchema = z
  .strictObject({
    opensAt: z.string().nullable().openapi({ description: 'ISO 8601, UTC.' }),
    closesAt: z.string().nullable().openapi({ description: 'The last instant a comment is accepted (ISO 8601, UTC).' }),
    closedEarlyAt: z.string().nullable(),
    extensionReason: z.string().nullable(),
    daysLeft: z.number().int().nullable().openapi({ description: 'Days left while open (Beijing calendar days), else null.' }),
  })
  .openapi('Window');

export const ConsultationSummarySchema = z
  .strictObject({
    slug: z.string(),
    title: z.string(),
    issuer: z.string().nullable(),
    status: PhaseSchema,
    window: WindowSchema,
    commentCount: z.number().int().openapi({ description: 'Published comments.' }),
    url: z.string().openapi({ description: 'The public page.' }),
  })
  .openapi('ConsultationSummary');

export const ConsultationListSchema = z.strictObject({ consultations: z.array(ConsultationSummarySchema) }).openapi('ConsultationList');

/** A block of the draft, as the importer's tree (DraftNode) has it. */
export const ApiNodeSchema: z.ZodType<DraftNode> = z
  .strictObject({
    id: z.string().openapi({ description: 'Stable block id, also the page anchor: i4, s2-1, a5-k2, p3.', example: 'i4' }),
    kind: z.enum(['heading', 'article', 'item', 'paragraph']),
    label: z.string().nullable().openapi({ example: '4.' }),
    number: z.number().int().nullable(),
    title: z.string().nullable(),
    text: z.string().nullable(),
    responsible: z.strictObject({ lead: z.array(z.string()), support: z.array(z.string()) }).openapi({ description: 'Responsible units: lead (牵头) and support (配合).' }),
    get children() {
      return z.array(ApiNodeSchema);
    },
  })
  .openapi('Block');

const nullableText = z.string().nullable();

/** The notice around the draft as the importer read it (older imports may lack some fields). */
const DraftMetaSchema = z
  .object({
    noticeTitle: nullableText.optional(),
    pageStatus: nullableText.optional(),
    draftStage: nullableText.optional(),
    issuer: nullableText.optional(),
    drafter: nullableText.optional(),
    publishedDate: nullableText.optional(),
    openingDate: nullableText.optional(),
    deadline: nullableText.optional(),
    email: nullableText.optional(),
    contactPerson: nullableText.optional(),
    contactPhone: nullableText.optional(),
    documentNumber: nullableText.optional(),
    salutation: nullableText.optional(),
    frontMatter: z.array(z.string()).optional(),
    contents: z.array(z.string()).optional(),
    pageMarkup: z.array(z.string()).optional(),
    notice: z.array(z.string()).optional(),
    signature: z.object({ issuer: nullableText, date: nullableText }).nullable().optional(),
  })
  .openapi('DraftMeta');

const ReportEntry = z.object({
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  message: z.string().openapi({ description: 'The zh-CN sentence.' }),
});

const ImportReportSchema = z
  .object({
    setAside: z.array(ReportEntry.extend({ line: z.number().int(), text: z.string() })),
    warnings: z.array(ReportEntry.extend({ line: z.number().int().nullable() })),
    glossesRemoved: z.number().int(),
    stats: z.record(z.string(), z.number()),
  })
  .openapi('ImportReport');

export const ConsultationDetailSchema = ConsultationSummarySchema.extend({
  meta: DraftMetaSchema,
  report: ImportReportSchema,
  body: z.array(ApiNodeSchema).openapi({ description: 'The draft as a tree of blocks.' }),
}).openapi('Consultation');

export const PublicCommentSchema = z
  .strictObject({
    paragraphId: z.string().nullable().openapi({ description: 'The block commented on; null for the whole draft.' }),
    body: z.string().openapi({ description: 'Personal data typed into the text (phone, ID card, email) is masked.' }),
    name: z.string().nullable().openapi({ description: 'As given on the web; masked (张*) for mail.' }),
    organization: z.string().nullable(),
    channel: z.enum(['web', 'email', 'offline']),
    publishedAt: z.string().nullable(),
  })
  .openapi('PublicComment');

export const CommentsPageSchema = z
  .strictObject({
    page: z.number().int(),
    perPage: z.number().int(),
    total: z.number().int(),
    comments: z.array(PublicCommentSchema),
  })
  .openapi('CommentsPage');

/**
 * The request body: the very schema that validates the web form's fields too. Named with zod's
 * own .meta(): it may have been built before @hono/zod-openapi added .openapi() to zod's schemas.
 */
export const NewCommentSchema = commentInputSchema.meta({
  id: 'NewComment',
  description:
    'body: 5–5000 characters. paragraphId: a block id (not a heading); absent for the whole draft. email and phone are optional and need consent: true (the personal-information notice). website must stay empty.',
});

export const CommentCreatedSchema = z
  .strictObject({
    trackingNumber: z.string().openapi({ example: 'YJ-7K3M-9QXA' }),
    status: z.enum(['pending', 'published', 'spam']).openapi({ description: 'pending: published after review.' }),
    paragraphId: z.string().nullable(),
  })
  .openapi('CommentCreated');
