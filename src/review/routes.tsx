// The review workspace of one consultation (mounted under /office/consultations/:slug): the queue
// of every comment from every channel, moderation (single and bulk), decisions (single and for a
// near-duplicate group), offline entry and the department board. Every route names its roles
// with requireRole; the actions themselves are the commands beside this file.
import { Hono } from 'hono';
import { requireRole, ROLES } from '../auth/guards.ts';
import { clientIp, officeContext, setFlash, signedInOfficer, takeFlash } from '../auth/office.ts';
import { BODY_MAX, BODY_MIN, commentContentSchema, fieldErrors } from '../comments/validation.ts';
import type { Consultation } from '../db/schema.ts';
import { listBlocks, listVersionBlocks, listVersions } from '../drafts/store.ts';
import { consultationWindow } from '../drafts/window.ts';
import { consultationOf } from '../http/consultation.ts';
import { type AppContext, type AppEnv } from '../http/context.ts';
import { AppError } from '../http/errors.ts';
import { officeForm, pageNumber, pick, positiveInt } from '../http/forms.ts';
import { page, pageOrFragment, wantsFragment } from '../http/respond.ts';
import { BoardPage } from '../../views/review/board.tsx';
import { CommentDetail, CommentDetailPage } from '../../views/review/detail.tsx';
import type { BulkValues, DecisionFormState, ModerationFormState, NotOpinionFormState, OfflineErrors, OfflineValues, ReviewConsultationView } from '../../views/review/models.ts';
import { OfflinePage } from '../../views/review/offline.tsx';
import { QueuePage, QueueResults } from '../../views/review/queue.tsx';
import type { Actor, Selection } from './action.ts';
import { listUnitBoard } from './board.ts';
import { decide, DECISIONS } from './decisions.ts';
import {
  type BulkAction,
  bulkForm,
  decisionForm,
  decisionRefusal,
  lenientForm,
  moderatedMessage,
  moderationForm,
  moderationRefusal,
  notOpinionForm,
  notOpinionMessage,
  offlineForm,
  offlineRefusal,
  offlineValues,
  regroupForm,
} from './forms.ts';
import { groupIfDue, regroup } from './grouping.ts';
import { moderate } from './moderation.ts';
import { markNotOpinion, restoreOpinion } from './not-opinion.ts';
import { beijingDay, enterOfflineComment, isCommentable } from './offline.ts';
import { boardUnitView, detailCommentView, memberView, Paragraphs, queueRowView, queueSections, timeView } from './present.ts';
import { CHANNELS, findReviewComment, listGroupMembers, listQueue, listQueueUnits, listUnitChoices, NO_FILTERS, type QueueFilters, STATUSES, summariseGroups } from './store.ts';

const PER_PAGE = 50;
const GROUP_PREVIEW = 10;

/** What every review page starts from: the consultation and its paragraphs. */
interface Workspace {
  consultation: Consultation;
  paragraphs: Paragraphs;
}

/**
 * A consultation with several versions is reviewed one version at a time: `asked` (the query's
 * ?version=N), else the newest version published for comment. With one version, all its comments.
 */
async function workspace(c: AppContext, asked: string | undefined = c.req.query('version')): Promise<Workspace> {
  const consultation = consultationOf(c);
  const db = c.var.services.db;
  const versions = (await listVersions(db, consultation.id)).filter((v) => v.state === 'published');
  if (versions.length <= 1) return { consultation, paragraphs: new Paragraphs(await listBlocks(db, consultation.id)) };
  const fallback = [...versions].reverse().find((v) => v.purpose === 'round') ?? versions[versions.length - 1]!;
  const chosen = versions.find((v) => v.number === positiveInt(asked)) ?? fallback;
  return { consultation, paragraphs: new Paragraphs(await listVersionBlocks(db, chosen.id), { id: chosen.id, number: chosen.number, isDefault: chosen.id === fallback.id }) };
}

/** The ?version=N of a queue address an action came from. */
function versionOf(back: string): string | undefined {
  return new URL(back, 'http://x').searchParams.get('version') ?? undefined;
}

function consultationView(c: AppContext, consultation: Consultation): ReviewConsultationView {
  return { slug: consultation.slug, title: consultation.title, phase: consultationWindow(consultation).phase(c.var.services.clock()) };
}

