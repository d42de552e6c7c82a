// The pipeline behind the doors: storing once, reading what a crash left, failures kept for an
// officer, assigning unassigned mail, and never answering an automatic message.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findConsultationBySlug } from '../../src/drafts/store.ts';
import { assignInbound } from '../../src/mail/commands.ts';
import type { MailDeps } from '../../src/mail/inbound/deps.ts';
import { scanMessageId } from '../../src/mail/inbound/headers.ts';
import { findInboundDetail, listInbound } from '../../src/mail/inbound/lists.ts';
import { processInbound, processPendingInbound } from '../../src/mail/inbound/process.ts';
import { acceptInbound, findInboundRaw, listUnprocessedIds } from '../../src/mail/inbound/store.ts';
import { CJ, createTestApp, type TestApp } from '../helpers/app.ts';
import { addRosterUnit, buildMessage, MAIL_DOMAIN } from '../helpers/mail.ts';
import { translator } from '../../src/lib/i18n.ts';
import { readStoredReason, reasonText } from '../../src/mail/wording.ts';

let app: TestApp;
let deps: MailDeps;
let cjId: number;
const TO = `${CJ}@${MAIL_DOMAIN}`;

beforeAll(async () => {
  app = await createTestApp();
  deps = { db: app.db, clock: app.now, mailDomain: MAIL_DOMAIN, publicBaseUrl: 'http://localhost:8787', consultationChanged: app.services.consultationChanged };
  cjId = (await findConsultationBySlug(app.db, CJ))!.id;
});
afterAll(async () => {
  await app?.close();
});

const smtp = (raw: Buffer) => acceptInbound(deps, { door: 'smtp', raw, envelopeFrom: 'x@example.com', envelopeTo: [TO] });
const commentsOf = (id: number) => app.db.kysely.selectFrom('comments').selectAll().where('inbound_message_id', '=', id).execute();
const outboxOf = (id: number) => app.db.kysely.selectFrom('outbox').selectAll().where('dedupe_key', 'like', `ack:${id}%`).orderBy('id').execute();

describe('storing', () => {
  it('reads the Message-ID from the raw headers, folded or not', () => {
    expect(scanMessageId(Buffer.from('From: a@b\r\nMessage-ID:\r\n <abc.123@host>\r\n\r\nbody'))).toBe('<abc.123@host>');
    expect(scanMessageId(Buffer.from('message-id: bare@host\n\nbody'))).toBe('<bare@host>');
    expect(scanMessageId(Buffer.from('From: a@b\r\n\r\nMessage-ID: <in-body@host>\r\n'))).toBeNull();
  });

  it('stores a message once: by Message-ID, by mailbox UID, and by its bytes when it has no ID', async () => {
    const withId = buildMessage({ from: 'a@example.com', to: TO, subject: 's', messageId: 'once@example.com', text: '第1项：意见。' });
    const first = await smtp(withId);
    const second = await acceptInbound(deps, { door: 'file', raw: withId });
    expect(first.duplicate).toBe(false);
    expect(second).toEqual({ id: first.id, duplicate: true });

    const noId = buildMessage({ from: 'a@example.com', to: TO, subject: 's', messageId: null, text: '第2项：没有编号的邮件。' });
    const a = await smtp(noId);
    const b = await smtp(noId);
    expect(b).toEqual({ id: a.id, duplicate: true });
    const other = await smtp(buildMessage({ from: 'a@example.com', to: TO, subject: 's', messageId: null, text: '第2项：另一封没有编号的邮件。' }));
    expect(other.duplicate).toBe(false);

    const imap = { mailbox: 'INBOX', uidValidity: 7, uid: 42 };
    const viaImap = await acceptInbound(deps, { door: 'imap', raw: buildMessage({ from: 'a@example.com', to: TO, subject: 's', messageId: null, text: '第3项：IMAP。' }), imap });
    const again = await acceptInbound(deps, { door: 'imap', raw: buildMessage({ from: 'a@example.com', to: TO, subject: 's', messageId: null, text: '第3项：IMAP。' }), imap });
    expect(again).toEqual({ id: viaImap.id, duplicate: true });

    // Stored byte for byte, with the server's clock.
    const raw = await findInboundRaw({ db: app.db }, first.id);
    expect(Buffer.from(raw!).equals(withId)).toBe(true);
    const row = await app.db.kysely.selectFrom('inbound_messages').selectAll().where('id', '=', first.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ door: 'smtp', message_id: '<once@example.com>', state: 'received', received_at: app.now().toISOString(), size: withId.length, envelope_from: 'x@example.com' });
    expect(JSON.parse(row.envelope_to)).toEqual([TO]);
  });

  it('reads at start-up what was stored but not read, once even when two runs race', async () => {
    const left = await listUnprocessedIds(app.db);
    expect(left.length).toBeGreaterThan(0);
    const id = left[0]!;
    // Two runs on the same message at once: the claim lets one of them write.
    const [x, y] = await Promise.all([processInbound(deps, id), processInbound(deps, id)]);
    expect([x.state, y.state]).toEqual(['processed', 'processed']);
    expect((await commentsOf(id)).length).toBe(1);
    expect(await processPendingInbound(deps)).toBe(left.length - 1);
    expect(await listUnprocessedIds(app.db)).toEqual([]);
    expect((await commentsOf(id)).length).toBe(1);
  });
});

