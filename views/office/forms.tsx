// Small pieces every office form uses: the CSRF field, an error next to its field, and a summary
// of errors at the top that links to each field.
import type { Child } from 'hono/jsx';

export function Csrf(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

export type FieldErrors = Record<string, string | undefined>;

export function FieldError(props: { id: string; error?: string }) {
  return props.error ? (
    <p class="error-text" id={`${props.id}-error`}>
      {props.error}
    </p>
  ) : null;
}

/** aria-describedby for a field: its hint and, when there is one, its error. */
export function describedBy(id: string, error: string | undefined, hint = true): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

/** The errors at the top of a form, each a link to its field; `items` are already worded. */
export function ErrorSummary(props: { title: string; items: { href: string; text: string }[] }) {
  if (props.items.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1} id="error-summary">
      <p>{props.title}</p>
      <ul>
        {props.items.map((item) => (
          <li>
            <a href={item.href}>{item.text}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Field(props: { id: string; label: string; hint?: string; error?: string; children: Child; required?: boolean }) {
  return (
    <div class={props.error ? 'field field-error' : 'field'}>
      <label for={props.id}>
        {props.label}
        {props.required ? <span class="required"> *</span> : null}
      </label>
      {props.hint ? (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      <FieldError id={props.id} error={props.error} />
      {props.children}
    </div>
  );
}
