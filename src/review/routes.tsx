// The review workspace of one consultation: the queue of every comment from every channel,
// moderation (single and bulk), decisions (single and for a near-duplicate group), offline entry
// and the department board. Every route names its roles with requireRole.
import { Hono } from 'hono';
import { requireRole, ROLES } from '../auth/guards.ts';
import { clientIp, officeContext, readOfficeForm, setFlash, signedInOfficer, takeFlash } from '../auth/office.ts';
import { BODY_MAX, BODY_MIN, commentInputSchema, fieldErrors } from '../comments/validation.ts';
import type { Block, Consultation, Decision, OfflineKind } from '../db/schema.ts';
import { blockCaption } from '../drafts/reference.ts';
import { findConsultationHeadBySlug, listBlocks } from '../drafts/store.ts';
import { consultationWindow } from '../drafts/window.ts';
import { type AppContext, type AppEnv } from '../http/context.ts';
import { consultationOf } from '../http/consultation.ts';
import { AppError } from '../http/errors.ts';
import { sendHtml, wantsFragment } from '../http/respond.ts';
import { beijingParts, formatDateTime, parseBeijingDate } from '../lib/time.ts';
import {
  BoardPage,
  type BulkValues,
  CommentDetail,
  CommentDetailPage,
  type DecisionFormState,
  type ModerationFormState,
  type OfflineErrors,
  type OfflineValues,
  OfflinePage,
  QueuePage,
  QueueResults,
  type QueueView,
  type ParagraphOption,
} from '../../views/review/review.tsx';
import {
  CHANNELS,
  DECISIONS,
  decideComments,
  findReviewComment,
  insertOfflineComment,
  listGroupMembers,
  listQueue,
  listQueueUnits,
  listUnitBoard,
  listUnitChoices,
  moderateComments,
  type ModerationStatus,
  NO_FILTERS,
  OFFLINE_KINDS,
  type QueueFilters,
  type Selection,
  STATUSES,
  summariseGroups,
} from './store.ts';
import { groupIfDue, regroupNow } from './grouping.ts';

export const PER_PAGE = 50;
/** Entries one bulk action may name; a group counts once, whatever its size. */
export const MAX_SELECTION = 200;
export const REASON_MAX = 2000;
const GROUP_PREVIEW = 10;

interface Loaded {
  consultation: Consultation;
  blocks: Block[];
  blocksById: Map<number, Block>;
  blocksByKey: Map<string, Block>;
}

