// Shared pieces of bench/: cleanup on exit, the server as a child process, autocannon runs with
// CPU accounting, the comment form, machine facts and plain-text tables.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import BetterSqlite3 from 'better-sqlite3';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SLUG = 'changjiang-2022-yangtze-work-points';
export const CONNECTIONS = 50;

// ---------------------------------------------------------------------------------------------
// Cleanup: whatever happens (error, Ctrl-C, watchdog), no server is left running and no temp
// directory is left behind. Hooks run synchronously on 'exit', so they must not be async.

const exitHooks = new Set<() => void>();

function runExitHooks(): void {
  for (const hook of [...exitHooks].reverse()) {
    try {
      hook();
    } catch {
      // Best effort: one failing hook must not stop the others.
    }
  }
  exitHooks.clear();
}

let exitHandlersInstalled = false;

export function onExit(hook: () => void): () => void {
  if (!exitHandlersInstalled) {
    exitHandlersInstalled = true;
    process.once('exit', runExitHooks);
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.once(signal, () => process.exit(128 + os.constants.signals[signal]));
    }
  }
  exitHooks.add(hook);
  return () => exitHooks.delete(hook);
}

/** A fresh directory under TMPDIR, removed when the process exits. */
export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(os.tmpdir(), prefix));
  onExit(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// ---------------------------------------------------------------------------------------------
// The server under test runs in its own process, so that autocannon and the app never share an
// event loop, and so that kill -9 is a real crash of a real process.

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => done(port));
    });
  });
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds (user + system) a process has used so far; null where /proc does not exist. */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may itself contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** CPU seconds all processes on the machine have used so far (Linux), or null. */
export function machineCpuSeconds(): number | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: busy is everything but idle and iowait.
    const busy = fields.slice(0, 8).reduce((sum, n, i) => (i === 3 || i === 4 ? sum : sum + n), 0);
    return busy / CLOCK_TICKS;
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

let compiled = false;

/** The first half of `npm start`, once per bench process. */
function compileOnce(): void {
  if (compiled) return;
  execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/build.ts'], { cwd: PROJECT_ROOT, stdio: 'ignore' });
  compiled = true;
}

