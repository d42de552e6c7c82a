// Health and tracing: /healthz and /readyz (with Node's own readiness checks, on the real
// server started in this process), the request id on every response and error page, and the
// request log: one entry per request with the route's pattern, never a path, query or person.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import type { RequestLogEntry } from '../../src/http/request-log.ts';
import { type RunningServer, startServer } from '../../src/platform/node/server.ts';
import { CJ, createTestApp, JURONG, type TestApp } from '../helpers/app.ts';
import { freePort } from '../helpers/child.ts';

const REQUEST_ID = /^R(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;

describe('the request id and the request log', () => {
  let t: TestApp;
  const entries: RequestLogEntry[] = [];
  beforeAll(async () => {
    t = await createTestApp({ requestLog: (entry) => entries.push(entry) });
  });
  afterAll(() => t.close());

  it('gives every response its own X-Request-Id, errors included', async () => {
    const ids = new Set<string>();
    for (const path of ['/', `/consultations/${CJ}`, '/nowhere', '/api/consultations/nope', '/healthz']) {
      const response = await t.client().request(path);
      const id = response.headers.get('x-request-id');
      expect(id, path).toMatch(REQUEST_ID);
      ids.add(id!);
    }
    expect(ids.size).toBe(5);
  });

  it('shows the id on error pages and in API errors, so that a complaint can be traced to its log line', async () => {
    const page = await t.client().request('/consultations/no-such-draft');
    expect(page.status).toBe(404);
    const id = page.headers.get('x-request-id')!;
    const html = await page.text();
    expect(html).toContain(`如需反映问题，请告知编号 ${id}。`);
    expect(entries.find((e) => e.requestId === id)).toMatchObject({ method: 'GET', route: '/consultations/:slug', status: 404 });

    const api = await t.client().request('/api/consultations/nope');
    expect(((await api.json()) as { requestId: string }).requestId).toBe(api.headers.get('x-request-id'));

    const english = await t.client().request('/nowhere?lang=en');
    expect(await english.text()).toContain(`If you report this, please quote ${english.headers.get('x-request-id')}.`);
  });

  it('logs one entry per request: time, id, method, route pattern, status and duration', async () => {
    entries.length = 0;
    await t.client().request(`/consultations/${CJ}`);
    await t.client().request('/nowhere/at/all');
    expect(entries).toHaveLength(2);
    const [page, missing] = entries;
    expect(Object.keys(page!).sort()).toEqual(['durationMs', 'method', 'requestId', 'route', 'status', 'time']);
    expect(page).toMatchObject({ method: 'GET', route: '/consultations/:slug', status: 200 });
    expect(page!.durationMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(page!.time)).not.toBeNaN();
    expect(missing).toMatchObject({ route: null, status: 404 });
  });

  it('never logs personal data, tokens, paths as typed or query strings', async () => {
    entries.length = 0;
    const client = t.client('10.9.8.7');
    const form = await client.openForm(JURONG, 'p3');
    expect(form).toContain('name="_csrf"');
    const submitted = await client.postForm(`/consultations/${JURONG}/comments`, {
      paragraphId: 'p3',
      body: '请公开资金使用明细，联系我 13812345678。',
      name: '赵秘密',
      email: 'zhao.secret@example.com',
      phone: '13812345678',
      consent: '1',
    });
    expect(submitted.response.status).toBe(303);
    const receipt = submitted.response.headers.get('location')!;
    const trackingNumber = /YJ-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(receipt)![0];
    await client.get(receipt);
    await client.get(`/track?no=${trackingNumber}&email=zhao.secret@example.com`);
    await client.postJson(`/api/consultations/${JURONG}/comments`, { body: '第二条意见，通过接口提交。', email: 'zhao.secret@example.com', consent: true });
    const log = JSON.stringify(entries);
    for (const secret of ['赵秘密', 'zhao.secret', '13812345678', trackingNumber, client.csrf, '10.9.8.7', '?', 'email=', JURONG]) {
      expect(log, secret).not.toContain(secret);
    }
    expect(entries.map((e) => `${e.method} ${e.route} ${e.status}`)).toEqual([
      'GET /consultations/:slug/comment 200',
      'POST /consultations/:slug/comments 303',
      'GET /consultations/:slug/receipts/:number 200',
      'GET /track 200',
      'POST /api/consultations/:slug/comments 201',
    ]);
  });

  it('answers /healthz and, with the database alone, /readyz', async () => {
    const alive = await t.client().request('/healthz');
    expect(alive.status).toBe(200);
    expect(await alive.json()).toEqual({ status: 'alive' });
    const ready = await t.client().request('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'ok' } });
  });

  it('answers 500 with the id on the page when something breaks', async () => {
    const broken = await createTestApp();
    const errors: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      broken.db.raw.exec('ALTER TABLE consultations RENAME TO consultations_gone');
      const response = await broken.client().request('/');
      expect(response.status).toBe(500);
      const id = response.headers.get('x-request-id')!;
      expect(await response.text()).toContain(id);
      // The stack goes to stderr with the same id, so the log line and the stack meet.
      expect(String(errors[0]?.[0])).toContain(id);
    } finally {
      console.error = original;
      await broken.close();
    }
  });
});

describe('/readyz on the Node server', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'yijian-ready-'));
  let server: RunningServer;
  let base: string;
  beforeAll(async () => {
    const port = await freePort();
    server = await startServer(parseConfig({ PORT: String(port), SMTP_PORT: '0', DATA_DIR: dataDir, PUBLIC_BASE_URL: `http://127.0.0.1:${port}` }), {
      log: () => {},
      requestLog: null,
    });
    base = server.url;
  });
  afterAll(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const readiness = async () => {
    const response = await fetch(`${base}/readyz`);
    return { status: response.status, body: (await response.json()) as { status: string; checks: Record<string, string>; reasons?: string[] } };
  };

  it('is ready when the database answers, migrations are current, the writer runs and the disk has room', async () => {
    expect(await readiness()).toEqual({ status: 200, body: { status: 'ready', checks: { database: 'ok', migrations: 'ok', writer: 'ok', disk: 'ok', shutdown: 'ok' } } });
  });

  it('is not ready, saying why, while a migration is missing', async () => {
    const last = server.db.raw.prepare('SELECT id, name FROM d1_migrations ORDER BY id DESC LIMIT 1').get() as { id: number; name: string };
    server.db.raw.prepare('DELETE FROM d1_migrations WHERE id = ?').run(last.id);
    try {
      const { status, body } = await readiness();
      expect(status).toBe(503);
      expect(body.checks.migrations).toBe(`not applied: ${last.name}`);
      expect(body.reasons).toEqual([`migrations: not applied: ${last.name}`]);
    } finally {
      server.db.raw.prepare('INSERT INTO d1_migrations (id, name) VALUES (?, ?)').run(last.id, last.name);
    }
    expect((await readiness()).status).toBe(200);
  });

  it('is not ready once the writer thread has stopped', async () => {
    await server.db.writer.thread.terminate();
    const { status, body } = await readiness();
    expect(status).toBe(503);
    expect(body.checks.writer).toMatch(/database writer stopped/);
    expect(body.checks.database).toBe('ok');
    // Alive all the same: a restart, not a different backend, is what helps.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});

describe('/readyz when the disk is nearly full', () => {
  it('says how much is free and what it needs', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'yijian-disk-'));
    const port = await freePort();
    // More free space than any disk has: the check must fail, as it would on a full disk.
    const server = await startServer(
      parseConfig({ PORT: String(port), SMTP_PORT: '0', DATA_DIR: dataDir, PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, MIN_FREE_DISK_MB: '1000000000', SEED_SAMPLES: 'false' }),
      { log: () => {}, requestLog: null },
    );
    try {
      const response = await fetch(`${server.url}/readyz`);
      expect(response.status).toBe(503);
      const body = (await response.json()) as { checks: Record<string, string> };
      expect(body.checks.disk).toMatch(/^\d+ MB free on DATA_DIR, below 1000000000 MB$/);
    } finally {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
