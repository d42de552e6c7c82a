// The officers' mail pages over HTTP: uploading saved .eml files (comments on the right
// paragraphs, duplicates, refusals), sorting unassigned mail, spam that is not spam, downloads that
// never render as our pages, failed outgoing mail sent again, roles and CSRF.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findConsultationBySlug } from '../../src/drafts/store.ts';
import { queueMailQuery } from '../../src/mail/outbox.ts';
import { CJ, createTestApp, type TestApp, type TestClient, YIXING } from '../helpers/app.ts';
import { addRosterUnit, buildMessage } from '../helpers/mail.ts';
import { signIn } from '../helpers/officers.ts';
import { translator } from '../../src/lib/i18n.ts';
import { readStoredReason, reasonText } from '../../src/mail/wording.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(`tests/fixtures/mail/${name}`));
const MAX_BYTES = 64 * 1024;

let harness: TestApp;
let officer: Awaited<ReturnType<typeof signIn>>;
let cjId: number;
let yixingId: number;
const units = {} as Record<'env' | 'forest', number>;

beforeAll(async () => {
  harness = await createTestApp({ mailMaxBytes: MAX_BYTES });
  cjId = (await findConsultationBySlug(harness.db, CJ))!.id;
  yixingId = (await findConsultationBySlug(harness.db, YIXING))!.id;
  units.env = (await addRosterUnit(harness.db, CJ, '区生态环境局', ['sthjj@changjiang.gov.test'], 'lead', harness.now())).unitId;
  units.forest = (await addRosterUnit(harness.db, CJ, '区林业局', ['lyj@changjiang.gov.test'], 'support', harness.now())).unitId;
  officer = await signIn(harness, 'officer');
});
afterAll(async () => {
  await harness?.close();
});

interface UploadFile {
  name: string;
  bytes: Uint8Array;
  type?: string;
}

async function upload(client: TestClient, files: UploadFile[], fields: Record<string, string> = {}, csrf?: string) {
  await client.get('/office/mail/upload');
  const form = new FormData();
  form.set('_csrf', csrf ?? client.csrf);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  for (const f of files) form.append('files', new File([f.bytes as Uint8Array<ArrayBuffer>], f.name, { type: f.type ?? 'message/rfc822' }));
  const response = await client.request('/office/mail/upload', { method: 'POST', body: form });
  return { response, html: await response.text() };
}

const k = () => harness.db.kysely;

async function messageByMessageId(messageId: string) {
  return k().selectFrom('inbound_messages').selectAll().where('message_id', '=', messageId).executeTakeFirstOrThrow();
}

async function commentsOf(inboundId: number) {
  return k()
    .selectFrom('comments')
    .leftJoin('blocks', 'blocks.id', 'comments.block_id')
    .select(['comments.id', 'comments.tracking_number', 'comments.body', 'comments.channel', 'comments.unit_id', 'comments.consultation_id', 'comments.late', 'blocks.key as block_key'])
    .where('comments.inbound_message_id', '=', inboundId)
    .orderBy('comments.id')
    .execute();
}

async function auditOf(action: string) {
  return k().selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
}

