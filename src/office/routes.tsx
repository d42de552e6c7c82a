// The office's consultation pages: the list, creating a draft from pasted text or a file, one
// consultation's overview, publishing, extending, closing early, and its settings. Each POST
// reads its form once (CSRF and zod: ./forms.ts) and calls its command; a refusal comes back as
// a code, worded here next to its field with what was typed.
import { Hono } from 'hono';
import { requireRole, ROLES } from '../auth/guards.ts';
import { actorOf, officeContext, setFlash, takeFlash } from '../auth/office.ts';
import type { Consultation } from '../db/schema.ts';
import { limitBody } from '../http/body-limit.ts';
import { consultationOf } from '../http/consultation.ts';
import type { AppContext, AppEnv } from '../http/context.ts';
import { type FormState, type FormValues, officeForm } from '../http/forms.ts';
import { page } from '../http/respond.ts';
import type { MessageKey } from '../lib/i18n.ts';
import { formatDateTime, parseBeijingInput } from '../lib/time.ts';
import { consultationHref } from '../../views/office/consultation-nav.tsx';
import { ConsultationListPage } from '../../views/office/list.tsx';
import type { LifecycleForms, SettingsValues, SettingsView } from '../../views/office/models.ts';
import { NewConsultationPage } from '../../views/office/new.tsx';
import { OverviewPage } from '../../views/office/overview.tsx';
import { SettingsPage } from '../../views/office/settings.tsx';
import type { FieldErrors } from '../../views/shared/kit.tsx';
import type { Refused } from './commands.ts';
import { createConsultation } from './create.ts';
import { closeForm, extendForm, MAX_DRAFT_CHARS, newConsultationForm, publishForm, settingsForm } from './forms.ts';
import { closeEarly, extendDeadline, isRunning, PUBLISH_REFUSALS, publishConsultation } from './lifecycle.ts';
import { noticeDatesLine, presentHead, presentListRows, presentOverview, presentWindowCheck, settingsValues, storedWindowCheck } from './present.ts';
import { currentConsultation, formData, mailDomainOf, presentContext } from './request.ts';
import { updateSettings, windowConfirmation } from './settings.ts';
import { suggestSlug } from './slug.ts';
import { listOfficeConsultations } from './store.ts';
import { readDraftSource, type UploadLimits, uploadErrorText } from './upload.ts';

const LIMITS: UploadLimits & { maxRequestBytes: number } = {
  maxChars: MAX_DRAFT_CHARS,
  maxFileBytes: 5 * 1024 * 1024,
  maxRequestBytes: 8 * 1024 * 1024,
};

async function renderOverview(c: AppContext, row: Consultation, forms: LifecycleForms, status: 200 | 409 | 422, flash: string | null = null) {
  const view = await presentOverview(c.var.services.db, row, presentContext(c));
  return page(c, <OverviewPage ctx={await officeContext(c)} c={view} forms={forms} flash={flash} />, status);
}

/**
 * Extending and closing answer alike: a refusal goes back to its form on the overview with what
 * was typed; once the consultation is no longer running, that is the only thing said.
 */
async function changeWindow<T>(
  c: AppContext,
  name: 'extend' | 'close',
  field: 'closes' | 'reason',
  form: FormState<T>,
  run: (row: Consultation, data: T) => Promise<{ ok: true } | Refused<'notRunning' | 'notLater' | 'stale'>>,
  done: MessageKey,
) {
  const t = c.var.t;
  const row = consultationOf(c);
  const refuse = async (errors: FieldErrors, status: 409 | 422, shown = row) => renderOverview(c, shown, { [name]: { values: form.values, errors } }, status);
  const notRunning = { [field]: t('office.lifecycle.error.notRunning') };
  if (!form.ok) return isRunning(row, c.var.services.clock()) ? refuse(form.errors, 422) : refuse(notRunning, 409);
  const result = await run(row, form.data);
  if (result.ok) {
    setFlash(c, t(done));
    return c.redirect(consultationHref(row.slug), 303);
  }
  if (result.code === 'notLater') return refuse({ [field]: t('office.lifecycle.error.notLater', { closes: formatDateTime(row.closes_at!, c.var.locale) }) }, 422);
  if (result.code === 'stale') return refuse({ [field]: t('office.error.stale') }, 409, await currentConsultation(c));
  return refuse(notRunning, 409);
}

