// The app on Cloudflare Workers: D1 for the database, R2 for raw mail and attachments, Email
// Routing as the mail door, Cron Triggers for the outbox, reminders and mail left unread. The core
// is the same as on Node (createApp, src/mail/inbound, src/mail/delivery); this file wires the
// bindings to it. src/entry/worker.ts exports the handlers.
import type {
  ExecutionContext,
  ForwardableEmailMessage,
  Request as WorkersRequest,
  Response as WorkersResponse,
  ScheduledController,
} from '@cloudflare/workers-types';
import { createApp } from '../../app.tsx';
import type { ScryptFunction } from '../../auth/passwords.ts';
import { queueDueReminders } from '../../departments/invitations.ts';
import type { AppServices } from '../../http/context.ts';
import { translator } from '../../lib/i18n.ts';
import { systemClock } from '../../lib/time.ts';
import { deliverDueMail } from '../../mail/delivery.ts';
import type { MailDeps } from '../../mail/inbound/deps.ts';
import { isIntakeAddress } from '../../mail/inbound/directory.ts';
import { processInbound, processPendingInbound } from '../../mail/inbound/process.ts';
import { acceptInbound } from '../../mail/inbound/store.ts';
import { workerAsset } from './assets.ts';
import { openD1Database } from './d1.ts';
import { mailApiTransport } from './mail-api.ts';
import { workersPasswordHasher } from './passwords.ts';
import { r2FileStore } from './r2.ts';
import { D1RateLimiter } from './rate-limit.ts';
import { type Env, parseWorkerConfig, type WorkerConfig } from './settings.ts';

interface Instance {
  config: WorkerConfig;
  app: ReturnType<typeof createApp>['app'];
  services: AppServices;
  limiter: D1RateLimiter;
  mail: MailDeps;
}

export interface WorkerOptions {
  /** nodejs_compat's scrypt, so scrypt hashes moved from Node still verify (then are re-hashed). */
  scrypt?: ScryptFunction;
}

/**
 * A Workers response whose body is already encoded (the consultation page's gzip copy) must say so
 * with encodeBody: 'manual'; otherwise the runtime reads Content-Encoding as an order and gzips the
 * gzip again, and the browser shows garbage.
 */
export function markPrecompressed(response: Response): Response {
  if (!response.headers.has('content-encoding') || !response.body) return response;
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
    encodeBody: 'manual',
  } as ResponseInit);
}

