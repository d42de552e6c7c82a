// /healthz: the process answers (a load balancer's liveness probe; it touches nothing).
// /readyz: it can do its work — the database answers, and whatever the platform knows it needs
// (migrations applied, the writer thread, free disk) is in order. 503 names what is not.
import { Hono } from 'hono';
import { sql } from 'kysely';
import type { AppEnv } from './context.ts';

/** One thing the platform checks for readiness: null when fine, else the reason. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<string | null> | string | null;
}

/** A check that has not answered within this is taken as failed: a monitor must not hang. */
const CHECK_TIMEOUT_MS = 3_000;

async function runCheck(check: ReadinessCheck): Promise<string | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${CHECK_TIMEOUT_MS} ms`), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([Promise.resolve().then(() => check.check()), timeout]);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
}

export const healthRoutes = new Hono<AppEnv>()
  .get('/healthz', (c) => c.json({ status: 'alive' }, 200, { 'Cache-Control': 'no-store' }))
  .get('/readyz', async (c) => {
    const { db, readiness = [] } = c.var.services;
    const checks: ReadinessCheck[] = [
      {
        name: 'database',
        async check() {
          await sql`SELECT 1`.execute(db.kysely);
          return null;
        },
      },
      ...readiness,
    ];
    const outcomes = await Promise.all(checks.map(async (check) => [check.name, await runCheck(check)] as const));
    const failed = outcomes.filter(([, reason]) => reason !== null);
    const body = {
      status: failed.length ? 'unavailable' : 'ready',
      checks: Object.fromEntries(outcomes.map(([name, reason]) => [name, reason ?? 'ok'])),
      ...(failed.length ? { reasons: failed.map(([name, reason]) => `${name}: ${reason}`) } : {}),
    };
    return c.json(body, failed.length ? 503 : 200, { 'Cache-Control': 'no-store' });
  });
