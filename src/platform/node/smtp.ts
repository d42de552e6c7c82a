// The built-in SMTP listener (Node only): mail addressed to a consultation's intake address is
// stored raw, durably, before the 250 reply; reading it happens afterwards, off the SMTP path.
// Delivery to us needs no AUTH (we only take mail for our own addresses and never relay).
// STARTTLS is offered only when a key and certificate are configured; without them the listener
// is meant to sit behind the office's mail relay or on a trusted network.
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { translator } from '../../lib/i18n.ts';
import type { MailDeps } from '../../mail/inbound/deps.ts';
import { isIntakeAddress } from '../../mail/inbound/directory.ts';
import type { InboundQueue } from '../../mail/inbound/queue.ts';
import { acceptInbound } from '../../mail/inbound/store.ts';

export interface SmtpListenerOptions {
  deps: MailDeps;
  queue: InboundQueue;
  host: string;
  /** 0 picks a free port. */
  port: number;
  maxBytes: number;
  /** Connections open at once, from everyone (64 by default). */
  maxClients?: number;
  /** Connections open at once from one client address (8 by default): one address cannot take them all. */
  maxClientsPerAddress?: number;
  /** A connection silent this long is closed (30 s by default). */
  idleTimeoutMs?: number;
  /** Name in the greeting and EHLO reply; the mail domain by default. */
  name?: string;
  /** PEM key and certificate: STARTTLS is offered only with these. */
  tls?: { key: string | Buffer; cert: string | Buffer } | null;
  log?: (line: string) => void;
  /** On close, how long conversations in progress may go on before they are told 421 and cut off. */
  closeTimeoutMs?: number;
}

export interface SmtpListener {
  port: number;
  close(): Promise<void>;
}

const t = translator('zh-CN');

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/** '::ffff:192.0.2.1' and '192.0.2.1' are the same client. */
function clientAddress(address: string | undefined): string {
  return (address ?? '').replace(/^::ffff:/i, '').toLowerCase();
}

export async function startSmtpListener(options: SmtpListenerOptions): Promise<SmtpListener> {
  const { deps, queue, maxBytes } = options;
  const log = options.log ?? (() => {});
  const mb = Math.round((maxBytes / 1024 / 1024) * 10) / 10;
  const perAddress = options.maxClientsPerAddress ?? 8;
  // Open connections by client address; a session is counted once onConnect admitted it.
  const open = new Map<string, number>();
  const counted = new Set<string>();

  const server = new SMTPServer({
    name: options.name ?? deps.mailDomain,
    banner: 'yijian intake',
    size: maxBytes,
    authOptional: true,
    disabledCommands: options.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    logger: false,
    // A silent client must not hold a connection (and a message in memory) for long: 64 idle
    // connections once locked real senders out for a minute.
    socketTimeout: options.idleTimeoutMs ?? 30_000,
    closeTimeout: options.closeTimeoutMs ?? 5_000,
    // Each connection may hold one message of up to maxBytes in memory while it is stored.
    maxClients: options.maxClients ?? 64,
    // Nothing reads the client's host name; a lookup per connection is only delay under a flood.
    disableReverseLookup: true,

    onConnect(session, callback) {
      const address = clientAddress(session.remoteAddress);
      const count = open.get(address) ?? 0;
      if (count >= perAddress) {
        callback(smtpError(421, t('mail.smtp.tooManyConnections', { max: perAddress })));
        return;
      }
      open.set(address, count + 1);
      counted.add(session.id);
      callback();
    },

    onClose(session) {
      if (!counted.delete(session.id)) return;
      const address = clientAddress(session.remoteAddress);
      const count = (open.get(address) ?? 1) - 1;
      if (count > 0) open.set(address, count);
      else open.delete(address);
    },

    onRcptTo(address, _session, callback) {
      isIntakeAddress(deps.db, deps.mailDomain, address.address).then(
        (known) => callback(known ? null : smtpError(550, t('mail.smtp.unknownRecipient', { address: address.address }))),
        (error: unknown) => {
          log(`SMTP RCPT 查询失败 / lookup failed: ${error instanceof Error ? error.message : String(error)}`);
          callback(smtpError(451, t('mail.smtp.tryLater')));
        },
      );
    },

    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        // Past the limit the rest is only counted: smtp-server answers 552 itself.
        if (size <= maxBytes) chunks.push(chunk);
      });
      // The client went away mid-message: nothing was stored, nothing is answered.
      stream.on('error', () => {
        chunks.length = 0;
      });
      stream.on('end', () => {
        if (stream.sizeExceeded || size > maxBytes) {
          callback(smtpError(552, t('mail.smtp.tooBig', { mb })));
          return;
        }
        const raw = Buffer.concat(chunks, size);
        chunks.length = 0;
        const mailFrom = session.envelope.mailFrom;
        acceptInbound(deps, {
          door: 'smtp',
          raw,
          envelopeFrom: mailFrom ? mailFrom.address : '',
          envelopeTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
        }).then(
          (accepted) => {
            // Durable now: only at this point may the sender be told so.
            callback(null, t('mail.smtp.accepted', { id: accepted.id }));
            queue.enqueue(accepted.id);
          },
          (error: unknown) => {
            log(`SMTP 保存邮件失败 / storing a message failed: ${error instanceof Error ? error.message : String(error)}`);
            callback(smtpError(451, t('mail.smtp.tryLater')));
          },
        );
      });
    },
  });

  // A malformed conversation or a dropped socket is that connection's problem only.
  server.on('error', (error: Error & { code?: string }) => {
    log(`SMTP 连接错误 / connection error: ${error.code ?? ''} ${error.message}`);
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.server.off('error', onError);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
