// Files that ship with the project, read from disk: the migrations, the sample documents and the
// static assets (stylesheet, icon, htmx).
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SAMPLE_FILES, type SampleDocuments } from '../../../seeds/samples.ts';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const MIGRATIONS_DIR = join(PROJECT_ROOT, 'migrations');

export function readSampleDocuments(): SampleDocuments {
  const entries = Object.entries(SAMPLE_FILES).map(([key, file]) => [key, readFileSync(join(PROJECT_ROOT, 'seeds', file), 'utf8')]);
  return Object.fromEntries(entries) as SampleDocuments;
}

const STATIC_FILES: Record<string, { path: string; type: string }> = {
  'app.css': { path: join(PROJECT_ROOT, 'views/static/app.css'), type: 'text/css; charset=utf-8' },
  'favicon.svg': { path: join(PROJECT_ROOT, 'views/static/favicon.svg'), type: 'image/svg+xml' },
  'htmx.min.js': { path: join(PROJECT_ROOT, 'node_modules/htmx.org/dist/htmx.min.js'), type: 'text/javascript; charset=utf-8' },
};

export type StaticAssets = Map<string, { body: Uint8Array; contentType: string }>;

/** Read once at start-up and served from memory. */
export function loadStaticAssets(): StaticAssets {
  const assets: StaticAssets = new Map();
  for (const [name, file] of Object.entries(STATIC_FILES)) assets.set(name, { body: readFileSync(file.path), contentType: file.type });
  return assets;
}
