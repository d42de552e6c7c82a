// Public comment flow: the form (inline with htmx, or its own page), submission, receipt,
// the full list of comments on a paragraph, and tracking a comment by its number.
import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { csrfTokenFor, verifyCsrf } from '../auth/csrf.ts';
import type { Block, Comment, Consultation } from '../db/schema.ts';
import { presentComment } from '../drafts/present.ts';
import { Clauses } from '../drafts/reference.ts';
import { clauseLabel, type KnownConsultation } from '../drafts/consultation-cache.ts';
import { findBlockById, findConsultationById, findVersionById, listVersionBlocks } from '../drafts/store.ts';
import type { AppDatabase } from '../db/database.ts';
import { type AppContext, type AppEnv, asAppContext, pageContext, routeParam } from '../http/context.ts';
import { COMMENT_FORM_BYTES, limitBody } from '../http/body-limit.ts';
import { AppError } from '../http/errors.ts';
import { pageNumber } from '../http/forms.ts';
import { fragment, page, pageOrFragment, wantsFragment } from '../http/respond.ts';
import type { Locale, Translate } from '../lib/i18n.ts';
import { maskPersonalData } from '../lib/mask.ts';
import { formatDateTime } from '../lib/time.ts';
import { normaliseTrackingNumber } from '../lib/tracking.ts';
import { CommentForm, type CommentFormProps } from '../../views/comments/form.tsx';
import type { CommentFormValues, CommentTarget, FieldErrors } from '../../views/comments/models.ts';
import { CommentListFragment, CommentListPage, CommentPage, Receipt, ReceiptPage, type ReceiptView, type TrackOutcome, TrackPage } from '../../views/comments/pages.tsx';
import { privacyNotice } from '../privacy/notice.ts';
import { SubmissionRefused } from './refusal.ts';
import { countGeneralComments, findCommentByTrackingNumber, listPublishedComments } from './store.ts';
import { clientKeyFor, requireOpenWindow, requirePublishedConsultation, requireWithinRateLimit, submitWebComment } from './submit.ts';
import { commentFormSchema, fieldErrors } from './validation.ts';

const PER_PAGE = 20;

interface Admitted {
  known: KnownConsultation;
  values: CommentFormValues;
  target: () => CommentTarget;
  clientKey: string;
  now: Date;
}

/**
 * May this browser submit to this consultation now? Refuses (throwing, with what was typed) on
 * an expired or forged page, a closed window or too many submissions, in that order.
 * Synchronous answers are not awaited: each await costs a promise on every submission.
 */
async function admitSubmission(c: AppContext, values: CommentFormValues, csrfToken: string | undefined): Promise<Admitted> {
  const { services, t, locale } = c.var;
  const lookup = requirePublishedConsultation(services, routeParam(c, 'slug') ?? '', t);
  const known = lookup instanceof Promise ? await lookup : lookup;
  const { consultation } = known;
  const target = () => {
    const block = values.paragraphId ? (known.blocksByKey.get(values.paragraphId) ?? null) : null;
    return targetFor(known, block?.kind === 'heading' ? null : block, locale);
  };
  const refused = () => ({ slug: consultation.slug, title: consultation.title, values, target: target() });
  const csrfCheck = verifyCsrf(c, services.signer, csrfToken, services.publicOrigin);
  if (!(csrfCheck instanceof Promise ? await csrfCheck : csrfCheck)) throw new SubmissionRefused(403, 'csrf', t('error.csrf'), refused());
  const now = services.clock();
  requireOpenWindow(known, now, locale, t, refused);
  const keyed = clientKeyFor(services, services.clientAddress(c));
  const clientKey = keyed instanceof Promise ? await keyed : keyed;
  const limited = requireWithinRateLimit(services, clientKey, now, t, refused);
  if (limited) await limited;
  return { known, values, target, clientKey, now };
}

const emptyValues = (paragraphId = ''): CommentFormValues => ({ body: '', name: '', organization: '', email: '', phone: '', paragraphId, consent: false });

function formValues(raw: Record<string, unknown>): CommentFormValues {
  const text = (key: string) => (typeof raw[key] === 'string' ? (raw[key] as string) : '');
  return {
    body: text('body'),
    name: text('name'),
    organization: text('organization'),
    email: text('email'),
    phone: text('phone'),
    paragraphId: text('paragraphId'),
    consent: raw.consent === '1' || raw.consent === 'on',
  };
}

function targetFor(known: KnownConsultation, block: Block | null, locale: Locale): CommentTarget {
  if (!block) return { key: null, label: null, text: null };
  return {
    key: block.key,
    label: clauseLabel(known, block, locale),
    text: [block.label, block.kind === 'item' ? null : block.title, block.text].filter(Boolean).join(' '),
  };
}

/** The block a comment is aimed at, or null for the whole draft; unknown keys are a 404. */
function requireCommentableBlock(c: AppContext, known: KnownConsultation, key: string | undefined): Block | null {
  if (!key || key === 'general') return null;
  const block = known.blocksByKey.get(key);
  if (!block || block.kind === 'heading') throw new AppError(404, 'not_found', c.var.t('error.paragraph.unknown'));
  return block;
}

