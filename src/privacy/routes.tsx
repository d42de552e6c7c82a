// /office/privacy: a person's request (find by tracking number, export as JSON, erase), the
// retention schedule, and the notice's wording. Officers and admins; the wording, admins only.
import { Hono } from 'hono';
import { z } from 'zod';
import { actorOf, officeContext, setFlash, signedInOfficer, takeFlash } from '../auth/office.ts';
import { requireRole, ROLES } from '../auth/guards.ts';
import { type AppContext, type AppEnv } from '../http/context.ts';
import { AppError } from '../http/errors.ts';
import { checkbox, officeForm, text } from '../http/forms.ts';
import { page } from '../http/respond.ts';
import { formatDateTime } from '../lib/time.ts';
import { normaliseTrackingNumber } from '../lib/tracking.ts';
import type { NoticeFormView, PersonView, PrivacyPageView } from '../../views/privacy/models.ts';
import { NoticePage, PrivacyPage } from '../../views/privacy/pages.tsx';
import { DEFAULT_RETENTION_DAYS, defaultNotice, NOTICE_MAX, readNoticeTexts, saveNoticeTexts } from './notice.ts';
import { erasePersonData, exportPersonData, findPersonData, type PersonData, personExport } from './person.ts';
import { listRetention } from './purge.ts';

const requestForm = z.object({ trackingNumber: text(40) });
const eraseForm = z.object({ trackingNumber: text(40), confirm: checkbox });
const noticeForm = z.object({
  zh: text(NOTICE_MAX, 'privacy.notice.edit.tooLong'),
  en: text(NOTICE_MAX, 'privacy.notice.edit.tooLong'),
});

function retentionDays(c: AppContext): number {
  return c.var.services.settings.retentionDays ?? DEFAULT_RETENTION_DAYS;
}

function presentPerson(c: AppContext, data: PersonData): PersonView {
  const { t, locale } = c.var;
  return {
    trackingNumber: data.trackingNumber,
    names: data.names,
    emails: data.emails,
    phones: data.phones,
    comments: data.comments.map((comment) => ({
      trackingNumber: comment.trackingNumber,
      consultationTitle: comment.consultation.title,
      received: formatDateTime(comment.receivedAt, locale),
      channel: t(`review.channel.${comment.channel}`),
      state: comment.erasedAt ? t('privacy.request.erased', { at: formatDateTime(comment.erasedAt, locale) }) : t('privacy.state.kept'),
    })),
    messageCount: data.messages.length,
    mailCount: data.mails.filter((m) => m.to !== '').length,
  };
}

async function renderPrivacy(c: AppContext, query: string, options: { eraseError?: string; status?: 200 | 404 | 422; flash?: string | null } = {}) {
  const { t, locale, services } = c.var;
  let lookupError: string | null = null;
  let person: PersonView | null = null;
  if (query) {
    const number = normaliseTrackingNumber(query);
    const data = number ? await findPersonData(services.db, number) : null;
    if (!number) lookupError = t('privacy.request.invalid');
    else if (!data) lookupError = t('privacy.request.notFound', { number });
    else person = presentPerson(c, data);
  }
  const days = retentionDays(c);
  const now = services.clock().toISOString();
  const retention = (await listRetention(services.db, days)).map((r) => ({
    title: r.title,
    resultsPublished: formatDateTime(r.resultsPublishedAt, locale),
    due: formatDateTime(r.dueAt, locale),
    state: r.purgedAt
      ? t('privacy.retention.purged', { at: formatDateTime(r.purgedAt, locale) })
      : r.dueAt <= now
        ? t('privacy.retention.overdue')
        : t('privacy.retention.pending'),
  }));
  const view: PrivacyPageView = {
    query,
    lookupError,
    person,
    eraseError: options.eraseError ?? null,
    retentionIntro: t('privacy.retention.intro', { days }),
    retention,
    canEditNotice: signedInOfficer(c).role === 'admin',
  };
  const status = options.status ?? (query && !person ? 404 : 200);
  c.header('Cache-Control', 'no-store');
  return page(c, <PrivacyPage ctx={await officeContext(c)} view={view} flash={options.flash ?? null} />, status);
}

