// The officers' mail pages: what the pipeline could not file on its own (needs attention,
// unassigned, spam), outgoing mail that failed, one message with what was understood of it and
// its files, and the upload of .eml files saved from a mail client. Admins and officers only.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { auditQuery } from '../auth/audit.ts';
import { requireRole, ROLES } from '../auth/guards.ts';
import { clientIp, officeContext, readOfficeForm, readOfficeUpload, setFlash, signedInOfficer, takeFlash } from '../auth/office.ts';
import { parseJson } from '../db/database.ts';
import type { Block } from '../db/schema.ts';
import { blockCaption } from '../drafts/reference.ts';
import type { AppContext, AppEnv } from '../http/context.ts';
import { AppError } from '../http/errors.ts';
import { sendHtml } from '../http/render.ts';
import { formatDateTime } from '../lib/time.ts';
import {
  type ConsultationChoice,
  type ConsultationRef,
  type MailCommentRow,
  MailDetailPage,
  type MailDetailView,
  type MailListRow,
  MailPage,
  type MailPageView,
  type MailSummary,
  type MailTab,
  UploadPage,
  type UploadResultRow,
} from '../../views/office/mail.tsx';
import { countOutboxByState, listOutbox, retryFailedMail } from './delivery.ts';
import { cleanFilename, downloadHeaders } from '../http/download.ts';
import {
  countInboundQueues,
  findBlocksWithParents,
  findInboundAttachment,
  findOutboxState,
  findUnitNames,
  listMailConsultations,
  type MailConsultation,
} from './inbox.ts';
import {
  acceptInbound,
  assignInbound,
  findInboundDetail,
  findInboundRaw,
  type InboundListItem,
  listInboundNeedingAttention,
  listSpamInbound,
  listUnassignedInbound,
  type MailDeps,
  markInboundNotSpam,
  processInbound,
  type ProcessResult,
} from './intake.ts';
import { readMessage } from './read.ts';

const PAGE_SIZE = 50;
/** Files per upload: enough for a day's saved replies, few enough to read them in one request. */
export const MAX_UPLOAD_FILES = 20;
const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;
const TABS: MailTab[] = ['attention', 'unassigned', 'spam', 'outbox'];

function mailDeps(c: AppContext): MailDeps {
  const services = c.var.services;
  return {
    db: services.db,
    clock: services.clock,
    mailDomain: services.settings.mailDomain ?? 'yijian.localhost',
    publicBaseUrl: services.settings.publicBaseUrl,
    consultationChanged: services.consultationChanged,
  };
}

function maxMailBytes(c: AppContext): number {
  return c.var.services.settings.mailMaxBytes ?? DEFAULT_MAX_BYTES;
}

/** One request may carry a few messages of the largest size, plus the form around them. */
function maxUploadRequestBytes(c: AppContext): number {
  return maxMailBytes(c) * 4 + 64 * 1024;
}

function positiveInt(value: string | undefined): number | null {
  if (!value || !/^\d{1,15}$/.test(value)) return null;
  const n = Number(value);
  return n > 0 ? n : null;
}

function nonNegativeInt(value: string | undefined): number | null {
  if (!value || !/^\d{1,9}$/.test(value)) return null;
  return Number(value);
}

function messageIdParam(c: AppContext): number {
  const id = positiveInt(c.req.param('id'));
  if (!id) throw new AppError(404, 'not_found', c.var.t('mail.office.error.notFound'));
  return id;
}

/** Only our own mail pages are places a form returns to. */
function safeBack(back: string | undefined, fallback: string): string {
  if (!back || !/^\/office\/mail(\/\d+)?(\?[\w=&-]*)?$/.test(back)) return fallback;
  return back;
}

