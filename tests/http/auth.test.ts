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