export function createWorker(options: WorkerOptions = {}) {
  // One app per isolate, built on its first event (bindings do not change within an isolate): its
  // caches (rendered pages, consultations, the intake directory) live as long as the isolate, each
  // re-checked against D1 by version.
  let instance: Instance | null = null;
  const instanceFor = (env: Env): Instance => {
    if (instance) return instance;
    const config = parseWorkerConfig(env);
    const db = openD1Database(env.DB);
    const files = r2FileStore(env.FILES);
    const limiter = new D1RateLimiter(db, config.commentRateLimit.limit, config.commentRateLimit.windowSeconds * 1000);
    const { app, services } = createApp({
      db,
      clock: systemClock,
      passwords: workersPasswordHasher(options.scrypt),
      files,
      commentLimiter: limiter,
      settings: {
        publicBaseUrl: config.publicBaseUrl,
        secret: config.secret,
        commentRateLimit: config.commentRateLimit,
        benchRoutes: config.benchRoutes,
        mailDomain: config.mailDomain,
        mailMaxBytes: config.mailMaxBytes,
      },
      // Set by Cloudflare's edge (and by wrangler dev): the client as Cloudflare saw it.
      clientAddress: (c) => c.req.header('cf-connecting-ip') ?? 'unknown',
      staticAsset: workerAsset,
    });
    const mail: MailDeps = {
      db,
      clock: systemClock,
      files,
      mailDomain: config.mailDomain,
      publicBaseUrl: config.publicBaseUrl,
      consultationChanged: services.consultationChanged,
    };
    instance = { config, app, services, limiter, mail };
    return instance;
  };

  return {
    // Workers' Request and Response are the web's, typed apart by @cloudflare/workers-types.
    async fetch(request: WorkersRequest, env: Env, ctx: ExecutionContext): Promise<WorkersResponse> {
      const { app } = instanceFor(env);
      const response = await app.fetch(request as unknown as Request, env, ctx as unknown as import('hono').ExecutionContext);
      return markPrecompressed(response) as unknown as WorkersResponse;
    },

    /**
     * Email Routing's door, the counterpart of Node's SMTP listener. A recipient that no
     * consultation receives at, or a message over MAIL_MAX_BYTES, is rejected (the sender gets a
     * bounce with the reason). Otherwise the raw message is stored — R2 first, then its D1 row —
     * and only then does this handler return, which is when Email Routing counts the message as
     * delivered: a failure to store throws, and the message is not accepted. Reading and filing
     * follow in the same invocation; if they fail, the message stays 'received' and the next cron
     * run reads it (the claim in src/mail/inbound/file.ts files it once whoever gets there first).
     */
    async email(message: ForwardableEmailMessage, env: Env, _ctx: ExecutionContext): Promise<void> {
      const { config, mail } = instanceFor(env);
      const t = translator('zh-CN');
      const recipient = message.to.trim().toLowerCase();
      // setReject is synchronous on Cloudflare; under wrangler dev the message reaches the Worker
      // over RPC, where it returns a promise that must settle before the handler returns.
      const reject = async (reason: string) => void (await (message.setReject(reason) as unknown as Promise<void> | undefined));
      if (!(await isIntakeAddress(mail.db, config.mailDomain, recipient))) return reject(t('mail.smtp.unknownRecipient', { address: recipient }));
      if (message.rawSize > config.mailMaxBytes) return reject(t('mail.smtp.tooBig', { mb: Math.floor(config.mailMaxBytes / (1024 * 1024)) }));
      const raw = new Uint8Array(await new Response(message.raw as unknown as ReadableStream).arrayBuffer());
      // Email Routing receives by SMTP and hands the message on at once: timed by our clock, as SMTP.
      const accepted = await acceptInbound(mail, { door: 'smtp', raw, envelopeFrom: message.from, envelopeTo: [recipient] });
      try {
        await processInbound(mail, accepted.id);
      } catch (error) {
        console.error(`邮件 ${accepted.id} 处理失败，留待定时任务 / processing message ${accepted.id} failed, left for the cron run:`, error);
      }
    },

    /**
     * The Cron Trigger (wrangler.toml, every minute): mail stored but not yet filed, reminders
     * that are due, the outbox, and rate-limit windows that ended. Each part is safe to run in
     * several isolates at once (claims and dedupe keys in D1), and one failing does not stop the
     * others.
     */
    async scheduled(_controller: ScheduledController, env: Env, _ctx: ExecutionContext): Promise<void> {
      const { config, mail, limiter } = instanceFor(env);
      const now = systemClock();
      const log = (line: string) => console.log(line);
      const step = async (name: string, work: () => Promise<void>) => {
        try {
          await work();
        } catch (error) {
          console.error(`${name}:`, error);
        }
      };
      await step('pending intake', async () => {
        const read = await processPendingInbound(mail);
        if (read) log(`已处理积压邮件 / messages read: ${read}`);
      });
      await step('reminders', async () => {
        const reminders = await queueDueReminders(mail.db, { settings: { publicBaseUrl: config.publicBaseUrl, mailDomain: config.mailDomain }, now });
        if (reminders.queued.length) log(`已排队催办邮件 / reminders queued: ${reminders.queued.length}`);
      });
      await step('outbox', async () => {
        if (!config.mailApi) {
          const waiting = await mail.db.kysely.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('state', '=', 'queued').executeTakeFirst();
          if (Number(waiting?.n ?? 0)) log(`外发邮件未配置（MAIL_API_KEY）/ outgoing mail is not configured: ${waiting?.n} message(s) wait in the outbox`);
          return;
        }
        const transport = mailApiTransport(config.mailApi);
        const run = await deliverDueMail(mail.db, { transport, clock: systemClock, from: config.mailFrom, mailDomain: config.mailDomain, maxAttempts: config.outboxMaxAttempts });
        if (run.sent || run.retried || run.failed) log(`外发邮件 / outgoing mail: ${run.sent} sent, ${run.retried} to retry, ${run.failed} failed (${transport.description})`);
      });
      await step('rate limits', async () => {
        await limiter.sweep(now.getTime());
      });
    },
  };
}
