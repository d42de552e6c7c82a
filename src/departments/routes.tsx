// The unit directory in the office (/office/units, admins and officers): the units with their
// addresses, the upload of a `name,email` file (checked, then imported: the same command as
// `npm run units:import`), and renaming and merging units. Refusals are worded next to their field.
import { Hono } from 'hono';
import { z } from 'zod';
import { requireRole, ROLES } from '../auth/guards.ts';
import { actorOf, officeContext, setFlash, takeFlash } from '../auth/office.ts';
import { limitBody } from '../http/body-limit.ts';
import type { AppContext, AppEnv } from '../http/context.ts';
import { AppError } from '../http/errors.ts';
import { officeForm, oneOf, positiveInt, text } from '../http/forms.ts';
import { page } from '../http/respond.ts';
import { DIRECTORY, DirectoryPage } from '../../views/departments/directory.tsx';
import type { DirectoryImportView, DirectoryRefusal, DirectoryView } from '../../views/departments/models.ts';
import { importUnitDirectory, listDirectory, mergeUnits, renameUnit } from './directory.ts';
import { fileProblemText, planWords, rowProblemText } from './directory-words.ts';

const MAX_FILE_BYTES = 5 * 1024 * 1024;

async function render(c: AppContext, extra: Partial<DirectoryView> = {}, status: 200 | 409 | 422 = 200, flash: string | null = null) {
  const units = await listDirectory(c.var.services.db);
  const view: DirectoryView = { units, import: null, fileError: null, refusal: null, ...extra };
  return page(c, <DirectoryPage ctx={await officeContext(c)} view={view} flash={flash} />, status);
}

function unitIdOf(c: AppContext): number {
  const id = positiveInt(c.req.param('id'));
  if (!id) throw new AppError(404, 'not_found', c.var.t('departments.directory.error.not_found'));
  return id;
}

const importForm = z.object({
  mode: oneOf(['check', 'import']),
  file: z.unknown().transform((v) => (Array.isArray(v) ? v[0] : v)),
});

const renameForm = z.object({ name: text(200) });
const mergeForm = z.object({ into: text(200) });

const unitHref = (id: number) => `${DIRECTORY}#unit-${id}`;

export const directoryRoutes = new Hono<AppEnv>()
  .get('/', requireRole(...ROLES.office), async (c) => render(c, {}, 200, takeFlash(c)))

  .post(
    '/import',
    requireRole(...ROLES.office),
    limitBody(MAX_FILE_BYTES + 64 * 1024, (c) => c.var.t('departments.directory.error.tooLarge', { mb: MAX_FILE_BYTES / 1024 / 1024 })),
    async (c) => {
      const t = c.var.t;
      const form = await officeForm(c, importForm);
      const file = form.ok ? form.data.file : null;
      if (!form.ok || !(file instanceof File) || file.size === 0) return render(c, { fileError: t('departments.directory.error.noFile') }, 422);
      const dryRun = form.data.mode === 'check';
      const outcome = await importUnitDirectory(c.var.services, { bytes: new Uint8Array(await file.arrayBuffer()), fileName: file.name, dryRun, actor: actorOf(c) });
      const result: DirectoryImportView = { fileName: file.name, applied: false, charset: null, summary: null, changes: [], errors: [] };
      if (!outcome.ok) {
        result.errors =
          outcome.code === 'bad-file' ? [fileProblemText(outcome.file, t)] : outcome.code === 'bad-rows' ? outcome.rows.map((row) => rowProblemText(row, t)) : [t('departments.directory.error.changed')];
        return render(c, { import: result }, outcome.code === 'changed' ? 409 : 422);
      }
      const words = planWords(outcome.plan, t);
      return render(c, { import: { ...result, applied: outcome.applied, charset: outcome.plan.charset, summary: words.summary, changes: words.changes } });
    },
  )

  .post('/:id/rename', requireRole(...ROLES.office), async (c) => {
    const t = c.var.t;
    const id = unitIdOf(c);
    const form = await officeForm(c, renameForm);
    const value = form.values.name ?? '';
    const refuse = (error: string, status: 409 | 422) => render(c, { refusal: { unitId: id, form: 'rename', value, error } satisfies DirectoryRefusal }, status);
    if (!form.ok) return refuse(form.errors.name ?? t('departments.directory.error.name_required'), 422);
    const outcome = await renameUnit(c.var.services, { unitId: id, name: form.data.name, actor: actorOf(c) });
    if (!outcome.ok) {
      if (outcome.code === 'not_found') throw new AppError(404, 'not_found', t('departments.directory.error.not_found'));
      return refuse(t(`departments.directory.error.${outcome.code}`, outcome.params), outcome.code === 'name_taken' ? 409 : 422);
    }
    setFlash(c, t('departments.directory.rename.done', { from: outcome.from, to: outcome.to }));
    return c.redirect(unitHref(id), 303);
  })

  .post('/:id/merge', requireRole(...ROLES.office), async (c) => {
    const t = c.var.t;
    const id = unitIdOf(c);
    const form = await officeForm(c, mergeForm);
    const value = form.values.into ?? '';
    const refuse = (error: string, status: 409 | 422) => render(c, { refusal: { unitId: id, form: 'merge', value, error } }, status);
    // The unit to keep is named as the directory lists it.
    const keep = form.ok ? (await listDirectory(c.var.services.db)).find((u) => u.name === form.data.into.replace(/[\s\u3000]+/g, ' ')) : undefined;
    if (!keep) return refuse(t('departments.directory.error.chooseUnit'), 422);
    const outcome = await mergeUnits(c.var.services, { keepId: keep.id, mergeId: id, actor: actorOf(c) });
    if (!outcome.ok) {
      if (outcome.code === 'not_found') throw new AppError(404, 'not_found', t('departments.directory.error.not_found'));
      return refuse(t(`departments.directory.error.${outcome.code}`, outcome.params), 422);
    }
    setFlash(c, t('departments.directory.merge.done', { ...outcome.report }));
    return c.redirect(unitHref(keep.id), 303);
  });
