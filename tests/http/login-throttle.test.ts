// The sign-in throttle under concurrency: an attempt is counted before its password is checked,
// so a burst of guesses at once gets no more tries than guesses one after another (the same holds
// on Workers, where many isolates share one D1: tests/workers). An scrypt hash is re-hashed on
// sign-in only when it is not in the platform's format.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { workersPasswordHasher } from '../../src/platform/workers/passwords.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { createOfficerAccount, TEST_PASSWORD } from '../helpers/officers.ts';

let harness: TestApp;
beforeEach(async () => {
  harness = await createTestApp();
});
afterEach(async () => harness.close());

describe('the sign-in throttle', () => {
  it('lets exactly five of twelve concurrent wrong passwords be checked, and refuses the rest', async () => {
    const officer = await createOfficerAccount(harness, 'officer');
    const statuses = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const client = harness.client(`10.1.0.${i}`);
        await client.get('/office/login');
        return (await client.postForm('/office/login', { email: officer.email, password: `guess ${i}` })).response.status;
      }),
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });

  it('keeps nothing of a successful sign-in in the failure count', async () => {
    const officer = await createOfficerAccount(harness, 'officer');
    for (let i = 0; i < 4; i++) {
      const client = harness.client('10.2.0.1');
      await client.get('/office/login');
      await client.postForm('/office/login', { email: officer.email, password: `guess ${i}` });
    }
    const client = harness.client('10.2.0.1');
    await client.get('/office/login');
    expect((await client.postForm('/office/login', { email: officer.email, password: TEST_PASSWORD })).response.status).toBe(303);
    const rows = await harness.db.kysely.selectFrom('login_failures').select('key').execute();
    expect(rows.map((r) => r.key)).toEqual(['ip:10.2.0.1', 'ip:10.2.0.1', 'ip:10.2.0.1', 'ip:10.2.0.1']);
  });
});

describe('re-hashing on sign-in', () => {
  it('replaces a PBKDF2 hash made on Workers by an scrypt one on Node, and leaves an scrypt hash alone', async () => {
    const officer = await createOfficerAccount(harness, 'officer');
    const pbkdf2 = await workersPasswordHasher().hash(TEST_PASSWORD);
    await harness.db.batch([harness.db.kysely.updateTable('officers').set({ password_hash: pbkdf2 }).where('id', '=', officer.id).compile()]);
    const signIn = async () => {
      const client = harness.client();
      await client.get('/office/login');
      return (await client.postForm('/office/login', { email: officer.email, password: TEST_PASSWORD })).response.status;
    };
    expect(await signIn()).toBe(303);
    const after = await harness.db.kysely.selectFrom('officers').select('password_hash').where('id', '=', officer.id).executeTakeFirstOrThrow();
    expect(after.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await signIn()).toBe(303);
    const again = await harness.db.kysely.selectFrom('officers').select('password_hash').where('id', '=', officer.id).executeTakeFirstOrThrow();
    expect(again.password_hash).toBe(after.password_hash);
  });
});
