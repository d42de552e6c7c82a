// Settings come from environment variables, parsed once at start-up. A bad value stops the
// process with every bad field named, rather than failing later in some request.
import { z } from 'zod';

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

export const ConfigSchema = z
  .object({
    PORT: z.coerce.number().int().min(1).max(65535).default(8787),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATA_DIR: z.string().min(1).default('./data'),
    PUBLIC_BASE_URL: z.url().optional(),
    /** HMAC key for CSRF tokens and client keys; generated and kept in DATA_DIR when unset. */
    SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    SEED_SAMPLES: flag.default(true),
    COMMENT_RATE_LIMIT: z.coerce.number().int().min(1).default(20),
    COMMENT_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(600),
    TRUST_PROXY: flag.default(false),
    BENCH_ROUTES: flag.default(false),
    /** The built-in SMTP listener (mail to the intake addresses); 0 picks any free port. */
    SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
    /** Domain of the intake addresses (<slug>@MAIL_DOMAIN) and of outgoing Message-IDs. */
    MAIL_DOMAIN: z
      .string()
      .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i, 'must be a domain name, e.g. yijian.example.org')
      .default('yijian.localhost'),
    MAIL_MAX_BYTES: z.coerce.number().int().min(1024).default(25 * 1024 * 1024),
    /** SMTP connections open at once, from everyone together. */
    SMTP_MAX_CLIENTS: z.coerce.number().int().min(1).max(10_000).default(64),
    /** SMTP connections open at once from one client address, so that one address cannot take them all. */
    SMTP_MAX_CLIENTS_PER_ADDRESS: z.coerce.number().int().min(1).max(10_000).default(8),
    /** Threads that read and understand incoming mail, off the thread that answers web requests. */
    MAIL_READ_THREADS: z.coerce.number().int().min(1).max(16).default(1),
    /** Seconds an SMTP connection may stay silent before it is closed. */
    SMTP_IDLE_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
    /** PEM files: with both set, the SMTP listener offers STARTTLS. */
    SMTP_TLS_KEY_FILE: z.string().min(1).optional(),
    SMTP_TLS_CERT_FILE: z.string().min(1).optional(),
    /** imaps://user:pass@host:port: the office's own mailbox, polled for feedback. */
    IMAP_URL: z
      .url()
      .refine((u) => /^imaps?:\/\//.test(u), 'must start with imap:// or imaps://')
      .optional(),
    IMAP_MAILBOX: z.string().min(1).default('INBOX'),
    IMAP_POLL_SECONDS: z.coerce.number().int().min(5).default(60),
    /** Relay for outgoing mail, smtp://user:pass@host:port (smtps:// for TLS); unset: .eml files under DATA_DIR/outbox/. */
    SMTP_URL: z
      .url()
      .refine((v) => /^smtps?:\/\//i.test(v), 'must start with smtp:// or smtps://')
      .optional(),
    /** From header of outgoing mail; default 征求意见 <noreply@MAIL_DOMAIN>. */
    MAIL_FROM: z
      .string()
      .regex(/(^|<)[^\s<>@"]+@[^\s<>@"]+>?$/, 'must be an address, e.g. 征求意见 <noreply@yijian.example.org>')
      .optional(),
    OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
    /** The request log on stdout: one JSON object a line (for a collector), or one short line for a person. */
    LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
    /** Days after a consultation's results are published that commenters' contact details are kept. */
    RETENTION_DAYS: z.coerce.number().int().min(1).max(36500).default(365),
    /** How long a stop (SIGTERM) waits for requests and SMTP conversations in progress; Docker kills after 10 s. */
    SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(8),
    /** /readyz answers 503 when less than this is free on DATA_DIR's file system. */
    MIN_FREE_DISK_MB: z.coerce.number().int().min(0).default(100),
  })
  .refine((env) => !env.SMTP_TLS_KEY_FILE === !env.SMTP_TLS_CERT_FILE, {
    message: 'set both SMTP_TLS_KEY_FILE and SMTP_TLS_CERT_FILE, or neither',
    path: ['SMTP_TLS_CERT_FILE'],
  })
  .transform((env) => ({
    port: env.PORT,
    host: env.HOST,
    dataDir: env.DATA_DIR,
    publicBaseUrl: (env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    secret: env.SECRET ?? null,
    seedSamples: env.SEED_SAMPLES,
    commentRateLimit: { limit: env.COMMENT_RATE_LIMIT, windowSeconds: env.COMMENT_RATE_WINDOW_SECONDS },
    trustProxy: env.TRUST_PROXY,
    benchRoutes: env.BENCH_ROUTES,
    mailDomain: env.MAIL_DOMAIN.toLowerCase(),
    mail: {
      smtpPort: env.SMTP_PORT,
      maxBytes: env.MAIL_MAX_BYTES,
      maxClients: env.SMTP_MAX_CLIENTS,
      maxClientsPerAddress: env.SMTP_MAX_CLIENTS_PER_ADDRESS,
      idleSeconds: env.SMTP_IDLE_SECONDS,
      readThreads: env.MAIL_READ_THREADS,
      tls: env.SMTP_TLS_KEY_FILE && env.SMTP_TLS_CERT_FILE ? { keyFile: env.SMTP_TLS_KEY_FILE, certFile: env.SMTP_TLS_CERT_FILE } : null,
      imapUrl: env.IMAP_URL ?? null,
      imapMailbox: env.IMAP_MAILBOX,
      imapPollSeconds: env.IMAP_POLL_SECONDS,
    },
    smtpUrl: env.SMTP_URL ?? null,
    mailFrom: env.MAIL_FROM ?? `征求意见 <noreply@${env.MAIL_DOMAIN.toLowerCase()}>`,
    outboxMaxAttempts: env.OUTBOX_MAX_ATTEMPTS,
    logFormat: env.LOG_FORMAT,
    retentionDays: env.RETENTION_DAYS,
    shutdownTimeoutSeconds: env.SHUTDOWN_TIMEOUT_SECONDS,
    minFreeDiskBytes: env.MIN_FREE_DISK_MB * 1024 * 1024,
  }));

export type Config = z.output<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = ConfigSchema.safeParse(present);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`));
  }
  return result.data;
}
