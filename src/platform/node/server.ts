// Node start-up: wires better-sqlite3, the file system, the HTTP server and the mail doors to the
// platform-free app. Used by `npm start` (src/entry/node.ts) and by tests that need the whole
// server; CLIs open only the database (data-dir.ts) and never load this file.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Server, ServerResponse } from 'node:http';
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
import type { RequestLogger } from '../../http/request-log.ts';
import { startPrivacySchedule } from '../../privacy/schedule.ts';
import { loadSecret, openMigratedDatabase } from './data-dir.ts';
import type { ImapPoller } from './imap.ts';
import { createNodeLog, type NodeLog } from './logging.ts';
import { createMailReaderPool } from './mail-readers.ts';
import { transportFromConfig } from './mail-transports.ts';
import { readMigrations } from './migrations.ts';
import { nodePasswordHasher } from './passwords.ts';
import { loadStaticAssets, MIGRATIONS_DIR, readSampleDocuments } from './project-files.ts';
import { nodeReadinessChecks } from './readiness.ts';
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

/** How long after its last answer the web still counts as busy. */
const WEB_QUIET_AFTER_MS = 100;

export interface RunningServer {
  url: string;
  port: number;
  db: NodeDatabase;
  /** The SMTP listener's port (SMTP_PORT, or the one picked when it is 0). */
  smtpPort: number;
  /** Inbound mail waiting to be read; idle() resolves once all of it is filed. */
  inbound: InboundQueue;
  /** The process's log (stdout): lines about the process, and flush() before exiting. */
  log: Pick<NodeLog, 'event' | 'flush'>;
  /**
   * Stops gracefully: no new connections, /readyz says so, requests and SMTP conversations in
   * progress finish; whatever is still open after SHUTDOWN_TIMEOUT_SECONDS is cut off. Then the
   * mail queue and the database close. Resolves with what was cut off (0 when nothing was).
   */
  close(): Promise<{ cutOff: number }>;
}

