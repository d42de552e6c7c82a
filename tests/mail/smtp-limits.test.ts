// One address cannot exhaust the SMTP listener: it may hold a few connections at once, silent
// connections are closed after the idle timeout, and meanwhile other senders are served. Real
// SMTP conversations on 127.0.0.1 (and 127.0.0.2…, other addresses of the loopback network).
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CJ } from '../helpers/app.ts';
import { buildMessage, type MailHarness, startMailHarness } from '../helpers/mail.ts';

let h: MailHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** A raw SMTP connection from a given local address; collects every reply line. */
class Connection {
  text = '';
  closed = false;
  private readonly closing: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (this.text += chunk));
    socket.on('error', () => {});
    this.closing = new Promise((resolve) =>
      socket.on('close', () => {
        this.closed = true;
        resolve();
      }),
    );
  }

  static open(port: number, localAddress = '127.0.0.1'): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1', localAddress }, () => resolve(new Connection(socket)));
      socket.once('error', reject);
    });
  }

  /** Waits (bounded by the test's timeout) until a reply matching `pattern` has arrived. */
  async until(pattern: RegExp): Promise<string> {
    while (!pattern.test(this.text)) {
      if (this.closed) throw new Error(`connection closed without ${pattern}; got: ${this.text}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return this.text;
  }

  async closedByServer(): Promise<void> {
    await this.closing;
  }

  async deliver(to: string, raw: Buffer): Promise<string> {
    await this.until(/^220 /m);
    this.socket.write('EHLO sender.example\r\n');
    await this.until(/^250 /m);
    this.text = '';
    this.socket.write(`MAIL FROM:<sender@example.org>\r\nRCPT TO:<${to}>\r\nDATA\r\n`);
    await this.until(/^354 /m);
    this.socket.write(Buffer.concat([raw, Buffer.from('.\r\n')]));
    return this.until(/^(250|4\d\d|5\d\d) .*\r\n(?![\s\S]*^354)/m);
  }

  end(): void {
    this.socket.end('QUIT\r\n');
  }
}

const message = (n: number) =>
  buildMessage({ from: 'sender@example.org', to: `${CJ}@yijian.localhost`, subject: `意见 ${n}`, text: `对第4项的意见：建议明确完成时限。（${n}）` });

describe('connection limits', () => {
  it('lets one address hold 8 connections, refuses the 9th with 421 and a reason, and serves another address meanwhile', async () => {
    h = await startMailHarness();
    const port = h.smtp.port;
    const idle = await Promise.all(Array.from({ length: 8 }, () => Connection.open(port)));
    for (const connection of idle) await connection.until(/^220 /m);

    const ninth = await Connection.open(port);
    await ninth.closedByServer();
    expect(ninth.text).toMatch(/^421 .*Too many connections from your address \(at most 8 at once\).*来自同一地址的连接过多/m);

    // Another sender is not locked out by the first one's idle connections.
    const other = await Connection.open(port, '127.0.0.2');
    const reply = await other.deliver(h.address(CJ), message(1));
    expect(reply).toMatch(/^250 /m);
    other.end();

    // When the first address lets one go, it may open one again.
    idle[0]!.end();
    await idle[0]!.closedByServer();
    let again: Connection | null = null;
    for (let attempt = 0; attempt < 50 && !again; attempt++) {
      const candidate = await Connection.open(port);
      await candidate.until(/^(220|421) /m).catch(() => '');
      if (/^220 /m.test(candidate.text)) again = candidate;
      else await new Promise((r) => setTimeout(r, 20));
    }
    expect(again).not.toBeNull();
    expect(await again!.deliver(h.address(CJ), message(2))).toMatch(/^250 /m);
    for (const connection of [...idle.slice(1), again!]) connection.end();
    await h.settled();
    expect(await h.app.db.kysely.selectFrom('inbound_messages').select('id').execute()).toHaveLength(2);
  });

  it('closes a silent connection after the idle timeout, freeing its place', async () => {
    h = await startMailHarness({ maxClientsPerAddress: 2, idleTimeoutMs: 2000 });
    const port = h.smtp.port;
    const started = performance.now();
    const silent = await Promise.all([Connection.open(port), Connection.open(port)]);
    for (const connection of silent) await connection.until(/^220 /m);
    const third = await Connection.open(port);
    await third.closedByServer();
    expect(third.text).toMatch(/^421 /m);
    // Nothing said: the server closes both, after the idle timeout and not before.
    await Promise.all(silent.map((connection) => connection.closedByServer()));
    expect(performance.now() - started).toBeGreaterThanOrEqual(1900);
    for (const connection of silent) expect(connection.text).toMatch(/^421 .*[Tt]imeout/m);
    const fresh = await Connection.open(port);
    expect(await fresh.deliver(h.address(CJ), message(3))).toMatch(/^250 /m);
    fresh.end();
  });

  it('caps the connections of all addresses together', async () => {
    h = await startMailHarness({ maxClients: 4, maxClientsPerAddress: 2 });
    const port = h.smtp.port;
    const held = await Promise.all(['127.0.0.1', '127.0.0.1', '127.0.0.2', '127.0.0.2'].map((address) => Connection.open(port, address)));
    for (const connection of held) await connection.until(/^220 /m);
    const fifth = await Connection.open(port, '127.0.0.3');
    await fifth.closedByServer();
    expect(fifth.text).toMatch(/^421 .*Too many connected clients/m);
    for (const connection of held) connection.end();
  });
});
