// Citizens told (issue 13 item 5), over HTTP on a real SQLite file: the receipt mailed at once,
// the outcome on /track only once results are published, one outcome message per citizen, Atom
// feeds that a strict parser and RFC 4287's rules accept, and email subscriptions with double
// opt-in and one-click unsubscribe, told once per event.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Decision } from '../../src/db/schema.ts';
import { findConsultationBySlug } from '../../src/drafts/store.ts';
import { decide } from '../../src/review/decisions.ts';
import { erasePersonData, exportPersonData, findPersonData, personExport } from '../../src/privacy/person.ts';
import { purgeExpiredContacts } from '../../src/privacy/purge.ts';
import { atomEntries, atomProblems } from '../helpers/atom.ts';
import { CJ, createTestApp, type TestApp, type TestClient } from '../helpers/app.ts';
import { signIn } from '../helpers/officers.ts';
import { loadRevision, publishRound } from '../helpers/rounds.ts';

let harness: TestApp;

beforeEach(async () => {
  harness = await createTestApp();
});
afterEach(async () => {
  await harness.close();
});

/** After the Changjiang draft's deadline (12 December, 23:59 Beijing time). */
const AFTER_CLOSE = new Date('2026-12-14T10:00:00+08:00');

function outbox(kind?: string) {
  let query = harness.db.kysely.selectFrom('outbox').selectAll().orderBy('id');
  if (kind) query = query.where('kind', '=', kind as 'other');
  return query.execute();
}

/** A web comment through the form, as a browser sends it; returns the tracking number. */
async function comment(client: TestClient, fields: Record<string, string>, on = 'i4'): Promise<string> {
  await client.openForm(CJ, on);
  const { response } = await client.postForm(`/consultations/${CJ}/comments`, { paragraphId: on, ...fields });
  expect(response.status, JSON.stringify(fields)).toBe(303);
  return /receipts\/(YJ-[0-9A-Z-]+)/.exec(response.headers.get('location')!)![1]!;
}

async function commentId(trackingNumber: string): Promise<number> {
  return (await harness.db.kysely.selectFrom('comments').select('id').where('tracking_number', '=', trackingNumber).executeTakeFirstOrThrow()).id;
}

async function decideOn(trackingNumbers: string[], decision: Decision, reason: string, officerId: number) {
  const consultation = (await findConsultationBySlug(harness.db, CJ))!;
  const ids = await Promise.all(trackingNumbers.map(commentId));
  const result = await decide(harness.services, { consultation, selection: { ids, groups: [] }, decision, reason, actor: { officerId, ip: null } });
  expect(result.ok).toBe(true);
}

/** Through the office's form, signed in anew (a session does not outlive the weeks the clock moved). */
async function publishResults(statement = '本次征求意见共收到意见若干条，已逐条研究。') {
  const officer = await signIn(harness, 'officer');
  await officer.get(`/office/consultations/${CJ}/results`);
  const { response } = await officer.postForm(`/office/consultations/${CJ}/results`, { statement });
  expect(response.status).toBe(303);
}

