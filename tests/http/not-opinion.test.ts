// 「不是意见」 over HTTP on a real SQLite file: an officer marks what is not an opinion (a sign-off,
// a receipt) — one comment from its page, many and whole near-duplicate groups from the queue —
// and it leaves every count: the queue's figures, the public counters and pages, the office's
// lists, the department board, the feedback report, the results and the outcome mail. It stays
// findable under its own filter, is restored exactly as it was, and every step is audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CJ, createTestApp, type TestApp, type TestClient, YIXING } from '../helpers/app.ts';
import { addComment, addToRoster, blockRow, commentRow, consultationRow, countersAgainstTable, createUnit } from '../helpers/comments.ts';
import { signIn } from '../helpers/officers.ts';
import { unzip } from '../helpers/reports.ts';

let t: TestApp;
let officer: TestClient & { officer: { id: number; email: string } };
let moderator: TestClient & { officer: { id: number } };

beforeAll(async () => {
  t = await createTestApp();
  officer = await signIn(t, 'officer');
  moderator = await signIn(t, 'moderator');
});
afterAll(async () => {
  await t.close();
});

const queue = (slug: string, query = '') => `/office/consultations/${slug}/comments${query ? `?${query}` : ''}`;
const idOf = (n: string) => String(commentRow(t, n).id);

function summary(html: string): { comments: number; entries: number } {
  const m = /<p class="queue-summary" role="status">[^<]*?(\d+) 条[^<]*?(\d+) 项/.exec(html);
  if (!m) throw new Error('no queue summary');
  return { comments: Number(m[1]), entries: Number(m[2]) };
}

function trackingNumbers(html: string): string[] {
  return [...html.matchAll(/<span class="tracking-number-small">(YJ-[0-9A-Z]{4}-[0-9A-Z]{4})<\/span>/g)].map((m) => m[1]!);
}

