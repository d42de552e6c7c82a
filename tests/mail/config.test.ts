// Mail settings, and STARTTLS when a certificate is configured.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.ts';
import type { MailDeps } from '../../src/mail/inbound/deps.ts';
import { createInboundQueue } from '../../src/mail/inbound/queue.ts';
import { startSmtpListener } from '../../src/platform/node/smtp.ts';
import { CJ, createTestApp } from '../helpers/app.ts';
import { MAIL_DOMAIN } from '../helpers/mail.ts';
import { systemProgram } from '../helpers/programs.ts';

// The test certificate is made by openssl; without it the STARTTLS test is skipped.
const openssl = systemProgram('openssl', 'apt-get install openssl');

function problems(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('mail settings', () => {
  it('has defaults that take mail on this machine with nothing set', () => {
    expect(parseConfig({}).mailDomain).toBe('yijian.localhost');
    expect(parseConfig({}).mail).toEqual({
      smtpPort: 2525,
      maxBytes: 25 * 1024 * 1024,
      maxClients: 64,
      maxClientsPerAddress: 8,
      idleSeconds: 30,
      readThreads: 1,
      tls: null,
      imapUrl: null,
      imapMailbox: 'INBOX',
      imapPollSeconds: 60,
    });
  });

  it('reads every mail variable', () => {
    const config = parseConfig({
      SMTP_PORT: '25',
      MAIL_DOMAIN: 'YiJian.Example.gov.cn',
      MAIL_MAX_BYTES: '1048576',
      SMTP_MAX_CLIENTS: '200',
      SMTP_MAX_CLIENTS_PER_ADDRESS: '50',
      SMTP_IDLE_SECONDS: '120',
      MAIL_READ_THREADS: '2',
      IMAP_URL: 'imaps://cjqfgw%40163.com:p%40ss@imap.163.com:993',
      IMAP_MAILBOX: '意见',
      IMAP_POLL_SECONDS: '30',
      SMTP_TLS_KEY_FILE: '/etc/yijian/key.pem',
      SMTP_TLS_CERT_FILE: '/etc/yijian/cert.pem',
    });
    expect(config.mailDomain).toBe('yijian.example.gov.cn');
    expect(config.mail).toEqual({
      smtpPort: 25,
      maxBytes: 1048576,
      maxClients: 200,
      maxClientsPerAddress: 50,
      idleSeconds: 120,
      readThreads: 2,
      tls: { keyFile: '/etc/yijian/key.pem', certFile: '/etc/yijian/cert.pem' },
      imapUrl: 'imaps://cjqfgw%40163.com:p%40ss@imap.163.com:993',
      imapMailbox: '意见',
      imapPollSeconds: 30,
    });
  });

  it('names every bad mail setting at once', () => {
    const found = problems({ SMTP_PORT: 'smtp', MAIL_DOMAIN: 'not a domain', IMAP_URL: 'https://mail.example.com', IMAP_POLL_SECONDS: '1', SMTP_TLS_KEY_FILE: '/k.pem' });
    expect(found.map((p) => p.split(':')[0]).sort()).toEqual(['IMAP_POLL_SECONDS', 'IMAP_URL', 'MAIL_DOMAIN', 'SMTP_PORT']);
    expect(problems({ SMTP_TLS_KEY_FILE: '/k.pem' })).toEqual(['SMTP_TLS_CERT_FILE: set both SMTP_TLS_KEY_FILE and SMTP_TLS_CERT_FILE, or neither']);
  });
});

describe('STARTTLS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'yijian-tls-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.skipIf(!openssl.available)('is offered with a configured certificate, and mail sent over it is stored', async () => {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', `/CN=${MAIL_DOMAIN}`], { stdio: 'ignore' });
    const app = await createTestApp();
    const deps: MailDeps = { db: app.db, clock: app.now, mailDomain: MAIL_DOMAIN, publicBaseUrl: 'http://localhost:8787' };
    const queue = createInboundQueue(deps);
    const tls = { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
    const smtp = await startSmtpListener({ deps, queue, host: '127.0.0.1', port: 0, maxBytes: 1024 * 1024, tls });
    const plain = await startSmtpListener({ deps, queue, host: '127.0.0.1', port: 0, maxBytes: 1024 * 1024 });
    try {
      const secure = nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, requireTLS: true, tls: { rejectUnauthorized: false } });
      const info = await secure.sendMail({ from: 'sthjj@cj.gov.cn', to: `${CJ}@${MAIL_DOMAIN}`, subject: 'TLS', messageId: '<tls@cj.gov.cn>', text: '第4项：经加密连接发送。' });
      expect(info.response).toMatch(/^250 /);
      // Without a certificate, a client that insists on TLS is told it is not available.
      const insisting = nodemailer.createTransport({ host: '127.0.0.1', port: plain.port, secure: false, requireTLS: true });
      await expect(insisting.sendMail({ from: 'a@example.com', to: `${CJ}@${MAIL_DOMAIN}`, subject: 'x', text: 'x' })).rejects.toThrow(/STARTTLS/);
      await queue.idle();
      const row = await app.db.kysely.selectFrom('inbound_messages').select(['state', 'outcome']).where('message_id', '=', '<tls@cj.gov.cn>').executeTakeFirst();
      expect(row).toEqual({ state: 'processed', outcome: 'comments' });
    } finally {
      await smtp.close();
      await plain.close();
      await queue.idle();
      await app.close();
    }
  });
});
