// The review workspace over HTTP, on a real SQLite file: the queue of every channel in document
// order with its filters, search and paging; moderation with the public counters checked against
// COUNT(*) after every transition; decisions; near-duplicate groups; offline entry; the
// department board; roles and CSRF.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CJ, createTestApp, JURONG, type TestApp, type TestClient, TEST_NOW, YIXING } from '../helpers/app.ts';
import { addComment as addCommentTo } from '../helpers/comments.ts';
import { signIn } from '../helpers/officers.ts';

let t: TestApp;
let admin: TestClient;
let officer: TestClient & { officer: { id: number } };
let moderator: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signIn(t, 'admin');
  officer = await signIn(t, 'officer');
  moderator = await signIn(t, 'moderator');
});
afterAll(async () => {
  await t.close();
});

const raw = () => t.db.raw;

function consultationOf(slug: string) {
  return raw().prepare('SELECT * FROM consultations WHERE slug = ?').get(slug) as { id: number; version: number; published_comment_count: number; general_comment_count: number };
}

function blockOf(slug: string, key: string) {
  return raw().prepare('SELECT b.* FROM blocks b JOIN consultations c ON c.id = b.consultation_id WHERE c.slug = ? AND b.key = ?').get(slug, key) as {
    id: number;
    position: number;
    comment_count: number;
    label: string | null;
    number: number | null;
  };
}

function commentOf(trackingNumber: string) {
  return raw().prepare('SELECT * FROM comments WHERE tracking_number = ?').get(trackingNumber) as Record<string, any>;
}

let unitCounter = 0;
function createUnit(name: string): number {
  const result = raw().prepare('INSERT INTO units (name, created_at) VALUES (?, ?)').run(`${name}${++unitCounter}`, TEST_NOW.toISOString());
  return Number(result.lastInsertRowid);
}