function actor(c: AppContext): Actor {
  return { officerId: signedInOfficer(c).id, ip: clientIp(c) };
}

const commentsBase = (slug: string) => `/office/consultations/${encodeURIComponent(slug)}/comments`;

// ---------------------------------------------------------------------------------------------
// The queue's address: its filters and page in the query string.

export function parseFilters(query: Record<string, string | undefined>, paragraphs: Paragraphs): QueueFilters {
  const paragraphKey = query.paragraph;
  const block = paragraphKey && paragraphKey !== 'general' ? paragraphs.byKey.get(paragraphKey) : undefined;
  return {
    channel: pick(query.channel, CHANNELS),
    unit: query.unit === 'none' ? 'none' : positiveInt(query.unit),
    status: pick(query.status, STATUSES),
    late: query.late === '1' ? true : query.late === '0' ? false : null,
    decision: query.decision === 'undecided' ? 'undecided' : pick(query.decision, DECISIONS),
    paragraph: paragraphKey === 'general' ? 'general' : block ? block.id : null,
    group: positiveInt(query.group),
    q: (query.q ?? '').trim().slice(0, 200),
    opinion: query.opinion === 'not' ? 'not' : 'yes',
  };
}

function paragraphParam(f: QueueFilters, paragraphs: Paragraphs): string {
  if (f.paragraph === null) return '';
  return f.paragraph === 'general' ? 'general' : (paragraphs.keyOf(f.paragraph) ?? '');
}

export function queueHref(slug: string, f: QueueFilters, paragraphs: Paragraphs, page = 1): string {
  const params = new URLSearchParams();
  if (f.q) params.set('q', f.q);
  if (f.channel) params.set('channel', f.channel);
  if (f.unit !== null) params.set('unit', String(f.unit));
  if (f.status) params.set('status', f.status);
  if (f.late !== null) params.set('late', f.late ? '1' : '0');
  if (f.decision) params.set('decision', f.decision);
  if (f.paragraph !== null) params.set('paragraph', paragraphParam(f, paragraphs));
  if (f.group !== null) params.set('group', String(f.group));
  if (paragraphs.version && !paragraphs.version.isDefault) params.set('version', String(paragraphs.version.number));
  if (f.opinion === 'not') params.set('opinion', 'not');
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return `${commentsBase(slug)}${query ? `?${query}` : ''}`;
}

/** Where to go back to after an action: only this consultation's queue, never elsewhere. */
function safeBack(slug: string, back: string | undefined): string {
  const base = commentsBase(slug);
  if (!back || back.includes('\\') || back.startsWith('//')) return base;
  return back === base || back.startsWith(`${base}?`) ? back : base;
}

function queueFromBack(ws: Workspace, back: string): { filters: QueueFilters; page: number } {
  const query = Object.fromEntries(new URL(back, 'http://x').searchParams);
  return { filters: parseFilters(query, ws.paragraphs), page: pageNumber(query.page) };
}

// ---------------------------------------------------------------------------------------------
// Rendering the pages; each answers htmx with the piece it swaps.

const NO_BULK: BulkValues = { action: '', reason: '', ids: [], groups: [] };

interface QueueNotice {
  flash?: string | null;
  error?: string | null;
  bulk?: BulkValues;
}

