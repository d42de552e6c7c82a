// Pieces the office's forms share: a change form (CSRF token and the version the page was
// rendered from, optionally posted by htmx), and the error summary's links to the fields.
import type { Child } from 'hono/jsx';
import type { Translate } from '../../src/lib/i18n.ts';
import { Csrf, type FieldErrors } from '../shared/kit.tsx';
import type { OfficeContext } from '../shared/context.ts';

/**
 * A form that changes a consultation. It carries the version the officer saw, so a change made
 * on an outdated page is refused; with `htmx`, it swaps that target instead of reloading.
 */
export function ChangeForm(props: {
  ctx: OfficeContext;
  action: string;
  version: number;
  id?: string;
  class?: string;
  htmx?: { target: string };
  children: Child;
}) {
  return (
    <form
      method="post"
      action={props.action}
      hx-post={props.htmx ? props.action : undefined}
      hx-target={props.htmx?.target}
      hx-swap={props.htmx ? 'outerHTML' : undefined}
      class={props.class}
      id={props.id}
    >
      <Csrf token={props.ctx.csrfToken} />
      <input type="hidden" name="version" value={String(props.version)} />
      {props.children}
    </form>
  );
}

/** The error summary's items: each error with its field's label, linked to the field `${prefix}${name}`. */
export function errorLinks(t: Translate, errors: FieldErrors, labels: Record<string, string>, prefix: string) {
  return Object.entries(errors)
    .filter((e): e is [string, string] => Boolean(e[1]))
    .map(([name, message]) => ({ href: `#${prefix}${name}`, text: t('office.error.summaryLink', { field: labels[name] ?? name, message }) }));
}
