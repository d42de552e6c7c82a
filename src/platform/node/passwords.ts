// Node's password hasher: node:crypto's scrypt under the core's stored format, with the
// parameters of each stored hash, so every hash made before keeps verifying.
import { scrypt } from 'node:crypto';
import { type PasswordHasher, type ScryptFunction, scryptPasswordHasher } from '../../auth/passwords.ts';

const nodeScrypt: ScryptFunction = (password, salt, { n, r, p }, keyLength) =>
  new Promise((resolve, reject) => {
    // maxmem: scrypt needs 128·N·r bytes; twice that leaves room without lifting the guard.
    scrypt(password, salt, keyLength, { N: n, r, p, maxmem: 128 * n * r * 2 }, (error, key) => (error ? reject(error) : resolve(new Uint8Array(key.buffer, key.byteOffset, key.byteLength))));
  });

export const nodePasswordHasher: PasswordHasher = scryptPasswordHasher(nodeScrypt);
