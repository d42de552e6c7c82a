import type { Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';

type Renderable = JSX.Element | Promise<JSX.Element> | { toString(): string | Promise<string> };

export async function renderToString(element: Renderable): Promise<string> {
  return String(await (await element).toString());
}

export async function renderDocument(element: Renderable): Promise<string> {
  return `<!DOCTYPE html>${await renderToString(element)}`;
}

/** A full page, or the fragment htmx asked for: the caller passes whichever fits the request. */
export async function sendHtml(c: Context, element: Renderable, status: 200 | 201 | 400 | 401 | 403 | 404 | 409 | 422 | 429 | 500 = 200, fragment = false) {
  const html = fragment ? await renderToString(element) : await renderDocument(element);
  return c.html(html, status);
}
