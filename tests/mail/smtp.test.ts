// Real SMTP conversations on 127.0.0.1 (nodemailer and swaks as clients) into a real SQLite file:
// what departments actually send, and what must end up on which paragraph.
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comment, InboundMessage } from '../../src/db/schema.ts';
import { findBlockByKey, findConsultationBySlug } from '../../src/drafts/store.ts';
import { CJ, TEST_NOW, YIXING } from '../helpers/app.ts';
import { addRosterUnit, buildMessage, encodeText, type MailHarness, MAIL_DOMAIN, startMailHarness, swaksRaw } from '../helpers/mail.ts';
import { systemProgram } from '../helpers/programs.ts';

// Debian's swaks is the second, independent SMTP client; without it those tests are skipped.
const swaks = systemProgram('swaks', 'apt-get install swaks');

let h: MailHarness;
let scratch: string;
let cjId: number;
const units = {} as Record<'env' | 'agri' | 'water' | 'forest' | 'yxDev', number>;

beforeAll(async () => {
  h = await startMailHarness();
  scratch = mkdtempSync(join(tmpdir(), 'yijian-mail-'));
  const now = TEST_NOW;
  units.env = (await addRosterUnit(h.app.db, CJ, '区生态环境局', ['sthjj@cj.gov.cn'], 'lead', now)).unitId;
  units.agri = (await addRosterUnit(h.app.db, CJ, '区农业农村局', ['nyncj@cj.gov.cn'], 'support', now)).unitId;
  units.water = (await addRosterUnit(h.app.db, CJ, '区水利局', ['slj@cj.gov.cn', 'slj-office@163.com'], 'lead', now)).unitId;
  units.forest = (await addRosterUnit(h.app.db, CJ, '区林业局', ['lyj@cj.gov.cn'], 'support', now)).unitId;
  units.yxDev = (await addRosterUnit(h.app.db, YIXING, '宜兴市发展和改革委员会', ['fgw@yixing.gov.cn'], 'lead', now)).unitId;
  cjId = (await findConsultationBySlug(h.app.db, CJ))!.id;
});

afterAll(async () => {
  await h?.close();
  rmSync(scratch, { recursive: true, force: true });
});

async function messageByMessageId(messageId: string): Promise<InboundMessage> {
  await h.settled();
  return h.app.db.kysely.selectFrom('inbound_messages').selectAll().where('message_id', '=', `<${messageId}>`).executeTakeFirstOrThrow();
}

async function commentsOf(inboundId: number): Promise<Comment[]> {
  return h.app.db.kysely.selectFrom('comments').selectAll().where('inbound_message_id', '=', inboundId).orderBy('id').execute();
}

async function blockKey(blockId: number | null): Promise<string | null> {
  if (blockId === null) return null;
  const row = await h.app.db.kysely.selectFrom('blocks').select('key').where('id', '=', blockId).executeTakeFirstOrThrow();
  return row.key;
}

async function ackFor(inboundId: number) {
  return h.app.db.kysely.selectFrom('outbox').selectAll().where('dedupe_key', '=', `ack:${inboundId}`).executeTakeFirst();
}

async function rosterResponse(slug: string, unitId: number) {
  const consultation = (await findConsultationBySlug(h.app.db, slug))!;
  return h.app.db.kysely
    .selectFrom('roster_entries')
    .select(['response', 'responded_at'])
    .where('consultation_id', '=', consultation.id)
    .where('unit_id', '=', unitId)
    .executeTakeFirstOrThrow();
}

