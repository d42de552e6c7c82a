// The office's consultation pages: the list, creating a draft from pasted text or a file, one
// consultation's overview, publishing, extending, closing early, and its settings.
import { Hono } from 'hono';
import type { CompiledQuery } from 'kysely';
import { bodyLimit } from 'hono/body-limit';
import { listAuditEntries } from '../auth/audit.ts';
import { requireRole, ROLES } from '../auth/guards.ts';
import { clientIp, officeContext, readOfficeForm, readOfficeUpload, setFlash, signedInOfficer, takeFlash } from '../auth/office.ts';
import type { Consultation } from '../db/schema.ts';
import { seedRosterQueries } from '../departments/roster.ts';
import { detectFormat, parseDraft } from '../drafts/parse.ts';
import type { DraftFormat } from '../drafts/parse-types.ts';
import { consultationMeta, consultationReport, findConsultationBySlug, listBlocks, storeDraftQueries } from '../drafts/store.ts';
import { consultationWindow } from '../drafts/window.ts';
import { type AppContext, type AppEnv } from '../http/context.ts';
import { consultationOf } from '../http/consultation.ts';
import { AppError } from '../http/errors.ts';
import { sendHtml } from '../http/respond.ts';
import { formatDateTime, toBeijingLocalInput } from '../lib/time.ts';
import { consultationHref } from '../../views/office/consultation-nav.tsx';
import {
  ConsultationListPage,
  type LifecycleForms,
  NewConsultationPage,
  type NewConsultationValues,
  OverviewPage,
  type OverviewView,
  SettingsPage,
  type SettingsValues,
} from '../../views/office/consultations.tsx';
import type { FieldErrors } from '../../views/shared/kit.tsx';
import { auditBySlugQuery, officeAudit } from './audit.ts';
import { readDraftFile, UploadError, type UploadLimits } from './upload.ts';
import { EMAIL, field, length, parseBeijingInput } from './forms.ts';
import { INTAKE_PATTERN, RESERVED_LOCAL_PARTS, RESERVED_SLUGS, SLUG_PATTERN, suggestSlug } from './slug.ts';
import {
  blocksToOutline,
  countConsultationComments,
  countRosterEntries,
  guardedUpdateQuery,
  intakeAddress,
  isIntakeTaken,
  isSlugTaken,
  isStaleVersionError,
  listOfficeConsultations,
} from './store.ts';
import { checkWindowLength, guessDocumentKind } from './window-rules.ts';
import { outlineStats } from './structure.ts';

export const LIMITS: UploadLimits & { maxRequestBytes: number } = {
  maxChars: 500_000,
  maxFileBytes: 5 * 1024 * 1024,
  maxRequestBytes: 8 * 1024 * 1024,
};
const MAX_REASON = 500;

export function mailDomainOf(c: AppContext): string {
  return c.var.services.settings.mailDomain ?? 'yijian.localhost';
}

export async function loadConsultation(c: AppContext, slug: string): Promise<Consultation> {
  const row = await findConsultationBySlug(c.var.services.db, slug);
  if (!row) throw new AppError(404, 'not_found', c.var.t('office.error.notFound'));
  return row;
}

/** The version the form was rendered with; anything unreadable counts as stale. */
export function formVersion(form: Record<string, string | File>): number {
  const value = Number(typeof form.version === 'string' ? form.version : '');
  return Number.isInteger(value) ? value : -1;
}

function noticeDates(c: Consultation): { published: string | null; deadline: string | null } {
  const meta = consultationMeta(c);
  return { published: meta.publishedDate ?? null, deadline: meta.deadline ?? null };
}

function storedWindowCheck(c: Consultation) {
  return c.opens_at && c.closes_at ? checkWindowLength(c.document_kind, new Date(c.opens_at), new Date(c.closes_at)) : null;
}

