// The static files, bundled into the Worker as text modules (wrangler.toml's [[rules]]), so the
// Worker needs no asset binding: the stylesheet, the icon and htmx.
import css from '../../../views/static/app.css';
import favicon from '../../../views/static/favicon.svg';
import htmx from 'htmx.org/dist/htmx.min.js';

const encoder = new TextEncoder();

const ASSETS = new Map<string, { body: Uint8Array; contentType: string }>([
  ['app.css', { body: encoder.encode(css), contentType: 'text/css; charset=utf-8' }],
  ['favicon.svg', { body: encoder.encode(favicon), contentType: 'image/svg+xml' }],
  ['htmx.min.js', { body: encoder.encode(htmx), contentType: 'text/javascript; charset=utf-8' }],
]);

export function workerAsset(name: string): { body: Uint8Array; contentType: string } | null {
  return ASSETS.get(name) ?? null;
}
