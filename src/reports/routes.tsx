// Routes of the reports module: the office's feedback report and its downloads, the results form,
// and the public results page (征求意见结果).
import { PassThrough, Readable } from 'node:stream';
import { Hono } from 'hono';
import { auditQuery } from '../auth/audit.ts';
import { requireRole, ROLES } from '../auth/guards.ts';
import { clientIp, officeContext, readOfficeForm, setFlash, signedInOfficer, takeFlash } from '../auth/office.ts';
import type { Consultation } from '../db/schema.ts';
import { type AppContext, type AppEnv, pageContext, routeParam } from '../http/context.ts';
import { consultationOf } from '../http/consultation.ts';
import { AppError } from '../http/errors.ts';
import { pageNumber } from '../http/forms.ts';
import { sendHtml } from '../http/respond.ts';
import { formatDateTime } from '../lib/time.ts';
import { buildReport, decisionLabel, describeSubmitter, draftResultsStatement, type Grouping, ParagraphNames } from './build.ts';
import {
  countCommentersToNotify,
  countDecisions,
  countPublicResultComments,
  findReportConsultation,
  listPublicResultComments,
  loadReportInput,
  publishResults,
  requireClosed,
  toReportBlock,
} from './data.ts';
import { prepareReport } from './export.ts';
import { overviewParagraphs, overviewSections } from './formats/common.ts';
import { CONTENT_TYPES, isReportFormat, REPORT_FORMATS, reportFileName, writeReport } from './formats/index.ts';
import { maskPersonalData } from '../lib/mask.ts';
import { listBlocks } from '../drafts/store.ts';
import { consultationWindow } from '../drafts/window.ts';
import { ReportPage, ResultsFormPage } from '../../views/reports/office.tsx';
import { ResultsPage } from '../../views/reports/results.tsx';

export const RESULTS_PER_PAGE = 50;

async function requireConsultation(c: AppContext): Promise<Consultation> {
  const consultation = await findReportConsultation(c.var.services.db, consultationOf(c).slug);
  if (!consultation) throw new AppError(404, 'not_found', c.var.t('error.notFound.consultation'));
  return consultation;
}

function requireGrouping(c: AppContext): Grouping {
  const group = c.req.query('group');
  if (!group || group === 'none') return 'none';
  if (group === 'paragraph' || group === 'unit') return group;
  throw new AppError(400, 'bad_grouping', c.var.t('reports.error.unknownGrouping', { group }));
}

