import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databasePath } from '../../src/platform/node/data-dir.ts';
import { CJ, createTestApp, JIANGYIN, JURONG, type TestApp, YIXING } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

function commentRows(trackingNumber: string) {
  // A second, independent connection to the same file: what is here was committed.
  const raw = new Database(databasePath(t.dataDir), { readonly: true });
  try {
    return raw.prepare('SELECT * FROM comments WHERE tracking_number = ?').all(trackingNumber) as Record<string, unknown>[];
  } finally {
    raw.close();
  }
}

describe('home page', () => {
  it('lists open consultations closing soonest first, then upcoming and closed ones', async () => {
    const { response, html } = await t.client().get('/');
    expect(response.status).toBe(200);
    const open = html.slice(html.indexOf('id="yj-open"'), html.indexOf('id="yj-upcoming"'));
    const upcoming = html.slice(html.indexOf('id="yj-upcoming"'), html.indexOf('id="yj-closed"'));
    const closed = html.slice(html.indexOf('id="yj-closed"'));
    expect(open.indexOf('2024年句容市政府工作報告')).toBeGreaterThan(0);
    expect(open.indexOf('2024年句容市政府工作報告')).toBeLessThan(open.indexOf('2022年景德镇市昌江区推进长江经济带发展工作要点'));
    expect(upcoming).toContain('关于市人大有关决议落实情况');
    expect(closed).toContain('市政府关于印发2020年重点工作分解落实方案的通知');
    expect(closed).toContain('2021年常熟市政府工作报告');
    expect(open).toContain('还剩 10 天');
  });
});

