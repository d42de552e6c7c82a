// Sign-in and sign-out, the office's own accounts, password changes and the audit log. Each
// account change is a command of ./accounts.ts; its refusals are worded here.
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { limitBody, SIGN_IN_BYTES } from '../http/body-limit.ts';
import { type AppContext, type AppEnv, pageContext } from '../http/context.ts';
import { AppError } from '../http/errors.ts';
import { officeForm, oneOf, positiveInt, text } from '../http/forms.ts';
import { page } from '../http/respond.ts';
import type { AccountFormValues } from '../../views/office/models.ts';
import { AccountsPage, AuditPage, LoginPage, PasswordPage } from '../../views/office/auth.tsx';
import type { FieldErrors } from '../../views/shared/kit.tsx';
import { changePassword, createAccount, findOfficerByEmail, listOfficers, OFFICER_ROLES, rehashIfOutdated, resetAccountPassword, setAccountDisabled } from './accounts.ts';
import { auditQuery, listAuditEntries } from './audit.ts';
import { csrfTokenFor } from './csrf.ts';
import { currentOfficer, requireRole, ROLES, sessionCookieName } from './guards.ts';
import { actorOf, clientIp, officeContext, setFlash, signedInOfficer, takeFlash } from './office.ts';
import { MIN_PASSWORD_LENGTH, verifyOfficerPassword } from './passwords.ts';
import { presentAccounts, presentAuditEntries } from './present.ts';
import { createSession, deleteSession } from './sessions.ts';
import { loginSucceeded, takeLoginAttempt } from './throttle.ts';

const single = (v: unknown) => (Array.isArray(v) ? v[0] : v);
/** A field exactly as sent: passwords keep their spaces. */
const raw = z.preprocess((v) => (typeof single(v) === 'string' ? single(v) : ''), z.string());

const loginForm = z.object({
  email: raw.transform((v) => v.trim().slice(0, 254)),
  password: raw,
  next: raw,
});
const passwordForm = z.object({ current: raw, next: raw, then: raw });
const accountForm = z.object({
  email: text(254),
  name: text(50),
  role: oneOf(OFFICER_ROLES as ['admin', 'officer', 'moderator'], 'auth.accounts.error.role_invalid'),
});
const buttonForm = z.object({});

/** Only our own office pages are valid places to land after signing in (no open redirect). */
function safeNext(next: string | undefined): string {
  if (!next || !next.startsWith('/office') || next.startsWith('//') || next.includes('\\')) return '/office';
  return next.startsWith('/office/login') ? '/office' : next;
}

function startSession(c: AppContext, token: string) {
  const { secureCookies } = c.var.services;
  setCookie(c, sessionCookieName(secureCookies), token, { httpOnly: true, sameSite: 'Lax', secure: secureCookies, path: '/' });
}

const EMPTY_ACCOUNT: AccountFormValues = { email: '', name: '', role: 'officer' };

async function renderAccounts(c: AppContext, form: { flash: string | null; errors?: FieldErrors; values?: AccountFormValues }, status: 200 | 422 = 200) {
  const officers = presentAccounts(await listOfficers(c.var.services.db));
  return page(c, <AccountsPage ctx={await officeContext(c)} officers={officers} flash={form.flash} errors={form.errors ?? {}} values={form.values ?? EMPTY_ACCOUNT} />, status);
}

