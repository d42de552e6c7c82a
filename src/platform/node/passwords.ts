// Node's password hasher: new hashes with node:crypto's scrypt under the core's stored format;
// stored hashes verify with the parameters each one names, scrypt or PBKDF2 (an account made on
// Workers signs in here too).
import { scrypt } from 'node:crypto';
import { type PasswordHasher, passwordHasher, type ScryptFunction } from '../../auth/passwords.ts';

export const nodeScrypt: ScryptFunction = (password, salt, { n, r, p }, keyLength) =>
  new Promise((resolve, reject) => {
    // maxmem: scrypt needs 128·N·r bytes; twice that leaves room without lifting the guard.
    scrypt(password, salt, keyLength, { N: n, r, p, maxmem: 128 * n * r * 2 }, (error, key) => (error ? reject(error) : resolve(new Uint8Array(key.buffer, key.byteOffset, key.byteLength))));
  });

export const nodePasswordHasher: PasswordHasher = passwordHasher({ newHashes: 'scrypt', scrypt: nodeScrypt });
