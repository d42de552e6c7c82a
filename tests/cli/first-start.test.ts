// `npm start` on an empty data directory: the samples, and a sample admin to try the office with.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { startServer } from '../../src/entry/node-server.ts';
import { freePort } from '../helpers/browser.ts';

let dataDir: string;
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

async function start(env: Record<string, string>) {
  const port = await freePort();
  const lines: string[] = [];
  const server = await startServer(parseConfig({ PORT: String(port), SMTP_PORT: '0', DATA_DIR: dataDir, PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, ...env }), { log: (line) => lines.push(line) });
  return { server, port, lines };
}

async function signIn(port: number, email: string, password: string): Promise<number> {
  const form = await fetch(`http://127.0.0.1:${port}/office/login`);
  const cookie = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  const response = await fetch(`http://127.0.0.1:${port}/office/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, email, password }),
  });
  return response.status;
}

describe('the first start', () => {
  it('creates a sample admin once, with a one-time password printed that signs in', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'yijian-first-'));
    const first = await start({});
    try {
      const line = first.lines.find((l) => l.includes('sample admin'));
      const [, email, password] = /sample admin: (\S+)\s+.*one-time password: (\S+)/.exec(line ?? '') ?? [];
      expect(email).toBe('admin@yijian.localhost');
      expect(await signIn(first.port, email!, 'wrong password!')).toBe(401);
      expect(await signIn(first.port, email!, password!)).toBe(303);
    } finally {
      await first.server.close();
    }
    const second = await start({});
    try {
      expect(second.lines.some((l) => l.includes('sample admin'))).toBe(false);
    } finally {
      await second.server.close();
    }
  });

  it('creates no account when the samples are off', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'yijian-first-'));
    const { server, lines } = await start({ SEED_SAMPLES: 'false' });
    try {
      expect(lines.some((l) => l.includes('sample admin'))).toBe(false);
      expect(await server.db.kysely.selectFrom('officers').select('id').execute()).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
