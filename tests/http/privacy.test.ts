// Personal information under the PIPL: the notice and consent on the comment form, the notice in
// mail acknowledgements (worded once per site by the office), the retention purge, and a
// person's request to export or erase their data — each audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertComment } from '../../src/comments/store.ts';
import { findConsultationBySlug } from '../../src/drafts/store.ts';
import type { MailDeps } from '../../src/mail/inbound/deps.ts';
import { processInbound } from '../../src/mail/inbound/process.ts';
import { acceptInbound } from '../../src/mail/inbound/store.ts';
import { purgeExpiredContacts } from '../../src/privacy/purge.ts';
import { startPrivacySchedule } from '../../src/privacy/schedule.ts';
import { publishResults } from '../../src/reports/results.ts';
import { CJ, createTestApp, JURONG, type TestApp, TEST_NOW, YIXING } from '../helpers/app.ts';
import { buildMessage, MAIL_DOMAIN } from '../helpers/mail.ts';
import { signIn } from '../helpers/officers.ts';

const DAY = 24 * 60 * 60 * 1000;

let app: TestApp;
let deps: MailDeps;
beforeAll(async () => {
  app = await createTestApp({ retentionDays: 200 });
  deps = { db: app.db, clock: app.now, mailDomain: MAIL_DOMAIN, publicBaseUrl: 'http://localhost:8787', consultationChanged: app.services.consultationChanged, retentionDays: 200 };
});
afterAll(() => app.close());

const commentRow = (trackingNumber: string) => app.db.kysely.selectFrom('comments').selectAll().where('tracking_number', '=', trackingNumber).executeTakeFirstOrThrow();
const auditOf = (action: string) => app.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();

/** Mail to a consultation's intake address, stored and filed as SMTP mail is. */
async function mail(slug: string, from: string, fromName: string, text: string, messageId: string) {
  const raw = buildMessage({ from, fromName, to: `${slug}@${MAIL_DOMAIN}`, subject: '意见', text, messageId });
  const { id } = await acceptInbound(deps, { door: 'smtp', raw, envelopeFrom: from, envelopeTo: [`${slug}@${MAIL_DOMAIN}`] });
  await processInbound(deps, id);
  const comments = await app.db.kysely.selectFrom('comments').selectAll().where('inbound_message_id', '=', id).execute();
  return { id, comments };
}

describe('the comment form', () => {
  it('says what is collected, why, who sees it and how long it is kept, with the retention period', async () => {
    const html = await app.client().openForm(JURONG, 'p3');
    for (const words of ['个人信息告知', '收集什么：', '为什么收集：', '谁能看到：', '保存多久：', '征求意见结果公布后 200 天内删除']) expect(html).toContain(words);
    expect(html).toMatch(/<input id="yj-form-p3-consent" type="checkbox" name="consent" value="1"/);
    const en = (await app.client().get(`/consultations/${JURONG}/comment?on=p3&lang=en`)).html;
    for (const words of ['What we collect:', 'Why:', 'Who sees it:', 'How long:', 'deleted 200 days after the results']) expect(en).toContain(words);
  });

  it('refuses contact details without consent, with the error next to the box and everything typed kept', async () => {
    const client = app.client('10.20.0.1');
    await client.openForm(JURONG, 'p3');
    const fields = { paragraphId: 'p3', body: '建议公开各项民生实事的资金来源。', name: '钱七', email: 'qian@example.com', phone: '13700001111' };
    const refused = await client.postForm(`/consultations/${JURONG}/comments`, fields);
    expect(refused.response.status).toBe(422);
    const box = /<div class="privacy-consent field-error">[\s\S]*?<\/div>/.exec(refused.html)?.[0] ?? '';
    expect(box).toContain('您填写了邮箱或电话：请勾选同意保存联系方式，或清空邮箱和电话后再提交。');
    expect(box).toContain('aria-invalid="true"');
    expect(refused.html).toContain('href="#yj-form-p3-consent"');
    expect(refused.html).toContain('value="qian@example.com"');
    expect(refused.html).toContain('建议公开各项民生实事的资金来源。');
    expect(await app.db.kysely.selectFrom('comments').select('id').where('contact_email', '=', 'qian@example.com').execute()).toEqual([]);

    // Both errors at once: a body too short does not hide the missing consent.
    const both = await client.postForm(`/consultations/${JURONG}/comments`, { ...fields, body: '短' });
    expect(both.html).toContain('意见内容至少 5 个字。');
    expect(both.html).toContain('请勾选同意保存联系方式');

    const consented = await client.postForm(`/consultations/${JURONG}/comments`, { ...fields, consent: '1' });
    expect(consented.response.status).toBe(303);
    const number = /YJ-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(consented.response.headers.get('location')!)![0];
    expect(await commentRow(number)).toMatchObject({ contact_email: 'qian@example.com', contact_phone: '13700001111', contact_consent_at: TEST_NOW.toISOString() });

    // No contact details, no consent needed.
    await client.openForm(JURONG, 'p3');
    const anonymous = await client.postForm(`/consultations/${JURONG}/comments`, { paragraphId: 'p3', body: '不留联系方式的意见也可以提交。' });
    expect(anonymous.response.status).toBe(303);
    const anonymousNumber = /YJ-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(anonymous.response.headers.get('location')!)![0];
    expect(await commentRow(anonymousNumber)).toMatchObject({ contact_email: null, contact_consent_at: null });
  });

  it('refuses the same through the API, with consent as a field error', async () => {
    const refused = await app.client('10.20.0.2').postJson(`/api/consultations/${JURONG}/comments`, { body: '接口提交的意见，留了电话。', phone: '13700002222' });
    expect(refused.response.status).toBe(422);
    expect(refused.json.fields).toEqual({ consent: '您填写了邮箱或电话：请勾选同意保存联系方式，或清空邮箱和电话后再提交。' });
  });
});

