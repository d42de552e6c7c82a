// A public comment: how it is shown, the form that takes one, and what is given back when a
// submission is refused.
import type { Translate } from '../../src/lib/i18n.ts';
import { Csrf, ErrorSummary, FieldError, describedBy, Field as KitField } from '../shared/kit.tsx';
import type { CommentFormValues, CommentTarget, FieldErrors, PublicComment } from './models.ts';

export function CommentItem(props: { t: Translate; comment: PublicComment; showTarget?: boolean }) {
  const { t, comment } = props;
  return (
    <li class="comment">
      <p class="comment-meta">
        <span class="comment-author">{comment.author}</span>
        {comment.organization ? <span class="comment-org">{comment.organization}</span> : null}
        <time>{comment.publishedAt}</time>
        {props.showTarget && comment.blockLabel ? <span class="comment-target">{t('comment.on', { label: comment.blockLabel })}</span> : null}
      </p>
      <p class="comment-body">{comment.body}</p>
    </li>
  );
}

/** A one-line input of the comment form, in the kit's field. */
function Field(props: {
  id: string;
  name: Exclude<keyof CommentFormValues, 'consent'>;
  label: string;
  hint: string;
  value: string;
  error?: string;
  type?: string;
  autocomplete?: string;
  required?: boolean;
  maxlength?: number;
  inputmode?: 'text' | 'email' | 'tel' | 'numeric';
}) {
  return (
    <KitField id={props.id} label={props.label} hint={props.hint} error={props.error} required={props.required}>
      {(aria) => (
        <input
          {...aria}
          name={props.name}
          type={props.type ?? 'text'}
          value={props.value}
          autocomplete={props.autocomplete}
          required={props.required}
          maxlength={props.maxlength}
          inputmode={props.inputmode}
        />
      )}
    </KitField>
  );
}

export interface CommentFormProps {
  t: Translate;
  slug: string;
  csrfToken: string;
  target: CommentTarget;
  values: CommentFormValues;
  errors: FieldErrors;
  requireName: boolean;
  moderation: 'pre' | 'post';
  /** Inline forms (htmx) get a cancel button that clears them; full pages link back instead. */
  inline: boolean;
  /** The personal-information notice, one paragraph each: what, why, who sees it, how long. */
  privacyNotice: string[];
  autofocus?: boolean;
}

