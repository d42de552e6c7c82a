// `npm run bench:worker`: the app on local workerd (`wrangler dev --local`, D1 and R2 on this
// machine) beside the same app on Node, each against a bare route in the same server:
//   comment POST (form, CSRF) vs a bare POST that parses the same body and answers 303;
//   the consultation page GET vs a bare GET "hello".
// Printed as requests per second, p99, and ratios. Local workerd is not the edge: local D1 is a
// SQLite file behind a Durable Object, so the figures compare the runtimes' costs on one machine,
// not Cloudflare's latency. The Worker is bundled by wrangler (`deploy --dry-run`) and run by
// Miniflare in one workerd, as the edge runs it; BENCH_WORKERD=wrangler measures `wrangler dev`
// instead, which puts a second workerd (its proxy, logging each request) in front.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { prepareLocalWorkerData } from '../src/platform/node/worker-local.ts';
import { runWrangler, startWranglerDev } from '../src/platform/node/wrangler.ts';
import {
  AUTOCANNON_SKIPS_BODIES,
  CONNECTIONS,
  commentFormBody,
  comparePair,
  fixed,
  freePort,
  type LoadFigures,
  type LoadSpec,
  type LoadTarget,
  makeTempDir,
  openCommentForm,
  processCpuSeconds,
  ServerProcess,
  SLUG,
  table,
} from './lib.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const WARMUP_SECONDS = 2;
const log = (line: string) => console.log(line);

interface Figures {
  bare: LoadFigures;
  comment: LoadFigures;
  hello: LoadFigures;
  page: LoadFigures;
}

async function measure(name: string, target: LoadTarget): Promise<Figures> {
  log(`${name}: comment POST vs bare POST`);
  const session = await openCommentForm(target.url);
  const headers = { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie, origin: target.url };
  const bodies = () => {
    let seq = 0;
    return () => commentFormBody(session, seq++);
  };
  const post = (spec: LoadSpec) => spec;
  const [bare, comment] = await comparePair(
    target,
    post({ label: 'bare POST /__bench/post', method: 'POST', path: '/__bench/post', headers, body: bodies(), expectStatus: 303, seconds: SECONDS }),
    post({ label: 'comment POST (form)', method: 'POST', path: `/consultations/${SLUG}/comments`, headers, body: bodies(), expectStatus: 303, seconds: SECONDS }),
    WARMUP_SECONDS,
  );
  log(`${name}: consultation page GET vs bare GET`);
  const gzip = { 'accept-encoding': 'gzip' };
  const [hello, page] = await comparePair(
    target,
    { label: 'GET /__bench/hello', method: 'GET', path: '/__bench/hello', headers: gzip, expectStatus: 200, seconds: SECONDS },
    { label: 'consultation page GET', method: 'GET', path: `/consultations/${SLUG}`, headers: gzip, expectStatus: 200, seconds: SECONDS },
    WARMUP_SECONDS,
  );
  for (const f of [bare, comment, hello, page]) log(`  ${f.label}: ${fixed(f.rps)} req/s, p99 ${fixed(f.p99, 1)} ms${f.badStatus ? `, ${f.badStatus} unexpected statuses` : ''}`);
  return { bare, comment, hello, page };
}

/** CPU of the processes that match (from /proc): wrangler's group, or workerd under this process. */
function cpuOf(match: (fields: string[], command: string) => boolean): number | null {
  let total = 0;
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(join('/proc', entry, 'stat'), 'utf8');
        const command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (match(fields, command)) total += processCpuSeconds(Number(entry)) ?? 0;
      } catch {
        // The process ended meanwhile.
      }
    }
    return total;
  } catch {
    return null;
  }
}

const VARS = (url: string) => ({ PUBLIC_BASE_URL: url, SECRET: 'bench-secret-0123456789abcdefghijklmnopqrstuvwxyz', BENCH_ROUTES: 'true', COMMENT_RATE_LIMIT: '100000000', MAIL_DOMAIN: 'yijian.localhost' });