async function formProps(
  c: AppContext,
  consultation: Consultation,
  target: CommentTarget,
  values: CommentFormValues,
  errors: FieldErrors,
  inline: boolean,
): Promise<CommentFormProps> {
  const { services } = c.var;
  return {
    privacyNotice: await privacyNotice(services.db, c.var.locale, services.settings.retentionDays),
    t: c.var.t,
    slug: consultation.slug,
    csrfToken: await csrfTokenFor(c, services.signer, services.secureCookies),
    target,
    values,
    errors,
    requireName: consultation.require_name === 1,
    moderation: consultation.moderation,
    inline,
    autofocus: inline,
  };
}

async function renderForm(c: AppContext, consultation: Consultation, target: CommentTarget, values: CommentFormValues, errors: FieldErrors, status: 200 | 422) {
  const props = await formProps(c, consultation, target, values, errors, wantsFragment(c));
  return pageOrFragment(c, <CommentForm {...props} />, () => <CommentPage ctx={pageContext(c, props.csrfToken)} title={consultation.title} form={props} />, status);
}

function receiptView(consultation: Consultation, target: CommentTarget, trackingNumber: string, status: ReceiptView['status'], body: string): ReceiptView {
  // A receipt's URL can be shared: it shows the text as the public would see it.
  return { trackingNumber, status, body: maskPersonalData(body), slug: consultation.slug, consultationTitle: consultation.title, target };
}

/** The comment flow of one consultation, mounted at /consultations/:slug. */
export const commentRoutes = new Hono<AppEnv>()
  .get('/comment', async (c) => {
    const { services, t, locale } = c.var;
    const known = await requirePublishedConsultation(services, routeParam(c, 'slug'), t);
    const { consultation } = known;
    const block = requireCommentableBlock(c, known, c.req.query('on'));
    const target = targetFor(known, block, locale);
    requireOpenWindow(consultation, services.clock(), locale, t, () => ({ slug: consultation.slug, title: consultation.title, values: emptyValues(), target }));
    return renderForm(c, consultation, target, emptyValues(target.key ?? ''), {}, 200);
  })

  // Cancelling an inline form empties its slot.
  .get('/comment/cancel', (c) => c.html(''))

  .post(
    '/comments',
    limitBody(COMMENT_FORM_BYTES),
    // Validation comes first so the body is read once; but a submission the office cannot take
    // (expired page, closed window, too many) is refused before any field error is shown, on
    // either path: admitSubmission runs in the hook and in the handler alike.
    zValidator('form', commentFormSchema, async (result, hookContext) => {
      if (result.success) return;
      const c = asAppContext(hookContext);
      const raw = (result.data ?? {}) as Record<string, unknown>;
      const admitted = await admitSubmission(c, formValues(raw), typeof raw._csrf === 'string' ? raw._csrf : undefined);
      const errors = fieldErrors(result.error.issues, c.var.t, raw);
      return renderForm(c, admitted.known.consultation, admitted.target(), admitted.values, errors, 422);
    }),
    async (c) => {
      const { services, t, locale } = c.var;
      const input = c.req.valid('form');
      const { known, values, target, clientKey, now } = await admitSubmission(c, input, input._csrf);
      const { consultation } = known;
      const outcome = await submitWebComment(services, known, input, { locale, t, clientKey, now });
      if (!outcome.ok) return renderForm(c, consultation, target(), values, outcome.errors, 422);
      if (wantsFragment(c)) {
        const receipt = receiptView(consultation, target(), outcome.trackingNumber, outcome.status, input.body);
        return fragment(c, <Receipt ctx={pageContext(c)} receipt={receipt} inline={true} />);
      }
      return c.redirect(`/consultations/${consultation.slug}/receipts/${outcome.trackingNumber}`, 303);
    },
  )

  .get('/receipts/:number', async (c) => {
    const { services, t, locale } = c.var;
    const known = await requirePublishedConsultation(services, routeParam(c, 'slug'), t);
    const { consultation } = known;
    const number = normaliseTrackingNumber(c.req.param('number'));
    const comment = number ? await findCommentByTrackingNumber(services.db, number) : undefined;
    if (!comment || comment.consultation_id !== consultation.id) throw new AppError(404, 'not_found', t('track.notFound'));
    const block = comment.block_id === null ? null : (known.blocksById.get(comment.block_id) ?? null);
    const target = targetFor(known, block, locale);
    const receipt = receiptView(consultation, target, comment.tracking_number, comment.status, comment.body);
    return page(c, <ReceiptPage ctx={pageContext(c)} receipt={receipt} />);
  })

  .get('/blocks/:key/comments', async (c) => {
    const { services, t, locale } = c.var;
    const current = await requirePublishedConsultation(services, routeParam(c, 'slug'), t);
    const { consultation } = current;
    // ?v=N: the comments made on an earlier version of the text, named by that version's blocks.
    const earlier = c.req.query('v') ? current.versions.find((v) => String(v.number) === c.req.query('v') && v.id !== consultation.current_version_id) : undefined;
    if (c.req.query('v') && !earlier && !current.versions.some((v) => String(v.number) === c.req.query('v'))) throw new AppError(404, 'not_found', t('error.paragraph.unknown'));
    const known = earlier ? await versionAsKnown(services.db, current, earlier.id) : current;
    const several = current.versions.length > 1;
    const versionId = earlier?.id ?? (several ? consultation.current_version_id : null);
    const block = requireCommentableBlock(c, known, c.req.param('key'));
    const page = pageNumber(c.req.query('page'));
    const total = block ? block.comment_count : versionId !== null ? await countGeneralComments(services.db, consultation.id, versionId) : consultation.general_comment_count;
    const rows = await listPublishedComments(services.db, { consultationId: consultation.id, blockId: block?.id ?? null, limit: PER_PAGE, offset: (page - 1) * PER_PAGE, versionId });
    const comments = rows.map((row) => presentComment(row, t, locale));
    const more = earlier ? `&v=${earlier.number}` : '';
    const nextUrl = page * PER_PAGE < total ? `/consultations/${consultation.slug}/blocks/${block?.key ?? 'general'}/comments?page=${page + 1}${more}` : null;
    const list = <CommentListFragment ctx={pageContext(c)} comments={comments} nextUrl={nextUrl} />;
    return pageOrFragment(c, list, (items) => (
      <CommentListPage ctx={pageContext(c)} slug={consultation.slug} consultationTitle={consultation.title} target={targetFor(known, block, locale)} total={total}>
        {items}
      </CommentListPage>
    ));
  });

