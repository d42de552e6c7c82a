// Login throttling, kept in the database so that every process, every Workers isolate and a
// restart see the same count: at most 5 failures per account and 30 per client address in
// 15 minutes.
//
// An attempt is counted BEFORE its password is checked, by one conditional INSERT that adds a row
// for the account and one for the address only while both are under their limits. SQLite (and
// D1, one writer per database) runs that statement atomically, so a burst of concurrent guesses
// cannot all pass a check made before any of them is recorded: the sixth concurrent attempt on an
// account finds five rows. A successful sign-in removes its own rows and the account's failures.
import { CompiledQuery } from 'kysely';
import type { AppDatabase } from '../db/database.ts';

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
const LIMITS = { email: 5, ip: 30 } as const;

function keys(email: string, ip: string) {
  return { email: `email:${email.trim().toLowerCase()}`, ip: `ip:${ip}` };
}

const TAKE_ATTEMPT = `INSERT INTO login_failures (key, failed_at)
  SELECT value, ? FROM json_each(?)
  WHERE (SELECT count(*) FROM login_failures WHERE key = ? AND failed_at > ?) < ?
    AND (SELECT count(*) FROM login_failures WHERE key = ? AND failed_at > ?) < ?
  RETURNING id`;

/** An attempt counted as a failure until it succeeds. */
export interface LoginAttempt {
  email: string;
  rowIds: number[];
}

export type AttemptOutcome = { ok: true; attempt: LoginAttempt } | { ok: false; retryAfterSeconds: number };

/**
 * Counts one sign-in attempt for this account and address, or refuses with the seconds until one
 * is allowed. Call before checking the password; then settle it with loginSucceeded (or leave it
 * standing: a failure is exactly the row it already wrote).
 */
export async function takeLoginAttempt(db: AppDatabase, email: string, ip: string, now: Date): Promise<AttemptOutcome> {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS).toISOString();
  const k = keys(email, ip);
  const [taken] = await db.batch([
    CompiledQuery.raw(TAKE_ATTEMPT, [now.toISOString(), JSON.stringify([k.email, k.ip]), k.email, since, LIMITS.email, k.ip, since, LIMITS.ip]),
    // Old failures count for nothing; they are swept with every attempt.
    db.kysely.deleteFrom('login_failures').where('failed_at', '<=', since).compile(),
  ]);
  const rowIds = (taken?.rows ?? []).map((row) => Number((row as { id: number }).id));
  if (rowIds.length > 0) return { ok: true, attempt: { email, rowIds } };
  return { ok: false, retryAfterSeconds: Math.max(1, await loginRetryAfter(db, email, ip, now)) };
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

/** The attempt was right: it no longer counts, nor do the account's earlier failures. */
export async function loginSucceeded(db: AppDatabase, attempt: LoginAttempt): Promise<void> {
  await db.batch([
    db.kysely.deleteFrom('login_failures').where('id', 'in', attempt.rowIds).compile(),
    db.kysely.deleteFrom('login_failures').where('key', '=', keys(attempt.email, '').email).compile(),
  ]);
}