/** The bundle `wrangler deploy` would upload, in one workerd run by Miniflare, with the local D1 and R2. */
async function startDirect(persistTo: string): Promise<{ target: LoadTarget; stop(): Promise<void> }> {
  const outdir = makeTempDir('bench-worker-bundle');
  await runWrangler(['deploy', '--dry-run', '--outdir', outdir]);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const mf = new Miniflare({
    host: '127.0.0.1',
    port,
    scriptPath: join(outdir, 'worker.js'),
    modules: true,
    modulesRoot: outdir,
    modulesRules: [{ type: 'Text', include: ['**/*.css', '**/*.svg', '**/*htmx.min.js'] }],
    compatibilityDate: '2025-10-01',
    compatibilityFlags: ['nodejs_compat'],
    defaultPersistRoot: join(persistTo, 'v3'),
    d1Databases: { DB: '00000000-0000-0000-0000-000000000000' },
    r2Buckets: { FILES: 'yijian-files' },
    bindings: VARS(url),
  });
  await mf.ready;
  return {
    target: { url, cpuSeconds: () => cpuOf((fields, command) => command === 'workerd' && Number(fields[1]) === process.pid), assertAlive: () => {} },
    stop: () => mf.dispose(),
  };
}

async function startThroughWranglerDev(persistTo: string): Promise<{ target: LoadTarget; stop(): Promise<void> }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dev = await startWranglerDev({ persistTo, port, vars: VARS(url) });
  return {
    target: {
      url,
      cpuSeconds: () => cpuOf((fields) => Number(fields[2]) === dev.child.pid),
      assertAlive: (what) => {
        if (dev.child.exitCode !== null) throw new Error(`wrangler dev stopped during ${what}:\n${dev.output().slice(-2000)}`);
      },
    },
    stop: () => dev.stop(),
  };
}

async function main(): Promise<void> {
  log(`autocannon, ${CONNECTIONS} connections, ${SECONDS} s per route (alternating slices after a ${WARMUP_SECONDS} s warm-up)${AUTOCANNON_SKIPS_BODIES ? '' : ' — bodies decoded'}`);

  const node = await ServerProcess.start(makeTempDir('bench-worker-node'));
  let nodeFigures: Figures;
  try {
    nodeFigures = await measure('Node', node);
  } finally {
    await node.stop();
  }

  const persistTo = makeTempDir('bench-worker-state');
  await prepareLocalWorkerData({ persistTo }, { samples: true });
  const viaWrangler = process.env.BENCH_WORKERD === 'wrangler';
  const workerd = viaWrangler ? await startThroughWranglerDev(persistTo) : await startDirect(persistTo);
  let workerFigures: Figures;
  try {
    workerFigures = await measure(viaWrangler ? 'workerd (wrangler dev)' : 'workerd', workerd.target);
  } finally {
    await workerd.stop();
  }

  const row = (what: string, n: LoadFigures, w: LoadFigures) => [what, `${fixed(n.rps)} req/s, p99 ${fixed(n.p99, 1)} ms`, `${fixed(w.rps)} req/s, p99 ${fixed(w.p99, 1)} ms`, `${(w.rps / n.rps).toFixed(2)} ×`];
  log('');
  log(
    table(
      ['route', 'Node', 'workerd (local)', 'workerd / Node'],
      [
        row('bare POST', nodeFigures.bare, workerFigures.bare),
        row('comment POST', nodeFigures.comment, workerFigures.comment),
        row('bare GET hello', nodeFigures.hello, workerFigures.hello),
        row('consultation page GET', nodeFigures.page, workerFigures.page),
        ['comment POST ÷ bare POST', (nodeFigures.comment.rps / nodeFigures.bare.rps).toFixed(2), (workerFigures.comment.rps / workerFigures.bare.rps).toFixed(2), ''],
        ['page GET ÷ hello', (nodeFigures.page.rps / nodeFigures.hello.rps).toFixed(2), (workerFigures.page.rps / workerFigures.hello.rps).toFixed(2), ''],
        ['server CPU per comment POST', `${fixed(nodeFigures.comment.serverMicrosPerRequest)} µs`, `${fixed(workerFigures.comment.serverMicrosPerRequest)} µs`, ''],
        ['server CPU per page GET', `${fixed(nodeFigures.page.serverMicrosPerRequest)} µs`, `${fixed(workerFigures.page.serverMicrosPerRequest)} µs`, ''],
      ],
    ),
  );
  log(`Local workerd is not the edge: local D1 is SQLite behind a Durable Object on this machine${viaWrangler ? ', and wrangler dev adds a proxy workerd in front' : ''}.`);
}

await main();
process.exit(0);
