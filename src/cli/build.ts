// The first half of `npm start`: compiles the server to dist/ (about a second), which then runs on
// plain node. Under tsx its loader costs about 35 MB in the main thread and 33 MB more in every
// worker thread; compiled, the server idles well under the 200 MB it must stay below while
// attacked. Packages stay in node_modules (imported as they are); our code is bundled into one
// module per entry, the code they share in chunks, and the IMAP poller (imported only when
// IMAP_URL is set) in a chunk of its own.
//
// Files are written only when their content changed, each through a rename: a server or a test
// already running from dist/ never reads a half-written file while another start rebuilds.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import { PROJECT_ROOT } from '../platform/node/project-files.ts';

const DIST_DIR = join(PROJECT_ROOT, 'dist');

/** The compiled entry points: `node dist/node.js` and the worker threads it starts beside it (threads.ts). */
const ENTRY_POINTS = {
  node: 'src/entry/node.ts',
  'writer-worker': 'src/platform/node/writer-worker.ts',
  'mail-reader-worker': 'src/platform/node/mail-reader-worker.ts',
};

const started = performance.now();
const result = await build({
  absWorkingDir: PROJECT_ROOT,
  entryPoints: ENTRY_POINTS,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  outdir: DIST_DIR,
  entryNames: '[name]',
  chunkNames: '[name]-[hash]',
  sourcemap: true,
  write: false,
  logLevel: 'warning',
});
mkdirSync(DIST_DIR, { recursive: true });
let written = 0;
const names = new Set<string>();
for (const file of result.outputFiles) {
  names.add(basename(file.path));
  if (sameContent(file.path, file.contents)) continue;
  const temporary = `${file.path}.${process.pid}.tmp`;
  writeFileSync(temporary, file.contents);
  renameSync(temporary, file.path);
  written += 1;
}
// Chunks of an earlier build, whose names carried another hash.
for (const name of readdirSync(DIST_DIR)) if (!names.has(name) && /\.js(\.map)?$/.test(name)) rmSync(join(DIST_DIR, name), { force: true });
console.log(`已编译 / built: dist/, ${written} of ${names.size} files changed (${Math.round(performance.now() - started)} ms)`);

function sameContent(path: string, contents: Uint8Array): boolean {
  try {
    return Buffer.from(contents).equals(readFileSync(path));
  } catch {
    return false;
  }
}
