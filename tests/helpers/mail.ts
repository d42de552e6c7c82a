// Mail for tests: a real SMTP listener on 127.0.0.1 in front of a real SQLite file, messages built
// byte by byte in the charsets Chinese offices use, nodemailer and swaks as two independent clients.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import { findConsultationBySlug } from '../../src/drafts/store.ts';
import { intakeAddress } from '../../src/mail/addresses.ts';
import type { MailDeps } from '../../src/mail/inbound/deps.ts';
import { createInboundQueue, type InboundQueue } from '../../src/mail/inbound/queue.ts';
import type { MailLimits } from '../../src/mail/inbound/reading.ts';
import { createMailReaderPool, type MailReaderPoolOptions } from '../../src/platform/node/mail-readers.ts';
import { type SmtpListener, startSmtpListener } from '../../src/platform/node/smtp.ts';
import { createTestApp, type TestApp } from './app.ts';

export const MAIL_DOMAIN = 'yijian.localhost';

export interface MailHarness {
  app: TestApp;
  deps: MailDeps;
  queue: InboundQueue;
  smtp: SmtpListener;
  /** The intake address of a sample consultation. */
  address(slug: string): string;
  /** Sends through nodemailer over a real SMTP conversation; resolves with the server's reply. */
  send(mail: SendMailOptions): Promise<{ response: string; accepted: unknown[]; rejected: unknown[] }>;
  /** Sends raw bytes through nodemailer (the envelope given explicitly). */
  sendRaw(from: string, to: string | string[], raw: Buffer): Promise<{ response: string }>;
  /** Runs Debian's swaks against the listener. */
  swaks(args: string[], stdin?: Buffer): Promise<SwaksResult>;
  /** Waits until everything the listener stored has been read and filed. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export interface SwaksResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface MailHarnessOptions {
  maxBytes?: number;
  maxClients?: number;
  maxClientsPerAddress?: number;
  idleTimeoutMs?: number;
  /** The limits every reading keeps to (DEFAULT_MAIL_LIMITS when absent). */
  limits?: MailLimits;
  /** The reader threads' options; messages are read on worker threads, as the server reads them. */
  readers?: MailReaderPoolOptions;
}

export async function startMailHarness(options: MailHarnessOptions = {}): Promise<MailHarness> {
  const app = await createTestApp();
  const reader = createMailReaderPool(options.readers ?? {});
  const deps: MailDeps = {
    db: app.db,
    clock: app.now,
    mailDomain: MAIL_DOMAIN,
    publicBaseUrl: 'http://localhost:8787',
    consultationChanged: app.services.consultationChanged,
    reader,
    ...(options.limits ? { limits: options.limits } : {}),
  };
  const queue = createInboundQueue(deps);
  const smtp = await startSmtpListener({
    deps,
    queue,
    host: '127.0.0.1',
    port: 0,
    maxBytes: options.maxBytes ?? 25 * 1024 * 1024,
    ...(options.maxClients ? { maxClients: options.maxClients } : {}),
    ...(options.maxClientsPerAddress ? { maxClientsPerAddress: options.maxClientsPerAddress } : {}),
    ...(options.idleTimeoutMs ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
  });
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true, pool: false });
  return {
    app,
    deps,
    queue,
    smtp,
    address: (slug) => intakeAddress({ slug, intake_local: null }, MAIL_DOMAIN),
    send: (mail) => transport.sendMail(mail) as Promise<{ response: string; accepted: unknown[]; rejected: unknown[] }>,
    sendRaw: (from, to, raw) => transport.sendMail({ envelope: { from, to }, raw }) as Promise<{ response: string }>,
    swaks: (args, stdin) => runSwaks(['--server', `127.0.0.1:${smtp.port}`, ...args], stdin),
    settled: () => queue.idle(),
    async close() {
      transport.close();
      await smtp.close();
      await queue.idle();
      await reader.close();
      await app.close();
    },
  };
}

export function runSwaks(args: string[], stdin?: Buffer): Promise<SwaksResult> {
  return new Promise((resolve) => {
    const child = execFile('swaks', args, { encoding: 'utf8', timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error && typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : error ? 1 : 0;
      resolve({ code, stdout, stderr });
    });
    if (stdin) child.stdin!.end(stdin);
    else child.stdin!.end();
  });
}

/** swaks with a raw message from a file (swaks' --data @file, no token replacement). */
export async function swaksRaw(harness: MailHarness, dir: string, from: string, to: string, raw: Buffer, extra: string[] = []): Promise<SwaksResult> {
  const file = join(dir, `${randomUUID()}.eml`);
  // --no-data-fixup sends the file verbatim: dot-stuffing and the final dot are ours to add.
  const stuffed = raw.toString('latin1').replace(/(^|\r\n)\./g, '$1..');
  writeFileSync(file, Buffer.from(`${stuffed}${stuffed.endsWith('\r\n') ? '' : '\r\n'}.\r\n`, 'latin1'));
  return harness.swaks(['--from', from, '--to', to, '--data', `@${file}`, '--no-data-fixup', ...extra]);
}

// ---------------------------------------------------------------------------------------------
// Messages, byte by byte.

export type Charset = 'utf-8' | 'gbk' | 'gb18030' | 'gb2312' | 'big5';

export interface BuiltAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  /** How the filename is written: RFC 2231 (filename*=), or RFC 2047 inside quotes (what Chinese webmail does). */
  nameStyle?: 'rfc2231' | 'rfc2047';
}

