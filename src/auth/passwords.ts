// Officers' passwords. The core owns the stored formats, each naming its scheme and parameters so
// that they can be raised later without invalidating existing accounts, and every platform reads
// the same column:
//   scrypt$N$r$p$salt$key           Node's choice: scrypt N = 2^15 (memory-hard)
//   pbkdf2-sha256$iterations$salt$key   Workers' choice: PBKDF2-SHA256 through Web Crypto
// (salt and key in base64). The key derivation is the platform's, handed in as a PasswordHasher
// through AppDeps. A hasher verifies both formats where it can; a sign-in with a hash in a format
// other than the platform's own stores a fresh one (needsRehash), so accounts moved from Node to
// Workers pay scrypt's cost once and then sign in on PBKDF2.

/** What the app needs from the platform to store and check passwords. */
export interface PasswordHasher {
  /** A new stored hash for this password (fresh salt, current parameters). */
  hash(password: string): Promise<string>;
  /** Whether the password matches a stored hash; false for a hash it cannot read. */
  verify(password: string, stored: string): Promise<boolean>;
  /** Whether a stored hash (that just verified) should be replaced by one in today's format. */
  needsRehash?(stored: string): boolean;
}

export interface ScryptParameters {
  /** CPU/memory cost, a power of two. */
  n: number;
  r: number;
  p: number;
}

/** Today's parameters for new hashes: N = 2^15, r = 8, p = 1, a 64-byte key and a 16-byte salt. */
export const SCRYPT_PARAMETERS: ScryptParameters = { n: 2 ** 15, r: 8, p: 1 };
export const SCRYPT_KEY_LENGTH = 64;
const SALT_LENGTH = 16;
export const MIN_PASSWORD_LENGTH = 10;

/** scrypt as the platform provides it: the derived key of `keyLength` bytes. */
export type ScryptFunction = (password: string, salt: Uint8Array, parameters: ScryptParameters, keyLength: number) => Promise<Uint8Array>;

export interface StoredPasswordHash extends ScryptParameters {
  salt: Uint8Array;
  key: Uint8Array;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array | null {
  try {
    return Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}

export function formatPasswordHash(hash: StoredPasswordHash): string {
  return `scrypt$${hash.n}$${hash.r}$${hash.p}$${toBase64(hash.salt)}$${toBase64(hash.key)}`;
}

/** The parts of a stored hash, or null for anything that is not one of ours. */
export function parsePasswordHash(stored: string): StoredPasswordHash | null {
  const [scheme, n, r, p, salt, key, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || rest.length || !n || !r || !p || !salt || !key) return null;
  const numbers = [n, r, p].map(Number);
  if (!numbers.every((v) => Number.isSafeInteger(v) && v > 0)) return null;
  const saltBytes = fromBase64(salt);
  const keyBytes = fromBase64(key);
  if (!saltBytes || !keyBytes || keyBytes.length === 0) return null;
  return { n: numbers[0]!, r: numbers[1]!, p: numbers[2]!, salt: saltBytes, key: keyBytes };
}

/** Compares without stopping at the first difference, so timing does not tell how much matched. */
function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}

// ---- PBKDF2-SHA256 through Web Crypto (Node and Workers alike).

/**
 * Workers' Web Crypto refuses PBKDF2 above 100,000 iterations, so that is both the most Workers
 * can use and what they use: about 40 ms of CPU on local workerd, within a Worker's CPU budget
 * where scrypt N = 2^15 takes ten times that. (OWASP asks 600,000 for PBKDF2-SHA256; the sign-in
 * throttle and the 10-character minimum stand for the difference. Stored hashes carry their
 * iteration count, so it can be raised when the platform allows.)
 */
export const PBKDF2_ITERATIONS = 100_000;
const PBKDF2_KEY_LENGTH = 32;

export interface StoredPbkdf2Hash {
  iterations: number;
  salt: Uint8Array;
  key: Uint8Array;
}

export function formatPbkdf2Hash(hash: StoredPbkdf2Hash): string {
  return `pbkdf2-sha256$${hash.iterations}$${toBase64(hash.salt)}$${toBase64(hash.key)}`;
}

export function parsePbkdf2Hash(stored: string): StoredPbkdf2Hash | null {
  const [scheme, iterations, salt, key, ...rest] = stored.split('$');
  if (scheme !== 'pbkdf2-sha256' || rest.length || !iterations || !salt || !key) return null;
  const count = Number(iterations);
  if (!Number.isSafeInteger(count) || count < 1) return null;
  const saltBytes = fromBase64(salt);
  const keyBytes = fromBase64(key);
  if (!saltBytes || !keyBytes || keyBytes.length === 0) return null;
  return { iterations: count, salt: saltBytes, key: keyBytes };
}

export async function pbkdf2Sha256(password: string, salt: Uint8Array, iterations: number, keyLength: number): Promise<Uint8Array> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as Uint8Array<ArrayBuffer>, iterations }, material, keyLength * 8);
  return new Uint8Array(bits);
}

