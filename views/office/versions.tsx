// A consultation's versions: each one with its state, window and links (public page, 修改对照表),
// loading a revised text as the next version, and publishing it for a new round or as the final
// text — or discarding it. Plain forms; no JavaScript needed.
import type { OfficeContext } from '../shared/context.ts';
import { Csrf, ErrorSummary, Field } from '../shared/kit.tsx';
import { ConsultationFrame, consultationHref } from './consultation-nav.tsx';
import { ChangeForm, errorLinks } from './forms.tsx';
import type { VersionForms, VersionRowView, VersionsView } from './models.ts';

function VersionRow(props: { ctx: OfficeContext; view: VersionsView; row: VersionRowView }) {
  const { ctx, row, view } = props;
  const { t } = ctx;
  return (
    <li class="version-row" id={`version-${row.number}`}>
      <p>
        <strong>{t('office.version.number', { number: row.number })}</strong> {row.title}{' '}
        <span class={`badge ${row.state === 'draft' ? 'badge-draft' : ''}`}>{row.state === 'draft' ? t('office.version.draft') : t(`office.version.purpose.${row.purpose}`)}</span>
        {row.current ? <span class="badge badge-open"> {t('office.version.current')}</span> : null}
      </p>
      <p class="hint">
        {row.publishedAt ? t('office.version.publishedOn', { at: row.publishedAt }) : null}
        {row.window ? ` · ${t('office.version.window', row.window)}` : null}
      </p>
      <p class="version-links">
        {row.publicHref ? <a href={row.publicHref}>{t('office.version.publicLink')}</a> : null}
        {row.state === 'draft' ? <a href={consultationHref(view.slug, 'structure')}>{t('office.version.structureLink')}</a> : null}
        {row.changesHref ? <a href={row.changesHref}>{t('office.version.changesLink')}</a> : null}
      </p>
    </li>
  );
}

function NewRevisionForm(props: { ctx: OfficeContext; view: VersionsView; forms: VersionForms }) {
  const { ctx, view } = props;
  const { t } = ctx;
  const form = props.forms.create ?? { values: { title: '', text: '' }, errors: {} };
  const labels = { title: t('office.version.titleField'), text: t('office.new.text'), file: t('office.new.file') };
  return (
    <section aria-labelledby="yj-new-version">
      <h2 id="yj-new-version">{t('office.version.new')}</h2>
      <p class="hint">{t('office.version.newHint')}</p>
      <form method="post" action={`${consultationHref(view.slug, 'versions')}`} enctype="multipart/form-data" class="wide-form">
        <Csrf token={ctx.csrfToken} />
        <input type="hidden" name="version" value={String(view.version)} />
        <ErrorSummary title={t('office.new.error.summary')} items={errorLinks(t, form.errors, labels, 'rev-')} />
        <Field id="rev-title" label={labels.title} error={form.errors.title}>
          {(aria) => <input {...aria} name="title" type="text" maxlength={200} value={form.values.title} />}
        </Field>
        <Field id="rev-text" label={labels.text} error={form.errors.text}>
          {(aria) => (
            <textarea {...aria} name="text" rows={12}>
              {form.values.text}
            </textarea>
          )}
        </Field>
        <Field id="rev-file" label={labels.file} error={form.errors.file}>
          {(aria) => <input {...aria} name="file" type="file" accept=".txt,.md,.markdown,.docx,text/plain,text/markdown" />}
        </Field>
        <div class="actions">
          <button type="submit" class="button button-primary">
            {t('office.version.create')}
          </button>
        </div>
      </form>
    </section>
  );
}

function PublishForm(props: { ctx: OfficeContext; view: VersionsView; forms: VersionForms; number: number }) {
  const { ctx, view } = props;
  const { t } = ctx;
  const form = props.forms.publish ?? { values: { purpose: 'round' as const, opens: '', closes: '' }, errors: {}, askConfirm: false };
  const labels = { opens: t('office.version.opens'), closes: t('office.version.closes'), purpose: t('office.version.purposeLegend'), confirmShort: t('office.version.confirmShort') };
  return (
    <section aria-labelledby="yj-publish-version">
      <h2 id="yj-publish-version">
        {t('office.version.publish')} · {t('office.version.number', { number: props.number })}
      </h2>
      <p class="hint">{t('office.version.publishHint')}</p>
      <ChangeForm ctx={ctx} action={`${consultationHref(view.slug, 'versions')}/publish`} version={view.version} class="wide-form">
        <ErrorSummary title={t('office.new.error.summary')} items={errorLinks(t, form.errors, labels, 'pub-')} />
        <fieldset id="pub-purpose">
          <legend>{labels.purpose}</legend>
          <label class="choice">
            <input type="radio" name="purpose" value="round" checked={form.values.purpose === 'round'} /> {t('office.version.asRound')}
          </label>
          <label class="choice">
            <input type="radio" name="purpose" value="final" checked={form.values.purpose === 'final'} /> {t('office.version.asFinal')}
          </label>
        </fieldset>
        <Field id="pub-opens" label={labels.opens} error={form.errors.opens}>
          {(aria) => <input {...aria} name="opens" type="datetime-local" value={form.values.opens} />}
        </Field>
        <Field id="pub-closes" label={labels.closes} error={form.errors.closes}>
          {(aria) => <input {...aria} name="closes" type="datetime-local" value={form.values.closes} />}
        </Field>
        {form.askConfirm ? (
          <p class="field">
            <label class="choice">
              <input id="pub-confirmShort" type="checkbox" name="confirmShort" value="1" /> {labels.confirmShort}
            </label>
          </p>
        ) : null}
        <div class="actions">
          <button type="submit" class="button button-primary">
            {t('office.version.publishSubmit')}
          </button>
        </div>
      </ChangeForm>
      <ChangeForm ctx={ctx} action={`${consultationHref(view.slug, 'versions')}/discard`} version={view.version} class="inline-actions">
        <p class="hint">{t('office.version.discardHint')}</p>
        <button type="submit" class="button button-quiet">
          {t('office.version.discard')}
        </button>
      </ChangeForm>
    </section>
  );
}

export function VersionsPage(props: { ctx: OfficeContext; view: VersionsView; forms: VersionForms; flash: string | null }) {
  const { ctx, view, forms } = props;
  const { t } = ctx;
  return (
    <ConsultationFrame ctx={ctx} consultation={view} current="versions" heading={t('office.version.title')} phase={view.phase} flash={props.flash}>
      <p>{t('office.version.intro')}</p>
      {forms.error ? (
        <p class="error-text" role="alert">
          {forms.error}
        </p>
      ) : null}
      <ol class="version-list">
        {view.rows.map((row) => (
          <VersionRow ctx={ctx} view={view} row={row} />
        ))}
      </ol>
      {view.note ? <p class="notice-box">{view.note}</p> : null}
      {view.canManage && view.draft ? <PublishForm ctx={ctx} view={view} forms={forms} number={view.draft.number} /> : null}
      {view.canManage && view.canLoad ? <NewRevisionForm ctx={ctx} view={view} forms={forms} /> : null}
      {!view.canManage ? <p class="hint">{t('office.version.moderatorOnly')}</p> : null}
    </ConsultationFrame>
  );
}
