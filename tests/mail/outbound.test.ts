// Outgoing mail end to end: the outbox rows the departments module queues are delivered as .eml
// files (the embedded default) or over a real SMTP conversation on 127.0.0.1 to a relay started
// here with smtp-server, which stands in for the office's relay (outside our machine in
// production). Retries, permanent refusals, crashes mid-send and two concurrent loops are
// driven with an injected clock; nothing waits for wall-clock backoff.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { openNodeDatabase } from '../../src/platform/node/sqlite.ts';
import { queueInvitations } from '../../src/departments/invitations.ts';
import { databasePath } from '../../src/platform/node/data-dir.ts';
import { startServer } from '../../src/platform/node/server.ts';
import { findConsultationBySlug } from '../../src/drafts/store.ts';
import { countOutboxByState, deliverDueMail, type DeliveryOptions, mailFromRow, outboxMessageId, retryFailedMail } from '../../src/mail/delivery.ts';
import { queueMailQuery, type OutgoingMail } from '../../src/mail/outbox.ts';
import { fileTransport, smtpTransport } from '../../src/platform/node/mail-transports.ts';
import { CJ, createTestApp, type TestApp, TEST_NOW } from '../helpers/app.ts';

const settings = { publicBaseUrl: 'http://localhost:8787', mailDomain: 'yijian.localhost' };
const FROM = '征求意见 <noreply@yijian.localhost>';
const MINUTE = 60_000;

// ---- a stand-in for the office's relay

interface Delivered {
  mailFrom: string;
  rcptTo: string[];
  user: string | null;
  raw: Buffer;
}

interface Relay {
  port: number;
  delivered: Delivered[];
  /** RCPT TO commands seen, accepted or not. */
  rcptAttempts: number;
  /** When set, every RCPT TO is answered with this code and text. */
  refuse: { code: number; text: string } | null;
  close(): Promise<void>;
}

