// `npm run user:add` as a child process: an account with a printed one-time password, or with one
// piped in, and a clear refusal of an unknown role.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodePasswordHasher } from '../../src/platform/node/passwords.ts';
import { type CliHarness, createCliHarness } from '../helpers/cli.ts';

describe('npm run user:add', () => {
  let cli: CliHarness;
  beforeEach(() => {
    cli = createCliHarness('user', { SEED_SAMPLES: 'false' });
  });
  afterEach(() => cli.close());

  it('creates an account with a printed one-time password, or one read from stdin', async () => {
    const printed = await cli.run('user:add', ['--email', 'Chief@Office.example', '--role', 'admin']);
    expect(printed.code, printed.stderr).toBe(0);
    const password = /one-time password: (\S+)/.exec(printed.stdout)?.[1];
    expect(password).toHaveLength(16);

    const piped = await cli.run('user:add', ['--email', 'mod@office.example', '--role', 'moderator', '--password-stdin'], { stdin: 'chosen by the officer\n' });
    expect(piped.code).toBe(0);

    const bad = await cli.run('user:add', ['--email', 'x@office.example', '--role', 'boss']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--role 只能是 admin、officer 或 moderator');

    const db = cli.openDatabase();
    try {
      const officers = await db.kysely.selectFrom('officers').select(['email', 'role', 'password_hash', 'must_change_password']).orderBy('email').execute();
      expect(officers.map((o) => [o.email, o.role])).toEqual([['chief@office.example', 'admin'], ['mod@office.example', 'moderator']]);
      // The printed password is one-time (replaced at the first sign-in); the piped one was chosen.
      expect(officers.map((o) => o.must_change_password)).toEqual([1, 0]);
      expect(await nodePasswordHasher.verify(password!, officers[0]!.password_hash)).toBe(true);
      expect(await nodePasswordHasher.verify('chosen by the officer', officers[1]!.password_hash)).toBe(true);
    } finally {
      await db.close();
    }
  });
});
