// Routes of the reports module: the office's feedback report and its downloads, the results form,
// and the public results page (征求意见结果).
import { Hono } from 'hono';
import { z } from 'zod';
import { auditQuery } from '../auth/audit.ts';
import { requireRole, ROLES } from '../auth/guards.ts';
import { actorOf, clientIp, officeContext, setFlash, signedInOfficer, takeFlash } from '../auth/office.ts';
import type { Consultation } from '../db/schema.ts';
import { type AppContext, type AppEnv, pageContext, routeParam } from '../http/context.ts';
import { consultationOf } from '../http/consultation.ts';
import { attachmentHeaders } from '../http/download.ts';
import { AppError } from '../http/errors.ts';
import { officeForm, pageNumber, positiveInt } from '../http/forms.ts';
import { page } from '../http/respond.ts';
import { formatDateTime } from '../lib/time.ts';
import { buildReport, decisionLabel, describeSubmitter, draftResultsStatement, type Grouping, ParagraphNames } from './build.ts';
import { countDecisions, countPublicResultComments, findReportConsultation, findReportVersion, listPublicResultComments, loadReportInput, toReportBlock } from './data.ts';
import { prepareReport } from './export.ts';
import { overviewParagraphs, overviewSections, signOff } from './formats/common.ts';
import { CONTENT_TYPES, isReportFormat, REPORT_FORMATS, reportFileName, reportStream } from './formats/index.ts';
import { maskPersonalData } from '../lib/mask.ts';
import { listBlocks, listVersionBlocks } from '../drafts/store.ts';
import { consultationWindow } from '../drafts/window.ts';
import { ReportPage, ResultsFormPage } from '../../views/reports/office.tsx';
import { ResultsPage } from '../../views/reports/results.tsx';
import { countSendersToNotify, publishResults, type ResultsRefusal, resultsBlocked, STATEMENT_MAX } from './results.ts';

export const RESULTS_PER_PAGE = 50;

const resultsForm = z.object({ statement: z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string()) });

function refusalText(c: AppContext, code: ResultsRefusal, consultation: Consultation): string {
  const { t, locale } = c.var;
  switch (code) {
    case 'statementRequired':
      return t('reports.error.statementRequired');
    case 'statementTooLong':
      return t('reports.error.statementTooLong', { max: STATEMENT_MAX });
    case 'notPublished':
      return t('reports.error.notPublished');
    case 'notClosed': {
      const closes = consultationWindow(consultation).closesAt;
      return t('reports.error.notClosed', { closes: closes ? formatDateTime(closes, locale) : '—' });
    }
  }
}

function requireGrouping(c: AppContext): Grouping {
  const group = c.req.query('group');
  if (!group || group === 'none') return 'none';
  if (group === 'paragraph' || group === 'unit') return group;
  throw new AppError(400, 'bad_grouping', c.var.t('reports.error.unknownGrouping', { group }));
}

async function renderResultsForm(c: AppContext, consultation: Consultation, options: { statement?: string; error?: string; flash?: string | null; status?: 200 | 422 } = {}) {
  const { statement = null, error = null } = options;
  const { db, clock } = c.var.services;
  const locale = c.var.locale;
  // With several versions, the results are the current round's.
  const versionId = (await findReportVersion(db, consultation))?.id ?? null;
  const [decisions, publicComments, toNotify] = await Promise.all([
    countDecisions(db, consultation.id, { versionId }),
    countPublicResultComments(db, consultation.id, versionId),
    countSendersToNotify(db, consultation.id),
  ]);
  const total = Object.values(decisions).reduce((a, b) => a + b, 0);
  const blockedCode = resultsBlocked(consultation, clock());
  const blocked = blockedCode ? refusalText(c, blockedCode, consultation) : null;
  const ctx = await officeContext(c);
  return page(
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
    const consultation = consultationOf(c);
    const grouping = requireGrouping(c);
    const version = await findReportVersion(db, consultation, positiveInt(c.req.query('version')));
    const report = await buildReport(await loadReportInput(db, consultation, { locale: c.var.locale, now: clock(), grouping, collapseDuplicates: true, version }));
    const t = c.var.t;
    const params = new URLSearchParams();
    if (grouping !== 'none') params.set('group', grouping);
    if (version && c.req.query('version')) params.set('version', String(version.number));
    const query = params.size ? `?${params}` : '';
    const formats = REPORT_FORMATS.map((format) => ({
      format,
      label: t(`reports.format.${format}`),
      href: `/office/consultations/${consultation.slug}/report.${format}${query}`,
      note: null,
    }));
    const ctx = await officeContext(c);
    return page(
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
        signOff={signOff(report)}
        settingsHref={`/office/consultations/${consultation.slug}/settings`}
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
    const consultation = consultationOf(c);
    const grouping = requireGrouping(c);
    const now = clock();
    const version = await findReportVersion(db, consultation, positiveInt(c.req.query('version')));
    const report = await prepareReport(db, consultation, { format, locale: c.var.locale, now, grouping, version });
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
    // Streamed: the table is read from the database as the response is sent, no faster.
    const body = reportStream(format, report, (error) => console.error(`report ${consultation.slug}.${format} failed:`, error));
    return c.body(
      body,
      200,
      attachmentHeaders({ filename: reportFileName(report, format), contentType: CONTENT_TYPES[format], asciiFilename: `${consultation.slug}-report.${format}` }),
    );
  })

  .get('/results', requireRole(...ROLES.office), async (c) => {
    return renderResultsForm(c, consultationOf(c), { flash: takeFlash(c) });
  })

  .post('/results', requireRole(...ROLES.office), async (c) => {
    const services = c.var.services;
    const form = await officeForm(c, resultsForm);
    const consultation = consultationOf(c);
    const statement = form.values.statement ?? '';
    const result = await publishResults(services, {
      consultation,
      statement,
      actor: actorOf(c),
      resultsUrl: `${services.settings.publicBaseUrl}/consultations/${consultation.slug}/results`,
    });
    if (!result.ok) {
      const message = refusalText(c, result.code, consultation);
      if (result.code === 'notClosed' || result.code === 'notPublished') throw new AppError(409, result.code === 'notClosed' ? 'not_closed' : 'not_published', message);
      return renderResultsForm(c, consultation, { statement, error: message, status: 422 });
    }
    services.consultationChanged(consultation.slug);
    setFlash(c, c.var.t('reports.form.published', { count: result.queued }));
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
    // With several versions, the results are the current round's, named by its text.
    const version = await findReportVersion(db, consultation);
    const total = await countPublicResultComments(db, consultation.id, version?.id ?? null);
    const pages = Math.max(1, Math.ceil(total / RESULTS_PER_PAGE));
    const current = Math.min(pages, pageNumber(c.req.query('page')));
    const href = (n: number) => `/consultations/${consultation.slug}/results${n > 1 ? `?page=${n}` : ''}#yj-result-comments`;
    const [rows, blocks] = await Promise.all([
      listPublicResultComments(db, { consultationId: consultation.id, limit: RESULTS_PER_PAGE, offset: (current - 1) * RESULTS_PER_PAGE, versionId: version?.id ?? null }),
      version ? listVersionBlocks(db, version.id) : listBlocks(db, consultation.id),
    ]);
    const names = new ParagraphNames(blocks.map(toReportBlock), locale, t);
    return page(
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
          pager: { page: current, pages, prevHref: current > 1 ? href(current - 1) : null, nextHref: current < pages ? href(current + 1) : null },
          perPage: RESULTS_PER_PAGE,
        }}
      />,
    );
  });
