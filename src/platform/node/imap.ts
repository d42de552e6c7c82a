// Polling the office's own mailbox (Node only), e.g. the address printed in the draft's notice.
// Each unseen message is fetched without marking it (BODY.PEEK), stored durably, and only then
// flagged \Seen. A crash in between leaves it unseen: the next poll fetches it again and the store
// recognises it (mailbox + UIDVALIDITY + UID, or Message-ID), so it is filed once.
import { ImapFlow } from 'imapflow';
import { acceptInbound, type InboundQueue, type MailDeps } from '../../mail/intake.ts';

export interface ImapPollerOptions {
  deps: MailDeps;
  queue: InboundQueue;
  /** imap://user:pass@host:port or imaps://… (user and password URL-encoded). */
  url: string;
  mailbox: string;
  pollSeconds: number;
  log?: (line: string) => void;
}

export interface PollResult {
  /** Unseen messages found. */
  found: number;
  /** Newly stored. */
  stored: number;
  /** Already stored earlier (fetched again after a crash, or the same Message-ID twice). */
  duplicates: number;
  /** Stored, but the server refused the \\Seen flag: fetched again next time, and recognised. */
  notMarked: number;
}

export interface ImapPoller {
  /** One poll now (waits for a poll already running instead of overlapping it). */
  pollNow(): Promise<PollResult>;
  close(): Promise<void>;
}

export function imapClientOptions(url: string) {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'imaps:';
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : secure ? 993 : 143,
    secure,
    auth: { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) },
    logger: false as const,
    // We poll: no IDLE between commands, and a stuck server times out instead of hanging a poll.
    disableAutoIdle: true,
    connectionTimeout: 30_000,
    greetingTimeout: 15_000,
    socketTimeout: 120_000,
  };
}

/** A day before the earliest published consultation opened (IMAP SINCE counts whole days), or null. */
async function earliestOpening(deps: MailDeps): Promise<Date | null> {
  const row = await deps.db.kysely
    .selectFrom('consultations')
    .select((eb) => eb.fn.min('opens_at').as('first'))
    .where('state', '=', 'published')
    .executeTakeFirst();
  return row?.first ? new Date(new Date(row.first).getTime() - 86_400_000) : null;
}

/** One pass over the mailbox's unseen messages that arrived since the first consultation opened. */
export async function pollMailbox(options: Pick<ImapPollerOptions, 'deps' | 'queue' | 'url' | 'mailbox'>): Promise<PollResult> {
  const client = new ImapFlow(imapClientOptions(options.url));
  // Errors also reach the awaited calls; without a listener an 'error' event would crash the process.
  client.on('error', () => {});
  const result: PollResult = { found: 0, stored: 0, duplicates: 0, notMarked: 0 };
  await client.connect();
  try {
    const mailbox = await client.mailboxOpen(options.mailbox);
    const uidValidity = Number(mailbox.uidValidity);
    const since = await earliestOpening(options.deps);
    // Nothing can be feedback before the first consultation opened: the office's older unread
    // mail is left alone (and never answered by an acknowledgement).
    if (!since) return result;
    const uids = (await client.search({ seen: false, since }, { uid: true })) || [];
    result.found = uids.length;
    for (const uid of uids) {
      const message = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
      if (!message || !message.source) continue;
      const accepted = await acceptInbound(options.deps, {
        door: 'imap',
        raw: message.source,
        envelopeFrom: null,
        envelopeTo: [],
        imap: { mailbox: options.mailbox, uidValidity, uid },
      });
      // Durable now: only at this point may the mailbox be told we have it.
      if (!(await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true }))) result.notMarked++;
      if (accepted.duplicate) result.duplicates++;
      else result.stored++;
      options.queue.enqueue(accepted.id);
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  return result;
}

export function startImapPoller(options: ImapPollerOptions): ImapPoller {
  const log = options.log ?? (() => {});
  let running: Promise<PollResult> | null = null;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const pollNow = (): Promise<PollResult> => {
    if (running) return running;
    running = pollMailbox(options).finally(() => {
      running = null;
    });
    return running;
  };
  const schedule = () => {
    if (closed) return;
    timer = setTimeout(() => {
      pollNow()
        .then((r) => r.stored && log(`IMAP：新收 ${r.stored} 封邮件 / ${r.stored} new message(s) from ${options.mailbox}`))
        .catch((error: unknown) => log(`IMAP 收信失败 / polling failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(schedule);
    }, options.pollSeconds * 1000);
    timer.unref?.();
  };
  // The first poll right away, then every pollSeconds after the previous one ended.
  pollNow()
    .catch((error: unknown) => log(`IMAP 收信失败 / polling failed: ${error instanceof Error ? error.message : String(error)}`))
    .finally(schedule);

  return {
    pollNow,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => {});
    },
  };
}