async function overviewView(c: AppContext, row: Consultation): Promise<OverviewView> {
  const { db, clock } = c.var.services;
  const locale = c.var.locale;
  const window = consultationWindow(row);
  const [counts, rosterCount, audit, blocks] = await Promise.all([
    countConsultationComments(db, row.id),
    countRosterEntries(db, row.id),
    listAuditEntries(db, { consultationId: row.id, limit: 50 }),
    listBlocks(db, row.id),
  ]);
  return {
    slug: row.slug,
    title: row.title,
    state: row.state,
    phase: window.phase(clock()),
    version: row.version,
    opens: window.opensAt ? formatDateTime(window.opensAt, locale) : null,
    closes: window.closesAt ? formatDateTime(window.closesAt, locale) : null,
    closesInput: row.closes_at ? toBeijingLocalInput(row.closes_at) : '',
    extensionReason: row.extension_reason,
    closedEarlyAt: window.closedEarlyAt ? formatDateTime(window.closedEarlyAt, locale) : null,
    closedEarlyReason: row.closed_early_reason,
    moderation: row.moderation,
    requireName: row.require_name === 1,
    documentKind: row.document_kind,
    intakeAddress: intakeAddress(row, mailDomainOf(c)),
    counts,
    rosterCount,
    stats: outlineStats(blocksToOutline(blocks)),
    windowCheck: storedWindowCheck(row),
    report: consultationReport(row),
    noticeDates: noticeDates(row),
    audit,
  };
}

async function renderOverview(c: AppContext, slug: string, forms: LifecycleForms, status: 200 | 409 | 422, flash: string | null = null) {
  const row = await loadConsultation(c, slug);
  return sendHtml(c, <OverviewPage ctx={await officeContext(c)} c={await overviewView(c, row)} forms={forms} flash={flash} />, status);
}

/** Runs a change's batch; false when someone else changed the consultation first (nothing written). */
export async function runGuarded(c: AppContext, queries: CompiledQuery[]): Promise<boolean> {
  try {
    await c.var.services.db.batch(queries);
    return true;
  } catch (error) {
    if (isStaleVersionError(error)) return false;
    throw error;
  }
}

function settingsValues(row: Consultation): SettingsValues {
  return {
    title: row.title,
    opens: row.opens_at ? toBeijingLocalInput(row.opens_at) : '',
    closes: row.closes_at ? toBeijingLocalInput(row.closes_at) : '',
    moderation: row.moderation,
    requireName: row.require_name === 1,
    documentKind: row.document_kind,
    intakeLocal: row.intake_local ?? '',
    reminderDays: String(row.reminder_days),
    contactPerson: row.contact_person ?? '',
    contactPhone: row.contact_phone ?? '',
    contactEmail: row.contact_email ?? '',
  };
}

function noticeDatesLine(row: Consultation, t: AppContext['var']['t']): string | null {
  const d = noticeDates(row);
  const parts = [d.published ? t('office.report.published', { date: d.published }) : null, d.deadline ? t('office.report.deadline', { date: d.deadline }) : null].filter(Boolean);
  return parts.length ? parts.join('；') : null;
}