describe('consultation page', () => {
  it('shows the notice: drafter, window in Beijing time, web and email feedback, contact', async () => {
    const { html } = await t.client().get(`/consultations/${CJ}`);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('昌江区发改委');
    expect(html).toContain('截止 2026年12月12日 23:59');
    expect(html).toContain('还剩 21 天');
    expect(html).toContain('2026年11月14日 00:00 至 2026年12月12日 23:59');
    expect(html).toContain('发送至 cjqfgw@163.com');
    expect(html).toContain('余峣');
    expect(html).toContain('0798-8389957');
  });

  it('gives every commentable unit an anchor, a comment count and a 我要提意见 control that works with and without JavaScript', async () => {
    const { html } = await t.client().get(`/consultations/${CJ}`);
    for (let n = 1; n <= 30; n++) expect(html).toContain(`id="i${n}"`);
    expect(html).toMatch(/<a class="button button-small" href="\/consultations\/[^"]+\/comment\?on=i4" hx-get="\/consultations\/[^"]+\/comment\?on=i4" hx-target="#yj-slot-i4"/);
    expect(html).toContain('查看 2 条意见');
    expect(html).toContain('牵头单位');
    expect(html).toContain('区生态环境局');
    // The table of contents reaches every section and item.
    expect(html).toContain('href="#s2-1"');
    expect(html).toContain('href="#i30"');
  });

  it('shows published comments newest first and never a pending one', async () => {
    const { html } = await t.client().get(`/consultations/${CJ}`);
    const block = html.slice(html.indexOf('id="i4"'), html.indexOf('id="i5"'));
    const older = block.indexOf('建议明确农村生活污水处理设施');
    const newer = block.indexOf('黑臭水体排查的完成时限');
    expect(older).toBeGreaterThan(0);
    expect(newer).toBeGreaterThan(0);
    expect(newer).toBeLessThan(older);
    expect(html).not.toContain('农田地膜回收的具体目标');
  });

  it('serves the page from cache and answers 304 to a matching ETag', async () => {
    const client = t.client();
    const first = await client.request(`/consultations/${CJ}`);
    const etag = first.headers.get('etag')!;
    expect(etag).toBeTruthy();
    const second = await client.request(`/consultations/${CJ}`, { headers: { 'if-none-match': etag } });
    expect(second.status).toBe(304);
  });

  it('sends the cached page gzipped to browsers that accept it', async () => {
    const client = t.client();
    const plain = await client.request(`/consultations/${CJ}`);
    const zipped = await client.request(`/consultations/${CJ}`, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    const compressed = new Uint8Array(await zipped.arrayBuffer());
    const unzipped = await new Response(new Blob([compressed]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
    expect(unzipped).toBe(await plain.text());
    expect(compressed.byteLength).toBeLessThan(unzipped.length / 3);
  });

  it('shows 已结束 and no form on a closed consultation, and when an upcoming one opens', async () => {
    const closed = await t.client().get(`/consultations/${YIXING}`);
    expect(closed.html).toContain('已结束');
    expect(closed.html).toContain('本次征求意见已结束，不再接受意见。');
    expect(closed.html).not.toContain('我要提意见');
    expect(closed.html).not.toContain('/comment?on=');
    const upcoming = await t.client().get(`/consultations/${JIANGYIN}`);
    expect(upcoming.html).toContain('将于 2026年11月26日 00:00 开始');
    expect(upcoming.html).not.toContain('/comment?on=');
  });

  it('answers 404 in Chinese for an unknown consultation', async () => {
    const { response, html } = await t.client().get('/consultations/no-such-thing');
    expect(response.status).toBe(404);
    expect(html).toContain('找不到该征求意见');
  });

  it('offers English on request and keeps the choice', async () => {
    const client = t.client();
    const { html } = await client.get(`/consultations/${CJ}?lang=en`);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Closes 12 Dec 2026, 23:59');
    const again = await client.get('/');
    expect(again.html).toContain('Open for comment');
  });
});

describe('search', () => {
  it('matches simplified and traditional forms alike', async () => {
    const simplified = await t.client().get(`/search?q=${encodeURIComponent('现在我代表句容市人民政府')}`);
    expect(simplified.html).toContain(`href="/consultations/${JURONG}#p1"`);
    const traditional = await t.client().get(`/search?q=${encodeURIComponent('長江經濟帶發展宣傳工作')}`);
    expect(traditional.html).toContain(`href="/consultations/${CJ}#i30"`);
    expect(traditional.html).toContain('找到 1 处');
  });

  it('does not search drafts that are not published', async () => {
    t.db.raw.prepare("UPDATE consultations SET state = 'draft' WHERE slug = ?").run(YIXING);
    try {
      const { html } = await t.client().get(`/search?q=${encodeURIComponent('加快推进农业现代化建设')}`);
      expect(html).toContain('没有找到相关内容。');
    } finally {
      t.db.raw.prepare("UPDATE consultations SET state = 'published' WHERE slug = ?").run(YIXING);
    }
  });
});

describe('the comment form', () => {
  it('is a full page with the paragraph quoted, without JavaScript', async () => {
    const { response, html } = await t.client().get(`/consultations/${CJ}/comment?on=i4`);
    expect(response.status).toBe(200);
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('对「第4项」提意见');
    expect(html).toContain('深入推进城镇污水垃圾处理');
    expect(html).toMatch(/name="_csrf" value="[A-Za-z0-9_-]{32}"/);
  });

  it('is just the form fragment when htmx asks', async () => {
    const { html } = await t.client().get(`/consultations/${CJ}/comment?on=i4`, { htmx: true });
    expect(html).toMatch(/^<form class="comment-form"/);
    expect(html).not.toContain('<html');
    expect(html).toContain('hx-post="/consultations/changjiang-2022-yangtze-work-points/comments"');
  });

  it('refuses headings and unknown paragraphs', async () => {
    expect((await t.client().get(`/consultations/${CJ}/comment?on=s1`)).response.status).toBe(404);
    expect((await t.client().get(`/consultations/${CJ}/comment?on=zz9`)).response.status).toBe(404);
  });
});

describe('submitting a comment', () => {
  it('stores it durably, then answers 303 to a receipt with a tracking number (after review by default)', async () => {
    const client = t.client('10.0.0.1');
    await client.openForm(CJ, 'i4');
    const { response } = await client.postForm(`/consultations/${CJ}/comments`, {
      paragraphId: 'i4',
      body: '建议把第4项的污水处理设施运维经费列入年度预算。',
      name: '张三',
      organization: '',
      email: 'zhangsan@example.com',
      phone: '13912345678',
      // Contact details need the commenter's consent (issue 14, PIPL).
      consent: '1',
    });
    expect(response.status).toBe(303);
    const location = response.headers.get('location')!;
    const trackingNumber = /\/receipts\/(YJ-[0-9A-Z]{4}-[0-9A-Z]{4})$/.exec(location)![1]!;
    const [row] = commentRows(trackingNumber);
    expect(row).toMatchObject({ status: 'pending', channel: 'web', author_name: '张三', contact_email: 'zhangsan@example.com', contact_phone: '13912345678' });

    const receipt = await client.get(location);
    expect(receipt.html).toContain(trackingNumber);
    expect(receipt.html).toContain('您的意见经审核后公开。');

    const track = await t.client().get(`/track?no=${trackingNumber.toLowerCase().replace(/-/g, ' ')}`);
    expect(track.html).toContain('待审核');
    expect(track.html).toContain('第4项 深入推进城镇污水垃圾处理');
    // Pending comments are not on the public page.
    expect((await t.client().get(`/consultations/${CJ}`)).html).not.toContain('运维经费列入年度预算');
  });

  it('returns the receipt as a fragment to htmx', async () => {
    const client = t.client('10.0.0.2');
    await client.openForm(CJ, 'i7');
    const { response, html } = await client.postForm(`/consultations/${CJ}/comments`, { paragraphId: 'i7', body: '建议补充长江禁捕退捕渔民的转产就业保障措施。' }, { htmx: true });
    expect(response.status).toBe(200);
    expect(html).toMatch(/^<div class="receipt"/);
    expect(html).toMatch(/YJ-[0-9A-Z]{4}-[0-9A-Z]{4}/);
  });

  it('publishes at once where the consultation says so, and the page shows it', async () => {
    const client = t.client('10.0.0.3');
    await client.openForm(JURONG, 'p1');
    const before = (await t.client().get(`/consultations/${JURONG}`)).html;
    expect(before).not.toContain('希望报告附上主要指标完成情况表');
    const { response } = await client.postForm(`/consultations/${JURONG}/comments`, { paragraphId: 'p1', body: '希望报告附上主要指标完成情况表。' });
    expect(response.status).toBe(303);
    const receipt = await client.get(response.headers.get('location')!);
    expect(receipt.html).toContain('您的意见已公开。');
    const after = (await t.client().get(`/consultations/${JURONG}`)).html;
    const block = after.slice(after.indexOf('id="p1"'), after.indexOf('id="s1"'));
    expect(block).toContain('希望报告附上主要指标完成情况表');
    expect(block).toContain('1 条意见');
  });

  it('takes a comment on the whole draft', async () => {
    const client = t.client('10.0.0.4');
    await client.openForm(JURONG);
    const { response } = await client.postForm(`/consultations/${JURONG}/comments`, { paragraphId: '', body: '整体建议：请同时公布简体字版本。' });
    expect(response.status).toBe(303);
    const page = (await t.client().get(`/consultations/${JURONG}`)).html;
    expect(page.slice(page.indexOf('id="yj-general"'))).toContain('整体建议：请同时公布简体字版本。');
  });

  it('keeps a honeypot submission as spam instead of losing it', async () => {
    const client = t.client('10.0.0.5');
    await client.openForm(CJ, 'i5');
    const { response } = await client.postForm(`/consultations/${CJ}/comments`, { paragraphId: 'i5', body: '优惠促销，点击链接领取奖品！', website: 'http://spam.example' });
    const trackingNumber = /YJ-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(response.headers.get('location')!)![0];
    expect(commentRows(trackingNumber)[0]).toMatchObject({ status: 'spam', status_reason: 'honeypot' });
  });

  it('stores every one of many simultaneous submissions, each with its own number', async () => {
    const clients = Array.from({ length: 40 }, (_, i) => t.client(`10.1.0.${i}`));
    await Promise.all(clients.map((c) => c.openForm(CJ, 'i9')));
    const results = await Promise.all(
      clients.map((c, i) => c.postForm(`/consultations/${CJ}/comments`, { paragraphId: 'i9', body: `第${i}号并发意见：湿地保护需要更多投入。` })),
    );
    const numbers = results.map((r) => /YJ-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(r.response.headers.get('location') ?? '')?.[0]);
    expect(numbers.every(Boolean)).toBe(true);
    expect(new Set(numbers).size).toBe(40);
    for (const n of numbers) expect(commentRows(n!)).toHaveLength(1);
  });
});

describe('the full list of comments on a paragraph', () => {
  it('pages 20 at a time, newest first, with a "more" fragment for htmx', async () => {
    const row = t.db.raw.prepare("SELECT id FROM consultations WHERE slug = ?").get(JURONG) as { id: number };
    const block = t.db.raw.prepare("SELECT id FROM blocks WHERE consultation_id = ? AND key = 'p20'").get(row.id) as { id: number };
    const insert = t.db.raw.prepare(
      "INSERT INTO comments (consultation_id, block_id, tracking_number, channel, body, status, received_at, published_at, created_at) VALUES (?, ?, ?, 'web', ?, 'published', ?, ?, ?)",
    );
    for (let i = 1; i <= 25; i++) {
      const at = new Date(Date.UTC(2026, 10, 20, 0, i)).toISOString();
      insert.run(row.id, block.id, `YJ-PAGE-${String(i).padStart(4, '0')}`, `分页测试意见${i}号`, at, at, at);
    }
    t.db.raw.prepare('UPDATE blocks SET comment_count = comment_count + 25 WHERE id = ?').run(block.id);
    t.db.raw.prepare('UPDATE consultations SET version = version + 1 WHERE id = ?').run(row.id);
    // Written behind the app's back, as another process would: seen at the next re-check.
    t.setNow(new Date(t.now().getTime() + 2000));

    const first = await t.client().get(`/consultations/${JURONG}/blocks/p20/comments`);
    expect(first.html).toContain('全部 25 条意见');
    expect((first.html.match(/分页测试意见\d+号/g) ?? [])[0]).toBe('分页测试意见25号');
    expect(first.html.match(/分页测试意见\d+号/g)).toHaveLength(20);
    expect(first.html).toContain(`hx-get="/consultations/${JURONG}/blocks/p20/comments?page=2"`);

    const second = await t.client().get(`/consultations/${JURONG}/blocks/p20/comments?page=2`, { htmx: true });
    expect(second.html).not.toContain('<html');
    expect(second.html.match(/分页测试意见\d+号/g)).toEqual(['分页测试意见5号', '分页测试意见4号', '分页测试意见3号', '分页测试意见2号', '分页测试意见1号']);
    expect(second.html).not.toContain('page=3');

    // The draft page shows the three newest under the paragraph and links to the rest.
    const page = (await t.client().get(`/consultations/${JURONG}`)).html;
    t.setNow(new Date(t.now().getTime() - 2000));
    const section = page.slice(page.indexOf('id="p20"'), page.indexOf('id="p21"'));
    expect(section.match(/分页测试意见\d+号/g)).toEqual(['分页测试意见25号', '分页测试意见24号', '分页测试意见23号']);
    expect(section).toContain('查看 25 条意见');
  });
});

describe('validation', () => {
  const submit = async (fields: Record<string, string>, htmx = false) => {
    const client = t.client('10.2.0.1');
    await client.openForm(CJ, 'i4');
    return client.postForm(`/consultations/${CJ}/comments`, { paragraphId: 'i4', ...fields }, { htmx });
  };

  it('puts a Chinese error next to a too-short comment and keeps what was typed', async () => {
    const { response, html } = await submit({ body: '太短了', name: '李四', email: 'lisi@example.com' });
    expect(response.status).toBe(422);
    expect(html).toContain('意见内容至少 5 个字。');
    expect(html).toMatch(/<p class="error-text" id="yj-form-i4-body-error">意见内容至少 5 个字。<\/p>/);
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('>太短了</textarea>');
    expect(html).toContain('value="李四"');
    expect(html).toContain('value="lisi@example.com"');
  });

  it('counts characters, not bytes: 5 Chinese characters pass, 5001 do not', async () => {
    expect((await submit({ body: '五个汉字啊' })).response.status).toBe(303);
    const long = await submit({ body: '长'.repeat(5001) });
    expect(long.response.status).toBe(422);
    expect(long.html).toContain('意见内容不能超过 5000 个字，目前 5001 个字。');
  });

  it('rejects a malformed email and phone with specific messages', async () => {
    const { html } = await submit({ body: '这是一条有效的意见内容。', email: 'not-an-email', phone: 'call me' });
    expect(html).toContain('电子邮箱格式不正确');
    expect(html).toContain('联系电话格式不正确');
  });

  it('returns the form with its errors as a fragment to htmx', async () => {
    const { response, html } = await submit({ body: '' }, true);
    expect(response.status).toBe(422);
    expect(html).toMatch(/^<form class="comment-form"/);
    expect(html).toContain('请填写意见内容。');
  });

  it('requires a name where the consultation asks for one', async () => {
    t.db.raw.prepare('UPDATE consultations SET require_name = 1 WHERE slug = ?').run(YIXING);
    t.db.raw.prepare("UPDATE consultations SET closes_at = '2027-01-01T00:00:00.000Z', opens_at = '2026-01-01T00:00:00.000Z' WHERE slug = ?").run(YIXING);
    t.services.consultationChanged(YIXING);
    const client = t.client('10.2.0.2');
    await client.openForm(YIXING, 's2-1-i1');
    const { response, html } = await client.postForm(`/consultations/${YIXING}/comments`, { paragraphId: 's2-1-i1', body: '建议细化农业现代化的量化指标。' });
    expect(response.status).toBe(422);
    expect(html).toContain('本次征求意见要求填写姓名。');
  });
});

describe('the deadline', () => {
  it('accepts a comment one second before the close and refuses one a second after, giving the text back', async () => {
    const row = t.db.raw.prepare('SELECT closes_at FROM consultations WHERE slug = ?').get(CJ) as { closes_at: string };
    const closesAt = new Date(row.closes_at);
    expect(closesAt.toISOString()).toBe('2026-12-12T15:59:59.000Z');
    const client = t.client('10.3.0.1');
    await client.openForm(CJ, 'i4');
    try {
      t.setNow(new Date(closesAt.getTime() - 1000));
      const before = await client.postForm(`/consultations/${CJ}/comments`, { paragraphId: 'i4', body: '截止前一秒提交的意见。' });
      expect(before.response.status).toBe(303);

      t.setNow(new Date(closesAt.getTime() + 1000));
      const after = await client.postForm(`/consultations/${CJ}/comments`, { paragraphId: 'i4', body: '截止后一秒提交的意见。' });
      expect(after.response.status).toBe(409);
      expect(after.html).toContain('本次征求意见已于 2026年12月12日 23:59 截止，您的意见没有提交。');
      expect(after.html).toContain('截止后一秒提交的意见。');
      const stored = t.db.raw.prepare("SELECT count(*) AS n FROM comments WHERE body = '截止后一秒提交的意见。'").get() as { n: number };
      expect(stored.n).toBe(0);

      const page = await t.client().get(`/consultations/${CJ}`);
      expect(page.html).toContain('已结束');
      expect(page.html).not.toContain('/comment?on=');
    } finally {
      t.setNow(new Date('2026-11-21T02:00:00.000Z'));
    }
  });

  it('takes a window closed by another process within a second, version bump or not', async () => {
    const row = t.db.raw.prepare('SELECT closes_at FROM consultations WHERE slug = ?').get(JURONG) as { closes_at: string };
    const before = t.now();
    try {
      expect((await t.client().get(`/consultations/${JURONG}`)).html).toContain('/comment?on=');
      t.db.raw.prepare('UPDATE consultations SET closes_at = ? WHERE slug = ?').run(new Date(before.getTime() - 60_000).toISOString(), JURONG);
      t.setNow(new Date(before.getTime() + 2000));
      const page = await t.client().get(`/consultations/${JURONG}`);
      expect(page.html).toContain('本次征求意见已结束');
      expect(page.html).not.toContain('/comment?on=');
    } finally {
      t.db.raw.prepare('UPDATE consultations SET closes_at = ? WHERE slug = ?').run(row.closes_at, JURONG);
      t.services.consultationChanged(JURONG);
      t.setNow(before);
    }
  });

  it('refuses before an upcoming consultation opens', async () => {
    const client = t.client('10.3.0.2');
    await client.openForm(CJ, 'i4');
    const { response, html } = await client.postForm(`/consultations/${JIANGYIN}/comments`, { paragraphId: 'p1', body: '还没开始就提交的意见。' });
    expect(response.status).toBe(409);
    expect(html).toContain('将于 2026年11月26日 00:00 开始');
    expect(html).toContain('还没开始就提交的意见。');
  });
});

describe('escaping', () => {
  it('escapes <script> in every field on every page that shows it', async () => {
    const attack = '<script>alert(1)</script>';
    const client = t.client('10.4.0.1');
    await client.openForm(JURONG, 'p2');
    const { response } = await client.postForm(`/consultations/${JURONG}/comments`, {
      paragraphId: 'p2',
      body: `正文${attack}正文`,
      name: `名${attack}`,
      organization: `单位${attack}`,
    });
    const location = response.headers.get('location')!;
    const pages = [
      (await t.client().get(`/consultations/${JURONG}`)).html,
      (await client.get(location)).html,
      (await t.client().get(`/track?no=${/YJ-[0-9A-Z-]+/.exec(location)![0]}`)).html,
      (await t.client().get(`/consultations/${JURONG}/blocks/p2/comments`)).html,
    ];
    for (const html of pages) {
      expect(html).not.toContain(attack);
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
    // A refused form echoes the input back escaped too.
    await client.openForm(JURONG, 'p2');
    const refused = await client.postForm(`/consultations/${JURONG}/comments`, { paragraphId: 'p2', body: attack, email: `${attack}@x` });
    expect(refused.response.status).toBe(422);
    expect(refused.html).not.toContain(attack);
    const search = await t.client().get(`/search?q=${encodeURIComponent(attack)}`);
    expect(search.html).not.toContain(attack);
  });

  it('sends a strict Content-Security-Policy', async () => {
    const response = await t.client().request('/');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('contact details', () => {
  it('never shows the email or phone a commenter gave, and masks personal data typed into the text', async () => {
    const client = t.client('10.5.0.1');
    await client.openForm(JURONG, 'p3');
    await client.postForm(`/consultations/${JURONG}/comments`, {
      paragraphId: 'p3',
      body: '如需了解详情请打我手机13800138000或发邮件至 wang.wu@example.com 联系。',
      name: '王五',
      email: 'secret.person@example.com',
      phone: '021-66667777',
      consent: '1',
    });
    const page = (await t.client().get(`/consultations/${JURONG}`)).html;
    const api = JSON.stringify((await t.client().postJson('/api/none', {})).json) + (await (await t.client().request(`/api/consultations/${JURONG}/comments`)).text());
    for (const text of [page, api]) {
      expect(text).toContain('王五');
      expect(text).not.toContain('secret.person@example.com');
      expect(text).not.toContain('66667777');
      expect(text).not.toContain('13800138000');
      expect(text).not.toContain('wang.wu@example.com');
      expect(text).toContain('138****8000');
    }
  });
});

describe('CSRF', () => {
  it('refuses a form without a token, with a wrong token, or from another origin, and stores nothing', async () => {
    const client = t.client('10.6.0.1');
    await client.openForm(CJ, 'i4');
    const good = client.csrf;
    const cases: [string, Record<string, string>][] = [
      ['', {}],
      ['x'.repeat(32), {}],
      [good, { origin: 'https://evil.example' }],
    ];
    for (const [token, headers] of cases) {
      client.csrf = token;
      const { response, html } = await client.postForm(`/consultations/${CJ}/comments`, { paragraphId: 'i4', body: '跨站伪造的意见内容。' }, { headers });
      expect(response.status).toBe(403);
      expect(html).toContain('页面已过期或来源无法验证');
      expect(html).toContain('跨站伪造的意见内容。');
    }
    // A browser without our cookie is refused even with a token copied from someone else.
    const stranger = t.client('10.6.0.2');
    stranger.csrf = good;
    expect((await stranger.postForm(`/consultations/${CJ}/comments`, { paragraphId: 'i4', body: '跨站伪造的意见内容。' })).response.status).toBe(403);
    const stored = t.db.raw.prepare("SELECT count(*) AS n FROM comments WHERE body = '跨站伪造的意见内容。'").get() as { n: number };
    expect(stored.n).toBe(0);
  });
});

describe('rate limit', () => {
  it('answers 429 with a clear page and the text given back once a client sends too many', async () => {
    const limited = await createTestApp({ rateLimit: 3 });
    try {
      const client = limited.client('10.7.0.1');
      await client.openForm(CJ, 'i4');
      for (let i = 0; i < 3; i++) {
        expect((await client.postForm(`/consultations/${CJ}/comments`, { paragraphId: 'i4', body: `第${i}条正常提交的意见。` })).response.status).toBe(303);
      }
      const { response, html } = await client.postForm(`/consultations/${CJ}/comments`, { paragraphId: 'i4', body: '第四条被限流的意见。' });
      expect(response.status).toBe(429);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(html).toContain('提交过于频繁');
      expect(html).toContain('第四条被限流的意见。');
      // Another client is not affected.
      const other = limited.client('10.7.0.2');
      await other.openForm(CJ, 'i4');
      expect((await other.postForm(`/consultations/${CJ}/comments`, { paragraphId: 'i4', body: '另一位用户的意见。' })).response.status).toBe(303);
    } finally {
      await limited.close();
    }
  });
});