describe('the receipt a web commenter gets at once', () => {
  it('is queued with the comment, in the commenter’s language, with the tracking number and where to follow it', async () => {
    const citizen = harness.client('198.51.100.20');
    const number = await comment(citizen, { body: '建议第4项明确污水处理设施的运行维护经费来源。', name: '王小明', email: 'Wang.XM@example.cn', consent: '1' });
    const [receipt, ...rest] = await outbox('acknowledgement');
    expect(rest).toEqual([]);
    expect(receipt).toMatchObject({ dedupe_key: `receipt:${number}`, to_address: 'Wang.XM@example.cn', state: 'queued', consultation_id: (await findConsultationBySlug(harness.db, CJ))!.id });
    expect(receipt!.subject).toBe(`已收到您对《2022年景德镇市昌江区推进长江经济带发展工作要点》的意见（${number}）`);
    expect(receipt!.text_body).toContain('王小明，您好：');
    expect(receipt!.text_body).toContain('收到您对《2022年景德镇市昌江区推进长江经济带发展工作要点》第4项提出的意见。');
    expect(receipt!.text_body).toContain(`查询编号：${number}\n您的意见经审核后公开。`);
    expect(receipt!.text_body).toContain(`查询处理情况：http://localhost:8787/track?no=${number}`);
    expect(receipt!.text_body).toContain('征求意见结果公布后，我们会把处理情况发送到本邮箱。');

    const english = harness.client('198.51.100.21');
    await english.get(`/consultations/${CJ}?lang=en`);
    const enNumber = await comment(english, { body: 'Please publish the maintenance budget for item 4.', email: 'reader@example.org', consent: '1' });
    const enReceipt = (await outbox('acknowledgement')).find((m) => m.dedupe_key === `receipt:${enNumber}`)!;
    expect(enReceipt.subject).toBe(`We received your comment on “2022年景德镇市昌江区推进长江经济带发展工作要点” (${enNumber})`);
    expect(enReceipt.text_body).toContain('Hello,');
    expect(enReceipt.text_body).toContain(', item 4.');
  });

  it('goes nowhere without an email, and not to an address a bot filled in', async () => {
    const citizen = harness.client('198.51.100.22');
    await comment(citizen, { body: '建议第4项增加年度评估。', name: '李华' });
    await comment(citizen, { body: '访问我的网站获取优惠信息。', email: 'victim@example.com', consent: '1', website: 'http://spam.example' });
    expect(await outbox('acknowledgement')).toEqual([]);
  });

  it('goes to a commenter of the JSON API too', async () => {
    const client = harness.client('198.51.100.23');
    const { response, json } = await client.postJson(`/api/consultations/${CJ}/comments`, { paragraphId: 'i5', body: '建议第5项补充实施时间表。', email: 'api@example.net', consent: true });
    expect(response.status).toBe(201);
    const [receipt] = await outbox('acknowledgement');
    expect(receipt).toMatchObject({ dedupe_key: `receipt:${json.trackingNumber}`, to_address: 'api@example.net' });
  });
});

describe('/track', () => {
  it('shows the decision and its reason only once the results are published, masked like the results page', async () => {
    const officer = await signIn(harness, 'officer');
    const citizen = harness.client('198.51.100.30');
    const decided = await comment(citizen, { body: '建议第4项明确运行维护经费来源。', email: 'zhou@example.cn', consent: '1' });
    const open = await comment(citizen, { body: '建议第4项公布各乡镇建设进度。', email: 'zhou@example.cn', consent: '1' });

    const before = await citizen.get(`/track?no=${decided}`);
    expect(before.html).toContain('征求意见结果公布后，这里会显示处理情况。');

    await decideOn([decided], 'partly_adopted', '经费来源已在实施方案中明确，请致电 13812345678 了解。', officer.officer.id);
    // Decided, but nothing published yet: the citizen still sees nothing of it.
    const stillBefore = await citizen.get(`/track?no=${decided}`);
    expect(stillBefore.html).toContain('征求意见结果公布后，这里会显示处理情况。');
    expect(stillBefore.html).not.toContain('部分采纳');

    harness.setNow(AFTER_CLOSE);
    await publishResults();
    const after = await citizen.get(`/track?no=${decided}`);
    expect(after.html).toContain('<dt>处理情况</dt>');
    expect(after.html).toContain('<strong class="decision">部分采纳</strong>');
    expect(after.html).toContain('处理说明：经费来源已在实施方案中明确，请致电 138****5678 了解。');
    expect(after.html).toContain(`href="/consultations/${CJ}/results"`);
    const undecided = await citizen.get(`/track?no=${open}`);
    expect(undecided.html).toContain('征求意见结果已公布，这条意见还在研究中；处理后会在这里显示。');
    const english = await citizen.get(`/track?no=${decided}&lang=en`);
    expect(english.html).toContain('<strong class="decision">Partly adopted</strong>');
  });
});

