// Officer accounts: the drafting office's staff. Roles: admin (accounts, audit log, everything),
// officer (consultations, decisions, reports), moderator (moderation only). The account commands
// (create, disable, enable, reset a password, change one's own) each write the change and its
// audit entry in one batch.
import type { AppDatabase } from '../db/database.ts';
import type { Officer, OfficerRole } from '../db/schema.ts';
import type { Clock } from '../lib/time.ts';
import { type Actor, auditQuery } from './audit.ts';
import { generatePassword, MIN_PASSWORD_LENGTH, type PasswordHasher } from './passwords.ts';

export const OFFICER_ROLES: readonly OfficerRole[] = ['admin', 'officer', 'moderator'];

export interface SignedInOfficer {
  id: number;
  email: string;
  name: string | null;
  role: OfficerRole;
  /** Signed in with a one-time password someone else chose: nothing but a new password until then. */
  mustChangePassword?: boolean;
}

export type AccountErrorCode = 'email_invalid' | 'email_taken' | 'password_short' | 'role_invalid';

export class AccountError extends Error {
  constructor(
    readonly code: AccountErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What every new account is checked for, wherever it is created; null when it may be created. */
async function newOfficerRefusal(db: AppDatabase, input: { email: string; role: OfficerRole; password: string }): Promise<AccountErrorCode | null> {
  if (!EMAIL.test(input.email)) return 'email_invalid';
  if (!OFFICER_ROLES.includes(input.role)) return 'role_invalid';
  if ([...input.password].length < MIN_PASSWORD_LENGTH) return 'password_short';
  if (await findOfficerByEmail(db, input.email)) return 'email_taken';
  return null;
}

async function insertOfficerQuery(
  { db, passwords }: { db: AppDatabase; passwords: PasswordHasher },
  input: { email: string; name: string | null; role: OfficerRole; password: string; oneTime: boolean },
  now: Date,
) {
  const at = now.toISOString();
  return db.kysely
    .insertInto('officers')
    .values({
      email: input.email,
      name: input.name,
      role: input.role,
      password_hash: await passwords.hash(input.password),
      must_change_password: input.oneTime ? 1 : 0,
      created_at: at,
      updated_at: at,
    })
    .compile();
}

/**
 * For the command line, the samples and the tests: refusals are thrown, worded for a terminal in
 * both languages. `oneTime`: the password was generated for the account (printed by user:add, the
 * first start's sample admin), so its owner must replace it at the first sign-in.
 */
export async function createOfficer(
  { db, passwords }: { db: AppDatabase; passwords: PasswordHasher },
  input: { email: string; name?: string | null; role: OfficerRole; password: string; oneTime?: boolean },
  now: Date,
): Promise<SignedInOfficer> {
  const email = input.email.trim().toLowerCase();
  const name = input.name?.trim() || null;
  const refusal = await newOfficerRefusal(db, { email, role: input.role, password: input.password });
  if (refusal === 'email_invalid') throw new AccountError(refusal, `邮箱地址无效 / invalid email: ${input.email}`);
  if (refusal === 'role_invalid') throw new AccountError(refusal, `角色无效 / invalid role: ${input.role}（admin / officer / moderator）`);
  if (refusal === 'password_short') {
    throw new AccountError(refusal, `密码至少 ${MIN_PASSWORD_LENGTH} 个字符 / password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (refusal === 'email_taken') throw new AccountError(refusal, `该邮箱已有账户 / an account with this email exists: ${email}`);
  const oneTime = input.oneTime === true;
  const [result] = await db.batch([await insertOfficerQuery({ db, passwords }, { email, name, role: input.role, password: input.password, oneTime }, now)]);
  return { id: Number(result!.lastInsertRowid), email, name, role: input.role, mustChangePassword: oneTime };
}

export async function findOfficerByEmail(db: AppDatabase, email: string): Promise<Officer | undefined> {
  return db.kysely.selectFrom('officers').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
}

export async function findOfficerById(db: AppDatabase, id: number): Promise<Officer | undefined> {
  return db.kysely.selectFrom('officers').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listOfficers(db: AppDatabase): Promise<Officer[]> {
  return db.kysely.selectFrom('officers').selectAll().orderBy('email').execute();
}

export function toSignedInOfficer(officer: Pick<Officer, 'id' | 'email' | 'name' | 'role' | 'must_change_password'>): SignedInOfficer {
  return { id: officer.id, email: officer.email, name: officer.name, role: officer.role, mustChangePassword: officer.must_change_password === 1 };
}

// ---- commands

export interface AccountDeps {
  db: AppDatabase;
  clock: Clock;
  passwords: PasswordHasher;
}

/** A new account with a one-time password, which the caller shows once and never stores. */
export async function createAccount(
  deps: AccountDeps,
  input: { email: string; name: string; role: OfficerRole; actor: Actor },
): Promise<{ ok: true; officer: SignedInOfficer; password: string } | { ok: false; code: 'email_invalid' | 'email_taken' | 'role_invalid'; params: { email: string } }> {
  const { db } = deps;
  const email = input.email.trim().toLowerCase();
  const name = input.name.trim() || null;
  const password = generatePassword();
  const refusal = await newOfficerRefusal(db, { email, role: input.role, password });
  // A generated password is never short.
  if (refusal && refusal !== 'password_short') return { ok: false, code: refusal, params: { email: refusal === 'email_taken' ? email : input.email } };
  const now = deps.clock();
  const k = db.kysely;
  const [result] = await db.batch([
    await insertOfficerQuery(deps, { email, name, role: input.role, password, oneTime: true }, now),
    auditQuery(
      k,
      {
        officerId: input.actor.officerId,
        action: 'create-account',
        targetType: 'officer',
        targetId: k.selectFrom('officers').select('id').where('email', '=', email),
        detail: { email, role: input.role },
        ip: input.actor.ip,
      },
      now,
    ),
  ]);
  return { ok: true, officer: { id: Number(result!.lastInsertRowid), email, name, role: input.role, mustChangePassword: true }, password };
}

function accountAudit(deps: AccountDeps, actor: Actor, target: Pick<Officer, 'id' | 'email'>, action: string, now: Date) {
  return auditQuery(deps.db.kysely, { officerId: actor.officerId, action, targetType: 'officer', targetId: target.id, detail: { email: target.email }, ip: actor.ip }, now);
}

/** A new one-time password for someone else's account; every session of that account ends. */
export async function resetAccountPassword(
  deps: AccountDeps,
  input: { officerId: number; actor: Actor },
): Promise<{ ok: true; email: string; password: string } | { ok: false; code: 'not_found' }> {
  const { db } = deps;
  const target = await findOfficerById(db, input.officerId);
  if (!target) return { ok: false, code: 'not_found' };
  const now = deps.clock();
  const password = generatePassword();
  await db.batch([
    db.kysely
      .updateTable('officers')
      .set({ password_hash: await deps.passwords.hash(password), must_change_password: 1, updated_at: now.toISOString() })
      .where('id', '=', target.id)
      .compile(),
    db.kysely.deleteFrom('sessions').where('officer_id', '=', target.id).compile(),
    accountAudit(deps, input.actor, target, 'reset-password', now),
  ]);
  return { ok: true, email: target.email, password };
}

/** Disabling ends every session of the account at once; nobody disables their own. */
export async function setAccountDisabled(
  deps: AccountDeps,
  input: { officerId: number; disabled: boolean; actor: Actor },
): Promise<{ ok: true; email: string } | { ok: false; code: 'not_found' | 'not_self' }> {
  const { db } = deps;
  const target = await findOfficerById(db, input.officerId);
  if (!target) return { ok: false, code: 'not_found' };
  if (target.id === input.actor.officerId) return { ok: false, code: 'not_self' };
  const now = deps.clock();
  await db.batch([
    db.kysely.updateTable('officers').set({ disabled_at: input.disabled ? now.toISOString() : null, updated_at: now.toISOString() }).where('id', '=', target.id).compile(),
    ...(input.disabled ? [db.kysely.deleteFrom('sessions').where('officer_id', '=', target.id).compile()] : []),
    accountAudit(deps, input.actor, target, input.disabled ? 'disable-account' : 'enable-account', now),
  ]);
  return { ok: true, email: target.email };
}

/**
 * An officer's own new password, given the current one; every session of the account ends (the
 * caller starts a fresh one). It replaces a one-time password, so it may not be the same one.
 */
export async function changePassword(
  deps: AccountDeps,
  input: { officerId: number; current: string; next: string; actor: Actor },
): Promise<{ ok: true } | { ok: false; code: 'wrong' | 'short' | 'same'; params?: { min: number } }> {
  const { db } = deps;
  const officer = await findOfficerById(db, input.officerId);
  if (!officer || !(await deps.passwords.verify(input.current, officer.password_hash))) return { ok: false, code: 'wrong' };
  if ([...input.next].length < MIN_PASSWORD_LENGTH) return { ok: false, code: 'short', params: { min: MIN_PASSWORD_LENGTH } };
  if (input.next.normalize('NFC') === input.current.normalize('NFC')) return { ok: false, code: 'same' };
  const now = deps.clock();
  await db.batch([
    db.kysely
      .updateTable('officers')
      .set({ password_hash: await deps.passwords.hash(input.next), must_change_password: 0, updated_at: now.toISOString() })
      .where('id', '=', officer.id)
      .compile(),
    db.kysely.deleteFrom('sessions').where('officer_id', '=', officer.id).compile(),
    auditQuery(db.kysely, { officerId: officer.id, action: 'change-password', targetType: 'officer', targetId: officer.id, ip: input.actor.ip }, now),
  ]);
  return { ok: true };
}

/**
 * After a successful sign-in: a password stored in a format other than the platform's own (an
 * scrypt hash on Workers, after moving from Node) is stored again in today's format. Only if the
 * hash is still the one that was checked, so a password changed meanwhile is never overwritten;
 * the password itself is unchanged, so sessions stay.
 */
export async function rehashIfOutdated(deps: { db: AppDatabase; passwords: PasswordHasher }, officer: Pick<Officer, 'id' | 'password_hash'>, password: string): Promise<boolean> {
  if (!deps.passwords.needsRehash?.(officer.password_hash)) return false;
  const [result] = await deps.db.batch([
    deps.db.kysely
      .updateTable('officers')
      .set({ password_hash: await deps.passwords.hash(password) })
      .where('id', '=', officer.id)
      .where('password_hash', '=', officer.password_hash)
      .compile(),
  ]);
  return result?.changes === 1;
}