describe('messages an officer must look at', () => {
  it('keeps a message whose processing failed, with the reason, and files it once the fault is gone', async () => {
    // A real failure inside the database, not a stand-in for our code.
    await sql`CREATE TRIGGER refuse_comments BEFORE INSERT ON comments BEGIN SELECT RAISE(ABORT, 'disk quota exceeded'); END`.execute(app.db.kysely);
    const raw = buildMessage({ from: 'b@example.com', to: TO, subject: 's', messageId: 'fails@example.com', text: '第6项：这条意见第一次没能保存。' });
    const { id } = await smtp(raw);
    const result = await processInbound(deps, id);
    await sql`DROP TRIGGER refuse_comments`.execute(app.db.kysely);
    expect(result).toMatchObject({ state: 'needs_attention', outcome: 'needs-attention' });
    expect(result.reason).toMatchObject({ code: 'failed', params: { error: expect.stringContaining('disk quota exceeded') } });
    expect(reasonText(result.reason, translator('zh-CN'))).toMatch(/^处理时出错：.*disk quota exceeded/);
    expect(Buffer.from((await findInboundRaw({ db: app.db }, id))!).equals(raw)).toBe(true);
    expect(await commentsOf(id)).toHaveLength(0);
    expect(await outboxOf(id)).toHaveLength(0);
    const listed = await listInbound(app.db, 'attention');
    expect(listed.find((m) => m.id === id)).toMatchObject({ state: 'needs_attention', reason: expect.stringContaining('disk quota exceeded') });
    // Stored as a code with its parameters, worded for whoever reads it.
    expect(readStoredReason(listed.find((m) => m.id === id)!.reason)).toMatchObject({ code: 'failed' });

    const assigned = await assignInbound(deps, { id, consultationId: cjId });
    expect(assigned.ok).toBe(true);
    expect(await commentsOf(id)).toHaveLength(1);
    expect((await listInbound(app.db, 'attention')).some((m) => m.id === id)).toBe(false);
    expect(await outboxOf(id)).toHaveLength(1);
  });

  it('lists unassigned mail, and files it under the consultation an officer picks, with a second acknowledgement', async () => {
    const raw = buildMessage({ from: 'c@example.com', fromName: '陈先生', to: `yijian@${MAIL_DOMAIN}`, subject: '建议', messageId: 'unassigned@example.com', text: '第7项：建议把禁捕退捕的执法情况按月公开。' });
    const { id } = await acceptInbound(deps, { door: 'smtp', raw, envelopeFrom: 'c@example.com', envelopeTo: [`yijian@${MAIL_DOMAIN}`] });
    const first = await processInbound(deps, id);
    expect(first).toMatchObject({ state: 'processed', outcome: 'unassigned', consultationId: null });
    const unassigned = await listInbound(app.db, 'unassigned');
    expect(unassigned.find((m) => m.id === id)).toMatchObject({ fromAddress: 'c@example.com', fromName: '陈先生', subject: '建议', outcome: 'unassigned' });

    expect(await assignInbound(deps, { id, consultationId: 999_999 })).toEqual({ ok: false, code: 'unknown_consultation' });
    const assigned = await assignInbound(deps, { id, consultationId: cjId });
    expect(assigned).toMatchObject({ ok: true, result: { state: 'processed', outcome: 'comments', consultationId: cjId } });
    const comments = await commentsOf(id);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('禁捕退捕');
    const acks = await outboxOf(id);
    expect(acks.map((a) => a.dedupe_key)).toEqual([`ack:${id}`, `ack:${id}:${cjId}`]);
    expect(acks[1]!.text_body).toContain(comments[0]!.tracking_number);
    expect((await listInbound(app.db, 'unassigned')).some((m) => m.id === id)).toBe(false);
    // Filed once: assigning again is refused and adds nothing.
    expect(await assignInbound(deps, { id, consultationId: cjId })).toEqual({ ok: false, code: 'not_assignable' });
    expect(await commentsOf(id)).toHaveLength(1);

    const detail = await findInboundDetail(app.db, id);
    expect(detail).toMatchObject({ consultation_id: cjId, outcome: 'comments', comments: [{ tracking_number: comments[0]!.tracking_number }] });
  });

  it('lists spam for a second look', async () => {
    const { id } = await smtp(buildMessage({ from: 'ads@promo.example.com', to: TO, subject: '代开发票', messageId: 'spam@promo.example.com', text: '代开增值税发票，优惠，联系微信。' }));
    await processInbound(deps, id);
    expect((await listInbound(app.db, 'spam')).some((m) => m.id === id)).toBe(true);
  });
});