describe('the notice, worded once for the site', () => {
  it('is the admin\'s to change: the form and acknowledgements then say it, {days} filled in; audited', async () => {
    const officer = await signIn(app, 'officer');
    expect((await officer.request('/office/privacy/notice')).status).toBe(403);

    const admin = await signIn(app, 'admin');
    const form = await admin.get('/office/privacy/notice');
    expect(form.response.status).toBe(200);
    expect(form.html).toContain('收集什么：'); // the default, shown for reference
    const saved = await admin.postForm('/office/privacy/notice', { zh: '本办收集您的意见和联系方式，仅用于答复；结果公布 {days} 天后删除联系方式。', en: '' });
    expect(saved.response.status).toBe(303);
    const html = await app.client().openForm(JURONG, 'p3');
    expect(html).toContain('本办收集您的意见和联系方式，仅用于答复；结果公布 200 天后删除联系方式。');
    expect(html).not.toContain('收集什么：');
    // English keeps the default until the office writes one.
    expect((await app.client().get(`/consultations/${JURONG}/comment?on=p3&lang=en`)).html).toContain('What we collect:');

    const acknowledged = await mail(CJ, 'reader@example.com', '读者', '第4项：建议增加监测点位。', '<notice-ack@example.com>');
    const ack = await app.db.kysely.selectFrom('outbox').selectAll().where('dedupe_key', '=', `ack:${acknowledged.id}`).executeTakeFirstOrThrow();
    expect(ack.text_body).toContain('个人信息告知\n本办收集您的意见和联系方式，仅用于答复；结果公布 200 天后删除联系方式。');

    const [entry] = await auditOf('edit-privacy-notice');
    expect(entry).toMatchObject({ officer_id: admin.officer.id });
    expect(JSON.parse(entry!.detail_json)).toEqual({ 'zh-CN': 'custom', en: 'default' });

    // Emptied, the default is back.
    await admin.get('/office/privacy/notice');
    await admin.postForm('/office/privacy/notice', { zh: '', en: '' });
    expect(await app.client().openForm(JURONG, 'p3')).toContain('收集什么：');
    const defaultAck = await mail(CJ, 'reader2@example.com', '读者二', '第5项：建议细化考核办法。', '<notice-ack-2@example.com>');
    const ack2 = await app.db.kysely.selectFrom('outbox').selectAll().where('dedupe_key', '=', `ack:${defaultAck.id}`).executeTakeFirstOrThrow();
    expect(ack2.text_body).toContain('个人信息告知\n收集什么：');
  });
});

