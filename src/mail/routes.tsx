// The officers' mail pages: what the pipeline could not file on its own (needs attention,
// unassigned, spam), outgoing mail that failed, one message with what was understood of it and
// its files, and the upload of .eml files saved from a mail client. Admins and officers only.
import { Hono } from 'hono';
import { z } from 'zod';
import { requireRole, ROLES } from '../auth/guards.ts';
import { actorOf, clientIp, officeContext, setFlash, signedInOfficer, takeFlash } from '../auth/office.ts';
import { parseJson } from '../db/database.ts';
import { limitBody } from '../http/body-limit.ts';
import { storedBytes } from '../db/files.ts';
import type { AppContext, AppEnv } from '../http/context.ts';
import { AppError } from '../http/errors.ts';
import { many, officeForm, pageNumber, pick, positiveInt, problem, text } from '../http/forms.ts';
import { fragment, page, pageOrFragment, wantsFragment } from '../http/respond.ts';
import { MailDetailPage } from '../../views/mail/detail.tsx';
import { listHref, MailList, MailPage } from '../../views/mail/list.tsx';
import type { MailDetailView, MailPageView, MailRefusal, MailTab, UploadError, UploadFormValues, UploadResultRow, UploadView } from '../../views/mail/models.ts';
import { UploadPage } from '../../views/mail/upload.tsx';
import { assignInbound, type FileProblem, MAX_UPLOAD_FILES, markInboundNotSpam, type OfficerAction, retryOutgoingMail, uploadMessages } from './commands.ts';
import { countOutboxByState, listOutbox } from './delivery.ts';
import { cleanFilename, downloadHeaders } from '../http/download.ts';
import type { MailDeps } from './inbound/deps.ts';
import {
  countInboundLists,
  findBlocksWithParents,
  findInboundAttachment,
  findInboundDetail,
  findUnitNames,
  type InboundDetail,
  listInbound,
  listMailConsultations,
  type MailConsultation,
} from './inbound/lists.ts';
import type { ProcessResult } from './inbound/process.ts';
import { findInboundRaw } from './inbound/store.ts';
import { megabytes, presentDetail, presentFailedMail, presentListRow, presentProposal, presentSummary, publishedChoices, type Reading, sizeLabel } from './present.ts';
import { type ConfirmRefusal, confirmAllProposals, confirmProposedUnit, countProposals, listProposals, rejectProposedUnit } from './attribution.ts';
import { readForDisplay } from './inbound/understood.ts';
import { problemText, reasonText } from './wording.ts';

const PAGE_SIZE = 50;
const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;
const TABS: readonly MailTab[] = ['attention', 'unassigned', 'spam', 'proposed', 'outbox'];

function mailDeps(c: AppContext): MailDeps {
  const services = c.var.services;
  return {
    db: services.db,
    clock: services.clock,
    mailDomain: services.settings.mailDomain ?? 'yijian.localhost',
    publicBaseUrl: services.settings.publicBaseUrl,
    ...(services.files ? { files: services.files } : {}),
    consultationChanged: services.consultationChanged,
    ...(services.mailReader ? { reader: services.mailReader } : {}),
    ...(services.settings.retentionDays ? { retentionDays: services.settings.retentionDays } : {}),
  };
}

function officerAction(c: AppContext): OfficerAction {
  return { officerId: signedInOfficer(c).id, ip: clientIp(c) };
}

function maxMailBytes(c: AppContext): number {
  return c.var.services.settings.mailMaxBytes ?? DEFAULT_MAX_BYTES;
}

function notFound(c: AppContext): AppError {
  return new AppError(404, 'not_found', c.var.t('mail.office.error.notFound'));
}

function messageIdParam(c: AppContext): number {
  const id = positiveInt(c.req.param('id'));
  if (!id) throw notFound(c);
  return id;
}

function nonNegativeInt(value: string | undefined): number | null {
  if (!value || !/^\d{1,9}$/.test(value)) return null;
  return Number(value);
}

/** Only our own mail pages are places a form returns to. */
function safeBack(back: string | undefined, fallback: string): string {
  if (!back || !/^\/office\/mail(\/\d+)?(\?[\w=&-]*)?$/.test(back)) return fallback;
  return back;
}

// ---------------------------------------------------------------------------------------------
// Rows to view models