async function loadConsultation(c: AppContext): Promise<Loaded> {
  const { services, t } = c.var;
  const consultation = await findConsultationHeadBySlug(services.db, consultationOf(c).slug ?? '');
  if (!consultation) throw new AppError(404, 'not_found', t('review.error.consultationNotFound'));
  const blocks = await listBlocks(services.db, consultation.id);
  return { consultation, blocks, blocksById: new Map(blocks.map((b) => [b.id, b])), blocksByKey: new Map(blocks.map((b) => [b.key, b])) };
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[]): T | null {
  return value && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

function positiveInt(value: string | undefined): number | null {
  if (!value || !/^\d{1,15}$/.test(value)) return null;
  const n = Number(value);
  return n > 0 ? n : null;
}

export function parseFilters(query: Record<string, string | undefined>, blocksByKey: Map<string, Block>): QueueFilters {
  const paragraphKey = query.paragraph;
  const block = paragraphKey && paragraphKey !== 'general' ? blocksByKey.get(paragraphKey) : undefined;
  return {
    channel: oneOf(query.channel, CHANNELS),
    unit: query.unit === 'none' ? 'none' : positiveInt(query.unit),
    status: oneOf(query.status, STATUSES),
    late: query.late === '1' ? true : query.late === '0' ? false : null,
    decision: query.decision === 'undecided' ? 'undecided' : oneOf(query.decision, DECISIONS),
    paragraph: paragraphKey === 'general' ? 'general' : block ? block.id : null,
    group: positiveInt(query.group),
    q: (query.q ?? '').trim().slice(0, 200),
  };
}

export function queueHref(slug: string, f: QueueFilters, blocksById: Map<number, Block>, page = 1): string {
  const params = new URLSearchParams();
  if (f.q) params.set('q', f.q);
  if (f.channel) params.set('channel', f.channel);
  if (f.unit !== null) params.set('unit', String(f.unit));
  if (f.status) params.set('status', f.status);
  if (f.late !== null) params.set('late', f.late ? '1' : '0');
  if (f.decision) params.set('decision', f.decision);
  if (f.paragraph !== null) params.set('paragraph', f.paragraph === 'general' ? 'general' : (blocksById.get(f.paragraph)?.key ?? ''));
  if (f.group !== null) params.set('group', String(f.group));
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return `/office/consultations/${encodeURIComponent(slug)}/comments${query ? `?${query}` : ''}`;
}

/** Where to go back to after an action: only this consultation's queue, never elsewhere. */
function safeBack(slug: string, back: string | undefined): string {
  const base = `/office/consultations/${encodeURIComponent(slug)}/comments`;
  if (!back || back.includes('\\') || back.startsWith('//')) return base;
  return back === base || back.startsWith(`${base}?`) ? back : base;
}

function paragraphOptions(loaded: Loaded, locale: 'zh-CN' | 'en'): ParagraphOption[] {
  return loaded.blocks
    .filter((b) => b.kind !== 'heading')
    .map((b) => ({ id: b.id, key: b.key, caption: blockCaption(b, locale, b.parent_id === null ? null : (loaded.blocksById.get(b.parent_id) ?? null)) }));
}

function captionOf(loaded: Loaded, blockId: number | null, locale: 'zh-CN' | 'en'): string | null {
  if (blockId === null) return null;
  const block = loaded.blocksById.get(blockId);
  if (!block) return null;
  return blockCaption(block, locale, block.parent_id === null ? null : (loaded.blocksById.get(block.parent_id) ?? null));
}

const NO_BULK: BulkValues = { action: '', reason: '', ids: [], groups: [] };

async function queueView(c: AppContext, loaded: Loaded, filters: QueueFilters, page: number, flash: string | null, error: string | null, bulk: BulkValues): Promise<QueueView> {
  const { services, locale } = c.var;
  const db = services.db;
  const { consultation } = loaded;
  const grouping = await groupIfDue(db, consultation.id, services.clock());
  const result = await listQueue(db, consultation.id, filters, PER_PAGE, (page - 1) * PER_PAGE);
  const groupIds = filters.group === null ? [...new Set(result.entries.map((e) => e.comment.duplicate_group_id).filter((g): g is number => g !== null))] : [];
  const [groups, members, units] = await Promise.all([
    summariseGroups(db, consultation.id, groupIds),
    listGroupMembers(db, consultation.id, groupIds, GROUP_PREVIEW),
    listQueueUnits(db, consultation.id),
  ]);
  const pages = Math.max(1, Math.ceil(result.totalEntries / PER_PAGE));
  const href = (p: number) => queueHref(consultation.slug, filters, loaded.blocksById, p);
  const filtered = JSON.stringify({ ...filters }) !== JSON.stringify(NO_FILTERS);
  return {
    // The queue's own address, also after a POST: the language switch and links lead back to it.
    ctx: { ...(await officeContext(c)), path: href(page) },
    consultation,
    phase: consultationWindow(consultation).phase(services.clock()),
    filters,
    filterValues: {
      q: filters.q,
      channel: filters.channel ?? '',
      unit: filters.unit === null ? '' : String(filters.unit),
      status: filters.status ?? '',
      late: filters.late === null ? '' : filters.late ? '1' : '0',
      decision: filters.decision ?? '',
      paragraph: filters.paragraph === null ? '' : filters.paragraph === 'general' ? 'general' : (loaded.blocksById.get(filters.paragraph)?.key ?? ''),
      group: filters.group === null ? '' : String(filters.group),
    },
    filtered,
    units,
    paragraphs: paragraphOptions(loaded, locale),
    entries: result.entries.map((entry) => {
      const groupId = filters.group === null ? entry.comment.duplicate_group_id : null;
      return {
        ...entry,
        caption: captionOf(loaded, entry.comment.block_id, locale),
        paragraphKey: entry.comment.block_id === null ? null : (loaded.blocksById.get(entry.comment.block_id)?.key ?? null),
        group: groupId === null ? null : (groups.get(groupId) ?? null),
        members: groupId === null ? [] : (members.get(groupId) ?? []),
        groupHref: groupId === null ? null : queueHref(consultation.slug, { ...NO_FILTERS, group: groupId }, loaded.blocksById),
      };
    }),
    totalEntries: result.totalEntries,
    totalComments: result.totalComments,
    page,
    pages,
    prevHref: page > 1 ? href(page - 1) : null,
    nextHref: page < pages ? href(page + 1) : null,
    selfHref: href(page),
    resetHref: queueHref(consultation.slug, NO_FILTERS, loaded.blocksById),
    grouping,
    flash,
    error,
    bulk,
    canEnter: ROLES.office.includes(signedInOfficer(c).role),
  };
}

async function renderQueue(
  c: AppContext,
  loaded: Loaded,
  filters: QueueFilters,
  page: number,
  flash: string | null,
  error: string | null = null,
  status: 200 | 422 = 200,
  bulk: BulkValues = NO_BULK,
) {
  c.header('Vary', 'HX-Request');
  const view = await queueView(c, loaded, filters, page, flash, error, bulk);
  if (wantsFragment(c)) return sendHtml(c, <QueueResults view={view} />, status, true);
  return sendHtml(c, <QueuePage view={view} />, status);
}

function queueFromBack(loaded: Loaded, back: string): { filters: QueueFilters; page: number } {
  const url = new URL(back, 'http://x');
  const query = Object.fromEntries(url.searchParams);
  return { filters: parseFilters(query, loaded.blocksByKey), page: positiveInt(query.page) ?? 1 };
}

// ---------------------------------------------------------------------------------------------
// The comment's own page: everything about it, moderation and the decision.

async function detailState(c: AppContext, loaded: Loaded, id: number) {
  const { services, t } = c.var;
  const comment = await findReviewComment(services.db, loaded.consultation.id, id);
  if (!comment) throw new AppError(404, 'not_found', t('review.error.commentNotFound'));
  const groupId = comment.duplicate_group_id;
  const [groups, members] = groupId
    ? await Promise.all([summariseGroups(services.db, loaded.consultation.id, [groupId]), listGroupMembers(services.db, loaded.consultation.id, [groupId], GROUP_PREVIEW + 1)])
    : [new Map(), new Map()];
  return {
    comment,
    group: groupId ? (groups.get(groupId) ?? null) : null,
    members: groupId ? (members.get(groupId) ?? []) : [],
    groupHref: groupId ? queueHref(loaded.consultation.slug, { ...NO_FILTERS, group: groupId }, loaded.blocksById) : null,
  };
}

async function renderDetail(
  c: AppContext,
  loaded: Loaded,
  id: number,
  back: string,
  options: { flash?: string | null; decision?: DecisionFormState; moderation?: ModerationFormState; status?: 200 | 422 } = {},
) {
  const { locale } = c.var;
  const state = await detailState(c, loaded, id);
  const comment = state.comment;
  const view = {
    ctx: { ...(await officeContext(c)), path: `/office/consultations/${encodeURIComponent(loaded.consultation.slug)}/comments/${id}?back=${encodeURIComponent(back)}` },
    consultation: loaded.consultation,
    phase: consultationWindow(loaded.consultation).phase(c.var.services.clock()),
    ...state,
    caption: captionOf(loaded, comment.block_id, locale),
    back,
    flash: options.flash ?? null,
    canDecide: ROLES.office.includes(signedInOfficer(c).role),
    decision: options.decision ?? { values: { decision: comment.decision ?? '', reason: comment.decision_reason ?? '' }, errors: {} },
    moderation: options.moderation ?? { values: { reason: '', scope: 'one' }, errors: {} },
  };
  if (wantsFragment(c)) return sendHtml(c, <CommentDetail view={view} />, options.status ?? 200, true);
  return sendHtml(c, <CommentDetailPage view={view} />, options.status ?? 200);
}

function commentId(c: AppContext): number {
  const id = positiveInt(c.req.param('id'));
  if (!id) throw new AppError(404, 'not_found', c.var.t('review.error.commentNotFound'));
  return id;
}

function readReason(raw: string | undefined): string {
  return (raw ?? '').replace(/\r\n?/g, '\n').trim();
}

const MODERATION_ACTIONS: Record<string, ModerationStatus> = { publish: 'published', hide: 'hidden', spam: 'spam' };

function moderatedMessage(c: AppContext, status: ModerationStatus, count: number): string {
  const t = c.var.t;
  if (count === 0) return t('review.moderate.unchanged');
  return status === 'published' ? t('review.moderate.published', { count }) : status === 'hidden' ? t('review.moderate.hidden', { count }) : t('review.moderate.spam', { count });
}

// ---------------------------------------------------------------------------------------------
// Offline entry

const emptyOffline = (today: string): OfflineValues => ({ kind: '', received: today, name: '', organization: '', unit: '', email: '', phone: '', paragraphId: '', body: '' });

function beijingToday(now: Date): string {
  const p = beijingParts(now);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

async function renderOffline(c: AppContext, loaded: Loaded, values: OfflineValues, errors: OfflineErrors, status: 200 | 422 = 200) {
  const units = await listUnitChoices(c.var.services.db, loaded.consultation.id);
  return sendHtml(
    c,
    <OfflinePage
      ctx={await officeContext(c)}
      consultation={loaded.consultation}
      phase={consultationWindow(loaded.consultation).phase(c.var.services.clock())}
      paragraphs={paragraphOptions(loaded, c.var.locale)}
      units={units}
      values={values}
      errors={errors}
      limits={{ min: BODY_MIN, max: BODY_MAX }}
    />,
    status,
  );
}

export const reviewRoutes = new Hono<AppEnv>()
  .get('/comments', requireRole(...ROLES.moderate), async (c) => {
    const loaded = await loadConsultation(c);
    const query = c.req.query();
    return renderQueue(c, loaded, parseFilters(query, loaded.blocksByKey), positiveInt(query.page) ?? 1, takeFlash(c));
  })

  .post('/comments/moderate', requireRole(...ROLES.moderate), async (c) => {
    const { services, t } = c.var;
    const form = await readOfficeForm(c);
    const all = await c.req.parseBody({ all: true });
    const loaded = await loadConsultation(c);
    const back = safeBack(loaded.consultation.slug, form.back);
    const list = (key: string) => {
      const value = all[key];
      const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
      return values.map((v) => (typeof v === 'string' ? positiveInt(v) : null)).filter((v): v is number => v !== null);
    };
    const selection: Selection = { ids: list('ids'), groups: list('groups') };
    const status = MODERATION_ACTIONS[form.action ?? ''];
    const reason = readReason(form.reason);
    // A refusal shows the same queue again with the error, the selection and the reason kept.
    const refuse = async (message: string) => {
      const { filters, page } = queueFromBack(loaded, back);
      return renderQueue(c, loaded, filters, page, null, message, 422, { action: form.action ?? '', reason: form.reason ?? '', ids: selection.ids, groups: selection.groups });
    };
    if (selection.ids.length + selection.groups.length === 0) return refuse(t('review.error.noSelection'));
    if (selection.ids.length + selection.groups.length > MAX_SELECTION) return refuse(t('review.error.tooMany', { max: MAX_SELECTION }));
    if (!status) return refuse(t('review.error.noAction'));
    if (status === 'hidden' && !reason) return refuse(t('review.error.hideReason'));
    if ([...reason].length > REASON_MAX) return refuse(t('review.error.reasonTooLong', { max: REASON_MAX }));
    const count = await moderateComments(services.db, {
      consultationId: loaded.consultation.id,
      selection,
      status,
      reason: reason || null,
      officerId: signedInOfficer(c).id,
      ip: clientIp(c),
      now: services.clock(),
    });
    services.consultationChanged(loaded.consultation.slug);
    const message = moderatedMessage(c, status, count);
    if (wantsFragment(c)) {
      const { filters, page } = queueFromBack(loaded, back);
      return renderQueue(c, loaded, filters, page, message);
    }
    setFlash(c, message);
    return c.redirect(back, 303);
  })

  .post('/comments/regroup', requireRole(...ROLES.moderate), async (c) => {
    const { services, t } = c.var;
    const form = await readOfficeForm(c);
    const loaded = await loadConsultation(c);
    const back = safeBack(loaded.consultation.slug, form.back);
    const run = await regroupNow(services.db, loaded.consultation.id, services.clock());
    const message = t('review.group.done', { groups: run.group_count, grouped: run.grouped_comment_count });
    if (wantsFragment(c)) {
      const { filters, page } = queueFromBack(loaded, back);
      return renderQueue(c, loaded, filters, page, message);
    }
    setFlash(c, message);
    return c.redirect(back, 303);
  })

  .get('/comments/new', requireRole(...ROLES.office), async (c) => {
    const loaded = await loadConsultation(c);
    const values = emptyOffline(beijingToday(c.var.services.clock()));
    const on = c.req.query('on');
    if (on && loaded.blocksByKey.get(on)?.kind !== 'heading' && loaded.blocksByKey.has(on)) values.paragraphId = on;
    return renderOffline(c, loaded, values, {});
  })

  .post('/comments/new', requireRole(...ROLES.office), async (c) => {
    const { services, t, locale } = c.var;
    const form = await readOfficeForm(c);
    const loaded = await loadConsultation(c);
    const { consultation } = loaded;
    const now = services.clock();
    const values: OfflineValues = {
      kind: form.kind ?? '',
      received: (form.received ?? '').trim(),
      name: form.name ?? '',
      organization: form.organization ?? '',
      unit: form.unit ?? '',
      email: form.email ?? '',
      phone: form.phone ?? '',
      paragraphId: form.paragraphId ?? '',
      body: form.body ?? '',
    };
    const errors: OfflineErrors = {};
    // The fields a web comment has are checked by the web form's own rules and messages.
    const parsed = commentInputSchema.safeParse({ body: values.body, name: values.name, organization: values.organization, email: values.email, phone: values.phone, paragraphId: values.paragraphId });
    if (!parsed.success) Object.assign(errors, fieldErrors(parsed.error.issues, t, { body: values.body }));
    const kind = oneOf<OfflineKind>(values.kind, OFFLINE_KINDS);
    if (!kind) errors.kind = t('review.error.kindRequired');
    const receivedDay = /^\d{4}-\d{2}-\d{2}$/.test(values.received) ? parseBeijingDate(values.received) : null;
    if (!receivedDay || Number.isNaN(receivedDay.getTime())) errors.received = t('review.error.receivedRequired');
    else if (values.received > beijingToday(now)) errors.received = t('review.error.receivedFuture');
    const block = values.paragraphId && values.paragraphId !== 'general' ? loaded.blocksByKey.get(values.paragraphId) : undefined;
    if (values.paragraphId && values.paragraphId !== 'general' && (!block || block.kind === 'heading')) errors.paragraphId = t('review.error.paragraphUnknown');
    let unitId: number | null = null;
    if (values.unit) {
      const units = await listUnitChoices(services.db, consultation.id);
      unitId = units.find((u) => String(u.id) === values.unit)?.id ?? null;
      if (unitId === null) errors.unit = t('review.error.unitUnknown');
    }
    if (Object.keys(errors).length > 0 || !parsed.success || !kind || !receivedDay) return renderOffline(c, loaded, values, errors, 422);

    // Today's letter is timed now; an earlier one at the start of the day it came.
    const receivedAt = values.received === beijingToday(now) ? now : receivedDay;
    const window = consultationWindow(consultation);
    const closes = window.closedEarlyAt ?? window.closesAt;
    // Late means received on a day after the closing day: a letter dated the closing day is on time.
    const late = closes !== null && values.received > beijingToday(closes);
    const input = parsed.data;
    const saved = await insertOfflineComment(services.db, {
      consultation,
      blockId: block?.id ?? null,
      kind,
      body: input.body,
      authorName: input.name || null,
      organization: input.organization || null,
      unitId,
      contactEmail: input.email || null,
      contactPhone: input.phone || null,
      late,
      receivedAt,
      officerId: signedInOfficer(c).id,
      ip: clientIp(c),
      locale,
      now,
    });
    if (saved.status === 'published') services.consultationChanged(consultation.slug);
    setFlash(c, saved.status === 'published' ? t('review.offline.saved', { number: saved.trackingNumber }) : t('review.offline.savedPending', { number: saved.trackingNumber }));
    return c.redirect(`/office/consultations/${encodeURIComponent(consultation.slug)}/comments`, 303);
  })

  .get('/comments/:id', requireRole(...ROLES.moderate), async (c) => {
    const loaded = await loadConsultation(c);
    return renderDetail(c, loaded, commentId(c), safeBack(loaded.consultation.slug, c.req.query('back')), { flash: takeFlash(c) });
  })

  .post('/comments/:id/moderate', requireRole(...ROLES.moderate), async (c) => {
    const { services, t } = c.var;
    const form = await readOfficeForm(c);
    const loaded = await loadConsultation(c);
    const id = commentId(c);
    const back = safeBack(loaded.consultation.slug, form.back);
    const state = await detailState(c, loaded, id);
    const status = MODERATION_ACTIONS[form.action ?? ''];
    const reason = readReason(form.reason);
    const scope = form.scope === 'group' && state.comment.duplicate_group_id ? 'group' : 'one';
    const values = { reason, scope };
    const fail = (errors: ModerationFormState['errors']) => renderDetail(c, loaded, id, back, { moderation: { values, errors }, status: 422 });
    if (!status) return fail({ action: t('review.error.noAction') });
    if (status === 'hidden' && !reason) return fail({ reason: t('review.error.hideReason') });
    if ([...reason].length > REASON_MAX) return fail({ reason: t('review.error.reasonTooLong', { max: REASON_MAX }) });
    const selection: Selection = scope === 'group' ? { ids: [], groups: [state.comment.duplicate_group_id!] } : { ids: [id], groups: [] };
    const count = await moderateComments(services.db, {
      consultationId: loaded.consultation.id,
      selection,
      status,
      reason: reason || null,
      officerId: signedInOfficer(c).id,
      ip: clientIp(c),
      now: services.clock(),
    });
    services.consultationChanged(loaded.consultation.slug);
    const message = moderatedMessage(c, status, count);
    if (wantsFragment(c)) return renderDetail(c, loaded, id, back, { flash: message });
    setFlash(c, message);
    return c.redirect(`/office/consultations/${encodeURIComponent(loaded.consultation.slug)}/comments/${id}?back=${encodeURIComponent(back)}`, 303);
  })

  .post('/comments/:id/decide', requireRole(...ROLES.office), async (c) => {
    const { services, t } = c.var;
    const form = await readOfficeForm(c);
    const loaded = await loadConsultation(c);
    const id = commentId(c);
    const back = safeBack(loaded.consultation.slug, form.back);
    const state = await detailState(c, loaded, id);
    const decision = oneOf<Decision>(form.decision, DECISIONS);
    const reason = readReason(form.reason);
    const values = { decision: form.decision ?? '', reason: form.reason ?? '' };
    const errors: DecisionFormState['errors'] = {};
    if (!decision) errors.decision = t('review.error.decisionRequired');
    else if (decision !== 'adopted' && !reason) errors.reason = t('review.error.reasonRequired', { decision: t(`review.decision.${decision}`) });
    if ([...reason].length > REASON_MAX) errors.reason = t('review.error.reasonTooLong', { max: REASON_MAX });
    if (!decision || Object.keys(errors).length) return renderDetail(c, loaded, id, back, { decision: { values, errors }, status: 422 });
    const forGroup = form.scope === 'group' && state.comment.duplicate_group_id !== null;
    const count = await decideComments(services.db, {
      consultationId: loaded.consultation.id,
      selection: forGroup ? { ids: [], groups: [state.comment.duplicate_group_id!] } : { ids: [id], groups: [] },
      decision,
      reason: reason || null,
      officerId: signedInOfficer(c).id,
      ip: clientIp(c),
      now: services.clock(),
    });
    services.consultationChanged(loaded.consultation.slug);
    const message = t('review.decide.saved', { count, decision: t(`review.decision.${decision}`) });
    if (wantsFragment(c)) return renderDetail(c, loaded, id, back, { flash: message });
    setFlash(c, message);
    return c.redirect(`/office/consultations/${encodeURIComponent(loaded.consultation.slug)}/comments/${id}?back=${encodeURIComponent(back)}`, 303);
  })

  .get('/units', requireRole(...ROLES.moderate), async (c) => {
    const { services, locale } = c.var;
    const loaded = await loadConsultation(c);
    const board = await listUnitBoard(services.db, loaded.consultation.id, 20);
    return sendHtml(
      c,
      <BoardPage
        ctx={await officeContext(c)}
        consultation={loaded.consultation}
        phase={consultationWindow(loaded.consultation).phase(services.clock())}
        roster={board.roster}
        others={board.others}
        counts={{ replied: board.summary.responded, noComments: board.summary.noComments, notYet: board.summary.none }}
        captionOf={(blockId) => captionOf(loaded, blockId, locale)}
        unitHref={(unitId) => queueHref(loaded.consultation.slug, { ...NO_FILTERS, unit: unitId }, loaded.blocksById)}
        formatTime={(iso) => formatDateTime(iso, locale)}
      />,
    );
  });
