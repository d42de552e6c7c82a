// A department's mail, end to end over real SMTP on 127.0.0.1: the unit directory imported from a
// GBK file, replies from a unit's own address, from the address an invitation went to, and from a
// personal mailbox signed with the unit's name (proposed, then confirmed by an officer, after which
// the address is the unit's); the acknowledgement says what was recorded; and when the results are
// published each sender gets ONE message with all its comments, delivered to a relay on 127.0.0.1.
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';
import PostalMime from 'postal-mime';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comment, InboundMessage } from '../../src/db/schema.ts';
import { importUnitDirectory } from '../../src/departments/directory.ts';
import { findConsultationBySlug } from '../../src/drafts/store.ts';
import { deliverDueMail } from '../../src/mail/delivery.ts';
import { inviteRoster } from '../../src/office/roster.ts';
import { smtpTransport } from '../../src/platform/node/mail-transports.ts';
import { publishResults } from '../../src/reports/results.ts';
import { CJ, TEST_NOW, type TestClient } from '../helpers/app.ts';
import { type MailHarness, MAIL_DOMAIN, startMailHarness } from '../helpers/mail.ts';
import { signIn } from '../helpers/officers.ts';

let h: MailHarness;
let officer: TestClient;
let cjId: number;
const actor = { officerId: null, ip: null };

