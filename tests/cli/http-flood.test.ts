// Eight clients each trying to send 200 MB to the server (a child process, as `npm start` runs
// it): the public comment form, the JSON API, the sign-in form and an office form, each with a
// declared Content-Length and chunked. Every one is refused with 413 (or cut off) without the
// server reading the body, its memory does not grow with what is sent, and it keeps answering.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildServer, startChildServer } from '../helpers/child.ts';

const SLUG = 'changjiang-2022-yangtze-work-points';
const BODY_BYTES = 200 * 1024 * 1024;
const CHUNK = Buffer.alloc(1024 * 1024, 'a');

const dataDir = mkdtempSync(join(tmpdir(), 'yijian-flood-'));
let server: ChildServer;

beforeAll(async () => {
  server = await startChildServer({ DATA_DIR: dataDir, SEED_SAMPLES: 'true' });
});
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
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

describe('eight clients sending 200 MB each', () => {
  it('are refused with 413 before their bodies are read; the server stays small and keeps answering', { timeout: 180_000 }, async () => {
    const pid = server.child.pid!;
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
    }
  });
});
