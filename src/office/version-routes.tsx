// The versions page of one consultation (/office/consultations/:slug/versions): its versions,
// loading a revised text (pasted or uploaded, as for a new draft), and publishing the revision
// for a new round or as the final text, or discarding it. Each POST reads its form once and
// calls its command (./versions.ts); a refusal comes back as a code, worded here.
import { Hono } from 'hono';
import { requireRole, ROLES } from '../auth/guards.ts';
import { actorOf, officeContext, setFlash, signedInOfficer, takeFlash } from '../auth/office.ts';
import type { Consultation } from '../db/schema.ts';
import { findWorkingVersion, listVersions } from '../drafts/store.ts';
import { limitBody } from '../http/body-limit.ts';
import { consultationOf } from '../http/consultation.ts';
import type { AppContext, AppEnv } from '../http/context.ts';
import { AppError } from '../http/errors.ts';
import { officeForm } from '../http/forms.ts';
import { page } from '../http/respond.ts';
import { consultationHref } from '../../views/office/consultation-nav.tsx';
import type { VersionForms, VersionsView } from '../../views/office/models.ts';
import { VersionsPage } from '../../views/office/versions.tsx';
import type { FieldErrors } from '../../views/shared/kit.tsx';
import { discardRevisionForm, MAX_DRAFT_CHARS, newRevisionForm, publishRevisionForm } from './forms.ts';
import { presentHead } from './present.ts';
import { presentVersionRows, roundIsOver } from './present-versions.ts';
import { currentConsultation } from './request.ts';
import { readDraftSource, type UploadLimits, uploadErrorText } from './upload.ts';
import { createRevision, discardRevision, PUBLISH_REVISION_REFUSALS, publishRevision, REVISION_REFUSALS } from './versions.ts';

const LIMITS: UploadLimits & { maxRequestBytes: number } = { maxChars: MAX_DRAFT_CHARS, maxFileBytes: 5 * 1024 * 1024, maxRequestBytes: 8 * 1024 * 1024 };

async function versionsView(c: AppContext, row: Consultation): Promise<VersionsView> {
  const { db, clock } = c.var.services;
  const now = clock();
  const [versions, working] = await Promise.all([listVersions(db, row.id), findWorkingVersion(db, row.id)]);
  const draft = working && working.state === 'draft' && working.number > 1 ? working : null;
  const over = roundIsOver(row, now);
  const canLoad = row.state === 'published' && !draft && working?.purpose !== 'final';
  const t = c.var.t;
  const note =
    row.state !== 'published'
      ? t('office.version.error.notPublished')
      : working?.purpose === 'final'
        ? t('office.version.error.final')
        : draft && !over
          ? t('office.version.waitRound')
          : null;
  return {
    ...presentHead(row, now),
    rows: presentVersionRows(row, versions, c.var.locale),
    canLoad,
    draft: draft ? { number: draft.number, canPublish: over } : null,
    canManage: signedInOfficer(c).role !== 'moderator',
    note,
  };
}

async function render(c: AppContext, row: Consultation, forms: VersionForms, status: 200 | 409 | 422 = 200, flash: string | null = null) {
  return page(c, <VersionsPage ctx={await officeContext(c)} view={await versionsView(c, row)} forms={forms} flash={flash} />, status);
}

export const versionRoutes = new Hono<AppEnv>()
  .get('/', requireRole(...ROLES.moderate), async (c) => render(c, consultationOf(c), {}, 200, takeFlash(c)))

  .post(
    '/',
    requireRole(...ROLES.office),
    limitBody(LIMITS.maxRequestBytes, (c) => c.var.t('office.new.error.requestTooLarge', { mb: LIMITS.maxRequestBytes / 1024 / 1024 })),
    async (c) => {
      const t = c.var.t;
      const row = consultationOf(c);
      const form = await officeForm(c, newRevisionForm);
      const values = { title: form.values.title ?? '', text: form.values.text ?? '' };
      const fail = (errors: FieldErrors, status: 409 | 422 = 422) => render(c, row, { create: { values, errors } }, status);
      if (!form.ok) return fail(form.errors);
      const read = await readDraftSource(form.data, LIMITS);
      if (!read.ok) return fail({ file: uploadErrorText(t, read.error) });
      const { source } = read;
      const result = await createRevision(c.var.services, { consultation: row, version: form.data.version, source, title: form.data.title, actor: actorOf(c) });
      if (!result.ok) {
        if (result.code === 'invalid') {
          const errors: FieldErrors = {};
          if (result.fields.source) errors[source.from === 'file' ? 'file' : 'text'] = t('office.new.error.noBody');
          if (result.fields.title) errors.title = t('office.new.error.titleTooLong');
          return fail(errors);
        }
        const message = t(REVISION_REFUSALS[result.code], result.params);
        return render(c, result.code === 'stale' ? await currentConsultation(c) : row, { create: { values, errors: {} }, error: message }, 409);
      }
      setFlash(c, t('office.version.created', { number: result.number }));
      return c.redirect(consultationHref(row.slug, 'structure'), 303);
    },
  )

  .post('/publish', requireRole(...ROLES.office), async (c) => {
    const t = c.var.t;
    const row = consultationOf(c);
    const form = await officeForm(c, publishRevisionForm);
    const values = { purpose: form.values.purpose === 'final' ? ('final' as const) : ('round' as const), opens: form.values.opens ?? '', closes: form.values.closes ?? '' };
    if (!form.ok) return render(c, row, { publish: { values, errors: form.errors, askConfirm: false } }, 422);
    const { data } = form;
    const result = await publishRevision(c.var.services, {
      consultation: row,
      version: data.version,
      purpose: data.purpose,
      opensAt: data.opens,
      closesAt: data.closes,
      confirmShortWindow: data.confirmShort,
      actor: actorOf(c),
    });
    if (!result.ok) {
      const message = t(PUBLISH_REVISION_REFUSALS[result.code]);
      const field = result.code === 'closedAlready' || result.code === 'windowOrder' ? 'closes' : result.code === 'noWindow' ? 'opens' : result.code === 'confirmShort' ? 'confirmShort' : null;
      const publish = { values, errors: field ? { [field]: message } : {}, askConfirm: result.code === 'confirmShort' };
      const conflict = result.code === 'stale' || result.code === 'noRevision' || result.code === 'roundRunning';
      return render(c, result.code === 'stale' ? await currentConsultation(c) : row, { publish, ...(field ? {} : { error: message }) }, conflict ? 409 : 422);
    }
    c.var.services.consultationChanged(row.slug);
    const roster = result.roster;
    const parts = [t('office.version.published', { number: result.number })];
    if (roster?.added.length) parts.push(t('office.lifecycle.rosterSeeded', { count: roster.added.length }));
    setFlash(c, parts.join(''));
    return c.redirect(consultationHref(row.slug, 'versions'), 303);
  })

  .post('/discard', requireRole(...ROLES.office), async (c) => {
    const t = c.var.t;
    const row = consultationOf(c);
    const form = await officeForm(c, discardRevisionForm);
    if (!form.ok) throw new AppError(400, 'bad_form', t('error.badRequest'));
    const result = await discardRevision(c.var.services, { consultation: row, version: form.data.version, actor: actorOf(c) });
    if (!result.ok) {
      const message = t(result.code === 'stale' ? 'office.error.stale' : 'office.version.error.noRevision');
      return render(c, await currentConsultation(c), { error: message }, 409);
    }
    setFlash(c, t('office.version.discarded', { number: result.number }));
    return c.redirect(consultationHref(row.slug, 'versions'), 303);
  });
