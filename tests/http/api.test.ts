import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CJ, createTestApp, JIANGYIN, JURONG, type TestApp, YIXING } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ rateLimit: 50 });
});
afterAll(() => t.close());

describe('GET /api/consultations', () => {
  it('lists the published consultations with their window and status', async () => {
    const response = await t.client().request('/api/consultations');
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const { consultations } = (await response.json()) as { consultations: Record<string, any>[] };
    const bySlug = Object.fromEntries(consultations.map((c) => [c.slug, c]));
    expect(bySlug[CJ]).toMatchObject({
      title: '2022年景德镇市昌江区推进长江经济带发展工作要点',
      status: 'open',
      window: { opensAt: '2026-11-13T16:00:00.000Z', closesAt: '2026-12-12T15:59:59.000Z', daysLeft: 21 },
      commentCount: 4,
      url: `http://localhost:8787/consultations/${CJ}`,
    });
    expect(bySlug[JIANGYIN].status).toBe('upcoming');
    expect(bySlug[YIXING].status).toBe('closed');
  });
});

describe('GET /api/consultations/:slug', () => {
  it('serves the draft tree, metadata and import report, in the shape the importer prints', async () => {
    const body = (await (await t.client().request(`/api/consultations/${CJ}`)).json()) as Record<string, any>;
    expect(Object.keys(body)).toEqual(expect.arrayContaining(['title', 'meta', 'report', 'body', 'window', 'status']));
    expect(body.meta.deadline).toBe('2022-04-19');
    expect(body.report.warnings.map((w: { code: string }) => w.code)).toContain('deadline-before-publish');
    expect(body.body).toHaveLength(7);
    const section2 = body.body.find((n: { id: string }) => n.id === 's2');
    expect(section2.children.map((n: { id: string }) => n.id)).toEqual(['p3', 's2-1', 's2-2', 's2-3']);
    const item3 = section2.children.length && body.body.find((n: { id: string }) => n.id === 's1').children.find((n: { id: string }) => n.id === 'i3');
    expect(item3).toEqual({
      id: 'i3',
      kind: 'item',
      label: '3.',
      number: 3,
      title: '扎实推进其他反馈问题整改',
      text: '扎实推进其他反馈问题整改。深入推进长江经济带审计指出问题、中央生态环境保护督察反馈问题等其他国家和省级层面反馈问题整改,查漏补缺。',
      responsible: { lead: ['区生态环境局'], support: ['区直有关单位'] },
      children: [],
    });
  });

  it('answers 404 as JSON for an unknown slug', async () => {
    const response = await t.client().request('/api/consultations/nope');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'not_found' });
  });
});

describe('GET /api/consultations/:slug/comments', () => {
  it('lists published comments only, newest first, with no contact details', async () => {
    const body = (await (await t.client().request(`/api/consultations/${CJ}/comments`)).json()) as Record<string, any>;
    expect(body.total).toBe(4);
    expect(body.comments).toHaveLength(4);
    for (const comment of body.comments) {
      expect(Object.keys(comment).sort()).toEqual(['body', 'channel', 'name', 'organization', 'paragraphId', 'publishedAt']);
    }
    expect(body.comments.map((c: { paragraphId: string | null }) => c.paragraphId).sort()).toEqual(['i15', 'i4', 'i4', null].sort());
    expect(JSON.stringify(body)).not.toContain('农田地膜回收');
  });
});

