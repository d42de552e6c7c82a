// `npm run bench`: one run of the whole benchmark (a benchmark, not a test: it exits 0 when a
// target is missed, and says so). See bench/README.md for what is measured and why.
//
//   (a) comment POST (form, CSRF) vs a bare POST route that parses the same body and answers 303;
//   (b) the consultation page with 100,000 comments in the database vs a bare GET "hello";
//   (c) durability: every comment acknowledged (201 / 303) survives kill -9 right after;
//   (d) the feedback report of 100,000 comments in every format, streamed under a small heap
//       (bench/report.ts; BENCH_SKIP_REPORT=1 leaves it out);
//   (e) mail intake: messages per second through SMTP into stored, parsed comments (bench/mail.ts);
//   (f) the page GET alone and during a flood of realistic mail plus .docx bombs (bench/flood.ts).
//
// The server runs as a child process; autocannon and the durability clients run in this one.
import { databasePath } from '../src/platform/node/data-dir.ts';
import { type DurabilityFigures, probeDurability } from './durability.ts';
import { benchFlood, type FloodBenchFigures, floodReport, floodVerdicts } from './flood.ts';
import { benchMail, MAIL_TARGET, type MailFigures, mailReport } from './mail.ts';
import {
  AUTOCANNON_SKIPS_BODIES,
  CONNECTIONS,
  commentFormBody,
  comparePair,
  fixed,
  type LoadFigures,
  type LoadSpec,
  machineInfo,
  type MachineInfo,
  makeTempDir,
  openCommentForm,
  percent,
  ServerProcess,
  SLUG,
  table,
} from './lib.ts';
import { type SeedFigures, topUpComments } from './seed.ts';
import { benchReports, REPORT_COMMENTS, REPORT_HEAP_MIB, type ReportBenchFigures, reportTable, reportVerdicts } from './report.ts';

const SECONDS = 10;
const WARMUP_SECONDS = 2;
const PAGE_COMMENTS = 100_000;
const DURABILITY = { clients: 50, seconds: 3 };
const TARGET = { ratio: 0.5, p99Ms: 50 };
/** The whole run takes about two minutes; anything far beyond that is a hang. */
const WATCHDOG_MS = 15 * 60_000;

const log = (line: string) => console.log(line);

/** Warm-up (JIT, SQLite page cache, connections), then both routes in alternating slices. */
async function measurePair(server: ServerProcess, baseline: LoadSpec, route: LoadSpec): Promise<[LoadFigures, LoadFigures]> {
  const figures = await comparePair(server, baseline, route, WARMUP_SECONDS);
  for (const f of figures) log(`  ${f.label}: ${fixed(f.rps)} req/s, p99 ${fixed(f.p99, 1)} ms`);
  return figures;
}

interface PostFigures {
  bare: LoadFigures;
  comment: LoadFigures;
  bodyBytes: number;
}

async function benchPost(server: ServerProcess): Promise<PostFigures> {
  const session = await openCommentForm(server.url);
  const headers = { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie };
  // Each route gets its own counter: the same sequence of bodies, hence the same sizes.
  const bodies = () => {
    let seq = 0;
    return () => commentFormBody(session, seq++);
  };
  const [bare, comment] = await measurePair(
    server,
    { label: 'bare POST /__bench/post', method: 'POST', path: '/__bench/post', headers, body: bodies(), expectStatus: 303, seconds: SECONDS },
    { label: 'comment POST (form)', method: 'POST', path: `/consultations/${SLUG}/comments`, headers, body: bodies(), expectStatus: 303, seconds: SECONDS },
  );
  return { bare, comment, bodyBytes: Buffer.byteLength(commentFormBody(session, 0)) };
}

interface PageFigures {
  hello: LoadFigures;
  page: LoadFigures;
  pageBytes: number;
  /** The first request after a restart renders the page (100,000 comments) and caches it. */
  firstRequestMs: number;
}

