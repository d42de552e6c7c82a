import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app.tsx';
import type { PasswordHasher } from '../../src/auth/passwords.ts';
import type { RequestLogger } from '../../src/http/request-log.ts';
import type { MailReader } from '../../src/mail/inbound/reading.ts';
import { openMigratedDatabase } from '../../src/platform/node/data-dir.ts';
import { nodePasswordHasher } from '../../src/platform/node/passwords.ts';
import { readSampleDocuments } from '../../src/platform/node/project-files.ts';
import { loadSamples } from '../../seeds/samples.ts';

/** 2026-11-21 10:00 Beijing time: the samples' windows are laid out around this instant. */
export const TEST_NOW = new Date('2026-11-21T10:00:00+08:00');

export interface TestApp {
  app: ReturnType<typeof createApp>['app'];
  services: ReturnType<typeof createApp>['services'];
  db: ReturnType<typeof openMigratedDatabase>['db'];
  dataDir: string;
  now(): Date;
  setNow(instant: Date): void;
  client(address?: string): TestClient;
  close(): Promise<void>;
}

export interface TestAppOptions {
  rateLimit?: number;
  samples?: boolean;
  mailMaxBytes?: number;
  requestLog?: RequestLogger;
  retentionDays?: number;
  /** The platform's password hasher (default: Node's scrypt), e.g. one that counts its calls. */
  passwords?: PasswordHasher;
  /** Open the database of another harness (a second process on the same file); it is not removed on close. */
  dataDir?: string;
  /** Where the office's mail pages read mail (the server's worker threads); this thread when absent. */
  mailReader?: MailReader;
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const shared = options.dataDir !== undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'yijian-test-'));
  const { db } = openMigratedDatabase(dataDir);
  let now = TEST_NOW;
  if (options.samples !== false && !shared) await loadSamples(db, readSampleDocuments(), now);
  const { app, services } = createApp({
    db,
    clock: () => now,
    passwords: options.passwords ?? nodePasswordHasher,
    settings: {
      publicBaseUrl: 'http://localhost:8787',
      secret: 'test-secret-that-is-long-enough-0123456789',
      commentRateLimit: { limit: options.rateLimit ?? 1000, windowSeconds: 600 },
      benchRoutes: false,
      mailDomain: 'yijian.localhost',
      ...(options.mailMaxBytes ? { mailMaxBytes: options.mailMaxBytes } : {}),
      ...(options.retentionDays ? { retentionDays: options.retentionDays } : {}),
    },
    clientAddress: (c) => c.req.header('x-test-client') ?? '127.0.0.1',
    ...(options.mailReader ? { mailReader: options.mailReader } : {}),
    ...(options.requestLog ? { requestLog: options.requestLog } : {}),
  });
  const harness: TestApp = {
    app,
    services,
    db,
    dataDir,
    now: () => now,
    setNow: (instant) => {
      now = instant;
    },
    client: (address = '127.0.0.1') => new TestClient(harness, address),
    async close() {
      await db.close();
      if (!shared) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** Sends requests to the app the way a browser would: keeps cookies, reads forms' CSRF tokens. */
export class TestClient {
  cookies = new Map<string, string>();
  csrf = '';

  constructor(
    private readonly harness: TestApp,
    private readonly address: string,
  ) {}

  async request(path: string, init: RequestInit & { htmx?: boolean } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('x-test-client', this.address);
    if (init.htmx) headers.set('hx-request', 'true');
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await this.harness.app.request(`http://localhost:8787${path}`, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = pair!.split('=');
      this.cookies.set(name!.trim(), value!.trim());
    }
    return response;
  }

  async get(path: string, init: RequestInit & { htmx?: boolean } = {}): Promise<{ response: Response; html: string }> {
    const response = await this.request(path, init);
    const html = await response.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html);
    if (token) this.csrf = token[1]!;
    return { response, html };
  }

  /** Opens the comment form for a paragraph (or the whole draft), which hands out a CSRF token. */
  async openForm(slug: string, paragraphId?: string): Promise<string> {
    const { html } = await this.get(`/consultations/${slug}/comment${paragraphId ? `?on=${paragraphId}` : ''}`);
    return html;
  }

  async postForm(path: string, fields: Record<string, string>, init: { htmx?: boolean; headers?: Record<string, string> } = {}) {
    const body = new URLSearchParams({ _csrf: this.csrf, ...fields });
    const response = await this.request(path, {
      method: 'POST',
      body,
      htmx: init.htmx,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...init.headers },
    });
    return { response, html: await response.text() };
  }

  async postJson(path: string, json: unknown, headers: Record<string, string> = {}) {
    const response = await this.request(path, {
      method: 'POST',
      body: typeof json === 'string' ? json : JSON.stringify(json),
      headers: { 'content-type': 'application/json', ...headers },
    });
    return { response, json: (await response.json()) as Record<string, any> };
  }
}

export const CJ = 'changjiang-2022-yangtze-work-points';
export const JURONG = 'jurong-2024-work-report';
export const JIANGYIN = 'jiangyin-2022-resolutions-report';
export const YIXING = 'yixing-2020-key-tasks';
