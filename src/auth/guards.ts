// Guards for officer routes. Every officer route names the roles it admits with requireRole;
// tests/http/office-roles.test.ts walks the route table to prove none answers without one.
import { wantsFragment } from '../http/respond.ts';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { OfficerRole } from '../db/schema.ts';
import { type AppContext, type AppEnv, pathWithQuery } from '../http/context.ts';
import { AppError } from '../http/errors.ts';
import type { SignedInOfficer } from './accounts.ts';
import { findSessionOfficer } from './sessions.ts';

export function sessionCookieName(secure: boolean): string {
  // __Host- keeps a sibling subdomain from planting a session cookie; it requires Secure.
  return secure ? '__Host-yj_session' : 'yj_session';
}

export async function currentOfficer(c: AppContext): Promise<SignedInOfficer | null> {
  if (c.var.officer !== undefined) return c.var.officer;
  const services = c.var.services;
  const token = getCookie(c, sessionCookieName(services.secureCookies));
  const officer = token ? await findSessionOfficer(services.db, token, services.clock()) : null;
  c.set('officer', officer);
  return officer;
}

/** All an officer with a one-time password may do: replace it, or sign out. */
const PASSWORD_CHANGE_PATHS = new Set(['/office/password', '/office/logout']);

/** Marks a middleware as a role guard, so the route-table test can find it. */
export const ROLE_GUARD = Symbol('yijian.roleGuard');

export function requireRole(...roles: OfficerRole[]) {
  const guard = createMiddleware<AppEnv>(async (c, next) => {
    c.header('Cache-Control', 'no-store');
    const officer = await currentOfficer(c);
    if (!officer) {
      if (c.req.method === 'GET' && !wantsFragment(c)) {
        return c.redirect(`/office/login?next=${encodeURIComponent(pathWithQuery(c))}`, 303);
      }
      throw new AppError(401, 'unauthenticated', c.var.t('auth.error.signInFirst'));
    }
    if (!roles.includes(officer.role)) throw new AppError(403, 'forbidden', c.var.t('auth.error.forbidden'));
    if (officer.mustChangePassword && !PASSWORD_CHANGE_PATHS.has(c.req.path)) {
      if (c.req.method === 'GET' && !wantsFragment(c)) return c.redirect(`/office/password?next=${encodeURIComponent(pathWithQuery(c))}`, 303);
      throw new AppError(403, 'password_change_required', c.var.t('auth.password.mustChange'));
    }
    await next();
  });
  return Object.assign(guard, { [ROLE_GUARD]: roles });
}

/** Roles by capability, so routes say what they need rather than listing roles each time. */
export const ROLES = {
  /** Accounts and the audit log. */
  admin: ['admin'] as OfficerRole[],
  /** Consultations, decisions, reports, results, mail. */
  office: ['admin', 'officer'] as OfficerRole[],
  /** Reading the queue and moderating comments. */
  moderate: ['admin', 'officer', 'moderator'] as OfficerRole[],
};