async function timedGet(url: string): Promise<{ ms: number; bytes: number; status: number }> {
  const started = performance.now();
  const response = await fetch(url);
  const bytes = (await response.arrayBuffer()).byteLength;
  return { ms: performance.now() - started, bytes, status: response.status };
}

async function benchPage(server: ServerProcess): Promise<PageFigures> {
  const first = await timedGet(`${server.url}/consultations/${SLUG}`);
  if (first.status !== 200) throw new Error(`consultation page answered ${first.status}`);
  // What a browser sends; the page is the same for everyone, so no cookie.
  const headers = { accept: 'text/html', 'accept-encoding': 'gzip, deflate, br' };
  const [hello, page] = await measurePair(
    server,
    { label: 'bare GET /__bench/hello', method: 'GET', path: '/__bench/hello', headers, expectStatus: 200, seconds: SECONDS },
    { label: 'consultation page GET', method: 'GET', path: `/consultations/${SLUG}`, headers, expectStatus: 200, seconds: SECONDS },
  );
  return { hello, page, pageBytes: first.bytes, firstRequestMs: first.ms };
}

// ---------------------------------------------------------------------------------------------
// Report

interface Verdict {
  target: string;
  value: string;
  pass: boolean;
}

function verdicts(post: PostFigures, page: PageFigures, durability: DurabilityFigures[], mail: MailFigures): Verdict[] {
  const ratio = (a: LoadFigures, b: LoadFigures) => a.rps / b.rps;
  const clean = (f: LoadFigures) => f.badStatus === 0 && f.errors === 0;
  const list: Verdict[] = [
    { target: `comment POST throughput ≥ ${TARGET.ratio} × bare POST`, value: fixed(ratio(post.comment, post.bare), 2), pass: ratio(post.comment, post.bare) >= TARGET.ratio },
    { target: `comment POST p99 < ${TARGET.p99Ms} ms at ${CONNECTIONS} connections`, value: `${fixed(post.comment.p99, 1)} ms`, pass: post.comment.p99 < TARGET.p99Ms },
    { target: 'comment POST: every response 303, no errors', value: `${post.comment.badStatus + post.comment.errors} other`, pass: clean(post.comment) },
    { target: `page GET throughput ≥ ${TARGET.ratio} × bare GET`, value: fixed(ratio(page.page, page.hello), 2), pass: ratio(page.page, page.hello) >= TARGET.ratio },
    { target: `page GET p99 < ${TARGET.p99Ms} ms at ${CONNECTIONS} connections`, value: `${fixed(page.page.p99, 1)} ms`, pass: page.page.p99 < TARGET.p99Ms },
    { target: 'page GET: every response 200, no errors', value: `${page.page.badStatus + page.page.errors} other`, pass: clean(page.page) },
  ];
  for (const d of durability) {
    list.push({
      target: `${d.channel === 'json' ? 'JSON API (201)' : 'form (303)'}: every acknowledged comment survives kill -9`,
      value: `${d.missing.length} of ${d.acknowledged} missing`,
      pass: d.acknowledged > 0 && d.missing.length === 0,
    });
  }
  list.push(
    { target: `mail: messages/s through SMTP into stored comments ≥ ${MAIL_TARGET}`, value: fixed(mail.perSecond), pass: mail.perSecond >= MAIL_TARGET },
    { target: 'mail: every acknowledged message filed with its comments', value: `${mail.acknowledged - mail.filed} of ${mail.acknowledged} not filed`, pass: mail.acknowledged > 0 && mail.filed === mail.acknowledged },
  );
  return list;
}

function loadRows(figures: LoadFigures[]): string[][] {
  return figures.map((f) => [
    f.label,
    fixed(f.rps),
    fixed(f.p50, 1),
    fixed(f.p90, 1),
    fixed(f.p99, 1),
    fixed(f.max),
    String(f.badStatus + f.errors),
    fixed(f.bytesPerResponse),
    percent(f.serverCpu),
    percent(f.generatorCpu),
    percent(f.otherCpu),
    fixed(f.serverMicrosPerRequest),
  ]);
}

