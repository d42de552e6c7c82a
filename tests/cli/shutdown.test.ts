// Graceful shutdown of a server child (SIGTERM, as systemd and Docker send it): a request and an
// SMTP conversation in progress finish and are stored, no new connection is taken, and the
// process exits; one that never finishes is cut off at SHUTDOWN_TIMEOUT_SECONDS.
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { type ChildServer, startChildServer } from '../helpers/child.ts';

const CJ = 'changjiang-2022-yangtze-work-points';
const scratch = mkdtempSync(join(tmpdir(), 'yijian-shutdown-'));
const servers: ChildServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.kill().catch(() => {});
  rmSync(scratch, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A POST whose body is sent in two halves, the second when the test says so. */
function slowPost(port: number, path: string, body: string) {
  const bytes = Buffer.from(body, 'utf8');
  const half = Math.floor(bytes.length / 2);
  let answered: (value: { status: number; body: string }) => void;
  const response = new Promise<{ status: number; body: string }>((resolve) => (answered = resolve));
  const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(bytes.length) } }, (res) => {
    let text = '';
    res.setEncoding('utf8').on('data', (d: string) => (text += d));
    res.on('end', () => answered({ status: res.statusCode ?? 0, body: text }));
  });
  req.on('error', (error) => answered({ status: -1, body: String(error) }));
  req.write(bytes.subarray(0, half));
  return {
    response,
    finish: () => req.end(bytes.subarray(half)),
  };
}

/** A line-by-line SMTP client: each command resolves with the server's complete reply. */
async function smtpSession(port: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  let buffer = '';
  const waiting: ((reply: string) => void)[] = [];
  socket.setEncoding('utf8').on('data', (d: string) => {
    buffer += d;
    // A complete reply ends with a line "NNN text" (no dash after the code).
    for (let match = /(^|\n)(\d{3}) [^\n]*\r?\n/.exec(buffer); match; match = /(^|\n)(\d{3}) [^\n]*\r?\n/.exec(buffer)) {
      const end = match.index + match[0].length;
      const reply = buffer.slice(0, end);
      buffer = buffer.slice(end);
      waiting.shift()?.(reply.trim());
    }
  });
  const next = () => new Promise<string>((resolve) => waiting.push(resolve));
  const greeting = await next();
  return {
    greeting,
    send(line: string) {
      const reply = next();
      socket.write(`${line}\r\n`);
      return reply;
    },
    write(raw: string) {
      socket.write(raw);
    },
    reply: next,
    close: () => socket.destroy(),
  };
}

function exited(server: ChildServer): Promise<{ code: number | null; at: number }> {
  return new Promise((resolve) => server.child.once('exit', (code) => resolve({ code, at: performance.now() })));
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('graceful shutdown', () => {
  it('finishes a request and an SMTP conversation in progress, takes no new connection, then exits', async () => {
    const dataDir = join(scratch, 'graceful');
    const server = await startChildServer({ DATA_DIR: dataDir, SHUTDOWN_TIMEOUT_SECONDS: '10' });
    servers.push(server);
    // A keep-alive connection left idle in the client's pool must not hold the stop up.
    expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(200);

    const post = slowPost(server.port, `/api/consultations/${CJ}/comments`, JSON.stringify({ body: '停机时正在提交的意见：请把第4项的时限写清楚。', paragraphId: 'i4' }));
    const smtp = await smtpSession(server.smtpPort);
    expect(smtp.greeting).toMatch(/^220/);
    expect(await smtp.send('EHLO client.example')).toMatch(/^250/);
    expect(await smtp.send('MAIL FROM:<citizen@example.com>')).toMatch(/^250/);
    expect(await smtp.send(`RCPT TO:<${CJ}@yijian.localhost>`)).toMatch(/^250/);
    expect(await smtp.send('DATA')).toMatch(/^354/);
    smtp.write('From: citizen@example.com\r\nTo: changjiang@yijian.localhost\r\nSubject: =?UTF-8?B?5oSP6KeB?=\r\nMessage-ID: <shutdown-test@example.com>\r\n');
    await sleep(200);

    const stopped = exited(server);
    const signalled = performance.now();
    server.child.kill('SIGTERM');
    await sleep(500);
    // Stopping: the listening sockets are closed, so a load balancer's new connection fails.
    expect(await canConnect(server.port)).toBe(false);
    expect(await canConnect(server.smtpPort)).toBe(false);

    // What was in progress now completes and is answered as usual.
    post.finish();
    smtp.write('Content-Type: text/plain; charset=utf-8\r\n\r\n第4项：建议补充完成时限。\r\n.\r\n');
    const [answer, dataReply] = await Promise.all([post.response, smtp.reply()]);
    expect(answer.status, answer.body).toBe(201);
    const trackingNumber = (JSON.parse(answer.body) as { trackingNumber: string }).trackingNumber;
    expect(dataReply).toMatch(/^250/);
    smtp.close();

    const { code, at } = await stopped;
    expect(code).toBe(0);
    expect(server.stdout()).toContain('STOPPED {"cutOff":0}');
    console.log(`graceful stop: exited ${Math.round(at - signalled)} ms after SIGTERM, with a request and an SMTP message completed after it`);
    expect(at - signalled).toBeLessThan(10_000);

    const db = new BetterSqlite3(join(dataDir, 'yijian.sqlite'), { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) AS n FROM comments WHERE tracking_number = ?').get(trackingNumber)).toEqual({ n: 1 });
      expect(db.prepare("SELECT count(*) AS n FROM inbound_messages WHERE message_id = '<shutdown-test@example.com>'").get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
    // The request log line of that request went out before the exit.
    const lines = server.stdout().split('\n').filter((l) => l.startsWith('{'));
    expect(lines.some((l) => l.includes('"route":"/api/consultations/:slug/comments"') && l.includes('"status":201'))).toBe(true);
  });

  it('cuts off what is still open at SHUTDOWN_TIMEOUT_SECONDS and exits', async () => {
    const server = await startChildServer({ DATA_DIR: join(scratch, 'deadline'), SHUTDOWN_TIMEOUT_SECONDS: '2' });
    servers.push(server);
    const post = slowPost(server.port, `/api/consultations/${CJ}/comments`, JSON.stringify({ body: '这个请求永远发不完，停机时限到了就被切断。' }));
    await sleep(200);
    const stopped = exited(server);
    const signalled = performance.now();
    server.child.kill('SIGTERM');
    const { code, at } = await stopped;
    expect(code).toBe(0);
    expect(server.stdout()).toContain('STOPPED {"cutOff":1}');
    expect(at - signalled).toBeGreaterThanOrEqual(1_900);
    expect(at - signalled).toBeLessThan(8_000);
    expect((await post.response).status).toBe(-1);
    console.log(`deadline: exited ${Math.round(at - signalled)} ms after SIGTERM with SHUTDOWN_TIMEOUT_SECONDS=2, one request cut off`);
  });
});
