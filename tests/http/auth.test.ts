import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodePasswordHasher } from '../../src/platform/node/passwords.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { createOfficerAccount, signIn, TEST_PASSWORD } from '../helpers/officers.ts';

let harness: TestApp;
beforeEach(async () => {
  harness = await createTestApp();
});
afterEach(async () => {
  await harness.close();
});

async function loginAttempt(client: ReturnType<TestApp['client']>, email: string, password: string, next?: string) {
  await client.get('/office/login');
  return client.postForm('/office/login', { email, password, ...(next ? { next } : {}) });
}

describe('signing in', () => {
  it('sends an anonymous visitor of an office page to the sign-in form and back after signing in', async () => {
    const officer = await createOfficerAccount(harness, 'officer');
    const client = harness.client();
    const first = await client.request('/office/accounts');
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/office/login?next=%2Foffice%2Faccounts');
    const { response } = await loginAttempt(client, officer.email.toUpperCase(), TEST_PASSWORD, '/office/password');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/office/password');
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('yj_session='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const page = await client.get('/office/password');
    expect(page.response.status).toBe(200);
    expect(page.html).toContain(officer.email);
  });

  it('refuses a wrong password with a message in Chinese and stores only a hash of the session token', async () => {
    const officer = await createOfficerAccount(harness, 'admin');
    const client = harness.client();
    const wrong = await loginAttempt(client, officer.email, 'not the password');
    expect(wrong.response.status).toBe(401);
    expect(wrong.html).toContain('邮箱或密码不正确');
    expect(wrong.html).toContain(`value="${officer.email}"`);
    const unknown = await loginAttempt(client, 'nobody@office.example', TEST_PASSWORD);
    expect(unknown.response.status).toBe(401);
    expect(unknown.html).toContain('邮箱或密码不正确');

    await loginAttempt(client, officer.email, TEST_PASSWORD);
    const token = client.cookies.get('yj_session')!;
    const sessions = await harness.db.kysely.selectFrom('sessions').selectAll().execute();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.id).not.toContain(token);
    expect(sessions[0]!.id).toMatch(/^[0-9a-f]{64}$/);
    const stored = await harness.db.kysely.selectFrom('officers').select('password_hash').where('id', '=', officer.id).executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^scrypt\$/);
    expect(await nodePasswordHasher.verify(TEST_PASSWORD, stored.password_hash)).toBe(true);
  });

  it('throttles repeated failures on one account, even when the right password follows', async () => {
    const officer = await createOfficerAccount(harness, 'officer');
    const client = harness.client('10.0.0.9');
    for (let i = 0; i < 5; i++) expect((await loginAttempt(client, officer.email, `guess ${i}`)).response.status).toBe(401);
    const blocked = await loginAttempt(client, officer.email, TEST_PASSWORD);
    expect(blocked.response.status).toBe(429);
    expect(Number(blocked.response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.html).toContain('登录失败次数过多');
    // Another address does not lift the account's lock; time does.
    expect((await loginAttempt(harness.client('10.0.0.10'), officer.email, TEST_PASSWORD)).response.status).toBe(429);
    harness.setNow(new Date(harness.now().getTime() + 16 * 60 * 1000));
    expect((await loginAttempt(client, officer.email, TEST_PASSWORD)).response.status).toBe(303);
  });

  it('requires the CSRF token on the sign-in form', async () => {
    const officer = await createOfficerAccount(harness, 'officer');
    const client = harness.client();
    await client.get('/office/login');
    client.csrf = 'forged';
    const { response } = await client.postForm('/office/login', { email: officer.email, password: TEST_PASSWORD });
    expect(response.status).toBe(403);
    expect(client.cookies.has('yj_session')).toBe(false);
  });

  it('never redirects outside the office after signing in', async () => {
    const officer = await createOfficerAccount(harness, 'officer');
    for (const next of ['https://evil.example/', '//evil.example/office', '/\\evil.example', '/consultations']) {
      const { response } = await loginAttempt(harness.client(), officer.email, TEST_PASSWORD, next);
      expect(response.headers.get('location')).toBe('/office');
    }
  });

  it('ends the session on sign-out and for a disabled account, and logs both in the audit log', async () => {
    const admin = await signIn(harness, 'admin');
    const officer = await signIn(harness, 'officer');
    expect((await officer.request('/office/password')).status).toBe(200);

    const accounts = await admin.get('/office/accounts');
    expect(accounts.html).toContain(officer.officer.email);
    const disabled = await admin.postForm(`/office/accounts/${officer.officer.id}/disable`, {});
    expect(disabled.response.status).toBe(303);
    expect((await officer.request('/office/password')).status).toBe(303);
    expect((await loginAttempt(harness.client(), officer.officer.email, TEST_PASSWORD)).response.status).toBe(401);

    await admin.get('/office/password');
    expect((await admin.postForm('/office/logout', {})).response.status).toBe(303);
    expect((await admin.request('/office/accounts')).status).toBe(303);

    const actions = (await harness.db.kysely.selectFrom('audit_log').select(['action', 'officer_id']).orderBy('id').execute()).map((r) => r.action);
    expect(actions).toEqual(['login', 'login', 'disable-account', 'logout']);
  });

  it('shows the audit log in words in the reader\'s language, never the stored JSON', async () => {
    const admin = await signIn(harness, 'admin');
    const officer = await signIn(harness, 'officer');
    await admin.get('/office/accounts');
    await admin.postForm(`/office/accounts/${officer.officer.id}/disable`, {});
    const { html } = await admin.get('/office/audit');
    const cells = [...html.matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1]);
    expect(cells).toContain('停用账户');
    expect(cells).toContain('登录');
    expect(html).toContain(`账户 ${officer.officer.email}`);
    const table = html.slice(html.indexOf('<table'), html.indexOf('</table>'));
    expect(table).not.toContain('{&quot;');
    expect(table).not.toContain('&quot;email&quot;');
    expect(html).not.toContain('<code>disable-account</code>');
    const english = await admin.get('/office/audit?lang=en');
    expect(english.html).toContain('Disabled an account');
    expect(english.html).toContain(`account ${officer.officer.email}`);
  });

  it('lets an admin create an account with a one-time password shown once', async () => {
    const admin = await signIn(harness, 'admin');
    await admin.get('/office/accounts');
    const { response, html } = await admin.postForm('/office/accounts', { email: 'new.officer@office.example', name: '王五', role: 'moderator' });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('no-store');
    const password = /一次性密码：([A-Za-z0-9]+)/.exec(html)?.[1];
    expect(password).toBeTruthy();
    const { response: login } = await loginAttempt(harness.client(), 'new.officer@office.example', password!);
    expect(login.status).toBe(303);
    const again = await admin.postForm('/office/accounts', { email: 'NEW.officer@office.example', name: '', role: 'officer' });
    expect(again.response.status).toBe(422);
    expect(again.html).toContain('该邮箱已有账户');
  });

  it('changes a password only with the current one, and signs out other devices', async () => {
    const officer = await signIn(harness, 'moderator');
    const otherDevice = harness.client('10.1.1.1');
    await loginAttempt(otherDevice, officer.officer.email, TEST_PASSWORD);
    await officer.get('/office/password');
    const wrong = await officer.postForm('/office/password', { current: 'nope', next: 'a much better password' });
    expect(wrong.response.status).toBe(422);
    expect(wrong.html).toContain('当前密码不正确');
    const short = await officer.postForm('/office/password', { current: TEST_PASSWORD, next: 'short' });
    expect(short.html).toContain('新密码至少 10 个字符');
    await officer.get('/office/password');
    const done = await officer.postForm('/office/password', { current: TEST_PASSWORD, next: 'a much better password' });
    expect(done.response.status).toBe(303);
    expect((await officer.get('/office/password')).html).toContain('密码已修改');
    expect((await otherDevice.request('/office/password')).status).toBe(303);
    expect((await loginAttempt(harness.client(), officer.officer.email, 'a much better password')).response.status).toBe(303);
  });
});