/** The settings form as typed, for showing it again. */
function typedSettings(v: FormValues): SettingsValues {
  const at = (name: string) => (v[name] ?? '').trim();
  return {
    title: at('title'),
    issuer: at('issuer'),
    opens: at('opens'),
    closes: at('closes'),
    moderation: v.moderation === 'post' ? 'post' : 'pre',
    requireName: v.requireName === '1',
    documentKind: v.documentKind === 'rule' ? 'rule' : 'other',
    intakeLocal: at('intakeLocal').toLowerCase(),
    reminderDays: at('reminderDays'),
    contactPerson: at('contactPerson'),
    contactPhone: at('contactPhone'),
    contactEmail: at('contactEmail'),
  };
}

async function renderSettings(
  c: AppContext,
  row: Consultation,
  form: Pick<SettingsView, 'values' | 'errors' | 'windowCheck' | 'askConfirm' | 'status'>,
  status: 200 | 409 | 422 = 200,
  flash: string | null = null,
) {
  const view: SettingsView = { ...presentHead(row, c.var.services.clock()), ...form, mailDomain: mailDomainOf(c), noticeDates: noticeDatesLine(row, c.var.t) };
  return page(c, <SettingsPage ctx={await officeContext(c)} view={view} flash={flash} />, status);
}

const NEW_LIMITS = { maxChars: LIMITS.maxChars, maxMb: LIMITS.maxFileBytes / 1024 / 1024 };

/** The office's list of consultations and creating one, mounted at /office/consultations. */
export const consultationListRoutes = new Hono<AppEnv>()
  .get('/', requireRole(...ROLES.moderate), async (c) => {
    const rows = presentListRows(await listOfficeConsultations(c.var.services.db), c.var.services.clock(), c.var.locale);
    return page(c, <ConsultationListPage ctx={await officeContext(c)} rows={rows} flash={takeFlash(c)} />);
  })

  .get('/new', requireRole(...ROLES.office), async (c) => {
    return page(c, <NewConsultationPage ctx={await officeContext(c)} values={{ title: '', slug: '', text: '' }} errors={{}} limits={NEW_LIMITS} slugExample="cjjjd-2026" />);
  })

  .post(
    '/new',
    requireRole(...ROLES.office),
    limitBody(LIMITS.maxRequestBytes, (c) => c.var.t('office.new.error.requestTooLarge', { mb: LIMITS.maxRequestBytes / 1024 / 1024 })),
    async (c) => {
      const t = c.var.t;
      const form = await officeForm(c, newConsultationForm);
      const values = { title: form.values.title ?? '', slug: form.values.slug ?? '', text: form.values.text ?? '' };
      const fail = async (errors: FieldErrors, slug?: string) =>
        page(
          c,
          <NewConsultationPage
            ctx={await officeContext(c)}
            values={{ ...values, slug: values.slug.trim().toLowerCase() || slug || '' }}
            errors={errors}
            limits={NEW_LIMITS}
            slugExample={values.title.trim() ? suggestSlug(values.title.trim()) : 'cjjjd-2026'}
          />,
          422,
        );
      if (!form.ok) return fail(form.errors);

      // The text: from the file when there is one, else from the text area.
      const read = await readDraftSource(form.data, LIMITS);
      if (!read.ok) return fail({ file: uploadErrorText(t, read.error) });
      const { source } = read;

      const result = await createConsultation(c.var.services, { source, title: form.data.title, slug: form.data.slug, actor: actorOf(c) });
      if (!result.ok) {
        const errors: FieldErrors = {};
        for (const [field, problem] of Object.entries(result.fields)) {
          errors[field === 'source' ? (source.from === 'file' ? 'file' : 'text') : field] = t(`office.new.error.${problem.code}`, problem.params);
        }
        return fail(errors, result.slug);
      }
      setFlash(c, t('office.new.created', { title: result.title }));
      return c.redirect(consultationHref(result.slug, 'structure'), 303);
    },
  );

