// Node start-up: wires better-sqlite3, the file system, the HTTP server and the mail doors to the
// platform-free app. Used by `npm start` (src/entry/node.ts) and by tests that need the whole
// server; CLIs open only the database (data-dir.ts) and never load this file.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import { loadSamples } from '../../../seeds/samples.ts';
import { createApp } from '../../app.tsx';
import { createOfficer, listOfficers } from '../../auth/accounts.ts';
import { generatePassword } from '../../auth/passwords.ts';
import type { Config } from '../../config.ts';
import { countConsultations } from '../../drafts/store.ts';
import { systemClock, type Clock } from '../../lib/time.ts';
import type { MailTransport } from '../../mail/delivery.ts';
import type { MailDeps } from '../../mail/inbound/deps.ts';
import { createInboundQueue, type InboundQueue } from '../../mail/inbound/queue.ts';
import type { MailReader } from '../../mail/inbound/reading.ts';
import { listUnprocessedIds } from '../../mail/inbound/store.ts';
import { startMailScheduler } from '../../mail/scheduler.ts';
import { loadSecret, openMigratedDatabase } from './data-dir.ts';
import type { ImapPoller } from './imap.ts';
import { createMailReaderPool } from './mail-readers.ts';
import { transportFromConfig } from './mail-transports.ts';
import { nodePasswordHasher } from './passwords.ts';
import { loadStaticAssets, readSampleDocuments } from './project-files.ts';
import { type SmtpListener, startSmtpListener } from './smtp.ts';
import type { NodeDatabase } from './sqlite.ts';

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
  const passwords = nodePasswordHasher;
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
      const officer = await createOfficer({ db, passwords }, { email: `admin@${config.mailDomain}`, name: null, role: 'admin', password, oneTime: true }, clock());
      log(`示例管理员 / sample admin: ${officer.email}  一次性密码 / one-time password: ${password}  (${config.publicBaseUrl}/office/login)`);
    }
  }
  const assets = loadStaticAssets();
  // Mail is read off this thread, whatever door it came through (SMTP, IMAP, an officer's upload).
  const mailReader = createMailReaderPool({ threads: config.mail.readThreads, log });
  const { app, services } = createApp({
    db,
    clock,
    passwords,
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
    mailReader,
  });
  const server = await new Promise<Server>((resolveServer) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolveServer(s as Server)) as Server;
  });
  const port = (server.address() as AddressInfo).port;
  const intake = await startMailIntake(config, { db, clock, consultationChanged: services.consultationChanged, log, reader: mailReader });
  const mailTransport = options.mailTransport ?? transportFromConfig(config);
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
      await mailReader.close();
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
  options: { db: NodeDatabase; clock: Clock; consultationChanged(slug: string): void; log(line: string): void; reader: MailReader },
): Promise<{ smtp: SmtpListener; queue: InboundQueue; close(): Promise<void> }> {
  const deps: MailDeps = {
    db: options.db,
    clock: options.clock,
    mailDomain: config.mailDomain,
    publicBaseUrl: config.publicBaseUrl,
    consultationChanged: options.consultationChanged,
    reader: options.reader,
    sha256: (bytes) => createHash('sha256').update(bytes).digest('hex'),
  };
  const queue = createInboundQueue(deps, { log: options.log });
  const leftOver = await listUnprocessedIds(options.db);
  if (leftOver.length) options.log(`继续处理上次未处理完的 ${leftOver.length} 封邮件 / reading ${leftOver.length} message(s) stored before the last stop`);
  for (const id of leftOver) queue.enqueue(id);
  const tls = config.mail.tls ? { key: readFileSync(config.mail.tls.keyFile), cert: readFileSync(config.mail.tls.certFile) } : null;
  const smtp = await startSmtpListener({
    deps,
    queue,
    host: config.host,
    port: config.mail.smtpPort,
    maxBytes: config.mail.maxBytes,
    maxClients: config.mail.maxClients,
    maxClientsPerAddress: config.mail.maxClientsPerAddress,
    idleTimeoutMs: config.mail.idleSeconds * 1000,
    tls,
    log: options.log,
  });
  options.log(`收信地址 / intake addresses: <slug>@${config.mailDomain}, SMTP on ${config.host}:${smtp.port}`);
  let imap: ImapPoller | null = null;
  if (config.mail.imapUrl) {
    // Loaded only when used: the IMAP client is some 10 MB of the server's memory.
    const { startImapPoller } = await import('./imap.ts');
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
