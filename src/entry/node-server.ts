// Node: wires better-sqlite3, the file system and the HTTP server to the platform-free app.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import { createApp } from '../app.tsx';
import { randomToken } from '../auth/csrf.ts';
import type { Config } from '../config.ts';
import { countConsultations } from '../drafts/store.ts';
import { applyMigrations, type NodeDatabase, openNodeDatabase, readMigrations } from '../db/node.ts';
import { systemClock, type Clock } from '../lib/time.ts';
import type { ImapPoller } from '../mail/imap.ts';
import type { MailDeps } from '../mail/inbound/deps.ts';
import type { InboundQueue } from '../mail/inbound/queue.ts';
import type { SmtpListener } from '../mail/smtp.ts';
import type { MailTransport } from '../mail/delivery.ts';
import { startMailScheduler } from '../mail/scheduler.ts';
import { createOfficer, listOfficers } from '../auth/accounts.ts';
import { generatePassword } from '../auth/passwords.ts';
import { loadSamples, SAMPLE_FILES, type SampleDocuments } from '../../seeds/samples.ts';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function databasePath(dataDir: string): string {
  return join(dataDir, 'yijian.sqlite');
}

/** Opens (creating if needed) the database under DATA_DIR and brings its schema up to date. */
export function openMigratedDatabase(dataDir: string): { db: NodeDatabase; applied: string[] } {
  mkdirSync(dataDir, { recursive: true });
  const db = openNodeDatabase(databasePath(dataDir));
  const applied = applyMigrations(db.raw, readMigrations(join(PROJECT_ROOT, 'migrations')));
  return { db, applied };
}

/** SECRET from the environment, or one generated on first start and kept beside the database. */
export function loadSecret(config: Config): string {
  if (config.secret) return config.secret;
  const file = join(config.dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomToken(32);
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}

export function readSampleDocuments(): SampleDocuments {
  const entries = Object.entries(SAMPLE_FILES).map(([key, file]) => [key, readFileSync(join(PROJECT_ROOT, 'seeds', file), 'utf8')]);
  return Object.fromEntries(entries) as SampleDocuments;
}

const STATIC_FILES: Record<string, { path: string; type: string }> = {
  'app.css': { path: join(PROJECT_ROOT, 'views/static/app.css'), type: 'text/css; charset=utf-8' },
  'favicon.svg': { path: join(PROJECT_ROOT, 'views/static/favicon.svg'), type: 'image/svg+xml' },
  'htmx.min.js': { path: join(PROJECT_ROOT, 'node_modules/htmx.org/dist/htmx.min.js'), type: 'text/javascript; charset=utf-8' },
};

function loadStaticAssets(): Map<string, { body: Uint8Array; contentType: string }> {
  const assets = new Map<string, { body: Uint8Array; contentType: string }>();
  for (const [name, file] of Object.entries(STATIC_FILES)) assets.set(name, { body: readFileSync(file.path), contentType: file.type });
  return assets;
}

function clientAddressReader(trustProxy: boolean) {
  return (c: Context): string => {
    if (trustProxy) {
      const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
      if (forwarded) return forwarded;
    }
    const bindings = c.env as HttpBindings | undefined;
    return bindings?.incoming?.socket?.remoteAddress ?? 'unknown';
  };
}

export interface RunningServer {
  url: string;
  port: number;
  db: NodeDatabase;
  /** The SMTP listener's port (SMTP_PORT, or the one picked when it is 0). */
  smtpPort: number;
  /** Inbound mail waiting to be read; idle() resolves once all of it is filed. */
  inbound: InboundQueue;
  close(): Promise<void>;
}

export async function startServer(
  config: Config,
  options: { clock?: Clock; log?: (line: string) => void; mailTransport?: MailTransport } = {},
): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => console.log(line));
  const clock = options.clock ?? systemClock;
  const { db, applied } = openMigratedDatabase(config.dataDir);
  if (applied.length) log(`数据库迁移 / migrations applied: ${applied.join(', ')}`);
  if (config.seedSamples && (await countConsultations(db)) === 0) {
    const loaded = await loadSamples(db, readSampleDocuments(), clock());
    log(`已载入示例征求意见 / sample consultations loaded: ${loaded.join(', ')}`);
    // A sample database is for trying the product: its first start also opens the office's side,
    // with a random password shown once here. A real office starts with SEED_SAMPLES=false and
    // creates its accounts with `npm run user:add`.
    if ((await listOfficers(db)).length === 0) {
      const password = generatePassword();
      const officer = await createOfficer(db, { email: `admin@${config.mailDomain}`, name: null, role: 'admin', password }, clock());
      log(`示例管理员 / sample admin: ${officer.email}  一次性密码 / one-time password: ${password}  (${config.publicBaseUrl}/office/login)`);
    }
  }
  const assets = loadStaticAssets();
  const { app, services } = createApp({
    db,
    clock,
    settings: {
      publicBaseUrl: config.publicBaseUrl,
      secret: loadSecret(config),
      commentRateLimit: config.commentRateLimit,
      benchRoutes: config.benchRoutes,
      mailDomain: config.mailDomain,
      mailMaxBytes: config.mail.maxBytes,
    },
    clientAddress: clientAddressReader(config.trustProxy),
    staticAsset: (name) => assets.get(name) ?? null,
  });
  const server = await new Promise<Server>((resolveServer) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolveServer(s as Server)) as Server;
  });
  const port = (server.address() as AddressInfo).port;
  const intake = await startMailIntake(config, { db, clock, consultationChanged: services.consultationChanged, log });
  // Loaded here rather than at the top: the CLIs that import this file never send mail, and
  // nodemailer is a noticeable part of their start-up time.
  const mailTransport = options.mailTransport ?? (await import('../mail/transports.ts')).transportFromConfig(config);
  const mail = startMailScheduler({
    db,
    clock,
    delivery: { transport: mailTransport, from: config.mailFrom, mailDomain: config.mailDomain, maxAttempts: config.outboxMaxAttempts },
    settings: { publicBaseUrl: config.publicBaseUrl, mailDomain: config.mailDomain },
    log,
  });
  log(`外发邮件 / outgoing mail: ${mailTransport.description}`);
  return {
    url: `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`,
    port,
    db,
    smtpPort: intake.smtp.port,
    inbound: intake.queue,
    async close() {
      await mail.stop();
      await new Promise<void>((done) => server.close(() => done()));
      server.closeAllConnections?.();
      await intake.close();
      await db.close();
    },
  };
}