function addToRoster(slug: string, unitId: number, response: 'none' | 'comments' | 'no_comments' = 'none', role: 'lead' | 'support' | 'added' = 'added', respondedAt: string | null = null) {
  raw()
    .prepare('INSERT INTO roster_entries (consultation_id, unit_id, role, response, responded_at, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(consultationOf(slug).id, unitId, role, response, respondedAt, TEST_NOW.toISOString());
}

/** A comment as each channel stores one (tests/helpers/comments.ts). */
function addComment(slug: string, options: Parameters<typeof addCommentTo>[2]): Promise<string> {
  return addCommentTo(t, slug, options);
}

/** The public counters against what the comments table says: published opinions (what is marked as not an opinion never counts). */
function expectCountersConsistent(slug: string) {
  const c = consultationOf(slug);
  const published = raw().prepare("SELECT COUNT(*) AS n FROM comments WHERE consultation_id = ? AND status = 'published' AND not_opinion_at IS NULL").get(c.id) as { n: number };
  const general = raw().prepare("SELECT COUNT(*) AS n FROM comments WHERE consultation_id = ? AND status = 'published' AND not_opinion_at IS NULL AND block_id IS NULL").get(c.id) as { n: number };
  expect(c.published_comment_count).toBe(published.n);
  expect(c.general_comment_count).toBe(general.n);
  const blocks = raw()
    .prepare(
      `SELECT b.key, b.comment_count AS stored, (SELECT COUNT(*) FROM comments WHERE block_id = b.id AND status = 'published' AND not_opinion_at IS NULL) AS actual
       FROM blocks b WHERE b.consultation_id = ?`,
    )
    .all(c.id) as { key: string; stored: number; actual: number }[];
  for (const b of blocks) expect(b.stored, `blocks.comment_count of ${b.key}`).toBe(b.actual);
}

const queue = (slug: string, query = '') => `/office/consultations/${slug}/comments${query ? `?${query}` : ''}`;

/** Tracking numbers in the order the queue shows them. */
function trackingOrder(html: string): string[] {
  return [...html.matchAll(/<span class="tracking-number-small">(YJ-[0-9A-Z]{4}-[0-9A-Z]{4})<\/span>/g)].map((m) => m[1]!);
}

async function moderate(client: TestClient, slug: string, fields: Record<string, string | string[]>, init: { htmx?: boolean } = {}) {
  await client.get(queue(slug));
  const body = new URLSearchParams({ _csrf: client.csrf });
  for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  const response = await client.request(`/office/consultations/${slug}/comments/moderate`, {
    method: 'POST',
    body,
    htmx: init.htmx,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  return { response, html: await response.text() };
}

describe('the queue', () => {
  let web: string;
  let email: string;
  let letter: string;
  let general: string;
  let unitId: number;

  beforeAll(async () => {
    unitId = createUnit('昌江区生态环境局');
    web = await addComment(CJ, { block: 'i2', body: '网上意见：建议第2项增加完成时限。', name: '网友甲', email: 'jia@example.com', phone: '13900001111' });
    email = await addComment(CJ, { block: 'i1', body: '邮件意见：第1项的责任单位应补充区水利局。', channel: 'email', unitId, late: true, organization: '昌江区生态环境局' });
    letter = await addComment(CJ, { block: 'i3', body: '来信意见：建议第3项明确资金来源。', channel: 'offline', kind: 'letter', name: '来信人乙' });
    general = await addComment(CJ, { block: null, body: '对全文：建议统一各项的表述方式。', channel: 'web' });
  });

  it('shows every comment of every channel, general comments first and then in document order', async () => {
    const { response, html } = await admin.get(queue(CJ));
    expect(response.status).toBe(200);
    const order = trackingOrder(html);
    for (const n of [web, email, letter, general]) expect(order).toContain(n);
    // Whole-draft comments first; then item 1, 2, 3 … as the draft orders them.
    const positionOf = (n: string) => {
      const c = commentOf(n);
      return c.block_id === null ? -1 : (raw().prepare('SELECT position FROM blocks WHERE id = ?').get(c.block_id) as { position: number }).position;
    };
    const positions = order.map(positionOf);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(order.indexOf(general)).toBeLessThan(order.indexOf(email));
    expect(order.indexOf(email)).toBeLessThan(order.indexOf(web));
    expect(order.indexOf(web)).toBeLessThan(order.indexOf(letter));
    // Each paragraph is a heading row; channels, the letter's kind, the unit, lateness and contact details are shown.
    expect(html).toContain('对全文的意见');
    expect(html).toMatch(/<th colspan="7" scope="rowgroup">第1项/);
    expect(html).toContain('电子邮件');
    expect(html).toContain('线下·来信');
    expect(html).toContain('昌江区生态环境局');
    expect(html).toContain('逾期');
    expect(html).toContain('jia@example.com');
    expect(html).toContain('13900001111');
    expect(html).toContain('待审核');
    expect(html).toContain('未处理');
  });

  it('filters by channel, unit, status, lateness, decision and paragraph', async () => {
    const only = async (query: string) => trackingOrder((await admin.get(queue(CJ, query))).html);
    expect(await only('channel=email')).toEqual([email]);
    expect(await only('channel=offline')).toEqual([letter]);
    expect(await only(`unit=${unitId}`)).toEqual([email]);
    expect(await only('unit=none')).not.toContain(email);
    expect(await only('late=1')).toEqual([email]);
    expect(await only('late=0')).not.toContain(email);
    expect(await only('paragraph=i3')).toEqual([letter]);
    expect(await only('paragraph=general')).toContain(general);
    expect(await only('paragraph=general')).not.toContain(web);
    const pending = await only('status=pending');
    expect(pending).toEqual(expect.arrayContaining([web, email, letter, general]));
    for (const n of pending) expect(commentOf(n).status).toBe('pending');
    const published = await only('status=published');
    expect(published.length).toBe(consultationOf(CJ).published_comment_count);
    expect(await only('decision=undecided')).toEqual(expect.arrayContaining([web, email, letter, general]));
    expect(await only('decision=adopted')).toEqual([]);
    // Filters combine.
    expect(await only('channel=email&status=published')).toEqual([]);
    // The form keeps what was chosen.
    const { html } = await admin.get(queue(CJ, 'channel=email&late=1'));
    expect(html).toMatch(/<option value="email" selected="">电子邮件<\/option>/);
    expect(html).toMatch(/<option value="1" selected="">逾期<\/option>/);
    expect(html).toContain('符合条件的意见 1 条');
  });

  it('finds traditional text with a simplified query and the reverse, and finds a tracking number', async () => {
    const traditional = await addComment(JURONG, { block: null, body: '建議加強對學校周邊交通秩序的管理，設置更多人行橫道。', status: 'published' });
    const simplified = await addComment(JURONG, { block: null, body: '希望加快养老服务体系建设，增加社区食堂。', status: 'published' });
    const search = async (q: string) => trackingOrder((await admin.get(queue(JURONG, `q=${encodeURIComponent(q)}`))).html);
    expect(await search('学校周边交通')).toEqual([traditional]);
    expect(await search('學校周邊交通')).toEqual([traditional]);
    expect(await search('養老服務體系')).toEqual([simplified]);
    expect(await search('养老服务，体系')).toEqual([simplified]);
    expect(await search(traditional.toLowerCase().replace(/-/g, ' '))).toEqual([traditional]);
    expect(await search('没有这样的内容')).toEqual([]);
    const { html } = await admin.get(queue(JURONG, `q=${encodeURIComponent('没有这样的内容')}`));
    expect(html).toContain('没有符合条件的意见。');
  });

  it('pages a big queue with counts instead of rendering it all', async () => {
    for (let i = 0; i < 120; i++) await addComment(YIXING, { block: null, body: `第${i}位市民的意见：编号${i * 7919}，内容各不相同${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${i}。` });
    const first = await admin.get(queue(YIXING));
    expect(trackingOrder(first.html)).toHaveLength(50);
    expect(first.html).toContain('共 120 条意见');
    expect(first.html).toContain('第 1 页，共 3 页');
    expect(first.html).toContain(`href="/office/consultations/${YIXING}/comments?page=2"`);
    const last = await admin.get(queue(YIXING, 'page=3'));
    expect(trackingOrder(last.html)).toHaveLength(20);
    const all = new Set([...trackingOrder(first.html), ...trackingOrder((await admin.get(queue(YIXING, 'page=2'))).html), ...trackingOrder(last.html)]);
    expect(all.size).toBe(120);
    // Filters survive paging.
    const filtered = await admin.get(queue(YIXING, 'status=pending&page=2'));
    expect(filtered.html).toContain(`href="/office/consultations/${YIXING}/comments?status=pending&amp;page=3"`);
  });

  it('answers htmx with the results fragment and a browser with the whole page, at the same URL', async () => {
    const fragment = await admin.get(queue(CJ, 'channel=email'), { htmx: true });
    expect(fragment.response.status).toBe(200);
    expect(fragment.html.startsWith('<div id="queue-results"')).toBe(true);
    expect(fragment.html).not.toContain('<html');
    expect(trackingOrder(fragment.html)).toEqual([email]);
    expect(fragment.response.headers.get('vary')).toContain('HX-Request');
    const page = await admin.get(queue(CJ, 'channel=email'));
    expect(page.html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page.html).toContain('<form class="queue-filters" method="get"');
    // htmx restoring history swaps the whole body: it gets the page.
    const restore = await admin.get(queue(CJ), { htmx: true, headers: { 'hx-history-restore-request': 'true' } });
    expect(restore.html.startsWith('<!DOCTYPE html>')).toBe(true);
  });
});

describe('moderation', () => {
  it('publishes a comment: the public page shows it with personal data masked, counters follow', async () => {
    const n = await addComment(CJ, { block: 'i5', body: '请联系我：手机13812345678，座机(0511)8765432，身份证36020319800101123X，邮箱li.si@example.com。' });
    const before = consultationOf(CJ);
    const { response } = await moderate(admin, CJ, { ids: String(commentOf(n).id), action: 'publish' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(queue(CJ));
    expect(commentOf(n).status).toBe('published');
    expect(commentOf(n).published_at).toBe(t.now().toISOString());
    const after = consultationOf(CJ);
    expect(after.published_comment_count).toBe(before.published_comment_count + 1);
    expect(after.version).toBeGreaterThan(before.version);
    expectCountersConsistent(CJ);

    const page = (await t.client().get(`/consultations/${CJ}`)).html;
    const list = (await t.client().get(`/consultations/${CJ}/blocks/i5/comments`)).html;
    const api = await (await t.client().request(`/api/consultations/${CJ}/comments?perPage=100`)).text();
    const track = (await t.client().get(`/track?no=${n}`)).html;
    for (const text of [page, list, api, track]) {
      expect(text).toContain('138****5678');
      expect(text).toContain('(0511)*****32');
      expect(text).toContain('360203********123X');
      expect(text).toContain('l***@example.com');
      expect(text).not.toContain('13812345678');
      expect(text).not.toContain('8765432');
      expect(text).not.toContain('19800101');
      expect(text).not.toContain('li.si@example.com');
    }
    // The office sees the text as written, and what the public sees.
    const detail = (await admin.get(`${queue(CJ)}/${commentOf(n).id}`)).html;
    expect(detail).toContain('13812345678');
    expect(detail).toContain('公开时显示为（个人信息已隐去）');
  });

  it('refuses to hide without a reason, in Chinese, and hides with one', async () => {
    const n = await addComment(CJ, { block: 'i6', body: '这是一条需要隐藏的意见内容。', status: 'published' });
    const id = String(commentOf(n).id);
    const refused = await moderate(admin, CJ, { ids: id, action: 'hide', reason: '  ' });
    expect(refused.response.status).toBe(422);
    expect(refused.html).toMatch(/<p class="error-text" id="bulk-error" role="alert">隐藏意见必须填写理由/);
    // The selection and the chosen action are kept.
    expect(refused.html).toContain(`value="${id}" id="sel-${id}" aria-label="选择意见 ${n}" checked=""`);
    expect(refused.html).toContain('<option value="hide" selected="">隐藏</option>');
    expect(commentOf(n).status).toBe('published');
    // The same refusal for htmx is the results fragment with the error, and a 422.
    const htmx = await moderate(admin, CJ, { ids: id, action: 'hide' }, { htmx: true });
    expect(htmx.response.status).toBe(422);
    expect(htmx.html).toContain('隐藏意见必须填写理由');
    expect(htmx.html.startsWith('<div id="queue-results"')).toBe(true);

    const hidden = await moderate(admin, CJ, { ids: id, action: 'hide', reason: '含有人身攻击内容' });
    expect(hidden.response.status).toBe(303);
    expect(commentOf(n).status).toBe('hidden');
    expect(commentOf(n).status_reason).toBe('含有人身攻击内容');
    expectCountersConsistent(CJ);
    expect((await t.client().get(`/consultations/${CJ}`)).html).not.toContain('这是一条需要隐藏的意见内容。');
    const audit = raw().prepare("SELECT * FROM audit_log WHERE action = 'moderate' ORDER BY id DESC LIMIT 1").get() as { detail_json: string; officer_id: number; target_id: number };
    expect(JSON.parse(audit.detail_json)).toMatchObject({ status: 'hidden', reason: '含有人身攻击内容' });
    expect(audit.target_id).toBe(Number(id));
  });

  it('marks spam and keeps every counter equal to COUNT(*) through every transition, single and bulk', async () => {
    const general = await addComment(CJ, { block: null, body: '全文意见一，状态会来回变化。', status: 'published' });
    const onItem = await addComment(CJ, { block: 'i7', body: '第7项意见二，状态会来回变化。' });
    const onItem2 = await addComment(CJ, { block: 'i7', body: '第7项意见三，状态会来回变化。' });
    const ids = [general, onItem, onItem2].map((n) => String(commentOf(n).id));
    const steps: [string, string[], string][] = [
      ['spam', [ids[0]!], 'spam'],
      ['publish', ids, 'published'],
      ['publish', ids, 'published'],
      ['hide', [ids[1]!], 'hidden'],
      ['spam', ids, 'spam'],
      ['publish', [ids[2]!], 'published'],
      ['hide', ids, 'hidden'],
    ];
    for (const [action, selected, status] of steps) {
      const { response } = await moderate(moderator, CJ, { ids: selected, action, reason: '测试' });
      expect(response.status).toBe(303);
      for (const id of selected) expect((raw().prepare('SELECT status FROM comments WHERE id = ?').get(id) as { status: string }).status).toBe(status);
      expectCountersConsistent(CJ);
    }
    const flash = await moderate(moderator, CJ, { ids, action: 'hide', reason: '测试' });
    expect((await moderator.get(flash.response.headers.get('location')!)).html).toContain('所选意见的状态本来就是这样，没有改动。');
  });

  it('acts on a whole group in one batch, and answers htmx with the updated results', async () => {
    const bodies = [1, 2, 3].map((i) => `我们坚决支持第8项关于长江十年禁渔的规定，建议加大对非法捕捞的打击力度，落实渔民转产补助。村民${i}`);
    const numbers = [];
    for (const body of bodies) numbers.push(await addComment(CJ, { block: 'i8', body }));
    await admin.get(queue(CJ));
    const groupId = commentOf(numbers[0]!).duplicate_group_id;
    expect(groupId).toBe(commentOf(numbers[0]!).id);
    const { response, html } = await moderate(admin, CJ, { groups: String(groupId), action: 'publish' }, { htmx: true });
    expect(response.status).toBe(200);
    expect(html).toContain('已公开 3 条意见。');
    expect(html.startsWith('<div id="queue-results"')).toBe(true);
    for (const n of numbers) expect(commentOf(n).status).toBe('published');
    expectCountersConsistent(CJ);
  });

  it('asks for a selection and an action', async () => {
    const none = await moderate(admin, CJ, { action: 'publish' }, { htmx: true });
    expect(none.response.status).toBe(422);
    expect(none.html).toContain('请先勾选要操作的意见。');
    const noAction = await moderate(admin, CJ, { ids: '1' }, { htmx: true });
    expect(noAction.html).toContain('请选择要执行的操作。');
  });

  it('ignores comments of another consultation named in the form', async () => {
    const other = await addComment(JIANGYIN_SLUG, { block: null, body: '另一次征求意见的意见内容。' });
    await moderate(admin, CJ, { ids: String(commentOf(other).id), action: 'spam' });
    expect(commentOf(other).status).toBe('pending');
  });

  it('moderates from the comment page, for the comment or its group', async () => {
    const n = await addComment(CJ, { block: 'i9', body: '单独一条待审核的意见，在详情页处理。' });
    const id = commentOf(n).id;
    const page = await moderator.get(`${queue(CJ)}/${id}`);
    expect(page.response.status).toBe(200);
    const refused = await moderator.postForm(`${queue(CJ)}/${id}/moderate`, { action: 'hide', reason: '' });
    expect(refused.response.status).toBe(422);
    expect(refused.html).toMatch(/<p class="error-text" id="mod-reason-error">隐藏意见必须填写理由/);
    const done = await moderator.postForm(`${queue(CJ)}/${id}/moderate`, { action: 'publish' }, { htmx: true });
    expect(done.response.status).toBe(200);
    expect(done.html.startsWith('<div id="comment-detail"')).toBe(true);
    expect(done.html).toContain('已公开 1 条意见。');
    expect(commentOf(n).status).toBe('published');
    expectCountersConsistent(CJ);
  });
});

const JIANGYIN_SLUG = 'jiangyin-2022-resolutions-report';

describe('decisions', () => {
  it('requires a reason unless adopted, with a Chinese error next to the field and the input kept', async () => {
    const n = await addComment(CJ, { block: 'i10', body: '建议把第10项的完成时间提前到年中。' });
    const id = commentOf(n).id;
    await officer.get(`${queue(CJ)}/${id}`);
    const refused = await officer.postForm(`${queue(CJ)}/${id}/decide`, { decision: 'not_adopted', reason: '', scope: 'one' });
    expect(refused.response.status).toBe(422);
    expect(refused.html).toMatch(/<p class="error-text" id="decide-reason-error">选择「不采纳」时必须填写理由。<\/p>/);
    expect(refused.html).toMatch(/<input type="radio" name="decision" value="not_adopted" id="decision-not_adopted" checked=""/);
    expect(refused.html).toContain('aria-invalid="true"');
    expect(commentOf(n).decision).toBeNull();

    const missing = await officer.postForm(`${queue(CJ)}/${id}/decide`, { reason: '理由写了但没有选结果', scope: 'one' });
    expect(missing.response.status).toBe(422);
    expect(missing.html).toContain('请选择处理结果。');
    expect(missing.html).toContain('理由写了但没有选结果');

    const explained = await officer.postForm(`${queue(CJ)}/${id}/decide`, { decision: 'explained', reason: '完成时间已与责任单位商定，年中难以完成。', scope: 'one' });
    expect(explained.response.status).toBe(303);
    const stored = commentOf(n);
    expect(stored.decision).toBe('explained');
    expect(stored.decision_reason).toBe('完成时间已与责任单位商定，年中难以完成。');
    expect(stored.decided_by).toBe(officer.officer.id);
    expect(stored.decided_at).toBe(t.now().toISOString());
    const audit = raw().prepare("SELECT * FROM audit_log WHERE action = 'decide' ORDER BY id DESC LIMIT 1").get() as { detail_json: string; officer_id: number };
    expect(audit.officer_id).toBe(officer.officer.id);
    expect(JSON.parse(audit.detail_json)).toMatchObject({ decision: 'explained', ids: [id] });

    const adopted = await officer.postForm(`${queue(CJ)}/${id}/decide`, { decision: 'adopted', reason: '', scope: 'one' }, { htmx: true });
    expect(adopted.response.status).toBe(200);
    expect(adopted.html).toContain('处理情况已保存：采纳。');
    expect(commentOf(n).decision).toBe('adopted');
    expect(commentOf(n).decision_reason).toBeNull();
    expect(trackingOrder((await officer.get(queue(CJ, 'decision=adopted'))).html)).toContain(n);
  });

  it('decides once for a whole near-duplicate group', async () => {
    const letter = JSON.parse(readFileSync(new URL('../fixtures/near-duplicates.json', import.meta.url), 'utf8')).comments as { id: number; body: string; group: string | null }[];
    const campaign = letter.filter((c) => c.group === 'A').map((c) => c.body);
    const numbers = [];
    for (const body of campaign) numbers.push(await addComment(CJ, { block: 'i11', body, channel: numbers.length % 2 ? 'email' : 'web' }));
    const loner = await addComment(CJ, { block: 'i11', body: letter.find((c) => c.id === 18)!.body });

    const { html } = await officer.get(queue(CJ, 'paragraph=i11'));
    const groupId = commentOf(numbers[0]!).duplicate_group_id;
    for (const n of numbers) expect(commentOf(n).duplicate_group_id).toBe(groupId);
    expect(commentOf(loner).duplicate_group_id).toBeNull();
    // The group is one entry, with its count; the lone comment is another.
    expect(trackingOrder(html)).toEqual([numbers[0], loner]);
    expect(html).toContain(`相同或近似意见一组，共 ${numbers.length} 条`);
    expect(html).toContain(`name="groups" value="${groupId}"`);
    expect(html).toContain(`符合条件的意见 ${numbers.length + 1} 条，合并相同或近似意见后为 2 项。`);
    // Every member is one click away.
    const members = trackingOrder((await officer.get(queue(CJ, `group=${groupId}`))).html);
    expect(members.sort()).toEqual([...numbers].sort());

    const member = commentOf(numbers[2]!).id;
    const page = await officer.get(`${queue(CJ)}/${member}`);
    expect(page.html).toContain(`为整组 ${numbers.length} 条保存`);
    const { response } = await officer.postForm(`${queue(CJ)}/${member}/decide`, { decision: 'partly_adopted', reason: '已采纳关于运行维护的意见。', scope: 'group' });
    expect(response.status).toBe(303);
    for (const n of numbers) {
      expect(commentOf(n).decision).toBe('partly_adopted');
      expect(commentOf(n).decision_reason).toBe('已采纳关于运行维护的意见。');
    }
    expect(commentOf(loner).decision).toBeNull();
    expect((await officer.get(response.headers.get('location')!)).html).toContain(`已为 ${numbers.length} 条意见保存处理情况：部分采纳。`);
  });

  it('refuses a moderator, who sees the decision without the form', async () => {
    const n = await addComment(CJ, { block: 'i12', body: '审核员不能处理的意见内容。' });
    const id = commentOf(n).id;
    const page = await moderator.get(`${queue(CJ)}/${id}`);
    expect(page.html).toContain('审核员可以查看处理情况');
    expect(page.html).not.toContain(`/comments/${id}/decide`);
    const { response } = await moderator.postForm(`${queue(CJ)}/${id}/decide`, { decision: 'adopted', scope: 'one' });
    expect(response.status).toBe(403);
    expect(commentOf(n).decision).toBeNull();
  });
});

describe('near-duplicate grouping', () => {
  it('groups form letters with small edits when the queue opens, and leaves different comments alone', async () => {
    const fixture = JSON.parse(readFileSync(new URL('../fixtures/near-duplicates.json', import.meta.url), 'utf8')).comments as { id: number; body: string; group: string | null }[];
    const numberOf = new Map<number, string>();
    for (const c of fixture) numberOf.set(c.id, await addComment(JIANGYIN_SLUG, { block: null, body: c.body }));
    await admin.get(queue(JIANGYIN_SLUG));
    const groupOf = (id: number) => commentOf(numberOf.get(id)!).duplicate_group_id as number | null;
    const expected = new Map<string, number[]>();
    for (const c of fixture) if (c.group) expected.set(c.group, [...(expected.get(c.group) ?? []), c.id]);
    for (const ids of expected.values()) {
      const first = commentOf(numberOf.get(ids[0]!)!).id;
      for (const id of ids) expect(groupOf(id)).toBe(first);
    }
    for (const c of fixture.filter((f) => !f.group)) expect(groupOf(c.id)).toBeNull();
    const run = raw().prepare('SELECT * FROM duplicate_runs WHERE consultation_id = ?').get(consultationOf(JIANGYIN_SLUG).id) as { group_count: number; grouped_comment_count: number };
    expect(run).toMatchObject({ group_count: 3, grouped_comment_count: 12 });
  });

  it('groups a new copy when the queue is next opened, and regroups on demand', async () => {
    const fixture = JSON.parse(readFileSync(new URL('../fixtures/near-duplicates.json', import.meta.url), 'utf8')).comments as { id: number; body: string }[];
    const copy = await addComment(JIANGYIN_SLUG, { block: null, body: fixture.find((c) => c.id === 19)!.body.replace('！', '!!') });
    const { html } = await admin.get(queue(JIANGYIN_SLUG));
    expect(commentOf(copy).duplicate_group_id).not.toBeNull();
    expect(html).not.toContain('尚未归并');
    // Undo it behind the page's back; the regroup button puts it right.
    raw().prepare('UPDATE comments SET duplicate_group_id = NULL WHERE tracking_number = ?').run(copy);
    const { response } = await admin.postForm(`${queue(JIANGYIN_SLUG)}/regroup`, { back: queue(JIANGYIN_SLUG) });
    expect(response.status).toBe(303);
    expect(commentOf(copy).duplicate_group_id).not.toBeNull();
    expect((await admin.get(response.headers.get('location')!)).html).toContain('已重新归并：3 组');
  });
});

describe('offline entry', () => {
  it('offers the paragraphs by their captions and the roster units', async () => {
    const unit = createUnit('昌江区财政局');
    addToRoster(CJ, unit);
    const { response, html } = await officer.get(`${queue(CJ)}/new`);
    expect(response.status).toBe(200);
    expect(html).toMatch(/<option value="i4">第4项 /);
    expect(html).toContain('<option value="" selected="">对全文的意见</option>');
    expect(html).toContain(`<option value="${unit}">昌江区财政局`);
    expect(html).toContain('<label for="off-body">');
  });

  it('refuses incomplete input with Chinese errors next to the fields, keeping what was typed', async () => {
    await officer.get(`${queue(CJ)}/new`);
    const before = (raw().prepare('SELECT COUNT(*) AS n FROM comments').get() as { n: number }).n;
    const { response, html } = await officer.postForm(`${queue(CJ)}/new`, { kind: '', received: '2026-13-40', body: '短', name: '王某', paragraphId: 'nope', email: 'bad' });
    expect(response.status).toBe(422);
    expect(html).toContain('请选择意见的来源。');
    expect(html).toContain('请填写收到日期');
    expect(html).toMatch(/<p class="error-text" id="off-body-error">[^<]*至少/);
    expect(html).toContain('请从列表中选择条款。');
    expect(html).toContain('value="王某"');
    expect(html).toContain('>短</textarea>');
    const future = await officer.postForm(`${queue(CJ)}/new`, { kind: 'letter', received: '2026-11-22', body: '来自明天的来信内容。' });
    expect(future.html).toContain('收到日期不能晚于今天。');
    expect((raw().prepare('SELECT COUNT(*) AS n FROM comments').get() as { n: number }).n).toBe(before);
  });

  it('stores a letter for a unit as pending under pre-moderation, and marks the unit as having replied', async () => {
    const unit = createUnit('昌江区农业农村局');
    addToRoster(CJ, unit, 'none', 'lead');
    await officer.get(`${queue(CJ)}/new`);
    const { response } = await officer.postForm(`${queue(CJ)}/new`, {
      kind: 'letter',
      received: '2026-11-20',
      paragraphId: 'i4',
      body: '来函：建议第4项补充农村生活污水处理设施的运维经费保障。',
      name: '',
      organization: '昌江区农业农村局',
      unit: String(unit),
      email: 'nongye@example.gov.cn',
      phone: '0798-1234567',
    });
    expect(response.status).toBe(303);
    const flash = (await officer.get(response.headers.get('location')!)).html;
    const number = /意见编号 (YJ-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(flash)![1]!;
    const stored = commentOf(number);
    expect(stored).toMatchObject({
      channel: 'offline',
      offline_kind: 'letter',
      entered_by: officer.officer.id,
      unit_id: unit,
      status: 'pending',
      late: 0,
      contact_email: 'nongye@example.gov.cn',
      received_at: new Date('2026-11-20T00:00:00+08:00').toISOString(),
      block_id: blockOf(CJ, 'i4').id,
    });
    expect(stored.search_text).toContain('运维经费保障');
    const roster = raw().prepare('SELECT response, responded_at FROM roster_entries WHERE unit_id = ?').get(unit) as { response: string; responded_at: string };
    expect(roster.response).toBe('comments');
    expect(roster.responded_at).toBe(t.now().toISOString());
    expectCountersConsistent(CJ);
  });

  it('publishes at once under post-moderation, and marks a letter after the deadline late', async () => {
    await officer.get(`${queue(JURONG)}/new`);
    const before = consultationOf(JURONG).published_comment_count;
    const posted = await officer.postForm(`${queue(JURONG)}/new`, { kind: 'meeting', received: '2026-11-21', body: '座谈会上市民提出：希望增加公交线路。' });
    expect(posted.response.status).toBe(303);
    expect(consultationOf(JURONG).published_comment_count).toBe(before + 1);
    expectCountersConsistent(JURONG);
    expect((await t.client().get(`/consultations/${JURONG}`)).html).toContain('座谈会上市民提出：希望增加公交线路。');

    // Yixing closed 30 days ago: a call taken today is late, a letter dated before the close is not.
    await officer.get(`${queue(YIXING)}/new`);
    await officer.postForm(`${queue(YIXING)}/new`, { kind: 'phone', received: '2026-11-21', body: '电话反映：截止以后才看到这份文件。' });
    await officer.postForm(`${queue(YIXING)}/new`, { kind: 'letter', received: '2026-10-01', body: '截止以前寄出的来信内容。' });
    const late = raw().prepare("SELECT body, late FROM comments WHERE channel = 'offline' AND consultation_id = ?").all(consultationOf(YIXING).id) as { body: string; late: number }[];
    expect(late.find((c) => c.body.startsWith('电话反映'))!.late).toBe(1);
    expect(late.find((c) => c.body.startsWith('截止以前'))!.late).toBe(0);
  });

  it('is for officers: a moderator is refused the form and the submission', async () => {
    expect((await moderator.get(`${queue(CJ)}/new`)).response.status).toBe(403);
    const { response } = await moderator.postForm(`${queue(CJ)}/new`, { kind: 'letter', received: '2026-11-20', body: '审核员不能录入的意见。' });
    expect(response.status).toBe(403);
  });
});

describe('department board', () => {
  it('shows each roster unit as replied, no comments or not yet, with when and the comments it sent', async () => {
    const slug = JIANGYIN_SLUG;
    const replied = createUnit('江阴市发展和改革委员会');
    const none = createUnit('江阴市教育局');
    const silent = createUnit('江阴市卫生健康委员会');
    const unasked = createUnit('江阴市气象局');
    addToRoster(slug, replied, 'comments', 'lead', '2026-11-19T02:00:00.000Z');
    addToRoster(slug, none, 'no_comments', 'support', '2026-11-20T03:30:00.000Z');
    addToRoster(slug, silent, 'none', 'support');
    const sent = await addComment(slug, { block: null, body: '发改委意见：建议补充项目资金安排的说明。', channel: 'email', unitId: replied });
    const extra = await addComment(slug, { block: null, body: '气象局意见：建议增加气象灾害防御的内容。', channel: 'email', unitId: unasked });
    const { response, html } = await moderator.get(`/office/consultations/${slug}/units`);
    expect(response.status).toBe(200);
    expect(html).toContain('已反馈 1');
    expect(html).toContain('无意见 1');
    expect(html).toContain('未反馈 1');
    const row = (name: string) => new RegExp(`<tr class="board-row board-(\\w+)"><th scope="row"[^>]*>${name}\\d+</th>`).exec(html)?.[1];
    expect(row('江阴市发展和改革委员会')).toBe('responded');
    expect(row('江阴市教育局')).toBe('no_comments');
    expect(row('江阴市卫生健康委员会')).toBe('none');
    expect(html).toContain('2026年11月19日 10:00');
    expect(html).toContain('2026年11月20日 11:30');
    expect(html).toContain(sent);
    expect(html).toContain('牵头单位');
    // A unit that was not asked but wrote is listed apart.
    expect(html).toContain('名单以外的单位');
    expect(html).toContain(extra);
    expect(html).toContain(`/office/consultations/${slug}/comments?unit=${replied}`);
  });

  it('says so when there is no roster', async () => {
    const { html } = await admin.get(`/office/consultations/changshu-2021-work-report/units`);
    expect(html).toContain('这次征求意见还没有部门名单。');
  });
});

describe('access', () => {
  it('sends an anonymous visitor to sign in and refuses anonymous actions', async () => {
    const anonymous = t.client('192.0.2.50');
    const page = await anonymous.request(queue(CJ));
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe(`/office/login?next=${encodeURIComponent(queue(CJ))}`);
    const post = await anonymous.request(`${queue(CJ)}/moderate`, { method: 'POST', body: new URLSearchParams({ ids: '1', action: 'spam' }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(post.status).toBe(401);
  });

  it('refuses a moderation without a valid CSRF token, or from another origin, and changes nothing', async () => {
    const n = await addComment(CJ, { block: 'i13', body: '跨站请求不能改动的意见。' });
    const id = String(commentOf(n).id);
    await admin.get(queue(CJ));
    const good = admin.csrf;
    for (const [token, headers] of [
      ['', {}],
      ['x'.repeat(32), {}],
      [good, { origin: 'https://evil.example' }],
    ] as [string, Record<string, string>][]) {
      admin.csrf = token;
      const { response, html } = await admin.postForm(`${queue(CJ)}/moderate`, { ids: id, action: 'spam' }, { headers });
      expect(response.status).toBe(403);
      expect(html).toContain('表单已过期或来源不明');
    }
    admin.csrf = good;
    expect(commentOf(n).status).toBe('pending');
  });

  it('lets a moderator read the queue and the board but not enter or decide', async () => {
    expect((await moderator.get(queue(CJ))).response.status).toBe(200);
    expect((await moderator.get(queue(CJ))).html).not.toContain('录入线下意见');
    expect((await officer.get(queue(CJ))).html).toContain('录入线下意见');
  });

  it('answers 404 for a comment of another consultation or an unknown one', async () => {
    const other = await addComment(JURONG, { block: null, body: '句容的意见，不属于昌江。' });
    expect((await admin.get(`${queue(CJ)}/${commentOf(other).id}`)).response.status).toBe(404);
    expect((await admin.get(`${queue(CJ)}/99999999`)).response.status).toBe(404);
    expect((await admin.get(`/office/consultations/no-such-thing/comments`)).response.status).toBe(404);
  });
});
