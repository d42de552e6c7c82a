// What every officer page needs: the signed-in officer, the page context, a flash message carried
// across a redirect, and who acts (for the audit trail). Forms are read by src/http/forms.ts.
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppContext } from '../http/context.ts';
import { pathWithQuery } from '../http/context.ts';
import type { OfficeContext } from '../../views/shared/context.ts';
import type { SignedInOfficer } from './accounts.ts';
import type { Actor } from './audit.ts';
import { csrfTokenFor } from './csrf.ts';

const FLASH_COOKIE = 'yj_flash';

/** The officer put there by requireRole; calling this on a route without the guard is a bug. */
export function signedInOfficer(c: AppContext): SignedInOfficer {
  const officer = c.var.officer;
  if (!officer) throw new Error('signedInOfficer() on a route without requireRole()');
  return officer;
}

export async function officeContext(c: AppContext): Promise<OfficeContext> {
  const services = c.var.services;
  return {
    locale: c.var.locale,
    t: c.var.t,
    path: pathWithQuery(c),
    csrfToken: await csrfTokenFor(c, services.signer, services.secureCookies),
    officer: signedInOfficer(c),
  };
}

export function setFlash(c: AppContext, message: string): void {
  setCookie(c, FLASH_COOKIE, encodeURIComponent(message), { path: '/office', httpOnly: true, sameSite: 'Lax', secure: c.var.services.secureCookies, maxAge: 120 });
}

/** The message set by the previous request, shown once. */
export function takeFlash(c: AppContext): string | null {
  const value = getCookie(c, FLASH_COOKIE);
  if (!value) return null;
  deleteCookie(c, FLASH_COOKIE, { path: '/office' });
  try {
    return decodeURIComponent(value).slice(0, 500);
  } catch {
    return null;
  }
}

export function clientIp(c: AppContext): string {
  return c.var.services.clientAddress(c);
}

/** Who acts in this request, for a command's audit entry: the signed-in officer and their address. */
export function actorOf(c: AppContext): Actor {
  return { officerId: signedInOfficer(c).id, ip: clientIp(c) };
}