async function summaryOf(c: AppContext, d: InboundDetail, consultations: MailConsultation[]) {
  const { db } = c.var.services;
  const [units, blocks] = await Promise.all([
    findUnitNames(db, [d.unit_id, d.proposed_unit_id].filter((id): id is number => id !== null)),
    findBlocksWithParents(db, d.comments.map((comment) => comment.block_id).filter((id): id is number => id !== null)),
  ]);
  return presentSummary(d, { consultations, units, blocks }, c.var.t, c.var.locale);
}

async function detailView(c: AppContext, id: number): Promise<MailDetailView> {
  const { db } = c.var.services;
  const d = await findInboundDetail(db, id);
  if (!d) throw notFound(c);
  const consultations = await listMailConsultations(db);
  const summary = await summaryOf(c, d, consultations);
  // The clean text is not stored: the raw message is read again, as the pipeline read it.
  const raw = await findInboundRaw(mailDeps(c), id);
  const reading: Reading = { read: null, unreadable: null };
  try {
    // An erased message (retention or the sender's request) has no bytes left to read.
    if (raw && raw.byteLength === 0) reading.unreadable = c.var.t('privacy.message.erased');
    else {
      // Off this thread, within the limits: a hostile message must not hold up the office's pages.
      const shown = raw ? await readForDisplay(mailDeps(c), raw) : null;
      reading.read = shown?.message ?? null;
      if (shown?.unreadable) reading.unreadable = problemText(shown.unreadable, c.var.t);
    }
  } catch (error) {
    reading.unreadable = error instanceof Error ? error.message : String(error);
  }
  return presentDetail(d, summary, reading, parseJson<string[]>(d.envelope_to, []), consultations, c.var.t);
}

async function mailPageView(c: AppContext, tab: MailTab, pageNumber: number): Promise<MailPageView> {
  const { db } = c.var.services;
  const { t, locale } = c.var;
  // One row more than a page says whether there is a next page.
  const window = { limit: PAGE_SIZE + 1, offset: (pageNumber - 1) * PAGE_SIZE };
  const [counts, proposed, outbox, consultations] = await Promise.all([countInboundLists(db), countProposals(db), countOutboxByState(db), listMailConsultations(db)]);
  const items = tab === 'outbox' || tab === 'proposed' ? [] : await listInbound(db, tab, window);
  const proposals = tab === 'proposed' ? await listProposals(db, window) : [];
  const failed = tab === 'outbox' ? await listOutbox(db, { state: 'failed', ...window }) : [];
  const more = items.length > PAGE_SIZE || failed.length > PAGE_SIZE || proposals.length > PAGE_SIZE;
  return {
    tab,
    counts: { ...counts, proposed },
    outbox,
    rows: items.slice(0, PAGE_SIZE).map((item) => presentListRow(item, consultations, t, locale)),
    proposals: proposals.slice(0, PAGE_SIZE).map((p) => presentProposal(p, consultations, locale)),
    failed: failed.slice(0, PAGE_SIZE).map((row) => presentFailedMail(row, locale)),
    pager: { page: pageNumber, pages: null, prevHref: pageNumber > 1 ? listHref(tab, pageNumber - 1) : null, nextHref: more ? listHref(tab, pageNumber + 1) : null },
    choices: publishedChoices(consultations),
    back: listHref(tab, pageNumber),
  };
}

// ---------------------------------------------------------------------------------------------
// Pages

async function listPage(c: AppContext, tab: MailTab, pageNumber: number, options: { flash?: string | null; refusal?: MailRefusal; notice?: string | null } = {}) {
  const [ctx, view] = await Promise.all([officeContext(c), mailPageView(c, tab, pageNumber)]);
  const list = <MailList ctx={ctx} view={view} refusal={options.refusal} notice={options.notice ?? null} />;
  const wrap = (piece: typeof list) => (
    <MailPage ctx={ctx} view={view} flash={options.flash ?? null} refusal={options.refusal}>
      {piece}
    </MailPage>
  );
  return { list, wrap };
}

/** A refused action shows the page the form was on again, with the error (next to its field). */
async function renderRefusal(c: AppContext, back: string, refusal: MailRefusal, status: 404 | 409 | 422) {
  const detail = /^\/office\/mail\/(\d+)$/.exec(back);
  if (detail) {
    return page(c, <MailDetailPage ctx={await officeContext(c)} m={await detailView(c, Number(detail[1]))} flash={null} refusal={refusal} />, status);
  }
  const url = new URL(back, 'http://x');
  const { list, wrap } = await listPage(c, pick(url.searchParams.get('tab'), TABS) ?? 'attention', pageNumber(url.searchParams.get('page')), { refusal });
  return page(c, wrap(list), status);
}

