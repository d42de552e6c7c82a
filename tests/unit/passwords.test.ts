// Officers' passwords: the core's stored format over Node's scrypt. Hashes stored before the hash
// function became the platform's still verify; an unknown account still costs one verification.
import { describe, expect, it } from 'vitest';
import { generatePassword, parsePasswordHash, type PasswordHasher, verifyOfficerPassword } from '../../src/auth/passwords.ts';
import { nodePasswordHasher } from '../../src/platform/node/passwords.ts';

// Made by the release before this one (node:crypto scrypt, Buffer base64), kept as stored.
const STORED_BEFORE = 'scrypt$32768$8$1$JvIp0dlpY/VAvE7Zw04+DQ==$WCEUaDUNtXSI4ZTeITlHIfwMQAqYDs4ZQX9GgFpfvV9NbMPabii+rC6vAkbGgcuYhx0Fep8fAmv159gZjFszLg==';
// The same release, for 'Café 密码 mot de passe' typed in decomposed form (e + combining accent).
const STORED_BEFORE_NFD = 'scrypt$32768$8$1$kuZKa9R/5YF4imUntx64Eg==$9HIn3juNJCscdhRumXB0zPBTCLch4bWRsIilZABvkDwvEBHITLCT0c6shIGNYTEFKU26CHQ4AT5Ul/r1G8L1TQ==';

describe('password hashes', () => {
  it('verifies hashes stored before, and nothing else', async () => {
    expect(await nodePasswordHasher.verify('correct horse battery', STORED_BEFORE)).toBe(true);
    expect(await nodePasswordHasher.verify('correct horse battery!', STORED_BEFORE)).toBe(false);
    // Composed or decomposed, the same password: both are normalised to NFC first.
    expect(await nodePasswordHasher.verify('Café 密码 mot de passe'.normalize('NFC'), STORED_BEFORE_NFD)).toBe(true);
  });

  it('stores new hashes in the same format, salted, with today’s parameters', async () => {
    const [a, b] = await Promise.all([nodePasswordHasher.hash('a long enough password'), nodePasswordHasher.hash('a long enough password')]);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{86}==$/);
    expect(a).not.toBe(b);
    expect(parsePasswordHash(a)).toMatchObject({ n: 32768, r: 8, p: 1 });
    expect(await nodePasswordHasher.verify('a long enough password', b)).toBe(true);
  });

  it('answers false, without throwing, for a stored value that is not one of its hashes', async () => {
    for (const stored of ['', 'plain text', 'bcrypt$10$abc', 'scrypt$32768$8$1$!!!$abc', 'scrypt$x$8$1$AAAA$AAAA', `${STORED_BEFORE}$extra`]) {
      expect(await nodePasswordHasher.verify('correct horse battery', stored), stored).toBe(false);
    }
  });

  it('verifies against a decoy for an unknown account, so it costs one verification like a real one', async () => {
    const calls = { hash: 0, verify: 0 };
    const counting: PasswordHasher = {
      hash: (password) => (calls.hash++, nodePasswordHasher.hash(password)),
      verify: (password, stored) => (calls.verify++, nodePasswordHasher.verify(password, stored)),
    };
    expect(await verifyOfficerPassword(counting, 'correct horse battery', undefined)).toBe(false);
    expect(await verifyOfficerPassword(counting, 'correct horse battery', null)).toBe(false);
    expect(calls).toEqual({ hash: 1, verify: 2 });
    expect(await verifyOfficerPassword(counting, 'correct horse battery', STORED_BEFORE)).toBe(true);
  });

  it('generates one-time passwords without look-alike characters', () => {
    const passwords = Array.from({ length: 200 }, () => generatePassword());
    for (const password of passwords) expect(password).toMatch(/^[a-km-np-zA-HJ-NP-Z2-9]{16}$/);
    expect(new Set(passwords).size).toBe(200);
  });
});