async function renderQueue(c: AppContext, ws: Workspace, filters: QueueFilters, pageNumber: number, notice: QueueNotice = {}, status: 200 | 422 = 200) {
  const { services, locale } = c.var;
  const db = services.db;
  const { consultation, paragraphs } = ws;
  const grouping = await groupIfDue(db, consultation.id, services.clock());
  const result = await listQueue(db, consultation.id, filters, PER_PAGE, (pageNumber - 1) * PER_PAGE, paragraphs.version ? { versionId: paragraphs.version.id } : null);
  // Asking for one group lists its members one by one, not as a group.
  const groupIds = filters.group === null ? [...new Set(result.entries.map((e) => e.comment.duplicate_group_id).filter((g): g is number => g !== null))] : [];
  const [groups, members, units] = await Promise.all([
    summariseGroups(db, consultation.id, groupIds, filters.opinion),
    listGroupMembers(db, consultation.id, groupIds, GROUP_PREVIEW, filters.opinion),
    listQueueUnits(db, consultation.id),
  ]);
  const pages = Math.max(1, Math.ceil(result.totalEntries / PER_PAGE));
  const href = (p: number) => queueHref(consultation.slug, filters, paragraphs, p);
  const filtered = JSON.stringify({ ...filters }) !== JSON.stringify(NO_FILTERS);
  const versions = paragraphs.version ? await listVersions(db, consultation.id) : [];
  const rows = result.entries.map((entry) => {
    const groupId = filters.group === null ? entry.comment.duplicate_group_id : null;
    const summary = groupId === null ? undefined : groups.get(groupId);
    const group = summary
      ? { summary, members: members.get(summary.groupId) ?? [], allHref: queueHref(consultation.slug, { ...NO_FILTERS, group: summary.groupId }, paragraphs), showMatched: filtered }
      : null;
    return { blockId: entry.comment.block_id, row: queueRowView(entry, group, locale) };
  });
  const view = {
    // The queue's own address, also after a POST: the language switch and links lead back to it.
    ctx: { ...(await officeContext(c)), path: href(pageNumber) },
    slug: consultation.slug,
    consultation: consultationView(c, consultation),
    filterValues: {
      q: filters.q,
      channel: filters.channel ?? '',
      unit: filters.unit === null ? '' : String(filters.unit),
      status: filters.status ?? '',
      late: filters.late === null ? '' : filters.late ? '1' : '0',
      decision: filters.decision ?? '',
      paragraph: paragraphParam(filters, paragraphs),
      group: filters.group === null ? '' : String(filters.group),
      opinion: filters.opinion === 'not' ? 'not' : '',
    },
    filtered,
    group: filters.group,
    opinion: filters.opinion,
    units,
    paragraphs: paragraphs.options(locale),
    sections: queueSections(rows, paragraphs, locale),
    empty: rows.length === 0,
    totalEntries: result.totalEntries,
    totalComments: result.totalComments,
    pager: { page: pageNumber, pages, prevHref: pageNumber > 1 ? href(pageNumber - 1) : null, nextHref: pageNumber < pages ? href(pageNumber + 1) : null },
    selfHref: href(pageNumber),
    resetHref: queueHref(consultation.slug, NO_FILTERS, paragraphs),
    grouping: {
      last: grouping.run ? { at: timeView(grouping.run.ran_at, locale).text, groups: grouping.run.group_count, grouped: grouping.run.grouped_comment_count } : null,
      ungrouped: grouping.ungrouped,
    },
    flash: notice.flash ?? null,
    error: notice.error ?? null,
    bulk: notice.bulk ?? NO_BULK,
    canEnter: ROLES.office.includes(signedInOfficer(c).role),
    versions: versions
      .filter((v) => v.state === 'published' && v.purpose === 'round')
      .map((v) => ({ number: v.number, href: `${commentsBase(consultation.slug)}?version=${v.number}`, current: v.number === paragraphs.version?.number })),
  };
  c.header('Vary', 'HX-Request');
  return pageOrFragment(c, <QueueResults view={view} />, (results) => <QueuePage view={view}>{results}</QueuePage>, status);
}

function detailHref(slug: string, id: number, back: string): string {
  return `${commentsBase(slug)}/${id}?back=${encodeURIComponent(back)}`;
}

function commentId(c: AppContext): number {
  const id = positiveInt(c.req.param('id'));
  if (!id) throw new AppError(404, 'not_found', c.var.t('review.error.commentNotFound'));
  return id;
}

async function requireComment(c: AppContext, ws: Workspace, id: number) {
  const comment = await findReviewComment(c.var.services.db, ws.consultation.id, id);
  if (!comment) throw new AppError(404, 'not_found', c.var.t('review.error.commentNotFound'));
  return comment;
}

interface DetailNotice {
  flash?: string | null;
  decision?: DecisionFormState;
  moderation?: ModerationFormState;
  notOpinion?: NotOpinionFormState;
}

