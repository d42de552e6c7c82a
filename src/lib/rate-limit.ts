// A fixed-window counter per client. The core takes any CommentRateLimiter; this one keeps the
// counts in memory, which is right for one Node process. Workers run many isolates for one site,
// so they give the app a limiter kept in D1 (src/platform/workers/rate-limit.ts) instead.
export interface RateDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

export interface CommentRateLimiter {
  /** Counts one request for this key at `now` (ms) and says whether it is within the limit. */
  take(key: string, now: number): RateDecision | Promise<RateDecision>;
}

export class RateLimiter implements CommentRateLimiter {
  private windows = new Map<string, { start: number; count: number }>();
  private lastSweep = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  take(key: string, now: number): RateDecision {
    this.sweep(now);
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    if (window.count >= this.limit) {
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000)) };
    }
    window.count += 1;
    return { allowed: true, retryAfterSeconds: 0 };
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [key, window] of this.windows) if (now - window.start >= this.windowMs) this.windows.delete(key);
  }
}
