// Data access for email subscriptions.
import type { AppDatabase } from '../db/database.ts';
import type { Subscription } from '../db/schema.ts';

/** Addresses are kept and compared trimmed and in lower case. */
export function normaliseAddress(email: string): string {
  return email.trim().toLowerCase();
}

export async function findSubscriptionByToken(db: AppDatabase, token: string): Promise<Subscription | undefined> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return undefined;
  return db.kysely.selectFrom('subscriptions').selectAll().where('token', '=', token).executeTakeFirst();
}

export async function findSubscriptionByAddress(db: AppDatabase, consultationId: number, email: string): Promise<Subscription | undefined> {
  return db.kysely.selectFrom('subscriptions').selectAll().where('consultation_id', '=', consultationId).where('email', '=', normaliseAddress(email)).executeTakeFirst();
}

export async function listConfirmedSubscriptions(db: AppDatabase, consultationId: number): Promise<Subscription[]> {
  return db.kysely.selectFrom('subscriptions').selectAll().where('consultation_id', '=', consultationId).where('state', '=', 'confirmed').orderBy('id').execute();
}

export async function countSubscriptions(db: AppDatabase, consultationId: number): Promise<{ pending: number; confirmed: number }> {
  const rows = await db.kysely
    .selectFrom('subscriptions')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('consultation_id', '=', consultationId)
    .groupBy('state')
    .execute();
  const counts = { pending: 0, confirmed: 0 };
  for (const row of rows) counts[row.state] = Number(row.n);
  return counts;
}