/**
 * A hasher that makes new hashes in one format and verifies both: scrypt hashes only where the
 * platform gives a scrypt function (Node natively; Workers through nodejs_compat's node:crypto).
 */
export function passwordHasher(options: { newHashes: 'scrypt' | 'pbkdf2'; scrypt?: ScryptFunction; scryptParameters?: ScryptParameters; pbkdf2Iterations?: number }): PasswordHasher {
  const scryptParameters = options.scryptParameters ?? SCRYPT_PARAMETERS;
  const iterations = options.pbkdf2Iterations ?? PBKDF2_ITERATIONS;
  if (options.newHashes === 'scrypt' && !options.scrypt) throw new Error('scrypt hashes need a scrypt function');
  return {
    async hash(password) {
      const salt = crypto.getRandomValues(new Uint8Array(SALT_LENGTH));
      const normalised = password.normalize('NFC');
      if (options.newHashes === 'scrypt') {
        const key = await options.scrypt!(normalised, salt, scryptParameters, SCRYPT_KEY_LENGTH);
        return formatPasswordHash({ ...scryptParameters, salt, key });
      }
      return formatPbkdf2Hash({ iterations, salt, key: await pbkdf2Sha256(normalised, salt, iterations, PBKDF2_KEY_LENGTH) });
    },
    async verify(password, stored) {
      const normalised = password.normalize('NFC');
      const pbkdf2 = parsePbkdf2Hash(stored);
      if (pbkdf2) return equalBytes(await pbkdf2Sha256(normalised, pbkdf2.salt, pbkdf2.iterations, pbkdf2.key.length), pbkdf2.key);
      const scrypt = parsePasswordHash(stored);
      if (!scrypt || !options.scrypt) return false;
      return equalBytes(await options.scrypt(normalised, scrypt.salt, scrypt, scrypt.key.length), scrypt.key);
    },
    needsRehash(stored) {
      if (options.newHashes === 'pbkdf2') return parsePbkdf2Hash(stored)?.iterations !== iterations;
      const scrypt = parsePasswordHash(stored);
      return !scrypt || scrypt.n !== scryptParameters.n || scrypt.r !== scryptParameters.r || scrypt.p !== scryptParameters.p;
    },
  };
}

/**
 * A PasswordHasher in our stored format over the platform's scrypt. Passwords are NFC-normalised
 * first, so the same password typed on two keyboards gives the same key.
 */
export function scryptPasswordHasher(scrypt: ScryptFunction, parameters: ScryptParameters = SCRYPT_PARAMETERS): PasswordHasher {
  return {
    async hash(password) {
      const salt = crypto.getRandomValues(new Uint8Array(SALT_LENGTH));
      const key = await scrypt(password.normalize('NFC'), salt, parameters, SCRYPT_KEY_LENGTH);
      return formatPasswordHash({ ...parameters, salt, key });
    },
    async verify(password, stored) {
      const hash = parsePasswordHash(stored);
      if (!hash) return false;
      const actual = await scrypt(password.normalize('NFC'), hash.salt, hash, hash.key.length);
      return equalBytes(actual, hash.key);
    },
  };
}

// A hash of a random password per hasher, made once: see verifyOfficerPassword.
const decoys = new WeakMap<PasswordHasher, Promise<string>>();

/**
 * Checks a sign-in password against the account's stored hash. With no account (an unknown
 * email) it verifies against a decoy hash instead and answers false, so an attempt on an unknown
 * account costs the same time as one on a real account and timing does not reveal which exist.
 */
export async function verifyOfficerPassword(hasher: PasswordHasher, password: string, stored: string | null | undefined): Promise<boolean> {
  if (stored) return hasher.verify(password, stored);
  let decoy = decoys.get(hasher);
  if (!decoy) {
    decoy = hasher.hash(generatePassword());
    decoys.set(hasher, decoy);
  }
  await hasher.verify(password, await decoy);
  return false;
}

// No 0/O/1/l/I: a one-time password is read off a terminal and typed by hand.
const READABLE = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function generatePassword(length = 16): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length * 2));
  let out = '';
  for (const b of bytes) {
    // Rejection sampling keeps every character equally likely.
    if (b >= 256 - (256 % READABLE.length)) continue;
    out += READABLE[b % READABLE.length];
    if (out.length === length) break;
  }
  return out.length === length ? out : generatePassword(length);
}