describe('the retention purge', () => {
  let web: string;
  let byMail: { id: number; comments: { tracking_number: string }[] };
  let elsewhere: string;
  let yixingId: number;

  beforeAll(async () => {
    const yixing = (await findConsultationBySlug(app.db, YIXING))!;
    yixingId = yixing.id;
    const jurong = (await findConsultationBySlug(app.db, JURONG))!;
    const common = { blockId: null, channel: 'web' as const, organization: null, status: 'published' as const, statusReason: null, late: false, locale: 'zh-CN', receivedAt: TEST_NOW, now: TEST_NOW };
    web = await insertComment(app.db, { ...common, consultationId: yixing.id, body: '建议把重点任务的完成时限公开。', authorName: '张三丰', contactEmail: 'zhang@example.com', contactPhone: '13800001234', clientKey: 'client-key-1', contactConsentAt: TEST_NOW });
    elsewhere = await insertComment(app.db, { ...common, consultationId: jurong.id, body: '另一次征求意见的意见。', authorName: '孙八', contactEmail: 'sun@example.com', contactPhone: null, clientKey: 'client-key-2', contactConsentAt: TEST_NOW });
    byMail = await mail(YIXING, 'li.si@example.com', '李四', '第1项：建议增加季度通报。', '<retention@example.com>');
    expect(byMail.comments).toHaveLength(1);
    await app.db.kysely.updateTable('comments').set({ decision: 'adopted', decided_at: TEST_NOW.toISOString() }).where('tracking_number', '=', web).execute();
    const published = await publishResults(app.services, { consultation: yixing, statement: '本次征求意见期间共收到意见若干条。', actor: { officerId: null, ip: null }, resultsUrl: `http://localhost:8787/consultations/${YIXING}/results` });
    expect(published.ok).toBe(true);
  });

  it('erases nothing before RETENTION_DAYS have passed since the results', async () => {
    const result = await purgeExpiredContacts(app.services, { now: new Date(TEST_NOW.getTime() + 199 * DAY), retentionDays: 200, dryRun: false, via: 'test' });
    expect(result.consultations).toEqual([]);
    expect(await commentRow(web)).toMatchObject({ contact_email: 'zhang@example.com' });
  });

  it('counts in a dry run and changes nothing', async () => {
    const result = await purgeExpiredContacts(app.services, { now: new Date(TEST_NOW.getTime() + 201 * DAY), retentionDays: 200, dryRun: true, via: 'test' });
    expect(result.consultations.map((c) => c.slug)).toEqual([YIXING]);
    expect(result.consultations[0]).toMatchObject({ messages: 1 });
    expect(result.consultations[0]!.comments).toBeGreaterThanOrEqual(2);
    expect(result.consultations[0]!.mails).toBeGreaterThanOrEqual(2); // the acknowledgement and the outcome notice
    expect(await commentRow(web)).toMatchObject({ contact_email: 'zhang@example.com', author_name: '张三丰' });
    expect(await auditOf('privacy-purge')).toEqual([]);
  });

  it('then erases contact details, unmasked names, messages and mail — keeping comments, decisions and masked names; audited', async () => {
    const at = new Date(TEST_NOW.getTime() + 201 * DAY);
    const result = await purgeExpiredContacts(app.services, { now: at, retentionDays: 200, dryRun: false, via: 'test' });
    expect(result.consultations.map((c) => c.slug)).toEqual([YIXING]);

    expect(await commentRow(web)).toMatchObject({
      body: '建议把重点任务的完成时限公开。',
      decision: 'adopted',
      author_name: '张**',
      contact_email: null,
      contact_phone: null,
      client_key: null,
      personal_data_erased_at: at.toISOString(),
    });
    expect(await commentRow(byMail.comments[0]!.tracking_number)).toMatchObject({ author_name: '李*', contact_email: null });
    const message = await app.db.kysely.selectFrom('inbound_messages').selectAll().where('id', '=', byMail.id).executeTakeFirstOrThrow();
    expect(message).toMatchObject({ from_address: null, from_name: null, envelope_from: null, personal_data_erased_at: at.toISOString() });
    expect(message.raw.byteLength).toBe(0);
    expect(JSON.parse(message.understood_json)).toMatchObject({ erased: true, trackingNumbers: [byMail.comments[0]!.tracking_number] });
    expect(message.understood_json).not.toContain('李四');
    const mails = await app.db.kysely.selectFrom('outbox').selectAll().where('consultation_id', '=', yixingId).where('kind', 'in', ['acknowledgement', 'outcome']).execute();
    expect(mails.length).toBeGreaterThanOrEqual(2);
    for (const m of mails) expect([m.to_address, m.text_body]).toEqual(['', '']);

    // Another consultation's commenters are untouched.
    expect(await commentRow(elsewhere)).toMatchObject({ author_name: '孙八', contact_email: 'sun@example.com' });

    const [entry] = await auditOf('privacy-purge');
    expect(entry).toMatchObject({ officer_id: null, consultation_id: yixingId });
    expect(JSON.parse(entry!.detail_json)).toMatchObject({ retentionDays: 200, messages: 1, via: 'test' });

    // The report is still produced, with the masked names; the public page shows them too.
    const officer = await signIn(app, 'officer');
    const report = await officer.request(`/office/consultations/${YIXING}/report.json`);
    expect(report.status).toBe(200);
    const text = await report.text();
    expect(text).toContain('张*');
    expect(text).toContain('建议把重点任务的完成时限公开。');
    expect(text).not.toContain('张三丰');
    expect(text).not.toContain('zhang@example.com');
    const page = (await app.client().get(`/consultations/${YIXING}`)).html;
    expect(page).not.toContain('张三丰');

    // The mail page says the message is gone rather than failing.
    const detail = await officer.get(`/office/mail/${byMail.id}`);
    expect(detail.response.status).toBe(200);
    expect(detail.html).toContain('这封邮件的原文、发件人和附件已删除');

    // A second run finds nothing left, and writes no audit entry.
    expect((await purgeExpiredContacts(app.services, { now: at, retentionDays: 200, dryRun: false, via: 'test' })).consultations).toEqual([]);
    expect(await auditOf('privacy-purge')).toHaveLength(1);
  });

  it('is run daily by the scheduler, which also erases a late letter that came after the first run', async () => {
    const late = await insertComment(app.db, {
      consultationId: yixingId, blockId: null, channel: 'offline', body: '截止后寄到的信件。', authorName: '周九', organization: null, contactEmail: null,
      contactPhone: '0511-87654321', status: 'pending', statusReason: null, late: true, locale: 'zh-CN', clientKey: null, receivedAt: TEST_NOW, now: TEST_NOW,
    });
    const lines: string[] = [];
    const schedule = startPrivacySchedule({ db: app.db, clock: () => new Date(TEST_NOW.getTime() + 202 * DAY), retentionDays: 200, log: (line) => lines.push(line), firstRunMs: 60_000 });
    await schedule.runOnce();
    await schedule.stop();
    expect(await commentRow(late)).toMatchObject({ author_name: '周*', contact_phone: null });
    expect(lines).toEqual([`个人信息保存期满，已删除 / retention purge: ${YIXING}: 1 comment(s), 0 message(s), 0 mail(s)`]);
    expect(JSON.parse((await auditOf('privacy-purge'))[1]!.detail_json)).toMatchObject({ comments: 1, via: 'scheduler' });
  });
});