async function count(table: 'inbound_messages' | 'comments' | 'outbox' | 'audit_log') {
  const row = await k()
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The page's text without tags, for reading what a person sees. */
function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

describe('uploading .eml files', () => {
  it('files a GBK reply and a 无意见 reply: comments on their paragraphs, shown on the results page', async () => {
    const before = await count('comments');
    const { response, html } = await upload(officer, [
      { name: 'gbk-body.eml', bytes: fixture('gbk-body.eml') },
      { name: '林业局回复.eml', bytes: fixture('no-comments.eml') },
    ]);
    expect(response.status).toBe(200);

    const gbk = await messageByMessageId('<gbk-body-0418@changjiang.gov.test>');
    expect(gbk).toMatchObject({ door: 'upload', state: 'processed', outcome: 'comments', consultation_id: cjId, unit_id: units.env });
    const comments = await commentsOf(gbk.id);
    expect(comments.map((c) => c.block_key)).toEqual(['i3', 'i13', null]);
    expect(comments[0]!.body).toContain('查漏补缺，确保按期销号');
    expect(comments[1]!.body).toContain('区重点项目推进中心');
    expect(comments[2]!.body).toContain('饮用水水源地');
    for (const c of comments) expect(c).toMatchObject({ channel: 'email', unit_id: units.env, consultation_id: cjId });

    const none = await messageByMessageId('<no-comments-0418@changjiang.gov.test>');
    expect(none).toMatchObject({ door: 'upload', outcome: 'no-comments', unit_id: units.forest });
    expect(await commentsOf(none.id)).toEqual([]);
    expect(await count('comments')).toBe(before + 3);
    const roster = await k()
      .selectFrom('roster_entries')
      .select(['unit_id', 'response'])
      .where('consultation_id', '=', cjId)
      .where('unit_id', 'in', [units.env, units.forest])
      .orderBy('unit_id')
      .execute();
    expect(roster).toEqual([
      { unit_id: units.env, response: 'comments' },
      { unit_id: units.forest, response: 'no_comments' },
    ]);

    // What the officer reads: each file, what was understood, the paragraphs and tracking numbers.
    const page = text(html);
    expect(page).toContain('共 2 个文件：新收到 2 封，此前已收到 0 封，未上传 0 个。');
    expect(page).toContain('gbk-body.eml');
    expect(page).toContain('林业局回复.eml');
    expect(page).toContain('已登记意见');
    expect(page).toContain('无意见');
    expect(page).toContain('区生态环境局');
    expect(page).toContain('区林业局');
    expect(page).toContain('第3项');
    expect(page).toContain('第13项');
    expect(page).toContain('登记的意见（3 条）');
    for (const c of comments) {
      expect(page).toContain(c.tracking_number);
      expect(html).toContain(`/office/consultations/${CJ}/comments/${c.id}`);
    }
    // Both uploads are on the audit log, each with its message.
    const audit = await auditOf('upload-mail');
    expect(audit.map((a) => a.target_id).sort()).toEqual([gbk.id, none.id].sort());
    expect(audit.every((a) => a.officer_id === officer.officer.id)).toBe(true);
  });

  it('reports a file uploaded again as already received, and files nothing twice', async () => {
    const [messages, comments, outbox] = [await count('inbound_messages'), await count('comments'), await count('outbox')];
    const { response, html } = await upload(officer, [{ name: 'again.eml', bytes: fixture('gbk-body.eml') }]);
    expect(response.status).toBe(200);
    const page = text(html);
    expect(page).toContain('此前已收到，未重复登记');
    expect(page).toContain('新收到 0 封，此前已收到 1 封');
    // Still shows what that message gave.
    expect(page).toContain('登记的意见（3 条）');
    expect(await count('inbound_messages')).toBe(messages);
    expect(await count('comments')).toBe(comments);
    expect(await count('outbox')).toBe(outbox);
  });

  it('files under the consultation the officer chose, timed by the message itself', async () => {
    // Yixing closed 30 days before "now"; this message was sent five days ago: late.
    const sent = new Date(harness.now().getTime() - 5 * 86_400_000);
    const raw = buildMessage({
      from: 'citizen@example.com',
      to: 'friend@example.com',
      subject: '转：意见',
      messageId: 'forced-upload@example.com',
      text: '第3项：建议补充投资额。',
      received: [sent],
      date: sent,
    });
    const { html } = await upload(officer, [{ name: 'forwarded.EML', bytes: raw }], { consultation: String(yixingId) });
    const row = await messageByMessageId('<forced-upload@example.com>');
    expect(row).toMatchObject({ consultation_id: yixingId, outcome: 'comments', late: 1, sent_at: sent.toISOString() });
    const comments = await commentsOf(row.id);
    expect(comments.map((c) => [c.consultation_id, c.late])).toEqual([[yixingId, 1]]);
    expect(comments[0]!.body).toContain('投资额');
    expect(text(html)).toContain('逾期（截止后发出，作为逾期意见保留）');
    // The choice stays selected for the next upload.
    expect(html).toMatch(new RegExp(`<option value="${yixingId}" selected`));
  });

  it('refuses non-.eml and oversize files with a clear message and still files the others', async () => {
    const before = await count('inbound_messages');
    const big = buildMessage({ from: 'a@example.com', to: `${CJ}@yijian.localhost`, subject: 'big', messageId: 'big@example.com', text: `第4项：${'很长的意见。'.repeat(8000)}` });
    expect(big.byteLength).toBeGreaterThan(MAX_BYTES);
    const good = buildMessage({ from: 'b@example.com', to: `${CJ}@yijian.localhost`, subject: '意见', messageId: 'mixed-good@example.com', text: '第6项：建议补充考核办法。' });
    const { response, html } = await upload(officer, [
      { name: '意见.txt', bytes: new TextEncoder().encode('第4项：意见'), type: 'text/plain' },
      { name: 'big.eml', bytes: big },
      { name: 'good.eml', bytes: good },
    ]);
    expect(response.status).toBe(200);
    const page = text(html);
    expect(page).toContain('「意见.txt」不是 .eml 邮件文件，未上传');
    expect(page).toMatch(/「big\.eml」大小为 [\d.]+ KB，超过单封邮件 0\.1 MB 的上限，未上传/);
    expect(page).toContain('新收到 1 封，此前已收到 0 封，未上传 2 个');
    expect(await count('inbound_messages')).toBe(before + 1);
    expect((await messageByMessageId('<mixed-good@example.com>')).outcome).toBe('comments');
  });

  it('refuses an upload with no acceptable file, keeping the form, storing nothing', async () => {
    const before = await count('inbound_messages');
    const none = await upload(officer, []);
    expect(none.response.status).toBe(422);
    expect(text(none.html)).toContain('请选择至少一个 .eml 文件');
    const wrong = await upload(officer, [{ name: 'draft.docx', bytes: new Uint8Array([0x50, 0x4b, 3, 4]), type: 'application/octet-stream' }], { consultation: String(cjId) });
    expect(wrong.response.status).toBe(422);
    expect(text(wrong.html)).toContain('「draft.docx」不是 .eml 邮件文件');
    expect(wrong.html).toMatch(new RegExp(`<option value="${cjId}" selected`));
    const unknown = await upload(officer, [{ name: 'x.eml', bytes: fixture('unassigned.eml') }], { consultation: '99999' });
    expect(unknown.response.status).toBe(422);
    expect(text(unknown.html)).toContain('所选的征求意见稿不存在或尚未发布');
    // A request larger than several messages is refused before it is read.
    const huge = await upload(officer, [{ name: 'huge.eml', bytes: new Uint8Array(MAX_BYTES * 5).fill(0x41) }]);
    expect(huge.response.status).toBe(413);
    expect(text(huge.html)).toContain('没有上传任何文件');
    expect(await count('inbound_messages')).toBe(before);
  });
});

describe('the lists an officer works through', () => {
  it('sorts an unassigned message under Changjiang: its comments are created and it leaves the list', async () => {
    await upload(officer, [{ name: 'unassigned.eml', bytes: fixture('unassigned.eml') }]);
    const row = await messageByMessageId('<unassigned-0418@example.com>');
    expect(row).toMatchObject({ state: 'processed', outcome: 'unassigned', consultation_id: null });

    const list = await officer.get('/office/mail?tab=unassigned');
    expect(list.response.status).toBe(200);
    expect(list.html).toContain(`action="/office/mail/${row.id}/assign"`);
    expect(list.html).toContain(`<option value="${cjId}">`);

    const { response } = await officer.postForm(`/office/mail/${row.id}/assign`, { consultation: String(cjId), back: '/office/mail?tab=unassigned' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/office/mail?tab=unassigned');
    const after = await messageByMessageId('<unassigned-0418@example.com>');
    expect(after).toMatchObject({ outcome: 'comments', consultation_id: cjId });
    const comments = await commentsOf(row.id);
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatchObject({ consultation_id: cjId, channel: 'email', block_key: null });
    expect(comments[0]!.body).toContain('口袋公园');
    const audit = await auditOf('assign-mail');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ consultation_id: cjId, target_type: 'inbound_message', target_id: row.id, officer_id: officer.officer.id });

    const back = await officer.get('/office/mail?tab=unassigned');
    expect(text(back.html)).toContain('已分拣到《');
    expect(text(back.html)).toContain('登记意见 1 条');
    expect(back.html).not.toContain(`action="/office/mail/${row.id}/assign"`);

    // Assigning it again is refused: its comments exist already.
    const again = await officer.postForm(`/office/mail/${row.id}/assign`, { consultation: String(yixingId), back: `/office/mail/${row.id}` });
    expect(again.response.status).toBe(409);
    expect(text(again.html)).toContain('不能再分拣');
    expect(await commentsOf(row.id)).toHaveLength(1);
    expect(await auditOf('assign-mail')).toHaveLength(1);
  });

  it('asks for a consultation before assigning', async () => {
    await upload(officer, [{ name: 'u2.eml', bytes: buildMessage({ from: 'x@example.com', to: 'y@example.com', subject: '建议', messageId: 'u2@example.com', text: '建议多种树。' }) }]);
    const row = await messageByMessageId('<u2@example.com>');
    const { response, html } = await officer.postForm(`/office/mail/${row.id}/assign`, { consultation: '', back: '/office/mail?tab=unassigned' });
    expect(response.status).toBe(422);
    expect(text(html)).toContain('请选择一个征求意见稿');
    expect((await messageByMessageId('<u2@example.com>')).outcome).toBe('unassigned');
  });

  it('sets spam aside uncounted; "not spam" reads it again as normal mail, for good', async () => {
    const raw = buildMessage({
      from: 'chen@example.com',
      to: `${CJ}@yijian.localhost`,
      subject: '【限时优惠】全场3折，点击领取',
      messageId: 'false-positive@example.com',
      text: '春季大促，限时秒杀！加微信 deals888 领取优惠券。https://a.example/1 https://a.example/2 https://a.example/3 如不想再收到请点击退订。\n第7项：建议补充对排污企业的在线监测。',
      headers: ['Precedence: bulk', 'List-Unsubscribe: <mailto:unsubscribe@a.example>'],
    });
    await upload(officer, [{ name: 'promo.eml', bytes: raw }]);
    const row = await messageByMessageId('<false-positive@example.com>');
    expect(row.outcome).toBe('spam');
    expect(await commentsOf(row.id)).toEqual([]);

    const spamList = await officer.get('/office/mail?tab=spam');
    expect(spamList.html).toContain(`action="/office/mail/${row.id}/not-spam"`);
    expect(text(spamList.html)).toContain('疑似垃圾或无关邮件');

    const { response } = await officer.postForm(`/office/mail/${row.id}/not-spam`, { back: '/office/mail?tab=spam' });
    expect(response.status).toBe(303);
    const after = await messageByMessageId('<false-positive@example.com>');
    expect(after.outcome).toBe('comments');
    expect(after.not_spam_at).not.toBeNull();
    const comments = await commentsOf(row.id);
    expect(comments.map((c) => c.block_key)).toContain('i7');
    expect(await auditOf('not-spam-mail')).toEqual([expect.objectContaining({ target_id: row.id, officer_id: officer.officer.id })]);
    const spamAfter = await officer.get('/office/mail?tab=spam');
    expect(text(spamAfter.html)).toContain('已按正常邮件重新处理');
    expect(spamAfter.html).not.toContain(`/office/mail/${row.id}/not-spam`);

    // Pressing the button again changes nothing.
    const again = await officer.postForm(`/office/mail/${row.id}/not-spam`, { back: '/office/mail?tab=spam' });
    expect(again.response.status).toBe(409);
    expect(await commentsOf(row.id)).toHaveLength(comments.length);
  });

  it('keeps a spam message without a draft out of the spam list once an officer says so, even after assigning it', async () => {
    await upload(officer, [{ name: 'invoice.eml', bytes: fixture('spam-invoice.eml') }]);
    const row = await messageByMessageId('<fp-888@example.cn>');
    expect(row.outcome).toBe('spam');
    await officer.get(`/office/mail/${row.id}`);
    expect((await officer.postForm(`/office/mail/${row.id}/not-spam`, { back: `/office/mail/${row.id}` })).response.status).toBe(303);
    expect((await messageByMessageId('<fp-888@example.cn>')).outcome).toBe('unassigned');
    await officer.postForm(`/office/mail/${row.id}/assign`, { consultation: String(cjId), back: '/office/mail?tab=unassigned' });
    const assigned = await messageByMessageId('<fp-888@example.cn>');
    expect(assigned.consultation_id).toBe(cjId);
    expect(assigned.outcome).not.toBe('spam');
  });

  it('lists messages that need attention with their reason, and pages long lists', async () => {
    const attachmentOnly = buildMessage({
      from: 'czj@changjiang.gov.test',
      to: `${CJ}@yijian.localhost`,
      subject: '反馈',
      messageId: 'attachment-only@changjiang.gov.test',
      text: '',
      attachments: [{ filename: '意见.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4\n') }],
    });
    await upload(officer, [{ name: 'pdf-only.eml', bytes: attachmentOnly }]);
    const pdf = await messageByMessageId('<attachment-only@changjiang.gov.test>');
    expect(pdf.state).toBe('needs_attention');
    const attention = await officer.get('/office/mail?tab=attention');
    expect(text(attention.html)).toContain(reasonText(readStoredReason(pdf.reason), translator('zh-CN'))!);
    expect(text(attention.html)).toContain('意见可能在附件「意见.pdf」中，无法自动读取，请人工查看');
    const inEnglish = await officer.get('/office/mail?tab=attention&lang=en');
    expect(text(inEnglish.html)).toContain('The comments may be in the attachment(s) “意见.pdf”, which could not be read automatically');
    await officer.get('/office/mail?lang=zh-CN');
    expect(attention.html).toContain(`href="/office/mail/${pdf.id}"`);

    // 51 more unassigned messages: two pages of 50.
    const files: UploadFile[] = [];
    for (let i = 0; i < 51; i++) {
      files.push({ name: `stray-${i}.eml`, bytes: buildMessage({ from: `p${i}@example.com`, to: 'nobody@example.com', subject: `来信 ${i}`, messageId: `stray-${i}@example.com`, text: `建议第${i}号。` }) });
    }
    for (let i = 0; i < files.length; i += 20) await upload(officer, files.slice(i, i + 20));
    const first = await officer.get('/office/mail?tab=unassigned');
    expect(first.html).toContain('href="/office/mail?tab=unassigned&amp;page=2"');
    const rowsOnFirst = (first.html.match(/\/assign"/g) ?? []).length;
    expect(rowsOnFirst).toBe(50);
    const second = await officer.get('/office/mail?tab=unassigned&page=2');
    expect((second.html.match(/\/assign"/g) ?? []).length).toBeGreaterThan(0);
    expect(second.html).toContain('href="/office/mail?tab=unassigned"');
  });

  it('pages a list with htmx by answering the list alone, the same rows the page shows', async () => {
    const page = await officer.get('/office/mail?tab=unassigned&page=2');
    const piece = await officer.get('/office/mail?tab=unassigned&page=2', { htmx: true });
    expect(piece.response.status).toBe(200);
    expect(piece.html).toMatch(/^<section id="mail-list"/);
    expect(piece.html).not.toContain('<html');
    const rows = (html: string) => html.match(/action="\/office\/mail\/\d+\/assign"/g) ?? [];
    expect(rows(piece.html).length).toBeGreaterThan(0);
    expect(rows(piece.html)).toEqual(rows(page.html));
    // The pager's links swap this piece and still work as plain links.
    expect(piece.html).toContain('hx-target="#mail-list"');
    expect(piece.html).toContain('href="/office/mail?tab=unassigned"');
  });

  it('shows a refused choice next to the field it was made in', async () => {
    const row = await messageByMessageId('<stray-0@example.com>');
    const { response, html } = await officer.postForm(`/office/mail/${row.id}/assign`, { consultation: '99999', back: `/office/mail/${row.id}` });
    expect(response.status).toBe(422);
    expect(text(html)).toContain('所选的征求意见稿不存在或尚未发布');
    expect(html).toContain(`id="assign-${row.id}-error"`);
    expect(html).toContain(`<select id="assign-${row.id}" name="consultation" required="" aria-invalid="true" aria-describedby="assign-${row.id}-error"`);
    expect((await messageByMessageId('<stray-0@example.com>')).outcome).toBe('unassigned');
  });
});

describe('one message', () => {
  let id: number;
  const html = new TextEncoder().encode('<html><body><script>alert(document.cookie)</script>意见</body></html>');
  const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
  const pdf = new TextEncoder().encode('%PDF-1.4\n%…\n');
  let raw: Uint8Array;

  beforeAll(async () => {
    raw = buildMessage({
      from: 'sthjj@changjiang.gov.test',
      fromName: '区生态环境局',
      to: `${CJ}@yijian.localhost`,
      subject: '关于第4项的意见 <script>alert(1)</script>',
      messageId: 'attachments@changjiang.gov.test',
      charset: 'gbk',
      text: '第4项：建议明确污水处理设施运维经费。\n\n> 原邮件引用的内容不是意见\n',
      attachments: [
        { filename: '反馈 "意见".html', contentType: 'text/html', content: Buffer.from(html) },
        { filename: '图.svg', contentType: 'image/svg+xml', content: Buffer.from(svg) },
        { filename: '盖章件.pdf', contentType: 'application/pdf', content: Buffer.from(pdf), nameStyle: 'rfc2231' },
      ],
    });
    await upload(officer, [{ name: 'attachments.eml', bytes: raw }]);
    id = (await messageByMessageId('<attachments@changjiang.gov.test>')).id;
  });

  it('shows the headers, what was understood, the clean text and the attachments', async () => {
    const { response, html: page } = await officer.get(`/office/mail/${id}`);
    expect(response.status).toBe(200);
    const seen = text(page);
    expect(seen).toContain('区生态环境局 <sthjj@changjiang.gov.test>');
    expect(seen).toContain(`${CJ}@yijian.localhost`);
    expect(seen).toContain('工作台上传');
    expect(seen).toContain('发送时间（据此判断是否逾期）');
    expect(seen).toContain('按时');
    expect(seen).toContain('已登记意见');
    expect(seen).toContain('第4项');
    expect(seen).toContain('建议明确污水处理设施运维经费');
    expect(seen).toContain('出自正文');
    const [comment] = await commentsOf(id);
    expect(page).toContain(`/office/consultations/${CJ}/comments/${comment!.id}`);
    expect(page).toContain(`/office/consultations/${CJ}/comments"`);
    // The subject is text, never markup.
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // Attachments listed with their download links.
    expect(seen).toContain('盖章件.pdf');
    expect(seen).toContain('图.svg');
    for (let n = 0; n < 3; n++) expect(page).toContain(`href="/office/mail/${id}/attachments/${n}"`);
    expect(page).toContain(`href="/office/mail/${id}/raw"`);
  });

  it('serves an HTML or SVG attachment as a download of bytes, never as a page', async () => {
    const detail = await findAttachments(id);
    const htmlPosition = detail.find((a) => a.filename?.endsWith('.html'))!.position;
    const response = await officer.request(`/office/mail/${id}/attachments/${htmlPosition}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const disposition = response.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; /);
    expect(disposition).toContain(`filename*=UTF-8''${encodeRfc5987('反馈 "意见".html')}`);
    expect(disposition).toContain('filename="__ ____.html"');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(html);

    const svgPosition = detail.find((a) => a.filename?.endsWith('.svg'))!.position;
    const svgResponse = await officer.request(`/office/mail/${id}/attachments/${svgPosition}`);
    expect(svgResponse.headers.get('content-type')).toBe('application/octet-stream');
    expect(svgResponse.headers.get('content-disposition')).toMatch(/^attachment; /);

    const pdfPosition = detail.find((a) => a.filename?.endsWith('.pdf'))!.position;
    const pdfResponse = await officer.request(`/office/mail/${id}/attachments/${pdfPosition}`);
    expect(pdfResponse.headers.get('content-type')).toBe('application/pdf');
    expect(pdfResponse.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeRfc5987('盖章件.pdf')}`);
    expect(new Uint8Array(await pdfResponse.arrayBuffer())).toEqual(pdf);

    expect((await officer.request(`/office/mail/${id}/attachments/9`)).status).toBe(404);
    expect((await officer.request(`/office/mail/${id}/attachments/x`)).status).toBe(404);
  });

  it('downloads the raw message byte for byte', async () => {
    const response = await officer.request(`/office/mail/${id}/raw`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="mail-${id}.eml"; filename*=UTF-8''mail-${id}.eml`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(raw))).toBe(true);
    expect((await officer.request('/office/mail/999999/raw')).status).toBe(404);
    expect((await officer.request('/office/mail/999999')).status).toBe(404);
  });
});

async function findAttachments(id: number) {
  return k().selectFrom('inbound_attachments').select(['position', 'filename', 'content_type']).where('inbound_message_id', '=', id).orderBy('position').execute();
}

function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

describe('outgoing mail', () => {
  it('shows the counts and failed mail with its error, and sends a failed message again once', async () => {
    const now = harness.now();
    await harness.db.batch([
      queueMailQuery(k(), { kind: 'invitation', dedupeKey: 'test:failed', consultationId: cjId, to: 'wrong@nowhere.example', subject: '征求意见邀请', text: '…' }, now),
    ]);
    const row = await k().selectFrom('outbox').select('id').where('dedupe_key', '=', 'test:failed').executeTakeFirstOrThrow();
    await harness.db.batch([
      k().updateTable('outbox').set({ state: 'failed', attempts: 8, last_error: 'attempt 8: 550 5.1.1 <wrong@nowhere.example>: mailbox unavailable' }).where('id', '=', row.id).compile(),
    ]);

    const page = await officer.get('/office/mail?tab=outbox');
    const seen = text(page.html);
    expect(seen).toMatch(/发送失败 1/);
    expect(seen).toContain('wrong@nowhere.example');
    expect(seen).toContain('550 5.1.1');
    expect(seen).toContain('征求意见邀请');
    expect(page.html).toContain(`action="/office/mail/outbox/${row.id}/retry"`);

    const { response } = await officer.postForm(`/office/mail/outbox/${row.id}/retry`, { back: '/office/mail?tab=outbox' });
    expect(response.status).toBe(303);
    const after = await k().selectFrom('outbox').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ state: 'queued', attempts: 0, next_attempt_at: now.toISOString() });
    expect(await auditOf('retry-mail')).toEqual([expect.objectContaining({ target_type: 'outbox', target_id: row.id, consultation_id: cjId })]);
    const back = await officer.get('/office/mail?tab=outbox');
    expect(text(back.html)).toContain('发给 wrong@nowhere.example 的邮件已重新排队发送');
    expect(back.html).not.toContain(`/office/mail/outbox/${row.id}/retry`);

    // A second press (a stale page) changes nothing and records nothing.
    await officer.postForm(`/office/mail/outbox/${row.id}/retry`, { back: '/office/mail?tab=outbox' });
    expect(await auditOf('retry-mail')).toHaveLength(1);
    expect(text((await officer.get('/office/mail?tab=outbox')).html)).toContain('不是“发送失败”状态');
  });
});

describe('who may use the mail pages', () => {
  it('refuses a moderator (403) and sends an anonymous visitor to sign in', async () => {
    const moderator = await signIn(harness, 'moderator');
    expect((await moderator.request('/office/mail')).status).toBe(403);
    expect((await moderator.request('/office/mail/upload')).status).toBe(403);
    const row = await messageByMessageId('<gbk-body-0418@changjiang.gov.test>');
    expect((await moderator.request(`/office/mail/${row.id}/raw`)).status).toBe(403);
    await moderator.get('/office/password');
    const assign = await moderator.postForm(`/office/mail/${row.id}/assign`, { consultation: String(cjId) });
    expect(assign.response.status).toBe(403);

    const anonymous = harness.client('192.0.2.9');
    const page = await anonymous.request('/office/mail');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/office/login?next=%2Foffice%2Fmail');
    expect((await anonymous.request(`/office/mail/${row.id}/attachments/0`)).status).toBe(303);
    const post = await anonymous.request('/office/mail/upload', { method: 'POST', body: new FormData() });
    expect(post.status).toBe(401);

    const admin = await signIn(harness, 'admin');
    expect((await admin.request('/office/mail')).status).toBe(200);
    // In English too.
    const english = text((await admin.get('/office/mail?lang=en&tab=spam')).html);
    expect(english).toContain('Needs attention (');
    expect(english).toContain('Upload .eml files');
    expect(english).toContain('Outgoing mail');
  });

  it('refuses a form without a valid CSRF token and changes nothing', async () => {
    await upload(officer, [{ name: 'csrf.eml', bytes: buildMessage({ from: 'q@example.com', to: 'z@example.com', subject: 'x', messageId: 'csrf-target@example.com', text: '建议。' }) }]);
    const row = await messageByMessageId('<csrf-target@example.com>');
    const before = await count('inbound_messages');

    const noToken = await officer.request(`/office/mail/${row.id}/assign`, {
      method: 'POST',
      body: new URLSearchParams({ consultation: String(cjId) }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(noToken.status).toBe(403);
    const wrongToken = await officer.postForm(`/office/mail/${row.id}/assign`, { consultation: String(cjId), _csrf: 'forged' });
    expect(wrongToken.response.status).toBe(403);
    const foreign = await officer.postForm(`/office/mail/${row.id}/assign`, { consultation: String(cjId) }, { headers: { origin: 'https://evil.example' } });
    expect(foreign.response.status).toBe(403);
    expect((await messageByMessageId('<csrf-target@example.com>')).outcome).toBe('unassigned');

    const uploadForged = await upload(officer, [{ name: 'forged.eml', bytes: fixture('html-qq.eml') }], {}, 'forged');
    expect(uploadForged.response.status).toBe(403);
    expect(await count('inbound_messages')).toBe(before);
  });
});