export function CommentForm(props: CommentFormProps) {
  const { t, values, errors, target } = props;
  const idBase = `yj-form-${target.key ?? 'general'}`;
  const action = `/consultations/${props.slug}/comments`;
  return (
    <form
      class="comment-form"
      method="post"
      action={action}
      hx-post={action}
      hx-target="this"
      hx-swap="outerHTML"
      hx-disable="find button[type=submit]"
      novalidate
    >
      <h3 class="form-title">{target.label ? t('consultation.commentOn', { label: target.label }) : t('consultation.general')}</h3>
      <ErrorSummary
        title={t('form.errors')}
        items={(Object.entries(errors) as [string, string][]).filter(([, message]) => message).map(([field, message]) => ({ href: `#${idBase}-${field}`, text: message }))}
      />
      <Csrf token={props.csrfToken} />
      <input type="hidden" name="paragraphId" value={target.key ?? ''} />
      <KitField id={`${idBase}-body`} label={t('form.body')} hint={t('form.body.hint')} error={errors.body} required>
        {(aria) => (
          <textarea {...aria} name="body" rows={6} required maxlength={5000} autofocus={props.autofocus}>
            {values.body}
          </textarea>
        )}
      </KitField>
      <div class="field-row">
        <Field
          id={`${idBase}-name`}
          name="name"
          label={t('form.name')}
          hint={props.requireName ? t('form.name.required') : t('form.name.optional')}
          value={values.name}
          error={errors.name}
          autocomplete="name"
          required={props.requireName}
          maxlength={50}
        />
        <Field
          id={`${idBase}-organization`}
          name="organization"
          label={t('form.organization')}
          hint={t('form.organization.hint')}
          value={values.organization}
          error={errors.organization}
          autocomplete="organization"
          maxlength={100}
        />
      </div>
      <div class="field-row">
        <Field
          id={`${idBase}-email`}
          name="email"
          type="email"
          label={t('form.email')}
          hint={t('form.email.hint')}
          value={values.email}
          error={errors.email}
          autocomplete="email"
          maxlength={254}
        />
        <Field
          id={`${idBase}-phone`}
          name="phone"
          type="tel"
          label={t('form.phone')}
          hint={t('form.phone.hint')}
          value={values.phone}
          error={errors.phone}
          autocomplete="tel"
          inputmode="tel"
          maxlength={20}
        />
      </div>
      {/* Bots fill every field; people never see this one. */}
      <div class="hp" aria-hidden="true">
        <label for={`${idBase}-website`}>{t('form.honeypot')}</label>
        <input id={`${idBase}-website`} name="website" type="text" tabindex={-1} autocomplete="off" value="" />
      </div>
      <PrivacyConsent id={`${idBase}-consent`} t={t} notice={props.privacyNotice} checked={values.consent} error={errors.consent} />
      <p class="privacy">{props.moderation === 'pre' ? t('consultation.moderation.pre') : t('consultation.moderation.post')}</p>
      <div class="actions">
        <button type="submit" class="button button-primary">
          {t('form.submit')}
        </button>
        {props.inline ? (
          <a
            class="button button-quiet"
            href={`/consultations/${props.slug}${target.key ? `#${target.key}` : '#yj-general'}`}
            hx-get={`/consultations/${props.slug}/comment/cancel`}
            hx-target="closest .inline-form"
            hx-swap="innerHTML"
          >
            {t('form.cancel')}
          </a>
        ) : (
          <a class="button button-quiet" href={`/consultations/${props.slug}${target.key ? `#${target.key}` : '#yj-general'}`}>
            {t('consultation.back')}
          </a>
        )}
      </div>
    </form>
  );
}

/**
 * The notice (what is collected, why, who sees it, how long) and the consent that contact details
 * need; the error sits with the box, and the box is tied to the notice it consents to.
 */
function PrivacyConsent(props: { id: string; t: Translate; notice: string[]; checked: boolean; error?: string }) {
  const { t, id } = props;
  return (
    <div class={props.error ? 'privacy-consent field-error' : 'privacy-consent'}>
      <section class="privacy-notice" id={`${id}-notice`} aria-label={t('privacy.notice.title')}>
        <p class="privacy-notice-title">{t('privacy.notice.title')}</p>
        {props.notice.map((paragraph) => (
          <p>{paragraph}</p>
        ))}
      </section>
      <FieldError id={id} error={props.error} />
      <label class="checkbox" for={id}>
        <input
          id={id}
          type="checkbox"
          name="consent"
          value="1"
          checked={props.checked}
          aria-describedby={[describedBy(id, props.error), `${id}-notice`].filter(Boolean).join(' ')}
          aria-invalid={props.error ? 'true' : undefined}
        />{' '}
        {t('privacy.consent.label')}
      </label>
      <p class="hint" id={`${id}-hint`}>
        {t('privacy.consent.hint')}
      </p>
    </div>
  );
}

/** When a submission is refused for a reason the commenter cannot fix in the form, give the text back. */
export function RefusedSubmission(props: { t: Translate; message: string; values: CommentFormValues; slug: string; target: CommentTarget }) {
  const { t } = props;
  return (
    <div class="refused" role="alert">
      <p class="refused-message">{props.message}</p>
      {props.values.body ? (
        <div class="field">
          <label for="yj-refused-text">{t('form.yourText')}</label>
          <textarea id="yj-refused-text" rows={6} readonly>
            {props.values.body}
          </textarea>
        </div>
      ) : null}
      <p>
        <a href={`/consultations/${props.slug}${props.target.key ? `#${props.target.key}` : ''}`}>{t('consultation.back')}</a>
      </p>
    </div>
  );
}
