// How much a request may send, by what its route is for. Every route is limited: a route that
// takes more than its area's default says so with limitBody() (sign-in less, uploads more), and
// every other route gets its area's default from bodyLimits(), mounted once in app.tsx. A body
// over the limit is refused with 413 and a message in the user's language before it is read: a
// declared Content-Length is enough, and a chunked body is read only up to the limit.
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { AppContext, AppEnv } from './context.ts';
import { AppError } from './errors.ts';

/** The office's forms (settings, structure edits, decisions, bulk moderation): text an officer types. */
export const OFFICE_FORM_BYTES = 1024 * 1024;
/** Anything public that has no limit of its own: nothing on the public site takes a large body. */
export const PUBLIC_BYTES = 64 * 1024;
/**
 * A comment (5,000 characters, each up to nine bytes percent-encoded, with its name, organisation
 * and contact), as the form sends it.
 */
export const COMMENT_FORM_BYTES = 128 * 1024;
/** The same comment as JSON (UTF-8, or \u escapes at six bytes a character). */
export const COMMENT_JSON_BYTES = 64 * 1024;
/** An email address, a password and where to go next. */
export const SIGN_IN_BYTES = 16 * 1024;

/** Marks a middleware as a route's own body limit, so that bodyLimits() leaves the route to it. */
export const BODY_LIMIT = Symbol('yijian.bodyLimit');

export function sizeLabel(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}

function tooLarge(maxBytes: number, message?: (c: AppContext) => string) {
  return (c: AppContext): never => {
    throw new AppError(413, 'too_large', message ? message(c) : c.var.t('error.tooLarge', { limit: sizeLabel(maxBytes) }));
  };
}

/**
 * This route's limit. `maxBytes` may depend on the request (a setting the app reads per request);
 * `message` words the refusal when the generic one would say too little.
 */
export function limitBody(maxBytes: number | ((c: AppContext) => number), message?: (c: AppContext, maxBytes: number) => string): MiddlewareHandler<AppEnv> {
  const middleware = createMiddleware<AppEnv>(async (c, next) => {
    const max = typeof maxBytes === 'number' ? maxBytes : maxBytes(c);
    // A declared length is judged from the headers alone. Touching the request's body here would
    // turn Node's fast body reading into a Web stream and halve the throughput of every form POST.
    const headers = c.req.raw.headers;
    const length = headers.get('content-length');
    if (length !== null && !headers.has('transfer-encoding')) {
      if (Number.parseInt(length, 10) > max) tooLarge(max, message ? (cc) => message(cc, max) : undefined)(c);
      return next();
    }
    let reached = false;
    try {
      return await bodyLimit({ maxSize: max, onError: tooLarge(max, message ? (cc) => message(cc, max) : undefined) })(c, () => {
        reached = true;
        return next();
      });
    } catch (error) {
      // A chunked body that breaks off or is not valid chunked encoding is the client's fault.
      if (reached || error instanceof HTTPException) throw error;
      throw new AppError(400, 'bad_request', c.var.t('error.badRequest'));
    }
  });
  return Object.assign(middleware, { [BODY_LIMIT]: maxBytes });
}

/** The limit a route declares with limitBody(), if it does. */
export function declaredBodyLimit(handler: unknown): number | ((c: AppContext) => number) | undefined {
  return (handler as Record<symbol, number | ((c: AppContext) => number) | undefined> | null)?.[BODY_LIMIT];
}

/**
 * The default of every route without its own limit: the office's forms, or the public site's.
 * GET and HEAD carry no body a route reads (Node discards one).
 */
export function bodyLimits(): MiddlewareHandler<AppEnv> {
  const office = limitBody(OFFICE_FORM_BYTES);
  const site = limitBody(PUBLIC_BYTES);
  return createMiddleware<AppEnv>(async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    if (matchedRoutes(c).some((route) => declaredBodyLimit(route.handler) !== undefined)) return next();
    return (c.req.path.startsWith('/office/') ? office : site)(c, next);
  });
}