/**
 * The outcome /track shows: only once the office has published the results of the comment's round,
 * as the results page does (decision, and reason masked like every published text); never for a
 * comment set aside as spam. A comment on an earlier version is told by that round's results, or
 * by a later round's (which tell every comment decided since). One an officer marked as not an
 * opinion shows no decision, whatever was recorded: it was counted nowhere, and the page says so.
 */
async function trackOutcome(db: AppDatabase, comment: Comment, consultation: Consultation, t: Translate): Promise<TrackOutcome | null> {
  if (comment.status === 'spam') return null;
  let publishedAt = consultation.results_published_at;
  let resultsHref = `/consultations/${consultation.slug}/results`;
  if (comment.version_id !== null && comment.version_id !== consultation.current_version_id) {
    const version = await findVersionById(db, comment.version_id);
    if (version?.results_published_at) {
      publishedAt = version.results_published_at;
      resultsHref = `/consultations/${consultation.slug}/v/${version.number}`;
    }
  }
  if (!publishedAt) return { state: 'awaiting' };
  if (comment.not_opinion_at) return { state: 'notCounted', resultsHref };
  if (!comment.decision) return { state: 'undecided', resultsHref };
  const reason = comment.decision_reason?.trim();
  return { state: 'decided', decision: t(`reports.decision.${comment.decision}`), reason: reason ? maskPersonalData(reason) : null, resultsHref };
}

/** An earlier version's blocks in the shape the comment pages read (a consultation as it was). */
async function versionAsKnown(db: AppDatabase, known: KnownConsultation, versionId: number): Promise<KnownConsultation> {
  const blocks = await listVersionBlocks(db, versionId);
  return { ...known, blocksByKey: new Map(blocks.map((b) => [b.key, b])), blocksById: new Map(blocks.map((b) => [b.id, b])) };
}

/** Looking a comment up by its tracking number, mounted at /track. */
export const trackRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const { services, locale } = c.var;
    const query = (c.req.query('no') ?? '').trim().slice(0, 40);
    if (!query) return page(c, <TrackPage ctx={pageContext(c)} query="" result={null} notFound={false} />);
    const number = normaliseTrackingNumber(query);
    const comment = number ? await findCommentByTrackingNumber(services.db, number) : undefined;
    const consultation = comment ? await findConsultationById(services.db, comment.consultation_id) : undefined;
    if (!comment || !consultation) return page(c, <TrackPage ctx={pageContext(c)} query={query} result={null} notFound={true} />, 404);
    const block = comment.block_id === null ? null : ((await findBlockById(services.db, comment.block_id)) ?? null);
    // The comment's own version: it may be on an earlier round's text.
    const blocks = block ? await listVersionBlocks(services.db, block.version_id) : [];
    return page(
      c,
      <TrackPage
        ctx={pageContext(c)}
        query={query}
        notFound={false}
        result={{
          trackingNumber: comment.tracking_number,
          status: comment.status,
          receivedAt: formatDateTime(comment.received_at, locale),
          consultationTitle: consultation.title,
          slug: consultation.slug,
          targetLabel: block ? new Clauses(blocks, locale).caption(block.id) : null,
          body: maskPersonalData(comment.body),
          outcome: await trackOutcome(services.db, comment, consultation, c.var.t),
        }}
      />,
    );
  });