/** The office's list of consultations and creating one, mounted at /office/consultations. */
export const consultationListRoutes = new Hono<AppEnv>()
  .get('/', requireRole(...ROLES.moderate), async (c) => {
    const { db, clock } = c.var.services;
    const now = clock();
    const locale = c.var.locale;
    const rows = (await listOfficeConsultations(db)).map((row) => {
      const window = consultationWindow(row);
      return {
        slug: row.slug,
        title: row.title,
        phase: window.phase(now),
        opens: window.opensAt ? formatDateTime(window.opensAt, locale) : null,
        closes: window.closesAt ? formatDateTime(window.closedEarlyAt ?? window.closesAt, locale) : null,
        pending: row.pending_count,
        total: row.total_count,
        sortKey: row.closes_at ?? '',
      };
    });
    rows.sort((a, b) => (a.phase === 'closed' ? b.sortKey.localeCompare(a.sortKey) : a.sortKey.localeCompare(b.sortKey)));
    return sendHtml(c, <ConsultationListPage ctx={await officeContext(c)} rows={rows} flash={takeFlash(c)} />);
  })

  .get('/new', requireRole(...ROLES.office), async (c) => {
    return sendHtml(
      c,
      <NewConsultationPage ctx={await officeContext(c)} values={{ title: '', slug: '', text: '' }} errors={{}} limits={{ maxChars: LIMITS.maxChars, maxMb: LIMITS.maxFileBytes / 1024 / 1024 }} slugExample="cjjjd-2026" />,
    );
  })

  .post('/new',
    requireRole(...ROLES.office),
    bodyLimit({
      maxSize: LIMITS.maxRequestBytes,
      onError: (c) => {
        throw new AppError(413, 'too_large', c.var.t('office.new.error.requestTooLarge', { mb: LIMITS.maxRequestBytes / 1024 / 1024 }));
      },
    }),
    async (c) => {
      const { db, clock } = c.var.services;
      const t = c.var.t;
      const form = await readOfficeUpload(c);
      const values: NewConsultationValues = {
        title: field(form, 'title'),
        slug: field(form, 'slug').toLowerCase(),
        text: typeof form.text === 'string' ? form.text.replace(/\r\n?/g, '\n') : '',
      };
      const errors: FieldErrors = {};
      const fail = async () =>
        sendHtml(
          c,
          <NewConsultationPage
            ctx={await officeContext(c)}
            values={values}
            errors={errors}
            limits={{ maxChars: LIMITS.maxChars, maxMb: LIMITS.maxFileBytes / 1024 / 1024 }}
            slugExample={values.title ? suggestSlug(values.title) : 'cjjjd-2026'}
          />,
          422,
        );

      // 1. The text: from the file when there is one, else from the text area.
      const file = form.file instanceof File && (form.file.size > 0 || form.file.name) ? form.file : null;
      let source: string | null = null;
      let format: DraftFormat = 'text';
      if (file) {
        try {
          const read = await readDraftFile(file, LIMITS);
          source = read.text;
          format = detectFormat(file.name, read.text);
        } catch (error) {
          if (!(error instanceof UploadError)) throw error;
          errors.file = t(`office.new.error.${error.code}`, error.params);
        }
      } else if (values.text.trim() === '') {
        errors.text = t('office.new.error.nothing');
      } else if (length(values.text) > LIMITS.maxChars) {
        errors.text = t('office.new.error.textTooLong', { length: length(values.text), max: LIMITS.maxChars });
      } else {
        source = values.text;
        format = detectFormat(null, values.text);
      }
      if (source === null) return fail();

      // 2. Parse; a text with no body at all is almost certainly a wrong paste.
      const parsed = parseDraft(source, { format, ...(values.title ? { title: values.title } : {}) });
      if (parsed.body.length === 0) errors[file ? 'file' : 'text'] = t('office.new.error.noBody');
      const title = values.title || parsed.title || '';
      if (!title) errors.title = t('office.new.error.noTitle');
      else if (length(title) > 200) errors.title = t('office.new.error.titleTooLong');

      // 3. The slug: the officer's, or one derived from the title.
      let slug = values.slug;
      if (slug) {
        if (!SLUG_PATTERN.test(slug)) errors.slug = t('office.new.error.slugFormat');
        else if (RESERVED_SLUGS.has(slug) || RESERVED_LOCAL_PARTS.has(slug)) errors.slug = t('office.new.error.slugReserved');
        else if (await isSlugTaken(db, slug)) {
          errors.slug = t('office.new.error.slugTaken', { slug, suggestion: await freeSlug(db, slug) });
        }
      } else if (title) {
        slug = await freeSlug(db, suggestSlug(title));
      }
      if (Object.values(errors).some(Boolean)) {
        if (!values.slug && slug) values.slug = slug;
        return fail();
      }

      const now = clock();
      const me = signedInOfficer(c);
      const queries = [
        ...storeDraftQueries(db.kysely, { slug, title, parsed, sourceText: source, sourceFormat: format, state: 'draft', opensAt: null, closesAt: null, now }),
        db.kysely.updateTable('consultations').set({ document_kind: guessDocumentKind(title) }).where('slug', '=', slug).compile(),
        auditBySlugQuery(db.kysely, slug, {
          officerId: me.id,
          action: 'create',
          detail: { slug, title, format, from: file ? 'file' : 'paste', fileName: file?.name ?? null, blocks: parsed.report.stats.blocks, setAside: parsed.report.setAside.length },
          ip: clientIp(c),
        }, now),
      ];
      try {
        await db.batch(queries);
      } catch (error) {
        // Two officers choosing the same slug at once: the second is told, with the text kept.
        if (error instanceof Error && /UNIQUE constraint failed: consultations\.slug/.test(error.message)) {
          errors.slug = t('office.new.error.slugTaken', { slug, suggestion: await freeSlug(db, slug) });
          values.slug = slug;
          return fail();
        }
        throw error;
      }
      setFlash(c, t('office.new.created', { title }));
      return c.redirect(consultationHref(slug, 'structure'), 303);
    },
  );

