// The comment rate limit on Workers. Many isolates (in many locations) serve one site, so a count
// in memory would let each isolate allow the full limit. The count is kept in D1 instead: one
// UPSERT per submission that starts a new window or adds one to the current one and returns the
// result, atomically (D1 has one writer per database). Durable Objects would also be exact, at the
// price of another binding and class; the Rate Limiting binding is not: it counts per Cloudflare
// location, eventually, over 10 or 60 seconds only, where the limit is 20 per 10 minutes.
import { CompiledQuery } from 'kysely';
import type { AppDatabase } from '../../db/database.ts';
import type { CommentRateLimiter, RateDecision } from '../../lib/rate-limit.ts';

// In DO UPDATE SET, every expression reads the row as it was before this statement.
const TAKE = `INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, 1)
  ON CONFLICT (key) DO UPDATE SET
    window_start = CASE WHEN excluded.window_start - rate_limits.window_start >= ? THEN excluded.window_start ELSE rate_limits.window_start END,
    count = CASE WHEN excluded.window_start - rate_limits.window_start >= ? THEN 1 ELSE rate_limits.count + 1 END
  RETURNING window_start, count`;

export class D1RateLimiter implements CommentRateLimiter {
  constructor(
    private readonly db: AppDatabase,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  async take(key: string, now: number): Promise<RateDecision> {
    const [result] = await this.db.batch([CompiledQuery.raw(TAKE, [`comment:${key}`, now, this.windowMs, this.windowMs])]);
    const row = result?.rows[0] as { window_start: number; count: number } | undefined;
    if (!row || row.count <= this.limit) return { allowed: true, retryAfterSeconds: 0 };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((row.window_start + this.windowMs - now) / 1000)) };
  }

  /** Windows that ended count for nothing; the cron run removes them. */
  async sweep(now: number): Promise<number> {
    const [result] = await this.db.batch([this.db.kysely.deleteFrom('rate_limits').where('window_start', '<=', now - this.windowMs).compile()]);
    return result?.changes ?? 0;
  }
}
