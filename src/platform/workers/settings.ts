// Workers' settings: the bindings and vars of wrangler.toml (and secrets), parsed once per
// isolate with the same rules as Node's environment variables. A bad value fails every request
// with every bad field named in the log, rather than some request later.
import type { D1Database, R2Bucket } from '@cloudflare/workers-types';
import { z } from 'zod';

/** What wrangler.toml binds (see the comments there). Vars and secrets arrive as strings. */
export interface Env {
  DB: D1Database;
  FILES: R2Bucket;
  /** Secret (`wrangler secret put SECRET`): the key for CSRF tokens and client keys, ≥ 32 characters. */
  SECRET: string;
  PUBLIC_BASE_URL?: string;
  MAIL_DOMAIN?: string;
  MAIL_FROM?: string;
  MAIL_MAX_BYTES?: string;
  COMMENT_RATE_LIMIT?: string;
  COMMENT_RATE_WINDOW_SECONDS?: string;
  OUTBOX_MAX_ATTEMPTS?: string;
  BENCH_ROUTES?: string;
  /** The HTTP mail API's endpoint (default https://api.resend.com/emails). */
  MAIL_API_URL?: string;
  /** Secret: the mail API's key. Unset: outgoing mail waits in the outbox. */
  MAIL_API_KEY?: string;
}

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const WorkerConfigSchema = z
  .object({
    PUBLIC_BASE_URL: z.url(),
    SECRET: z.string().min(32, 'must be at least 32 characters (wrangler secret put SECRET)'),
    MAIL_DOMAIN: z
      .string()
      .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i, 'must be a domain name')
      .default('yijian.localhost'),
    MAIL_FROM: z.string().min(3).optional(),
    // Email Routing takes messages up to 25 MiB.
    MAIL_MAX_BYTES: z.coerce.number().int().min(1024).default(25 * 1024 * 1024),
    COMMENT_RATE_LIMIT: z.coerce.number().int().min(1).default(20),
    COMMENT_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(600),
    OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
    BENCH_ROUTES: flag.default(false),
    MAIL_API_URL: z.url().default('https://api.resend.com/emails'),
    MAIL_API_KEY: z.string().min(1).optional(),
  })
  .transform((env) => {
    const mailDomain = env.MAIL_DOMAIN.toLowerCase();
    return {
      publicBaseUrl: env.PUBLIC_BASE_URL.replace(/\/$/, ''),
      secret: env.SECRET,
      mailDomain,
      mailFrom: env.MAIL_FROM ?? `征求意见 <noreply@${mailDomain}>`,
      mailMaxBytes: env.MAIL_MAX_BYTES,
      commentRateLimit: { limit: env.COMMENT_RATE_LIMIT, windowSeconds: env.COMMENT_RATE_WINDOW_SECONDS },
      outboxMaxAttempts: env.OUTBOX_MAX_ATTEMPTS,
      benchRoutes: env.BENCH_ROUTES,
      mailApi: env.MAIL_API_KEY ? { url: env.MAIL_API_URL, apiKey: env.MAIL_API_KEY } : null,
    };
  });

export type WorkerConfig = z.output<typeof WorkerConfigSchema>;

export function parseWorkerConfig(env: Env): WorkerConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => typeof v === 'string' && v !== ''));
  const result = WorkerConfigSchema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new Error(`Invalid Worker configuration (wrangler.toml vars and secrets):\n${problems.join('\n')}`);
  }
  return result.data;
}
