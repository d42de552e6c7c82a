// /api/openapi.json is generated from the zod schemas that validate the API's requests: every
// route under /api is described, and every response — success and error — parses with the
// schema its route declares for that status (strict objects: an undescribed field fails).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { API_ROUTES } from '../../src/api/routes.tsx';
import { CJ, createTestApp, JURONG, type TestApp, YIXING } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ rateLimit: 3 });
});
afterAll(() => t.close());

type Route = (typeof API_ROUTES)[number];

/** The schema a route declares for one status. */
function schemaFor(route: Route, status: number): z.ZodType | undefined {
  return (route.responses as Record<number, { content?: Record<string, { schema: z.ZodType }> }>)[status]?.content?.['application/json']?.schema;
}

function routeFor(method: string, path: string): Route {
  const route = API_ROUTES.find((r) => r.method === method.toLowerCase() && new RegExp(`^${r.path.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path));
  if (!route) throw new Error(`no API route declared for ${method} ${path}`);
  return route;
}

/** The response's JSON parsed with the schema its route declares for its status. */
async function expectDescribed(response: Response, method: string, path: string) {
  const route = routeFor(method, path);
  const declared = schemaFor(route, response.status);
  expect(declared, `${method} ${path} answered ${response.status}, which its route does not declare`).toBeDefined();
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = await response.json();
  const parsed = declared!.safeParse(body);
  expect(parsed.error?.issues ?? [], `${method} ${path} ${response.status}: ${JSON.stringify(body).slice(0, 300)}`).toEqual([]);
  return body as Record<string, any>;
}

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document for this site, linked from the /api page', async () => {
    const response = await t.client().request('/api/openapi.json');
    expect(response.status).toBe(200);
    const doc = (await response.json()) as Record<string, any>;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: 'http://localhost:8787/api' }]);
    const { html } = await t.client().get('/api');
    expect(html).toContain('href="/api/openapi.json"');
  });

  it('describes every route under /api, and nothing that is not one', async () => {
    const doc = (await (await t.client().request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    const described = Object.entries(doc.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} /api${path}`));
    // The app's own route table: every method and pattern mounted under /api, but the two that
    // are not the API (its HTML page and the description itself).
    const served = new Set(
      t.app.routes
        .filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL')
        .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z]+)/g, '{$1}')}`)
        .filter((route) => route !== 'GET /api/openapi.json'),
    );
    expect([...served].sort()).toEqual([...described].sort());
    expect(described).toHaveLength(4);
  });

  it('takes its request body from the schema the API validates with', async () => {
    const doc = (await (await t.client().request('/api/openapi.json')).json()) as Record<string, any>;
    const post = doc.paths['/consultations/{slug}/comments'].post;
    expect(post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/NewComment' });
    const newComment = doc.components.schemas.NewComment;
    expect(newComment.required).toEqual(['body']);
    expect(newComment.description).toContain('need consent: true');
    expect(Object.keys(newComment.properties).sort()).toEqual(['body', 'consent', 'email', 'name', 'organization', 'paragraphId', 'phone', 'website']);
    expect(newComment.properties.consent.type).toEqual(['boolean', 'null']);
    expect(Object.keys(post.responses).sort()).toEqual(['201', '400', '404', '409', '413', '422', '429']);
    expect(doc.paths['/consultations/{slug}/comments'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['slug', 'page', 'perPage']);
  });
});

describe('responses match their schemas', () => {
  it('lists, one consultation, a page of comments', async () => {
    const list = await expectDescribed(await t.client().request('/api/consultations'), 'GET', '/consultations');
    expect(list.consultations.length).toBeGreaterThan(3);
    for (const slug of [CJ, JURONG, YIXING]) {
      const one = await expectDescribed(await t.client().request(`/api/consultations/${slug}`), 'GET', `/consultations/${slug}`);
      expect(one.slug).toBe(slug);
      const comments = await expectDescribed(await t.client().request(`/api/consultations/${slug}/comments?perPage=2&page=1`), 'GET', `/consultations/${slug}/comments`);
      expect(comments.perPage).toBe(2);
    }
    // Lenient paging, as before the description existed: nonsense falls back to the defaults.
    const lenient = await expectDescribed(await t.client().request(`/api/consultations/${CJ}/comments?page=x&perPage=9999`), 'GET', `/consultations/${CJ}/comments`);
    expect([lenient.page, lenient.perPage]).toEqual([1, 100]);
  });

  it('errors: 404, 400, 422, 409, 429, each an Error with the request id', async () => {
    const missing = await expectDescribed(await t.client().request('/api/consultations/nope'), 'GET', '/consultations/nope');
    expect(missing.requestId).toMatch(/^R(-[0-9A-Z]{4}){3}$/);
    await expectDescribed(await t.client().request('/api/consultations/nope/comments'), 'GET', '/consultations/nope/comments');

    const client = t.client('30.0.0.1');
    const path = `/consultations/${JURONG}/comments`;
    const notJson = await client.request(`/api${path}`, { method: 'POST', body: 'body=hi', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(notJson.status).toBe(400);
    await expectDescribed(notJson, 'POST', path);

    const tooLarge = await client.request(`/api${path}`, { method: 'POST', body: 'x', headers: { 'content-type': 'application/json', 'content-length': String(10 * 1024 * 1024) } });
    expect(tooLarge.status).toBe(413);
    await expectDescribed(tooLarge, 'POST', path);

    const invalid = await client.postJson(`/api${path}`, { body: '短', email: 'a@example.com' });
    expect(invalid.response.status).toBe(422);
    expect(Object.keys(invalid.json.fields).sort()).toEqual(['body', 'consent']);
    expect(schemaFor(routeFor('POST', path), 422)!.safeParse(invalid.json).success).toBe(true);

    const created = await client.postJson(`/api${path}`, { body: '建议补充资金来源的说明。', email: 'a@example.com', consent: true, paragraphId: 'p5' });
    expect(created.response.status).toBe(201);
    expect(schemaFor(routeFor('POST', path), 201)!.safeParse(created.json).success).toBe(true);

    const closed = await t.client('30.0.0.2').request(`/api/consultations/${YIXING}/comments`, {
      method: 'POST',
      body: JSON.stringify({ body: '这份文件已经截止了吗？' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(closed.status).toBe(409);
    await expectDescribed(closed, 'POST', `/consultations/${YIXING}/comments`);

    const flood = t.client('30.0.0.3');
    let last: Response | null = null;
    for (let i = 0; i < 4; i++) {
      last = await flood.request(`/api${path}`, { method: 'POST', body: JSON.stringify({ body: `第${i}条意见，内容足够长。` }), headers: { 'content-type': 'application/json' } });
    }
    expect(last!.status).toBe(429);
    await expectDescribed(last!, 'POST', path);
  });
});