async function renderNotice(c: AppContext, values: NoticeFormView['values'], errors: NoticeFormView['errors'], status: 200 | 422, flash: string | null) {
  const days = retentionDays(c);
  const view: NoticeFormView = {
    intro: c.var.t('privacy.notice.edit.intro', { days }),
    values,
    defaults: { zh: defaultNotice('zh-CN', days), en: defaultNotice('en', days) },
    errors,
  };
  return page(c, <NoticePage ctx={await officeContext(c)} view={view} flash={flash} />, status);
}

function requireTrackingNumber(c: AppContext, typed: string): string {
  const number = normaliseTrackingNumber(typed);
  if (!number) throw new AppError(400, 'bad_form', c.var.t('privacy.request.invalid'));
  return number;
}

export const privacyRoutes = new Hono<AppEnv>()
  .get('/', requireRole(...ROLES.office), async (c) => renderPrivacy(c, (c.req.query('no') ?? '').trim().slice(0, 40), { flash: takeFlash(c) }))

  .post('/export', requireRole(...ROLES.office), async (c) => {
    const form = await officeForm(c, requestForm);
    if (!form.ok) throw new AppError(400, 'bad_form', c.var.t('error.badRequest'));
    const number = requireTrackingNumber(c, form.data.trackingNumber);
    const services = c.var.services;
    const now = services.clock();
    const result = await exportPersonData(services, { trackingNumber: number, ...actorOf(c), officerId: signedInOfficer(c).id }, now);
    if (!result.ok) return renderPrivacy(c, number);
    return c.body(JSON.stringify(personExport(result.data, now), null, 2), 200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="personal-data-${number}.json"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
  })

  .post('/erase', requireRole(...ROLES.office), async (c) => {
    const t = c.var.t;
    const form = await officeForm(c, eraseForm);
    if (!form.ok) throw new AppError(400, 'bad_form', t('error.badRequest'));
    const number = requireTrackingNumber(c, form.data.trackingNumber);
    if (!form.data.confirm) return renderPrivacy(c, number, { eraseError: t('privacy.request.eraseConfirmRequired'), status: 422 });
    const services = c.var.services;
    const result = await erasePersonData(services, { trackingNumber: number, ...actorOf(c), officerId: signedInOfficer(c).id }, services.clock());
    if (!result.ok) return renderPrivacy(c, number);
    setFlash(c, t('privacy.request.erasedFlash', { number, comments: result.comments, messages: result.messages, mails: result.mails }));
    return c.redirect(`/office/privacy?no=${encodeURIComponent(number)}`, 303);
  })

  .get('/notice', requireRole(...ROLES.admin), async (c) => {
    const texts = await readNoticeTexts(c.var.services.db);
    return renderNotice(c, { zh: texts['zh-CN'], en: texts.en }, {}, 200, takeFlash(c));
  })

  .post('/notice', requireRole(...ROLES.admin), async (c) => {
    const form = await officeForm(c, noticeForm);
    const values = { zh: form.values.zh ?? '', en: form.values.en ?? '' };
    if (!form.ok) return renderNotice(c, values, form.errors, 422, null);
    const services = c.var.services;
    const result = await saveNoticeTexts(services, { texts: { 'zh-CN': form.data.zh, en: form.data.en }, ...actorOf(c), officerId: signedInOfficer(c).id }, services.clock());
    if (!result.ok) {
      const field = result.field === 'zh-CN' ? 'zh' : 'en';
      return renderNotice(c, values, { [field]: c.var.t('privacy.notice.edit.tooLong', { max: NOTICE_MAX }) }, 422, null);
    }
    setFlash(c, c.var.t('privacy.notice.edit.saved'));
    return c.redirect('/office/privacy/notice', 303);
  });

