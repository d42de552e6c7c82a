// Tracking numbers: short, unambiguous when read aloud or retyped (Crockford base32, no I/L/O/U),
// e.g. YJ-7K3M-9QXA. 40 random bits: guessing one is not a practical way to find a comment.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

// Random bytes are drawn in blocks: one getRandomValues call costs far more than 5 bytes' worth.
let pool = new Uint8Array(0);
let offset = 0;

function randomBytes(n: number): Uint8Array {
  if (offset + n > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(4096));
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + n);
  offset += n;
  return bytes;
}

export function newTrackingNumber(random: (bytes: number) => Uint8Array = randomBytes): string {
  const b = random(5);
  // 40 bits fit exactly in a double.
  let value = b[0]! * 2 ** 32 + (((b[1]! << 24) | (b[2]! << 16) | (b[3]! << 8) | b[4]!) >>> 0);
  let code = '';
  for (let i = 0; i < 8; i++) {
    code = ALPHABET[value % 32] + code;
    value = Math.floor(value / 32);
  }
  return `YJ-${code.slice(0, 4)}-${code.slice(4)}`;
}

/** Accepts what people type: lower case, spaces, missing dashes, O for 0, I or L for 1. */
export function normaliseTrackingNumber(input: string): string | null {
  const cleaned = input
    .toUpperCase()
    .replace(/[\s\-–—_.]/g, '')
    .replace(/^YJ/, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{8}$/.test(cleaned)) return null;
  return `YJ-${cleaned.slice(0, 4)}-${cleaned.slice(4)}`;
}
