// Tracking numbers: short, unambiguous when read aloud or retyped (Crockford base32, no I/L/O/U),
// e.g. YJ-7K3M-9QXA. 40 random bits: guessing one is not a practical way to find a comment.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newTrackingNumber(random: (bytes: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))): string {
  const bytes = random(5);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let code = '';
  for (let i = 0; i < 8; i++) {
    code = ALPHABET[Number(bits & 31n)] + code;
    bits >>= 5n;
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