/** One consultation's overview, lifecycle and settings, mounted at /office/consultations/:slug. */
export const consultationRoutes = new Hono<AppEnv>()
  .get('/', requireRole(...ROLES.moderate), async (c) => {
    return renderOverview(c, consultationOf(c), {}, 200, takeFlash(c));
  })

  .post('/publish', requireRole(...ROLES.office), async (c) => {
    const t = c.var.t;
    const data = await formData(c, publishForm);
    const row = consultationOf(c);
    const result = await publishConsultation(c.var.services, { consultation: row, version: data.version, confirmShortWindow: data.confirmShort, actor: actorOf(c) });
    if (!result.ok) {
      const forms = { publish: { error: t(PUBLISH_REFUSALS[result.code]) } };
      if (result.code === 'stale') return renderOverview(c, await currentConsultation(c), forms, 409);
      return renderOverview(c, row, forms, result.code === 'notDraft' ? 409 : 422);
    }
    const { added, collective } = result.roster;
    const names = [...new Set(collective.map((entry) => entry.name))];
    setFlash(
      c,
      [
        t('office.lifecycle.published'),
        added.length ? t('office.lifecycle.rosterSeeded', { count: added.length }) : '',
        names.length ? t('office.lifecycle.rosterCollective', { names: names.join('、') }) : '',
      ].join(''),
    );
    return c.redirect(consultationHref(row.slug), 303);
  })

  .post('/extend', requireRole(...ROLES.office), async (c) =>
    changeWindow(
      c,
      'extend',
      'closes',
      await officeForm(c, extendForm),
      (row, data) => extendDeadline(c.var.services, { consultation: row, version: data.version, closesAt: data.closes, reason: data.reason, actor: actorOf(c) }),
      'office.lifecycle.extended',
    ),
  )

  .post('/close', requireRole(...ROLES.office), async (c) =>
    changeWindow(
      c,
      'close',
      'reason',
      await officeForm(c, closeForm),
      (row, data) => closeEarly(c.var.services, { consultation: row, version: data.version, reason: data.reason, actor: actorOf(c) }),
      'office.lifecycle.closed',
    ),
  )

  .get('/settings', requireRole(...ROLES.office), async (c) => {
    const row = consultationOf(c);
    return renderSettings(c, row, { values: settingsValues(row), errors: {}, windowCheck: storedWindowCheck(row), askConfirm: false, status: null }, 200, takeFlash(c));
  })

  .post('/settings', requireRole(...ROLES.office), async (c) => {
    const t = c.var.t;
    const row = consultationOf(c);
    const form = await officeForm(c, settingsForm(row.state === 'draft'));
    const values = typedSettings(form.values);
    if (!form.ok) {
      // The window's check is shown (and its confirmation asked for) along with the other errors.
      const errors: FieldErrors = { ...form.errors };
      const { check, askConfirm } =
        errors.opens || errors.closes
          ? { check: null, askConfirm: false }
          : windowConfirmation(row, {
              opensAt: values.opens ? parseBeijingInput(values.opens, 'start') : null,
              closesAt: values.closes ? parseBeijingInput(values.closes, 'end') : null,
              documentKind: values.documentKind === 'rule' ? 'rule' : 'other',
            });
      if (askConfirm && form.values.confirmShort !== '1') errors.confirmShort = t('office.settings.error.confirmShort');
      return renderSettings(c, row, { values, errors, windowCheck: presentWindowCheck(check), askConfirm, status: null }, 422);
    }

    const { data } = form;
    const settings = {
      title: data.title,
      issuer: data.issuer,
      opensAt: data.opens,
      closesAt: data.closes,
      moderation: data.moderation,
      requireName: data.requireName,
      documentKind: data.documentKind,
      intakeLocal: data.intakeLocal,
      reminderDays: data.reminderDays,
      contactPerson: data.contactPerson,
      contactPhone: data.contactPhone,
      contactEmail: data.contactEmail,
    };
    const result = await updateSettings(c.var.services, { consultation: row, version: data.version, settings, confirmShortWindow: data.confirmShort, actor: actorOf(c) });
    if (result.ok) {
      setFlash(c, t('office.settings.saved'));
      return c.redirect(consultationHref(row.slug, 'settings'), 303);
    }
    const { check, askConfirm } = windowConfirmation(row, { opensAt: data.opens, closesAt: data.closes, documentKind: data.documentKind });
    const shown = { values, windowCheck: presentWindowCheck(check), askConfirm };
    if (result.code === 'stale') return renderSettings(c, await currentConsultation(c), { ...shown, errors: {}, status: t('office.error.stale') }, 409);
    const errors: FieldErrors = {};
    if (result.fields.intakeLocal) errors.intakeLocal = t('office.settings.error.intakeTaken', result.fields.intakeLocal.params);
    if (result.fields.confirmShort) errors.confirmShort = t('office.settings.error.confirmShort');
    return renderSettings(c, row, { ...shown, errors, status: null }, 422);
  });