describe('feedback by email, over SMTP', () => {
  it('files a UTF-8 message from a rostered unit (nodemailer) as comments on the paragraphs it names', async () => {
    const reply = await h.send({
      from: '"张伟" <sthjj@cj.gov.cn>',
      to: h.address(CJ),
      subject: '区生态环境局对《工作要点》的反馈意见',
      messageId: '<env-utf8@cj.gov.cn>',
      text: '关于第4项：建议明确农村生活污水处理设施的运维经费来源，避免重建轻管。\n\n第12项 建议增加农膜回收率不低于85%的量化目标。\n',
    });
    expect(reply.response).toMatch(/^250 /);
    const message = await messageByMessageId('env-utf8@cj.gov.cn');
    expect(message).toMatchObject({ door: 'smtp', state: 'processed', outcome: 'comments', consultation_id: cjId, unit_id: units.env, late: 0 });
    const comments = await commentsOf(message.id);
    expect(comments).toHaveLength(2);
    expect(await blockKey(comments[0]!.block_id)).toBe('i4');
    expect(comments[0]!.body).toContain('运维经费来源');
    expect(await blockKey(comments[1]!.block_id)).toBe('i12');
    expect(comments[1]!.body).toContain('不低于85%');
    for (const c of comments) {
      expect(c).toMatchObject({ channel: 'email', unit_id: units.env, organization: '区生态环境局', author_name: '张伟', contact_email: 'sthjj@cj.gov.cn', late: 0, status: 'pending', consultation_id: cjId });
      expect(c.tracking_number).toMatch(/^YJ-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    }
    expect(await rosterResponse(CJ, units.env)).toMatchObject({ response: 'comments' });

    const ack = await ackFor(message.id);
    expect(ack).toMatchObject({ kind: 'acknowledgement', to_address: 'sthjj@cj.gov.cn', state: 'queued', consultation_id: cjId });
    expect(ack!.subject).toContain('2022年景德镇市昌江区推进长江经济带发展工作要点');
    for (const c of comments) expect(ack!.text_body).toContain(c.tracking_number);
    expect(ack!.text_body).toContain('第4项');
    expect(ack!.text_body).toContain('第12项');
    expect(JSON.parse(ack!.headers_json)).toMatchObject({ 'In-Reply-To': '<env-utf8@cj.gov.cn>', 'Auto-Submitted': 'auto-replied' });
  });

  it.skipIf(!swaks.available)('reads a GBK body and a GB18030 attachment sent by swaks', async () => {
    const raw = buildMessage({
      from: 'nyncj@cj.gov.cn',
      fromName: '刘䶮',
      to: h.address(CJ),
      subject: '农业农村局意见',
      charset: 'gbk',
      messageId: 'agri-gbk@cj.gov.cn',
      text: '第6项：建议将化肥农药减量目标细化到乡镇。\n',
      attachments: [
        {
          filename: '补充意见.txt',
          contentType: 'text/plain; charset=gb18030',
          content: encodeText('第7项：水生生物保护应明确䶮字号渔船的退捕补偿。\n', 'gb18030'),
        },
      ],
    });
    // GB18030 sender name in a GBK message header would not survive; the header is GBK-only text.
    const result = await swaksRaw(h, scratch, 'nyncj@cj.gov.cn', h.address(CJ), raw);
    expect(result.code).toBe(0);
    const message = await messageByMessageId('agri-gbk@cj.gov.cn');
    expect(message.unit_id).toBe(units.agri);
    const comments = await commentsOf(message.id);
    const byKey = Object.fromEntries(await Promise.all(comments.map(async (c) => [await blockKey(c.block_id), c.body] as const)));
    expect(byKey.i6).toContain('化肥农药减量目标细化到乡镇');
    expect(byKey.i7).toContain('䶮字号渔船');
    const attachments = await h.app.db.kysely.selectFrom('inbound_attachments').selectAll().where('inbound_message_id', '=', message.id).execute();
    expect(attachments).toHaveLength(1);
    expect(attachments[0]).toMatchObject({ filename: '补充意见.txt', disposition: 'feedback' });
    expect(attachments[0]!.text).toContain('䶮字号渔船');
  });

  it('reads a GB18030 body and a GBK attachment sent by nodemailer as raw bytes', async () => {
    const raw = buildMessage({
      from: 'lyj@cj.gov.cn',
      to: h.address(CJ),
      subject: '林业局反馈',
      charset: 'gb18030',
      messageId: 'forest-gb18030@cj.gov.cn',
      text: '第8项 建议将“完成6.05万亩营造林”改为“力争完成”，并说明资金来源。䶮\n',
      attachments: [{ filename: '林业局补充意见.txt', contentType: 'text/plain; charset=gbk', content: encodeText('第9项：湿地银行试点建议先在一个乡镇开展。\n', 'gbk') }],
    });
    const reply = await h.sendRaw('lyj@cj.gov.cn', h.address(CJ), raw);
    expect(reply.response).toMatch(/^250 /);
    const message = await messageByMessageId('forest-gb18030@cj.gov.cn');
    const comments = await commentsOf(message.id);
    expect(comments).toHaveLength(2);
    expect(await blockKey(comments[0]!.block_id)).toBe('i8');
    expect(comments[0]!.body).toContain('力争完成');
    expect(comments[0]!.body).toContain('䶮');
    // The GBK attachment, read as feedback.
    expect(await blockKey(comments[1]!.block_id)).toBe('i9');
    expect(comments[1]!.body).toContain('湿地银行试点建议先在一个乡镇开展');
    expect(comments.every((c) => c.unit_id === units.forest && c.channel === 'email' && c.late === 0)).toBe(true);
  });

  it('turns an HTML-only message into clean text', async () => {
    await h.send({
      from: 'slj-office@163.com',
      to: h.address(CJ),
      subject: '水利局意见',
      messageId: '<water-html@163.com>',
      html: '<div>第9项：建议增加&nbsp;湿地保护<b>监测</b>指标。<br>谢谢！</div><div style="color:#999">发自网易邮箱大师</div>',
    });
    const message = await messageByMessageId('water-html@163.com');
    expect(message.unit_id).toBe(units.water);
    const comments = await commentsOf(message.id);
    const onItem9 = comments.find((c) => c.body.includes('湿地保护'));
    expect(onItem9).toBeDefined();
    expect(await blockKey(onItem9!.block_id)).toBe('i9');
    for (const c of comments) expect(c.body).not.toMatch(/<|&nbsp;/);
  });

  it('keeps nothing of the announcement quoted below a reply', async () => {
    const raw = buildMessage({
      from: 'sthjj@cj.gov.cn',
      to: h.address(CJ),
      subject: '回复：关于《2022年景德镇市昌江区推进长江经济带发展工作要点》征求意见的公告',
      messageId: 'env-reply@cj.gov.cn',
      text: [
        '第13项：入河排污口整治建议公布整治清单。',
        '',
        '------------------ 原始邮件 ------------------',
        '发件人: "昌江区发改委" <cjqfgw@163.com>',
        '发送时间: 2022年4月6日(星期三) 上午9:00',
        '主题: 关于《工作要点》征求意见的公告',
        '',
        '各乡(镇)人民政府、区直各单位：',
        '第5项 深入推进化工污染治理。请于4月19日前反馈。',
      ].join('\n'),
    });
    await h.sendRaw('sthjj@cj.gov.cn', h.address(CJ), raw);
    const message = await messageByMessageId('env-reply@cj.gov.cn');
    const comments = await commentsOf(message.id);
    expect(comments.length).toBeGreaterThanOrEqual(1);
    expect(await blockKey(comments[0]!.block_id)).toBe('i13');
    for (const c of comments) {
      expect(c.body).not.toContain('化工污染治理');
      expect(c.body).not.toContain('请于4月19日前反馈');
    }
  });

  it('records 无意见 as the unit having no comments, not as a comment', async () => {
    await h.send({ from: 'slj@cj.gov.cn', to: h.address(CJ), subject: '回复：征求意见', messageId: '<water-none@cj.gov.cn>', text: '无意见。\n' });
    const message = await messageByMessageId('water-none@cj.gov.cn');
    expect(message).toMatchObject({ outcome: 'no-comments', state: 'processed', unit_id: units.water });
    expect(await commentsOf(message.id)).toHaveLength(0);
    // 区水利局 also sent comments from its other address (HTML test above): it stays "comments".
    expect((await rosterResponse(CJ, units.water)).response).toBe('comments');
    const ack = await ackFor(message.id);
    expect(ack!.subject).toContain('无意见');
  });

  it('records 无意见 from a unit that sent nothing else as no_comments', async () => {
    const { unitId } = await addRosterUnit(h.app.db, CJ, '区交通运输局', ['jtj@cj.gov.cn'], 'support', TEST_NOW);
    await h.send({ from: 'jtj@cj.gov.cn', to: h.address(CJ), subject: '回复', messageId: '<traffic-none@cj.gov.cn>', text: '经研究，我单位无意见。\n\n区交通运输局办公室\n2026年11月20日' });
    const message = await messageByMessageId('traffic-none@cj.gov.cn');
    expect(message.outcome).toBe('no-comments');
    const roster = await rosterResponse(CJ, unitId);
    expect(roster.response).toBe('no_comments');
    expect(roster.responded_at).toBe(TEST_NOW.toISOString());
  });

  it('reads comments from an attachment when the body is empty, and keeps the other attachments', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    await h.send({
      from: 'lyj@cj.gov.cn',
      to: h.address(CJ),
      subject: '林业局书面意见',
      messageId: '<forest-attach@cj.gov.cn>',
      text: '',
      attachments: [
        { filename: '林业局意见.txt', content: '第10项：建议把山水林田湖草项目的完成时限写明。\n', contentType: 'text/plain; charset=utf-8' },
        { filename: '盖章扫描件.pdf', content: pdf, contentType: 'application/pdf' },
      ],
    });
    const message = await messageByMessageId('forest-attach@cj.gov.cn');
    const comments = await commentsOf(message.id);
    expect(comments).toHaveLength(1);
    expect(await blockKey(comments[0]!.block_id)).toBe('i10');
    expect(comments[0]!.body).toContain('完成时限');
    const attachments = await h.app.db.kysely.selectFrom('inbound_attachments').selectAll().where('inbound_message_id', '=', message.id).orderBy('position').execute();
    expect(attachments.map((a) => [a.filename, a.disposition])).toEqual([
      ['林业局意见.txt', 'feedback'],
      ['盖章扫描件.pdf', 'kept'],
    ]);
    expect(Buffer.from(attachments[1]!.content).equals(pdf)).toBe(true);
  });

  it.skipIf(!swaks.available)('flags a reply that arrives after the deadline as late, and keeps it (swaks)', async () => {
    const raw = buildMessage({
      from: 'fgw@yixing.gov.cn',
      to: h.address(YIXING),
      subject: '发改委意见',
      messageId: 'yx-late@yixing.gov.cn',
      text: '第3项：建议补充重点项目的投资额。\n',
    });
    const result = await swaksRaw(h, scratch, 'fgw@yixing.gov.cn', h.address(YIXING), raw);
    expect(result.code).toBe(0);
    const message = await messageByMessageId('yx-late@yixing.gov.cn');
    expect(message).toMatchObject({ late: 1, outcome: 'comments', unit_id: units.yxDev });
    const comments = await commentsOf(message.id);
    expect(comments.length).toBeGreaterThanOrEqual(1);
    for (const c of comments) expect(c.late).toBe(1);
    expect((await rosterResponse(YIXING, units.yxDev)).response).toBe('comments');
    expect((await ackFor(message.id))!.text_body).toContain('逾期');
  });

  it('sets spam aside: stored, not counted, not answered', async () => {
    await h.send({
      from: 'sales@promo.example.com',
      to: h.address(CJ),
      subject: '代开发票 优惠促销',
      messageId: '<spam-1@promo.example.com>',
      text: '代开各类发票，优惠促销，请联系。',
    });
    const message = await messageByMessageId('spam-1@promo.example.com');
    expect(message).toMatchObject({ outcome: 'spam', state: 'processed' });
    expect(await commentsOf(message.id)).toHaveLength(0);
    expect(await ackFor(message.id)).toBeUndefined();
  });

  it('answers in English to a sender who wrote in English', async () => {
    await h.send({ from: 'Jane Doe <jane@ngo.example.org>', to: h.address(CJ), subject: 'Comments', messageId: '<en-1@ngo.example.org>', text: 'Item comment: please publish the monitoring data for every river section.' });
    const message = await messageByMessageId('en-1@ngo.example.org');
    expect(message.locale).toBe('en');
    const ack = await ackFor(message.id);
    expect(ack!.subject).toMatch(/^Received/);
    expect(ack!.text_body).toContain('Dear Jane Doe');
  });

  it('stores a message sent twice (same Message-ID) once', async () => {
    const raw = buildMessage({ from: 'sthjj@cj.gov.cn', to: h.address(CJ), subject: '重发', messageId: 'env-twice@cj.gov.cn', text: '第14项：建议加强执法。\n' });
    const first = await h.sendRaw('sthjj@cj.gov.cn', h.address(CJ), raw);
    const second = await h.sendRaw('sthjj@cj.gov.cn', h.address(CJ), raw);
    expect(first.response).toMatch(/^250 /);
    expect(second.response).toMatch(/^250 /);
    await h.settled();
    const rows = await h.app.db.kysely.selectFrom('inbound_messages').select('id').where('message_id', '=', '<env-twice@cj.gov.cn>').execute();
    expect(rows).toHaveLength(1);
    expect(await commentsOf(rows[0]!.id)).toHaveLength(1);
  });

  it('publishes at once, with the page counters, where the consultation publishes before moderation', async () => {
    const jurong = (await findConsultationBySlug(h.app.db, 'jurong-2024-work-report'))!;
    await h.send({ from: '李建国 <citizen@example.com>', to: h.address('jurong-2024-work-report'), subject: '意见', messageId: '<jurong-1@example.com>', text: '建议政府工作报告增加对老旧小区改造进度的说明。' });
    const message = await messageByMessageId('jurong-1@example.com');
    const comments = await commentsOf(message.id);
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatchObject({ status: 'published', block_id: null, unit_id: null, organization: null });
    const after = (await findConsultationBySlug(h.app.db, 'jurong-2024-work-report'))!;
    expect(after.published_comment_count).toBe(jurong.published_comment_count + 1);
    expect(after.general_comment_count).toBe(jurong.general_comment_count + 1);
    expect(after.version).toBeGreaterThan(jurong.version);
    const { html } = await h.app.client().get('/consultations/jurong-2024-work-report');
    expect(html).toContain('老旧小区改造进度');
    // The sender's address is never public, and the display name of an email, never offered
    // for publication, is shown masked.
    expect(html).not.toContain('citizen@example.com');
    expect(comments[0]!.author_name).toBe('李建国');
    expect(html).not.toContain('李建国');
    expect(html).toContain('李**');
  });
});

