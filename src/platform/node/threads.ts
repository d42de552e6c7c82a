// Worker threads of our own code. Compiled (`npm start` runs dist/, where this module's URL ends
// in .js), a thread starts from its compiled entry beside this bundle with a plain Worker. Under
// tsx (tests, CLIs, `npm run dev`) a thread does not get the parent's loader for its entry module
// on Node 20, so a two-line bootstrap registers tsx's loader and then imports the .ts entry; that
// loader costs each thread about 33 MB, which is why the server runs compiled.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** The thread entry points: src/platform/node/NAME.ts, compiled to dist/NAME.js. */
export type ThreadEntry = 'writer-worker' | 'mail-reader-worker';

const COMPILED = import.meta.url.endsWith('.js');

export function startThread(entry: ThreadEntry, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  if (COMPILED) return new Worker(new URL(`./${entry}.js`, import.meta.url), options);
  const tsxApi = createRequire(import.meta.url).resolve('tsx/package.json').replace(/package\.json$/, 'dist/esm/api/index.mjs');
  const entryModule = new URL(`./${entry}.ts`, import.meta.url);
  const bootstrap = `import(${JSON.stringify(pathToFileURL(tsxApi).href)}).then(({ register }) => { register(); return import(${JSON.stringify(entryModule.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
