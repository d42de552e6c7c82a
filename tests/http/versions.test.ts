// Versions over HTTP (issue 13): a published consultation gets a revised text in the office, its
// correspondence is checked and corrected in the structure editor, it is published for a second
// round and later as the final text; the public reads the current text clean or with its changes
// marked and every earlier version at its own address; comments stay on the version they were
// made on, and the queue, the report and the results take the current round by default.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findConsultationBySlug, listVersions } from '../../src/drafts/store.ts';
import { createTestApp, type TestApp, type TestClient } from '../helpers/app.ts';
import { signIn } from '../helpers/officers.ts';

const V1 = readFileSync('tests/fixtures/revisions/hand/greening-v1.txt', 'utf8');
const V2 = readFileSync('tests/fixtures/revisions/hand/greening-v2.txt', 'utf8');
const SLUG = 'greening';

let harness: TestApp;
let officer: TestClient;
let moderator: TestClient;

const consultation = async () => (await findConsultationBySlug(harness.db, SLUG))!;
const base = `/office/consultations/${SLUG}`;

async function post(client: TestClient, path: string, fields: Record<string, string | string[]>, options: { htmx?: boolean; page?: string } = {}) {
  await client.get(options.page ?? path.replace(/\/(publish|discard|changes)$/, ''));
  const slug = /^\/office\/consultations\/([^/]+)/.exec(path)![1]!;
  const body = new URLSearchParams({ _csrf: client.csrf, version: String((await findConsultationBySlug(harness.db, slug))!.version) });
  for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  const response = await client.request(path, { method: 'POST', body, htmx: options.htmx, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  return { response, html: await response.text() };
}

async function comment(paragraphId: string, body: string, client = harness.client('203.0.113.9')) {
  await client.openForm(SLUG, paragraphId || undefined);
  const { response } = await client.postForm(`/consultations/${SLUG}/comments`, { paragraphId, body, name: '市民甲', email: 'citizen@example.com', consent: '1' });
  expect(response.status).toBe(303);
  return /receipts\/(YJ-[A-Z0-9-]+)/.exec(response.headers.get('location') ?? '')![1]!;
}

const row = (tracking: string) => harness.db.raw.prepare('SELECT c.*, b.key AS block_key FROM comments c LEFT JOIN blocks b ON b.id = c.block_id WHERE tracking_number = ?').get(tracking) as Record<string, any>;

const ids: Record<string, number> = {};
const tracking: Record<string, string> = {};

beforeAll(async () => {
  harness = await createTestApp();
  officer = await signIn(harness, 'officer');
  moderator = await signIn(harness, 'moderator');
  // Round 1: the draft, published 2026-11-01 to 2026-11-30; moderation after publication.
  await officer.get('/office/consultations/new');
  const create = await officer.postForm('/office/consultations/new', { title: '', slug: SLUG, text: V1 });
  expect(create.response.status).toBe(303);
  const settings = await post(officer, `${base}/settings`, {
    title: '清河市城市绿化管理办法',
    opens: '2026-11-01T00:00',
    closes: '2026-11-30T23:59',
    moderation: 'post',
    documentKind: 'other',
    reminderDays: '3',
  });
  expect(settings.response.status).toBe(303);
  expect((await post(officer, `${base}/publish`, { confirmShort: '1' }, { page: base })).response.status).toBe(303);
  tracking.onA3 = await comment('a3', '建议把区绿化主管部门的职责单列一款。');
  tracking.onA9 = await comment('a9', '倾倒垃圾的禁止性规定应当保留。');
  tracking.general = await comment('', '建议增加公众参与的内容。');
  tracking.onA5 = await comment('a5', '绿地率建议提高到百分之三十五。');
  // The office decides: the a3 and a5 comments adopted, with reasons.
  for (const [key, reason] of [['onA3', '已将区级职责单列为第二款'], ['onA5', '绿地率提高到百分之三十五']] as const) {
    const id = row(tracking[key]!).id as number;
    ids[key] = id;
    await officer.get(`${base}/comments/${id}`);
    const decided = await officer.postForm(`${base}/comments/${id}/decide`, { decision: 'adopted', reason, scope: 'one' });
    expect(decided.response.status).toBe(303);
  }
});
afterAll(async () => {
  await harness.close();
});

describe('a consultation with one version', () => {
  it('is version 1 of itself, its blocks and comments on that version', async () => {
    const c = await consultation();
    const versions = await listVersions(harness.db, c.id);
    expect(versions.map((v) => [v.number, v.state, v.purpose])).toEqual([[1, 'published', 'round']]);
    expect(c.current_version_id).toBe(versions[0]!.id);
    expect(row(tracking.onA3!).version_id).toBe(versions[0]!.id);
    expect(row(tracking.general!).version_id).toBe(versions[0]!.id);
    // Its public page has no version bar: nothing changes for a consultation with one version.
    const page = await harness.client().get(`/consultations/${SLUG}`);
    expect(page.html).not.toContain('version-bar');
  });
});

describe('a revised text in the office', () => {
  it('refuses a revision before the consultation is published, and says why', async () => {
    await officer.get('/office/consultations/new');
    await officer.postForm('/office/consultations/new', { title: '', slug: 'unpublished', text: V1 });
    const { response, html } = await post(officer, '/office/consultations/unpublished/versions', { title: '', text: V2 });
    expect(response.status).toBe(409);
    expect(html).toContain('发布之前请直接在「正文」中修改');
  });

  it('loads the revised text as version 2, unpublished, and shows each block’s correspondence in the structure editor', async () => {
    const { response } = await post(officer, `${base}/versions`, { title: '', text: V2 });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${base}/structure`);
    const versions = await listVersions(harness.db, (await consultation()).id);
    expect(versions.map((v) => [v.number, v.state])).toEqual([
      [1, 'published'],
      [2, 'draft'],
    ]);
    // The public still reads version 1.
    expect((await harness.client().get(`/consultations/${SLUG}`)).html).toContain('第十二条');

    const { html } = await officer.get(`${base}/structure`);
    expect(html).toContain('正文结构 · 第2稿');
    // 第三条 split in two, 第四条 new, 第七条 made of the old 第六条 and 第七条, old 第九条 removed.
    const box = (key: string) => html.slice(html.indexOf(`id="block-${key}"`), html.indexOf('</li>', html.indexOf(`id="block-${key}"`)));
    expect(box('a3')).toContain('拆分');
    expect(box('a4')).toContain('新增');
    expect(box('a7')).toContain('合并');
    expect(box('a7')).toContain('第六条');
    expect(box('a8')).toContain('移动');
    expect(html).toContain('id="removed-a9"');
    // The default reason is drafted from the adopted comment on the earlier 第五条.
    expect(box('a6')).toContain(`采纳意见${tracking.onA5}：绿地率提高到百分之三十五`);
  });

  it('lets an officer correct a block’s sources and write its reason; the moderator only reads', async () => {
    const moderatorView = await moderator.get(`${base}/structure`);
    expect(moderatorView.html).not.toContain(`${base}/structure/changes`);
    const refused = await post(moderator, `${base}/structure/changes`, { revision: '2', key: 'a4', mode: 'manual', sources: [], reason: 'x' }, { page: `${base}/structure` });
    expect(refused.response.status).toBe(403);

    // 第四条 (new) is said by hand to come from the old 第三条; 第六条 gets a reason of its own.
    const manual = await post(officer, `${base}/structure/changes`, { revision: '2', key: 'a4', mode: 'manual', sources: ['a3'], reason: '' }, { page: `${base}/structure` });
    expect(manual.response.status).toBe(303);
    const reason = await post(officer, `${base}/structure/changes`, { revision: '2', key: 'a6', mode: 'auto', reason: '采纳公众意见，提高新建居住区绿地率。' }, { page: `${base}/structure` });
    expect(reason.response.status).toBe(303);
    const removed = await post(officer, `${base}/structure/changes`, { revision: '2', key: 'a9', removed: '1', reason: '与第八条重复，删除。' }, { page: `${base}/structure` });
    expect(removed.response.status).toBe(303);
    const unknown = await post(officer, `${base}/structure/changes`, { revision: '2', key: 'a4', mode: 'manual', sources: ['a99'], reason: '' }, { page: `${base}/structure` });
    expect(unknown.response.status).toBe(422);
    expect(unknown.html).toContain('上一稿中没有条目 a99');

    const { html } = await officer.get(`${base}/structure`);
    const box = html.slice(html.indexOf('id="block-a4"'), html.indexOf('</li>', html.indexOf('id="block-a4"')));
    expect(box).toContain('手工指定');
    expect(box).toContain('拆分');
    const notes = harness.db.raw.prepare('SELECT b.key, n.sources_json, n.reason FROM block_changes n JOIN blocks b ON b.id = n.block_id ORDER BY n.id').all();
    expect(notes).toHaveLength(3);
    expect(harness.db.raw.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'note-change'").get()).toEqual({ n: 3 });
  });

  it('corrects the revision’s structure like a draft’s, and leaves version 1 alone', async () => {
    const before = harness.db.raw.prepare('SELECT id, key, text FROM blocks WHERE version_id = (SELECT id FROM consultation_versions WHERE number = 1 AND consultation_id = ?) ORDER BY position').all((await consultation()).id);
    const merged = await post(officer, `${base}/structure`, { action: 'merge', key: 'a3' });
    expect(merged.response.status).toBe(303);
    const after = harness.db.raw.prepare('SELECT id, key, text FROM blocks WHERE version_id = (SELECT id FROM consultation_versions WHERE number = 1 AND consultation_id = ?) ORDER BY position').all((await consultation()).id);
    expect(after).toEqual(before);
    // Split back as it was.
    const split = await post(officer, `${base}/structure`, {
      action: 'split',
      key: 'a3',
      parts: '市绿化主管部门负责本市城市绿化的监督管理工作。\n\n区绿化主管部门按照职责分工负责本辖区的城市绿化管理工作。',
    });
    expect(split.response.status).toBe(303);
  });

  it('shows the 修改对照表 to officers and offers it in every format', async () => {
    const { response, html } = await officer.get(`${base}/changes`);
    expect(response.status).toBe(200);
    expect(html).toContain('修改对照表');
    expect(html).toContain('原条文');
    expect(html).toContain('修改理由（采纳意见情况）');
    expect(html).toMatch(/<del>三十<\/del>|<ins>五<\/ins>/);
    expect(html).toContain('与第八条重复，删除。');
    for (const format of ['json', 'docx', 'xlsx', 'html']) expect(html).toContain(`${base}/changes.${format}?version=2`);
    const json = await officer.request(`${base}/changes.json`);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-disposition')).toMatch(/attachment/);
    const body = (await json.json()) as { rows: Record<string, any>[] };
    expect(body.rows.find((r) => r.after?.id === 'a6')).toMatchObject({ change: 'changed', before: { id: 'a5', label: '第五条' }, reason: '采纳公众意见，提高新建居住区绿地率。' });
    expect(body.rows.find((r) => r.before?.id === 'a5')!.comments).toEqual([{ trackingNumber: tracking.onA5, decision: 'adopted' }]);
    expect((await moderator.request(`${base}/changes`)).status).toBe(403);
  });

  it('will not publish the revision while the round is running', async () => {
    const { response, html } = await post(officer, `${base}/versions/publish`, { purpose: 'round', opens: '2026-12-10T00:00', closes: '2027-01-20T23:59' });
    expect(response.status).toBe(409);
    expect(html).toContain('本轮征求意见尚未结束');
  });
});

describe('publishing the revision for a second round', () => {
  it('opens a new window, seeds the roster afresh and keeps round 1 as it ran', async () => {
    harness.setNow(new Date('2026-12-05T10:00:00+08:00'));
    // Sessions end after 8 idle hours: the officer signs in again.
    officer = await signIn(harness, 'officer');
    const c1 = await consultation();
    harness.db.raw.prepare("UPDATE consultations SET results_statement = '第一轮共收到意见4条。', results_published_at = '2026-12-02T02:00:00.000Z' WHERE id = ?").run(c1.id);
    const { response } = await post(officer, `${base}/versions/publish`, { purpose: 'round', opens: '2026-12-05T00:00', closes: '2027-01-20T23:59' });
    expect(response.status).toBe(303);
    const c = await consultation();
    const [v1, v2] = await listVersions(harness.db, c.id);
    expect(c.current_version_id).toBe(v2!.id);
    expect(v2).toMatchObject({ state: 'published', purpose: 'round' });
    expect(v1).toMatchObject({ opens_at: c1.opens_at, closes_at: c1.closes_at, results_statement: '第一轮共收到意见4条。' });
    expect(c).toMatchObject({ opens_at: '2026-12-04T16:00:00.000Z', results_statement: null, results_published_at: null });
    expect(c.title).toBe(v2!.title);
    expect(harness.db.raw.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'publish-version'").get()).toEqual({ n: 1 });
  });

  it('shows the current text clean, or with its changes marked, and each as cached bytes', async () => {
    const reader = harness.client();
    const clean = await reader.get(`/consultations/${SLUG}`);
    expect(clean.response.status).toBe(200);
    expect(clean.html).toContain('当前为第2稿');
    expect(clean.html).toContain('第十一条');
    expect(clean.html).not.toContain('<del>');
    expect(clean.html).toContain(`href="/consultations/${SLUG}?changes=1"`);
    expect(clean.html).toContain(`href="/consultations/${SLUG}/v/1"`);
    const marked = await reader.get(`/consultations/${SLUG}?changes=1`);
    expect(marked.response.status).toBe(200);
    expect(marked.html).toContain('百分之三十<ins>五</ins>。');
    expect(marked.html).toMatch(/class="block removed-block"[\s\S]*?禁止在城市绿地内倾倒垃圾/);
    expect(marked.html).toContain('原第十一条');
    expect(marked.html).toContain('hx-select="#yj-text"');
    expect(clean.response.headers.get('etag')).not.toBe(marked.response.headers.get('etag'));
    // Served again from the cache: the same validator, and a 304 for a browser that has it.
    const again = await reader.request(`/consultations/${SLUG}?changes=1`, { headers: { 'if-none-match': marked.response.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('keeps version 1 readable at its own address, with the comments made on it', async () => {
    const { response, html } = await harness.client().get(`/consultations/${SLUG}/v/1`);
    expect(response.status).toBe(200);
    expect(html).toContain('这是第1稿');
    expect(html).toContain('第十二条');
    expect(html).toContain('倾倒垃圾的禁止性规定应当保留。');
    expect(html).toContain('第一轮共收到意见4条。');
    expect(html).not.toContain('我要提意见');
    const current = await harness.client().request(`/consultations/${SLUG}/v/2`);
    expect(current.status).toBe(302);
    expect(current.headers.get('location')).toBe(`/consultations/${SLUG}`);
    expect((await harness.client().request(`/consultations/${SLUG}/v/3`)).status).toBe(404);
    // The comments on an earlier block, listed by that version's key.
    const list = await harness.client().get(`/consultations/${SLUG}/blocks/a9/comments?v=1`);
    expect(list.response.status).toBe(200);
    expect(list.html).toContain('倾倒垃圾的禁止性规定应当保留。');
  });

  it('takes new comments on version 2 while the old ones stay on version 1', async () => {
    const c = await consultation();
    const [v1, v2] = await listVersions(harness.db, c.id);
    tracking.round2 = await comment('a4', '认养城市绿地应当签订协议。');
    expect(row(tracking.round2).version_id).toBe(v2!.id);
    expect(row(tracking.round2).block_key).toBe('a4');
    expect(row(tracking.onA3!).version_id).toBe(v1!.id);
    expect(row(tracking.onA3!).id).toBe(ids.onA3);
  });

  it('reviews and reports the current round by default, and round 1 on request', async () => {
    const queue = await officer.get(`${base}/comments`);
    expect(queue.html).toContain('认养城市绿地应当签订协议。');
    expect(queue.html).not.toContain('倾倒垃圾的禁止性规定应当保留。');
    const round1 = await officer.get(`${base}/comments?version=1`);
    expect(round1.html).toContain('倾倒垃圾的禁止性规定应当保留。');
    expect(round1.html).not.toContain('认养城市绿地应当签订协议。');

    const current = (await (await officer.request(`${base}/report.json`)).json()) as { comments: { trackingNumber: string }[] };
    expect(current.comments.map((x) => x.trackingNumber)).toEqual([tracking.round2]);
    const first = (await (await officer.request(`${base}/report.json?version=1`)).json()) as { comments: { trackingNumber: string; paragraph: { id: string } | null }[] };
    expect(first.comments.map((x) => x.trackingNumber).sort()).toEqual([tracking.onA3, tracking.onA9, tracking.general, tracking.onA5].sort());
    expect(first.comments.find((x) => x.trackingNumber === tracking.onA9)!.paragraph!.id).toBe('a9');
  });

  it('serves version 2 in the API and files mail against it', async () => {
    const api = (await (await harness.client().request(`/api/consultations/${SLUG}`)).json()) as { title: string; body: { id: string; children: { id: string; text: string }[] }[] };
    expect(api.body[0]!.children.map((n) => n.id)).toEqual(['a1', 'a2', 'a3', 'a4']);
  });
});

describe('the final text', () => {
  it('is published once the second round is over, and version 2 stays readable', async () => {
    harness.setNow(new Date('2027-01-25T10:00:00+08:00'));
    officer = await signIn(harness, 'officer');
    const load = await post(officer, `${base}/versions`, { title: '', text: V2.replace('（第二次征求意见稿）', '').replace('百分之三十五', '百分之四十') });
    expect(load.response.status).toBe(303);
    const published = await post(officer, `${base}/versions/publish`, { purpose: 'final' });
    expect(published.response.status).toBe(303);
    const page = await harness.client().get(`/consultations/${SLUG}`);
    expect(page.html).toContain('当前为第3稿');
    expect(page.html).toContain('最终文本');
    expect(page.html).not.toContain('我要提意见');
    expect((await harness.client().get(`/consultations/${SLUG}/v/2`)).html).toContain('这是第2稿');
    // No version after the final text.
    const refused = await post(officer, `${base}/versions`, { title: '', text: V2 });
    expect(refused.response.status).toBe(409);
    expect(refused.html).toContain('最终文本已经发布');
    // The queue of a consultation whose current text is final reviews its last round.
    expect((await officer.get(`${base}/comments`)).html).toContain('认养城市绿地应当签订协议。');
  });

  it('discards an unpublished revision of another consultation with its blocks', async () => {
    // A fresh consultation, published and over: a revision is loaded, then thrown away.
    await officer.get('/office/consultations/new');
    await officer.postForm('/office/consultations/new', { title: '', slug: 'discard-me', text: V1 });
    const id = (await findConsultationBySlug(harness.db, 'discard-me'))!.id;
    harness.db.raw.prepare("UPDATE consultations SET state = 'published', opens_at = '2027-01-01T00:00:00.000Z', closes_at = '2027-01-10T00:00:00.000Z' WHERE id = ?").run(id);
    harness.db.raw.prepare("UPDATE consultation_versions SET state = 'published' WHERE consultation_id = ?").run(id);
    harness.services.consultationChanged('discard-me');
    expect((await post(officer, '/office/consultations/discard-me/versions', { title: '', text: V2 })).response.status).toBe(303);
    const blocks = () => (harness.db.raw.prepare('SELECT count(*) AS n FROM blocks WHERE consultation_id = ?').get(id) as { n: number }).n;
    expect(blocks()).toBeGreaterThan(20);
    const discarded = await post(officer, '/office/consultations/discard-me/versions/discard', {});
    expect(discarded.response.status).toBe(303);
    expect(blocks()).toBe(17);
    expect((await listVersions(harness.db, id)).map((v) => v.number)).toEqual([1]);
  });
});
