// The upload of .eml files saved from a mail client, and what became of each file.
import type { Translate } from '../../src/lib/i18n.ts';
import type { OfficeContext } from '../shared/context.ts';
import { Csrf, ErrorSummary, Field } from '../shared/kit.tsx';
import { OfficeLayout } from '../shared/layout.tsx';
import type { UploadError, UploadResultRow, UploadView } from './models.ts';
import { Sender, SubjectLink, Understood } from './pieces.tsx';

const FIELD_IDS: Record<UploadError['field'], string> = { files: 'upload-files', consultation: 'upload-consultation' };

function fieldError(errors: UploadError[], field: UploadError['field']): string | undefined {
  const texts = errors.filter((e) => e.field === field).map((e) => e.text);
  return texts.length ? texts.join(' ') : undefined;
}

export function UploadPage(props: { ctx: OfficeContext; view: UploadView }) {
  const { ctx, view } = props;
  const { t } = ctx;
  const { results, errors } = view;
  const title = results ? t('mail.office.upload.results') : t('mail.office.upload.title');
  return (
    <OfficeLayout ctx={ctx} title={title} wide>
      <p class="breadcrumb">
        <a href="/office/mail">{t('mail.office.detail.back')}</a>
      </p>
      <h1>{title}</h1>
      {results ? (
        <>
          <UploadResults t={t} results={results} />
          <h2>{t('mail.office.upload.more')}</h2>
        </>
      ) : (
        <p>{t('mail.office.upload.intro')}</p>
      )}
      <ErrorSummary title={t('mail.office.upload.error.summary')} items={errors.map((e) => ({ href: `#${FIELD_IDS[e.field]}`, text: e.text }))} />
      <form method="post" action="/office/mail/upload" enctype="multipart/form-data" class="stack-form">
        <Csrf token={ctx.csrfToken} />
        <Field id={FIELD_IDS.files} label={t('mail.office.upload.files')} hint={t('mail.office.upload.filesHint', view.limits)} error={fieldError(errors, 'files')}>
          {(aria) => <input {...aria} name="files" type="file" accept=".eml,message/rfc822" multiple required />}
        </Field>
        <Field
          id={FIELD_IDS.consultation}
          label={t('mail.office.upload.consultation')}
          hint={t('mail.office.upload.consultationHint')}
          error={fieldError(errors, 'consultation')}
        >
          {(aria) => (
            <select {...aria} name="consultation">
              <option value="">{t('mail.office.upload.auto')}</option>
              {view.choices.map((choice) => (
                <option value={String(choice.id)} selected={view.values.consultation === String(choice.id)}>
                  {choice.title}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" class="button button-primary">
          {t('mail.office.upload.submit')}
        </button>
      </form>
    </OfficeLayout>
  );
}

function UploadResults(props: { t: Translate; results: UploadResultRow[] }) {
  const { t, results } = props;
  const count = (status: UploadResultRow['status']) => results.filter((r) => r.status === status).length;
  return (
    <>
      <p role="status">{t('mail.office.upload.summary', { total: results.length, fresh: count('new'), duplicates: count('duplicate'), refused: count('refused') })}</p>
      <ol class="upload-results">
        {results.map((r) => (
          <li class={`upload-result upload-${r.status}`}>
            <h2 class="upload-file">
              <span class="mail-from">{r.name}</span> <span class={`badge badge-${r.status}`}>{t(`mail.office.upload.${r.status}`)}</span>
            </h2>
            {r.error ? <p class="error-text">{r.error}</p> : null}
            {r.message ? (
              <>
                <p>
                  <SubjectLink t={t} id={r.message.id} subject={r.message.subject} /> · <Sender t={t} from={r.message.from} />
                </p>
                <Understood t={t} m={r.message} headingLevel={3} />
              </>
            ) : null}
          </li>
        ))}
      </ol>
    </>
  );
}
