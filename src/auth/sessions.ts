// Server-side sessions. The cookie holds a random token; the table holds only its SHA-256, so a
// leaked copy of the database cannot be replayed as a login.
import type { AppDatabase } from '../db/database.ts';
import type { SignedInOfficer } from './accounts.ts';
import { randomToken } from './csrf.ts';

/** Idle time after which a session ends, and its longest life whatever the activity. */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
export const SESSION_MAX_MS = 7 * 24 * 60 * 60 * 1000;
/** last_seen_at is refreshed at most this often: one write per officer per few minutes, not per request. */
const TOUCH_EVERY_MS = 5 * 60 * 1000;

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function createSession(db: AppDatabase, officerId: number, now: Date, meta: { userAgent?: string | null; ip?: string | null } = {}): Promise<string> {
  const token = randomToken(32);
  const at = now.toISOString();
  await db.batch([
    db.kysely
      .insertInto('sessions')
      .values({
        id: await sha256(token),
        officer_id: officerId,
        created_at: at,
        last_seen_at: at,
        expires_at: new Date(now.getTime() + SESSION_IDLE_MS).toISOString(),
        user_agent: meta.userAgent?.slice(0, 300) ?? null,
        ip: meta.ip ?? null,
      })
      .compile(),
    // Old sessions are swept on each login rather than by a job: logins are rare.
    db.kysely.deleteFrom('sessions').where('expires_at', '<', at).compile(),
  ]);
  return token;
}

/** The officer a session token belongs to, or null if it is unknown, expired or the account is disabled. */
export async function findSessionOfficer(db: AppDatabase, token: string, now: Date): Promise<SignedInOfficer | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const id = await sha256(token);
  const row = await db.kysely
    .selectFrom('sessions')
    .innerJoin('officers', 'officers.id', 'sessions.officer_id')
    .select(['sessions.id as session_id', 'sessions.created_at', 'sessions.last_seen_at', 'sessions.expires_at', 'officers.id', 'officers.email', 'officers.name', 'officers.role', 'officers.disabled_at', 'officers.must_change_password'])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  if (!row || row.disabled_at) return null;
  const at = now.getTime();
  if (Date.parse(row.expires_at) <= at || Date.parse(row.created_at) + SESSION_MAX_MS <= at) return null;
  if (at - Date.parse(row.last_seen_at) >= TOUCH_EVERY_MS) {
    const expires = Math.min(at + SESSION_IDLE_MS, Date.parse(row.created_at) + SESSION_MAX_MS);
    await db.batch([
      db.kysely.updateTable('sessions').set({ last_seen_at: now.toISOString(), expires_at: new Date(expires).toISOString() }).where('id', '=', id).compile(),
    ]);
  }
  return { id: row.id, email: row.email, name: row.name, role: row.role, mustChangePassword: row.must_change_password === 1 };
}

export async function deleteSession(db: AppDatabase, token: string): Promise<void> {
  await db.batch([db.kysely.deleteFrom('sessions').where('id', '=', await sha256(token)).compile()]);
}

export async function deleteSessionsOf(db: AppDatabase, officerId: number): Promise<void> {
  await db.batch([db.kysely.deleteFrom('sessions').where('officer_id', '=', officerId).compile()]);
}
