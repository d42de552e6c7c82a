// Sign-in and sign-out, the office's own accounts, password changes and the audit log.
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { type AppEnv, pageContext } from '../http/context.ts';
import { AppError } from '../http/errors.ts';
import { sendHtml } from '../http/respond.ts';
import { AccountsPage, AuditPage, LoginPage, PasswordPage } from '../../views/office/auth.tsx';
import { AccountError, createOfficer, findOfficerByEmail, findOfficerById, listOfficers } from './accounts.ts';
import { auditQuery, listAuditEntries } from './audit.ts';
import { csrfTokenFor, verifyCsrf } from './csrf.ts';
import { currentOfficer, requireRole, ROLES, sessionCookieName } from './guards.ts';
import { clientIp, officeContext, readOfficeForm, setFlash, signedInOfficer, takeFlash } from './office.ts';
import { generatePassword, MIN_PASSWORD_LENGTH, verifyOfficerPassword } from './passwords.ts';
import { createSession, deleteSession, deleteSessionsOf } from './sessions.ts';
import { clearLoginFailures, loginRetryAfter, recordLoginFailure } from './throttle.ts';
import type { OfficerRole } from '../db/schema.ts';

/** Only our own office pages are valid places to land after signing in (no open redirect). */
function safeNext(next: string | undefined): string {
  if (!next || !next.startsWith('/office') || next.startsWith('//') || next.includes('\\')) return '/office';
  return next.startsWith('/office/login') ? '/office' : next;
}