export interface StartOptions {
  clock?: Clock;
  /** Lines about the process; by default the process log on stdout (LOG_FORMAT). */
  log?: (line: string) => void;
  /** One line per request; by default the process log on stdout, null for none. */
  requestLog?: RequestLogger | null;
  mailTransport?: MailTransport;
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const output = createNodeLog(config.logFormat);
  const log = options.log ?? output.event;
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
  let stopping = false;
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
      retentionDays: config.retentionDays,
    },
    clientAddress: clientAddressReader(config.trustProxy),
    staticAsset: (name) => assets.get(name) ?? null,
    mailReader,
    ...(options.requestLog === null ? {} : { requestLog: options.requestLog ?? output.request }),
    readiness: nodeReadinessChecks({
      db,
      dataDir: config.dataDir,
      migrations: readMigrations(MIGRATIONS_DIR).map((m) => m.name),
      minFreeBytes: config.minFreeDiskBytes,
      stopping: () => stopping,
    }),
  });
  const server = await new Promise<Server>((resolveServer) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolveServer(s as Server)) as Server;
  });
  const port = (server.address() as AddressInfo).port;
  // The web is busy while a request is being answered and for a moment after one (the next is
  // likely on its way): mail filing yields to it meanwhile (../../mail/inbound/queue.ts).
  let requestsInFlight = 0;
  let lastAnsweredAt = Number.NEGATIVE_INFINITY;
  server.on('request', (_request: unknown, response: ServerResponse) => {
    requestsInFlight++;
    response.once('close', () => {
      requestsInFlight--;
      lastAnsweredAt = performance.now();
    });
  });
  const webBusy = () => requestsInFlight > 0 || performance.now() - lastAnsweredAt < WEB_QUIET_AFTER_MS;
  const deadlineMs = config.shutdownTimeoutSeconds * 1000;
  const intake = await startMailIntake(config, {
    db,
    clock,
    consultationChanged: services.consultationChanged,
    log,
    closeTimeoutMs: deadlineMs,
    reader: mailReader,
    webBusy,
  });
  const mailTransport = options.mailTransport ?? transportFromConfig(config);
  const mail = startMailScheduler({
    db,
    clock,
    delivery: { transport: mailTransport, from: config.mailFrom, mailDomain: config.mailDomain, maxAttempts: config.outboxMaxAttempts },
    settings: { publicBaseUrl: config.publicBaseUrl, mailDomain: config.mailDomain },
    log,
  });
  log(`外发邮件 / outgoing mail: ${mailTransport.description}`);
  const privacy = startPrivacySchedule({ db, clock, retentionDays: config.retentionDays, consultationChanged: services.consultationChanged, log });

  let closing: Promise<{ cutOff: number }> | null = null;
  const shutDown = async (): Promise<{ cutOff: number }> => {
    stopping = true;
    log(`正在停止 / stopping: finishing the requests and SMTP conversations in progress (at most ${config.shutdownTimeoutSeconds} s)`);
    const started = performance.now();
    const schedulersStopped = Promise.all([mail.stop(), privacy.stop()]);
    const httpClosed = new Promise<void>((done) => server.close(() => done()));
    // Keep-alive connections close as soon as they are idle: now, or once their response is sent.
    server.closeIdleConnections();
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const doorsClosed = intake.closeDoors();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), deadlineMs);
    });
    const outcome = await Promise.race([Promise.all([httpClosed, doorsClosed]).then(() => 'finished' as const), deadline]);
    clearInterval(sweep);
    let cutOff = 0;
    if (outcome === 'deadline') {
      cutOff = await openConnections(server);
      server.closeAllConnections();
      log(`停止时限已到 / shutdown deadline passed: ${cutOff} HTTP connection(s) cut off`);
    }
    await schedulersStopped;
    // Mail stored but not yet read is read at the next start; wait for it only while time is left.
    const left = Math.max(0, deadlineMs - (performance.now() - started));
    await Promise.race([intake.queue.idle(), new Promise((resolve) => setTimeout(resolve, left))]);
    clearTimeout(timer);
    // A message still being read stays 'received' and is read at the next start.
    await mailReader.close();
    await db.close();
    log(`已停止 / stopped in ${Math.round(performance.now() - started)} ms`);
    output.flush();
    return { cutOff };
  };
  return {
    url: `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`,
    port,
    db,
    smtpPort: intake.smtp.port,
    inbound: intake.queue,
    log: { event: log, flush: output.flush },
    close() {
      closing ??= shutDown();
      return closing;
    },
  };
}

function openConnections(server: Server): Promise<number> {
  return new Promise((resolve) => server.getConnections((error, count) => resolve(error ? 0 : count)));
}

/**
 * The mail doors: the SMTP listener, the IMAP poller when IMAP_URL is set, and the queue that
 * reads what they store. Messages a previous run stored but did not get to read are read now.
 */
async function startMailIntake(
  config: Config,
  options: {
    db: NodeDatabase;
    clock: Clock;
    consultationChanged(slug: string): void;
    log(line: string): void;
    closeTimeoutMs: number;
    reader: MailReader;
    webBusy(): boolean;
  },
): Promise<{ smtp: SmtpListener; queue: InboundQueue; closeDoors(): Promise<void> }> {
  const deps: MailDeps = {
    db: options.db,
    clock: options.clock,
    mailDomain: config.mailDomain,
    publicBaseUrl: config.publicBaseUrl,
    consultationChanged: options.consultationChanged,
    retentionDays: config.retentionDays,
    reader: options.reader,
    sha256: (bytes) => createHash('sha256').update(bytes).digest('hex'),
  };
  const queue = createInboundQueue(deps, { log: options.log, busy: options.webBusy });
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
    closeTimeoutMs: options.closeTimeoutMs,
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
    /** No new mail: SMTP conversations in progress finish (a message being sent is stored and answered). */
    async closeDoors() {
      await Promise.all([smtp.close(), imap?.close()]);
    },
  };
}
