// Passwords on Workers: new hashes are PBKDF2-SHA256 through Web Crypto at 100,000 iterations
// (Workers' ceiling; about 40 ms of CPU on local workerd), where scrypt N = 2^15 costs about ten
// times that. An scrypt hash moved here from Node still verifies when the entry hands in
// nodejs_compat's scrypt (native code in workerd): once, since the sign-in then stores a PBKDF2
// hash in its place.
import { type PasswordHasher, passwordHasher, type ScryptFunction } from '../../auth/passwords.ts';

export function workersPasswordHasher(scrypt?: ScryptFunction): PasswordHasher {
  return passwordHasher({ newHashes: 'pbkdf2', ...(scrypt ? { scrypt } : {}) });
}
