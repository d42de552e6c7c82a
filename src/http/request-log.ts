// Every request gets an id, sent back in X-Request-Id and shown on error pages, so that a citizen's
// complaint ("the page said R-…") leads to the one log line of that request. The line names the
// route's pattern, never the path as typed (a tracking number or a token in a path would be
// personal), and never the query string, the address or any header.
import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { AppEnv } from './context.ts';

export interface RequestLogEntry {
  /** When the request arrived (ISO 8601, UTC). */
  time: string;
  requestId: string;
  method: string;
  /** The pattern that answered, e.g. /consultations/:slug; null when nothing matched (404). */
  route: string | null;
  status: number;
  /** Milliseconds from arrival to the response being ready (not to its last byte). */
  durationMs: number;
}

export type RequestLogger = (entry: RequestLogEntry) => void;

// Crockford base32, as tracking numbers: unambiguous when read out over the telephone.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
let pool = new Uint8Array(0);
let offset = 0;

/** R-7K3M-9QXA-2B4C: 60 random bits, unique enough for years of logs. */
export function newRequestId(): string {
  if (offset + 12 > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(4096));
    offset = 0;
  }
  let id = 'R';
  for (let i = 0; i < 12; i++) id += `${i % 4 === 0 ? '-' : ''}${ALPHABET[pool[offset++]! & 31]}`;
  return id;
}

/** The route that answered: the last matched pattern that is a handler, not a middleware. */
function routePattern(c: Parameters<MiddlewareHandler>[0]): string | null {
  const routes = matchedRoutes(c);
  for (let i = routes.length - 1; i >= 0; i--) {
    const route = routes[i]!;
    if (route.method !== 'ALL') return route.path;
  }
  return null;
}

export function requestLog(log: RequestLogger | undefined): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const time = new Date().toISOString();
    const requestId = newRequestId();
    c.set('requestId', requestId);
    // Set before the response exists, every response made through the context carries it
    // (setting it afterwards would copy each finished response).
    c.header('X-Request-Id', requestId);
    await next();
    log?.({
      time,
      requestId,
      method: c.req.method,
      route: routePattern(c),
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}
