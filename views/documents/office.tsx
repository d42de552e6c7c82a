// The office's page of a consultation's supporting documents: the list with a remove button each,
// and the upload form (file, title, kind; the version of the text once a consultation has several).
import { ConsultationFrame } from '../office/consultation-nav.tsx';
import { errorLinks } from '../office/forms.tsx';
import type { OfficeContext } from '../shared/context.ts';
import { Csrf, DataTable, ErrorSummary, Field, type FieldErrors } from '../shared/kit.tsx';
import type { DocumentsPageView, OfficeDocumentView } from './models.ts';

export function DocumentsPage(props: { ctx: OfficeContext; view: DocumentsPageView; errors: FieldErrors; flash?: string | null }) {
  const { ctx, view, errors } = props;
  const { t } = ctx;
  const labels = { file: t('documents.field.file'), title: t('documents.field.title'), kind: t('documents.field.kind'), textVersion: t('documents.field.version') };
  const action = `/office/consultations/${encodeURIComponent(view.slug)}/documents`;
  return (
    <ConsultationFrame ctx={ctx} consultation={view} current="documents" heading={t('documents.office.title')} phase={view.phase} flash={props.flash}>
      <p>{t('documents.office.intro', { mb: view.limits.mb, max: view.limits.max })}</p>
      {view.published ? null : <p class="state-note">{t('documents.office.unpublished')}</p>}

      <h2>{t('documents.office.list')}</h2>
      <DataTable<OfficeDocumentView>
        class="data-table documents-table"
        rows={view.documents}
        empty={t('documents.office.none')}
        columns={[
          {
            header: t('documents.column.title'),
            rowHeader: true,
            cell: (d) => (
              <>
                <a href={d.href} download>
                  {d.title}
                </a>
              </>
            ),
          },
          ...(view.versions.length > 1 ? [{ header: t('documents.column.version'), class: 'document-kind', cell: (d: OfficeDocumentView) => d.version }] : []),
          { header: t('documents.column.kind'), class: 'document-kind', cell: (d) => t(`documents.kind.${d.kind}`) },
          { header: t('documents.column.file'), cell: (d) => `${d.filename} · ${d.format} · ${d.size}` },
          { header: t('documents.column.added'), cell: (d) => d.addedAt },
          {
            header: t('documents.column.actions'),
            cell: (d) => (
              <form method="post" action={d.removeAction} class="inline-form">
                <Csrf token={ctx.csrfToken} />
                <button type="submit" class="button button-small button-danger" aria-label={t('documents.remove.label', { title: d.title })}>
                  {t('documents.remove')}
                </button>
              </form>
            ),
          },
        ]}
      />

      <h2 id="documents-add">{t('documents.office.add')}</h2>
      <form method="post" action={action} enctype="multipart/form-data" class="wide-form">
        <Csrf token={ctx.csrfToken} />
        <ErrorSummary title={t('documents.error.summary')} items={errorLinks(t, errors, labels, 'doc-')} />
        <Field id="doc-file" label={labels.file} hint={t('documents.field.file.hint', { mb: view.limits.mb })} error={errors.file} required>
          {(aria) => (
            <input
              {...aria}
              name="file"
              type="file"
              required
              accept=".pdf,.docx,.xlsx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            />
          )}
        </Field>
        <Field id="doc-title" label={labels.title} hint={t('documents.field.title.hint')} error={errors.title}>
          {(aria) => <input {...aria} name="title" type="text" maxlength={200} value={view.values.title} />}
        </Field>
        <Field id="doc-kind" label={labels.kind} error={errors.kind}>
          {(aria) => (
            <select {...aria} name="kind">
              {(['explanation', 'other'] as const).map((kind) => (
                <option value={kind} selected={view.values.kind === kind}>
                  {t(`documents.kind.${kind}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {view.versions.length > 1 ? (
          <Field id="doc-textVersion" label={labels.textVersion} hint={t('documents.field.version.hint')} error={errors.textVersion}>
            {(aria) => (
              <select {...aria} name="textVersion">
                {view.versions.map((v) => (
                  <option value={String(v.number)} selected={view.values.textVersion === String(v.number)}>
                    {v.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        <div class="actions">
          <button type="submit" class="button button-primary">
            {t('documents.submit')}
          </button>
        </div>
      </form>
    </ConsultationFrame>
  );
}
