// One way to answer with HTML: a whole page, or — when htmx asked for a piece of the page — the
// piece alone, rendered by the same component the page renders (so page and fragment never drift).
import type { Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

type Renderable = JSX.Element | Promise<JSX.Element> | { toString(): string | Promise<string> };

export async function renderToString(element: Renderable): Promise<string> {
  return String(await (await element).toString());
}

export async function renderDocument(element: Renderable): Promise<string> {
  return `<!DOCTYPE html>${await renderToString(element)}`;
}

/**
 * Did htmx ask for a piece of the page? Not when it restores history or loads a whole page
 * (htmx 4 says so in HX-Request-Type): those want the document.
 */
export function wantsFragment(c: Context): boolean {
  return c.req.header('hx-request') === 'true' && c.req.header('hx-history-restore-request') !== 'true' && c.req.header('hx-request-type') !== 'full';
}

/** A whole page. */
export async function page(c: Context, element: Renderable, status: ContentfulStatusCode = 200) {
  return c.html(await renderDocument(element), status);
}

/** A piece of a page, for htmx to swap in. */
export async function fragment(c: Context, element: Renderable, status: ContentfulStatusCode = 200) {
  return c.html(await renderToString(element), status);
}

/**
 * The piece for htmx, or the page around it otherwise: `piece` is rendered once either way and
 * `wrap` puts it in its page.
 */
export function pageOrFragment(c: Context, piece: JSX.Element, wrap: (piece: JSX.Element) => JSX.Element, status: ContentfulStatusCode = 200) {
  return wantsFragment(c) ? fragment(c, piece, status) : page(c, wrap(piece), status);
}