export interface BuiltMessage {
  from: string;
  fromName?: string;
  to: string;
  subject: string;
  charset?: Charset;
  text?: string;
  html?: string;
  attachments?: BuiltAttachment[];
  date?: Date;
  messageId?: string | null;
  headers?: string[];
  /** Received headers, newest first, as a relay would prepend them. */
  received?: Date[];
}

const CRLF = '\r\n';

function encodeWord(text: string, charset: Charset): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  return `=?${charset.toUpperCase()}?B?${iconv.encode(text, charset).toString('base64')}?=`;
}

function base64Lines(bytes: Buffer): string {
  return (bytes.toString('base64').match(/.{1,76}/g) ?? []).join(CRLF);
}

function textPart(content: string, subtype: 'plain' | 'html', charset: Charset): string {
  return [`Content-Type: text/${subtype}; charset="${charset}"`, 'Content-Transfer-Encoding: base64', '', base64Lines(iconv.encode(content, charset))].join(CRLF);
}

function attachmentPart(a: BuiltAttachment, charset: Charset): string {
  const name =
    a.nameStyle === 'rfc2231'
      ? `filename*=UTF-8''${encodeURIComponent(a.filename)}`
      : `filename="${encodeWord(a.filename, charset)}"`;
  const typeName = a.nameStyle === 'rfc2231' ? `name*=UTF-8''${encodeURIComponent(a.filename)}` : `name="${encodeWord(a.filename, charset)}"`;
  return [`Content-Type: ${a.contentType}; ${typeName}`, `Content-Disposition: attachment; ${name}`, 'Content-Transfer-Encoding: base64', '', base64Lines(a.content)].join(CRLF);
}

/** An RFC 5322 message as a Chinese mail client would write it, in the given charset. */
export function buildMessage(m: BuiltMessage): Buffer {
  const charset = m.charset ?? 'utf-8';
  const headers: string[] = [];
  for (const at of m.received ?? []) {
    headers.push(`Received: from mx.relay.example (mx.relay.example [192.0.2.1])${CRLF}\tby mail.example.gov.cn with ESMTP id ${randomUUID().slice(0, 8)};${CRLF}\t${at.toUTCString().replace('GMT', '+0000')}`);
  }
  headers.push(`From: ${m.fromName ? `"${encodeWord(m.fromName, charset)}" ` : ''}<${m.from}>`);
  headers.push(`To: ${m.to}`);
  headers.push(`Subject: ${encodeWord(m.subject, charset)}`);
  headers.push(`Date: ${(m.date ?? new Date('2026-11-21T02:00:00Z')).toUTCString().replace('GMT', '+0000')}`);
  if (m.messageId !== null) headers.push(`Message-ID: <${m.messageId ?? `${randomUUID()}@mail.example.gov.cn`}>`);
  headers.push('MIME-Version: 1.0');
  headers.push(...(m.headers ?? []));

  const bodyParts: string[] = [];
  if (m.text !== undefined && m.html !== undefined) {
    const boundary = `alt-${randomUUID()}`;
    bodyParts.push(
      [`Content-Type: multipart/alternative; boundary="${boundary}"`, '', `--${boundary}`, textPart(m.text, 'plain', charset), `--${boundary}`, textPart(m.html, 'html', charset), `--${boundary}--`].join(CRLF),
    );
  } else if (m.text !== undefined) bodyParts.push(textPart(m.text, 'plain', charset));
  else if (m.html !== undefined) bodyParts.push(textPart(m.html, 'html', charset));

  const attachments = m.attachments ?? [];
  let body: string;
  if (attachments.length === 0) {
    body = [...headers, bodyParts[0] ?? textPart('', 'plain', charset)].join(CRLF);
  } else {
    const boundary = `mixed-${randomUUID()}`;
    const parts = [...bodyParts, ...attachments.map((a) => attachmentPart(a, charset))];
    body = [...headers, `Content-Type: multipart/mixed; boundary="${boundary}"`, '', ...parts.flatMap((p) => [`--${boundary}`, p]), `--${boundary}--`, ''].join(CRLF);
  }
  return Buffer.from(body.endsWith(CRLF) ? body : `${body}${CRLF}`, 'latin1');
}

export function encodeText(text: string, charset: Charset): Buffer {
  return iconv.encode(text, charset);
}

// ---------------------------------------------------------------------------------------------
// Departments, until the departments module provides its own functions.

export async function addRosterUnit(
  db: { kysely: Kysely<Database>; batch: MailDeps['db']['batch'] },
  slug: string,
  name: string,
  emails: string[],
  role: 'lead' | 'support' | 'added' = 'lead',
  now = new Date(),
): Promise<{ unitId: number; consultationId: number }> {
  const consultation = (await findConsultationBySlug(db as MailDeps['db'], slug))!;
  const iso = now.toISOString();
  await db.batch([
    db.kysely.insertInto('units').values({ name, created_at: iso }).onConflict((oc) => oc.column('name').doNothing()).compile(),
  ]);
  const unit = await db.kysely.selectFrom('units').select('id').where('name', '=', name).executeTakeFirstOrThrow();
  await db.batch([
    ...emails.map((email) => db.kysely.insertInto('unit_addresses').values({ unit_id: unit.id, email }).onConflict((oc) => oc.column('email').doNothing()).compile()),
    db.kysely
      .insertInto('roster_entries')
      .values({ consultation_id: consultation.id, unit_id: unit.id, role, created_at: iso })
      .onConflict((oc) => oc.columns(['consultation_id', 'unit_id']).doNothing())
      .compile(),
  ]);
  return { unitId: unit.id, consultationId: consultation.id };
}
