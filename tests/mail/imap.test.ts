// Polling the office's mailbox with imapflow (a real IMAP conversation on 127.0.0.1 with a fake
// server, since the real one is on another machine): each message taken once, marked seen only
// after it is stored.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { databasePath } from '../../src/platform/node/data-dir.ts';
import { findConsultationBySlug } from '../../src/drafts/store.ts';
import { pollMailbox } from '../../src/platform/node/imap.ts';
import type { MailDeps } from '../../src/mail/inbound/deps.ts';
import { createInboundQueue, type InboundQueue } from '../../src/mail/inbound/queue.ts';
import { addDays } from '../../src/lib/time.ts';
import { CJ, createTestApp, TEST_NOW, type TestApp, YIXING } from '../helpers/app.ts';
import { type ChildServer, startChildServer } from '../helpers/child.ts';
import { FakeImapServer } from '../helpers/fake-imap.ts';
import { addRosterUnit, buildMessage, MAIL_DOMAIN } from '../helpers/mail.ts';

const USER = 'cjqfgw@163.com';
const PASS = 'imap-pass';

describe('polling a mailbox', () => {
  let app: TestApp;
  let imap: FakeImapServer;
  let deps: MailDeps;
  let queue: InboundQueue;
  const poll = () => pollMailbox({ deps, queue, url: imap.url, mailbox: 'INBOX' }).then(async (r) => (await queue.idle(), r));
  const countRows = async () => Number((await app.db.kysely.selectFrom('inbound_messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    app = await createTestApp();
    deps = { db: app.db, clock: app.now, mailDomain: MAIL_DOMAIN, publicBaseUrl: 'http://localhost:8787', consultationChanged: app.services.consultationChanged };
    queue = createInboundQueue(deps);
    await addRosterUnit(app.db, CJ, '区发展和改革委员会', ['fgw@cj.gov.cn'], 'lead', TEST_NOW);
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(async () => {
    imap = new FakeImapServer({ user: USER, pass: PASS });
    await imap.start();
  });
  afterEach(async () => {
    await imap.stop();
  });

  it('stores unseen messages, files their comments, and marks them seen only after storing', async () => {
    const sentAt = addDays(TEST_NOW, -2);
    const uid = imap.deliver(
      buildMessage({
        from: 'fgw@cj.gov.cn',
        to: USER,
        subject: '关于《2022年景德镇市昌江区推进长江经济带发展工作要点》的反馈',
        messageId: 'imap-1@cj.gov.cn',
        text: '第11项：建议补充生态修复示范工程的名单。\n',
        received: [new Date(sentAt.getTime() + 60_000), sentAt],
        date: sentAt,
      }),
    );
    const seenBefore = imap.deliver(buildMessage({ from: 'x@example.com', to: USER, subject: '已读邮件', messageId: 'imap-seen@example.com', text: '已读' }), 'INBOX', ['\\Seen']);

    const result = await poll();
    expect(result).toEqual({ found: 1, stored: 1, duplicates: 0, notMarked: 0 });
    expect(imap.message(uid)!.flags.has('\\Seen')).toBe(true);
    // The body was fetched with PEEK, and \Seen stored after: never the other way round.
    const fetchAt = imap.commands.findIndex((c) => c.startsWith(`UID FETCH ${uid} `));
    const storeAt = imap.commands.findIndex((c) => c.startsWith(`UID STORE ${uid} +FLAGS`));
    expect(imap.commands[fetchAt]).toContain('BODY.PEEK[]');
    expect(storeAt).toBeGreaterThan(fetchAt);
    expect(imap.message(seenBefore)!.flags.has('\\Seen')).toBe(true);

    const row = await app.db.kysely.selectFrom('inbound_messages').selectAll().where('message_id', '=', '<imap-1@cj.gov.cn>').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ door: 'imap', imap_mailbox: 'INBOX', imap_uid_validity: imap.mailboxes.get('INBOX')!.uidValidity, imap_uid: uid, state: 'processed', outcome: 'comments', late: 0 });
    // Imported mail is timed by its earliest trustworthy Received header, not by when we polled.
    expect(row.sent_at).toBe(new Date(Math.floor(sentAt.getTime() / 1000) * 1000).toISOString());
    const cj = (await findConsultationBySlug(app.db, CJ))!;
    expect(row.consultation_id).toBe(cj.id);
    const comments = await app.db.kysely.selectFrom('comments').selectAll().where('inbound_message_id', '=', row.id).execute();
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatchObject({ channel: 'email', organization: '区发展和改革委员会' });
    expect(comments[0]!.body).toContain('生态修复示范工程');
  });

  it('stores a message fetched twice once (someone marked it unread again)', async () => {
    const uid = imap.deliver(buildMessage({ from: 'fgw@cj.gov.cn', to: USER, subject: '《2022年景德镇市昌江区推进长江经济带发展工作要点》意见', messageId: 'imap-twice@cj.gov.cn', text: '第16项：建议细化。\n' }));
    await poll();
    imap.message(uid)!.flags.delete('\\Seen');
    const before = await countRows();
    const again = await poll();
    expect(again).toEqual({ found: 1, stored: 0, duplicates: 1, notMarked: 0 });
    expect(await countRows()).toBe(before);
    expect(imap.message(uid)!.flags.has('\\Seen')).toBe(true);
    const row = await app.db.kysely.selectFrom('inbound_messages').select('id').where('message_id', '=', '<imap-twice@cj.gov.cn>').executeTakeFirstOrThrow();
    const comments = await app.db.kysely.selectFrom('comments').select('id').where('inbound_message_id', '=', row.id).execute();
    expect(comments).toHaveLength(1);
  });

  it('leaves a message unseen when the server refuses the flag, and takes it once on the next poll', async () => {
    const uid = imap.deliver(buildMessage({ from: 'fgw@cj.gov.cn', to: USER, subject: '《2022年景德镇市昌江区推进长江经济带发展工作要点》意见', messageId: 'imap-refused@cj.gov.cn', text: '第17项：建议细化。\n' }));
    imap.refuseStore = true;
    expect(await poll()).toEqual({ found: 1, stored: 1, duplicates: 0, notMarked: 1 });
    expect(imap.message(uid)!.flags.has('\\Seen')).toBe(false);
    imap.refuseStore = false;
    const result = await poll();
    expect(result).toEqual({ found: 1, stored: 0, duplicates: 1, notMarked: 0 });
    expect(imap.message(uid)!.flags.has('\\Seen')).toBe(true);
    const rows = await app.db.kysely.selectFrom('inbound_messages').select('id').where('message_id', '=', '<imap-refused@cj.gov.cn>').execute();
    expect(rows).toHaveLength(1);
  });

  it('stores once the same message copied into the mailbox under two UIDs', async () => {
    const raw = buildMessage({ from: 'fgw@cj.gov.cn', to: USER, subject: '《2022年景德镇市昌江区推进长江经济带发展工作要点》意见', messageId: 'imap-copy@cj.gov.cn', text: '第18项：建议细化。\n' });
    imap.deliver(raw);
    imap.deliver(raw);
    const result = await poll();
    expect(result).toEqual({ found: 2, stored: 1, duplicates: 1, notMarked: 0 });
    expect(imap.mailboxes.get('INBOX')!.messages.every((m) => m.flags.has('\\Seen'))).toBe(true);
  });

  it('judges lateness of imported mail by when it was sent, not when it was fetched', async () => {
    const yixing = (await findConsultationBySlug(app.db, YIXING))!;
    const closes = new Date(yixing.closes_at!);
    const before = addDays(closes, -2);
    const after = addDays(closes, 1);
    imap.deliver(buildMessage({ from: 'a@example.com', to: `${YIXING}@${MAIL_DOMAIN}`, subject: '意见', messageId: 'yx-ontime@example.com', text: '第2项：按时提交的意见。', received: [before], date: before }));
    imap.deliver(buildMessage({ from: 'b@example.com', to: `${YIXING}@${MAIL_DOMAIN}`, subject: '意见', messageId: 'yx-late@example.com', text: '第2项：逾期提交的意见。', received: [after], date: after }));
    await poll();
    const rows = await app.db.kysely.selectFrom('inbound_messages').select(['message_id', 'late', 'consultation_id']).where('message_id', 'in', ['<yx-ontime@example.com>', '<yx-late@example.com>']).orderBy('message_id').execute();
    expect(rows).toEqual([
      { message_id: '<yx-late@example.com>', late: 1, consultation_id: yixing.id },
      { message_id: '<yx-ontime@example.com>', late: 0, consultation_id: yixing.id },
    ]);
  });

  it('leaves alone unread mail older than the first consultation', async () => {
    const old = imap.deliver(buildMessage({ from: 'friend@example.com', to: USER, subject: '周末聚餐', messageId: 'old@example.com', text: '好久不见' }), 'INBOX', [], new Date('2019-03-01T08:00:00Z'));
    const result = await poll();
    expect(result.found).toBe(0);
    expect(imap.commands.find((c) => c.startsWith('UID SEARCH'))).toMatch(/SINCE/);
    expect(imap.message(old)!.flags.has('\\Seen')).toBe(false);
    expect(await app.db.kysely.selectFrom('inbound_messages').select('id').where('message_id', '=', '<old@example.com>').executeTakeFirst()).toBeUndefined();
  });

  it('fails clearly on a wrong password, storing nothing', async () => {
    const before = await countRows();
    const url = imap.url.replace(PASS, 'wrong');
    await expect(pollMailbox({ deps, queue, url, mailbox: 'INBOX' })).rejects.toThrow();
    expect(await countRows()).toBe(before);
  });
});

describe('a server killed while it fetches from the mailbox', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'yijian-imap-crash-'));
  let imap: FakeImapServer;
  let server: ChildServer | null = null;

  beforeAll(async () => {
    imap = new FakeImapServer({ user: USER, pass: PASS });
    await imap.start();
  });
  afterAll(async () => {
    await server?.kill();
    await imap.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves the message unseen and unstored, then takes it once after the restart', async () => {
    const uid = imap.deliver(buildMessage({ from: 'fgw@cj.gov.cn', to: USER, subject: '《2022年景德镇市昌江区推进长江经济带发展工作要点》意见', messageId: 'imap-crash@cj.gov.cn', text: '第19项：建议细化。\n' }));
    let release = () => {};
    const fetching = new Promise<void>((resolve) => {
      imap.onFetch = () => resolve();
    });
    imap.holdFetch = () => new Promise<void>((resolve) => (release = resolve));
    const env = { DATA_DIR: dataDir, IMAP_URL: imap.url, IMAP_POLL_SECONDS: '5' };
    server = await startChildServer(env);
    await fetching;
    await server.kill();
    server = null;
    release();
    expect(imap.message(uid)!.flags.has('\\Seen')).toBe(false);
    const count = () => {
      const db = new BetterSqlite3(databasePath(dataDir), { readonly: true });
      const n = (db.prepare('SELECT count(*) AS n FROM inbound_messages').get() as { n: number }).n;
      const processed = (db.prepare("SELECT count(*) AS n FROM inbound_messages WHERE state = 'processed'").get() as { n: number }).n;
      db.close();
      return { n, processed };
    };
    expect(count().n).toBe(0);

    imap.holdFetch = null;
    imap.onFetch = null;
    server = await startChildServer(env);
    const deadline = Date.now() + 150_000;
    while (Date.now() < deadline && !(imap.message(uid)!.flags.has('\\Seen') && count().processed === 1)) await new Promise((r) => setTimeout(r, 100));
    expect(imap.message(uid)!.flags.has('\\Seen')).toBe(true);
    expect(count()).toEqual({ n: 1, processed: 1 });
    await server.stop();
    server = null;
  });
});
