// kill -9 of the server between DATA and its reply: a message is either stored whole (and read
// after the restart) or not at all, and every message that got its 250 is stored.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { databasePath } from '../../src/platform/node/data-dir.ts';
import { type ChildServer, startChildServer } from '../helpers/child.ts';
import { buildMessage } from '../helpers/mail.ts';

const SLUG = 'changjiang-2022-yangtze-work-points';
const TO = `${SLUG}@yijian.localhost`;
const dataDir = mkdtempSync(join(tmpdir(), 'yijian-crash-'));
const env = { DATA_DIR: dataDir, SEED_SAMPLES: 'true' };
let server: ChildServer | null = null;

afterAll(async () => {
  await server?.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A raw SMTP session: one reply at a time, so the test controls every byte and every instant. */
class Session {
  private buffer = '';
  private waiting: ((reply: string) => void) | null = null;
  private replies: string[] = [];
  closed = false;

  constructor(readonly socket: Socket) {
    socket.on('data', (chunk) => {
      this.buffer += chunk.toString('utf8');
      let match: RegExpExecArray | null;
      // A reply ends with a line "NNN text" (a dash after the code means more lines follow).
      while ((match = /^((?:\d{3}-[^\r\n]*\r\n)*\d{3} [^\r\n]*)\r\n/.exec(this.buffer))) {
        this.buffer = this.buffer.slice(match[0].length);
        this.replies.push(match[1]!);
        this.flush();
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      this.closed = true;
      this.replies.push('closed');
      this.flush();
    });
  }

  static open(port: number): Promise<Session> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new Session(socket)));
      socket.once('error', reject);
    });
  }

  private flush() {
    if (this.waiting && this.replies.length) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve(this.replies.shift()!);
    }
  }

  reply(): Promise<string> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.flush();
    });
  }

  async command(line: string): Promise<string> {
    this.socket.write(`${line}\r\n`);
    return this.reply();
  }

  /** Up to DATA's 354, ready for the message. */
  async begin(): Promise<void> {
    expect(await this.reply()).toMatch(/^220/);
    expect(await this.command('EHLO crash.test')).toMatch(/^250/);
    expect(await this.command('MAIL FROM:<sthjj@cj.gov.cn>')).toMatch(/^250/);
    expect(await this.command(`RCPT TO:<${TO}>`)).toMatch(/^250/);
    expect(await this.command('DATA')).toMatch(/^354/);
  }
}

interface Sent {
  messageId: string;
  raw: Buffer;
  sha: string;
  /** How far the message got before the kill. */
  stage: 'half' | 'whole';
  acknowledged: boolean;
}

function message(n: number): { messageId: string; raw: Buffer } {
  const messageId = `crash-${n}-${Date.now()}@cj.gov.cn`;
  const item = (n % 28) + 1;
  const raw = buildMessage({
    from: 'sthjj@cj.gov.cn',
    fromName: '区生态环境局',
    to: TO,
    subject: `区生态环境局反馈意见（${n}）`,
    messageId,
    text: `第${item}项：建议明确牵头单位的完成时限，并按季度公开进展（${n}）。\n第${((item + 5) % 28) + 1}项：建议补充资金保障措施（${n}）。\n`,
    // Large enough that DATA takes more than one read on the server.
    attachments: [{ filename: `附件${n}.bin`, contentType: 'application/octet-stream', content: Buffer.alloc(96 * 1024 + n, n % 251) }],
  });
  return { messageId, raw };
}

function openDatabase() {
  return new BetterSqlite3(databasePath(dataDir), { readonly: true, fileMustExist: true });
}

