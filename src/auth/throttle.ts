// Login throttling, kept in the database so that every process (and a restart) sees the same
// count: at most 5 failures per account and 30 per client address in 15 minutes.
import type { AppDatabase } from '../db/database.ts';

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
const LIMITS = { email: 5, ip: 30 } as const;

function keys(email: string, ip: string) {
  return { email: `email:${email.trim().toLowerCase()}`, ip: `ip:${ip}` };
}

/** Seconds until another attempt is allowed, or 0 when one is allowed now. */
export async function loginRetryAfter(db: AppDatabase, email: string, ip: string, now: Date): Promise<number> {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS).toISOString();
  const k = keys(email, ip);
  let wait = 0;
  for (const [key, limit] of [[k.email, LIMITS.email], [k.ip, LIMITS.ip]] as const) {
    const rows = await db.kysely.selectFrom('login_failures').select('failed_at').where('key', '=', key).where('failed_at', '>', since).orderBy('failed_at', 'desc').limit(limit).execute();
    if (rows.length >= limit) {
      const oldest = Date.parse(rows[rows.length - 1]!.failed_at);
      wait = Math.max(wait, Math.ceil((oldest + THROTTLE_WINDOW_MS - now.getTime()) / 1000));
    }
  }
  return Math.max(0, wait);
}

export async function recordLoginFailure(db: AppDatabase, email: string, ip: string, now: Date): Promise<void> {
  const k = keys(email, ip);
  const at = now.toISOString();
  await db.batch([
    db.kysely.insertInto('login_failures').values([{ key: k.email, failed_at: at }, { key: k.ip, failed_at: at }]).compile(),
    db.kysely.deleteFrom('login_failures').where('failed_at', '<', new Date(now.getTime() - THROTTLE_WINDOW_MS).toISOString()).compile(),
  ]);
}

export async function clearLoginFailures(db: AppDatabase, email: string): Promise<void> {
  await db.batch([db.kysely.deleteFrom('login_failures').where('key', '=', keys(email, '').email).compile()]);
}