async function renderDetail(c: AppContext, ws: Workspace, id: number, back: string, notice: DetailNotice = {}, status: 200 | 422 = 200) {
  const { services, locale } = c.var;
  const { consultation } = ws;
  const comment = await requireComment(c, ws, id);
  // A comment on another version's text is named by that version's blocks.
  const paragraphs =
    comment.block_id === null || ws.paragraphs.byId.has(comment.block_id) || comment.version_id === null
      ? ws.paragraphs
      : new Paragraphs(await listVersionBlocks(services.db, comment.version_id));
  const groupId = comment.duplicate_group_id;
  const groupIds = groupId ? [groupId] : [];
  // An action on the group acts on every member, opinions or not: the page counts them all.
  const [groups, members] = await Promise.all([
    summariseGroups(services.db, consultation.id, groupIds, null),
    listGroupMembers(services.db, consultation.id, groupIds, GROUP_PREVIEW + 1, null),
  ]);
  const summary = groupId ? groups.get(groupId) : undefined;
  const view = {
    ctx: { ...(await officeContext(c)), path: detailHref(consultation.slug, id, back) },
    slug: consultation.slug,
    consultation: consultationView(c, consultation),
    comment: detailCommentView(comment, paragraphs.caption(comment.block_id, locale), locale),
    group: summary
      ? {
          size: summary.size,
          others: (members.get(summary.groupId) ?? [])
            .filter((m) => m.id !== id)
            .slice(0, GROUP_PREVIEW)
            .map(memberView),
          allHref: queueHref(consultation.slug, { ...NO_FILTERS, group: summary.groupId }, paragraphs),
        }
      : null,
    back,
    flash: notice.flash ?? null,
    canDecide: ROLES.office.includes(signedInOfficer(c).role),
    decision: notice.decision ?? { values: { decision: comment.decision ?? '', reason: comment.decision_reason ?? '' }, errors: {} },
    moderation: notice.moderation ?? { values: { reason: '', scope: 'one' }, errors: {} },
    notOpinionForm: notice.notOpinion ?? { values: { reason: '', scope: 'one' }, errors: {} },
  };
  return pageOrFragment(c, <CommentDetail view={view} />, (piece) => <CommentDetailPage view={view}>{piece}</CommentDetailPage>, status);
}

/**
 * After an action succeeded: htmx gets the updated piece with the message in it; a browser is
 * sent on (303) and finds the message there.
 */
async function answerDone(c: AppContext, message: string, next: { piece: (flash: string) => Promise<Response>; redirect: string }) {
  if (wantsFragment(c)) return next.piece(message);
  setFlash(c, message);
  return c.redirect(next.redirect, 303);
}

/** The bulk form's action on the chosen comments, with what to say when it is done. */
async function bulkAction(c: AppContext, ws: Workspace, action: BulkAction | null, selection: Selection, reason: string) {
  const { services, t } = c.var;
  const input = { consultation: ws.consultation, selection, actor: actor(c) };
  if (action === 'not-opinion' || action === 'restore-opinion') {
    const restore = action === 'restore-opinion';
    const result = restore ? await restoreOpinion(services, input) : await markNotOpinion(services, { ...input, reason });
    return result.ok ? { ok: true as const, message: notOpinionMessage(t, restore, result.count) } : result;
  }
  const result = await moderate(services, { ...input, action, reason });
  return result.ok ? { ok: true as const, message: moderatedMessage(t, result.status, result.count) } : result;
}

/** One comment, or its whole near-duplicate group when the officer asked for it and it has one. */
function oneOrGroup(id: number, groupId: number | null, scope: string): Selection {
  return scope === 'group' && groupId !== null ? { ids: [], groups: [groupId] } : { ids: [id], groups: [] };
}

// ---------------------------------------------------------------------------------------------
// Offline entry

async function renderOffline(c: AppContext, ws: Workspace, units: { id: number; name: string }[], values: OfflineValues, errors: OfflineErrors, status: 200 | 422 = 200) {
  const view = {
    ctx: await officeContext(c),
    consultation: consultationView(c, ws.consultation),
    paragraphs: ws.paragraphs.options(c.var.locale),
    units,
    values,
    errors,
    limits: { min: BODY_MIN, max: BODY_MAX },
  };
  return page(c, <OfflinePage view={view} />, status);
}

const emptyOffline = (today: string): OfflineValues => ({ kind: '', received: today, name: '', organization: '', unit: '', email: '', phone: '', paragraphId: '', body: '' });

// ---------------------------------------------------------------------------------------------