describe('refusals at the door', () => {
  it('refuses an unknown recipient at RCPT with 550, in Chinese and English (nodemailer)', async () => {
    const before = await countInbound();
    const error = await h.send({ from: 'a@example.com', to: `nobody@${MAIL_DOMAIN}`, subject: 'x', text: 'x' }).catch((e: unknown) => e as { responseCode?: number; response?: string });
    expect(error).toMatchObject({ responseCode: 550 });
    expect((error as { response: string }).response).toContain('本平台没有这个征求意见收件地址');
    expect((error as { response: string }).response).toContain('no consultation receives mail at this address');
    expect(await countInbound()).toBe(before);
  });

  it.skipIf(!swaks.available)('refuses an unknown recipient at RCPT with 550 (swaks)', async () => {
    const before = await countInbound();
    const result = await h.swaks(['--from', 'a@example.com', '--to', `nobody@${MAIL_DOMAIN}`, '--body', 'x']);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toMatch(/<\*\* +550 .*no consultation receives mail/);
    expect(await countInbound()).toBe(before);
  });

  it('accepts the general address and leaves a message it cannot place for an officer', async () => {
    await h.send({ from: 'citizen2@example.com', to: `yijian@${MAIL_DOMAIN}`, subject: '一点建议', messageId: '<general-1@example.com>', text: '建议在政务网站上公开更多征求意见稿。' });
    const message = await messageByMessageId('general-1@example.com');
    expect(message).toMatchObject({ outcome: 'unassigned', state: 'processed', consultation_id: null });
    expect((await ackFor(message.id))!.text_body).toContain('确定它所属的征求意见稿');
  });

  it('files a message to the general address under the consultation its subject names', async () => {
    await h.send({
      from: 'citizen3@example.com',
      to: `yijian@${MAIL_DOMAIN}`,
      subject: '对《2022年景德镇市昌江区推进长江经济带发展工作要点》的意见',
      messageId: '<general-2@example.com>',
      text: '第1项：建议公开警示片问题的整改台账。',
    });
    const message = await messageByMessageId('general-2@example.com');
    expect(message).toMatchObject({ outcome: 'comments', consultation_id: cjId });
  });
});

