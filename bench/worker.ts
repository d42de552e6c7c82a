// `npm run bench:worker`: the app on local workerd (`wrangler dev --local`, D1 and R2 on this
// machine) beside the same app on Node, each against a bare route in the same server:
//   comment POST (form, CSRF) vs a bare POST that parses the same body and answers 303;
//   the consultation page GET vs a bare GET "hello".
// Printed as requests per second, p99, and ratios. Local workerd is not the edge: wrangler dev
// puts its own proxy in front of workerd, and local D1 is a SQLite file behind a Durable Object,
// so the figures compare the runtimes' costs on one machine, not Cloudflare's latency.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareLocalWorkerData } from '../src/platform/node/worker-local.ts';
import { startWranglerDev } from '../src/platform/node/wrangler.ts';
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

/** CPU of a process group (wrangler, its proxy and workerd), from /proc. */
function groupCpuSeconds(pgid: number): number | null {
  let total = 0;
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(join('/proc', entry, 'stat'), 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(fields[2]) === pgid) total += processCpuSeconds(Number(entry)) ?? 0;
      } catch {
        // The process ended meanwhile.
      }
    }
    return total;
  } catch {
    return null;
  }
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
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dev = await startWranglerDev({
    persistTo,
    port,
    vars: { PUBLIC_BASE_URL: url, SECRET: 'bench-secret-0123456789abcdefghijklmnopqrstuvwxyz', BENCH_ROUTES: 'true', COMMENT_RATE_LIMIT: '100000000', MAIL_DOMAIN: 'yijian.localhost' },
  });
  let workerFigures: Figures;
  try {
    const target: LoadTarget = {
      url,
      cpuSeconds: () => groupCpuSeconds(dev.child.pid!),
      assertAlive: (what) => {
        if (dev.child.exitCode !== null) throw new Error(`wrangler dev stopped during ${what}:\n${dev.output().slice(-2000)}`);
      },
    };
    workerFigures = await measure('workerd', target);
  } finally {
    await dev.stop();
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
  log('Local workerd is not the edge: wrangler dev adds a proxy in front of workerd, and local D1 is SQLite behind a Durable Object on this machine.');
}

await main();
process.exit(0);