export const reviewRoutes = new Hono<AppEnv>()
  .get('/comments', requireRole(...ROLES.moderate), async (c) => {
    const ws = await workspace(c);
    const query = c.req.query();
    return renderQueue(c, ws, parseFilters(query, ws.paragraphs), pageNumber(query.page), { flash: takeFlash(c) });
  })

  // The queue's bulk form: moderation, or whether the chosen comments are opinions at all.
  .post('/comments/moderate', requireRole(...ROLES.moderate), async (c) => {
    const { data: form, values } = await lenientForm(c, bulkForm);
    const back = safeBack(consultationOf(c).slug, form.back);
    const ws = await workspace(c, versionOf(back));
    const selection: Selection = { ids: form.ids, groups: form.groups };
    const result = await bulkAction(c, ws, form.action, selection, form.reason);
    const { filters, page: pageNumber } = queueFromBack(ws, back);
    if (!result.ok) {
      // The same queue again with the error, the selection and the reason kept.
      const bulk = { action: values.action ?? '', reason: values.reason ?? '', ...selection };
      return renderQueue(c, ws, filters, pageNumber, { error: moderationRefusal(c.var.t, result.code), bulk }, 422);
    }
    return answerDone(c, result.message, {
      piece: (flash) => renderQueue(c, ws, filters, pageNumber, { flash }),
      redirect: back,
    });
  })

  .post('/comments/regroup', requireRole(...ROLES.moderate), async (c) => {
    const { data: form } = await lenientForm(c, regroupForm);
    const back = safeBack(consultationOf(c).slug, form.back);
    const ws = await workspace(c, versionOf(back));
    const { run } = await regroup(c.var.services, { consultationId: ws.consultation.id });
    const { filters, page: pageNumber } = queueFromBack(ws, back);
    return answerDone(c, c.var.t('review.group.done', { groups: run.group_count, grouped: run.grouped_comment_count }), {
      piece: (flash) => renderQueue(c, ws, filters, pageNumber, { flash }),
      redirect: back,
    });
  })

  .get('/comments/new', requireRole(...ROLES.office), async (c) => {
    const ws = await workspace(c);
    const values = emptyOffline(beijingDay(c.var.services.clock()));
    const on = c.req.query('on');
    if (on && isCommentable(ws.paragraphs.byKey.get(on))) values.paragraphId = on;
    return renderOffline(c, ws, await listUnitChoices(c.var.services.db, ws.consultation.id), values, {});
  })

  .post('/comments/new', requireRole(...ROLES.office), async (c) => {
    const { services, t, locale } = c.var;
    const ws = await workspace(c);
    const { consultation } = ws;
    const units = await listUnitChoices(services.db, consultation.id);
    const today = beijingDay(services.clock());
    const form = await officeForm(c, offlineForm({ paragraphs: ws.paragraphs, unitIds: new Set(units.map((u) => String(u.id))), today }));
    const values = offlineValues(form.values);
    // The fields a web comment has are checked by the web form's own rules and messages.
    const comment = commentContentSchema.safeParse({ body: values.body, name: values.name, organization: values.organization, email: values.email, phone: values.phone, paragraphId: values.paragraphId });
    if (!form.ok || !comment.success) {
      const errors = { ...(comment.success ? {} : fieldErrors(comment.error.issues, t, { body: values.body })), ...(form.ok ? {} : form.errors) };
      return renderOffline(c, ws, units, values, errors, 422);
    }
    const { kind, received, paragraphId, unit } = form.data;
    const result = await enterOfflineComment(services, { consultation, kind, receivedOn: received, paragraphKey: paragraphId, unitId: unit, comment: comment.data, locale, actor: actor(c) });
    if (!result.ok) return renderOffline(c, ws, units, values, offlineRefusal(t, result.code), 422);
    setFlash(c, result.status === 'published' ? t('review.offline.saved', { number: result.trackingNumber }) : t('review.offline.savedPending', { number: result.trackingNumber }));
    return c.redirect(commentsBase(consultation.slug), 303);
  })

  .get('/comments/:id', requireRole(...ROLES.moderate), async (c) => {
    const ws = await workspace(c);
    return renderDetail(c, ws, commentId(c), safeBack(ws.consultation.slug, c.req.query('back')), { flash: takeFlash(c) });
  })

  .post('/comments/:id/moderate', requireRole(...ROLES.moderate), async (c) => {
    const { data: form } = await lenientForm(c, moderationForm);
    const ws = await workspace(c);
    const id = commentId(c);
    const back = safeBack(ws.consultation.slug, form.back);
    const comment = await requireComment(c, ws, id);
    const selection = oneOrGroup(id, comment.duplicate_group_id, form.scope);
    const result = await moderate(c.var.services, { consultation: ws.consultation, selection, action: form.action, reason: form.reason, actor: actor(c) });
    if (!result.ok) {
      const message = moderationRefusal(c.var.t, result.code);
      const errors = result.code === 'no_action' ? { action: message } : { reason: message };
      return renderDetail(c, ws, id, back, { moderation: { values: { reason: form.reason, scope: selection.groups.length ? 'group' : 'one' }, errors } }, 422);
    }
    return answerDone(c, moderatedMessage(c.var.t, result.status, result.count), {
      piece: (flash) => renderDetail(c, ws, id, back, { flash }),
      redirect: detailHref(ws.consultation.slug, id, back),
    });
  })

  .post('/comments/:id/not-opinion', requireRole(...ROLES.moderate), async (c) => {
    const { data: form } = await lenientForm(c, notOpinionForm);
    const ws = await workspace(c);
    const id = commentId(c);
    const back = safeBack(ws.consultation.slug, form.back);
    const comment = await requireComment(c, ws, id);
    const selection = oneOrGroup(id, comment.duplicate_group_id, form.scope);
    const restore = form.action === 'restore';
    const input = { consultation: ws.consultation, selection, actor: actor(c) };
    const result = restore ? await restoreOpinion(c.var.services, input) : await markNotOpinion(c.var.services, { ...input, reason: form.reason });
    if (!result.ok) {
      const values = { reason: form.reason, scope: selection.groups.length ? 'group' : 'one' };
      return renderDetail(c, ws, id, back, { notOpinion: { values, errors: { reason: moderationRefusal(c.var.t, result.code) } } }, 422);
    }
    return answerDone(c, notOpinionMessage(c.var.t, restore, result.count), {
      piece: (flash) => renderDetail(c, ws, id, back, { flash }),
      redirect: detailHref(ws.consultation.slug, id, back),
    });
  })

  .post('/comments/:id/decide', requireRole(...ROLES.office), async (c) => {
    const { t } = c.var;
    const form = await officeForm(c, decisionForm);
    const ws = await workspace(c);
    const id = commentId(c);
    const back = safeBack(ws.consultation.slug, form.values.back);
    const comment = await requireComment(c, ws, id);
    const values = { decision: form.values.decision ?? '', reason: form.values.reason ?? '' };
    if (!form.ok) return renderDetail(c, ws, id, back, { decision: { values, errors: form.errors } }, 422);
    const selection = oneOrGroup(id, comment.duplicate_group_id, form.data.scope);
    const result = await decide(c.var.services, { consultation: ws.consultation, selection, decision: form.data.decision, reason: form.data.reason, actor: actor(c) });
    if (!result.ok) return renderDetail(c, ws, id, back, { decision: { values, errors: decisionRefusal(t, result.code, form.data.decision) } }, 422);
    return answerDone(c, t('review.decide.saved', { count: result.count, decision: t(`review.decision.${result.decision}`) }), {
      piece: (flash) => renderDetail(c, ws, id, back, { flash }),
      redirect: detailHref(ws.consultation.slug, id, back),
    });
  })

  .get('/units', requireRole(...ROLES.moderate), async (c) => {
    const { services, locale } = c.var;
    const { consultation, paragraphs } = await workspace(c);
    const board = await listUnitBoard(services.db, consultation.id, 20);
    const unitView = (unit: (typeof board.roster)[number]) =>
      boardUnitView(unit, paragraphs, queueHref(consultation.slug, { ...NO_FILTERS, unit: unit.unitId }, paragraphs), locale);
    const view = {
      ctx: await officeContext(c),
      consultation: consultationView(c, consultation),
      roster: board.roster.map(unitView),
      others: board.others.map(unitView),
      counts: { replied: board.summary.responded, noComments: board.summary.noComments, notYet: board.summary.none },
    };
    return page(c, <BoardPage view={view} />);
  });