async function unitId(name: string): Promise<number> {
  return (await h.app.db.kysely.selectFrom('units').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
}

async function message(messageId: string): Promise<InboundMessage> {
  await h.settled();
  return h.app.db.kysely.selectFrom('inbound_messages').selectAll().where('message_id', '=', `<${messageId}>`).executeTakeFirstOrThrow();
}

async function commentsOf(inboundId: number): Promise<Comment[]> {
  return h.app.db.kysely.selectFrom('comments').selectAll().where('inbound_message_id', '=', inboundId).orderBy('id').execute();
}

async function ackText(inboundId: number): Promise<string> {
  return (await h.app.db.kysely.selectFrom('outbox').select('text_body').where('dedupe_key', '=', `ack:${inboundId}`).executeTakeFirstOrThrow()).text_body;
}

async function roster(name: string) {
  return h.app.db.kysely.selectFrom('roster_entries').select(['response', 'responded_at']).where('consultation_id', '=', cjId).where('unit_id', '=', await unitId(name)).executeTakeFirstOrThrow();
}

beforeAll(async () => {
  h = await startMailHarness();
  cjId = (await findConsultationBySlug(h.app.db, CJ))!.id;
  officer = await signIn(h.app, 'officer');
});

afterAll(async () => {
  await h?.close();
});

describe('a department’s mail over SMTP', () => {
  it('imports the directory from a GBK file exported by Excel', async () => {
    const csv = iconv.encode('单位,邮箱\r\n区生态环境局,sthjj@cj.gov.cn\r\n区林业局,lyj@cj.gov.cn\r\n区林业局,LYJ-Office@cj.gov.cn\r\n区发改委,fgw@cj.gov.cn\r\n', 'gbk');
    const addresses = () => h.app.db.kysely.selectFrom('unit_addresses').select('email').orderBy('id').execute();
    const before = await addresses();
    const dry = await importUnitDirectory(h.app.services, { bytes: csv, fileName: 'units.csv', dryRun: true, actor });
    expect(dry).toMatchObject({ ok: true, applied: false, plan: { rows: 4, charset: 'gb18030', newUnits: [], unchanged: 0 } });
    expect(await addresses()).toEqual(before);
    const done = await importUnitDirectory(h.app.services, { bytes: csv, fileName: 'units.csv', dryRun: false, actor });
    // The draft's roster already has these units (published with the samples, some with example
    // addresses): the file's addresses are added to them.
    expect(done).toMatchObject({ ok: true, applied: true });
    if (!done.ok) return;
    expect(done.plan.newAddresses.map((a) => [a.unit, a.address])).toEqual([
      ['区生态环境局', 'sthjj@cj.gov.cn'],
      ['区林业局', 'lyj@cj.gov.cn'],
      ['区林业局', 'LYJ-Office@cj.gov.cn'],
      ['区发改委', 'fgw@cj.gov.cn'],
    ]);
  });

  it('files mail from a unit’s address as the unit’s, case aside, and says the 其他无意见 was recorded', async () => {
    const reply = await h.send({
      from: '"办公室" <LYJ-OFFICE@cj.gov.cn>',
      to: h.address(CJ),
      subject: '区林业局反馈意见',
      messageId: '<forest-1@cj.gov.cn>',
      text: '关于第4项，建议增加林草湿地保护的内容。\n其他内容无意见。\n\n区林业局\n2026年11月21日\n',
    });
    expect(reply.response).toMatch(/^250 /);
    const row = await message('forest-1@cj.gov.cn');
    const forest = await unitId('区林业局');
    expect(row).toMatchObject({ outcome: 'comments', unit_id: forest, proposed_unit_id: null });
    const comments = await commentsOf(row.id);
    expect(comments.map((c) => [c.unit_id, c.organization, c.proposed_unit_id])).toEqual([[forest, '区林业局', null]]);
    const ack = await ackText(row.id);
    expect(ack).toContain('1条意见：第4项。');
    expect(ack).toContain('对征求意见稿的其余内容，已记录贵单位无意见。');
    expect(await roster('区林业局')).toMatchObject({ response: 'comments' });
  });

  it('remembers where invitations went: a reply from there is the unit’s even after its addresses change', async () => {
    const invited = await inviteRoster(h.app.services, { consultation: (await findConsultationBySlug(h.app.db, CJ))!, settings: { publicBaseUrl: 'http://localhost:8787', mailDomain: MAIL_DOMAIN }, locale: 'zh-CN', actor });
    expect(invited.ok).toBe(true);
    const recorded = await h.app.db.kysely.selectFrom('invitation_addresses').select(['unit_id', 'email']).where('consultation_id', '=', cjId).orderBy('id').execute();
    const env = await unitId('区生态环境局');
    expect(recorded.filter((r) => r.unit_id === env).map((r) => r.email)).toEqual(['sthjj@changjiang.example', 'sthjj.office@changjiang.example', 'sthjj@cj.gov.cn']);
    expect(recorded.filter((r) => r.unit_id === env).length + recorded.filter((r) => r.unit_id !== env).length).toBe(
      (await h.app.db.kysely.selectFrom('unit_addresses').select('id').execute()).length,
    );
    const page = await officer.get(`/office/consultations/${CJ}/roster`);
    expect(page.html).toContain('（发至 sthjj@changjiang.example、sthjj.office@changjiang.example、sthjj@cj.gov.cn）');
    // The office takes sthjj@cj.gov.cn off 区生态环境局; the unit answers the invitation from it.
    await h.app.db.batch([h.app.db.kysely.deleteFrom('unit_addresses').where('email', '=', 'sthjj@cj.gov.cn').compile()]);
    await h.send({ from: 'sthjj@cj.gov.cn', to: h.address(CJ), subject: '回复：征求意见', messageId: '<env-1@cj.gov.cn>', text: '我局无意见。\n\n区生态环境局' });
    const row = await message('env-1@cj.gov.cn');
    expect(row).toMatchObject({ outcome: 'no-comments', unit_id: env });
    expect(JSON.parse(row.understood_json)).toMatchObject({ unitBy: 'invitation' });
    expect(await roster('区生态环境局')).toMatchObject({ response: 'no_comments' });
  });

  it('proposes the unit a personal mailbox signs with, keeps it apart until confirmed, then remembers the address', async () => {
    await h.send({
      from: '"李明" <liming1984@163.com>',
      to: h.address(CJ),
      subject: '意见',
      messageId: '<dev-1@163.com>',
      text: '关于第5项，建议把完成时限提前到6月底。\n关于第7项，建议明确牵头单位。\n\n昌江区发展和改革委员会规划股\n李明\n',
    });
    const row = await message('dev-1@163.com');
    const dev = await unitId('区发改委');
    expect(row).toMatchObject({ outcome: 'comments', unit_id: null, proposed_unit_id: dev });
    const comments = await commentsOf(row.id);
    expect(comments.map((c) => [c.unit_id, c.proposed_unit_id, c.organization])).toEqual([
      [null, dev, null],
      [null, dev, null],
    ]);
    // Not the unit's yet: its roster entry has not answered.
    expect(await roster('区发改委')).toMatchObject({ response: 'none' });

    // The office sees it as proposed, in the proposals list and in the queue.
    const list = await officer.get('/office/mail?tab=proposed');
    expect(list.html).toContain('待确认单位（1）');
    expect(list.html).toContain('<strong>区发改委</strong>');
    expect(list.html).toContain('落款：昌江区发展和改革委员会规划股');
    const queue = await officer.get(`/office/consultations/${CJ}/comments`);
    expect(queue.html).toContain('落款为「区发改委」（待确认）');
    const detail = await officer.get(`/office/mail/${row.id}`);
    expect(detail.html).toContain('待确认：署名或落款为「昌江区发展和改革委员会规划股」，可能是「区发改委」。');
    expect(detail.html).toContain(`action="/office/mail/${row.id}/confirm-unit"`);

    // Confirmed with htmx: the list comes back without it, saying what was done.
    await officer.get('/office/mail?tab=proposed');
    const confirmed = await officer.postForm(`/office/mail/${row.id}/confirm-unit`, { back: '/office/mail?tab=proposed' }, { htmx: true });
    expect(confirmed.response.status).toBe(200);
    expect(confirmed.html).toMatch(/^<section id="mail-list"/);
    expect(confirmed.html).toContain('已确认：1 封邮件计入「区发改委」，liming1984@163.com 已登记为该单位的邮箱。');
    expect(confirmed.html).toContain('没有待确认单位的邮件。');
    expect((await commentsOf(row.id)).map((c) => [c.unit_id, c.proposed_unit_id, c.organization])).toEqual([
      [dev, null, '区发改委'],
      [dev, null, '区发改委'],
    ]);
    expect(await roster('区发改委')).toMatchObject({ response: 'comments' });
    const audit = await h.app.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'confirm-unit').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail_json)).toMatchObject({ unit: '区发改委', address: 'liming1984@163.com', messages: [row.id] });
    const queueAfter = await officer.get(`/office/consultations/${CJ}/comments`);
    expect(queueAfter.html).toContain('<span class="comment-author from-unit">区发改委</span>');
    expect((await officer.get(`/office/mail/${row.id}`)).html).toMatch(/<strong>区发改委<\/strong><span class="hint"> （工作人员确认）<\/span>/);

    // The next message from that mailbox is the unit's by its address.
    await h.send({ from: 'liming1984@163.com', to: h.address(CJ), subject: '补充意见', messageId: '<dev-2@163.com>', text: '关于第9项，建议补充资金保障。' });
    expect(await message('dev-2@163.com')).toMatchObject({ unit_id: dev, proposed_unit_id: null });
  });

  it('a rejected proposal leaves the comments the sender’s own', async () => {
    await h.send({ from: 'someone@qq.com', to: h.address(CJ), subject: '意见', messageId: '<forest-p@qq.com>', text: '关于第6项，建议加强巡查。\n\n区林业局\n' });
    const row = await message('forest-p@qq.com');
    expect(row.proposed_unit_id).toBe(await unitId('区林业局'));
    await officer.get(`/office/mail/${row.id}`);
    const rejected = await officer.postForm(`/office/mail/${row.id}/reject-unit`, { back: `/office/mail/${row.id}` });
    expect(rejected.response.status).toBe(303);
    expect((await commentsOf(row.id)).map((c) => [c.unit_id, c.proposed_unit_id])).toEqual([[null, null]]);
    const again = await officer.postForm(`/office/mail/${row.id}/reject-unit`, { back: `/office/mail/${row.id}` });
    expect(again.response.status).toBe(409);
    expect(again.html).toContain('这封邮件已不在待确认列表中');
  });

  it('tells each sender the outcome in ONE message with all its comments, delivered over SMTP', async () => {
    const closed = new Date('2027-06-01T10:00:00+08:00');
    h.app.setNow(closed);
    const dev = await unitId('区发改委');
    const devComments = await h.app.db.kysely.selectFrom('comments').select('id').where('unit_id', '=', dev).orderBy('id').execute();
    expect(devComments).toHaveLength(3);
    await h.app.db.batch([
      h.app.db.kysely.updateTable('comments').set({ decision: 'adopted', decided_at: closed.toISOString() }).where('consultation_id', '=', cjId).where('status', '!=', 'spam').compile(),
      h.app.db.kysely.updateTable('comments').set({ decision: 'not_adopted', decision_reason: '资金由年度预算统筹' }).where('id', '=', devComments[2]!.id).compile(),
    ]);
    const consultation = (await findConsultationBySlug(h.app.db, CJ))!;
    const resultsUrl = `http://localhost:8787/consultations/${CJ}/results`;
    const published = await publishResults(h.app.services, { consultation, statement: '感谢各单位的意见。', actor, resultsUrl });
    // 区林业局, 区发改委 and the person whose proposal was rejected: three senders, five comments.
    expect(published).toEqual({ ok: true, queued: 3 });
    const again = await publishResults(h.app.services, { consultation: (await findConsultationBySlug(h.app.db, CJ))!, statement: '感谢各单位的意见。', actor, resultsUrl });
    expect(again).toEqual({ ok: true, queued: 0 });

    const delivered: { to: string[]; raw: Buffer }[] = [];
    const relay = new SMTPServer({
      logger: false,
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          delivered.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', () => resolve()));
    try {
      const port = (relay.server.address() as AddressInfo).port;
      await deliverDueMail(h.app.db, { transport: smtpTransport(`smtp://127.0.0.1:${port}`), clock: () => closed, from: `征求意见 <noreply@${MAIL_DOMAIN}>`, mailDomain: MAIL_DOMAIN, maxAttempts: 3 });
    } finally {
      await new Promise<void>((resolve) => relay.close(() => resolve()));
    }
    const outcomes = [];
    for (const d of delivered) {
      const parsed = await PostalMime.parse(d.raw);
      if (parsed.subject?.includes('处理情况')) outcomes.push({ to: d.to.sort(), text: parsed.text ?? '' });
    }
    expect(outcomes).toHaveLength(3);
    const toDev = outcomes.find((o) => o.to.includes('fgw@cj.gov.cn'))!;
    expect(toDev.to).toEqual(['fgw@changjiang.example', 'fgw@cj.gov.cn', 'liming1984@163.com']);
    expect(toDev.text.startsWith('区发改委，您好：')).toBe(true);
    const devTracking = await h.app.db.kysely.selectFrom('comments').select('tracking_number').where('unit_id', '=', dev).orderBy('id').execute();
    for (const { tracking_number } of devTracking) expect(toDev.text).toContain(tracking_number);
    expect(toDev.text).toContain('处理说明：资金由年度预算统筹');
    const toForest = outcomes.find((o) => o.to.includes('lyj@cj.gov.cn'))!;
    expect(toForest.to).toEqual(['LYJ-Office@cj.gov.cn', 'lyj@changjiang.example', 'lyj@cj.gov.cn'].sort());
    expect(outcomes.find((o) => o.to.includes('someone@qq.com'))!.text).toContain('您好：');
    h.app.setNow(TEST_NOW);
  });
});
