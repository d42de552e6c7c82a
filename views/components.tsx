import type { Translate } from '../src/lib/i18n.ts';
import type { CommentFormValues, CommentTarget, FieldErrors, PublicComment, WindowView } from './models.ts';

export function PhaseBadge(props: { t: Translate; window: WindowView }) {
  const { phase } = props.window;
  return <span class={`badge badge-${phase}`}>{props.t(`phase.${phase}`)}</span>;
}

/** 截止 2026年12月1日 23:59，还剩 N 天 — or when it opens, or when it closed. */
export function WindowLine(props: { t: Translate; window: WindowView }) {
  const { t, window: w } = props;
  if (w.phase === 'open' && w.closes) {
    return (
      <span class="window-line">
        {t('window.closes', { closes: w.closes })}
        {t('window.beijing')}，<strong class="days-left">{t('window.daysLeft', { days: w.daysLeft ?? 0 })}</strong>
      </span>
    );
  }
  if (w.phase === 'upcoming' && w.opens) return <span class="window-line">{t('window.opensOn', { opens: w.opens })}</span>;
  if (w.phase === 'closed' && w.closedEarly) return <span class="window-line">{t('window.closedEarly', { closes: w.closedEarly })}</span>;
  if (w.phase === 'closed' && w.closes) return <span class="window-line">{t('window.closedOn', { closes: w.closes })}</span>;
  return null;
}

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

function Field(props: {
  id: string;
  name: keyof CommentFormValues;
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
  const hintId = `${props.id}-hint`;
  const errorId = `${props.id}-error`;
  return (
    <div class={props.error ? 'field field-error' : 'field'}>
      <label for={props.id}>
        {props.label}
        {props.required ? <span class="required" aria-hidden="true"> *</span> : null}
      </label>
      <p class="hint" id={hintId}>
        {props.hint}
      </p>
      {props.error ? (
        <p class="error-text" id={errorId}>
          {props.error}
        </p>
      ) : null}
      <input
        id={props.id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        autocomplete={props.autocomplete}
        required={props.required}
        maxlength={props.maxlength}
        inputmode={props.inputmode}
        aria-describedby={props.error ? `${errorId} ${hintId}` : hintId}
        aria-invalid={props.error ? 'true' : undefined}
      />
    </div>
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
  autofocus?: boolean;
}

export function CommentForm(props: CommentFormProps) {
  const { t, values, errors, target } = props;
  const idBase = `yj-form-${target.key ?? 'general'}`;
  const errorList = Object.values(errors).filter(Boolean);
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
      {errorList.length > 0 ? (
        <div class="error-summary" role="alert" tabindex={-1}>
          <p>{t('form.errors')}</p>
          <ul>
            {(Object.entries(errors) as [string, string][]).map(([field, message]) => (
              <li>
                <a href={`#${idBase}-${field}`}>{message}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      <input type="hidden" name="paragraphId" value={target.key ?? ''} />
      <div class={errors.body ? 'field field-error' : 'field'}>
        <label for={`${idBase}-body`}>
          {t('form.body')}
          <span class="required" aria-hidden="true">
            {' '}
            *
          </span>
        </label>
        <p class="hint" id={`${idBase}-body-hint`}>
          {t('form.body.hint')}
        </p>
        {errors.body ? (
          <p class="error-text" id={`${idBase}-body-error`}>
            {errors.body}
          </p>
        ) : null}
        <textarea
          id={`${idBase}-body`}
          name="body"
          rows={6}
          required
          maxlength={5000}
          autofocus={props.autofocus}
          aria-describedby={errors.body ? `${idBase}-body-error ${idBase}-body-hint` : `${idBase}-body-hint`}
          aria-invalid={errors.body ? 'true' : undefined}
        >
          {values.body}
        </textarea>
      </div>
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
      <p class="privacy">{t('form.privacy')}</p>
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
