// Hostile and oversized mail over real SMTP on 127.0.0.1, read on worker threads as the server
// reads it: the .docx bomb of issue 11 (three 60 MB-of-XML documents in one message), an
// attachment or a body with more text than a message may give, a reading that takes too long and
// one that needs too much memory. Each message is stored, acknowledged with 250 and listed under
// 「需要处理」 with its reason, attachments kept; nothing is dropped, and the reader still reads the
// next message.
import { afterEach, describe, expect, it } from 'vitest';
import { translator } from '../../src/lib/i18n.ts';
import { DEFAULT_MAIL_LIMITS } from '../../src/mail/inbound/reading.ts';
import { readStoredReason, reasonText } from '../../src/mail/wording.ts';
import { listInbound } from '../../src/mail/inbound/lists.ts';
import { createMailReaderPool } from '../../src/platform/node/mail-readers.ts';
import { CJ, createTestApp } from '../helpers/app.ts';
import { signIn } from '../helpers/officers.ts';
import { addRosterUnit, buildMessage, type MailHarness, startMailHarness } from '../helpers/mail.ts';
import { DOCX_TYPE, docx, docxBomb } from '../helpers/office-files.ts';

let h: MailHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const FROM = 'sthjj@cj.gov.cn';

async function deliver(harness: MailHarness, attachments: { filename: string; content: Buffer }[], text = '意见见附件。') {
  await addRosterUnit(harness.app.db, CJ, '区生态环境局', [FROM], 'lead');
  const raw = buildMessage({
    from: FROM,
    to: harness.address(CJ),
    subject: '关于《工作要点》的反馈意见',
    text,
    attachments: attachments.map((a) => ({ ...a, contentType: DOCX_TYPE })),
  });
  const sent = await harness.sendRaw(FROM, harness.address(CJ), raw);
  expect(sent.response).toMatch(/^250 /);
  await harness.settled();
  return raw;
}

async function onlyMessage(harness: MailHarness) {
  const rows = await harness.app.db.kysely.selectFrom('inbound_messages').selectAll().execute();
  expect(rows).toHaveLength(1);
  // The reason is stored as a code and its parameters; an officer reads it in words.
  return { ...rows[0]!, reason: reasonText(readStoredReason(rows[0]!.reason), translator('zh-CN')), storedReason: rows[0]!.reason };
}

/** After a message over a limit, the same reader still reads an ordinary one. */
async function stillReads(harness: MailHarness) {
  const sent = await harness.send({ from: FROM, to: harness.address(CJ), subject: '补充意见', text: '对第4项：建议明确完成时限。' });
  expect(sent.response).toMatch(/^250 /);
  await harness.settled();
  const comments = await harness.app.db.kysely.selectFrom('comments').select('body').where('channel', '=', 'email').execute();
  expect(comments.map((c) => c.body)).toContain('对第4项：建议明确完成时限。');
}

