// The structure editor's routes: the draft's blocks with the import report, one block's edit and
// split forms, and the one POST that applies a correction (full page reload, or an htmx swap of
// #structure-editor).
import { Hono } from 'hono';
import { requireRole, ROLES } from '../auth/guards.ts';
import { officeContext, readOfficeForm, setFlash, signedInOfficer, takeFlash } from '../auth/office.ts';
import type { Consultation } from '../db/schema.ts';
import { consultationReport, listBlocks } from '../drafts/store.ts';
import { consultationWindow } from '../drafts/window.ts';
import { type AppContext, type AppEnv } from '../http/context.ts';
import { consultationOf } from '../http/consultation.ts';
import { AppError } from '../http/errors.ts';
import { sendHtml, wantsFragment } from '../http/respond.ts';
import type { MessageKey } from '../lib/i18n.ts';
import { consultationHref } from '../../views/office/consultation-nav.tsx';
import { BlockForms, type BlockFormValues, BlockPage, StructureEditor, StructurePage, type StructureView } from '../../views/office/structure.tsx';
import { officeAudit } from './audit.ts';
import { length } from './forms.ts';
import { formVersion, loadConsultation, runGuarded } from './routes.tsx';
import { blocksToOutline, countCommentsOnBlocks, guardedUpdateQuery, reportWithStats, rewriteBlocksQueries } from './store.ts';
import { importMessageZh } from '../lib/messages/import.ts';
import { applyCorrection, type Correction, CorrectionError, deletedText, type OutlineEntry, outlineStats, removedEntries } from './structure.ts';

const MAX_BLOCK_TEXT = 20_000;
const MAX_BLOCK_LINE = 500;

async function structureView(c: AppContext, row: Consultation): Promise<StructureView> {
  const t = c.var.t;
  const role = signedInOfficer(c).role;
  const { db, clock } = c.var.services;
  const entries = blocksToOutline(await listBlocks(db, row.id));
  const meta = JSON.parse(row.meta_json || '{}') as { publishedDate?: string | null; deadline?: string | null };
  const readOnlyReason = row.state !== 'draft' ? t('office.structure.readOnly') : role === 'moderator' ? t('office.structure.readOnlyModerator') : null;
  return {
    slug: row.slug,
    title: row.title,
    phase: consultationWindow(row).phase(clock()),
    version: row.version,
    editable: readOnlyReason === null,
    readOnlyReason,
    entries,
    report: consultationReport(row),
    noticeDates: { published: meta.publishedDate ?? null, deadline: meta.deadline ?? null },
  };
}

function blockValues(entry: OutlineEntry): BlockFormValues {
  return { label: entry.label ?? '', title: entry.title ?? '', text: entry.text ?? '', split: entry.text ?? '' };
}

type Action = 'merge' | 'indent' | 'outdent' | 'to-heading' | 'to-paragraph' | 'edit' | 'split' | 'restore' | 'delete' | 'level-raise' | 'level-lower';
const ACTIONS = new Set<Action>(['merge', 'indent', 'outdent', 'to-heading', 'to-paragraph', 'edit', 'split', 'restore', 'delete', 'level-raise', 'level-lower']);
const DONE: Record<Action, MessageKey> = {
  merge: 'office.structure.done.merge',
  indent: 'office.structure.done.indent',
  outdent: 'office.structure.done.outdent',
  'to-heading': 'office.structure.done.kind',
  'to-paragraph': 'office.structure.done.kind',
  edit: 'office.structure.done.edit',
  split: 'office.structure.done.split',
  restore: 'office.structure.done.restore',
  delete: 'office.structure.done.delete',
  'level-raise': 'office.structure.done.level',
  'level-lower': 'office.structure.done.level',
};

/** A refusal the officer can act on: worded, with the form's values where they typed some. */
class Refusal extends Error {
  constructor(
    readonly status: 409 | 422,
    message: string,
  ) {
    super(message);
  }
}

