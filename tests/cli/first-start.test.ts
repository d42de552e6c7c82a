// `npm start` on an empty data directory: the samples, and a sample admin to try the office with.
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/child.ts';
import { type CliHarness, createCliHarness } from '../helpers/cli.ts';

let cli: CliHarness;
afterEach(() => cli.close());

/** `npm start` until it says it is running; its port and everything it printed on the way. */
async function start(env: Record<string, string>) {
  const port = await freePort();
  const server = cli.start('start', [], { env: { PORT: String(port), HOST: '127.0.0.1', SMTP_PORT: '0', PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, ...env } });
  await server.waitFor(/is running/);
  return { server, port, lines: () => server.stdout().split('\n') };
}

async function signIn(port: number, email: string, password: string): Promise<{ status: number; location: string | null; cookie: string }> {
  const form = await fetch(`http://127.0.0.1:${port}/office/login`);
  const cookie = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  const response = await fetch(`http://127.0.0.1:${port}/office/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, email, password }),
  });
  const session = response.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c!.startsWith('yj_session=')) ?? '';
  return { status: response.status, location: response.headers.get('location'), cookie: session };
}

describe('the first start', () => {
  it('creates a sample admin once, with a one-time password printed that signs in', async () => {
    cli = createCliHarness('first');
    const first = await start({});
    try {
      const line = first.lines().find((l) => l.includes('sample admin'));
      const [, email, password] = /sample admin: (\S+)\s+.*one-time password: (\S+)/.exec(line ?? '') ?? [];
      expect(email).toBe('admin@yijian.localhost');
      expect((await signIn(first.port, email!, 'wrong password!')).status).toBe(401);
      const signedIn = await signIn(first.port, email!, password!);
      expect(signedIn.status).toBe(303);
      // The printed password is one-time: the office opens on the form that replaces it.
      expect(signedIn.location).toBe('/office/password?next=%2Foffice');
      const elsewhere = await fetch(`http://127.0.0.1:${first.port}/office/consultations`, { redirect: 'manual', headers: { cookie: signedIn.cookie } });
      expect(elsewhere.headers.get('location')).toBe('/office/password?next=%2Foffice%2Fconsultations');
    } finally {
      expect((await first.server.stop()).code).toBe(0);
    }
    const second = await start({});
    try {
      expect(second.lines().some((l) => l.includes('sample admin'))).toBe(false);
    } finally {
      await second.server.stop();
    }
  });

  it('creates no account when the samples are off', async () => {
    cli = createCliHarness('first');
    const { server, lines } = await start({ SEED_SAMPLES: 'false' });
    await server.stop();
    expect(lines().some((l) => l.includes('sample admin'))).toBe(false);
    const db = cli.openDatabase();
    try {
      expect(await db.kysely.selectFrom('officers').select('id').execute()).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
