// Login throttling, kept in the database so that every process (and a restart) sees the same
// count: at most 5 failures per account and 30 per client address in 15 minutes.
//
// An attempt is reserved before its password is hashed: one conditional INSERT writes a row for
// the account and one for the address only while both counts are under their limits. Writes are
// serialised (one writer thread per process, SQLite's write lock across processes), so of a burst
// of concurrent guesses no more than the limit get past this point, however slow the hash. The
// reserved rows count as failures unless the attempt succeeds, which deletes them.
import { CompiledQuery } from 'kysely';
import type { AppDatabase } from '../db/database.ts';

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const LOGIN_LIMITS = { email: 5, ip: 30 } as const;

function keys(email: string, ip: string) {
  return { email: `email:${email.trim().toLowerCase()}`, ip: `ip:${ip}` };
}

const RESERVE = `INSERT INTO login_failures (key, failed_at, attempt)
  SELECT candidate.key, ?, ? FROM (SELECT ? AS key UNION ALL SELECT ?) AS candidate
  WHERE (SELECT count(*) FROM login_failures WHERE key = ? AND failed_at > ?) < ${LOGIN_LIMITS.email}
    AND (SELECT count(*) FROM login_failures WHERE key = ? AND failed_at > ?) < ${LOGIN_LIMITS.ip}`;

export type LoginReservation = { ok: true; attempt: string } | { ok: false; retryAfterSeconds: number };

/** Seconds until another attempt is allowed, or 0 when one is allowed now. */
export async function loginRetryAfter(db: AppDatabase, email: string, ip: string, now: Date): Promise<number> {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS).toISOString();
  const k = keys(email, ip);
  let wait = 0;
  for (const [key, limit] of [[k.email, LOGIN_LIMITS.email], [k.ip, LOGIN_LIMITS.ip]] as const) {
    const rows = await db.kysely.selectFrom('login_failures').select('failed_at').where('key', '=', key).where('failed_at', '>', since).orderBy('failed_at', 'desc').limit(limit).execute();
    if (rows.length >= limit) {
      const oldest = Date.parse(rows[rows.length - 1]!.failed_at);
      wait = Math.max(wait, Math.ceil((oldest + THROTTLE_WINDOW_MS - now.getTime()) / 1000));
    }
  }
  return Math.max(0, wait);
}

/**
 * Takes one attempt for this account and address, counted as a failure until confirmed; refused
 * (with the seconds to wait) when either is at its limit. Call it before hashing the password.
 */
export async function reserveLoginAttempt(db: AppDatabase, email: string, ip: string, now: Date): Promise<LoginReservation> {
  const k = keys(email, ip);
  const at = now.toISOString();
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS).toISOString();
  const attempt = crypto.randomUUID();
  const [reserved] = await db.batch([
    CompiledQuery.raw(RESERVE, [at, attempt, k.email, k.ip, k.email, since, k.ip, since]),
    // Old rows are swept here rather than by a job: attempts are rare.
    db.kysely.deleteFrom('login_failures').where('failed_at', '<', since).compile(),
  ]);
  if (reserved && reserved.changes > 0) return { ok: true, attempt };
  return { ok: false, retryAfterSeconds: Math.max(1, await loginRetryAfter(db, email, ip, now)) };
}

/** The attempt signed in: its rows go, and so do the account's earlier failures. */
export async function confirmLoginAttempt(db: AppDatabase, attempt: string, email: string): Promise<void> {
  await db.batch([
    db.kysely.deleteFrom('login_failures').where('attempt', '=', attempt).compile(),
    db.kysely.deleteFrom('login_failures').where('key', '=', keys(email, '').email).compile(),
  ]);
}
