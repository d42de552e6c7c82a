// Officer accounts: the drafting office's staff. Roles: admin (accounts, audit log, everything),
// officer (consultations, decisions, reports), moderator (moderation only).
import type { AppDatabase } from '../db/database.ts';
import type { Officer, OfficerRole } from '../db/schema.ts';
import { MIN_PASSWORD_LENGTH, type PasswordHasher } from './passwords.ts';

export const OFFICER_ROLES: readonly OfficerRole[] = ['admin', 'officer', 'moderator'];

export interface SignedInOfficer {
  id: number;
  email: string;
  name: string | null;
  role: OfficerRole;
}

export class AccountError extends Error {
  constructor(
    readonly code: 'email_invalid' | 'email_taken' | 'password_short' | 'role_invalid',
    message: string,
  ) {
    super(message);
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function createOfficer(
  { db, passwords }: { db: AppDatabase; passwords: PasswordHasher },
  input: { email: string; name?: string | null; role: OfficerRole; password: string },
  now: Date,
): Promise<SignedInOfficer> {
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email)) throw new AccountError('email_invalid', `邮箱地址无效 / invalid email: ${input.email}`);
  if (!OFFICER_ROLES.includes(input.role)) throw new AccountError('role_invalid', `角色无效 / invalid role: ${input.role}（admin / officer / moderator）`);
  if ([...input.password].length < MIN_PASSWORD_LENGTH) {
    throw new AccountError('password_short', `密码至少 ${MIN_PASSWORD_LENGTH} 个字符 / password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (await findOfficerByEmail(db, email)) throw new AccountError('email_taken', `该邮箱已有账户 / an account with this email exists: ${email}`);
  const at = now.toISOString();
  const [result] = await db.batch([
    db.kysely
      .insertInto('officers')
      .values({ email, name: input.name?.trim() || null, role: input.role, password_hash: await passwords.hash(input.password), created_at: at, updated_at: at })
      .compile(),
  ]);
  return { id: Number(result!.lastInsertRowid), email, name: input.name?.trim() || null, role: input.role };
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

export function toSignedInOfficer(officer: Pick<Officer, 'id' | 'email' | 'name' | 'role'>): SignedInOfficer {
  return { id: officer.id, email: officer.email, name: officer.name, role: officer.role };
}