describe('a server killed while messages are being delivered', () => {
  const sent: Sent[] = [];

  it('never keeps half a message, and keeps every message it acknowledged', async () => {
    // Several rounds; in each, four connections stop at different points, then kill -9: after a
    // delay from the last byte, or on the first 250 (in the same tick: stored, not yet read).
    const rounds: ({ after: number } | 'first-250')[] = [{ after: 0 }, { after: 3 }, { after: 10 }, { after: 30 }, 'first-250', 'first-250'];
    let n = 0;
    for (const when of rounds) {
      const child = await startChildServer(env);
      server = child;
      const sessions = await Promise.all([0, 1, 2, 3].map(() => Session.open(child.smtpPort)));
      await Promise.all(sessions.map((s) => s.begin()));
      let killed = false;
      const kill = () => {
        if (killed) return;
        killed = true;
        child.child.kill('SIGKILL');
      };
      const round = sessions.map((session, i) => {
        const { messageId, raw } = message(n++);
        const entry: Sent = { messageId, raw, sha: createHash('sha256').update(raw).digest('hex'), stage: i === 0 ? 'half' : 'whole', acknowledged: false };
        session.reply().then((reply) => {
          if (/^250/.test(reply) && !killed) {
            entry.acknowledged = true;
            if (when === 'first-250') kill();
          }
        });
        if (entry.stage === 'half') session.socket.write(raw.subarray(0, raw.length >> 1));
        else session.socket.write(Buffer.concat([raw, Buffer.from('.\r\n')]));
        return { session, sent: entry };
      });
      if (when !== 'first-250') setTimeout(kill, when.after);
      await new Promise<void>((resolve) => child.child.once('exit', () => resolve()));
      kill();
      server = null;
      sent.push(...round.map((r) => r.sent));
      for (const { session } of round) session.socket.destroy();
    }

    const db = openDatabase();
    const rows = db.prepare('SELECT message_id, raw_sha256, raw, size, state FROM inbound_messages').all() as { message_id: string; raw_sha256: string; raw: Buffer; size: number; state: string }[];
    db.close();
    const byId = new Map(rows.map((r) => [r.message_id, r]));
    for (const s of sent) {
      const row = byId.get(`<${s.messageId}>`);
      if (s.acknowledged) expect(row, `${s.messageId} was acknowledged`).toBeDefined();
      if (s.stage === 'half') expect(row, `${s.messageId} was cut in half`).toBeUndefined();
      if (row) {
        // Whole, byte for byte.
        expect(row.raw_sha256).toBe(s.sha);
        expect(Buffer.from(row.raw).equals(s.raw)).toBe(true);
        expect(row.size).toBe(s.raw.length);
      }
    }
    // Nothing stored that was not sent.
    expect(rows.every((r) => sent.some((s) => `<${s.messageId}>` === r.message_id))).toBe(true);
    const stored = rows.length;
    const acknowledged = sent.filter((s) => s.acknowledged).length;
    console.log(`crash test: ${sent.length} messages sent, ${acknowledged} acknowledged before the kill, ${stored} stored, ${rows.filter((r) => r.state === 'received').length} stored but not yet read`);
  });

  it('reads after the restart every message stored before the kill, once', async () => {
    server = await startChildServer(env);
    // Start-up queues the left-over messages; wait until none is left unread.
    const deadline = Date.now() + 150_000;
    let left = Infinity;
    while (Date.now() < deadline) {
      const db = openDatabase();
      left = (db.prepare("SELECT count(*) AS n FROM inbound_messages WHERE state = 'received'").get() as { n: number }).n;
      db.close();
      if (left === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(left).toBe(0);
    await server.stop();
    server = null;

    const db = openDatabase();
    const rows = db
      .prepare(
        `SELECT m.id, m.message_id, m.state, m.outcome,
           (SELECT count(*) FROM comments c WHERE c.inbound_message_id = m.id) AS comments,
           (SELECT count(*) FROM outbox o WHERE o.dedupe_key = 'ack:' || m.id) AS acks
         FROM inbound_messages m`,
      )
      .all() as { id: number; message_id: string; state: string; outcome: string; comments: number; acks: number }[];
    db.close();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row, row.message_id).toMatchObject({ state: 'processed', outcome: 'comments', comments: 2, acks: 1 });
    }
  });
});