describe("a person's request", () => {
  const EMAIL = 'wang.request@example.com';
  let first: string;
  let sameEmail: string;
  let stranger: string;
  let mailed: { id: number; comments: { tracking_number: string }[] };

  beforeAll(async () => {
    const client = app.client('10.30.0.1');
    const submit = async (slug: string, paragraph: string, fields: Record<string, string>) => {
      await client.openForm(slug, paragraph);
      const { response } = await client.postForm(`/consultations/${slug}/comments`, { paragraphId: paragraph, ...fields });
      expect(response.status).toBe(303);
      return /YJ-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(response.headers.get('location')!)![0];
    };
    first = await submit(JURONG, 'p4', { body: '建议说明指标的统计口径。', name: '王请求', email: EMAIL, phone: '13600001111', consent: '1' });
    sameEmail = await submit(CJ, 'i4', { body: '第4项的资金安排请细化。', name: '王请求', email: EMAIL.toUpperCase(), consent: '1' });
    stranger = await submit(JURONG, 'p4', { body: '别人提的意见，与本人无关。', name: '路人', email: 'someone.else@example.com', consent: '1' });
    mailed = await mail(CJ, EMAIL, '王请求', '第6项：建议补充验收标准。', '<person-request@example.com>');
  });

  it('shows an officer what is held about the commenter of a tracking number', async () => {
    const officer = await signIn(app, 'officer');
    const { response, html } = await officer.get(`/office/privacy?no=${first.toLowerCase()}`);
    expect(response.status).toBe(200);
    expect(html).toContain(EMAIL);
    expect(html).toContain('13600001111');
    expect(html).toContain('王请求');
    for (const number of [first, sameEmail, mailed.comments[0]!.tracking_number]) expect(html).toContain(number);
    expect(html).not.toContain(stranger);
    expect(html).toContain('意见 3 条');
    expect(html).toContain('来信 1 封');

    expect((await officer.get('/office/privacy?no=YJ-0000-0000')).response.status).toBe(404);
    const invalid = await officer.get('/office/privacy?no=hello');
    expect(invalid.response.status).toBe(404);
    expect(invalid.html).toContain('查询编号格式不正确');
    // A moderator has no business here.
    expect((await (await signIn(app, 'moderator')).request('/office/privacy')).status).toBe(403);
  });

  it('exports it as JSON, audited', async () => {
    const officer = await signIn(app, 'officer');
    await officer.get(`/office/privacy?no=${first}`);
    const response = await officer.request('/office/privacy/export', {
      method: 'POST',
      body: new URLSearchParams({ _csrf: officer.csrf, trackingNumber: first }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="personal-data-${first}.json"`);
    const data = (await response.json()) as Record<string, any>;
    expect(data.trackingNumber).toBe(first);
    expect(data.contact).toEqual({ names: ['王请求'], emails: [EMAIL], phones: ['13600001111'] });
    expect(data.comments.map((c: { trackingNumber: string }) => c.trackingNumber).sort()).toEqual([first, sameEmail, mailed.comments[0]!.tracking_number].sort());
    expect(data.comments.find((c: { trackingNumber: string }) => c.trackingNumber === first)).toMatchObject({
      consultation: { slug: JURONG },
      paragraph: 'p4',
      channel: 'web',
      body: '建议说明指标的统计口径。',
      email: EMAIL,
      phone: '13600001111',
      consentAt: TEST_NOW.toISOString(),
    });
    expect(data.messages).toHaveLength(1);
    expect(data.mailSent.length).toBeGreaterThanOrEqual(1);
    const [entry] = await auditOf('privacy-export');
    expect(entry).toMatchObject({ officer_id: officer.officer.id, target_type: 'comment' });
    expect(JSON.parse(entry!.detail_json)).toEqual({ trackingNumber: first, comments: 3, messages: 1, mails: data.mailSent.length });
  });

  it('erases it after the officer confirms, keeping the comments; audited', async () => {
    const officer = await signIn(app, 'officer');
    await officer.get(`/office/privacy?no=${first}`);
    const unconfirmed = await officer.postForm('/office/privacy/erase', { trackingNumber: first });
    expect(unconfirmed.response.status).toBe(422);
    expect(unconfirmed.html).toContain('请勾选确认后再删除。');
    expect(await commentRow(first)).toMatchObject({ contact_email: EMAIL });

    const erased = await officer.postForm('/office/privacy/erase', { trackingNumber: first, confirm: '1' });
    expect(erased.response.status).toBe(303);
    const after = await officer.get(erased.response.headers.get('location')!);
    expect(after.html).toContain(`已删除查询编号 ${first} 所属意见提出人的个人信息：意见 3 条、来信 1 封`);
    expect(after.html).not.toContain(EMAIL);

    for (const number of [first, sameEmail, mailed.comments[0]!.tracking_number]) {
      const row = await commentRow(number);
      expect(row).toMatchObject({ contact_email: null, contact_phone: null, author_name: null, client_key: null });
      expect(row.personal_data_erased_at).not.toBeNull();
      expect(row.body.length).toBeGreaterThan(0);
    }
    expect(await commentRow(stranger)).toMatchObject({ contact_email: 'someone.else@example.com', author_name: '路人' });
    const message = await app.db.kysely.selectFrom('inbound_messages').selectAll().where('id', '=', mailed.id).executeTakeFirstOrThrow();
    expect(message.raw.byteLength).toBe(0);
    expect(message.from_address).toBeNull();
    expect(await app.db.kysely.selectFrom('outbox').select('id').where('to_address', '=', EMAIL).execute()).toEqual([]);

    const [entry] = await auditOf('privacy-erase');
    expect(entry).toMatchObject({ officer_id: officer.officer.id, target_type: 'comment' });
    expect(JSON.parse(entry!.detail_json)).toMatchObject({ trackingNumber: first, comments: 3, messages: 1 });
    expect(entry!.detail_json).not.toContain(EMAIL);

    // The public page no longer names them.
    expect((await app.client().get(`/consultations/${JURONG}`)).html).not.toContain('王请求');
  });
});
