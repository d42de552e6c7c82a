// The structure editor's routes: the draft's blocks with the import report, one block's edit and
// split forms, and the one POST that applies a correction (./corrections.ts): a full page
// reload, or with htmx a swap of #structure-editor, rendered by the same component either way.
import { Hono } from 'hono';
import { requireRole, ROLES } from '../auth/guards.ts';
import { actorOf, officeContext, setFlash, signedInOfficer, takeFlash } from '../auth/office.ts';
import type { Consultation } from '../db/schema.ts';
import { consultationOf } from '../http/consultation.ts';
import type { AppContext, AppEnv } from '../http/context.ts';
import { AppError } from '../http/errors.ts';
import { officeForm } from '../http/forms.ts';
import { fragment, pageOrFragment, wantsFragment } from '../http/respond.ts';
import type { MessageKey } from '../lib/i18n.ts';
import { consultationHref } from '../../views/office/consultation-nav.tsx';
import type { BlockFormValues, StructureBlockView, StructureView } from '../../views/office/models.ts';
import { BlockForms, BlockPage, StructureEditor, StructurePage } from '../../views/office/structure.tsx';
import { type CorrectionRefusal, correctStructure, type StructureAction, type StructureChange } from './corrections.ts';
import { type BlockChangeRefusal, saveBlockChange } from './changes.ts';
import { blockNoteForm, structureForm } from './forms.ts';
import { presentStructure } from './present.ts';
import { currentConsultation } from './request.ts';

