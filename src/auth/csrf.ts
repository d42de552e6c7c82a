// CSRF: a random per-browser cookie, and a form token that is an HMAC of it. A forged form on
// another site cannot know the token, and our pages stay cacheable because only forms carry it.
import { getCookie, setCookie } from 'hono/cookie';
import type { Context } from 'hono';

export const CSRF_COOKIE = 'yj_csrf';

function base64url(bytes: ArrayBuffer | Uint8Array): string {
  const array = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = '';
  for (const b of array) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function randomToken(bytes = 16): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

export class Signer {
  private key: Promise<CryptoKey>;
  private cache = new Map<string, string>();

  constructor(secret: string) {
    this.key = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  }

  /** The signature if it was computed before: most requests come from a browser seen before. */
  peek(purpose: string, value: string): string | undefined {
    return this.cache.get(`${purpose}\u0000${value}`);
  }

  async sign(purpose: string, value: string): Promise<string> {
    const cacheKey = `${purpose}\u0000${value}`;
    const cached = this.cache.get(cacheKey);
    if (cached) return cached;
    const mac = await crypto.subtle.sign('HMAC', await this.key, new TextEncoder().encode(cacheKey));
    const token = base64url(mac).slice(0, 32);
    // Bounded: enough for the visitors of a busy hour, small enough never to matter.
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(cacheKey, token);
    return token;
  }
}

function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** The token for this browser's forms, setting the cookie on a first visit. */
export async function csrfTokenFor(c: Context, signer: Signer, secure: boolean): Promise<string> {
  let cookie = getCookie(c, CSRF_COOKIE);
  if (!cookie || !/^[A-Za-z0-9_-]{16,64}$/.test(cookie)) {
    cookie = randomToken();
    setCookie(c, CSRF_COOKIE, cookie, { httpOnly: true, sameSite: 'Lax', path: '/', secure, maxAge: 60 * 60 * 24 * 365 });
  }
  return signer.sign('csrf', cookie);
}

/** True when the form's token belongs to this browser; synchronous once the browser is known. */
export function verifyCsrf(c: Context, signer: Signer, submitted: string | undefined, allowedOrigin: string): boolean | Promise<boolean> {
  const origin = c.req.header('origin');
  if (origin && origin !== 'null' && origin !== allowedOrigin) {
    const host = c.req.header('host');
    if (!host || (origin !== `http://${host}` && origin !== `https://${host}`)) return false;
  }
  const cookie = getCookie(c, CSRF_COOKIE);
  if (!cookie || !submitted) return false;
  const expected = signer.peek('csrf', cookie);
  if (expected !== undefined) return timingSafeEqual(expected, submitted);
  return signer.sign('csrf', cookie).then((signature) => timingSafeEqual(signature, submitted));
}