export const authRoutes = new Hono<AppEnv>()
  .get('/', requireRole(...ROLES.moderate), (c) => c.redirect('/office/consultations', 303))

  .get('/login', async (c) => {
    const services = c.var.services;
    const next = safeNext(c.req.query('next'));
    if (await currentOfficer(c)) return c.redirect(next, 303);
    c.header('Cache-Control', 'no-store');
    const ctx = pageContext(c, await csrfTokenFor(c, services.signer, services.secureCookies));
    return sendHtml(c, <LoginPage ctx={ctx} email="" next={next} error={null} />);
  })

  .post('/login', async (c) => {
    const services = c.var.services;
    const t = c.var.t;
    const body = await c.req.parseBody();
    const email = typeof body.email === 'string' ? body.email.trim().slice(0, 254) : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const next = safeNext(typeof body.next === 'string' ? body.next : undefined);
    const token = typeof body._csrf === 'string' ? body._csrf : undefined;
    if (!(await verifyCsrf(c, services.signer, token, services.publicOrigin))) throw new AppError(403, 'csrf', t('auth.error.csrf'));
    c.header('Cache-Control', 'no-store');

    const now = services.clock();
    const ip = clientIp(c);
    const render = async (error: string, status: 401 | 429) =>
      sendHtml(c, <LoginPage ctx={pageContext(c, await csrfTokenFor(c, services.signer, services.secureCookies))} email={email} next={next} error={error} />, status);

    const wait = await loginRetryAfter(services.db, email, ip, now);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      return render(t('auth.login.throttled', { minutes: Math.ceil(wait / 60) }), 429);
    }
    const officer = email ? await findOfficerByEmail(services.db, email) : undefined;
    // An unknown email costs the same hashing time as a known one, so timing does not reveal accounts.
    const valid = await verifyOfficerPassword(services.passwords, password, officer?.password_hash);
    if (!officer || !valid || officer.disabled_at) {
      await recordLoginFailure(services.db, email, ip, now);
      return render(t('auth.login.failed'), 401);
    }
    await clearLoginFailures(services.db, email);
    const sessionToken = await createSession(services.db, officer.id, now, { userAgent: c.req.header('user-agent') ?? null, ip });
    await services.db.batch([auditQuery(services.db.kysely, { officerId: officer.id, action: 'login', ip }, now)]);
    setCookie(c, sessionCookieName(services.secureCookies), sessionToken, { httpOnly: true, sameSite: 'Lax', secure: services.secureCookies, path: '/' });
    return c.redirect(next, 303);
  })

  .post('/logout', requireRole(...ROLES.moderate), async (c) => {
    const services = c.var.services;
    await readOfficeForm(c);
    const name = sessionCookieName(services.secureCookies);
    const token = getCookie(c, name);
    if (token) await deleteSession(services.db, token);
    await services.db.batch([auditQuery(services.db.kysely, { officerId: signedInOfficer(c).id, action: 'logout', ip: clientIp(c) }, services.clock())]);
    deleteCookie(c, name, { path: '/', secure: services.secureCookies });
    return c.redirect('/office/login', 303);
  })

  .get('/password', requireRole(...ROLES.moderate), async (c) => {
    return sendHtml(c, <PasswordPage ctx={await officeContext(c)} error={null} flash={takeFlash(c)} min={MIN_PASSWORD_LENGTH} />);
  })

  .post('/password', requireRole(...ROLES.moderate), async (c) => {
    const services = c.var.services;
    const t = c.var.t;
    const form = await readOfficeForm(c);
    const me = signedInOfficer(c);
    const officer = await findOfficerById(services.db, me.id);
    const fail = async (error: string) => sendHtml(c, <PasswordPage ctx={await officeContext(c)} error={error} flash={null} min={MIN_PASSWORD_LENGTH} />, 422);
    if (!officer || !(await services.passwords.verify(form.current ?? '', officer.password_hash))) return fail(t('auth.password.wrong'));
    const next = form.next ?? '';
    if ([...next].length < MIN_PASSWORD_LENGTH) return fail(t('auth.password.short', { min: MIN_PASSWORD_LENGTH }));
    const now = services.clock();
    await services.db.batch([
      services.db.kysely.updateTable('officers').set({ password_hash: await services.passwords.hash(next), updated_at: now.toISOString() }).where('id', '=', me.id).compile(),
      auditQuery(services.db.kysely, { officerId: me.id, action: 'change-password', targetType: 'officer', targetId: me.id, ip: clientIp(c) }, now),
    ]);
    // Every other session ends; this browser gets a fresh one.
    await deleteSessionsOf(services.db, me.id);
    const token = await createSession(services.db, me.id, now, { userAgent: c.req.header('user-agent') ?? null, ip: clientIp(c) });
    setCookie(c, sessionCookieName(services.secureCookies), token, { httpOnly: true, sameSite: 'Lax', secure: services.secureCookies, path: '/' });
    setFlash(c, t('auth.password.done'));
    return c.redirect('/office/password', 303);
  })

  .get('/accounts', requireRole(...ROLES.admin), async (c) => {
    const officers = await listOfficers(c.var.services.db);
    return sendHtml(c, <AccountsPage ctx={await officeContext(c)} officers={officers} flash={takeFlash(c)} error={null} values={{ email: '', name: '', role: 'officer' }} />);
  })

  .post('/accounts', requireRole(...ROLES.admin), async (c) => {
    const services = c.var.services;
    const t = c.var.t;
    const form = await readOfficeForm(c);
    const values = { email: (form.email ?? '').trim(), name: (form.name ?? '').trim(), role: form.role ?? 'officer' };
    const now = services.clock();
    const password = generatePassword();
    try {
      const created = await createOfficer(services, { email: values.email, name: values.name, role: values.role as OfficerRole, password }, now);
      await services.db.batch([
        auditQuery(services.db.kysely, { officerId: signedInOfficer(c).id, action: 'create-account', targetType: 'officer', targetId: created.id, detail: { email: created.email, role: created.role }, ip: clientIp(c) }, now),
      ]);
      // The password is shown in this response only, never put in a URL or a cookie.
      c.header('Cache-Control', 'no-store');
      const officers = await listOfficers(services.db);
      return sendHtml(c, <AccountsPage ctx={await officeContext(c)} officers={officers} flash={t('auth.accounts.created', { email: created.email, password })} error={null} values={{ email: '', name: '', role: 'officer' }} />);
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      const officers = await listOfficers(services.db);
      return sendHtml(c, <AccountsPage ctx={await officeContext(c)} officers={officers} flash={null} error={error.message} values={values} />, 422);
    }
  })

  .post('/accounts/:id/:action{reset-password|disable|enable}', requireRole(...ROLES.admin), async (c) => {
    const services = c.var.services;
    const t = c.var.t;
    await readOfficeForm(c);
    const me = signedInOfficer(c);
    const target = await findOfficerById(services.db, Number(c.req.param('id')));
    if (!target) throw new AppError(404, 'not_found', t('auth.accounts.notFound'));
    const action = c.req.param('action');
    const now = services.clock();
    const audit = (name: string) => auditQuery(services.db.kysely, { officerId: me.id, action: name, targetType: 'officer', targetId: target.id, detail: { email: target.email }, ip: clientIp(c) }, now);
    if (action === 'reset-password') {
      const password = generatePassword();
      await services.db.batch([
        services.db.kysely.updateTable('officers').set({ password_hash: await services.passwords.hash(password), updated_at: now.toISOString() }).where('id', '=', target.id).compile(),
        services.db.kysely.deleteFrom('sessions').where('officer_id', '=', target.id).compile(),
        audit('reset-password'),
      ]);
      c.header('Cache-Control', 'no-store');
      const officers = await listOfficers(services.db);
      return sendHtml(c, <AccountsPage ctx={await officeContext(c)} officers={officers} flash={t('auth.accounts.resetDone', { email: target.email, password })} error={null} values={{ email: '', name: '', role: 'officer' }} />);
    }
    if (target.id === me.id) throw new AppError(409, 'not_self', t('auth.accounts.notSelf'));
    const disabling = action === 'disable';
    await services.db.batch([
      services.db.kysely.updateTable('officers').set({ disabled_at: disabling ? now.toISOString() : null, updated_at: now.toISOString() }).where('id', '=', target.id).compile(),
      ...(disabling ? [services.db.kysely.deleteFrom('sessions').where('officer_id', '=', target.id).compile()] : []),
      audit(disabling ? 'disable-account' : 'enable-account'),
    ]);
    setFlash(c, disabling ? t('auth.accounts.disabledDone', { email: target.email }) : t('auth.accounts.enabledDone', { email: target.email }));
    return c.redirect('/office/accounts', 303);
  })

  .get('/audit', requireRole(...ROLES.admin), async (c) => {
    const before = Number(c.req.query('before')) || undefined;
    const entries = await listAuditEntries(c.var.services.db, { before, limit: 100 });
    const last = entries[entries.length - 1];
    const olderHref = entries.length === 100 && last ? `/office/audit?before=${last.id}` : null;
    return sendHtml(c, <AuditPage ctx={await officeContext(c)} entries={entries} olderHref={olderHref} />);
  });