/** RFC 6266 / 5987: an ASCII fallback name, and the real (Chinese) name percent-encoded in UTF-8. */
function contentDisposition(asciiName: string, name: string): string {
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encoded}`;
}

async function renderResultsForm(c: AppContext, consultation: Consultation, options: { statement?: string; error?: string; flash?: string | null; status?: 200 | 422 } = {}) {
  const { statement = null, error = null } = options;
  const { db, clock } = c.var.services;
  const locale = c.var.locale;
  const [decisions, publicComments, toNotify] = await Promise.all([
    countDecisions(db, consultation.id),
    countPublicResultComments(db, consultation.id),
    countCommentersToNotify(db, consultation.id),
  ]);
  const total = Object.values(decisions).reduce((a, b) => a + b, 0);
  let blocked: string | null = null;
  try {
    requireClosed(consultation, clock(), locale);
  } catch (refusal) {
    if (!(refusal instanceof AppError)) throw refusal;
    blocked = refusal.message;
  }
  const ctx = await officeContext(c);
  return sendHtml(
    c,
    <ResultsFormPage
      ctx={ctx}
      slug={consultation.slug}
      title={consultation.title}
      statement={statement ?? consultation.results_statement ?? draftResultsStatement({ totals: { comments: total }, decisions }, locale)}
      error={error}
      blocked={blocked}
      publishedAt={consultation.results_published_at ? formatDateTime(consultation.results_published_at, locale) : null}
      decisions={decisions}
      total={total}
      publicComments={publicComments}
      toNotify={toNotify}
      publicHref={`/consultations/${consultation.slug}/results`}
      flash={options.flash ?? null}
      phase={consultationWindow(consultation).phase(clock())}
    />,
    options.status ?? 200,
  );
}

/** The office's report and results, mounted at /office/consultations/:slug. */
export const reportRoutes = new Hono<AppEnv>()
  .get('/report', requireRole(...ROLES.office), async (c) => {
    const { db, clock } = c.var.services;
    const consultation = await requireConsultation(c);
    const grouping = requireGrouping(c);
    const report = await buildReport(await loadReportInput(db, consultation, { locale: c.var.locale, now: clock(), grouping, collapseDuplicates: true }));
    const t = c.var.t;
    const query = grouping === 'none' ? '' : `?group=${grouping}`;
    const formats = REPORT_FORMATS.map((format) => ({
      format,
      label: t(`reports.format.${format}`),
      href: `/office/consultations/${consultation.slug}/report.${format}${query}`,
      note: null,
    }));
    const ctx = await officeContext(c);
    return sendHtml(
      c,
      <ReportPage
        ctx={ctx}
        slug={consultation.slug}
        title={consultation.title}
        paragraphs={overviewParagraphs(report)}
        sections={overviewSections(report)}
        grouping={grouping}
        formats={formats}
        resultsHref={`/office/consultations/${consultation.slug}/results`}
        phase={consultationWindow(consultation).phase(clock())}
      />,
    );
  })

  // /office/consultations/:slug/report.xlsx — written as a pattern because Hono's router, with the
  // office's other routes beside it, does not match `report.:format`. The format is read from the
  // path itself: a regular-expression parameter may match only a prefix of its segment.
  .get('/:file{report\\.csv|report\\.[^/]+}', requireRole(...ROLES.office), async (c) => {
    const { db, clock } = c.var.services;
    const t = c.var.t;
    const asked = c.req.path.slice(c.req.path.lastIndexOf('/') + 1).slice('report.'.length);
    const format = asked.toLowerCase();
    if (!isReportFormat(format)) throw new AppError(404, 'unknown_format', t('reports.error.unknownFormat', { format: asked }));
    const consultation = await requireConsultation(c);
    const grouping = requireGrouping(c);
    const now = clock();
    const report = await prepareReport(db, consultation, { format, locale: c.var.locale, now, grouping });
    await db.batch([
      auditQuery(
        db.kysely,
        {
          officerId: signedInOfficer(c).id,
          action: 'export',
          consultationId: consultation.id,
          targetType: 'report',
          detail: { format, grouping, comments: report.overview.totals.comments },
          ip: clientIp(c),
        },
        now,
      ),
    ]);
    // Streamed: the table is read from the database while the response is being sent.
    const body = new PassThrough();
    writeReport(format, report, body).catch((error: unknown) => {
      console.error(`report ${consultation.slug}.${format} failed:`, error);
      body.destroy(error instanceof Error ? error : new Error(String(error)));
    });
    return c.body(Readable.toWeb(body) as unknown as ReadableStream<Uint8Array>, 200, {
      'Content-Type': CONTENT_TYPES[format],
      'Content-Disposition': contentDisposition(`${consultation.slug}-report.${format}`, reportFileName(report, format)),
      'X-Content-Type-Options': 'nosniff',
    });
  })

  .get('/results', requireRole(...ROLES.office), async (c) => {
    const consultation = await requireConsultation(c);
    return renderResultsForm(c, consultation, { flash: takeFlash(c) });
  })

  .post('/results', requireRole(...ROLES.office), async (c) => {
    const services = c.var.services;
    const fields = await readOfficeForm(c);
    const consultation = await requireConsultation(c);
    const statement = fields.statement ?? '';
    const now = services.clock();
    const officer = signedInOfficer(c);
    let queued: number;
    try {
      ({ queued } = await publishResults(services.db, {
        consultationId: consultation.id,
        statement,
        officerId: officer.id,
        now,
        locale: c.var.locale,
        resultsUrl: `${services.settings.publicBaseUrl}/consultations/${consultation.slug}/results`,
        alsoQueries: [
          auditQuery(
            services.db.kysely,
            { officerId: officer.id, action: 'publish-results', consultationId: consultation.id, targetType: 'consultation', targetId: consultation.id, detail: { statement: statement.trim() }, ip: clientIp(c) },
            now,
          ),
        ],
      }));
    } catch (error) {
      if (error instanceof AppError && error.status === 422) return renderResultsForm(c, consultation, { statement, error: error.message, status: 422 });
      throw error;
    }
    services.consultationChanged(consultation.slug);
    setFlash(c, c.var.t('reports.form.published', { count: queued }));
    return c.redirect(`/office/consultations/${consultation.slug}/results`, 303);
  });

/** The public results page (征求意见结果), mounted at /consultations/:slug. */
export const publicResultRoutes = new Hono<AppEnv>()
  .get('/results', async (c) => {
    const { db } = c.var.services;
    const { t, locale } = c.var;
    const consultation = await findReportConsultation(db, routeParam(c, 'slug'));
    if (!consultation || consultation.state !== 'published') throw new AppError(404, 'not_found', t('error.notFound.consultation'));
    if (!consultation.results_published_at || !consultation.results_statement) {
      throw new AppError(404, 'results_not_published', t('reports.results.notYet'), { heading: t('reports.results.title') });
    }
    const total = await countPublicResultComments(db, consultation.id);
    const pages = Math.max(1, Math.ceil(total / RESULTS_PER_PAGE));
    const page = Math.min(pages, pageNumber(c.req.query('page')));
    const [rows, blocks] = await Promise.all([
      listPublicResultComments(db, { consultationId: consultation.id, limit: RESULTS_PER_PAGE, offset: (page - 1) * RESULTS_PER_PAGE }),
      listBlocks(db, consultation.id),
    ]);
    const names = new ParagraphNames(blocks.map(toReportBlock), locale, t);
    return sendHtml(
      c,
      <ResultsPage
        ctx={pageContext(c)}
        r={{
          slug: consultation.slug,
          title: consultation.title,
          issuer: consultation.issuer,
          statement: consultation.results_statement,
          publishedAt: formatDateTime(consultation.results_published_at, locale),
          counts: [],
          comments: rows.map((row) => ({
            clause: names.caption(row.block_id),
            submitter: describeSubmitter(row, t).submitter,
            body: maskPersonalData(row.body),
            decision: decisionLabel(t, row.decision),
            reason: row.decision_reason?.trim() ? maskPersonalData(row.decision_reason.trim()) : null,
          })),
          total,
          page,
          pages,
          perPage: RESULTS_PER_PAGE,
        }}
      />,
    );
  });
