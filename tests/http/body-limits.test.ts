// Every route that takes a body has a limit fitting its purpose, and a body over it is refused
// with 413 and a message in the user's language, before it is read. The route table is walked
// as office-roles.test.ts walks it, so a route added later cannot escape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_MAX_BYTES } from '../../src/documents/check.ts';
import { COMMENT_FORM_BYTES, COMMENT_JSON_BYTES, declaredBodyLimit, OFFICE_FORM_BYTES, PUBLIC_BYTES, SIGN_IN_BYTES } from '../../src/http/body-limit.ts';
import { CJ, createTestApp, type TestApp, type TestClient } from '../helpers/app.ts';
import { signIn } from '../helpers/officers.ts';
import { concretePath } from '../helpers/routes.ts';

let t: TestApp;
let admin: TestClient;
beforeAll(async () => {
  t = await createTestApp({ mailMaxBytes: 1024 * 1024 });
  admin = await signIn(t, 'admin');
  await admin.get('/office/password');
});
afterAll(() => t.close());

/** Routes that take a large body on purpose: uploads. Everything else stays small. */
const UPLOADS = new Set(['POST /office/consultations/new', 'POST /office/consultations/:slug/versions', 'POST /office/mail/upload', 'POST /office/units/import', 'POST /office/consultations/:slug/documents']);

function bodyRoutes(): { method: string; path: string }[] {
  const seen = new Map<string, { method: string; path: string }>();
  for (const route of t.app.routes) {
    if (route.method === 'ALL' || route.method === 'GET') continue;
    seen.set(`${route.method} ${route.path}`, { method: route.method, path: route.path });
  }
  return [...seen.values()];
}

/** A request that says it carries `bytes` bytes: the limit must refuse it on that word alone. */
function oversized(client: TestClient, path: string, bytes: number, headers: Record<string, string> = {}) {
  return client.request(path, { method: 'POST', body: 'x', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(bytes), ...headers } });
}

describe('body limits', () => {
  it('give every route that takes a body a limit, and only uploads more than an office form', async () => {
    const routes = bodyRoutes();
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      const declared = t.app.routes.filter((r) => r.path === route.path && r.method === route.method).map((r) => declaredBodyLimit(r.handler)).find((l) => l !== undefined);
      const key = `${route.method} ${route.path}`;
      if (UPLOADS.has(key)) expect(declared, key).toBeDefined();
      else if (typeof declared === 'number') expect(declared, key).toBeLessThanOrEqual(OFFICE_FORM_BYTES);
      else expect(declared, key).toBeUndefined();
    }
  });

  it('refuse, as a signed-in admin, a body one byte over the limit on every route, with 413 and a reason', async () => {
    const limitOf = (key: string, path: string) => {
      if (key === 'POST /office/login') return SIGN_IN_BYTES;
      if (key === 'POST /consultations/:slug/comments') return COMMENT_FORM_BYTES;
      if (key === 'POST /api/consultations/:slug/comments') return COMMENT_JSON_BYTES;
      if (key === 'POST /office/consultations/new' || key === 'POST /office/consultations/:slug/versions') return 8 * 1024 * 1024;
      if (key === 'POST /office/units/import') return 5 * 1024 * 1024 + 64 * 1024;
      if (key === 'POST /office/mail/upload') return 4 * 1024 * 1024 + 64 * 1024;
      if (key === 'POST /office/consultations/:slug/documents') return DOCUMENT_MAX_BYTES + 512 * 1024;
      return path.startsWith('/office/') ? OFFICE_FORM_BYTES : PUBLIC_BYTES;
    };
    for (const route of bodyRoutes()) {
      const key = `${route.method} ${route.path}`;
      const path = concretePath(route.path);
      const limit = limitOf(key, path);
      const over = await oversized(admin, path, limit + 1);
      expect(over.status, key).toBe(413);
      expect(await over.text(), key).toMatch(/过大|超过/);
      const within = await oversized(admin, path, limit);
      expect(within.status, key).not.toBe(413);
    }
  });

  it('word the refusal in the user language: English on request, JSON for the API', async () => {
    const page = await oversized(t.client(), `/consultations/${CJ}/comments?lang=en`, 10 * 1024 * 1024);
    expect(page.status).toBe(413);
    expect(await page.text()).toContain('What was sent is too large: this accepts at most 128 KB.');
    const api = await oversized(t.client(), `/api/consultations/${CJ}/comments`, 10 * 1024 * 1024, { 'content-type': 'application/json', 'accept-language': 'en' });
    expect(api.status).toBe(413);
    expect(await api.json()).toMatchObject({ error: 'too_large', message: 'What was sent is too large: this accepts at most 64 KB.' });
    const zh = await oversized(t.client(), '/office/login', 10 * 1024 * 1024);
    expect(await zh.text()).toContain('提交的内容过大：这里最多接受 16 KB。');
  });

  it('count a chunked body as it arrives and refuse it at the limit', async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 16 * 1024;
        if (pulled > 10 * 1024 * 1024) controller.close();
        else controller.enqueue(new Uint8Array(16 * 1024).fill(0x61));
      },
    });
    const response = await t.client().request(`/api/consultations/${CJ}/comments`, { method: 'POST', body: stream, headers: { 'content-type': 'application/json' }, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(413);
    // Read up to the limit and a little more, never the ten megabytes offered.
    expect(pulled).toBeLessThan(COMMENT_JSON_BYTES + 256 * 1024);
  });
});