function proposalRefusal(c: AppContext, code: ConfirmRefusal): string {
  return c.var.t(`mail.office.proposed.error.${code}`);
}

/**
 * After a proposal is confirmed or rejected: htmx gets the proposals list again with what was
 * done (or refused) above it; a plain form goes back where it came from with a flash message.
 */
async function afterProposal(c: AppContext, back: string, words: string, status: 200 | 409 = 200) {
  if (wantsFragment(c)) {
    const url = new URL(back, 'http://x');
    const tab = pick(url.searchParams.get('tab'), TABS) ?? 'proposed';
    const { list } = await listPage(c, tab, positiveInt(url.searchParams.get('page')) ?? 1, { notice: words });
    return fragment(c, list, status);
  }
  if (status === 409) return renderRefusal(c, back, { text: words, messageId: null, field: null, consultation: '' }, 409);
  setFlash(c, words);
  return c.redirect(back, 303);
}

function outcomeWords(c: AppContext, result: ProcessResult): { outcome: string; count: number } {
  const t = c.var.t;
  const outcome = result.state === 'received' || !result.outcome ? t('mail.office.outcome.received') : t(`mail.office.outcome.${result.outcome}`);
  return { outcome, count: result.trackingNumbers.length };
}

// ---------------------------------------------------------------------------------------------
// Upload

/**
 * One request may carry a few messages of the largest size, plus the form around them. The limit
 * depends on MAIL_MAX_BYTES, which the app knows only per request.
 */
const uploadSizeLimit = limitBody(
  (c) => maxMailBytes(c) * 4 + 64 * 1024,
  (c, maxSize) => c.var.t('mail.office.upload.error.requestTooLarge', { mb: megabytes(maxSize) }),
);

const uploadForm = z.object({
  // '' lets the pipeline decide; anything that is not a consultation's id matches none (0).
  consultation: text(200).transform((v) => (v === '' ? null : (positiveInt(v) ?? 0))),
  // A browser sends an empty file part when nothing was chosen.
  files: many(z.unknown()).transform((parts) => parts.filter((f): f is File => f instanceof File && !(f.name === '' && f.size === 0))),
});

function fileProblemText(c: AppContext, name: string, id: number | null, problem: FileProblem): string {
  const t = c.var.t;
  if (problem.code === 'not_eml') return t('mail.office.upload.error.notEml', { name });
  if (problem.code === 'empty') return t('mail.office.upload.error.empty', { name });
  if (problem.code === 'too_large') return t('mail.office.upload.error.tooLarge', { name, size: sizeLabel(problem.size), mb: megabytes(maxMailBytes(c)) });
  return t('mail.office.upload.error.failed', { id: id ?? 0, error: problem.error });
}

async function renderUpload(c: AppContext, values: UploadFormValues, outcome: { errors?: UploadError[]; results?: UploadResultRow[] } = {}, status: 200 | 422 = 200) {
  const consultations = await listMailConsultations(c.var.services.db);
  const view: UploadView = {
    choices: publishedChoices(consultations),
    values,
    limits: { mb: megabytes(maxMailBytes(c)), max: MAX_UPLOAD_FILES },
    errors: outcome.errors ?? [],
    results: outcome.results ?? null,
  };
  return page(c, <UploadPage ctx={await officeContext(c)} view={view} />, status);
}

// ---------------------------------------------------------------------------------------------
// Forms

const assignForm = z.object({
  consultation: text(200)
    .transform((v) => positiveInt(v))
    .pipe(z.number({ message: problem('mail.office.error.chooseConsultation') })),
  back: text(300),
});

/** The forms that only say where to come back to. */
const backForm = z.object({ back: text(300) });

