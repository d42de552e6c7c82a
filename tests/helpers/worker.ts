// The app on workerd, as `npm run worker:dev` runs it: `wrangler dev --local` with its own D1 and
// R2 state in a temporary directory, the migrations applied by wrangler, the samples loaded through
// the Node-to-D1 export, an officer made by `npm run worker:user-add`, and a fake HTTP mail API on
// 127.0.0.1 standing for the provider (the only fake: the Worker's own code runs as deployed).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { prepareLocalWorkerData } from '../../src/platform/node/worker-local.ts';
import { type DevServer, executeD1File, offlineWranglerEnv, queryD1, runWrangler, startWranglerDev } from '../../src/platform/node/wrangler.ts';
import { freePort } from './child.ts';

const ROOT = resolve(import.meta.dirname, '../..');
export const WORKER_SECRET = 'workerd-test-secret-0123456789abcdefghijklmnop';
export const OFFICER = { email: 'officer@office.example', password: 'correct horse battery' };

/**
 * The workerd tests need the workerd binary that the wrangler package installs. Where it cannot
 * start they are skipped with a printed reason, except in CI, where that is a failure.
 */
export function workerdAvailability(): { available: boolean; reason: string } {
  const bin = join(ROOT, 'node_modules/.bin/workerd');
  const probe = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  if (probe.status === 0) return { available: true, reason: '' };
  const reason = `workerd did not start (${probe.error?.message ?? probe.stderr?.trim() ?? `exit ${probe.status}`}): Workers tests skipped`;
  if (process.env.CI) throw new Error(`${reason} — CI must run them`);
  console.warn(reason);
  return { available: false, reason };
}

export interface SentMail {
  headers: IncomingHttpHeaders;
  body: { from: string; to: string[]; subject: string; text: string; reply_to?: string; headers: Record<string, string> };
}

/** The provider's side of the HTTP mail API: records every request, answers as told. */
export class FakeMailApi {
  sent: SentMail[] = [];
  /** Statuses to answer with, one per request, before answering 200 again. */
  failures: number[] = [];
  private server: Server | null = null;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let data = '';
      req.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
      req.on('end', () => {
        const failure = this.failures.shift();
        if (failure) {
          res.writeHead(failure, { 'content-type': 'application/json' }).end(JSON.stringify({ name: 'fake_failure', message: `told to fail with ${failure}` }));
          return;
        }
        this.sent.push({ headers: req.headers, body: JSON.parse(data) as SentMail['body'] });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `fake-${this.sent.length}` }));
      });
    });
    const port = await freePort();
    await new Promise<void>((done) => this.server!.listen(port, '127.0.0.1', done));
    this.url = `http://127.0.0.1:${port}/emails`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((done) => (this.server ? this.server.close(() => done()) : done()));
  }
}

/** A browser-like client over real HTTP: keeps cookies, reads forms' CSRF tokens. */
export class HttpClient {
  cookies = new Map<string, string>();
  csrf = '';

  constructor(private readonly base: string) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('origin', this.base);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(`${this.base}${path}`, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
    }
    return response;
  }

  async get(path: string, init: RequestInit = {}): Promise<{ response: Response; html: string }> {
    const response = await this.request(path, init);
    const html = await response.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html);
    if (token) this.csrf = token[1]!;
    return { response, html };
  }

  async postForm(path: string, fields: Record<string, string>) {
    const response = await this.request(path, { method: 'POST', body: new URLSearchParams({ _csrf: this.csrf, ...fields }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    return { response, html: await response.text() };
  }

  async postJson(path: string, json: unknown) {
    const response = await this.request(path, { method: 'POST', body: JSON.stringify(json), headers: { 'content-type': 'application/json' } });
    return { response, json: (await response.json()) as Record<string, any> };
  }

  async signIn(email = OFFICER.email, password = OFFICER.password): Promise<Response> {
    await this.get('/office/login');
    const { response } = await this.postForm('/office/login', { email, password });
    return response;
  }
}

export interface WorkerHarness {
  url: string;
  persistTo: string;
  mailApi: FakeMailApi;
  dev: DevServer;
  client(): HttpClient;
  /** Reads the Worker's local D1 (wrangler d1 execute), for what no page shows. Reads only. */
  query<T>(sql: string): Promise<T[]>;
  /** A message through the Worker's email() handler, as Email Routing hands it over. */
  email(from: string, to: string, raw: string | Uint8Array): Promise<Response>;
  /** One run of the Worker's scheduled() handler, as the Cron Trigger starts it. */
  scheduled(): Promise<Response>;
  close(): Promise<void>;
}

/**
 * `setupSql` runs on the local D1 after the samples and before workerd starts: while it runs, the
 * database belongs to workerd (reads from outside are fine, writes are not seen by it).
 */
export async function startWorkerHarness(vars: Record<string, string> = {}, options: { setupSql?: string; nodeExport?: string } = {}): Promise<WorkerHarness> {
  const persistTo = mkdtempSync(join(tmpdir(), 'yijian-workerd-'));
  const mailApi = new FakeMailApi();
  await mailApi.start();
  // The samples, or a Node installation moved over with `npm run worker:export` (README).
  await prepareLocalWorkerData({ persistTo }, { samples: !options.nodeExport });
  if (options.nodeExport) {
    await executeD1File(join(options.nodeExport, 'd1.sql'), { persistTo });
    const upload = spawnSync('sh', [join(options.nodeExport, 'upload-r2.sh'), '--local', '--persist-to', persistTo], { cwd: ROOT, env: offlineWranglerEnv(), encoding: 'utf8' });
    if (upload.status !== 0) throw new Error(`upload-r2.sh failed: ${upload.stdout}\n${upload.stderr}`);
  }
  // The README's command for an officer account on the Worker's D1.
  await new Promise<void>((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/worker-user-add.ts', '--email', OFFICER.email, '--role', 'officer', '--password-stdin'], {
      cwd: ROOT,
      env: offlineWranglerEnv({ WORKER_STATE_DIR: persistTo }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('close', (code) => (code === 0 ? done() : fail(new Error(`worker:user-add failed (${code}): ${output}`))));
    child.stdin.end(OFFICER.password);
  });
  if (options.setupSql) await queryD1(options.setupSql, { persistTo });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dev = await startWranglerDev({
    persistTo,
    port,
    vars: { PUBLIC_BASE_URL: url, SECRET: WORKER_SECRET, MAIL_DOMAIN: 'yijian.localhost', MAIL_API_URL: mailApi.url, MAIL_API_KEY: 'test-key', ...vars },
  });
  return {
    url,
    persistTo,
    mailApi,
    dev,
    client: () => new HttpClient(url),
    query: <T>(sql: string) => queryD1<T>(sql, { persistTo }),
    email: (from, to, raw) => fetch(`${url}/cdn-cgi/handler/email?${new URLSearchParams({ from, to })}`, { method: 'POST', body: (typeof raw === 'string' ? new TextEncoder().encode(raw) : raw) as Uint8Array<ArrayBuffer> }),
    scheduled: () => fetch(`${url}/cdn-cgi/handler/scheduled?${new URLSearchParams({ cron: '* * * * *' })}`),
    async close() {
      await dev.stop();
      await mailApi.stop();
      rmSync(persistTo, { recursive: true, force: true });
    },
  };
}

export { runWrangler };