export const structureRoutes = new Hono<AppEnv>()
  .get('/', requireRole(...ROLES.moderate), async (c) => {
    const row = await loadConsultation(c, consultationOf(c).slug);
    const ctx = await officeContext(c);
    const view = await structureView(c, row);
    const flash = takeFlash(c);
    if (wantsFragment(c)) return sendHtml(c, <StructureEditor ctx={ctx} view={view} message={flash} error={null} />, 200, true);
    return sendHtml(c, <StructurePage ctx={ctx} view={view} flash={flash} error={null} />);
  })

  .get('/blocks/:key', requireRole(...ROLES.office), async (c) => {
    const row = await loadConsultation(c, consultationOf(c).slug);
    const t = c.var.t;
    if (row.state !== 'draft') throw new AppError(409, 'not_draft', t('office.structure.error.notDraft'));
    const view = await structureView(c, row);
    const entry = view.entries.find((e) => e.key === c.req.param('key'));
    if (!entry) throw new AppError(404, 'not_found', t('office.structure.error.unknown-block'));
    const ctx = await officeContext(c);
    if (wantsFragment(c)) return sendHtml(c, <BlockForms ctx={ctx} view={view} entry={entry} values={blockValues(entry)} errors={{}} />, 200, true);
    return sendHtml(c, <BlockPage ctx={ctx} view={view} entry={entry} values={blockValues(entry)} errors={{}} />);
  })

  .post('/', requireRole(...ROLES.office), async (c) => {
    const { db, clock } = c.var.services;
    const t = c.var.t;
    const form = await readOfficeForm(c);
    const slug = consultationOf(c).slug;
    const row = await loadConsultation(c, slug);
    const action = (form.action ?? '') as Action;
    const key = form.key ?? '';
    const htmx = wantsFragment(c);
    const values: BlockFormValues = { label: form.label ?? '', title: form.title ?? '', text: form.text ?? '', split: form.parts ?? '' };

    const refuse = async (refusal: Refusal) => {
      const fresh = await loadConsultation(c, slug);
      const view = await structureView(c, fresh);
      const ctx = await officeContext(c);
      const entry = view.entries.find((e) => e.key === key);
      // A refused edit or split comes back as its own form with what the officer typed.
      if ((action === 'edit' || action === 'split') && entry && view.editable && refusal.status === 422) {
        const errors = action === 'edit' ? { edit: refusal.message } : { split: refusal.message };
        if (htmx) {
          c.header('HX-Retarget', `#slot-${entry.key}`);
          c.header('HX-Reswap', 'innerHTML');
          return sendHtml(c, <BlockForms ctx={ctx} view={view} entry={entry} values={values} errors={errors} />, refusal.status, true);
        }
        return sendHtml(c, <BlockPage ctx={ctx} view={view} entry={entry} values={values} errors={errors} />, refusal.status);
      }
      if (htmx) return sendHtml(c, <StructureEditor ctx={ctx} view={view} message={null} error={refusal.message} />, refusal.status, true);
      return sendHtml(c, <StructurePage ctx={ctx} view={view} flash={null} error={refusal.message} />, refusal.status);
    };

    try {
      if (row.state !== 'draft') throw new Refusal(409, t('office.structure.error.notDraft'));
      if (!ACTIONS.has(action)) throw new AppError(400, 'bad_action', t('error.badRequest'));
      const report = consultationReport(row);
      let correction: Correction;
      let nextReport = report;
      switch (action) {
        case 'merge':
        case 'indent':
        case 'outdent':
          correction = { type: action, key };
          break;
        case 'to-heading':
        case 'to-paragraph':
          correction = { type: 'kind', key, kind: action === 'to-heading' ? 'heading' : 'paragraph' };
          break;
        case 'edit':
          if (length(values.text) > MAX_BLOCK_TEXT) throw new Refusal(422, t('office.structure.error.textTooLong', { max: MAX_BLOCK_TEXT }));
          if (length(values.title) > MAX_BLOCK_LINE || length(values.label) > 30) throw new Refusal(422, t('office.structure.error.textTooLong', { max: MAX_BLOCK_LINE }));
          correction = { type: 'edit', key, label: values.label, title: values.title, text: values.text };
          break;
        case 'split':
          correction = { type: 'split', key, parts: values.split.replace(/\r\n?/g, '\n').split(/\n[ \t\u3000]*\n/) };
          break;
        case 'delete':
          correction = { type: 'delete', key };
          break;
        case 'level-raise':
        case 'level-lower': {
          const depth = Number(form.depth);
          if (!Number.isInteger(depth) || depth < 0 || depth > 6) throw new AppError(400, 'bad_depth', t('error.badRequest'));
          correction = { type: 'level', depth, direction: action === 'level-raise' ? 'raise' : 'lower' };
          break;
        }
        case 'restore': {
          const line = Number(form.line);
          const item = report.setAside.find((s) => s.line === line);
          if (!item) throw new Refusal(409, t('office.structure.error.unknownLine'));
          correction = { type: 'restore', line, text: item.text };
          nextReport = { ...report, setAside: report.setAside.filter((s) => s !== item) };
          break;
        }
      }

      const blocks = await listBlocks(db, row.id);
      let after: OutlineEntry[];
      try {
        after = applyCorrection(blocksToOutline(blocks), correction);
      } catch (error) {
        if (error instanceof CorrectionError) throw new Refusal(error.code === 'unknown-block' ? 409 : 422, t(`office.structure.error.${error.code}`));
        throw error;
      }
      if (correction.type === 'delete') {
        // A deleted block's text goes to the import report, where it can be restored like any set-aside line.
        const deleted = removedEntries(blocksToOutline(blocks), after).map((entry) => ({
          line: entry.sourceLine ?? 0,
          text: deletedText(entry),
          code: 'deleted-block',
          message: importMessageZh('import.setAside.deleted-block'),
        }));
        nextReport = { ...report, setAside: [...report.setAside, ...deleted].sort((a, b) => a.line - b.line) };
      }
      const kept = new Set(after.map((e) => e.id));
      const removed = blocks.filter((b) => !kept.has(b.id)).map((b) => b.id);
      if ((await countCommentsOnBlocks(db, removed)) > 0) throw new Refusal(422, t('office.structure.error.hasComments'));

      const now = clock();
      const me = signedInOfficer(c);
      const ok = await runGuarded(c, [
        guardedUpdateQuery(db.kysely, row.id, formVersion(form), { import_report_json: JSON.stringify(reportWithStats(nextReport, outlineStats(after))), updated_at: now.toISOString() }),
        ...rewriteBlocksQueries(db.kysely, row.id, blocks, after),
        officeAudit(db.kysely, c, me.id, row.id, 'correct-structure', { action, ...(action === 'restore' ? { line: Number(form.line) } : action.startsWith('level-') ? { depth: Number(form.depth) } : { key }), blocks: after.length }, now),
      ]);
      if (!ok) throw new Refusal(409, t('office.error.stale'));
      c.var.services.consultationChanged(slug);

      const anchor = action === 'restore' ? after.find((e) => e.sourceLine === Number(form.line) && e.id === null)?.key : key;
      if (htmx) {
        const fresh = await loadConsultation(c, slug);
        return sendHtml(c, <StructureEditor ctx={await officeContext(c)} view={await structureView(c, fresh)} message={t(DONE[action])} error={null} />, 200, true);
      }
      setFlash(c, t(DONE[action]));
      return c.redirect(`${consultationHref(slug, 'structure')}${anchor ? `#block-${anchor}` : ''}`, 303);
    } catch (error) {
      if (error instanceof Refusal) return refuse(error);
      throw error;
    }
  });