describe('mail over a limit', () => {
  it('sets the docx bomb aside unread: three 60 MB-of-XML documents in one message', async () => {
    h = await startMailHarness();
    const bomb = docxBomb();
    expect(bomb.length).toBeLessThan(512 * 1024);
    const raw = await deliver(h, [1, 2, 3].map((n) => ({ filename: `意见${n}.docx`, content: bomb })));
    const row = await onlyMessage(h);
    expect(row.state).toBe('needs_attention');
    expect(row.reason).toBe('附件「意见1.docx」解压后有 60.0 MB，超过每个附件 16.0 MB 的上限，未自动读取。邮件和附件已保存，请人工查看');
    expect(JSON.parse(row.storedReason ?? '{}')).toMatchObject({ code: 'unreadable', params: { problem: { code: 'over-limit', params: { limit: 'unpacked', name: '意见1.docx', max: 16 * 1024 * 1024 } } } });
    expect(row.raw.length).toBe(raw.length);
    const attachments = await h.app.db.kysely.selectFrom('inbound_attachments').select(['filename', 'size', 'disposition', 'text']).orderBy('position').execute();
    expect(attachments).toEqual([1, 2, 3].map((n) => ({ filename: `意见${n}.docx`, size: bomb.length, disposition: 'kept', text: null })));
    expect(await h.app.db.kysely.selectFrom('comments').select('id').where('channel', '=', 'email').execute()).toEqual([]);
    const listed = await listInbound(h.app.db, 'attention');
    expect(listed.map((m) => m.id)).toEqual([row.id]);
    // The sender is told it was received and will be looked at.
    expect(await h.app.db.kysely.selectFrom('outbox').select('kind').where('kind', '=', 'acknowledgement').execute()).toHaveLength(1);
    await stillReads(h);
  });

  it('sets aside an attachment with more text than one attachment may give', async () => {
    h = await startMailHarness({ limits: { ...DEFAULT_MAIL_LIMITS, maxAttachmentChars: 20_000 } });
    const long = docx(Array.from({ length: 2000 }, (_, i) => `第${(i % 30) + 1}项：建议明确牵头单位和完成时限，并按季度公开进展。`));
    await deliver(h, [{ filename: '长意见.docx', content: long }]);
    const row = await onlyMessage(h);
    expect(row.state).toBe('needs_attention');
    expect(row.reason).toBe('附件「长意见.docx」的文字超过 20000 字的上限，未自动读取。邮件和附件已保存，请人工查看');
    await stillReads(h);
  });

  it('sets aside a message whose body and attachments together give too much text', async () => {
    h = await startMailHarness({ limits: { ...DEFAULT_MAIL_LIMITS, maxMessageChars: 20_000 } });
    const body = Array.from({ length: 1200 }, (_, i) => `第${(i % 30) + 1}项：建议公开进展。`).join('\n');
    const part = docx(Array.from({ length: 800 }, (_, i) => `第${(i % 30) + 1}项：建议明确完成时限。`));
    await deliver(h, [{ filename: '附件.docx', content: part }], body);
    const row = await onlyMessage(h);
    expect(row.state).toBe('needs_attention');
    expect(row.reason).toBe('邮件的文字（正文和附件合计）超过 20000 字的上限，未自动读取。邮件和附件已保存，请人工查看');
    await stillReads(h);
  });

  it('stops a reading that takes too long, terminating its thread, and keeps the message', async () => {
    // 12 MB of XML is within the size limit but takes far longer than 0.1 s to read.
    h = await startMailHarness({ limits: { ...DEFAULT_MAIL_LIMITS, maxMillis: 100 } });
    await deliver(h, [{ filename: '大文件.docx', content: docxBomb(12 * 1024 * 1024) }]);
    const row = await onlyMessage(h);
    expect(row.state).toBe('needs_attention');
    expect(row.reason).toBe('读取这封邮件超过 0.1 秒的时限，已停止。邮件已保存，请人工查看');
    await h.close();
    h = await startMailHarness();
    await stillReads(h);
  });

  it('stops a reading that needs more memory than its thread may have', async () => {
    h = await startMailHarness({ readers: { heapMb: 64 } });
    await deliver(h, [{ filename: '大文件.docx', content: docxBomb(15 * 1024 * 1024) }]);
    const row = await onlyMessage(h);
    expect(row.state).toBe('needs_attention');
    expect(row.reason).toBe('读取这封邮件所需的内存超过上限，已停止。邮件已保存，请人工查看');
    await stillReads(h);
  });
});

describe('the office and a bomb', () => {
  it('uploads it, lists it under 需要处理 with the reason, and shows it without reading the attachments', async () => {
    const reader = createMailReaderPool();
    const app = await createTestApp({ mailReader: reader });
    try {
      const officer = await signIn(app, 'officer');
      const bomb = docxBomb();
      const raw = buildMessage({ from: FROM, to: `${CJ}@yijian.localhost`, subject: '反馈意见', text: '意见见附件。', attachments: [{ filename: '意见.docx', contentType: DOCX_TYPE, content: bomb }] });
      await officer.get('/office/mail/upload');
      const form = new FormData();
      form.set('_csrf', officer.csrf);
      form.append('files', new File([new Uint8Array(raw)], 'bomb.eml', { type: 'message/rfc822' }));
      const uploaded = await officer.request('/office/mail/upload', { method: 'POST', body: form });
      expect(uploaded.status).toBe(200);
      const row = await app.db.kysely.selectFrom('inbound_messages').select(['id', 'state', 'reason']).executeTakeFirstOrThrow();
      expect(row.state).toBe('needs_attention');
      expect(reasonText(readStoredReason(row.reason), translator('en'))).toContain('unpacks to 60.0 MB, over the limit of 16.0 MB');

      const list = await officer.get('/office/mail?tab=attention');
      expect(list.html).toContain('解压后有 60.0 MB');
      const detail = await officer.get(`/office/mail/${row.id}`);
      expect(detail.response.status).toBe(200);
      // The body is shown; the attachment is only named, with why it was not read.
      expect(detail.html).toContain('意见见附件。');
      expect(detail.html).toContain('未自动读取');
      expect(detail.html).toContain('意见.docx');
    } finally {
      await reader.close();
      await app.close();
    }
  });
});