export const mailRoutes = new Hono<AppEnv>()
  .get('/', requireRole(...ROLES.office), async (c) => {
    const tab = pick(c.req.query('tab'), TABS) ?? 'attention';
    const { list, wrap } = await listPage(c, tab, pageNumber(c.req.query('page')), { flash: takeFlash(c) });
    return pageOrFragment(c, list, wrap);
  })

  .get('/upload', requireRole(...ROLES.office), async (c) => {
    const consultation = positiveInt(c.req.query('consultation'));
    return renderUpload(c, { consultation: consultation ? String(consultation) : '' });
  })

  .post('/upload', requireRole(...ROLES.office), uploadSizeLimit, async (c) => {
    const { db } = c.var.services;
    const t = c.var.t;
    const form = await officeForm(c, uploadForm);
    const values: UploadFormValues = { consultation: form.values.consultation?.trim() ?? '' };
    if (!form.ok) {
      const errors = Object.entries(form.errors).map(([field, text]): UploadError => ({ field: field === 'files' ? 'files' : 'consultation', text }));
      return renderUpload(c, values, { errors }, 422);
    }
    const outcome = await uploadMessages(mailDeps(c), { files: form.data.files, consultationId: form.data.consultation, maxBytes: maxMailBytes(c), by: officerAction(c) });
    if (!outcome.ok) {
      const errors: UploadError[] =
        outcome.code === 'no_files'
          ? [{ field: 'files', text: t('mail.office.upload.error.none') }]
          : outcome.code === 'too_many'
            ? [{ field: 'files', text: t('mail.office.upload.error.tooMany', { max: MAX_UPLOAD_FILES, count: outcome.count }) }]
            : outcome.code === 'unknown_consultation'
              ? [{ field: 'consultation', text: t('mail.office.error.unknownConsultation') }]
              : outcome.files.map((f) => ({ field: 'files', text: fileProblemText(c, f.name, f.id, f.problem!) }));
      return renderUpload(c, values, { errors }, 422);
    }

    const consultations = await listMailConsultations(db);
    const results: UploadResultRow[] = [];
    for (const file of outcome.files) {
      const detail = file.id === null ? undefined : await findInboundDetail(db, file.id);
      results.push({
        name: file.name,
        status: file.id === null ? 'refused' : file.duplicate ? 'duplicate' : 'new',
        error: file.problem ? fileProblemText(c, file.name, file.id, file.problem) : null,
        message: detail ? await summaryOf(c, detail, consultations) : null,
      });
    }
    return renderUpload(c, values, { results });
  })

  .get('/:id', requireRole(...ROLES.office), async (c) => {
    const id = messageIdParam(c);
    return page(c, <MailDetailPage ctx={await officeContext(c)} m={await detailView(c, id)} flash={takeFlash(c)} />);
  })

  .get('/:id/raw', requireRole(...ROLES.office), async (c) => {
    const id = messageIdParam(c);
    const raw = await findInboundRaw(mailDeps(c), id);
    if (!raw) throw notFound(c);
    // Served as bytes, never as message/rfc822: some browsers would render that as a web page.
    return c.body(raw as Uint8Array<ArrayBuffer>, 200, downloadHeaders(`mail-${id}.eml`, 'message/rfc822'));
  })

  .get('/:id/attachments/:n', requireRole(...ROLES.office), async (c) => {
    const id = messageIdParam(c);
    const position = nonNegativeInt(c.req.param('n'));
    const attachment = position === null ? undefined : await findInboundAttachment(c.var.services.db, id, position);
    if (!attachment) throw new AppError(404, 'not_found', c.var.t('mail.office.error.attachmentNotFound'));
    const content = await storedBytes(c.var.services.files, attachment.content, attachment.content_key);
    if (!content) throw new AppError(404, 'not_found', c.var.t('mail.office.error.attachmentNotFound'));
    const name = cleanFilename(attachment.filename, `attachment-${attachment.position + 1}`);
    return c.body(content as Uint8Array<ArrayBuffer>, 200, downloadHeaders(name, attachment.content_type));
  })

  .post('/:id/assign', requireRole(...ROLES.office), async (c) => {
    const t = c.var.t;
    const form = await officeForm(c, assignForm);
    const id = messageIdParam(c);
    const back = safeBack(form.values.back?.trim(), `/office/mail/${id}`);
    const refuse = (text: string, status: 409 | 422, field: MailRefusal['field']) =>
      renderRefusal(c, back, { text, messageId: id, field, consultation: form.values.consultation ?? '' }, status);
    if (!form.ok) return refuse(form.errors.consultation ?? t('mail.office.error.chooseConsultation'), 422, 'consultation');
    const outcome = await assignInbound(mailDeps(c), { id, consultationId: form.data.consultation, by: officerAction(c) });
    if (!outcome.ok) {
      if (outcome.code === 'not_found') throw notFound(c);
      if (outcome.code === 'unknown_consultation') return refuse(t('mail.office.error.unknownConsultation'), 422, 'consultation');
      return refuse(t('mail.office.error.notAssignable'), 409, null);
    }
    const { result, consultation } = outcome;
    setFlash(
      c,
      result.state === 'needs_attention'
        ? t('mail.office.assign.stillNeeds', { title: consultation.title, reason: reasonText(result.reason, t) ?? '' })
        : t('mail.office.assign.done', { title: consultation.title, ...outcomeWords(c, result) }),
    );
    return c.redirect(back, 303);
  })

  .post('/:id/not-spam', requireRole(...ROLES.office), async (c) => {
    const t = c.var.t;
    const form = await officeForm(c, backForm);
    const id = messageIdParam(c);
    const back = safeBack(form.ok ? form.data.back : undefined, `/office/mail/${id}`);
    const outcome = await markInboundNotSpam(mailDeps(c), { id, by: officerAction(c) });
    if (!outcome.ok) {
      if (outcome.code === 'not_found') throw notFound(c);
      return renderRefusal(c, back, { text: t('mail.office.error.notSpam'), messageId: id, field: null, consultation: '' }, 409);
    }
    setFlash(c, t('mail.office.notSpam.done', outcomeWords(c, outcome.result)));
    return c.redirect(back, 303);
  })

  .post('/proposals/confirm-all', requireRole(...ROLES.office), async (c) => {
    const t = c.var.t;
    const form = await officeForm(c, backForm);
    const back = safeBack(form.ok ? form.data.back : undefined, listHref('proposed'));
    const outcome = await confirmAllProposals(c.var.services, { actor: actorOf(c) });
    const words = outcome.ok
      ? [t('mail.office.proposed.allConfirmed', { count: outcome.confirmed }), ...(outcome.skipped.length ? [t('mail.office.proposed.someSkipped', { count: outcome.skipped.length })] : [])].join('')
      : t('mail.office.proposed.error.changed');
    return afterProposal(c, back, words, outcome.ok ? 200 : 409);
  })

  .post('/:id/confirm-unit', requireRole(...ROLES.office), async (c) => {
    const t = c.var.t;
    const form = await officeForm(c, backForm);
    const id = messageIdParam(c);
    const back = safeBack(form.ok ? form.data.back : undefined, `/office/mail/${id}`);
    const outcome = await confirmProposedUnit(c.var.services, { messageId: id, actor: actorOf(c) });
    if (!outcome.ok) {
      if (outcome.code === 'not_found') throw notFound(c);
      return afterProposal(c, back, proposalRefusal(c, outcome.code), 409);
    }
    return afterProposal(c, back, t('mail.office.proposed.confirmed', { unit: outcome.unit.name, messages: outcome.messages, address: outcome.address ?? '' }));
  })

  .post('/:id/reject-unit', requireRole(...ROLES.office), async (c) => {
    const t = c.var.t;
    const form = await officeForm(c, backForm);
    const id = messageIdParam(c);
    const back = safeBack(form.ok ? form.data.back : undefined, `/office/mail/${id}`);
    const outcome = await rejectProposedUnit(c.var.services, { messageId: id, actor: actorOf(c) });
    if (!outcome.ok) {
      if (outcome.code === 'not_found') throw notFound(c);
      return afterProposal(c, back, proposalRefusal(c, outcome.code), 409);
    }
    return afterProposal(c, back, t('mail.office.proposed.rejected', { unit: outcome.unit }));
  })

  .post('/outbox/:id/retry', requireRole(...ROLES.office), async (c) => {
    const t = c.var.t;
    const form = await officeForm(c, backForm);
    const back = safeBack(form.ok ? form.data.back : undefined, '/office/mail?tab=outbox');
    const outboxId = positiveInt(c.req.param('id'));
    const outcome = outboxId ? await retryOutgoingMail(mailDeps(c), { outboxId, by: officerAction(c) }) : null;
    if (!outcome || (!outcome.ok && outcome.code === 'not_found')) throw new AppError(404, 'not_found', t('mail.office.outbox.notFound'));
    setFlash(c, outcome.ok ? t('mail.office.outbox.retried', { to: outcome.to }) : t('mail.office.outbox.notFailed'));
    return c.redirect(back, 303);
  });