/** Node's scrypt hasher, counting how many passwords it was asked to check. */
function countingHasher() {
  const counter = { verified: 0 };
  const hasher = {
    hash: (password: string) => nodePasswordHasher.hash(password),
    verify: (password: string, stored: string) => {
      counter.verified++;
      return nodePasswordHasher.verify(password, stored);
    },
  };
  return { counter, hasher };
}

/** A browser that has opened the sign-in form (for its cookie and CSRF token). */
async function openLogin(app: TestApp, address: string) {
  const client = app.client(address);
  await client.get('/office/login');
  return client;
}

describe('the sign-in throttle under a burst', () => {
  it('checks at most 5 passwords of 100 concurrent guesses on one account, the right one last', async () => {
    const { counter, hasher } = countingHasher();
    const app = await createTestApp({ passwords: hasher, samples: false });
    try {
      const officer = await createOfficerAccount(app, 'admin');
      counter.verified = 0;
      // A hundred guesses, from a hundred addresses so that only the account's own limit applies.
      const clients = await Promise.all(Array.from({ length: 100 }, (_, i) => openLogin(app, `10.9.${i >> 8}.${i & 255}`)));
      const responses = await Promise.all(
        clients.map((client, i) => client.postForm('/office/login', { email: officer.email, password: i === 99 ? TEST_PASSWORD : `guess number ${i}` })),
      );
      const statuses = responses.map((r) => r.response.status);
      // Exactly the account's five attempts were taken; the other 95 never reached the hash.
      expect(counter.verified).toBe(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(100 - counter.verified);
      expect(statuses.filter((s) => s !== 429).every((s) => s === 401 || s === 303)).toBe(true);
      // Whatever got through was checked; nothing else signed in.
      expect(await app.db.kysely.selectFrom('sessions').select('id').execute()).toHaveLength(statuses.filter((s) => s === 303).length);
    } finally {
      await app.close();
    }
  });

  it('holds across two processes sharing the database: 2 × 50 concurrent guesses check at most 5 passwords', async () => {
    const { counter, hasher } = countingHasher();
    const first = await createTestApp({ passwords: hasher, samples: false });
    const second = await createTestApp({ passwords: hasher, dataDir: first.dataDir });
    try {
      const officer = await createOfficerAccount(first, 'officer');
      counter.verified = 0;
      const clients = await Promise.all(Array.from({ length: 100 }, (_, i) => openLogin(i % 2 ? second : first, `10.8.0.${i}`)));
      const responses = await Promise.all(clients.map((client, i) => client.postForm('/office/login', { email: officer.email, password: `wrong guess ${i}` })));
      expect(counter.verified).toBe(5);
      expect(responses.filter((r) => r.response.status === 401)).toHaveLength(counter.verified);
      expect(responses.filter((r) => r.response.status === 429)).toHaveLength(100 - counter.verified);
    } finally {
      await second.close();
      await first.close();
    }
  });

  it('keeps counting per address: one address gets 30 attempts over many accounts, then waits', async () => {
    const { counter, hasher } = countingHasher();
    const app = await createTestApp({ passwords: hasher, samples: false });
    try {
      const client = await openLogin(app, '10.7.0.1');
      counter.verified = 0;
      const responses = await Promise.all(Array.from({ length: 60 }, (_, i) => client.postForm('/office/login', { email: `someone${i}@office.example`, password: 'whatever it is' })));
      expect(counter.verified).toBe(30);
      expect(responses.filter((r) => r.response.status === 429)).toHaveLength(30);
    } finally {
      await app.close();
    }
  });
});

describe('one-time passwords', () => {
  async function oneTimeSignIn(client: ReturnType<TestApp['client']>, email: string, password: string, next?: string) {
    const { response } = await loginAttempt(client, email, password, next);
    expect(response.status).toBe(303);
    return response.headers.get('location');
  }

  async function mustChangeThenCan(client: ReturnType<TestApp['client']>, password: string, then = '/office') {
    // Nothing but the password form until the one-time password is replaced.
    const elsewhere = await client.request('/office/consultations');
    expect(elsewhere.status).toBe(303);
    expect(elsewhere.headers.get('location')).toBe('/office/password?next=%2Foffice%2Fconsultations');
    const form = await client.get('/office/password');
    expect(form.html).toContain('您正在使用一次性密码');
    const same = await client.postForm('/office/password', { current: password, next: password, then });
    expect(same.response.status).toBe(422);
    expect(same.html).toContain('新密码不能与当前密码相同');
    await client.get('/office/password');
    const done = await client.postForm('/office/password', { current: password, next: 'my own long password', then });
    expect(done.response.status).toBe(303);
    expect(done.response.headers.get('location')).toBe(then);
    expect((await client.request('/office/consultations')).status).toBe(200);
  }

  it('an account the admin page creates must choose its own password first', async () => {
    const admin = await signIn(harness, 'admin');
    await admin.get('/office/accounts');
    const { html } = await admin.postForm('/office/accounts', { email: 'fresh@office.example', name: '', role: 'officer' });
    const password = /一次性密码：([A-Za-z0-9]+)/.exec(html)![1]!;
    const client = harness.client('10.2.0.1');
    expect(await oneTimeSignIn(client, 'fresh@office.example', password, '/office/consultations')).toBe('/office/password?next=%2Foffice%2Fconsultations');
    // A POST elsewhere is refused with the reason, not carried out.
    const forbidden = await client.postForm('/office/consultations/new', { title: '草稿', slug: '', text: '第一条 内容。' });
    expect(forbidden.response.status).toBe(403);
    expect(forbidden.html).toContain('一次性密码');
    await mustChangeThenCan(client, password, '/office/consultations');
    // The one-time password no longer signs in; the new one does, straight through.
    expect((await loginAttempt(harness.client('10.2.0.2'), 'fresh@office.example', password)).response.status).toBe(401);
    expect(await oneTimeSignIn(harness.client('10.2.0.3'), 'fresh@office.example', 'my own long password')).toBe('/office');
  });

  it('a reset password is one-time too', async () => {
    const admin = await signIn(harness, 'admin');
    const officer = await createOfficerAccount(harness, 'officer');
    await admin.get('/office/accounts');
    const { html } = await admin.postForm(`/office/accounts/${officer.id}/reset-password`, {});
    const password = /的新密码：([A-Za-z0-9]+)/.exec(html)![1]!;
    const client = harness.client('10.3.0.1');
    expect(await oneTimeSignIn(client, officer.email, password)).toBe('/office/password?next=%2Foffice');
    await mustChangeThenCan(client, password);
  });

  it('an account created with a generated password (user:add, the sample admin) must change it; a chosen one need not', async () => {
    const { createOfficer } = await import('../../src/auth/accounts.ts');
    await createOfficer(harness.services, { email: 'generated@office.example', role: 'admin', password: 'printed once 12345', oneTime: true }, harness.now());
    const client = harness.client('10.4.0.1');
    expect(await oneTimeSignIn(client, 'generated@office.example', 'printed once 12345')).toBe('/office/password?next=%2Foffice');
    await mustChangeThenCan(client, 'printed once 12345');
    const chosen = await createOfficerAccount(harness, 'officer');
    expect(await oneTimeSignIn(harness.client('10.4.0.2'), chosen.email, TEST_PASSWORD)).toBe('/office');
  });
});
