// Shared pieces of bench/: cleanup on exit, the server as a child process, autocannon runs with
// CPU accounting, the comment form, machine facts and plain-text tables.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
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
function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may itself contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export class ServerProcess {
  private readonly exited: Promise<void>;
  private running = true;
  private readonly log: string[] = [];

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly dataDir: string,
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
   * Starts `node --import tsx src/entry/node.ts` directly (not through npx or npm, whose pid
   * would not be the server's), and waits until it answers.
   */
  static async start(dataDir: string): Promise<ServerProcess> {
    const port = await freePort();
    // BENCH_CPU_PROF=<dir>: V8 CPU profiles of each server, written when it stops gracefully.
    const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${resolve(process.env.BENCH_CPU_PROF)}`] : [];
    const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'src/entry/node.ts'], {
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
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new ServerProcess(child, `http://127.0.0.1:${port}`, dataDir);
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
// ratio means little unless one knows which side was the bottleneck.

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
  statuses: Record<string, number>;
  bytesPerResponse: number;
  /** Busy fraction of one core, server process and bench (load generator) process. */
  serverCpu: number | null;
  generatorCpu: number;
  /** Server CPU time per completed request, in microseconds: independent of the generator. */
  serverMicrosPerRequest: number | null;
}

function runAutocannon(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((done, fail) => {
    autocannon(options, (error, result) => (error ? fail(error) : done(result)));
  });
}

export async function load(server: ServerProcess, spec: LoadSpec): Promise<LoadFigures> {
  const makeBody = spec.body;
  const request: autocannon.Request = {
    method: spec.method,
    path: spec.path,
    headers: spec.headers ?? {},
    ...(makeBody ? { setupRequest: (req: autocannon.Request) => ({ ...req, body: makeBody() }) } : {}),
  };
  const serverBefore = server.cpuSeconds();
  const benchBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const result = await runAutocannon({ url: server.url, connections: CONNECTIONS, duration: spec.seconds, timeout: 10, requests: [request] });
  const wall = (performance.now() - wallBefore) / 1000;
  const bench = process.cpuUsage(benchBefore);
  const serverAfter = server.cpuSeconds();
  server.assertAlive(spec.label);

  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]));
  const requests = result.requests.total;
  const expected = statuses[String(spec.expectStatus)] ?? 0;
  const serverCpuSeconds = serverBefore !== null && serverAfter !== null ? serverAfter - serverBefore : null;
  return {
    label: spec.label,
    requests,
    seconds: result.duration,
    rps: requests / result.duration,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    badStatus: requests - expected,
    errors: result.errors,
    statuses,
    bytesPerResponse: requests ? result.throughput.total / requests : 0,
    serverCpu: serverCpuSeconds === null ? null : serverCpuSeconds / wall,
    generatorCpu: (bench.user + bench.system) / 1e6 / wall,
    serverMicrosPerRequest: serverCpuSeconds === null || !requests ? null : (serverCpuSeconds * 1e6) / requests,
  };
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