describe('the outcome, with the results', () => {
  it('is ONE message per citizen with all their comments, whatever the case of the address, in their language', async () => {
    const officer = await signIn(harness, 'officer');
    const citizen = harness.client('198.51.100.40');
    const numbers = [
      await comment(citizen, { body: '建议第4项明确运行维护经费来源。', name: '赵敏', email: 'zhao.min@example.cn', consent: '1' }),
      await comment(citizen, { body: '建议第5项补充实施时间表。', name: '赵敏', email: 'Zhao.Min@Example.cn', consent: '1' }, 'i5'),
      await comment(citizen, { body: '建议全文统一“长江经济带”的写法。', name: '赵敏', email: 'zhao.min@example.cn ', consent: '1' }, 'i6'),
    ];
    const other = harness.client('198.51.100.41');
    await other.get(`/consultations/${CJ}?lang=en`);
    const foreign = await comment(other, { body: 'Please add a timetable to item 4.', email: 'visitor@example.org', consent: '1' });
    await decideOn(numbers.slice(0, 2), 'adopted', '', officer.officer.id);
    await decideOn([numbers[2]!, foreign], 'not_adopted', '与上位法表述一致。', officer.officer.id);

    harness.setNow(AFTER_CLOSE);
    await publishResults();
    const outcomes = await outbox('outcome');
    expect(outcomes.map((m) => m.to_address).sort()).toEqual(['visitor@example.org', 'zhao.min@example.cn']);
    const zhao = outcomes.find((m) => m.to_address === 'zhao.min@example.cn')!;
    for (const number of numbers) expect(zhao.text_body).toContain(`意见编号 ${number}`);
    expect(zhao.text_body).toContain('赵敏，您好：');
    expect(zhao.text_body).toContain('处理说明：与上位法表述一致。');
    const visitor = outcomes.find((m) => m.to_address === 'visitor@example.org')!;
    expect(visitor.subject).toBe('The outcome of your comments on “2022年景德镇市昌江区推进长江经济带发展工作要点”');

    // Publishing again tells nobody twice.
    await publishResults('更新后的说明。');
    expect(await outbox('outcome')).toHaveLength(2);
  });

  it('leaves out what an officer marked as not an opinion: no outcome in the mail, no decision on /track', async () => {
    const officer = await signIn(harness, 'officer');
    const citizen = harness.client('198.51.100.42');
    const opinion = await comment(citizen, { body: '建议第4项明确运行维护经费来源。', name: '钱立', email: 'qian@example.cn', consent: '1' });
    const thanks = await comment(citizen, { body: '谢谢！辛苦了。', name: '钱立', email: 'qian@example.cn', consent: '1' });
    const alone = harness.client('198.51.100.43');
    const onlyThanks = await comment(alone, { body: '已阅，无意见，谢谢。', email: 'sun@example.cn', consent: '1' });
    // Decided before anyone noticed, then marked: the decision stays on the row (for a restore) but counts nowhere.
    await decideOn([opinion], 'adopted', '', officer.officer.id);
    await decideOn([thanks, onlyThanks], 'explained', '感谢关注。', officer.officer.id);
    for (const number of [thanks, onlyThanks]) {
      const page = `/office/consultations/${CJ}/comments/${await commentId(number)}`;
      await officer.get(page);
      const { response } = await officer.postForm(`${page}/not-opinion`, { action: 'mark', reason: '致谢，不是意见', back: `/office/consultations/${CJ}/comments` });
      expect(response.status).toBe(303);
    }

    harness.setNow(AFTER_CLOSE);
    await publishResults();
    const outcomes = await outbox('outcome');
    // The one who only said thank you gets no outcome message at all.
    expect(outcomes.map((m) => m.to_address)).toEqual(['qian@example.cn']);
    expect(outcomes[0]!.text_body).toContain(`意见编号 ${opinion}`);
    expect(outcomes[0]!.text_body).not.toContain(thanks);
    expect(outcomes[0]!.text_body).not.toContain('感谢关注');
    const rows = await harness.db.kysely.selectFrom('comments').select(['tracking_number', 'outcome_notified_at']).where('tracking_number', 'in', [thanks, onlyThanks]).execute();
    expect(rows.map((r) => r.outcome_notified_at)).toEqual([null, null]);

    const tracked = await citizen.get(`/track?no=${thanks}`);
    expect(tracked.html).toContain('经审阅，这条内容不是对草案的意见');
    expect(tracked.html).not.toContain('class="decision"');
    expect(tracked.html).not.toContain('感谢关注');
    expect((await citizen.get(`/track?no=${thanks}&lang=en`)).html).toContain('found not to be an opinion on the draft');
    expect((await citizen.get(`/track?no=${opinion}&lang=zh-CN`)).html).toContain('<strong class="decision">采纳</strong>');
  });
});

