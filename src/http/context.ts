import type { Context } from 'hono';
import type { Signer } from '../auth/csrf.ts';
import type { PasswordHasher } from '../auth/passwords.ts';
import type { AppDatabase } from '../db/database.ts';
import type { FileStore } from '../db/files.ts';
import type { Locale, Translate } from '../lib/i18n.ts';
import type { CommentRateLimiter } from '../lib/rate-limit.ts';
import type { Clock } from '../lib/time.ts';
import type { PageContext } from '../../views/shared/context.ts';
import type { ReadinessCheck } from './health.ts';
import type { RequestLogger } from './request-log.ts';

export interface AppSettings {
  publicBaseUrl: string;
  secret: string;
  commentRateLimit: { limit: number; windowSeconds: number };
  benchRoutes: boolean;
  /** Domain of the intake addresses (MAIL_DOMAIN); 'yijian.localhost' when absent. Public pages show the intake address only when set. */
  mailDomain?: string;
  /** MAIL_MAX_BYTES: the largest message the office may upload (and SMTP accepts); 25 MB when absent. */
  mailMaxBytes?: number;
  /** RETENTION_DAYS: contact details are kept this long after a consultation's results; 365 when absent. */
  retentionDays?: number;
}

/** What the platform gives the app: Node and Workers each build one of these. */
export interface AppDeps {
  db: AppDatabase;
  clock: Clock;
  /** Officers' password hashing (the format is the core's, the key derivation the platform's). */
  passwords: PasswordHasher;
  settings: AppSettings;
  /** Object storage for raw mail and attachments (Workers: R2); absent on Node, where they stay in SQLite. */
  files?: FileStore;
  /**
   * The comment rate limit. Absent: a counter in this process's memory (Node: one process). Workers
   * give one kept in D1, since many isolates serve one site.
   */
  commentLimiter?: CommentRateLimiter;
  /** The client's address as the platform sees it (socket, or a trusted proxy header). */
  clientAddress(c: Context): string;
  /** Files under /static/: the stylesheet and htmx. */
  staticAsset?(name: string): { body: Uint8Array; contentType: string } | null;
  /** Where the one line per request goes (stdout on Node); none: requests are not logged. */
  requestLog?: RequestLogger;
  /** What /readyz checks besides the database answering: the platform's own needs. */
  readiness?: ReadinessCheck[];
  /** Where mail is read and understood, off the request path (worker threads on Node); this thread when absent. */
  mailReader?: import('../mail/inbound/reading.ts').MailReader;
}

/** Built once per app from the deps; shared by every module. */
export interface AppServices extends AppDeps {
  signer: Signer;
  commentLimiter: CommentRateLimiter;
  secureCookies: boolean;
  pages: import('../drafts/page-cache.ts').PageCache;
  consultations: import('../drafts/consultation-cache.ts').ConsultationCache;
  /** The site's own origin, for the CSRF origin check. */
  publicOrigin: string;
  /** Drops everything cached about a consultation after this process changed it. */
  consultationChanged(slug: string): void;
}

export type AppEnv = {
  Variables: {
    services: AppServices;
    /** Set first for every request (request-log.ts): in X-Request-Id, the log line and error pages. */
    requestId: string;
    locale: Locale;
    t: Translate;
    /** Set by the auth guards: the signed-in officer, or null once looked up and absent. */
    officer: import('../auth/accounts.ts').SignedInOfficer | null | undefined;
    /** Set by loadConsultation under /office/consultations/:slug; read it with consultationOf(c). */
    consultation: import('../db/schema.ts').Consultation | undefined;
  };
};

export type AppContext = Context<AppEnv>;

export function pathWithQuery(c: Context): string {
  const url = new URL(c.req.url);
  return `${url.pathname}${url.search}`;
}

export function pageContext(c: AppContext, csrfToken = ''): PageContext {
  return { locale: c.var.locale, t: c.var.t, path: pathWithQuery(c), csrfToken };
}

/** zod-validator hooks receive a Context typed without the app's variables; they are there. */
export function asAppContext(c: Context): AppContext {
  return c as unknown as AppContext;
}

/**
 * A path parameter of the base path a sub-app is mounted at (e.g. the :slug of
 * /consultations/:slug): always there, since the route matched it.
 */
export function routeParam(c: Context, name: string): string {
  const value = c.req.param(name) as string | undefined;
  if (value === undefined) throw new Error(`route parameter :${name} is missing from ${c.req.routePath}`);
  return value;
}