const DONE: Record<StructureAction, MessageKey> = {
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

/** Refusals that say the page is out of date rather than that the input is wrong. */
const CONFLICTS = new Set<CorrectionRefusal>(['notDraft', 'unknownLine', 'unknown-block', 'stale']);

function refusalMessage(c: AppContext, code: CorrectionRefusal): string {
  return c.var.t(code === 'stale' ? 'office.error.stale' : `office.structure.error.${code}`);
}

function structureView(c: AppContext, row: Consultation, noteError: { key: string; message: string } | null = null): Promise<StructureView> {
  return presentStructure(c.var.services.db, row, { now: c.var.services.clock(), t: c.var.t, locale: c.var.locale, canEdit: signedInOfficer(c).role !== 'moderator', noteError });
}

/** The editor: the page, or the piece htmx swaps. */
async function renderEditor(
  c: AppContext,
  row: Consultation,
  said: { message: string | null; error: string | null },
  status: 200 | 409 | 422 = 200,
  noteError: { key: string; message: string } | null = null,
) {
  const ctx = await officeContext(c);
  const view = await structureView(c, row, noteError);
  return pageOrFragment(c, <StructureEditor ctx={ctx} view={view} message={said.message} error={said.error} />, (editor) => <StructurePage ctx={ctx} view={view} editor={editor} />, status);
}

/** One block's edit and split forms: a page of their own, or the piece htmx puts in the block's slot. */
async function renderBlockForms(c: AppContext, view: StructureView, entry: StructureBlockView, values: BlockFormValues, errors: { edit?: string; split?: string }, status: 200 | 422 = 200) {
  const ctx = await officeContext(c);
  return pageOrFragment(c, <BlockForms ctx={ctx} view={view} entry={entry} values={values} errors={errors} />, (forms) => <BlockPage ctx={ctx} view={view} entry={entry} forms={forms} />, status);
}

function changeOf(data: { action: StructureAction; key: string; label: string; title: string; text: string; parts: string; line: number; depth: number }): StructureChange {
  switch (data.action) {
    case 'level-raise':
    case 'level-lower':
      return { action: data.action, depth: data.depth };
    case 'edit':
      return { action: 'edit', key: data.key, label: data.label, title: data.title, text: data.text };
    case 'split':
      return { action: 'split', key: data.key, parts: data.parts };
    case 'restore':
      return { action: 'restore', line: data.line };
    default:
      return { action: data.action, key: data.key };
  }
}

const NOTE_REFUSALS: Record<BlockChangeRefusal, MessageKey> = {
  noRevision: 'office.version.error.noRevision',
  unknownBlock: 'office.correspond.error.unknownBlock',
  unknownSource: 'office.correspond.error.unknownSource',
  reasonTooLong: 'office.correspond.error.reasonTooLong',
  stale: 'office.error.stale',
};

export const structureRoutes = new Hono<AppEnv>()
  .get('/', requireRole(...ROLES.moderate), async (c) => {
    return renderEditor(c, consultationOf(c), { message: takeFlash(c), error: null });
  })

  .get('/blocks/:key', requireRole(...ROLES.office), async (c) => {
    const row = consultationOf(c);
    const t = c.var.t;
    const view = await structureView(c, row);
    // Only the text being prepared is corrected: version 1 before publishing, or a revision.
    if (!view.editable) throw new AppError(409, 'not_draft', t('office.structure.error.notDraft'));
    const entry = view.entries.find((e) => e.key === c.req.param('key'));
    if (!entry) throw new AppError(404, 'not_found', t('office.structure.error.unknown-block'));
    return renderBlockForms(c, view, entry, { label: entry.label ?? '', title: entry.title ?? '', text: entry.text ?? '', split: entry.text ?? '' }, {});
  })

  // The office's note on one block of a revision: its sources by hand (or as computed), its reason.
  .post('/changes', requireRole(...ROLES.office), async (c) => {
    const t = c.var.t;
    const form = await officeForm(c, blockNoteForm);
    const key = form.values.key ?? '';
    const refuse = async (status: 409 | 422, message: string) => {
      const row = await currentConsultation(c);
      return renderEditor(c, row, { message: null, error: null }, status, { key, message });
    };
    if (!form.ok) return refuse(422, form.errors.reason ?? t('form.invalidValue'));
    const { data } = form;
    const result = await saveBlockChange(c.var.services, {
      consultation: consultationOf(c),
      version: data.version,
      revision: data.revision,
      key: data.key,
      removed: data.removed,
      sources: data.mode === 'manual' ? data.sources : null,
      reason: data.reason,
      actor: actorOf(c),
    });
    if (!result.ok) return refuse(result.code === 'stale' || result.code === 'unknownBlock' || result.code === 'noRevision' ? 409 : 422, t(NOTE_REFUSALS[result.code], result.params));
    if (wantsFragment(c)) {
      const view = await structureView(c, await currentConsultation(c));
      return fragment(c, <StructureEditor ctx={await officeContext(c)} view={view} message={t('office.correspond.saved')} error={null} />);
    }
    setFlash(c, t('office.correspond.saved'));
    return c.redirect(`${consultationHref(consultationOf(c).slug, 'structure')}#${data.removed ? 'removed' : 'block'}-${data.key}`, 303);
  })

  .post('/', requireRole(...ROLES.office), async (c) => {
    const t = c.var.t;
    const form = await officeForm(c, structureForm);
    const { action = '', key = '' } = form.values;
    const values: BlockFormValues = { label: form.values.label ?? '', title: form.values.title ?? '', text: form.values.text ?? '', split: form.values.parts ?? '' };

    const refuse = async (status: 409 | 422, message: string) => {
      const row = await currentConsultation(c);
      const view = await structureView(c, row);
      const entry = view.entries.find((e) => e.key === key);
      // A refused edit or split comes back as its own form with what the officer typed.
      if ((action === 'edit' || action === 'split') && entry && view.editable && status === 422) {
        if (wantsFragment(c)) {
          c.header('HX-Retarget', `#slot-${entry.key}`);
          c.header('HX-Reswap', 'innerHTML');
        }
        return renderBlockForms(c, view, entry, values, action === 'edit' ? { edit: message } : { split: message }, status);
      }
      return renderEditor(c, row, { message: null, error: message }, status);
    };

    if (!form.ok) {
      if (form.errors.action) throw new AppError(400, 'bad_action', t('error.badRequest'));
      return refuse(422, form.errors.text ?? form.errors.title ?? t('form.invalidValue'));
    }
    const change = changeOf(form.data);
    const result = await correctStructure(c.var.services, { consultation: consultationOf(c), version: form.data.version, change, actor: actorOf(c) });
    if (!result.ok) return refuse(CONFLICTS.has(result.code) ? 409 : 422, refusalMessage(c, result.code));

    if (wantsFragment(c)) {
      const view = await structureView(c, await currentConsultation(c));
      return fragment(c, <StructureEditor ctx={await officeContext(c)} view={view} message={t(DONE[result.action])} error={null} />);
    }
    setFlash(c, t(DONE[result.action]));
    return c.redirect(`${consultationHref(consultationOf(c).slug, 'structure')}${result.anchor ? `#block-${result.anchor}` : ''}`, 303);
  });
