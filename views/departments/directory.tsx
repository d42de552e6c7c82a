// The unit directory: every unit with its addresses and where it takes part, the upload of a
// `name,email` file (checked first, then imported), and each unit's rename and merge forms.
import type { OfficeContext } from '../shared/context.ts';
import { type Column, Csrf, DataTable, Field } from '../shared/kit.tsx';
import { OfficeLayout } from '../shared/layout.tsx';
import type { DirectoryImportView, DirectoryUnitView, DirectoryView } from './models.ts';

export const DIRECTORY = '/office/units';

function ImportResult(props: { ctx: OfficeContext; result: DirectoryImportView }) {
  const { t } = props.ctx;
  const { result } = props;
  if (result.errors.length) {
    return (
      <div class="error-summary" role="alert" id="import-result">
        <p>{t('departments.directory.error.title')}</p>
        <ul>
          {result.errors.map((e) => (
            <li>{e}</li>
          ))}
        </ul>
      </div>
    );
  }
  return (
    <section class="notice-box" id="import-result" aria-labelledby="import-result-heading" role="status">
      <h3 id="import-result-heading">{t('departments.directory.plan.title', { applied: result.applied ? 1 : 0 })}</h3>
      {result.charset ? <p class="hint">{t('departments.directory.plan.charset', { charset: result.charset })}</p> : null}
      <p>{result.summary}</p>
      {result.changes.length ? (
        <ul>
          {result.changes.map((line) => (
            <li>{line}</li>
          ))}
        </ul>
      ) : null}
      <p>{result.changes.length === 0 ? t('departments.directory.plan.nothing') : result.applied ? t('departments.directory.plan.applied') : t('departments.directory.plan.dryRun')}</p>
    </section>
  );
}

function UploadForm(props: { ctx: OfficeContext; view: DirectoryView }) {
  const { ctx, view } = props;
  const { t } = ctx;
  return (
    <section aria-labelledby="units-import">
      <h2 id="units-import">{t('departments.directory.upload.title')}</h2>
      {view.import ? <ImportResult ctx={ctx} result={view.import} /> : null}
      <form method="post" action={`${DIRECTORY}/import`} enctype="multipart/form-data" class="stack-form" hx-boost="false">
        <Csrf token={ctx.csrfToken} />
        <Field id="units-file" label={t('departments.directory.upload.file')} hint={t('departments.directory.upload.hint')} error={view.fileError ?? undefined} required>
          {(aria) => <input {...aria} type="file" name="file" accept=".csv,.txt,text/csv" required />}
        </Field>
        <div class="button-row">
          <button type="submit" name="mode" value="check" class="button">
            {t('departments.directory.upload.check')}
          </button>
          <button type="submit" name="mode" value="import" class="button button-primary">
            {t('departments.directory.upload.import')}
          </button>
        </div>
      </form>
    </section>
  );
}

function UnitActions(props: { ctx: OfficeContext; view: DirectoryView; unit: DirectoryUnitView }) {
  const { ctx, view, unit } = props;
  const { t } = ctx;
  const refused = view.refusal?.unitId === unit.id ? view.refusal : null;
  const renameId = `rename-${unit.id}`;
  const mergeId = `merge-${unit.id}`;
  return (
    <details open={Boolean(refused)}>
      <summary>{t('departments.directory.col.actions')}</summary>
      <form method="post" action={`${DIRECTORY}/${unit.id}/rename`} class="stack-form">
        <Csrf token={ctx.csrfToken} />
        <Field id={renameId} label={t('departments.directory.rename.label', { unit: unit.name })} error={refused?.form === 'rename' ? refused.error : undefined}>
          {(aria) => <input {...aria} type="text" name="name" maxlength={100} required value={refused?.form === 'rename' ? refused.value : unit.name} />}
        </Field>
        <button type="submit" class="button button-small">
          {t('departments.directory.rename.submit')}
        </button>
      </form>
      <form method="post" action={`${DIRECTORY}/${unit.id}/merge`} class="stack-form">
        <Csrf token={ctx.csrfToken} />
        <Field id={mergeId} label={t('departments.directory.merge.label', { unit: unit.name })} hint={t('departments.directory.merge.hint')} error={refused?.form === 'merge' ? refused.error : undefined}>
          {(aria) => <input {...aria} type="text" name="into" list="unit-names" required placeholder={t('departments.directory.merge.choose')} value={refused?.form === 'merge' ? refused.value : ''} />}
        </Field>
        <button type="submit" class="button button-small">
          {t('departments.directory.merge.submit')}
        </button>
      </form>
    </details>
  );
}

export function DirectoryPage(props: { ctx: OfficeContext; view: DirectoryView; flash: string | null }) {
  const { ctx, view } = props;
  const { t } = ctx;
  const columns: Column<DirectoryUnitView>[] = [
    { header: t('departments.directory.col.unit'), rowHeader: true, cell: (u) => <span id={`unit-${u.id}`}>{u.name}</span> },
    {
      header: t('departments.directory.col.addresses'),
      cell: (u) =>
        u.addresses.length ? (
          <ul class="plain-list">
            {u.addresses.map((a) => (
              <li>
                <code>{a}</code>
              </li>
            ))}
          </ul>
        ) : (
          <span class="hint">{t('departments.directory.noAddress')}</span>
        ),
    },
    { header: t('departments.directory.col.rosters'), class: 'numeric', cell: (u) => u.rosters },
    { header: t('departments.directory.col.comments'), class: 'numeric', cell: (u) => u.comments },
    { header: t('departments.directory.col.proposals'), class: 'numeric', cell: (u) => (u.proposals ? <a href="/office/mail?tab=proposed">{u.proposals}</a> : 0) },
    { header: t('departments.directory.col.actions'), cell: (u) => <UnitActions ctx={ctx} view={view} unit={u} /> },
  ];
  return (
    <OfficeLayout ctx={ctx} title={t('departments.directory.title')} flash={props.flash} wide>
      <h1>{t('departments.directory.title')}</h1>
      <p>{t('departments.directory.intro')}</p>
      <UploadForm ctx={ctx} view={view} />
      <section aria-labelledby="units-list">
        <h2 id="units-list">{t('departments.directory.count', { count: view.units.length })}</h2>
        <DataTable class="data-table units-table" columns={columns} rows={view.units} empty={t('departments.directory.empty')} />
        {/* One list of names for every merge field: the unit to keep is chosen by its name. */}
        <datalist id="unit-names">
          {view.units.map((u) => (
            <option value={u.name} />
          ))}
        </datalist>
      </section>
    </OfficeLayout>
  );
}