async function startRelay(options: { user?: string; pass?: string; delayMs?: number } = {}): Promise<Relay> {
  const relay: Relay = {
    port: 0,
    delivered: [],
    rcptAttempts: 0,
    refuse: null,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
  const server = new SMTPServer({
    logger: false,
    disabledCommands: options.user ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !options.user,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === options.user && auth.password === options.pass) return callback(null, { user: auth.username });
      return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(_address, _session, callback) {
      relay.rcptAttempts += 1;
      if (relay.refuse) return callback(Object.assign(new Error(relay.refuse.text), { responseCode: relay.refuse.code }));
      return callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        relay.delivered.push({
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          user: (session.user as string | undefined) ?? null,
          raw: Buffer.concat(chunks),
        });
        setTimeout(() => callback(null, `OK: queued as Q${relay.delivered.length}`), options.delayMs ?? 0);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  relay.port = (server.server.address() as AddressInfo).port;
  return relay;
}

/** A port on 127.0.0.1 with nobody listening: a relay that is down. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

// ---- harness

let h: TestApp;
let now: Date;
const clock = () => now;

beforeEach(async () => {
  h = await createTestApp();
  now = TEST_NOW;
});
afterEach(async () => {
  await h.close();
});

function mail(overrides: Partial<OutgoingMail> = {}): OutgoingMail {
  return {
    kind: 'acknowledgement',
    dedupeKey: null,
    consultationId: null,
    to: 'sthjj@changjiang.example',
    subject: '已收到您对《昌江区工作要点》的意见 YJ-7K3M-9QXA',
    text: '区生态环境局：\n\n已收到 2 条意见：第4项、第15项。意见编号 YJ-7K3M-9QXA。\n联系人：余峣（峣）\n',
    ...overrides,
  };
}

async function queue(...mails: OutgoingMail[]): Promise<void> {
  await h.db.batch(mails.map((m) => queueMailQuery(h.db.kysely, m, now)));
}

async function rows() {
  return h.db.kysely.selectFrom('outbox').selectAll().orderBy('id').execute();
}

function options(overrides: Partial<DeliveryOptions> & Pick<DeliveryOptions, 'transport'>): DeliveryOptions {
  return { clock, from: FROM, mailDomain: 'yijian.localhost', maxAttempts: 4, ...overrides };
}

async function parse(raw: Buffer | string) {
  return PostalMime.parse(raw);
}

// ---- tests

describe('with no SMTP_URL: .eml files under DATA_DIR/outbox', () => {
  it('writes every queued invitation as a file a mail reader opens, Chinese intact, and marks it sent', async () => {
    const consultation = (await findConsultationBySlug(h.db, CJ))!;
    await queueInvitations(h.db, { consultationId: consultation.id, settings, now });
    const queued = await rows();
    const dir = join(h.dataDir, 'outbox');
    const transport = fileTransport(dir);

    const run = await deliverDueMail(h.db, options({ transport }));
    expect(run).toEqual({ sent: queued.length, retried: 0, failed: 0 });

    const files = readdirSync(dir);
    expect(files.filter((f) => f.endsWith('.eml'))).toHaveLength(queued.length);
    expect(files.filter((f) => !f.endsWith('.eml'))).toEqual([]);

    const row = (await rows()).find((r) => r.to_address === 'sthjj@changjiang.example')!;
    expect(row).toMatchObject({ state: 'sent', attempts: 1, sent_at: now.toISOString(), last_error: null });
    expect(row.delivered_to).toBe(join(dir, `${String(row.id).padStart(7, '0')}-invitation.eml`));

    const email = await parse(readFileSync(row.delivered_to!));
    expect(email.subject).toBe(`【征求意见】《${consultation.title}》，请于2026年12月12日 23:59前反馈`);
    expect(email.from).toMatchObject({ name: '征求意见', address: 'noreply@yijian.localhost' });
    expect(email.to).toEqual([{ name: '', address: 'sthjj@changjiang.example' }]);
    expect(email.replyTo).toEqual([{ name: '', address: `${CJ}@yijian.localhost` }]);
    expect(email.messageId).toBe(outboxMessageId(row, 'yijian.localhost'));
    expect(email.text).toContain('区生态环境局：');
    expect(email.text).toContain('联系人：余峣 0798-8389957');
    expect(email.text).toContain(`http://localhost:8787/consultations/${CJ}`);
    expect(new Date(email.date!)).toEqual(now);
    expect(email.headers.find((x) => x.key === 'auto-submitted')?.value).toBe('auto-generated');

    // Nothing left to do: a second run sends nothing and writes nothing.
    expect(await deliverDueMail(h.db, options({ transport }))).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(readdirSync(dir)).toHaveLength(files.length);
    transport.close?.();
  });

  it('is what `npm start` does: the server’s own loop writes queued mail to DATA_DIR/outbox', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'yijian-outbox-'));
    const config = parseConfig({ DATA_DIR: dataDir, PORT: String(await closedPort()), SMTP_PORT: '0', SEED_SAMPLES: '1' });
    const lines: string[] = [];
    const server = await startServer(config, { clock: () => TEST_NOW, log: (line) => lines.push(line), requestLog: null });
    try {
      const consultation = (await findConsultationBySlug(server.db, CJ))!;
      const report = await queueInvitations(server.db, { consultationId: consultation.id, settings, now: TEST_NOW });
      const expected = report.queued.flatMap((q) => q.addresses).length;
      const dir = join(dataDir, 'outbox');
      // The loop runs every few seconds; wait for it (bounded by the test timeout), not for a time.
      while (!(existsSync(dir) && readdirSync(dir).filter((f) => f.endsWith('.eml')).length === expected)) await new Promise((r) => setTimeout(r, 200));
      const first = readdirSync(dir).sort()[0]!;
      const email = await parse(readFileSync(join(dir, first)));
      expect(email.subject).toContain('【征求意见】');
      expect(lines.some((l) => l.includes(`files in ${dir}`))).toBe(true);
    } finally {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('with SMTP_URL: through the relay', () => {
  let relay: Relay;
  afterEach(async () => {
    await relay?.close();
  });

  it('sends over a real SMTP conversation, logged in, with the message intact', async () => {
    relay = await startRelay({ user: 'yijian', pass: 'p@ss word' });
    const transport = smtpTransport(`smtp://yijian:${encodeURIComponent('p@ss word')}@127.0.0.1:${relay.port}`);
    await queue(
      mail(),
      mail({ kind: 'reminder', to: 'sthjj@changjiang.example, sthjj.office@changjiang.example', subject: '【提醒】《昌江区工作要点》征求意见将于2026年12月12日 23:59截止', headers: { 'Reply-To': `${CJ}@yijian.localhost` } }),
    );
    const run = await deliverDueMail(h.db, options({ transport }));
    expect(run).toEqual({ sent: 2, retried: 0, failed: 0 });
    expect(relay.delivered).toHaveLength(2);

    const [ack, reminder] = relay.delivered;
    expect(ack!.user).toBe('yijian');
    expect(ack!.mailFrom).toBe('noreply@yijian.localhost');
    expect(ack!.rcptTo).toEqual(['sthjj@changjiang.example']);
    const ackEmail = await parse(ack!.raw);
    expect(ackEmail.subject).toBe('已收到您对《昌江区工作要点》的意见 YJ-7K3M-9QXA');
    expect(ackEmail.text).toBe(mail().text);
    expect(reminder!.rcptTo).toEqual(['sthjj@changjiang.example', 'sthjj.office@changjiang.example']);
    const reminderEmail = await parse(reminder!.raw);
    expect(reminderEmail.replyTo?.[0]?.address).toBe(`${CJ}@yijian.localhost`);

    const stored = await rows();
    expect(stored.map((r) => r.state)).toEqual(['sent', 'sent']);
    expect(stored[0]!.delivered_to).toBe(`smtp://127.0.0.1:${relay.port} 250 OK: queued as Q1`);
    expect(ackEmail.messageId).toBe(outboxMessageId(stored[0]!, 'yijian.localhost'));
    await transport.close?.();
  });

  it('retries a relay that says 4xx with growing waits, then gives up, and sends once put back', async () => {
    relay = await startRelay();
    relay.refuse = { code: 451, text: 'Requested action aborted: local error in processing' };
    const transport = smtpTransport(`smtp://127.0.0.1:${relay.port}`);
    await queue(mail());
    const t0 = now.getTime();

    expect(await deliverDueMail(h.db, options({ transport, maxAttempts: 3 }))).toEqual({ sent: 0, retried: 1, failed: 0 });
    let [row] = await rows();
    expect(row).toMatchObject({ state: 'queued', attempts: 1, next_attempt_at: new Date(t0 + MINUTE).toISOString() });
    expect(row!.last_error).toContain('451');

    // Not due yet: the relay hears nothing.
    now = new Date(t0 + MINUTE - 1000);
    expect(await deliverDueMail(h.db, options({ transport, maxAttempts: 3 }))).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(relay.rcptAttempts).toBe(1);

    now = new Date(t0 + MINUTE);
    expect(await deliverDueMail(h.db, options({ transport, maxAttempts: 3 }))).toEqual({ sent: 0, retried: 1, failed: 0 });
    [row] = await rows();
    expect(row).toMatchObject({ state: 'queued', attempts: 2, next_attempt_at: new Date(t0 + 6 * MINUTE).toISOString() });

    now = new Date(t0 + 6 * MINUTE);
    expect(await deliverDueMail(h.db, options({ transport, maxAttempts: 3 }))).toEqual({ sent: 0, retried: 0, failed: 1 });
    [row] = await rows();
    expect(row).toMatchObject({ state: 'failed', attempts: 3 });
    expect(row!.last_error).toMatch(/^attempt 3: .*451/);
    expect(relay.rcptAttempts).toBe(3);
    expect(relay.delivered).toEqual([]);

    // Failed stays failed until an officer puts it back.
    now = new Date(t0 + 24 * 60 * MINUTE);
    expect(await deliverDueMail(h.db, options({ transport, maxAttempts: 3 }))).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(await countOutboxByState(h.db)).toEqual({ queued: 0, sending: 0, sent: 0, failed: 1 });
    relay.refuse = null;
    expect(await retryFailedMail(h.db, row!.id, now)).toBe(true);
    expect(await deliverDueMail(h.db, options({ transport, maxAttempts: 3 }))).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(relay.delivered).toHaveLength(1);
    await transport.close?.();
  });

  it('fails at once when the relay refuses the recipient for good (5xx)', async () => {
    relay = await startRelay();
    relay.refuse = { code: 550, text: 'Mailbox unavailable' };
    const transport = smtpTransport(`smtp://127.0.0.1:${relay.port}`);
    await queue(mail());
    expect(await deliverDueMail(h.db, options({ transport }))).toEqual({ sent: 0, retried: 0, failed: 1 });
    const [row] = await rows();
    expect(row).toMatchObject({ state: 'failed', attempts: 1 });
    expect(row!.last_error).toContain('550 Mailbox unavailable');
    await transport.close?.();
  });

  it('retries wrong credentials rather than failing, since an administrator can fix them', async () => {
    relay = await startRelay({ user: 'yijian', pass: 'right' });
    const transport = smtpTransport(`smtp://yijian:wrong@127.0.0.1:${relay.port}`);
    await queue(mail());
    expect(await deliverDueMail(h.db, options({ transport }))).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect((await rows())[0]!.last_error).toContain('535');
    await transport.close?.();
  });

  it('retries a relay that is down, then gives up with the reason', async () => {
    const transport = smtpTransport(`smtp://127.0.0.1:${await closedPort()}`);
    await queue(mail());
    const t0 = now.getTime();
    const waits = [0, 1, 5, 30];
    let elapsed = 0;
    for (const [i, wait] of waits.entries()) {
      elapsed += wait;
      now = new Date(t0 + elapsed * MINUTE);
      const run = await deliverDueMail(h.db, options({ transport, maxAttempts: 4 }));
      expect(run).toEqual(i < 3 ? { sent: 0, retried: 1, failed: 0 } : { sent: 0, retried: 0, failed: 1 });
    }
    const [row] = await rows();
    expect(row).toMatchObject({ state: 'failed', attempts: 4 });
    expect(row!.last_error).toContain('ECONNREFUSED');
    await transport.close?.();
  });

  it('sends again, with the same Message-ID, a message a crashed process left half-sent', async () => {
    relay = await startRelay();
    const transport = smtpTransport(`smtp://127.0.0.1:${relay.port}`);
    await queue(mail(), mail({ to: 'fgw@changjiang.example' }));
    const [first, second] = await rows();
    const leaseEnd = new Date(now.getTime() + 10 * MINUTE).toISOString();
    // As a process leaves them when killed between claiming and recording: one with attempts
    // to spare, one on its last attempt.
    await h.db.batch([
      h.db.kysely.updateTable('outbox').set({ state: 'sending', attempts: 1, next_attempt_at: leaseEnd }).where('id', '=', first!.id).compile(),
      h.db.kysely.updateTable('outbox').set({ state: 'sending', attempts: 4, next_attempt_at: leaseEnd }).where('id', '=', second!.id).compile(),
    ]);
    expect(await deliverDueMail(h.db, options({ transport, maxAttempts: 4 }))).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(relay.delivered).toEqual([]);

    now = new Date(now.getTime() + 10 * MINUTE);
    expect(await deliverDueMail(h.db, options({ transport, maxAttempts: 4 }))).toEqual({ sent: 1, retried: 0, failed: 1 });
    const [sent, failed] = await rows();
    expect(sent).toMatchObject({ state: 'sent', attempts: 2 });
    expect(failed).toMatchObject({ state: 'failed', attempts: 4 });
    expect(failed!.last_error).toContain('interrupted while sending');
    expect((await parse(relay.delivered[0]!.raw)).messageId).toBe(outboxMessageId(first!, 'yijian.localhost'));
    await transport.close?.();
  });

  it('never sends a message twice when two processes deliver from one database at once', async () => {
    relay = await startRelay({ delayMs: 5 });
    const count = 40;
    await queue(...Array.from({ length: count }, (_, i) => mail({ to: `unit${i}@changjiang.example`, subject: `回执 ${i}` })));
    // A second connection with its own writer thread, as a second process would have.
    const other = openNodeDatabase(databasePath(h.dataDir));
    const transports = [smtpTransport(`smtp://127.0.0.1:${relay.port}`), smtpTransport(`smtp://127.0.0.1:${relay.port}`)];
    try {
      const loop = async (db: typeof other, index: number) => {
        let sent = 0;
        for (;;) {
          const run = await deliverDueMail(db, options({ transport: transports[index]!, batchSize: 50 }));
          sent += run.sent;
          if (run.sent === 0 && run.retried === 0 && run.failed === 0) return sent;
        }
      };
      const [a, b] = await Promise.all([loop(h.db, 0), loop(other, 1)]);
      expect(a + b).toBe(count);
      expect(a).toBeGreaterThan(0);
      expect(b).toBeGreaterThan(0);
    } finally {
      await other.close();
      for (const t of transports) await t.close?.();
    }
    expect(relay.delivered).toHaveLength(count);
    const ids = await Promise.all(relay.delivered.map(async (d) => (await parse(d.raw)).messageId));
    expect(new Set(ids).size).toBe(count);
    const stored = await rows();
    expect(stored.every((r) => r.state === 'sent' && r.attempts === 1)).toBe(true);
  });
});

describe('building the message', () => {
  it('keeps queued headers on one line each and never lets them replace From or To', async () => {
    await queue(mail({ headers: { 'In-Reply-To': '<abc@unit.example>', References: '<abc@unit.example>', 'X-Note': 'a\r\nBcc: evil@example.com', 'Auto-Submitted': 'auto-replied' } }));
    const [row] = await rows();
    const built = mailFromRow(row!, { from: FROM, mailDomain: 'yijian.localhost', now });
    expect(built).toMatchObject({ from: FROM, to: 'sthjj@changjiang.example', inReplyTo: '<abc@unit.example>', references: '<abc@unit.example>' });
    expect(built.headers).toEqual({ 'Auto-Submitted': 'auto-replied', 'X-Note': 'a Bcc: evil@example.com' });

    const dir = mkdtempSync(join(tmpdir(), 'yijian-eml-'));
    try {
      const { deliveredTo } = await fileTransport(dir).send(built);
      const email = await parse(readFileSync(deliveredTo));
      expect(email.inReplyTo).toBe('<abc@unit.example>');
      expect(email.bcc).toBeUndefined();
      expect(email.headers.find((x) => x.key === 'x-note')?.value).toBe('a Bcc: evil@example.com');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('configuration', () => {
  it('defaults to files, From noreply@MAIL_DOMAIN, 8 attempts; refuses a relay URL that is not SMTP', () => {
    expect(parseConfig({})).toMatchObject({ smtpUrl: null, mailDomain: 'yijian.localhost', mailFrom: '征求意见 <noreply@yijian.localhost>', outboxMaxAttempts: 8 });
    expect(parseConfig({ MAIL_DOMAIN: 'Yijian.Example.org', SMTP_URL: 'smtp://u:p@relay.example.org:587' })).toMatchObject({
      mailDomain: 'yijian.example.org',
      mailFrom: '征求意见 <noreply@yijian.example.org>',
      smtpUrl: 'smtp://u:p@relay.example.org:587',
    });
    expect(() => parseConfig({ SMTP_URL: 'http://relay.example.org' })).toThrow(/SMTP_URL: must start with smtp/);
    expect(() => parseConfig({ MAIL_DOMAIN: 'not a domain', MAIL_FROM: 'nobody', OUTBOX_MAX_ATTEMPTS: '0' })).toThrow(/MAIL_DOMAIN[\s\S]*MAIL_FROM[\s\S]*OUTBOX_MAX_ATTEMPTS/);
  });
});