/** One consultation's overview, lifecycle and settings, mounted at /office/consultations/:slug. */
export const consultationRoutes = new Hono<AppEnv>()
  .get('/', requireRole(...ROLES.moderate), async (c) => {
    return renderOverview(c, consultationOf(c).slug, {}, 200, takeFlash(c));
  })

  .post('/publish', requireRole(...ROLES.office), async (c) => {
    const { db, clock } = c.var.services;
    const t = c.var.t;
    const form = await readOfficeForm(c);
    const slug = consultationOf(c).slug;
    const row = await loadConsultation(c, slug);
    const now = clock();
    const refuse = (error: string, status: 409 | 422 = 422) => renderOverview(c, slug, { publish: { error } }, status);
    if (row.state !== 'draft') return refuse(t('office.lifecycle.error.notDraft'), 409);
    if (!row.opens_at || !row.closes_at) return refuse(t('office.lifecycle.error.noWindow'));
    if (new Date(row.closes_at).getTime() <= now.getTime()) return refuse(t('office.lifecycle.error.closedAlready'));
    const blocks = await listBlocks(db, row.id);
    if (blocks.length === 0) return refuse(t('office.lifecycle.error.emptyBody'));
    const check = checkWindowLength(row.document_kind, new Date(row.opens_at), new Date(row.closes_at));
    if (check.short && form.confirmShort !== '1') return refuse(t('office.lifecycle.error.confirmShort'));

    const me = signedInOfficer(c);
    // The roster comes from the text as published: the units it names as lead or support.
    const roster = await seedRosterQueries(db, row.id, now);
    const queries = [
      guardedUpdateQuery(db.kysely, row.id, formVersion(form), { state: 'published', published_at: now.toISOString(), updated_at: now.toISOString() }),
      ...roster.queries,
      officeAudit(
        db.kysely,
        c,
        me.id,
        row.id,
        'publish',
        {
          opensAt: row.opens_at,
          closesAt: row.closes_at,
          windowShort: check.short,
          ...(check.short ? { confirmed: true, actual: check.actual, minimum: check.minimum, unit: check.unit } : {}),
          rosterAdded: roster.report.added.length,
        },
        now,
      ),
    ];
    if (!(await runGuarded(c, queries))) return renderOverview(c, slug, { publish: { error: t('office.error.stale') } }, 409);
    c.var.services.consultationChanged(slug);
    const collective = roster.report.collective.map((entry) => entry.name);
    setFlash(
      c,
      [
        t('office.lifecycle.published'),
        roster.report.added.length ? t('office.lifecycle.rosterSeeded', { count: roster.report.added.length }) : '',
        collective.length ? t('office.lifecycle.rosterCollective', { names: [...new Set(collective)].join('、') }) : '',
      ].join(''),
    );
    return c.redirect(consultationHref(slug), 303);
  })

  .post('/extend', requireRole(...ROLES.office), async (c) => {
    const { db, clock } = c.var.services;
    const t = c.var.t;
    const form = await readOfficeForm(c);
    const slug = consultationOf(c).slug;
    const row = await loadConsultation(c, slug);
    const now = clock();
    const values = { closes: field(form, 'closes'), reason: field(form, 'reason') };
    const errors: FieldErrors = {};
    const phase = consultationWindow(row).phase(now);
    if (row.state !== 'published' || !row.closes_at || (phase !== 'open' && phase !== 'upcoming')) {
      return renderOverview(c, slug, { extend: { values, errors: { closes: t('office.lifecycle.error.notRunning') } } }, 409);
    }
    const closes = parseBeijingInput(values.closes, 'end');
    if (!closes) errors.closes = t('office.lifecycle.error.closesFormat');
    else if (closes.getTime() <= new Date(row.closes_at).getTime()) errors.closes = t('office.lifecycle.error.notLater', { closes: formatDateTime(row.closes_at, c.var.locale) });
    if (!values.reason) errors.reason = t('office.lifecycle.error.reasonRequired');
    else if (length(values.reason) > MAX_REASON) errors.reason = t('office.lifecycle.error.reasonTooLong', { max: MAX_REASON });
    if (errors.closes || errors.reason || !closes) return renderOverview(c, slug, { extend: { values, errors } }, 422);

    const me = signedInOfficer(c);
    const ok = await runGuarded(c, [
      guardedUpdateQuery(db.kysely, row.id, formVersion(form), { closes_at: closes.toISOString(), extension_reason: values.reason, updated_at: now.toISOString() }),
      officeAudit(db.kysely, c, me.id, row.id, 'extend', { from: row.closes_at, to: closes.toISOString(), reason: values.reason }, now),
    ]);
    if (!ok) return renderOverview(c, slug, { extend: { values, errors: { closes: t('office.error.stale') } } }, 409);
    c.var.services.consultationChanged(slug);
    setFlash(c, t('office.lifecycle.extended'));
    return c.redirect(consultationHref(slug), 303);
  })

  .post('/close', requireRole(...ROLES.office), async (c) => {
    const { db, clock } = c.var.services;
    const t = c.var.t;
    const form = await readOfficeForm(c);
    const slug = consultationOf(c).slug;
    const row = await loadConsultation(c, slug);
    const now = clock();
    const values = { reason: field(form, 'reason') };
    const phase = consultationWindow(row).phase(now);
    if (row.state !== 'published' || (phase !== 'open' && phase !== 'upcoming')) {
      return renderOverview(c, slug, { close: { values, errors: { reason: t('office.lifecycle.error.notRunning') } } }, 409);
    }
    let error: string | undefined;
    if (!values.reason) error = t('office.lifecycle.error.reasonRequired');
    else if (length(values.reason) > MAX_REASON) error = t('office.lifecycle.error.reasonTooLong', { max: MAX_REASON });
    if (error) return renderOverview(c, slug, { close: { values, errors: { reason: error } } }, 422);

    const me = signedInOfficer(c);
    const ok = await runGuarded(c, [
      guardedUpdateQuery(db.kysely, row.id, formVersion(form), { closed_early_at: now.toISOString(), closed_early_reason: values.reason, updated_at: now.toISOString() }),
      officeAudit(db.kysely, c, me.id, row.id, 'close', { closesAt: row.closes_at, closedAt: now.toISOString(), reason: values.reason }, now),
    ]);
    if (!ok) return renderOverview(c, slug, { close: { values, errors: { reason: t('office.error.stale') } } }, 409);
    c.var.services.consultationChanged(slug);
    setFlash(c, t('office.lifecycle.closed'));
    return c.redirect(consultationHref(slug), 303);
  })

  .get('/settings', requireRole(...ROLES.office), async (c) => {
    const row = await loadConsultation(c, consultationOf(c).slug);
    return sendHtml(c, await settingsPage(c, row, settingsValues(row), {}, false, takeFlash(c)));
  })

  .post('/settings', requireRole(...ROLES.office), async (c) => {
    const { db, clock } = c.var.services;
    const t = c.var.t;
    const form = await readOfficeForm(c);
    const slug = consultationOf(c).slug;
    const row = await loadConsultation(c, slug);
    const now = clock();
    const values: SettingsValues = {
      title: field(form, 'title'),
      opens: field(form, 'opens'),
      closes: field(form, 'closes'),
      moderation: form.moderation === 'post' ? 'post' : 'pre',
      requireName: form.requireName === '1',
      documentKind: form.documentKind === 'rule' ? 'rule' : 'other',
      intakeLocal: field(form, 'intakeLocal').toLowerCase(),
      reminderDays: field(form, 'reminderDays'),
      contactPerson: field(form, 'contactPerson'),
      contactPhone: field(form, 'contactPhone'),
      contactEmail: field(form, 'contactEmail'),
    };
    const errors: FieldErrors = {};
    if (!values.title || length(values.title) > 200) errors.title = t('office.settings.error.title');

    // The window is set here only before publishing; afterwards it changes by extending or closing.
    let opensAt: Date | null = row.opens_at ? new Date(row.opens_at) : null;
    let closesAt: Date | null = row.closes_at ? new Date(row.closes_at) : null;
    if (row.state === 'draft') {
      opensAt = values.opens ? parseBeijingInput(values.opens, 'start') : null;
      closesAt = values.closes ? parseBeijingInput(values.closes, 'end') : null;
      if (values.opens && !opensAt) errors.opens = t('office.settings.error.opens');
      if (values.closes && !closesAt) errors.closes = t('office.settings.error.closes');
      if (!errors.opens && !errors.closes) {
        if (!values.opens !== !values.closes) errors[values.opens ? 'closes' : 'opens'] = t('office.settings.error.windowPair');
        else if (opensAt && closesAt && closesAt.getTime() <= opensAt.getTime()) errors.closes = t('office.settings.error.windowOrder');
      }
    }

    let intakeLocal: string | null = values.intakeLocal || null;
    if (intakeLocal === row.slug) intakeLocal = null;
    if (intakeLocal) {
      if (!INTAKE_PATTERN.test(intakeLocal)) errors.intakeLocal = t('office.settings.error.intakeFormat');
      else if (RESERVED_LOCAL_PARTS.has(intakeLocal)) errors.intakeLocal = t('office.settings.error.intakeReserved');
      else if (await isIntakeTaken(db, intakeLocal, row.id)) errors.intakeLocal = t('office.settings.error.intakeTaken', { local: intakeLocal });
    }
    const reminderDays = Number(values.reminderDays === '' ? '3' : values.reminderDays);
    if (!/^\d{1,2}$/.test(values.reminderDays || '3') || !Number.isInteger(reminderDays) || reminderDays < 0 || reminderDays > 60) {
      errors.reminderDays = t('office.settings.error.reminderDays');
    }
    if (length(values.contactPerson) > 50) errors.contactPerson = t('office.settings.error.tooLong', { max: 50 });
    if (length(values.contactPhone) > 50) errors.contactPhone = t('office.settings.error.tooLong', { max: 50 });
    if (values.contactEmail && (!EMAIL.test(values.contactEmail) || values.contactEmail.length > 254)) errors.contactEmail = t('office.settings.error.contactEmail');

    // A window shorter than usual is allowed, once the officer says so; asked again only when the
    // window or the document kind changes.
    const windowChanged =
      (opensAt?.toISOString() ?? null) !== row.opens_at || (closesAt?.toISOString() ?? null) !== row.closes_at || values.documentKind !== row.document_kind;
    const check = row.state === 'draft' && opensAt && closesAt && !errors.opens && !errors.closes ? checkWindowLength(values.documentKind as 'rule' | 'other', opensAt, closesAt) : null;
    const askConfirm = Boolean(check?.short && windowChanged);
    if (askConfirm && form.confirmShort !== '1') errors.confirmShort = t('office.settings.error.confirmShort');

    if (Object.values(errors).some(Boolean)) return sendHtml(c, await settingsPage(c, row, values, errors, askConfirm, null, check), 422);

    const next = {
      title: values.title,
      opens_at: opensAt?.toISOString() ?? null,
      closes_at: closesAt?.toISOString() ?? null,
      moderation: values.moderation as 'pre' | 'post',
      require_name: values.requireName ? 1 : 0,
      document_kind: values.documentKind as 'rule' | 'other',
      intake_local: intakeLocal,
      reminder_days: reminderDays,
      contact_person: values.contactPerson || null,
      contact_phone: values.contactPhone || null,
      contact_email: values.contactEmail || null,
    };
    const changed: Record<string, [unknown, unknown]> = {};
    for (const [key, value] of Object.entries(next)) {
      const before = row[key as keyof typeof next];
      if (before !== value) changed[key] = [before, value];
    }
    const me = signedInOfficer(c);
    const ok = await runGuarded(c, [
      guardedUpdateQuery(db.kysely, row.id, formVersion(form), { ...next, updated_at: now.toISOString() }),
      officeAudit(db.kysely, c, me.id, row.id, 'settings', { changed, ...(check?.short ? { windowShortConfirmed: askConfirm } : {}) }, now),
    ]);
    if (!ok) {
      const fresh = await loadConsultation(c, slug);
      return sendHtml(c, await settingsPage(c, fresh, values, {}, askConfirm, null, check, t('office.error.stale')), 409);
    }
    c.var.services.consultationChanged(slug);
    setFlash(c, t('office.settings.saved'));
    return c.redirect(consultationHref(slug, 'settings'), 303);
  });

async function freeSlug(db: AppContext['var']['services']['db'], base: string): Promise<string> {
  if (!(await isSlugTaken(db, base)) && !RESERVED_SLUGS.has(base) && !RESERVED_LOCAL_PARTS.has(base)) return base;
  for (let k = 2; ; k++) {
    const candidate = `${base.slice(0, 75)}-${k}`;
    if (!(await isSlugTaken(db, candidate))) return candidate;
  }
}

async function settingsPage(
  c: AppContext,
  row: Consultation,
  values: SettingsValues,
  errors: FieldErrors,
  askConfirm: boolean,
  flash: string | null,
  check = storedWindowCheck(row),
  status: string | null = null,
) {
  return (
    <SettingsPage
      ctx={await officeContext(c)}
      c={{ slug: row.slug, title: row.title, phase: consultationWindow(row).phase(c.var.services.clock()), state: row.state, version: row.version }}
      values={values}
      errors={errors}
      windowCheck={check}
      askConfirm={askConfirm}
      mailDomain={mailDomainOf(c)}
      noticeDates={noticeDatesLine(row, c.var.t)}
      flash={flash}
      status={status}
    />
  );
}