/**
 * The mail doors: the SMTP listener, the IMAP poller when IMAP_URL is set, and the queue that
 * reads what they store. Messages a previous run stored but did not get to read are read now.
 */
async function startMailIntake(
  config: Config,
  options: { db: NodeDatabase; clock: Clock; consultationChanged(slug: string): void; log(line: string): void },
): Promise<{ smtp: SmtpListener; queue: InboundQueue; close(): Promise<void> }> {
  // Loaded here: the CLIs import this file for openMigratedDatabase and take no mail.
  const [{ createInboundQueue }, { listUnprocessedIds }, { startSmtpListener }] = await Promise.all([
    import('../mail/inbound/queue.ts'),
    import('../mail/inbound/store.ts'),
    import('../mail/smtp.ts'),
  ]);
  const deps: MailDeps = {
    db: options.db,
    clock: options.clock,
    mailDomain: config.mailDomain,
    publicBaseUrl: config.publicBaseUrl,
    consultationChanged: options.consultationChanged,
  };
  const queue = createInboundQueue(deps, { log: options.log });
  const leftOver = await listUnprocessedIds(options.db);
  if (leftOver.length) options.log(`继续处理上次未处理完的 ${leftOver.length} 封邮件 / reading ${leftOver.length} message(s) stored before the last stop`);
  for (const id of leftOver) queue.enqueue(id);
  const tls = config.mail.tls ? { key: readFileSync(config.mail.tls.keyFile), cert: readFileSync(config.mail.tls.certFile) } : null;
  const smtp = await startSmtpListener({ deps, queue, host: config.host, port: config.mail.smtpPort, maxBytes: config.mail.maxBytes, tls, log: options.log });
  options.log(`收信地址 / intake addresses: <slug>@${config.mailDomain}, SMTP on ${config.host}:${smtp.port}`);
  let imap: ImapPoller | null = null;
  if (config.mail.imapUrl) {
    const { startImapPoller } = await import('../mail/imap.ts');
    imap = startImapPoller({ deps, queue, url: config.mail.imapUrl, mailbox: config.mail.imapMailbox, pollSeconds: config.mail.imapPollSeconds, log: options.log });
  }
  return {
    smtp,
    queue,
    async close() {
      await smtp.close();
      await imap?.close();
      await queue.idle();
    },
  };
}
