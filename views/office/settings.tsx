// A consultation's settings: title, drafting office (the report's 落款), window (before publishing), moderation, names, document
// kind, intake address, reminders and contact.
import type { OfficeContext } from '../shared/context.ts';
import { ErrorSummary, Field, FieldError } from '../shared/kit.tsx';
import { ConsultationFrame, consultationHref } from './consultation-nav.tsx';
import { ChangeForm, errorLinks } from './forms.tsx';
import { windowCheckText } from './import-report.tsx';
import type { SettingsValues, SettingsView } from './models.ts';

export function SettingsPage(props: { ctx: OfficeContext; view: SettingsView; flash: string | null }) {
  const { ctx, view } = props;
  const { values, errors } = view;
  const { t } = ctx;
  const labels = {
    title: t('office.settings.titleField'),
    issuer: t('office.settings.issuer'),
    opens: t('office.settings.opens'),
    closes: t('office.settings.closes'),
    intakeLocal: t('office.settings.intake'),
    reminderDays: t('office.settings.reminderDays'),
    contactPerson: t('office.settings.contactPerson'),
    contactPhone: t('office.settings.contactPhone'),
    contactEmail: t('office.settings.contactEmail'),
    confirmShort: t('office.settings.window'),
  };
  /** A text field of this form: its id is `set-` and its name. */
  const TextField = (p: { name: keyof typeof labels & keyof SettingsValues; type?: string; maxlength?: number; required?: boolean; autocomplete?: string }) => (
    <Field id={`set-${p.name}`} label={labels[p.name]} error={errors[p.name]} required={p.required}>
      {(aria) => <input {...aria} name={p.name} type={p.type ?? 'text'} maxlength={p.maxlength} required={p.required} autocomplete={p.autocomplete} value={String(values[p.name])} />}
    </Field>
  );
  return (
    <ConsultationFrame ctx={ctx} consultation={view} current="settings" heading={t('office.settings.title')} phase={view.phase} flash={props.flash}>
      {view.status ? (
        <p class="error-text" role="alert">
          {view.status}
        </p>
      ) : null}
      <ChangeForm ctx={ctx} action={consultationHref(view.slug, 'settings')} version={view.version} class="wide-form">
        <ErrorSummary title={t('office.settings.error.summary')} items={errorLinks(t, errors, labels, 'set-')} />
        <TextField name="title" maxlength={200} required />
        <Field id="set-issuer" label={labels.issuer} hint={t('office.settings.issuerHint')} error={errors.issuer}>
          {(aria) => <input {...aria} name="issuer" type="text" maxlength={100} value={values.issuer} />}
        </Field>

        <fieldset>
          <legend>{t('office.settings.window')}</legend>
          {view.state === 'published' ? (
            <p class="hint">{t('office.settings.windowPublished')}</p>
          ) : (
            <>
              <p class="hint" id="set-window-hint">
                {t('office.settings.windowHint')}
              </p>
              {view.noticeDates ? <p class="hint">{t('office.settings.noticeDates', { text: view.noticeDates })}</p> : null}
              <div class="field-row">
                <TextField name="opens" type="datetime-local" />
                <TextField name="closes" type="datetime-local" />
              </div>
              {view.windowCheck ? (
                <p class={view.windowCheck.short ? 'warning-text' : 'hint'} id="set-window-check">
                  {windowCheckText(t, view.windowCheck)}
                </p>
              ) : null}
              {view.askConfirm ? (
                <div class={errors.confirmShort ? 'field field-error' : 'field'}>
                  <FieldError id="set-confirmShort" error={errors.confirmShort} />
                  <label class="checkbox">
                    <input id="set-confirmShort" type="checkbox" name="confirmShort" value="1" aria-describedby="set-window-check" /> {t('office.settings.confirmShort')}
                  </label>
                </div>
              ) : null}
            </>
          )}
        </fieldset>

        <fieldset>
          <legend>{t('office.settings.moderation')}</legend>
          {(['pre', 'post'] as const).map((mode) => (
            <label class="radio">
              <input type="radio" name="moderation" value={mode} checked={values.moderation === mode} /> {t(`office.settings.moderation.${mode}`)}
            </label>
          ))}
        </fieldset>

        <div class="field">
          <label class="checkbox">
            <input type="checkbox" name="requireName" value="1" checked={values.requireName} aria-describedby="set-requireName-hint" /> {t('office.settings.requireName')}
          </label>
          <p class="hint" id="set-requireName-hint">
            {t('office.settings.requireNameHint')}
          </p>
        </div>

        <fieldset>
          <legend>{t('office.settings.documentKind')}</legend>
          <p class="hint">{t('office.settings.documentKindHint')}</p>
          {(['rule', 'other'] as const).map((kind) => (
            <label class="radio">
              <input type="radio" name="documentKind" value={kind} checked={values.documentKind === kind} /> {t(`office.settings.kind.${kind}`)}
            </label>
          ))}
        </fieldset>

        <Field
          id="set-intakeLocal"
          label={labels.intakeLocal}
          hint={t('office.settings.intakeHint', { domain: view.mailDomain, fallback: `${view.slug}@${view.mailDomain}` })}
          error={errors.intakeLocal}
        >
          {(aria) => <input {...aria} name="intakeLocal" type="text" maxlength={64} autocapitalize="off" spellcheck={false} value={values.intakeLocal} />}
        </Field>
        <Field id="set-reminderDays" label={labels.reminderDays} hint={t('office.settings.reminderHint')} error={errors.reminderDays}>
          {(aria) => <input {...aria} name="reminderDays" type="number" min={0} max={60} inputmode="numeric" value={values.reminderDays} />}
        </Field>

        <fieldset>
          <legend>{t('consultation.contact')}</legend>
          <p class="hint">{t('office.settings.contactHint')}</p>
          <TextField name="contactPerson" maxlength={50} autocomplete="off" />
          <TextField name="contactPhone" type="tel" maxlength={50} autocomplete="off" />
          <TextField name="contactEmail" type="email" maxlength={254} autocomplete="off" />
        </fieldset>

        <div class="actions">
          <button type="submit" class="button button-primary">
            {t('office.settings.submit')}
          </button>
        </div>
      </ChangeForm>
    </ConsultationFrame>
  );
}
