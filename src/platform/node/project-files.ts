// Files that ship with the project, read from disk: the migrations, the sample documents and the
// static assets (stylesheet, icon, htmx).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SAMPLE_FILES, type SampleDocuments } from '../../../seeds/samples.ts';

/** The folder of the project's package.json: above src/platform/node under tsx, above dist/ compiled. */
export const PROJECT_ROOT = findProjectRoot(dirname(fileURLToPath(import.meta.url)));
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

function findProjectRoot(from: string): string {
  for (let folder = from; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    if (dirname(folder) === folder) throw new Error(`no package.json above ${from}`);
  }
}