describe('Atom feeds', () => {
  it('are valid Atom 1.0, site-wide and per consultation, with opened, closing soon and results', async () => {
    const client = harness.client();
    const site = await client.request('/feeds/consultations.atom');
    expect(site.status).toBe(200);
    expect(site.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const siteXml = await site.text();
    expect(atomProblems(siteXml)).toEqual([]);
    const opened = atomEntries(siteXml).find((e) => e.id === `http://localhost:8787/consultations/${CJ}#opened`)!;
    expect(opened).toMatchObject({ title: '开始征求意见：2022年景德镇市昌江区推进长江经济带发展工作要点', link: `http://localhost:8787/consultations/${CJ}`, category: 'opened' });
    expect(opened.summary).toBe('征求意见时间：2026年11月14日 00:00 至 2026年12月12日 23:59（北京时间）。');
    expect(atomEntries(siteXml).some((e) => e.id.startsWith(`http://localhost:8787/consultations/${CJ}#closing-soon`))).toBe(false);

    // Three days before the deadline it is closing soon.
    harness.setNow(new Date('2026-12-10T09:00:00+08:00'));
    const soonXml = await (await client.request(`/consultations/${CJ}/feed.atom`)).text();
    expect(atomProblems(soonXml)).toEqual([]);
    expect(atomEntries(soonXml).map((e) => [e.category, e.updated])).toEqual([
      ['closing-soon', '2026-12-09T15:59:59Z'],
      ['opened', '2026-11-21T02:00:00Z'],
    ]);

    // Results published: a third entry, linking the results page, with the statement as summary.
    harness.setNow(AFTER_CLOSE);
    await publishResults('本次征求意见共收到意见 3 条 <全部> & “逐条”研究。\u0001');
    const resultsXml = await (await client.request(`/consultations/${CJ}/feed.atom`)).text();
    expect(atomProblems(resultsXml)).toEqual([]);
    const [results] = atomEntries(resultsXml);
    expect(results).toMatchObject({
      id: `http://localhost:8787/consultations/${CJ}#results`,
      link: `http://localhost:8787/consultations/${CJ}/results`,
      summary: '本次征求意见共收到意见 3 条 <全部> & “逐条”研究。',
      updated: AFTER_CLOSE.toISOString().replace('.000Z', 'Z'),
    });
    expect(atomProblems((await (await client.request('/feeds/consultations.atom?lang=en')).text()))).toEqual([]);
  });

  it('keep a title with markup characters well-formed, and have no feed for an unpublished consultation', async () => {
    await harness.db.kysely.updateTable('consultations').set({ title: '关于<修订>“A & B”的\u0002通知' }).where('slug', '=', CJ).execute();
    const xml = await (await harness.client().request(`/consultations/${CJ}/feed.atom`)).text();
    expect(atomProblems(xml)).toEqual([]);
    expect(atomEntries(xml)[0]!.title).toBe('开始征求意见：关于<修订>“A & B”的通知');
    await harness.db.kysely.updateTable('consultations').set({ state: 'draft' }).where('slug', '=', CJ).execute();
    expect((await harness.client().request(`/consultations/${CJ}/feed.atom`)).status).toBe(404);
  });

  it('tell of a second round opened on the revised text, each round’s results linking its own page; /track tells a first-round comment by its round', async () => {
    const officer = await signIn(harness, 'officer');
    const citizen = harness.client('198.51.100.44');
    const first = await comment(citizen, { body: '建议第4项明确运行维护经费来源。', email: 'wu@example.cn', consent: '1' });
    await decideOn([first], 'adopted', '已在修改稿中写明。', officer.officer.id);
    harness.setNow(AFTER_CLOSE);
    await publishResults('第一轮共收到意见1条，采纳1条。');
    const office = await signIn(harness, 'officer');
    await loadRevision(harness, office, CJ, (text) => text.replace('深入推进城镇污水垃圾处理', '全面推进城镇污水垃圾处理'));
    await publishRound(harness, office, CJ, '2026-12-15T00:00', '2027-01-20T23:59');
    harness.setNow(new Date('2026-12-16T10:00:00+08:00'));

    const page = `http://localhost:8787/consultations/${CJ}`;
    const client = harness.client();
    const xml = await (await client.request(`/consultations/${CJ}/feed.atom`)).text();
    expect(atomProblems(xml)).toEqual([]);
    const entries = atomEntries(xml);
    expect(entries.map((e) => [e.id.slice(page.length), e.category, e.link.slice(page.length)])).toEqual([
      ['#round-2-opened', 'round', ''],
      ['#results', 'results', '/v/1'],
      ['#closing-soon-2026-12-12', 'closing-soon', '/v/1'],
      ['#opened', 'opened', '/v/1'],
    ]);
    expect(entries[0]).toMatchObject({
      title: '开始第2轮征求意见：2022年景德镇市昌江区推进长江经济带发展工作要点',
      summary: '征求意见时间：2026年12月15日 00:00 至 2027年1月20日 23:59（北京时间）。',
      updated: '2026-12-14T16:00:00Z',
    });
    expect(entries[1]!.summary).toBe('第一轮共收到意见1条，采纳1条。');
    const site = await (await client.request('/feeds/consultations.atom?lang=en')).text();
    expect(atomProblems(site)).toEqual([]);
    expect(atomEntries(site).find((e) => e.id === `${page}#round-2-opened`)).toMatchObject({ title: 'Round 2 open for comment: 2022年景德镇市昌江区推进长江经济带发展工作要点', category: 'round' });

    // The first round's comment keeps its outcome on /track after the second round opened, linking its round's page.
    const tracked = await citizen.get(`/track?no=${first}&lang=zh-CN`);
    expect(tracked.html).toContain('<strong class="decision">采纳</strong>');
    expect(tracked.html).toContain(`href="/consultations/${CJ}/v/1"`);

    // Round 2's results: their own entry, linking the results page.
    harness.setNow(new Date('2027-01-22T10:00:00+08:00'));
    await publishResults('第二轮共收到意见0条。');
    const after = atomEntries(await (await client.request(`/consultations/${CJ}/feed.atom`)).text());
    expect(after[0]).toMatchObject({ id: `${page}#round-2-results`, link: `${page}/results`, category: 'results', summary: '第二轮共收到意见0条。' });
  });

  it('are announced by the pages with <link rel="alternate" type="application/atom+xml">', async () => {
    const home = await harness.client().get('/');
    expect(home.html).toContain('<link rel="alternate" type="application/atom+xml" title="征求意见动态（Atom）" href="/feeds/consultations.atom"/>');
    const page = await harness.client().get(`/consultations/${CJ}`);
    expect(page.html).toContain('<link rel="alternate" type="application/atom+xml" title="征求意见动态（Atom）" href="/feeds/consultations.atom"/>');
    expect(page.html).toContain(`<link rel="alternate" type="application/atom+xml" title="《2022年景德镇市昌江区推进长江经济带发展工作要点》动态（Atom）" href="/consultations/${CJ}/feed.atom"/>`);
    expect(page.html).toContain(`href="/consultations/${CJ}/subscribe"`);
  });
});

describe('email subscriptions', () => {
  async function subscribe(client: TestClient, fields: Record<string, string>) {
    await client.get(`/consultations/${CJ}/subscribe`);
    return client.postForm(`/consultations/${CJ}/subscribe`, fields);
  }

  function subscriptions() {
    return harness.db.kysely.selectFrom('subscriptions').selectAll().orderBy('id').execute();
  }

  function tokenIn(text: string): string {
    return /\/subscriptions\/confirm\?token=([A-Za-z0-9_-]+)/.exec(text)![1]!;
  }

  it('asks for a valid address and consent, field by field, keeping what was typed', async () => {
    const citizen = harness.client('198.51.100.50');
    const noConsent = await subscribe(citizen, { email: 'li@example.cn' });
    expect(noConsent.response.status).toBe(422);
    expect(noConsent.html).toContain('<p class="error-text" id="sub-consent-error">请勾选同意保存邮箱，才能订阅。</p>');
    expect(noConsent.html).toContain('value="li@example.cn"');
    const bad = await subscribe(citizen, { email: 'not an address', consent: '1' });
    expect(bad.response.status).toBe(422);
    expect(bad.html).toContain('电子邮箱格式不正确，例如 name@example.com。');
    const forged = await citizen.request(`/consultations/${CJ}/subscribe`, { method: 'POST', body: new URLSearchParams({ _csrf: 'x', email: 'li@example.cn', consent: '1' }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(forged.status).toBe(403);
    expect(await subscriptions()).toEqual([]);
    expect(await outbox('other')).toEqual([]);
  });

  it('subscribes only when the confirmation page’s button is pressed, not when the link is followed', async () => {
    const citizen = harness.client('198.51.100.51');
    const sent = await subscribe(citizen, { email: ' Li.Na@Example.cn ', consent: '1' });
    expect(sent.response.status).toBe(200);
    expect(sent.html).toContain('我们向 Li.Na@Example.cn 发送了一封确认邮件。');
    expect(sent.response.headers.get('cache-control')).toBe('no-store');
    const [row] = await subscriptions();
    expect(row).toMatchObject({ email: 'li.na@example.cn', state: 'pending', locale: 'zh-CN', confirmed_at: null, consent_at: harness.now().toISOString() });
    const [confirmation] = await outbox('other');
    expect(confirmation).toMatchObject({ to_address: 'li.na@example.cn', subject: '请确认订阅《2022年景德镇市昌江区推进长江经济带发展工作要点》的征求意见动态' });
    const token = tokenIn(confirmation!.text_body);
    expect(token).toBe(row!.token);
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(JSON.parse(confirmation!.headers_json)).toEqual({
      'List-Unsubscribe': `<http://localhost:8787/subscriptions/unsubscribe?token=${token}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });

    // A link scanner (no cookie, GET only) follows the link: nothing changes.
    const scanner = harness.client('203.0.113.9');
    const scanned = await scanner.get(`/subscriptions/confirm?token=${token}`);
    expect(scanned.response.status).toBe(200);
    expect(scanned.html).toContain('确认后，l***@example.cn 将收到');
    expect(scanned.html).not.toContain('li.na@example.cn');
    expect(scanned.response.headers.get('x-robots-tag')).toBe('noindex');
    expect((await subscriptions())[0]!.state).toBe('pending');

    const person = harness.client('198.51.100.52');
    await person.get(`/subscriptions/confirm?token=${token}`);
    const confirmed = await person.postForm('/subscriptions/confirm', { token });
    expect(confirmed.response.status).toBe(200);
    expect(confirmed.html).toContain('订阅成功');
    expect((await subscriptions())[0]).toMatchObject({ state: 'confirmed', confirmed_at: harness.now().toISOString() });

    // Asking again for a confirmed address mails nothing, and says the same as the first time.
    harness.setNow(new Date(harness.now().getTime() + 60 * 60 * 1000));
    const again = await subscribe(citizen, { email: 'li.na@example.cn', consent: '1' });
    expect(again.html).toContain('我们向 li.na@example.cn 发送了一封确认邮件。');
    expect(await outbox('other')).toHaveLength(1);
  });

  it('refuses an old or unknown link, and sends a fresh confirmation only after a pause', async () => {
    const citizen = harness.client('198.51.100.53');
    await subscribe(citizen, { email: 'chen@example.cn', consent: '1' });
    await subscribe(citizen, { email: 'chen@example.cn', consent: '1' });
    expect(await outbox('other')).toHaveLength(1);
    const first = tokenIn((await outbox('other'))[0]!.text_body);

    harness.setNow(new Date(harness.now().getTime() + 8 * 24 * 60 * 60 * 1000));
    const expired = await citizen.get(`/subscriptions/confirm?token=${first}`);
    expect(expired.response.status).toBe(410);
    expect(expired.html).toContain('确认链接已过期（7 天内有效）');
    expect((await citizen.postForm('/subscriptions/confirm', { token: first })).response.status).toBe(410);

    await subscribe(citizen, { email: 'chen@example.cn', consent: '1' });
    const mails = await outbox('other');
    expect(mails).toHaveLength(2);
    const second = tokenIn(mails[1]!.text_body);
    expect(second).not.toBe(first);
    // The older link no longer works at all; the newer one does.
    expect((await citizen.get(`/subscriptions/confirm?token=${first}`)).response.status).toBe(404);
    expect((await citizen.get(`/subscriptions/confirm?token=${second}`)).response.status).toBe(200);
    expect((await citizen.get('/subscriptions/confirm?token=nonsense')).html).toContain('这个链接无效');
  });

  it('tells confirmed subscribers once of the results and once of each new round, and never the unconfirmed', async () => {

    const confirmedReader = harness.client('198.51.100.54');
    await subscribe(confirmedReader, { email: 'sun@example.cn', consent: '1' });
    const token = tokenIn((await outbox('other'))[0]!.text_body);
    await confirmedReader.get(`/subscriptions/confirm?token=${token}`);
    await confirmedReader.postForm('/subscriptions/confirm', { token });
    const english = harness.client('198.51.100.55');
    await english.get(`/consultations/${CJ}?lang=en`);
    await subscribe(english, { email: 'reader@example.org', consent: '1' });
    const enToken = tokenIn((await outbox('other')).find((m) => m.to_address === 'reader@example.org')!.text_body);
    await english.get(`/subscriptions/confirm?token=${enToken}`);
    await english.postForm('/subscriptions/confirm', { token: enToken });
    await subscribe(harness.client('198.51.100.56'), { email: 'never.confirmed@example.cn', consent: '1' });
    const confirmations = (await outbox('other')).length;

    harness.setNow(AFTER_CLOSE);
    await publishResults('本次征求意见共收到意见12条，采纳5条。');
    const notices = (await outbox('other')).slice(confirmations);
    expect(notices.map((m) => m.to_address).sort()).toEqual(['reader@example.org', 'sun@example.cn']);
    const zh = notices.find((m) => m.to_address === 'sun@example.cn')!;
    expect(zh.subject).toBe('《2022年景德镇市昌江区推进长江经济带发展工作要点》征求意见结果已公布');
    expect(zh.text_body).toContain('起草单位说明：本次征求意见共收到意见12条，采纳5条。');
    expect(zh.text_body).toContain(`全部意见的处理情况：http://localhost:8787/consultations/${CJ}/results`);
    expect(zh.text_body).toContain(`退订（一键，无需登录）：http://localhost:8787/subscriptions/unsubscribe?token=${token}`);
    expect(JSON.parse(zh.headers_json)['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(notices.find((m) => m.to_address === 'reader@example.org')!.subject).toBe('Results published: “2022年景德镇市昌江区推进长江经济带发展工作要点”');

    // The results published again: nobody is told twice.
    await publishResults('更新后的说明。');
    expect(await outbox('other')).toHaveLength(confirmations + 2);

    // A revised text published in the office for a new round: once per subscriber, in their language, and never to the unconfirmed.
    const office = await signIn(harness, 'officer');
    await loadRevision(harness, office, CJ, (text) => text.replace('深入推进城镇污水垃圾处理', '全面推进城镇污水垃圾处理'));
    expect(await outbox('other')).toHaveLength(confirmations + 2);
    await publishRound(harness, office, CJ, '2026-12-15T00:00', '2027-01-20T23:59');
    const rounds = (await outbox('other')).slice(confirmations + 2);
    expect(rounds.map((m) => [m.to_address, m.subject])).toEqual([
      ['sun@example.cn', '《2022年景德镇市昌江区推进长江经济带发展工作要点》开始第2轮征求意见'],
      ['reader@example.org', 'Round 2 of consultation: “2022年景德镇市昌江区推进长江经济带发展工作要点”'],
    ]);
    expect(rounds[1]!.text_body).toContain('Open for comment from 15 Dec 2026, 00:00 to 20 Jan 2027, 23:59 (Beijing time)');
    // The same form sent again is refused as stale (the revision is published): nothing more is queued.
    const { version } = (await findConsultationBySlug(harness.db, CJ))!;
    await office.postForm(`/office/consultations/${CJ}/versions/publish`, { version: String(version - 1), purpose: 'round', opens: '2026-12-15T00:00', closes: '2027-01-20T23:59', confirmShort: '1' });
    expect(await outbox('other')).toHaveLength(confirmations + 4);
  });

  it('unsubscribes in one click (RFC 8058) without cookie or form token, and from the page with its button', async () => {
    const citizen = harness.client('198.51.100.57');
    await subscribe(citizen, { email: 'one.click@example.cn', consent: '1' });
    await subscribe(citizen, { email: 'by.page@example.cn', consent: '1' });
    const [oneClick, byPage] = (await outbox('other')).map((m) => tokenIn(m.text_body));
    for (const token of [oneClick!, byPage!]) {
      await citizen.get(`/subscriptions/confirm?token=${token}`);
      await citizen.postForm('/subscriptions/confirm', { token });
    }

    // What a mail client sends: a POST to the List-Unsubscribe address, from elsewhere, nothing else.
    const mailClient = await harness.app.request(`http://localhost:8787/subscriptions/unsubscribe?token=${oneClick}`, {
      method: 'POST',
      body: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://mail.example.com' },
    });
    expect(mailClient.status).toBe(200);
    expect((await subscriptions()).map((s) => s.email)).toEqual(['by.page@example.cn']);
    // Anything but the one-click body is refused on that address.
    const wrong = await harness.app.request(`http://localhost:8787/subscriptions/unsubscribe?token=${byPage}`, { method: 'POST', body: 'x=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(wrong.status).toBe(400);

    const scanner = harness.client('203.0.113.10');
    const page = await scanner.get(`/subscriptions/unsubscribe?token=${byPage}`);
    expect(page.html).toContain('退订后，b***@example.cn 不会再收到');
    expect(await subscriptions()).toHaveLength(1);
    const person = harness.client('198.51.100.58');
    await person.get(`/subscriptions/unsubscribe?token=${byPage}`);
    const done = await person.postForm('/subscriptions/unsubscribe', { token: byPage! });
    expect(done.html).toContain('您已退订');
    expect(await subscriptions()).toEqual([]);
    // Again, or with a link already used: the same calm answer.
    expect((await person.get(`/subscriptions/unsubscribe?token=${byPage}`)).html).toContain('您已退订');
  });

  it('counts against the client’s submission limit', async () => {
    await harness.close();
    harness = await createTestApp({ rateLimit: 2 });
    const citizen = harness.client('198.51.100.59');
    expect((await subscribe(citizen, { email: 'a@example.cn', consent: '1' })).response.status).toBe(200);
    expect((await subscribe(citizen, { email: 'b@example.cn', consent: '1' })).response.status).toBe(200);
    const third = await subscribe(citizen, { email: 'c@example.cn', consent: '1' });
    expect(third.response.status).toBe(429);
    expect(third.response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await subscriptions()).toHaveLength(2);
  });
});

describe('personal information in subscriptions', () => {
  async function confirmedSubscription(client: TestClient, email: string): Promise<string> {
    await client.get(`/consultations/${CJ}/subscribe`);
    await client.postForm(`/consultations/${CJ}/subscribe`, { email, consent: '1' });
    const mail = (await outbox('other')).filter((m) => m.to_address === email.toLowerCase()).at(-1)!;
    const token = /token=([A-Za-z0-9_-]+)/.exec(mail.text_body)![1]!;
    await client.get(`/subscriptions/confirm?token=${token}`);
    await client.postForm('/subscriptions/confirm', { token });
    return token;
  }

  it('are part of a person’s export and go with their erasure', async () => {
    const citizen = harness.client('198.51.100.70');
    const number = await comment(citizen, { body: '建议第4项明确运行维护经费来源。', email: 'he@example.cn', consent: '1' });
    await confirmedSubscription(citizen, 'He@Example.cn');
    const data = (await findPersonData(harness.db, number))!;
    expect(data.subscriptions).toMatchObject([{ email: 'he@example.cn', state: 'confirmed', consultation: { slug: CJ } }]);
    expect(personExport(data, harness.now()).subscriptions).toMatchObject([{ email: 'he@example.cn', state: 'confirmed', consentAt: harness.now().toISOString() }]);
    const { officer } = await signIn(harness, 'officer');
    expect((await exportPersonData(harness.services, { trackingNumber: number, officerId: officer.id, ip: null }, harness.now())).ok).toBe(true);
    const erased = await erasePersonData(harness.services, { trackingNumber: number, officerId: officer.id, ip: null }, harness.now());
    expect(erased).toMatchObject({ ok: true, subscriptions: 1 });
    expect(await harness.db.kysely.selectFrom('subscriptions').selectAll().execute()).toEqual([]);
    // The confirmation mail to that address is blanked with the rest of the mail to the person.
    expect((await outbox('other')).map((m) => m.to_address)).toEqual(['']);
  });

  it('are deleted RETENTION_DAYS after the results, with the notices sent; unconfirmed ones once their link expires', async () => {
    const reader = harness.client('198.51.100.71');
    await confirmedSubscription(reader, 'reader@example.cn');
    await reader.get(`/consultations/${CJ}/subscribe`);
    await reader.postForm(`/consultations/${CJ}/subscribe`, { email: 'never@example.cn', consent: '1' });
    harness.setNow(AFTER_CLOSE);
    await publishResults();
    // Eight days on, the unconfirmed address is gone; the confirmed one stays until the retention ends.
    const week = await purgeExpiredContacts(harness.services, { now: new Date(AFTER_CLOSE.getTime() + 8 * 86_400_000), retentionDays: 365, dryRun: false, via: 'test' });
    expect(week).toMatchObject({ consultations: [], unconfirmedSubscriptions: 1 });
    expect((await harness.db.kysely.selectFrom('subscriptions').select('email').execute()).map((r) => r.email)).toEqual(['reader@example.cn']);

    const later = new Date(AFTER_CLOSE.getTime() + 366 * 86_400_000);
    const result = await purgeExpiredContacts(harness.services, { now: later, retentionDays: 365, dryRun: false, via: 'test' });
    expect(result.consultations).toMatchObject([{ slug: CJ, subscriptions: 1 }]);
    expect(await harness.db.kysely.selectFrom('subscriptions').selectAll().execute()).toEqual([]);
    for (const mail of await outbox('other')) expect([mail.to_address, mail.text_body]).toEqual(['', '']);
    const audit = await harness.db.kysely.selectFrom('audit_log').select('detail_json').where('action', '=', 'privacy-purge').execute();
    expect(JSON.parse(audit[0]!.detail_json)).toMatchObject({ subscriptions: 1 });
  });
});