export class ServerProcess {
  private readonly exited: Promise<void>;
  private running = true;
  private readonly log: string[] = [];

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly dataDir: string,
    /** The built-in SMTP listener's port. */
    readonly smtpPort: number,
  ) {
    this.exited = new Promise((done) => child.once('exit', () => done()));
    this.exited.then(() => {
      this.running = false;
    });
    const keep = (chunk: Buffer) => {
      this.log.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      this.log.splice(0, Math.max(0, this.log.length - 40));
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    // If the bench dies, the server must not outlive it.
    const forget = onExit(() => {
      if (this.running) child.kill('SIGKILL');
    });
    this.exited.then(forget);
  }

  /**
   * Starts the server as `npm start` runs it — compiled once per bench by src/cli/build.ts, then
   * `node --enable-source-maps dist/node.js` — directly (not through npm, whose pid would not be
   * the server's), and waits until it answers.
   */
  static async start(dataDir: string): Promise<ServerProcess> {
    compileOnce();
    const port = await freePort();
    const smtpPort = await freePort();
    // BENCH_CPU_PROF=<dir>: V8 CPU profiles of each server, written when it stops gracefully.
    const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${resolve(process.env.BENCH_CPU_PROF)}`] : [];
    const child = spawn(process.execPath, [...profile, '--enable-source-maps', 'dist/node.js'], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
        BENCH_ROUTES: 'true',
        SEED_SAMPLES: 'true',
        COMMENT_RATE_LIMIT: '100000000',
        COMMENT_RATE_WINDOW_SECONDS: '600',
        TRUST_PROXY: 'false',
        SMTP_PORT: String(smtpPort),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new ServerProcess(child, `http://127.0.0.1:${port}`, dataDir, smtpPort);
    await server.waitUntilReady();
    return server;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get alive(): boolean {
    return this.running;
  }

  cpuSeconds(): number | null {
    return processCpuSeconds(this.pid);
  }

  recentLog(): string {
    return this.log.join('\n');
  }

  private async waitUntilReady(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`server exited during start-up:\n${this.recentLog()}`);
      try {
        const response = await fetch(`${this.url}/__bench/hello`, { signal: AbortSignal.timeout(1000) });
        await response.arrayBuffer();
        if (response.ok) return;
      } catch {
        // Not listening yet.
      }
      await sleep(100);
    }
    this.child.kill('SIGKILL');
    throw new Error(`server did not answer within ${timeoutMs} ms:\n${this.recentLog()}`);
  }

  /** Graceful stop (SIGTERM: the app closes its database), forced after a few seconds. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
  }

  /** kill -9: no chance to flush, close or say goodbye. */
  async crash(): Promise<void> {
    if (!this.running) return;
    process.kill(this.pid, 'SIGKILL');
    await this.exited;
  }

  assertAlive(what: string): void {
    if (!this.running) throw new Error(`server died during ${what}:\n${this.recentLog()}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Load runs. Besides autocannon's figures, each run records how busy each side was: on a small
// machine the load generator can saturate its core before the server does, and a throughput
// ratio means little unless one knows which side was the bottleneck. A run can be made of
// several slices (see comparePair), so each slice keeps raw latencies rather than percentiles.

/** What a load run needs of the server under load: Node's ServerProcess, or workerd (bench/worker.ts). */
export interface LoadTarget {
  readonly url: string;
  /** CPU seconds the server has used so far, or null where that cannot be read. */
  cpuSeconds(): number | null;
  assertAlive(what: string): void;
}

export interface LoadSpec {
  label: string;
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  /** A fresh body for every request (autocannon's setupRequest). */
  body?: () => string;
  expectStatus: number;
  seconds: number;
}

export interface LoadFigures {
  label: string;
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Responses with any status other than the expected one. */
  badStatus: number;
  /** Connection errors and timeouts. */
  errors: number;
  bytesPerResponse: number;
  /** Busy fraction of one core, server process and bench (load generator) process. */
  serverCpu: number | null;
  generatorCpu: number;
  /** Cores' worth of CPU used by everything else on the machine meanwhile: noise. */
  otherCpu: number | null;
  /** Server CPU time per completed request, in microseconds: independent of the generator. */
  serverMicrosPerRequest: number | null;
}

/** One autocannon run, unsummarised. */
interface Slice {
  latenciesMs: number[];
  statuses: Map<number, number>;
  errors: number;
  bytes: number;
  wallSeconds: number;
  serverCpuSeconds: number | null;
  benchCpuSeconds: number;
  machineCpuSeconds: number | null;
}

/**
 * autocannon 9 appends every response body to a string (`body += chunk`), which nothing here
 * reads (no verifyBody, expectBody or onResponse). For an 80 KB page of mostly Chinese text that
 * UTF-8 decoding alone held autocannon at ~3,000 req/s on a 2-core machine while the server idled
 * at ~40%: the figure measured autocannon, not the app. So bodies are still received and counted
 * (bytes/resp) but no longer decoded. Returns false, leaving autocannon as it is, if its
 * internals are not what this expects.
 */
function stopDecodingResponseBodies(): boolean {
  try {
    const require = createRequire(import.meta.url);
    const queue = require('autocannon/lib/pipelinedRequestsQueue.js') as { prototype: Record<string, unknown> };
    if (typeof queue.prototype.addBody !== 'function') return false;
    queue.prototype.addBody = () => {};
    return true;
  } catch {
    return false;
  }
}

export const AUTOCANNON_SKIPS_BODIES = stopDecodingResponseBodies();

async function runSlice(server: LoadTarget, spec: LoadSpec): Promise<Slice> {
  const makeBody = spec.body;
  const request: autocannon.Request = {
    method: spec.method,
    path: spec.path,
    headers: spec.headers ?? {},
    ...(makeBody ? { setupRequest: (req: autocannon.Request) => ({ ...req, body: makeBody() }) } : {}),
  };
  const slice: Slice = { latenciesMs: [], statuses: new Map(), errors: 0, bytes: 0, wallSeconds: 0, serverCpuSeconds: null, benchCpuSeconds: 0, machineCpuSeconds: null };
  const serverBefore = server.cpuSeconds();
  const machineBefore = machineCpuSeconds();
  const benchBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const result = await new Promise<autocannon.Result>((done, fail) => {
    const instance = autocannon({ url: server.url, connections: CONNECTIONS, duration: spec.seconds, timeout: 10, requests: [request] }, (error, r) =>
      error ? fail(error) : done(r),
    );
    instance.on('response', (_client: unknown, status: number, bytes: number, ms: number) => {
      slice.latenciesMs.push(ms);
      slice.statuses.set(status, (slice.statuses.get(status) ?? 0) + 1);
      slice.bytes += bytes;
    });
  });
  slice.wallSeconds = (performance.now() - wallBefore) / 1000;
  const bench = process.cpuUsage(benchBefore);
  const machineAfter = machineCpuSeconds();
  const serverAfter = server.cpuSeconds();
  server.assertAlive(spec.label);
  slice.errors = result.errors;
  slice.benchCpuSeconds = (bench.user + bench.system) / 1e6;
  slice.serverCpuSeconds = serverBefore !== null && serverAfter !== null ? serverAfter - serverBefore : null;
  slice.machineCpuSeconds = machineBefore !== null && machineAfter !== null ? machineAfter - machineBefore : null;
  return slice;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN;
}

function summarise(spec: LoadSpec, slices: Slice[]): LoadFigures {
  const sum = (f: (s: Slice) => number) => slices.reduce((total, s) => total + f(s), 0);
  const sumOrNull = (f: (s: Slice) => number | null) => (slices.some((s) => f(s) === null) ? null : sum((s) => f(s)!));
  const latencies = Float64Array.from(slices.flatMap((s) => s.latenciesMs)).sort();
  const requests = latencies.length;
  const expected = sum((s) => s.statuses.get(spec.expectStatus) ?? 0);
  const wall = sum((s) => s.wallSeconds);
  const server = sumOrNull((s) => s.serverCpuSeconds);
  const bench = sum((s) => s.benchCpuSeconds);
  const machine = sumOrNull((s) => s.machineCpuSeconds);
  return {
    label: spec.label,
    requests,
    seconds: wall,
    rps: requests / wall,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? NaN,
    badStatus: requests - expected,
    errors: sum((s) => s.errors),
    bytesPerResponse: requests ? sum((s) => s.bytes) / requests : 0,
    serverCpu: server === null ? null : server / wall,
    generatorCpu: bench / wall,
    otherCpu: machine === null || server === null ? null : Math.max(0, machine - server - bench) / wall,
    serverMicrosPerRequest: server === null || !requests ? null : (server * 1e6) / requests,
  };
}

/** One route under load for spec.seconds. */
export async function load(server: LoadTarget, spec: LoadSpec): Promise<LoadFigures> {
  return summarise(spec, [await runSlice(server, spec)]);
}

/**
 * Two routes compared fairly on a machine that is not quiet: after a warm-up of each, they run
 * in alternating slices, A B B A, so that background load and drift fall on both alike.
 */
export async function comparePair(server: LoadTarget, a: LoadSpec, b: LoadSpec, warmupSeconds: number): Promise<[LoadFigures, LoadFigures]> {
  await runSlice(server, { ...a, seconds: warmupSeconds });
  await runSlice(server, { ...b, seconds: warmupSeconds });
  const half = (spec: LoadSpec) => ({ ...spec, seconds: spec.seconds / 2 });
  const sliceA1 = await runSlice(server, half(a));
  const sliceB1 = await runSlice(server, half(b));
  const sliceB2 = await runSlice(server, half(b));
  const sliceA2 = await runSlice(server, half(a));
  return [summarise(a, [sliceA1, sliceA2]), summarise(b, [sliceB1, sliceB2])];
}

// ---------------------------------------------------------------------------------------------
// The comment form, as a browser would fill it in.

export interface FormSession {
  cookie: string;
  token: string;
}

/** Opens the comment form once, for the CSRF cookie and the token that goes with it. */
export async function openCommentForm(baseUrl: string): Promise<FormSession> {
  const response = await fetch(`${baseUrl}/consultations/${SLUG}/comment?on=i4`);
  const html = await response.text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0]!)
    .find((pair) => pair.startsWith('yj_csrf='));
  if (!response.ok || !token || !cookie) throw new Error(`could not open the comment form (HTTP ${response.status})`);
  return { cookie, token };
}

/** Items i10..i30: all three characters long, so that every form body has the same size. */
export function paragraphFor(seq: number): string {
  return `i${10 + (seq % 21)}`;
}

/** A realistic comment, distinct per seq, always the same length. */
export function commentText(seq: number): string {
  return `建议进一步明确本项工作的责任分工、完成时限和资金来源，并定期向社会公开进展情况，接受群众监督。（编号${String(seq).padStart(9, '0')}）`;
}

export function commentFormBody(session: FormSession, seq: number): string {
  return new URLSearchParams({
    _csrf: session.token,
    paragraphId: paragraphFor(seq),
    body: commentText(seq),
    name: '',
    organization: '',
    email: '',
    phone: '',
    website: '',
  }).toString();
}

// ---------------------------------------------------------------------------------------------
// Machine facts, so that a figure in the README can be read against the machine it came from.

/** The file system type a directory lives on (Linux: the longest matching /proc/mounts entry). */
function fileSystemOf(dir: string): string {
  try {
    const real = realpathSync(dir);
    let best = { mount: '', type: 'unknown' };
    for (const line of readFileSync('/proc/mounts', 'utf8').split('\n')) {
      const [, mount, type] = line.split(' ');
      if (!mount || !type) continue;
      const covers = real === mount || real.startsWith(mount.endsWith('/') ? mount : `${mount}/`);
      if (covers && mount.length > best.mount.length) best = { mount, type };
    }
    return best.type;
  } catch {
    return 'unknown';
  }
}

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  sqlite: string;
  dataDirFs: string;
  loadAverage: string;
}

export function machineInfo(dataDir: string): MachineInfo {
  const cpus = os.cpus();
  const memory = new BetterSqlite3(':memory:');
  const { version } = memory.prepare('SELECT sqlite_version() AS version').get() as { version: string };
  memory.close();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: os.totalmem() / 2 ** 30,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    sqlite: version,
    dataDirFs: fileSystemOf(dataDir),
    loadAverage: os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' '),
  };
}

// ---------------------------------------------------------------------------------------------
// Output.

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  // First column (labels) left-aligned, figures right-aligned.
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export const fixed = (n: number | null, digits = 0): string => (n === null || !Number.isFinite(n) ? 'n/a' : n.toFixed(digits));
export const percent = (n: number | null): string => (n === null ? 'n/a' : `${Math.round(n * 100)}%`);