describe('oversize and broken conversations', () => {
  let small: MailHarness;
  beforeAll(async () => {
    small = await startMailHarness({ maxBytes: 64 * 1024 });
  });
  afterAll(async () => {
    await small?.close();
  });

  const bigRaw = () =>
    buildMessage({
      from: 'sthjj@cj.gov.cn',
      to: small.address(CJ),
      subject: '大附件',
      text: '见附件',
      attachments: [{ filename: 'scan.pdf', contentType: 'application/pdf', content: Buffer.alloc(200 * 1024, 7) }],
    });

  it('refuses a message over MAIL_MAX_BYTES with 552 (nodemailer declares SIZE)', async () => {
    const error = await small.sendRaw('sthjj@cj.gov.cn', small.address(CJ), bigRaw()).catch((e: unknown) => e as { responseCode?: number });
    expect(error).toMatchObject({ responseCode: 552 });
    await small.settled();
    const rows = await small.app.db.kysely.selectFrom('inbound_messages').select('id').execute();
    expect(rows).toHaveLength(0);
  });

  it.skipIf(!swaks.available)('refuses a message over MAIL_MAX_BYTES with 552 (swaks does not declare SIZE)', async () => {
    const result = await swaksRaw(small, scratch, 'sthjj@cj.gov.cn', small.address(CJ), bigRaw());
    expect(result.code).not.toBe(0);
    expect(result.stdout).toMatch(/<\*\* +552 /);
    await small.settled();
    const rows = await small.app.db.kysely.selectFrom('inbound_messages').select('id').execute();
    expect(rows).toHaveLength(0);
  });

  it('survives garbage, a dropped connection mid-DATA and a client that never finishes, then still takes mail', async () => {
    const conversation = (lines: (string | Buffer)[], endWith: 'end' | 'destroy') =>
      new Promise<string>((resolve) => {
        const socket = connect(small.smtp.port, '127.0.0.1');
        let received = '';
        socket.on('data', (d) => (received += d.toString('utf8')));
        socket.on('error', () => resolve(received));
        socket.on('close', () => resolve(received));
        socket.once('data', async () => {
          for (const line of lines) {
            socket.write(line);
            await new Promise((r) => setTimeout(r, 20));
          }
          if (endWith === 'destroy') socket.destroy();
          else socket.end();
        });
      });
    await conversation([Buffer.from([0, 255, 1, 2, 13, 10]), 'HELO\r\n', 'MAIL FROM:<<<>>>\r\n', 'RCPT TO:\r\n', 'DATA\r\n', 'NONSENSE\r\n', 'QUIT\r\n'], 'end');
    await conversation(
      ['EHLO test\r\n', 'MAIL FROM:<sthjj@cj.gov.cn>\r\n', `RCPT TO:<${small.address(CJ)}>\r\n`, 'DATA\r\n', 'Subject: half\r\nMessage-ID: <half@cj.gov.cn>\r\n\r\n第4项：写了一半'],
      'destroy',
    );
    await conversation(['EHLO test\r\n', 'MAIL FROM:<sthjj@cj.gov.cn>\r\n', `RCPT TO:<${small.address(CJ)}>\r\n`, 'DATA\r\n', `${'x'.repeat(5000)}\r\n`], 'end');
    const reply = await small.send({ from: 'sthjj@cj.gov.cn', to: small.address(CJ), subject: 'after', messageId: '<after-garbage@cj.gov.cn>', text: '第2项：之后的正常邮件。' });
    expect(reply.response).toMatch(/^250 /);
    await small.settled();
    const ids = await small.app.db.kysely.selectFrom('inbound_messages').select('message_id').execute();
    expect(ids.map((r) => r.message_id)).toEqual(['<after-garbage@cj.gov.cn>']);
  });
});

describe('the consultation page', () => {
  it('shows the intake address and, labelled, the address in the notice', async () => {
    const { html } = await h.app.client().get(`/consultations/${CJ}`);
    expect(html).toContain(`${CJ}@${MAIL_DOMAIN}`);
    expect(html).toContain('原公告所列邮箱');
    expect(html).toContain('发送至 cjqfgw@163.com');
  });

  it('a block named in a message exists in the draft (sanity for the paragraph checks above)', async () => {
    expect(await findBlockByKey(h.app.db, cjId, 'i12')).toBeDefined();
  });
});

async function countInbound(): Promise<number> {
  const row = await h.app.db.kysely.selectFrom('inbound_messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
