// Creating a draft: paste its text or upload a file; it is stored unpublished for checking.
import type { OfficeContext } from '../shared/context.ts';
import { Csrf, ErrorSummary, Field, type FieldErrors } from '../shared/kit.tsx';
import { OfficeLayout } from '../shared/layout.tsx';
import { errorLinks } from './forms.tsx';
import type { NewConsultationValues } from './models.ts';

export function NewConsultationPage(props: {
  ctx: OfficeContext;
  values: NewConsultationValues;
  errors: FieldErrors;
  limits: { maxChars: number; maxMb: number };
  slugExample: string;
}) {
  const { ctx, values, errors } = props;
  const { t } = ctx;
  const labels = { title: t('office.new.titleField'), slug: t('office.new.slug'), text: t('office.new.text'), file: t('office.new.file') };
  return (
    <OfficeLayout ctx={ctx} title={t('office.new.title')}>
      <p class="breadcrumb">
        <a href="/office/consultations">{t('office.list.title')}</a>
      </p>
      <h1>{t('office.new.title')}</h1>
      <p>{t('office.new.intro')}</p>
      <form method="post" action="/office/consultations/new" enctype="multipart/form-data" class="wide-form">
        <Csrf token={ctx.csrfToken} />
        <ErrorSummary title={t('office.new.error.summary')} items={errorLinks(t, errors, labels, 'new-')} />
        <Field id="new-title" label={labels.title} hint={t('office.new.titleHint')} error={errors.title}>
          {(aria) => <input {...aria} name="title" type="text" maxlength={200} value={values.title} />}
        </Field>
        <Field id="new-slug" label={labels.slug} hint={t('office.new.slugHint', { example: props.slugExample })} error={errors.slug}>
          {(aria) => (
            <input {...aria} name="slug" type="text" maxlength={80} pattern="[a-z0-9][a-z0-9\-]{1,79}" autocapitalize="off" spellcheck={false} value={values.slug} />
          )}
        </Field>
        <Field id="new-text" label={labels.text} hint={t('office.new.textHint', { max: props.limits.maxChars })} error={errors.text}>
          {(aria) => (
            <textarea {...aria} name="text" rows={16}>
              {values.text}
            </textarea>
          )}
        </Field>
        <Field id="new-file" label={labels.file} hint={t('office.new.fileHint', { mb: props.limits.maxMb })} error={errors.file}>
          {(aria) => <input {...aria} name="file" type="file" accept=".txt,.md,.markdown,.docx,text/plain,text/markdown" />}
        </Field>
        <div class="actions">
          <button type="submit" class="button button-primary">
            {t('office.new.submit')}
          </button>
        </div>
      </form>
    </OfficeLayout>
  );
}
