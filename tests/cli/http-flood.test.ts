// Eight clients each trying to send 200 MB to the server (`npm start`: compiled, on plain node):
// the public comment form, the JSON API, the sign-in form and an office form, each with a
// declared Content-Length and chunked. Every one is refused with 413 (or cut off) without the
// server reading the body, its memory does not grow with what is sent and stays under 200 MB,
// and it keeps answering.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/child.ts';
import { type CliHarness, createCliHarness, type RunningCli } from '../helpers/cli.ts';

const SLUG = 'changjiang-2022-yangtze-work-points';
const BODY_BYTES = 200 * 1024 * 1024;
const CHUNK = Buffer.alloc(1024 * 1024, 'a');

let cli: CliHarness;
let running: RunningCli;
const server = { port: 0, pid: 0, log: () => `${running.stdout()}\n${running.stderr()}` };

beforeAll(async () => {
  cli = createCliHarness('flood');
  server.port = await freePort();
  running = cli.start('start', [], { env: { PORT: String(server.port), HOST: '127.0.0.1', SMTP_PORT: '0', PUBLIC_BASE_URL: `http://127.0.0.1:${server.port}`, SEED_SAMPLES: 'true' } });
  await running.waitFor(/is running/);
  server.pid = running.child.pid!;
});
afterAll(async () => {
  await running?.stop();
  cli?.close();
});

/** The child's resident set in MB (Linux /proc), or null where there is none. */
function rssMb(pid: number): number | null {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

interface Outcome {
  status: number | null;
  body: string;
  sent: number;
}

/** Sends up to 200 MB of body, as fast as the server takes it, until it answers or hangs up. */
function flood(port: number, path: string, contentType: string, chunked: boolean): Promise<Outcome> {
  return new Promise((resolve) => {
    let sent = 0;
    let done = false;
    const outcome: Outcome = { status: null, body: '', sent: 0 };
    const finish = () => {
      if (done) return;
      done = true;
      outcome.sent = sent;
      resolve(outcome);
    };
    const req = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path,
      headers: { 'content-type': contentType, ...(chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(BODY_BYTES) }), 'accept-language': 'zh-CN' },
    });
    req.on('response', (response) => {
      outcome.status = response.statusCode ?? null;
      response.setEncoding('utf8');
      response.on('data', (text: string) => (outcome.body += text));
      response.on('end', finish);
      response.on('error', finish);
    });
    req.on('error', finish);
    req.on('close', () => setTimeout(finish, 50));
    const pump = () => {
      while (!done && !req.destroyed && sent < BODY_BYTES) {
        sent += CHUNK.length;
        if (!req.write(CHUNK)) {
          req.once('drain', pump);
          return;
        }
      }
      if (sent >= BODY_BYTES && !req.destroyed) req.end();
    };
    pump();
  });
}

/** Writes raw bytes on a fresh connection and returns what came back before it closed (or 3 s). */
function rawExchange(port: number, bytes: Buffer): Promise<string> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
    socket.setEncoding('latin1');
    socket.on('data', (text: string) => (answer += text));
    const finish = () => resolve(answer);
    socket.on('close', finish);
    socket.on('error', finish);
    setTimeout(() => socket.destroy(), 3000);
  });
}

describe('requests no browser sends', () => {
  it('get a 4xx (from Node or the app), never a 5xx or a stack trace, and the server keeps answering', async () => {
    const requests: [string, string][] = [
      ['invalid UTF-8 in the path', `GET /consultations/\xff\xfe%FF HTTP/1.1\r\nHost: x\r\n\r\n`],
      ['NUL in the path', `GET /consultations/%00/comment?on=%00 HTTP/1.1\r\nHost: x\r\n\r\n`],
      ['traversal', `GET /static/..%2F..%2Fpackage.json HTTP/1.1\r\nHost: x\r\n\r\n`],
      ['traversal, unencoded', `GET /static/../../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n`],
      ['an unknown method', `BREW / HTTP/1.1\r\nHost: x\r\n\r\n`],
      ['a garbage request line', `\x00\x01\x02 nonsense\r\n\r\n`],
      ['a 100 KB header', `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`],
      ['a body shorter than its Content-Length', `POST /api/consultations/${SLUG}/comments HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"body":`],
      ['broken chunked encoding', `POST /office/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n`],
      ['a broken multipart sign-in', `POST /office/login HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 30\r\nConnection: close\r\n\r\n--b\r\nContent-Disposition: form-`],
      ['a huge page number', `GET /api/consultations/${SLUG}/comments?page=99999999999999999999 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`],
      ['both Content-Length and chunked', `POST /api/consultations/${SLUG}/comments HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`],
    ];
    for (const [label, text] of requests) {
      const answer = await rawExchange(server.port, Buffer.from(text, 'latin1'));
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
      if (status) expect(Number(status), label).toBeLessThan(500);
      expect(answer, label).not.toMatch(/\n\s+at |node_modules|\.tsx?:\d+/);
    }
    const answering = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(answering.status).toBe(200);
    expect(server.log()).not.toMatch(/\n\s+at /);
  });
});

describe('eight clients sending 200 MB each', () => {
  it('are refused with 413 before their bodies are read; the server stays small and keeps answering', async () => {
    const pid = server.pid;
    const page = await fetch(`http://127.0.0.1:${server.port}/consultations/${SLUG}`);
    expect(page.status).toBe(200);
    await page.arrayBuffer();
    const before = rssMb(pid);

    let peak = before ?? 0;
    const sampler = setInterval(() => {
      const now = rssMb(pid);
      if (now !== null) peak = Math.max(peak, now);
    }, 20);
    const targets: [string, string][] = [
      [`/consultations/${SLUG}/comments`, 'application/x-www-form-urlencoded'],
      [`/api/consultations/${SLUG}/comments`, 'application/json'],
      ['/office/login', 'application/x-www-form-urlencoded'],
      [`/office/consultations/${SLUG}/settings`, 'multipart/form-data; boundary=x'],
    ];
    const started = performance.now();
    const outcomes = await Promise.all(targets.flatMap(([path, type]) => [flood(server.port, path, type, false), flood(server.port, path, type, true)]));
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);

    for (const [i, outcome] of outcomes.entries()) {
      const label = `${targets[i >> 1]![0]} ${i % 2 ? 'chunked' : 'Content-Length'}`;
      // Refused with a reason; or, once the server stopped listening to the rest, cut off.
      if (outcome.status !== null) {
        expect(outcome.status, label).toBe(413);
        expect(outcome.body, label).toMatch(/过大/);
      }
      expect(outcome.sent, label).toBeLessThan(BODY_BYTES);
    }
    const answering = await fetch(`http://127.0.0.1:${server.port}/consultations/${SLUG}`);
    expect(answering.status).toBe(200);

    const sentMb = outcomes.reduce((sum, o) => sum + o.sent, 0) / 1024 / 1024;
    console.log(
      `8 × 200 MB flood: ${outcomes.map((o) => o.status ?? 'cut').join(' ')}; ${sentMb.toFixed(0)} MB written by the clients in ${seconds.toFixed(1)} s; ` +
        (before === null ? 'RSS not measured (no /proc)' : `server RSS ${before.toFixed(0)} MB before, ${peak.toFixed(0)} MB at most`),
    );
    if (before !== null) {
      // What the clients send must not end up in the server's memory.
      expect(peak - before).toBeLessThan(48);
      expect(peak).toBeLessThan(200);
    }
  });
});
