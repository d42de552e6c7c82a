// Node's mail transports. Both build the message with nodemailer, so a file in data/outbox/ is
// byte for byte what a relay would have received.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { DeliveryError, type MailToSend, type MailTransport } from '../../mail/delivery.ts';

function messageOptions(mail: MailToSend): Mail.Options {
  return {
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    ...(mail.html ? { html: mail.html } : {}),
    messageId: mail.messageId,
    date: mail.date,
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
    ...(mail.references ? { references: mail.references } : {}),
    headers: mail.headers,
  };
}

/** The outbox file of a row: zero-padded so a directory listing is in queue order. */
export function outboxFileName(mail: Pick<MailToSend, 'outboxId' | 'kind'>): string {
  return `${String(mail.outboxId).padStart(7, '0')}-${mail.kind}.eml`;
}

/**
 * The embedded default: each message becomes DIR/<id>-<kind>.eml. Written to a hidden temporary
 * name, flushed to disk, then renamed, so a reader never sees half a message.
 */
export function fileTransport(directory: string): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  let ready: Promise<unknown> | null = null;
  return {
    description: `files in ${directory}`,
    async send(mail) {
      ready ??= mkdir(directory, { recursive: true });
      await ready;
      const info = await composer.sendMail(messageOptions(mail));
      const target = join(directory, outboxFileName(mail));
      const temporary = join(directory, `.${outboxFileName(mail)}.${randomBytes(6).toString('hex')}.tmp`);
      try {
        const handle = await open(temporary, 'wx', 0o640);
        try {
          await handle.writeFile(info.message as Buffer);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temporary, target);
        // The rename itself must reach the disk before the row says 'sent'.
        const dir = await open(directory, 'r');
        try {
          await dir.sync();
        } finally {
          await dir.close();
        }
      } catch (error) {
        await rm(temporary, { force: true });
        throw new DeliveryError(`could not write ${target}: ${(error as Error).message}`, false);
      }
      return { deliveredTo: target };
    },
    close: () => composer.close(),
  };
}

interface NodemailerFailure {
  message?: string;
  code?: string;
  responseCode?: number;
  permanent?: boolean;
  response?: string;
}

/** Relay refusals of this message or its recipients are final; anything about the session is not. */
function toDeliveryError(error: unknown): DeliveryError {
  const e = (error ?? {}) as NodemailerFailure;
  const about = e.code === 'EENVELOPE' || e.code === 'EMESSAGE';
  const permanent = e.permanent === true && about;
  const text = e.response ? `${e.code ?? 'error'} ${e.response}` : `${e.code ?? 'error'}: ${e.message ?? String(error)}`;
  return new DeliveryError(text, permanent);
}

/**
 * Through the office's relay: smtp://user:pass@host:587 (STARTTLS when offered) or
 * smtps://user:pass@host:465. User and password are percent-decoded.
 */
export function smtpTransport(url: string, options: { timeoutMs?: number } = {}): MailTransport {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'smtps:';
  const port = parsed.port ? Number(parsed.port) : secure ? 465 : 587;
  const timeout = options.timeoutMs ?? 30_000;
  const transport = nodemailer.createTransport({
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port,
    secure,
    ...(parsed.username ? { auth: { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } } : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout * 2,
  });
  const where = `${parsed.protocol}//${parsed.hostname}:${port}`;
  return {
    description: where,
    async send(mail) {
      try {
        const info = await transport.sendMail(messageOptions(mail));
        const rejected = info.rejected.length ? ` (refused: ${info.rejected.join(', ')})` : '';
        return { deliveredTo: `${where} ${info.response}${rejected}` };
      } catch (error) {
        throw toDeliveryError(error);
      }
    },
    close: () => transport.close(),
  };
}

/** SMTP_URL when set, else files under DATA_DIR/outbox/. */
export function transportFromConfig(config: { smtpUrl: string | null; dataDir: string }): MailTransport {
  return config.smtpUrl ? smtpTransport(config.smtpUrl) : fileTransport(join(config.dataDir, 'outbox'));
}