async function bulk(client: TestClient, slug: string, fields: Record<string, string | string[]>) {
  await client.get(queue(slug));
  const body = new URLSearchParams({ _csrf: client.csrf });
  for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  const response = await client.request(`/office/consultations/${slug}/comments/moderate`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  return { response, html: await response.text() };
}

async function fromPage(client: TestClient, slug: string, trackingNumber: string, fields: Record<string, string>) {
  const page = `${queue(slug)}/${idOf(trackingNumber)}`;
  await client.get(page);
  return client.postForm(`${page}/not-opinion`, fields);
}

function auditEntries(action: string) {
  return t.db.raw.prepare('SELECT * FROM audit_log WHERE action = ? ORDER BY id').all(action) as { officer_id: number; target_type: string; target_id: number; detail_json: string; at: string }[];
}

function expectCountersRight(slug: string) {
  const { stored, actual } = countersAgainstTable(t, slug);
  expect(stored).toEqual(actual);
}

describe('「不是意见」', () => {
  it('takes a published comment out of the counts and the public pages, audited in the same batch; restoring puts it back exactly', async () => {
    const signOff = await addComment(t, CJ, { block: 'i4', body: '此致敬礼！长江办综合科', status: 'published', channel: 'email' });
    const opinion = await addComment(t, CJ, { block: 'i4', body: '建议第4项写明污水处理设施的运维经费来源。', status: 'published' });
    const before = { consultation: consultationRow(t, CJ), block: blockRow(t, CJ, 'i4').comment_count, queue: summary((await officer.get(queue(CJ))).html) };
    expect((await t.client().get(`/consultations/${CJ}`)).html).toContain('此致敬礼！长江办综合科');

    const marked = await fromPage(officer, CJ, signOff, { action: 'mark', reason: '邮件落款，不是意见', back: queue(CJ) });
    expect(marked.response.status).toBe(303);
    const row = commentRow(t, signOff);
    expect(row).toMatchObject({ status: 'published', not_opinion_reason: '邮件落款，不是意见', not_opinion_by: officer.officer.id });
    expect(row.not_opinion_at).toBe(t.now().toISOString());

    // The public counters, the block's count and the page version move in the same batch.
    const after = consultationRow(t, CJ);
    expect(after.published_comment_count).toBe(before.consultation.published_comment_count - 1);
    expect(after.version).toBeGreaterThan(before.consultation.version);
    expect(blockRow(t, CJ, 'i4').comment_count).toBe(before.block - 1);
    expectCountersRight(CJ);
    // No public page or API shows it; the opinion beside it stays.
    const page = (await t.client().get(`/consultations/${CJ}`)).html;
    expect(page).not.toContain('此致敬礼！长江办综合科');
    expect(page).toContain('建议第4项写明污水处理设施的运维经费来源。');
    expect((await t.client().get(`/consultations/${CJ}/blocks/i4/comments`)).html).not.toContain('此致敬礼');
    const api = await (await t.client().request(`/api/consultations/${CJ}/comments?perPage=100`)).json();
    expect(JSON.stringify(api)).not.toContain('此致敬礼');
    expect(api.total).toBe(after.published_comment_count);

    // The queue leaves it out of its list and its figures, and lists it under its own filter.
    const opened = (await officer.get(queue(CJ))).html;
    expect(trackingNumbers(opened)).not.toContain(signOff);
    expect(trackingNumbers(opened)).toContain(opinion);
    expect(summary(opened)).toEqual({ comments: before.queue.comments - 1, entries: before.queue.entries - 1 });
    const aside = (await officer.get(queue(CJ, 'opinion=not'))).html;
    expect(trackingNumbers(aside)).toEqual([signOff]);
    expect(aside).toContain('标为“不是意见”的 1 条');
    expect(aside).toContain('<option value="restore-opinion">恢复为意见</option>');
    // Its page says who marked it, when and why.
    const detail = (await officer.get(`${queue(CJ)}/${idOf(signOff)}`)).html;
    expect(detail).toContain(`已由 ${officer.officer.email} 于 2026年11月21日 10:00 标为不是意见。`);
    expect(detail).toContain('理由：邮件落款，不是意见');
    expect(detail).toContain('恢复为意见');

    // Audited, with the reason, naming the comment; worded on the consultation's overview.
    const [entry] = auditEntries('not-opinion');
    expect(entry).toMatchObject({ officer_id: officer.officer.id, target_type: 'comment', target_id: Number(idOf(signOff)) });
    expect(JSON.parse(entry!.detail_json)).toEqual({ reason: '邮件落款，不是意见', ids: [Number(idOf(signOff))], groups: [] });
    const overview = (await officer.get(`/office/consultations/${CJ}`)).html;
    expect(overview).toContain('标为不是意见');
    expect(overview).toContain('1 条意见。理由：邮件落款，不是意见');
    expect(overview).toContain('另有 1 条经审阅不是意见，未计入。');

    // Restored: published again, counted again, shown again, audited.
    const restored = await fromPage(officer, CJ, signOff, { action: 'restore', back: queue(CJ) });
    expect(restored.response.status).toBe(303);
    expect(commentRow(t, signOff)).toMatchObject({ status: 'published', not_opinion_at: null, not_opinion_reason: null, not_opinion_by: null });
    expect(consultationRow(t, CJ).published_comment_count).toBe(before.consultation.published_comment_count);
    expect(blockRow(t, CJ, 'i4').comment_count).toBe(before.block);
    expectCountersRight(CJ);
    expect((await t.client().get(`/consultations/${CJ}`)).html).toContain('此致敬礼！长江办综合科');
    expect(summary((await officer.get(queue(CJ))).html)).toEqual(before.queue);
    expect(auditEntries('restore-opinion')).toHaveLength(1);
  });

  it('marks and restores many at once from the queue, whole near-duplicate groups too', async () => {
    const copies = await Promise.all([1, 2, 3].map(() => addComment(t, CJ, { block: 'i9', body: '收到，谢谢！我们将认真学习贯彻落实本方案的各项要求，按时完成任务。', status: 'published' })));
    const receipt = await addComment(t, CJ, { block: null, body: '你委来函收悉，经研究，现将有关情况函复如下。' });
    const test = await addComment(t, CJ, { block: 'i9', body: '测试', status: 'published' });
    const before = summary((await officer.get(queue(CJ))).html);
    const published = consultationRow(t, CJ).published_comment_count;
    // Opening the queue grouped the copies; the group is one entry, stood for by its first comment.
    const group = commentRow(t, copies[0]!).duplicate_group_id as number;
    expect(group).toBe(Number(idOf(copies[0]!)));

    const done = await bulk(officer, CJ, { ids: [idOf(receipt), idOf(test)], groups: String(group), action: 'not-opinion', reason: '' });
    expect(done.response.status).toBe(303);
    for (const n of [...copies, receipt, test]) expect(commentRow(t, n).not_opinion_at, n).not.toBeNull();
    expect(consultationRow(t, CJ).published_comment_count).toBe(published - 4);
    expectCountersRight(CJ);
    const flash = (await officer.get(queue(CJ))).html;
    expect(flash).toContain('已将 5 条标为不是意见，不再计入统计、报告和结果。');
    expect(summary(flash)).toEqual({ comments: before.comments - 5, entries: before.entries - 3 });
    // Under the filter: the group is one entry of three, the others one each.
    const aside = (await officer.get(queue(CJ, 'opinion=not'))).html;
    expect(summary(aside)).toEqual({ comments: 5, entries: 3 });
    expect(aside).toContain('相同或近似意见一组，共 3 条');
    const entry = auditEntries('not-opinion').at(-1)!;
    expect(entry.target_type).toBe('comments');
    expect(JSON.parse(entry.detail_json)).toEqual({ reason: null, ids: [Number(idOf(receipt)), Number(idOf(test))], groups: [group] });

    // Marking again changes nothing and says so.
    await bulk(officer, CJ, { ids: idOf(test), action: 'not-opinion' });
    expect((await officer.get(queue(CJ, 'opinion=not'))).html).toContain('所选内容本来就是这样，没有改动。');

    // The group comes back whole; the receipt and the test stay aside.
    const back = await bulk(officer, CJ, { groups: String(group), action: 'restore-opinion', back: queue(CJ, 'opinion=not') });
    expect(back.response.headers.get('location')).toBe(queue(CJ, 'opinion=not'));
    for (const n of copies) expect(commentRow(t, n).not_opinion_at).toBeNull();
    expect(commentRow(t, test).not_opinion_at).not.toBeNull();
    expect(consultationRow(t, CJ).published_comment_count).toBe(published - 1);
    expectCountersRight(CJ);
    expect(summary((await officer.get(queue(CJ, 'opinion=not'))).html)).toEqual({ comments: 2, entries: 2 });
  });

  it('keeps the public counters right when a marked comment is moderated, and when it comes back', async () => {
    const n = await addComment(t, CJ, { block: 'i12', body: '（联系人：王科长，电话：0510-12345678）', status: 'pending', channel: 'email' });
    await bulk(officer, CJ, { ids: idOf(n), action: 'not-opinion', reason: '联系方式' });
    const published = consultationRow(t, CJ).published_comment_count;
    // Published while marked: the public still does not count or see it.
    await bulk(moderator, CJ, { ids: idOf(n), action: 'publish' });
    expect(commentRow(t, n).status).toBe('published');
    expect(consultationRow(t, CJ).published_comment_count).toBe(published);
    expectCountersRight(CJ);
    expect((await t.client().get(`/consultations/${CJ}`)).html).not.toContain('联系人：王科长');
    // Restored: now it is a published opinion, counted once.
    await bulk(moderator, CJ, { ids: idOf(n), action: 'restore-opinion' });
    expect(consultationRow(t, CJ).published_comment_count).toBe(published + 1);
    expectCountersRight(CJ);
    // Hidden, marked, restored, published: every step keeps the counters equal to COUNT(*).
    for (const action of ['hide', 'not-opinion', 'publish', 'restore-opinion', 'not-opinion', 'spam', 'restore-opinion', 'publish']) {
      await bulk(officer, CJ, { ids: idOf(n), action, reason: action === 'hide' ? '含个人信息' : '' });
      expectCountersRight(CJ);
    }
    expect(consultationRow(t, CJ).published_comment_count).toBe(published + 1);
  });

  it('leaves the department board, the report in every format, the results figures and the outcome mail', async () => {
    // A unit whose only message was a receipt, and a unit with an opinion and a sign-off.
    const receiptOnly = createUnit(t, '宜兴市审计局');
    const both = createUnit(t, '宜兴市水利局');
    addToRoster(t, YIXING, receiptOnly.id, 'comments', 'support');
    addToRoster(t, YIXING, both.id, 'comments', 'support');
    const receipt = await addComment(t, YIXING, { block: null, body: '来函收悉。', channel: 'email', unitId: receiptOnly.id, email: 'sjj@yixing.example', status: 'published' });
    const opinion = await addComment(t, YIXING, { block: 's1-i2', body: '建议将规模工业增加值增速调整为7%。', channel: 'email', unitId: both.id, email: 'slj@yixing.example', status: 'published' });
    const signOff = await addComment(t, YIXING, { block: 's1-i2', body: '宜兴市水利局办公室 2026年10月20日', channel: 'email', unitId: both.id, email: 'slj@yixing.example', status: 'published' });
    // Decided before anyone noticed: the decision stays with it, for a restore.
    for (const [n, decision, reason] of [
      [receipt, 'explained', '不是意见'],
      [opinion, 'partly_adopted', '已部分吸收'],
      [signOff, 'explained', '不是意见'],
    ] as const) {
      const page = `${queue(YIXING)}/${idOf(n)}`;
      await officer.get(page);
      expect((await officer.postForm(`${page}/decide`, { decision, reason, scope: 'one', back: queue(YIXING) })).response.status).toBe(303);
    }
    const unmarked = { report: await (await officer.request(`/office/consultations/${YIXING}/report.json`)).json(), results: (await officer.get(`/office/consultations/${YIXING}/results`)).html };

    await bulk(officer, YIXING, { ids: [idOf(receipt), idOf(signOff)], action: 'not-opinion', reason: '收悉回执与落款' });

    // The board: the receipt-only unit answered without an opinion (无意见); the other replied with one comment.
    const board = (await officer.get(`/office/consultations/${YIXING}/units`)).html;
    const status = (name: string) => new RegExp(`<tr class="board-row board-(\\w+)"><th scope="row"[^>]*>${name}</th>`).exec(board)?.[1];
    expect(status(receiptOnly.name)).toBe('no_comments');
    expect(status(both.name)).toBe('responded');
    expect(board).not.toContain('来函收悉。');
    expect(board).not.toContain('宜兴市水利局办公室 2026年10月20日');
    expect(board).toContain('建议将规模工业增加值增速调整为7%。');

    // The report: neither comment in any format; counted apart; the units where they stand.
    const report = await (await officer.request(`/office/consultations/${YIXING}/report.json`)).json();
    expect(report.overview.totals.comments).toBe(unmarked.report.overview.totals.comments - 2);
    expect(report.overview.totals.notOpinionExcluded).toBe(unmarked.report.overview.totals.notOpinionExcluded + 2);
    expect(report.overview.decisions.explained).toBe(unmarked.report.overview.decisions.explained - 2);
    expect(report.comments.map((c: { trackingNumber: string }) => c.trackingNumber)).not.toContain(receipt);
    expect(report.comments.map((c: { trackingNumber: string }) => c.trackingNumber)).not.toContain(signOff);
    expect(report.comments.map((c: { trackingNumber: string }) => c.trackingNumber)).toContain(opinion);
    const unit = (name: string) => report.units.find((u: { name: string }) => u.name === name)?.status;
    expect(unit(receiptOnly.name)).toBe('no_comments');
    expect(unit(both.name)).toBe('comments');
    expect(report.overview.units.noComments).toBe(unmarked.report.overview.units.noComments + 1);
    expect(report.overview.units.replied).toBe(unmarked.report.overview.units.replied - 1);
    for (const format of ['csv', 'html', 'xlsx', 'docx'] as const) {
      const response = await officer.request(`/office/consultations/${YIXING}/report.${format}`);
      expect(response.status).toBe(200);
      const bytes = Buffer.from(await response.arrayBuffer());
      const text = format === 'xlsx' || format === 'docx' ? [...unzip(bytes).values()].map((b) => b.toString('utf8')).join('') : bytes.toString('utf8');
      expect(text, format).not.toContain('来函收悉。');
      expect(text, format).not.toContain('宜兴市水利局办公室 2026年10月20日');
      expect(text, format).toContain('建议将规模工业增加值增速调整为7%。');
    }

    // The results: the figures and the drafted statement leave them out; nobody is told about them.
    const results = (await officer.get(`/office/consultations/${YIXING}/results`)).html;
    const total = (html: string) => Number(/<th scope="row">收到意见（不含垃圾信息）<\/th>\s*<td class="num">(\d+)<\/td>/.exec(html)![1]);
    expect(total(results)).toBe(total(unmarked.results) - 2);
    expect(results).toContain(`共收到意见${total(results)}条`);
    await officer.postForm(`/office/consultations/${YIXING}/results`, { statement: '本次征求意见结果。' });
    const outcomes = t.db.raw.prepare("SELECT to_address FROM outbox WHERE kind = 'outcome'").all() as { to_address: string }[];
    expect(outcomes.map((o) => o.to_address)).toContain('slj@yixing.example');
    expect(outcomes.map((o) => o.to_address)).not.toContain('sjj@yixing.example');
    expect(commentRow(t, signOff).outcome_notified_at).toBeNull();
    expect(commentRow(t, opinion).outcome_notified_at).not.toBeNull();
    expect((await t.client().get(`/consultations/${YIXING}/results`)).html).not.toContain('来函收悉。');

    // Restored, the decision it had is still there.
    await bulk(officer, YIXING, { ids: idOf(signOff), action: 'restore-opinion' });
    expect(commentRow(t, signOff)).toMatchObject({ decision: 'explained', decision_reason: '不是意见', not_opinion_at: null });
  });

  it('refuses without a selection or with a reason too long, and ignores comments of another consultation', async () => {
    const none = await bulk(officer, CJ, { action: 'not-opinion' });
    expect(none.response.status).toBe(422);
    expect(none.html).toContain('请先勾选要操作的意见。');
    const n = await addComment(t, CJ, { block: 'i5', body: '建议第5项明确完成时限。' });
    const long = await bulk(officer, CJ, { ids: idOf(n), action: 'not-opinion', reason: '很'.repeat(2001) });
    expect(long.response.status).toBe(422);
    expect(long.html).toContain('理由不能超过 2000 字。');
    const fromPageLong = await fromPage(officer, CJ, n, { action: 'mark', reason: '很'.repeat(2001) });
    expect(fromPageLong.response.status).toBe(422);
    expect(fromPageLong.html).toContain('理由不能超过 2000 字。');
    expect(commentRow(t, n).not_opinion_at).toBeNull();
    // A comment of another consultation named in the form is not touched.
    const elsewhere = await addComment(t, YIXING, { block: 's1-i1', body: '另一份征求意见的意见。' });
    await bulk(officer, CJ, { ids: idOf(elsewhere), action: 'not-opinion' });
    expect(commentRow(t, elsewhere).not_opinion_at).toBeNull();
  });

  it('is open to moderators, and needs a signed-in officer and the CSRF token', async () => {
    const n = await addComment(t, CJ, { block: 'i6', body: '祝工作顺利！' });
    const page = `${queue(CJ)}/${idOf(n)}`;
    const anonymous = t.client('192.0.2.77');
    const refused = await anonymous.postForm(`${page}/not-opinion`, { action: 'mark' });
    expect([302, 303, 401, 403]).toContain(refused.response.status);
    await moderator.get(page);
    const forged = await moderator.request(`${page}/not-opinion`, {
      method: 'POST',
      body: new URLSearchParams({ _csrf: 'forged', action: 'mark' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(forged.status).toBe(403);
    expect(commentRow(t, n).not_opinion_at).toBeNull();
    const done = await fromPage(moderator, CJ, n, { action: 'mark', reason: '问候语' });
    expect(done.response.status).toBe(303);
    expect(commentRow(t, n).not_opinion_by).toBe(moderator.officer.id);
  });
});