export const authRoutes = new Hono<AppEnv>()
  .get('/', requireRole(...ROLES.moderate), (c) => c.redirect('/office/consultations', 303))

  .get('/login', async (c) => {
    const services = c.var.services;
    const next = safeNext(c.req.query('next'));
    if (await currentOfficer(c)) return c.redirect(next, 303);
    c.header('Cache-Control', 'no-store');
    const ctx = pageContext(c, await csrfTokenFor(c, services.signer, services.secureCookies));
    return page(c, <LoginPage ctx={ctx} email="" next={next} error={null} />);
  })

  .post('/login', limitBody(SIGN_IN_BYTES), async (c) => {
    const services = c.var.services;
    const t = c.var.t;
    const form = await officeForm(c, loginForm);
    if (!form.ok) throw new AppError(400, 'bad_form', t('error.badRequest'));
    const { email, password } = form.data;
    const next = safeNext(form.data.next || undefined);
    c.header('Cache-Control', 'no-store');

    const now = services.clock();
    const ip = clientIp(c);
    const render = async (error: string, status: 401 | 429) =>
      page(c, <LoginPage ctx={pageContext(c, await csrfTokenFor(c, services.signer, services.secureCookies))} email={email} next={next} error={error} />, status);

    // Counted before the password is checked, so concurrent guesses cannot outrun the count.
    const attempt = await takeLoginAttempt(services.db, email, ip, now);
    if (!attempt.ok) {
      c.header('Retry-After', String(attempt.retryAfterSeconds));
      return render(t('auth.login.throttled', { minutes: Math.ceil(attempt.retryAfterSeconds / 60) }), 429);
    }
    const officer = email ? await findOfficerByEmail(services.db, email) : undefined;
    // An unknown email costs the same hashing time as a known one, so timing does not reveal accounts.
    const valid = await verifyOfficerPassword(services.passwords, password, officer?.password_hash);
    // The attempt's rows stay: they are the failure.
    if (!officer || !valid || officer.disabled_at) return render(t('auth.login.failed'), 401);
    await loginSucceeded(services.db, attempt.attempt);
    await rehashIfOutdated(services, officer, password);
    const sessionToken = await createSession(services.db, officer.id, now, { userAgent: c.req.header('user-agent') ?? null, ip });
    await services.db.batch([auditQuery(services.db.kysely, { officerId: officer.id, action: 'login', ip }, now)]);
    startSession(c, sessionToken);
    // A one-time password is good for one thing: choosing one's own.
    if (officer.must_change_password === 1) return c.redirect(`/office/password?next=${encodeURIComponent(next)}`, 303);
    return c.redirect(next, 303);
  })

  .post('/logout', requireRole(...ROLES.moderate), async (c) => {
    const services = c.var.services;
    if (!(await officeForm(c, buttonForm)).ok) throw new AppError(400, 'bad_form', c.var.t('error.badRequest'));
    const name = sessionCookieName(services.secureCookies);
    const token = getCookie(c, name);
    if (token) await deleteSession(services.db, token);
    await services.db.batch([auditQuery(services.db.kysely, { officerId: signedInOfficer(c).id, action: 'logout', ip: clientIp(c) }, services.clock())]);
    deleteCookie(c, name, { path: '/', secure: services.secureCookies });
    return c.redirect('/office/login', 303);
  })

  .get('/password', requireRole(...ROLES.moderate), async (c) => {
    const forced = signedInOfficer(c).mustChangePassword === true;
    return page(c, <PasswordPage ctx={await officeContext(c)} error={null} flash={takeFlash(c)} min={MIN_PASSWORD_LENGTH} forced={forced} then={safeNext(c.req.query('next'))} />);
  })

  .post('/password', requireRole(...ROLES.moderate), async (c) => {
    const services = c.var.services;
    const t = c.var.t;
    const form = await officeForm(c, passwordForm);
    if (!form.ok) throw new AppError(400, 'bad_form', t('error.badRequest'));
    const me = signedInOfficer(c);
    const forced = me.mustChangePassword === true;
    const then = safeNext(form.data.then || undefined);
    const result = await changePassword(services, { officerId: me.id, current: form.data.current, next: form.data.next, actor: actorOf(c) });
    if (!result.ok) {
      const error = result.code === 'wrong' ? t('auth.password.wrong') : result.code === 'same' ? t('auth.password.same') : t('auth.password.short', { min: MIN_PASSWORD_LENGTH });
      return page(c, <PasswordPage ctx={await officeContext(c)} error={error} flash={null} min={MIN_PASSWORD_LENGTH} forced={forced} then={then} />, 422);
    }
    // Every session ended with the change; this browser gets a fresh one.
    startSession(c, await createSession(services.db, me.id, services.clock(), { userAgent: c.req.header('user-agent') ?? null, ip: clientIp(c) }));
    setFlash(c, t('auth.password.done'));
    // After a one-time password, on to where the officer was going; otherwise back to the form.
    return c.redirect(forced ? then : '/office/password', 303);
  })

  .get('/accounts', requireRole(...ROLES.admin), async (c) => {
    return renderAccounts(c, { flash: takeFlash(c) });
  })

  .post('/accounts', requireRole(...ROLES.admin), async (c) => {
    const t = c.var.t;
    const form = await officeForm(c, accountForm);
    const values = { email: form.values.email?.trim() ?? '', name: form.values.name?.trim() ?? '', role: form.values.role ?? 'officer' };
    if (!form.ok) return renderAccounts(c, { flash: null, errors: form.errors, values }, 422);
    const result = await createAccount(c.var.services, { ...form.data, actor: actorOf(c) });
    if (!result.ok) {
      const field = result.code === 'role_invalid' ? 'role' : 'email';
      return renderAccounts(c, { flash: null, errors: { [field]: t(`auth.accounts.error.${result.code}`, result.params) }, values }, 422);
    }
    // The password is shown in this response only, never put in a URL or a cookie.
    c.header('Cache-Control', 'no-store');
    return renderAccounts(c, { flash: t('auth.accounts.created', { email: result.officer.email, password: result.password }) });
  })

  .post('/accounts/:id/:action{reset-password|disable|enable}', requireRole(...ROLES.admin), async (c) => {
    const services = c.var.services;
    const t = c.var.t;
    if (!(await officeForm(c, buttonForm)).ok) throw new AppError(400, 'bad_form', t('error.badRequest'));
    const officerId = positiveInt(c.req.param('id'));
    const notFound = () => new AppError(404, 'not_found', t('auth.accounts.notFound'));
    if (officerId === null) throw notFound();
    if (c.req.param('action') === 'reset-password') {
      const result = await resetAccountPassword(services, { officerId, actor: actorOf(c) });
      if (!result.ok) throw notFound();
      c.header('Cache-Control', 'no-store');
      return renderAccounts(c, { flash: t('auth.accounts.resetDone', { email: result.email, password: result.password }) });
    }
    const disabled = c.req.param('action') === 'disable';
    const result = await setAccountDisabled(services, { officerId, disabled, actor: actorOf(c) });
    if (!result.ok) throw result.code === 'not_self' ? new AppError(409, 'not_self', t('auth.accounts.notSelf')) : notFound();
    setFlash(c, disabled ? t('auth.accounts.disabledDone', { email: result.email }) : t('auth.accounts.enabledDone', { email: result.email }));
    return c.redirect('/office/accounts', 303);
  })

  .get('/audit', requireRole(...ROLES.admin), async (c) => {
    const before = positiveInt(c.req.query('before')) ?? undefined;
    const entries = await listAuditEntries(c.var.services.db, { before, limit: 100 });
    const last = entries[entries.length - 1];
    const olderHref = entries.length === 100 && last ? `/office/audit?before=${last.id}` : null;
    return page(c, <AuditPage ctx={await officeContext(c)} entries={presentAuditEntries(entries, c.var.locale)} olderHref={olderHref} />);
  });
