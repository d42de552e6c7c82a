// The one component kit every page uses: form fields with their hint and error, the error
// summary, the CSRF field, a pager, a data table, a flash message and tabs. Accessibility lives
// here once: labels tied to fields, errors announced and linked, the current tab and page marked.
import type { Child } from 'hono/jsx';
import type { Translate } from '../../src/lib/i18n.ts';

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

/** aria-describedby for a field: its error and, when it has one, its hint. */
export function describedBy(id: string, error: string | undefined, hint = true): string | undefined {
  const ids = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

/** What a control inside a Field spreads onto itself so that it is described by the hint and error. */
export interface FieldAria {
  id: string;
  'aria-describedby': string | undefined;
  'aria-invalid': 'true' | undefined;
}

/**
 * A labelled field: label, hint, error, then the control. The control is either given as
 * children (it sets its own id and aria) or built by a function that receives the aria to spread.
 */
export function Field(props: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
  class?: string;
  children: Child | ((aria: FieldAria) => Child);
}) {
  const aria: FieldAria = {
    id: props.id,
    'aria-describedby': describedBy(props.id, props.error, Boolean(props.hint)),
    'aria-invalid': props.error ? 'true' : undefined,
  };
  const classes = ['field', props.error ? 'field-error' : null, props.class ?? null].filter(Boolean).join(' ');
  return (
    <div class={classes}>
      <label for={props.id}>
        {props.label}
        {props.required ? (
          <span class="required" aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </label>
      {props.hint ? (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      <FieldError id={props.id} error={props.error} />
      {typeof props.children === 'function' ? props.children(aria) : props.children}
    </div>
  );
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

/** A message carried across a redirect, announced by screen readers. */
export function Flash(props: { message: string | null | undefined }) {
  return props.message ? (
    <p class="flash" role="status">
      {props.message}
    </p>
  ) : null;
}

export interface PagerView {
  page: number;
  /** Null when the total is not counted (keyset paging): the pager then says only the page. */
  pages: number | null;
  prevHref: string | null;
  nextHref: string | null;
}

/**
 * Previous / page N of M / next. With `htmx`, the links swap only the listed results (and push
 * the address), and the same links still work without JavaScript.
 */
export function Pager(props: { t: Translate; pager: PagerView; label?: string; htmx?: { target: string }; buttons?: boolean }) {
  const { t, pager } = props;
  if (!pager.prevHref && !pager.nextHref) return null;
  const link = (href: string | null, text: string, rel: 'prev' | 'next') => {
    if (!href) {
      return props.buttons ? (
        <span class="button button-small button-disabled" aria-disabled="true">
          {text}
        </span>
      ) : null;
    }
    return (
      <a
        class={props.buttons ? 'button button-small' : undefined}
        href={href}
        rel={rel}
        hx-get={props.htmx ? href : undefined}
        hx-target={props.htmx?.target}
        hx-swap={props.htmx ? 'outerHTML' : undefined}
        hx-push-url={props.htmx ? 'true' : undefined}
      >
        {text}
      </a>
    );
  };
  return (
    <nav class="pager" aria-label={props.label ?? t('pager.label')}>
      {link(pager.prevHref, t('pager.prev'), 'prev')}
      <span aria-current="page">{pager.pages === null ? t('pager.page', { page: pager.page }) : t('pager.pageOf', { page: pager.page, pages: pager.pages })}</span>
      {link(pager.nextHref, t('pager.next'), 'next')}
    </nav>
  );
}

export interface Column<Row> {
  header: Child;
  cell(row: Row, index: number): Child;
  /** Class of the column's cells, e.g. for widths on a phone. */
  class?: string;
  /** The row's header cell (th scope=row) rather than a data cell. */
  rowHeader?: boolean;
}

/** A table with a caption, header row and one row per item; a sentence instead when empty. */
export function DataTable<Row>(props: { caption?: Child; columns: Column<Row>[]; rows: Row[]; empty?: Child; class?: string; id?: string; rowClass?(row: Row): string | undefined }) {
  if (props.rows.length === 0 && props.empty !== undefined) return <p class="muted">{props.empty}</p>;
  return (
    <div class="table-scroll">
      <table class={props.class ?? 'data-table'} id={props.id}>
        {props.caption ? <caption>{props.caption}</caption> : null}
        <thead>
          <tr>
            {props.columns.map((column) => (
              <th scope="col" class={column.class}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row, index) => (
            <tr class={props.rowClass?.(row)}>
              {props.columns.map((column) =>
                column.rowHeader ? (
                  <th scope="row" class={column.class}>
                    {column.cell(row, index)}
                  </th>
                ) : (
                  <td class={column.class}>{column.cell(row, index)}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export interface TabView {
  href: string;
  label: string;
  current: boolean;
  /** A count shown after the label, e.g. messages waiting. */
  count?: number | null;
}

/** Navigation between the parts of one thing (a consultation's pages, the mail lists). */
export function Tabs(props: { label: string; tabs: TabView[]; class?: string }) {
  return (
    <nav class={props.class ?? 'tabs'} aria-label={props.label}>
      <ul>
        {props.tabs.map((tab) => (
          <li>
            <a href={tab.href} aria-current={tab.current ? 'page' : undefined}>
              {tab.label}
              {tab.count !== undefined && tab.count !== null ? <span class="count"> {tab.count}</span> : null}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