describe('only opinions become comments', () => {
  const rosterOf = (unitId: number) =>
    app.db.kysely.selectFrom('roster_entries').select('response').where('consultation_id', '=', cjId).where('unit_id', '=', unitId).executeTakeFirstOrThrow();
  const understoodOf = async (id: number) =>
    JSON.parse((await app.db.kysely.selectFrom('inbound_messages').select('understood_json').where('id', '=', id).executeTakeFirstOrThrow()).understood_json!) as Record<string, unknown>;

  it('files the opinions of a reply; its salutation, receipt, 其他内容无意见, sign-off, signature, date and contact line stay with the message', async () => {
    const { unitId } = await addRosterUnit(app.db, CJ, '区统计局', ['tjj@cj.gov.cn'], 'lead', app.now());
    const text = [
      '区发改委：',
      '　　你委《关于征求意见的函》收悉。经研究，现将我局意见反馈如下：',
      '　　1.第4项，建议明确农村生活污水处理设施的建设数量。',
      '　　2.第13项，建议增加“2022年底前完成入河排污口整治销号”。',
      '　　其他内容无意见。',
      '　　以上意见供参考。',
      '区统计局',
      '2022年4月18日',
      '（联系人：王丽，电话：0798-8221234）',
    ].join('\n');
    const { id } = await smtp(buildMessage({ from: 'tjj@cj.gov.cn', fromName: '区统计局', to: TO, subject: '统计局意见', messageId: 'only-opinions@cj.gov.cn', text }));
    const result = await processInbound(deps, id);
    expect(result).toMatchObject({ state: 'processed', outcome: 'comments' });
    expect((await commentsOf(id)).map((c) => c.body)).toEqual(['第4项，建议明确农村生活污水处理设施的建设数量。', '第13项，建议增加“2022年底前完成入河排污口整治销号”。']);
    expect(await rosterOf(unitId)).toEqual({ response: 'comments' });
    const understood = await understoodOf(id);
    expect(understood.noObjectionOnRest).toBe(true);
    expect((understood.nonOpinions as { kind: string }[]).map((n) => n.kind)).toEqual(['salutation', 'receipt', 'receipt', 'general-remark', 'signoff', 'signature', 'date', 'contact']);
    expect(understood.unitNames).toEqual(['区统计局']);
  });

  it('a reply that only says 无意见 is the unit’s 无意见, with no comment', async () => {
    const { unitId } = await addRosterUnit(app.db, CJ, '区档案馆', ['daj@cj.gov.cn'], 'support', app.now());
    const { id } = await smtp(buildMessage({ from: 'daj@cj.gov.cn', to: TO, subject: '回复', messageId: 'none-at-all@cj.gov.cn', text: '区发改委：\n经研究，我馆对该征求意见稿无修改意见。\n特此函复。\n区档案馆' }));
    const result = await processInbound(deps, id);
    expect(result).toMatchObject({ state: 'processed', outcome: 'no-comments' });
    expect(await commentsOf(id)).toHaveLength(0);
    expect(await rosterOf(unitId)).toEqual({ response: 'no_comments' });
    expect((await understoodOf(id)).noObjectionOnRest).toBe(true);
  });
});

describe('acknowledgements', () => {
  it('never answers an auto-reply, a bounce, a mailing list or our own domain', async () => {
    const cases = [
      { from: 'away@cj.gov.cn', headers: ['Auto-Submitted: auto-replied'], envelopeFrom: 'away@cj.gov.cn' },
      { from: 'list@cj.gov.cn', headers: ['Precedence: bulk', 'List-Id: <all.cj.gov.cn>'], envelopeFrom: 'list@cj.gov.cn' },
      { from: 'mailer-daemon@cj.gov.cn', headers: [], envelopeFrom: '' },
      { from: `noreply@${MAIL_DOMAIN}`, headers: [], envelopeFrom: `noreply@${MAIL_DOMAIN}` },
    ];
    for (const [i, c] of cases.entries()) {
      const raw = buildMessage({ from: c.from, to: TO, subject: '意见', messageId: `auto-${i}@example.com`, text: '第8项：建议增加造林面积的分年度目标。', headers: c.headers });
      const { id } = await acceptInbound(deps, { door: 'smtp', raw, envelopeFrom: c.envelopeFrom, envelopeTo: [TO] });
      const result = await processInbound(deps, id);
      expect(result.state, c.from).toBe('processed');
      expect(await outboxOf(id), c.from).toHaveLength(0);
    }
  });

  it('answers a person with what was understood and the tracking numbers, in Chinese', async () => {
    const { id } = await smtp(buildMessage({ from: 'd@example.com', fromName: '丁女士', to: TO, subject: '意见', messageId: 'ack-zh@example.com', text: '第9项：建议湿地公园免费开放。\n第10项：建议公开项目清单。' }));
    const result = await processInbound(deps, id);
    const [ack] = await outboxOf(id);
    expect(ack).toMatchObject({ to_address: 'd@example.com', kind: 'acknowledgement', consultation_id: cjId });
    expect(ack!.text_body).toMatch(/^丁女士：/);
    expect(ack!.text_body).toContain('2条意见：第9项、第10项');
    for (const n of result.trackingNumbers) expect(ack!.text_body).toContain(n);
    expect(ack!.text_body).toContain('http://localhost:8787/track');
  });
});