function sizeLabel(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.ceil(bytes / 1024)} KB`;
  return `${bytes} B`;
}

function megabytes(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}

function publishedChoices(consultations: MailConsultation[]): ConsultationChoice[] {
  return consultations.filter((c) => c.state === 'published').map((c) => ({ id: c.id, title: c.title }));
}

function consultationRef(consultations: MailConsultation[], id: number | null): ConsultationRef | null {
  const found = id === null ? undefined : consultations.find((c) => c.id === id);
  return found ? { slug: found.slug, title: found.title } : null;
}

// ---------------------------------------------------------------------------------------------
// What was understood of one message, from the database

/** The parts of inbound_messages.understood_json the pages show. */
interface StoredUnderstanding {
  unitHint?: { id: number; name: string } | null;
  comments?: { source?: { kind: 'body' } | { kind: 'attachment'; index: number } }[];
  trackingNumbers?: string[];
  message?: { attachments?: { filename: string | null; contentType: string }[] };
}

type InboundDetail = NonNullable<Awaited<ReturnType<typeof findInboundDetail>>>;

async function summaryOf(c: AppContext, d: InboundDetail, consultations: MailConsultation[]): Promise<MailSummary> {
  const { db } = c.var.services;
  const { t, locale } = c.var;
  const understood = d.understood as StoredUnderstanding;
  const [units, blocks] = await Promise.all([
    findUnitNames(db, d.unit_id === null ? [] : [d.unit_id]),
    findBlocksWithParents(db, d.comments.map((comment) => comment.block_id).filter((id): id is number => id !== null)),
  ]);
  const consultation = consultationRef(consultations, d.consultation_id);
  const caption = (block: Block | undefined) => (block ? blockCaption(block, locale, block.parent_id ? blocks.get(block.parent_id) : null) : null);
  const sourceOf = (trackingNumber: string): string | null => {
    const index = understood.trackingNumbers?.indexOf(trackingNumber) ?? -1;
    const source = index >= 0 ? understood.comments?.[index]?.source : undefined;
    if (!source) return null;
    if (source.kind === 'body') return t('mail.office.detail.fromBody');
    const attachment = understood.message?.attachments?.[source.index];
    return t('mail.office.detail.fromAttachment', { name: attachment?.filename ?? attachment?.contentType ?? String(source.index + 1) });
  };
  const comments: MailCommentRow[] = d.comments.map((comment) => ({
    id: comment.id,
    trackingNumber: comment.tracking_number,
    paragraph: comment.block_id === null ? null : caption(blocks.get(comment.block_id)),
    body: comment.body,
    status: comment.status,
    late: comment.late === 1,
    source: sourceOf(comment.tracking_number),
    href: consultation ? `/office/consultations/${encodeURIComponent(consultation.slug)}/comments/${comment.id}` : null,
  }));
  return {
    id: d.id,
    subject: d.subject,
    from: d.from_address ? (d.from_name ? `${d.from_name} <${d.from_address}>` : d.from_address) : null,
    received: formatDateTime(d.received_at, locale),
    sentAt: d.sent_at ? formatDateTime(d.sent_at, locale) : null,
    late: d.late === 1,
    door: d.door,
    state: d.state,
    outcome: d.outcome,
    reason: d.reason,
    consultation,
    unit: d.unit_id === null ? null : (units.get(d.unit_id) ?? null),
    unitHint: d.unit_id === null ? (understood.unitHint?.name ?? null) : null,
    notSpamAt: d.not_spam_at ? formatDateTime(d.not_spam_at, locale) : null,
    comments,
  };
}

async function detailView(c: AppContext, id: number): Promise<MailDetailView> {
  const { db } = c.var.services;
  const d = await findInboundDetail(db, id);
  if (!d) throw new AppError(404, 'not_found', c.var.t('mail.office.error.notFound'));
  const consultations = await listMailConsultations(db);
  const summary = await summaryOf(c, d, consultations);
  // The clean text is not stored: the raw message is read again, as the pipeline read it.
  const raw = await findInboundRaw(db, id);
  let read: Awaited<ReturnType<typeof readMessage>> | null = null;
  let unreadable: string | null = null;
  try {
    read = raw ? await readMessage(raw) : null;
    if (read?.failed) unreadable = read.failed;
  } catch (error) {
    unreadable = error instanceof Error ? error.message : String(error);
  }
  const envelopeTo = parseJson<string[]>(d.envelope_to, []);
  return {
    ...summary,
    from: summary.from ?? (read?.from ? (read.from.name ? `${read.from.name} <${read.from.address}>` : read.from.address) : null),
    to: read?.to.length ? read.to : envelopeTo,
    cc: read?.cc ?? [],
    messageId: d.message_id,
    size: sizeLabel(d.size),
    text: unreadable ? null : (read?.text ?? null),
    quotedRemoved: read?.quotedRemoved ?? false,
    warnings: read?.warnings ?? [],
    unreadable,
    attachments: d.attachments.map((a) => ({
      position: a.position,
      name: cleanFilename(a.filename, `${c.var.t('mail.office.col.attachments')} ${a.position + 1}`),
      type: a.content_type,
      size: sizeLabel(a.size),
      use: a.disposition,
    })),
    canAssign: d.comments.length === 0 && (d.state === 'needs_attention' || (d.state === 'processed' && d.outcome === 'unassigned')),
    isSpam: d.state === 'processed' && d.outcome === 'spam',
    choices: publishedChoices(consultations),
  };
}

// ---------------------------------------------------------------------------------------------
// The lists

function listHref(tab: MailTab, page: number): string {
  return `/office/mail?tab=${tab}${page > 1 ? `&page=${page}` : ''}`;
}

async function mailPageView(c: AppContext, tab: MailTab, page: number): Promise<MailPageView> {
  const { db } = c.var.services;
  const locale = c.var.locale;
  const offset = (page - 1) * PAGE_SIZE;
  // One row more than a page says whether there is a next page.
  const window = { limit: PAGE_SIZE + 1, offset };
  const [counts, outbox, consultations] = await Promise.all([countInboundQueues(db), countOutboxByState(db), listMailConsultations(db)]);
  let items: InboundListItem[] = [];
  let failed: Awaited<ReturnType<typeof listOutbox>> = [];
  if (tab === 'attention') items = await listInboundNeedingAttention(db, window);
  else if (tab === 'unassigned') items = await listUnassignedInbound(db, window);
  else if (tab === 'spam') items = await listSpamInbound(db, window);
  else failed = await listOutbox(db, { state: 'failed', ...window });
  const more = items.length > PAGE_SIZE || failed.length > PAGE_SIZE;
  const rows: MailListRow[] = items.slice(0, PAGE_SIZE).map((item) => ({
    id: item.id,
    received: formatDateTime(item.receivedAt, locale),
    from: item.fromAddress ? (item.fromName ? `${item.fromName} <${item.fromAddress}>` : item.fromAddress) : null,
    subject: item.subject,
    reason: item.state === 'received' ? c.var.t('mail.office.outcome.received') : item.reason,
    outcome: item.outcome,
    consultation: consultationRef(consultations, item.consultationId),
    attachments: item.attachmentCount,
    late: item.late,
  }));
  return {
    tab,
    counts,
    outbox,
    rows,
    failed: failed.slice(0, PAGE_SIZE).map((row) => ({
      id: row.id,
      created: formatDateTime(row.created_at, locale),
      to: row.to_address,
      subject: row.subject,
      kind: row.kind,
      attempts: row.attempts,
      error: row.last_error,
    })),
    pager: { page, prevHref: page > 1 ? listHref(tab, page - 1) : null, nextHref: more ? listHref(tab, page + 1) : null },
    choices: publishedChoices(consultations),
    back: listHref(tab, page),
  };
}

function tabOf(value: string | undefined): MailTab {
  return TABS.includes(value as MailTab) ? (value as MailTab) : 'attention';
}

/** A refused action shows the page the form was on again, with the error. */
async function renderRefusal(c: AppContext, back: string, error: string, status: 404 | 409 | 422) {
  const detail = /^\/office\/mail\/(\d+)$/.exec(back);
  if (detail) {
    return sendHtml(c, <MailDetailPage ctx={await officeContext(c)} m={await detailView(c, Number(detail[1]))} flash={null} error={error} />, status);
  }
  const url = new URL(back, 'http://x');
  const view = await mailPageView(c, tabOf(url.searchParams.get('tab') ?? undefined), positiveInt(url.searchParams.get('page') ?? undefined) ?? 1);
  return sendHtml(c, <MailPage ctx={await officeContext(c)} view={view} flash={null} error={error} />, status);
}

function resultMessage(c: AppContext, result: ProcessResult): { outcome: string; count: number } {
  const t = c.var.t;
  return {
    outcome: result.state === 'received' || !result.outcome ? t('mail.office.outcome.received') : t(`mail.office.outcome.${result.outcome}`),
    count: result.trackingNumbers.length,
  };
}

// ---------------------------------------------------------------------------------------------
// Upload

/** The request's size limit depends on MAIL_MAX_BYTES, which the app knows only per request. */
const uploadSizeLimit = createMiddleware<AppEnv>(async (c, next) => {
  const maxSize = maxUploadRequestBytes(c);
  return bodyLimit({
    maxSize,
    onError: (cc) => {
      throw new AppError(413, 'too_large', cc.var.t('mail.office.upload.error.requestTooLarge', { mb: megabytes(maxSize) }));
    },
  })(c, next);
});

async function renderUpload(c: AppContext, options: { consultation: string; errors: string[]; results: UploadResultRow[] | null }, status: 200 | 422 = 200) {
  const consultations = await listMailConsultations(c.var.services.db);
  return sendHtml(
    c,
    <UploadPage
      ctx={await officeContext(c)}
      choices={publishedChoices(consultations)}
      values={{ consultation: options.consultation }}
      limits={{ mb: megabytes(maxMailBytes(c)), max: MAX_UPLOAD_FILES }}
      errors={options.errors}
      results={options.results}
    />,
    status,
  );
}

export const mailRoutes = new Hono<AppEnv>()
  .get('/office/mail', requireRole(...ROLES.office), async (c) => {
    const tab = tabOf(c.req.query('tab'));
    const page = positiveInt(c.req.query('page')) ?? 1;
    return sendHtml(c, <MailPage ctx={await officeContext(c)} view={await mailPageView(c, tab, page)} flash={takeFlash(c)} />);
  })

  .get('/office/mail/upload', requireRole(...ROLES.office), async (c) => {
    const consultation = positiveInt(c.req.query('consultation'));
    return renderUpload(c, { consultation: consultation ? String(consultation) : '', errors: [], results: null });
  })

  .post('/office/mail/upload', requireRole(...ROLES.office), uploadSizeLimit, async (c) => {
    const { db, clock } = c.var.services;
    const t = c.var.t;
    await readOfficeUpload(c);
    // The body is parsed once (readOfficeUpload's parse is cached); `all` keeps every file.
    const body = await c.req.parseBody({ all: true });
    const consultationField = typeof body.consultation === 'string' ? body.consultation.trim() : '';
    const given = body.files === undefined ? [] : Array.isArray(body.files) ? body.files : [body.files];
    // A browser sends an empty file part when nothing was chosen.
    const files = given.filter((f): f is File => typeof f !== 'string' && !(f.name === '' && f.size === 0));
    const refuse = (errors: string[]) => renderUpload(c, { consultation: consultationField, errors, results: null }, 422);

    if (files.length === 0) return refuse([t('mail.office.upload.error.none')]);
    if (files.length > MAX_UPLOAD_FILES) return refuse([t('mail.office.upload.error.tooMany', { max: MAX_UPLOAD_FILES, count: files.length })]);
    let forcedConsultationId: number | null = null;
    if (consultationField) {
      const consultations = await listMailConsultations(db);
      const chosen = consultations.find((cc) => cc.state === 'published' && String(cc.id) === consultationField);
      if (!chosen) return refuse([t('mail.office.error.unknownConsultation')]);
      forcedConsultationId = chosen.id;
    }

    // Every file is checked first; the ones refused are named, the others are stored and read.
    const maxBytes = maxMailBytes(c);
    const checked = files.map((file) => {
      const name = cleanFilename(file.name, 'mail.eml');
      if (!/\.eml$/i.test(name)) return { file, name, error: t('mail.office.upload.error.notEml', { name }) };
      if (file.size === 0) return { file, name, error: t('mail.office.upload.error.empty', { name }) };
      if (file.size > maxBytes) return { file, name, error: t('mail.office.upload.error.tooLarge', { name, size: sizeLabel(file.size), mb: megabytes(maxBytes) }) };
      return { file, name, error: null };
    });
    if (checked.every((f) => f.error !== null)) return refuse(checked.map((f) => f.error!));

    const deps = mailDeps(c);
    const officer = signedInOfficer(c);
    const ip = clientIp(c);
    const stored: { name: string; id: number | null; duplicate: boolean; error: string | null }[] = [];
    for (const { file, name, error } of checked) {
      if (error) {
        stored.push({ name, id: null, duplicate: false, error });
        continue;
      }
      const raw = new Uint8Array(await file.arrayBuffer());
      // Durable before anything else happens to it; then read and filed like mail from any door.
      const accepted = await acceptInbound(deps, { door: 'upload', raw, envelopeFrom: null, envelopeTo: [] });
      let failure: string | null = null;
      try {
        await processInbound(deps, accepted.id, {
          forcedConsultationId,
          alsoWrite: [
            auditQuery(
              db.kysely,
              { officerId: officer.id, action: 'upload-mail', consultationId: forcedConsultationId, targetType: 'inbound_message', targetId: accepted.id, detail: { filename: name, size: raw.byteLength }, ip },
              clock(),
            ),
          ],
        });
      } catch (processError) {
        // Stored, so nothing is lost: the next start reads it again. The other files go on.
        failure = t('mail.office.upload.error.failed', { id: accepted.id, error: processError instanceof Error ? processError.message : String(processError) });
      }
      stored.push({ name, id: accepted.id, duplicate: accepted.duplicate, error: failure });
    }

    const consultations = await listMailConsultations(db);
    const results: UploadResultRow[] = [];
    for (const entry of stored) {
      const detail = entry.id === null ? undefined : await findInboundDetail(db, entry.id);
      results.push({
        name: entry.name,
        status: entry.id === null ? 'refused' : entry.duplicate ? 'duplicate' : 'new',
        error: entry.error,
        message: detail ? await summaryOf(c, detail, consultations) : null,
      });
    }
    return renderUpload(c, { consultation: consultationField, errors: [], results });
  })

  .get('/office/mail/:id', requireRole(...ROLES.office), async (c) => {
    const id = messageIdParam(c);
    return sendHtml(c, <MailDetailPage ctx={await officeContext(c)} m={await detailView(c, id)} flash={takeFlash(c)} />);
  })

  .get('/office/mail/:id/raw', requireRole(...ROLES.office), async (c) => {
    const id = messageIdParam(c);
    const raw = await findInboundRaw(c.var.services.db, id);
    if (!raw) throw new AppError(404, 'not_found', c.var.t('mail.office.error.notFound'));
    // Served as bytes, never as message/rfc822: some browsers would render that as a web page.
    return c.body(raw as Uint8Array<ArrayBuffer>, 200, downloadHeaders(`mail-${id}.eml`, 'message/rfc822'));
  })

  .get('/office/mail/:id/attachments/:n', requireRole(...ROLES.office), async (c) => {
    const id = messageIdParam(c);
    const position = nonNegativeInt(c.req.param('n'));
    const attachment = position === null ? undefined : await findInboundAttachment(c.var.services.db, id, position);
    if (!attachment) throw new AppError(404, 'not_found', c.var.t('mail.office.error.attachmentNotFound'));
    const name = cleanFilename(attachment.filename, `attachment-${attachment.position + 1}`);
    return c.body(attachment.content as Uint8Array<ArrayBuffer>, 200, downloadHeaders(name, attachment.content_type));
  })

  .post('/office/mail/:id/assign', requireRole(...ROLES.office), async (c) => {
    const { db, clock } = c.var.services;
    const t = c.var.t;
    const form = await readOfficeForm(c);
    const id = messageIdParam(c);
    const back = safeBack(form.back, `/office/mail/${id}`);
    const consultationId = positiveInt(form.consultation);
    if (!consultationId) return renderRefusal(c, back, t('mail.office.error.chooseConsultation'), 422);
    const consultation = (await listMailConsultations(db)).find((cc) => cc.id === consultationId && cc.state === 'published');
    if (!consultation) return renderRefusal(c, back, t('mail.office.error.unknownConsultation'), 422);
    const audit = auditQuery(
      db.kysely,
      { officerId: signedInOfficer(c).id, action: 'assign-mail', consultationId, targetType: 'inbound_message', targetId: id, detail: { consultation: consultation.slug }, ip: clientIp(c) },
      clock(),
    );
    const outcome = await assignInbound(mailDeps(c), id, consultationId, { alsoWrite: [audit] });
    if (!outcome.ok) {
      if (outcome.reason === 'not_found') throw new AppError(404, 'not_found', t('mail.office.error.notFound'));
      if (outcome.reason === 'unknown_consultation') return renderRefusal(c, back, t('mail.office.error.unknownConsultation'), 422);
      return renderRefusal(c, back, t('mail.office.error.notAssignable'), 409);
    }
    const { result } = outcome;
    setFlash(
      c,
      result.state === 'needs_attention'
        ? t('mail.office.assign.stillNeeds', { title: consultation.title, reason: result.reason ?? '' })
        : t('mail.office.assign.done', { title: consultation.title, ...resultMessage(c, result) }),
    );
    return c.redirect(back, 303);
  })

  .post('/office/mail/:id/not-spam', requireRole(...ROLES.office), async (c) => {
    const { db, clock } = c.var.services;
    const t = c.var.t;
    const form = await readOfficeForm(c);
    const id = messageIdParam(c);
    const back = safeBack(form.back, `/office/mail/${id}`);
    const audit = auditQuery(db.kysely, { officerId: signedInOfficer(c).id, action: 'not-spam-mail', targetType: 'inbound_message', targetId: id, ip: clientIp(c) }, clock());
    const outcome = await markInboundNotSpam(mailDeps(c), id, { alsoWrite: [audit] });
    if (!outcome.ok) {
      if (outcome.reason === 'not_found') throw new AppError(404, 'not_found', t('mail.office.error.notFound'));
      return renderRefusal(c, back, t('mail.office.error.notSpam'), 409);
    }
    setFlash(c, t('mail.office.notSpam.done', resultMessage(c, outcome.result)));
    return c.redirect(back, 303);
  })

  .post('/office/mail/outbox/:id/retry', requireRole(...ROLES.office), async (c) => {
    const { db, clock } = c.var.services;
    const t = c.var.t;
    const form = await readOfficeForm(c);
    const back = safeBack(form.back, '/office/mail?tab=outbox');
    const id = positiveInt(c.req.param('id'));
    const row = id === null ? undefined : await findOutboxState(db, id);
    if (!row) throw new AppError(404, 'not_found', t('mail.office.outbox.notFound'));
    const now = clock();
    const audit = auditQuery(
      db.kysely,
      { officerId: signedInOfficer(c).id, action: 'retry-mail', consultationId: row.consultation_id, targetType: 'outbox', targetId: row.id, detail: { to: row.to_address }, ip: clientIp(c) },
      now,
    );
    const retried = await retryFailedMail(db, row.id, now, [audit]);
    setFlash(c, retried ? t('mail.office.outbox.retried', { to: row.to_address }) : t('mail.office.outbox.notFailed'));
    return c.redirect(back, 303);
  });
