// The Workers platform's pure pieces, on Node: the D1 boundary (BLOBs back as bytes, parameters
// past D1's 100 written as literals SQLite reads back the same), and the PBKDF2 password format
// that Node and Workers both verify, beside Node's scrypt.
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { parsePbkdf2Hash, passwordHasher, PBKDF2_ITERATIONS } from '../../src/auth/passwords.ts';
import { nodePasswordHasher, nodeScrypt } from '../../src/platform/node/passwords.ts';
import { inlineParameters, normaliseRows, sqlLiteral } from '../../src/platform/workers/d1.ts';
import { workersPasswordHasher } from '../../src/platform/workers/passwords.ts';

const SCRYPT_BEFORE = 'scrypt$32768$8$1$JvIp0dlpY/VAvE7Zw04+DQ==$WCEUaDUNtXSI4ZTeITlHIfwMQAqYDs4ZQX9GgFpfvV9NbMPabii+rC6vAkbGgcuYhx0Fep8fAmv159gZjFszLg==';

describe('the D1 boundary', () => {
  it('turns the arrays D1 returns for BLOBs into bytes, and leaves every other value alone', () => {
    const rows = normaliseRows([{ id: 1, raw: [104, 105], text: 'x', none: null }]);
    expect(rows[0]).toEqual({ id: 1, raw: new Uint8Array([104, 105]), text: 'x', none: null });
    expect((rows[0] as { raw: Uint8Array }).raw).toBeInstanceOf(Uint8Array);
  });

  it('writes values as literals that SQLite reads back as the same values it would bind', () => {
    const db = new BetterSqlite3(':memory:');
    const values: unknown[] = ["it's 'quoted'", '意见 -- ? /* not a comment */', 42, -7, 0.1, 1e-7, 2 ** 53 - 1, null, true, new Uint8Array([0, 255, 10]), 'nul\u0000inside'];
    const sql = `SELECT ${values.map((_, i) => `? AS v${i}`).join(', ')}`;
    const bound = db.prepare(sql).get(...values.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v))) as Record<string, unknown>;
    const inlined = db.prepare(inlineParameters(sql, values)).get() as Record<string, unknown>;
    expect(inlined).toEqual(bound);
    expect(sqlLiteral("a'b")).toBe("'a''b'");
  });

  it('leaves placeholders inside strings, quoted names and comments alone', () => {
    expect(inlineParameters(`SELECT '?' AS "a?", ? /* ? */ -- ?\n, ?`, [1, 'x'])).toBe(`SELECT '?' AS "a?", 1 /* ? */ -- ?\n, 'x'`);
    expect(() => inlineParameters('SELECT ?, ?', [1])).toThrow(/placeholders/);
  });

  it('runs an IN list of 300 ids inlined with the same result as bound', () => {
    const db = new BetterSqlite3(':memory:');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    for (let i = 0; i < 500; i++) insert.run(`v${i}`);
    const ids = Array.from({ length: 300 }, (_, i) => i * 2 + 1);
    const sql = `SELECT count(*) AS n FROM t WHERE id IN (${ids.map(() => '?').join(', ')})`;
    expect(db.prepare(inlineParameters(sql, ids)).get()).toEqual(db.prepare(sql).get(...ids));
  });
});

describe('passwords across platforms', () => {
  it('makes PBKDF2-SHA256 hashes on Workers, at the iterations Workers allow, that Node verifies', async () => {
    const workers = workersPasswordHasher();
    const stored = await workers.hash('a long enough password');
    expect(stored).toMatch(/^pbkdf2-sha256\$100000\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(parsePbkdf2Hash(stored)?.iterations).toBe(PBKDF2_ITERATIONS);
    expect(await nodePasswordHasher.verify('a long enough password', stored)).toBe(true);
    expect(await nodePasswordHasher.verify('a long enough password!', stored)).toBe(false);
    // Node keeps making scrypt hashes, and asks for one when a PBKDF2 hash signs in there.
    expect(nodePasswordHasher.needsRehash!(stored)).toBe(true);
    expect(nodePasswordHasher.needsRehash!(await nodePasswordHasher.hash('a long enough password'))).toBe(false);
  });

  it('verifies an scrypt hash from Node on Workers when given scrypt, and asks for a PBKDF2 one', async () => {
    const withScrypt = workersPasswordHasher(nodeScrypt);
    expect(await withScrypt.verify('correct horse battery', SCRYPT_BEFORE)).toBe(true);
    expect(withScrypt.needsRehash!(SCRYPT_BEFORE)).toBe(true);
    expect(withScrypt.needsRehash!(await withScrypt.hash('x'.repeat(12)))).toBe(false);
    // Without scrypt an scrypt hash is simply not one it can read.
    expect(await workersPasswordHasher().verify('correct horse battery', SCRYPT_BEFORE)).toBe(false);
  });

  it('normalises to NFC before PBKDF2 too, and a higher iteration count asks for a re-hash', async () => {
    const workers = workersPasswordHasher();
    const stored = await workers.hash('Café 密码'.normalize('NFD'));
    expect(await workers.verify('Café 密码'.normalize('NFC'), stored)).toBe(true);
    expect(passwordHasher({ newHashes: 'pbkdf2', pbkdf2Iterations: 200_000 }).needsRehash!(stored)).toBe(true);
  });
});