const LOAD_HEADER = ['route', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'non-expected', 'bytes/resp', 'server CPU', 'bench CPU', 'other CPU', 'server µs/req'];

function report(
  machine: MachineInfo,
  post: PostFigures,
  seed: SeedFigures,
  page: PageFigures,
  durability: DurabilityFigures[],
  reports: ReportBenchFigures | null,
  mail: MailFigures,
  flood: FloodBenchFigures,
  seconds: number,
): void {
  const lines: string[] = [];
  const out = (line = '') => lines.push(line);
  out();
  out('== yijian bench ==========================================================================');
  out(`date:     ${new Date().toISOString()}`);
  out(`machine:  ${machine.cpu} × ${machine.cores} cores, ${fixed(machine.memoryGiB, 1)} GiB RAM, ${machine.os}`);
  out(`software: Node ${machine.node}, SQLite ${machine.sqlite}; data dir on ${machine.dataDirFs}; load average at start ${machine.loadAverage}`);
  out(`method:   server = child process (node dist/node.js, compiled as npm start does); autocannon in the bench process,`);
  out(`          ${CONNECTIONS} connections, 127.0.0.1; per pair: ${WARMUP_SECONDS} s warm-up each, then ${SECONDS} s per route`);
  out(`          measured in alternating ${SECONDS / 2} s slices (baseline, route, route, baseline);`);
  out(`          response bodies ${AUTOCANNON_SKIPS_BODIES ? 'received and counted, not decoded to strings (see bench/lib.ts)' : 'decoded by autocannon (stock)'}`);
  out();
  out(`(a) comment POST vs bare POST: the same form bodies (${post.bodyBytes} bytes, distinct per request), cookie + CSRF token`);
  out(table(LOAD_HEADER, loadRows([post.bare, post.comment])));
  out(`    throughput ratio ${fixed(post.comment.rps / post.bare.rps, 2)}, server-cost ratio (bare µs/req ÷ comment µs/req) ${fixed((post.bare.serverMicrosPerRequest ?? NaN) / (post.comment.serverMicrosPerRequest ?? NaN), 2)}`);
  out();
  out(`(b) consultation page with ${seed.total.toLocaleString('en')} comments (${seed.published.toLocaleString('en')} published, ${seed.general.toLocaleString('en')} on the draft as a whole) vs bare GET`);
  out(`    seeded ${seed.inserted.toLocaleString('en')} rows in ${fixed(seed.seconds, 1)} s; page ${page.pageBytes.toLocaleString('en')} bytes; first request after restart (render + cache) ${fixed(page.firstRequestMs, 1)} ms`);
  out(table(LOAD_HEADER, loadRows([page.hello, page.page])));
  out(`    throughput ratio ${fixed(page.page.rps / page.hello.rps, 2)}, server-cost ratio (hello µs/req ÷ page µs/req) ${fixed((page.hello.serverMicrosPerRequest ?? NaN) / (page.page.serverMicrosPerRequest ?? NaN), 2)}`);
  out();
  out(`(c) durability: ${DURABILITY.clients} keep-alive clients for ${DURABILITY.seconds} s, then SIGKILL with requests in flight; database file checked`);
  out(
    table(
      ['channel', 'acknowledged', 'found', 'missing', 'in flight at kill', 'last ack → kill', 'rows added', 'refused', 'errors before kill'],
      durability.map((d) => [
        d.channel === 'json' ? 'JSON API 201' : 'form 303',
        String(d.acknowledged),
        String(d.found),
        String(d.missing.length),
        String(d.inFlightAtKill),
        `${fixed(d.lastAckToKillMs, 1)} ms`,
        String(d.rowsAdded),
        Object.entries(d.refused).map(([code, n]) => `${code}×${n}`).join(' ') || '0',
        String(d.errorsBeforeKill),
      ]),
    ),
  );
  for (const d of durability) if (d.missing.length) out(`    ${d.channel} missing (first 10): ${d.missing.slice(0, 10).join(' ')}`);
  out();
  if (reports) {
    out(`(d) feedback report: ${REPORT_COMMENTS.toLocaleString('en')} comments of every kind (seeded in ${fixed(reports.seed.seconds, 1)} s), each format exported`);
    out(`    by a child process (node --max-old-space-size=${REPORT_HEAP_MIB} bench/report-child.ts); peak heap sampled every 20 ms, max RSS from getrusage`);
    out(reportTable(reports));
    out();
  }
  for (const line of mailReport(mail)) out(line);
  out();
  for (const line of floodReport(flood)) out(line);
  out();
  const results = [...verdicts(post, page, durability, mail), ...floodVerdicts(flood), ...(reports ? reportVerdicts(reports) : [])];
  out('targets');
  out(table(['', 'target', 'measured'], results.map((v) => [v.pass ? 'PASS' : 'MISS', v.target, v.value])));
  const misses = results.filter((v) => !v.pass).length;
  out();
  out(misses ? `${misses} target(s) MISSED (see bench/README.md for the diagnosis).` : 'all targets met.');
  const runs = [post.bare, post.comment, page.hello, page.page];
  if (runs.some((f) => f.generatorCpu > 0.9)) {
    out('note: a "bench CPU" near 100% means autocannon, not the server, limited that route\'s req/s.');
  }
  const noisiest = Math.max(...runs.map((f) => f.otherCpu ?? 0), mail.otherCpu ?? 0, flood.alone.otherCpu ?? 0);
  if (noisiest > 0.2) {
    out(`note: other processes used up to ${percent(noisiest)} of a core during a run ("other CPU"): those figures are noisy.`);
  }
  out(`run took ${fixed(seconds)} s`);
  log(lines.join('\n'));
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = performance.now();
  setTimeout(() => {
    console.error(`bench: still running after ${WATCHDOG_MS / 1000} s, giving up`);
    process.exit(1);
  }, WATCHDOG_MS).unref();

  const dataDir = makeTempDir('yijian-bench-');
  const machine = machineInfo(dataDir);
  log(`bench: data in ${dataDir}`);

  log('(a) starting server (samples seeded), comment POST vs bare POST');
  let server = await ServerProcess.start(dataDir);
  const post = await benchPost(server);
  await server.stop();

  log(`(b) server stopped; seeding ${PAGE_COMMENTS.toLocaleString('en')} comments`);
  const seed = topUpComments(databasePath(dataDir), SLUG, PAGE_COMMENTS);
  server = await ServerProcess.start(dataDir);
  const page = await benchPage(server);
  await server.stop();

  log('(c) durability: JSON API, then form; each ends with kill -9');
  const durability: DurabilityFigures[] = [];
  server = await ServerProcess.start(dataDir);
  durability.push(await probeDurability(server, 'json', DURABILITY));
  // Restarting on the crashed database is part of the check: it must come back.
  server = await ServerProcess.start(dataDir);
  const session = await openCommentForm(server.url);
  durability.push(await probeDurability(server, 'form', { ...DURABILITY, session }));

  // The server was killed by (c); the report reads the database file itself.
  const reports = process.env.BENCH_SKIP_REPORT === '1' ? null : await benchReports(dataDir, log);

  log('(e) mail intake: SMTP into stored comments (fresh server and database)');
  const mail = await benchMail({ log });

  log('(f) page GET alone and during a mail flood with .docx bombs (fresh server and database)');
  const flood = await benchFlood({ log });

  report(machine, post, seed, page, durability, reports, mail, flood, (performance.now() - started) / 1000);
}

main()
  .catch((error: unknown) => {
    console.error('bench failed:', error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  })
  // Exit now rather than wait on idle keep-alive sockets; exit hooks stop servers and clean up.
  .finally(() => process.exit());