describe('POST /api/consultations/:slug/comments', () => {
  it('takes a comment and answers 201 with its tracking number and status', async () => {
    const { response, json } = await t.client('20.0.0.1').postJson(`/api/consultations/${JURONG}/comments`, {
      paragraphId: 'p5',
      body: '建议在报告中说明农文旅融合项目的资金来源。',
      name: '陈六',
      organization: null,
      email: 'chen@example.com',
      // Contact details need the commenter's consent (issue 14, PIPL).
      consent: true,
    });
    expect(response.status).toBe(201);
    expect(json).toMatchObject({ status: 'published', paragraphId: 'p5' });
    expect(json.trackingNumber).toMatch(/^YJ-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const row = t.db.raw.prepare('SELECT status, contact_email, channel FROM comments WHERE tracking_number = ?').get(json.trackingNumber);
    expect(row).toEqual({ status: 'published', contact_email: 'chen@example.com', channel: 'web' });
  });

  it('answers 422 with field errors in Chinese, or English when asked', async () => {
    const zh = await t.client('20.0.0.2').postJson(`/api/consultations/${CJ}/comments`, { body: '短', email: 'bad' });
    expect(zh.response.status).toBe(422);
    expect(zh.json).toMatchObject({ error: 'validation', fields: { body: '意见内容至少 5 个字。', email: '电子邮箱格式不正确，例如 name@example.com。' } });
    const en = await t.client('20.0.0.2').postJson(`/api/consultations/${CJ}/comments`, { body: 'ok' }, { 'accept-language': 'en-GB,en;q=0.9' });
    expect(en.json.fields.body).toBe('A comment needs at least 5 characters.');
    const unknown = await t.client('20.0.0.2').postJson(`/api/consultations/${CJ}/comments`, { paragraphId: 's1', body: '对标题的意见，应被拒绝。' });
    expect(unknown.response.status).toBe(422);
    expect(unknown.json.fields.paragraphId).toContain('找不到要评论的条款');
  });

  it('answers 400 to a body that is not JSON', async () => {
    const client = t.client('20.0.0.3');
    const notJson = await client.request(`/api/consultations/${CJ}/comments`, { method: 'POST', body: 'body=hello', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(notJson.status).toBe(400);
    const broken = await client.postJson(`/api/consultations/${CJ}/comments`, '{"body": "unterminated');
    expect(broken.response.status).toBe(400);
    expect(broken.json.error).toBe('bad_request');
  });

  it('answers 409 when the window is closed or not yet open', async () => {
    const closed = await t.client('20.0.0.4').postJson(`/api/consultations/${YIXING}/comments`, { body: '已经结束的征求意见。' });
    expect(closed.response.status).toBe(409);
    expect(closed.json.error).toBe('closed');
    const upcoming = await t.client('20.0.0.4').postJson(`/api/consultations/${JIANGYIN}/comments`, { body: '尚未开始的征求意见。' });
    expect(upcoming.response.status).toBe(409);
    expect(upcoming.json.error).toBe('not_open');
  });

  it('answers 429 with Retry-After when a client sends too many', async () => {
    const client = t.client('20.0.0.5');
    let last: Awaited<ReturnType<typeof client.postJson>> | null = null;
    for (let i = 0; i < 51; i++) last = await client.postJson(`/api/consultations/${CJ}/comments`, { body: `限流测试意见第${i}条。` });
    expect(last!.response.status).toBe(429);
    expect(last!.json.error).toBe('rate_limited');
    expect(Number(last!.response.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('numeric parameters', () => {
  it('bounds the page and the page size: numbers past any integer, negative or not numbers never reach the database', async () => {
    const cases: [string, number, number][] = [
      ['page=99999999999999999999', 100_000, 50],
      ['page=100001', 100_000, 50],
      ['page=0', 1, 50],
      ['page=-1', 1, 50],
      ['page=abc', 1, 50],
      ['perPage=99999999999999999999', 1, 100],
      ['perPage=0', 1, 1],
    ];
    for (const [query, page, perPage] of cases) {
      const response = await t.client().request(`/api/consultations/${CJ}/comments?${query}`);
      expect(response.status, query).toBe(200);
      const body = (await response.json()) as { page: number; perPage: number; comments: unknown[] };
      expect([body.page, body.perPage], query).toEqual([page, perPage]);
    }
    const last = (await (await t.client().request(`/api/consultations/${CJ}/comments?page=99999999999999999999`)).json()) as { comments: unknown[] };
    expect(last.comments).toEqual([]);
  });
});
