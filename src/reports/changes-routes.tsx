// The 修改对照表 in the office (/office/consultations/:slug/changes): the page, print-friendly, and
// its downloads (/changes.json, .docx, .xlsx, .html), each audited. The newest revision by
// default, or ?version=N against the version before it.
import { Hono } from 'hono';
import { auditQuery } from '../auth/audit.ts';
import { requireRole, ROLES } from '../auth/guards.ts';
import { clientIp, officeContext, signedInOfficer } from '../auth/office.ts';
import { listVersions } from '../drafts/store.ts';
import { consultationOf } from '../http/consultation.ts';
import type { AppContext, AppEnv } from '../http/context.ts';
import { attachmentHeaders } from '../http/download.ts';
import { AppError } from '../http/errors.ts';
import { positiveInt } from '../http/forms.ts';
import { page } from '../http/respond.ts';
import { presentHead } from '../office/present.ts';
import { ChangesPage } from '../../views/reports/changes.tsx';
import type { ChangesView } from '../../views/office/models.ts';
import { decisionLabel } from './build.ts';
import type { ChangesTable } from './build-changes.ts';
import { findRevisionFor, loadChangesTable } from './changes-data.ts';
import { CHANGES_CONTENT_TYPES, CHANGES_FORMATS, changesFileName, changesStream, isChangesFormat, summaryLine } from './formats/changes.ts';

async function requireTable(c: AppContext): Promise<{ table: ChangesTable; number: number }> {
  const { db, clock } = c.var.services;
  const t = c.var.t;
  const consultation = consultationOf(c);
  const asked = c.req.query('version');
  const number = asked === undefined ? undefined : (positiveInt(asked) ?? -1);
  const revision = await findRevisionFor(db, consultation, number);
  if (!revision) throw new AppError(404, 'no_revision', number === undefined ? t('changes.error.noRevision') : t('changes.error.unknownVersion', { number: asked ?? '' }));
  const table = await loadChangesTable(db, consultation, revision, { locale: c.var.locale, now: clock() });
  if (!table) throw new AppError(404, 'no_revision', t('changes.error.noRevision'));
  return { table, number: revision.number };
}

export const changesRoutes = new Hono<AppEnv>()
  .get('/changes', requireRole(...ROLES.office), async (c) => {
    const { table, number } = await requireTable(c);
    const consultation = consultationOf(c);
    const t = c.var.t;
    const rows: ChangesView['rows'] = [];
    for await (const group of table.groups()) {
      rows.push({
        index: group.index,
        change: group.change,
        changeLabel: group.changeLabel,
        before: group.before,
        after: group.after,
        reason: group.reason,
        reasonDrafted: group.reasonDrafted,
        comments: group.comments.map((x) => t('changes.comment', { number: x.trackingNumber, decision: decisionLabel(t, x.decision) })),
      });
    }
    const base = `/office/consultations/${encodeURIComponent(consultation.slug)}`;
    const versions = (await listVersions(c.var.services.db, consultation.id)).filter((v) => v.number > 1);
    const view: ChangesView = {
      ...presentHead(consultation, c.var.services.clock()),
      tableTitle: table.title,
      subtitle: table.subtitle,
      summary: summaryLine(table),
      headers: { index: table.headers.index, before: table.headers.before, after: table.headers.after, reason: table.headers.reason },
      rows,
      downloads: CHANGES_FORMATS.map((format) => ({ label: t(`changes.format.${format}`), href: `${base}/changes.${format}?version=${number}` })),
      versions: versions.map((v) => ({ number: v.number, href: `${base}/changes?version=${v.number}`, current: v.number === number })),
    };
    return page(c, <ChangesPage ctx={await officeContext(c)} view={view} />);
  })

  // Written as a pattern, like the report's downloads: Hono does not match `changes.:format` here.
  .get('/:file{changes\\.json|changes\\.[^/]+}', requireRole(...ROLES.office), async (c) => {
    const t = c.var.t;
    const asked = c.req.path.slice(c.req.path.lastIndexOf('/') + 1).slice('changes.'.length);
    const format = asked.toLowerCase();
    if (!isChangesFormat(format)) throw new AppError(404, 'unknown_format', t('changes.error.unknownFormat', { format: asked }));
    const { db, clock } = c.var.services;
    const consultation = consultationOf(c);
    const { table, number } = await requireTable(c);
    await db.batch([
      auditQuery(
        db.kysely,
        { officerId: signedInOfficer(c).id, action: 'export', consultationId: consultation.id, targetType: 'changes', detail: { format, version: number }, ip: clientIp(c) },
        clock(),
      ),
    ]);
    const body = changesStream(format, table, (error) => console.error(`changes ${consultation.slug}.${format} failed:`, error));
    return c.body(
      body,
      200,
      attachmentHeaders({ filename: changesFileName(table, format), contentType: CHANGES_CONTENT_TYPES[format], asciiFilename: `${consultation.slug}-v${number}-changes.${format}` }),
    );
  });
