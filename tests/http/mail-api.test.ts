// Outgoing mail over the HTTP mail API (the Workers transport), against a fake provider on
// 127.0.0.1 — the HTTP boundary is the only thing faked — and through the real outbox delivery:
// what is sent, what is retried, what fails for good.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDueMail } from '../../src/mail/delivery.ts';
import { queueMailQuery } from '../../src/mail/outbox.ts';
import { mailApiTransport } from '../../src/platform/workers/mail-api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { freePort } from '../helpers/child.ts';

interface Received {
  headers: IncomingHttpHeaders;
  body: Record<string, any>;
}

let server: Server;
let url = '';
const received: Received[] = [];
const answers: { status: number; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(data) });
      const answer = answers.shift() ?? { status: 200, body: JSON.stringify({ id: `id-${received.length}` }) };
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
  });
  const port = await freePort();
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  url = `http://127.0.0.1:${port}/emails`;
});

afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
});

describe('the HTTP mail API transport behind the outbox', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({ samples: false });
  });
  afterAll(async () => app.close());

  it('sends each due message once with its headers, retries a 503 and fails a 422 for good', async () => {
    const now = app.now();
    await app.db.batch([
      queueMailQuery(app.db.kysely, { kind: 'acknowledgement', dedupeKey: 'a1', consultationId: null, to: 'chen@example.com', subject: '已收到您的意见', text: '谢谢。', headers: { 'In-Reply-To': '<m1@example.com>', References: '<m1@example.com>', 'Auto-Submitted': 'auto-replied' } }, now),
      queueMailQuery(app.db.kysely, { kind: 'reminder', dedupeKey: 'r1', consultationId: null, to: 'a@units.example, b@units.example', subject: '提醒', text: '请反馈。' }, now),
      queueMailQuery(app.db.kysely, { kind: 'acknowledgement', dedupeKey: 'a2', consultationId: null, to: 'not-an-address', subject: 's', text: 't' }, now),
    ]);
    answers.push({ status: 200, body: '{"id":"first"}' }, { status: 503, body: '{"message":"busy"}' }, { status: 422, body: '{"name":"validation_error"}' });
    const transport = mailApiTransport({ url, apiKey: 'secret-key' });
    const run = await deliverDueMail(app.db, { transport, clock: app.now, from: '征求意见 <noreply@yijian.localhost>', mailDomain: 'yijian.localhost', maxAttempts: 8 });
    expect(run).toEqual({ sent: 1, retried: 1, failed: 1 });

    const [ack, reminder] = received;
    expect(ack!.headers.authorization).toBe('Bearer secret-key');
    expect(ack!.headers['content-type']).toBe('application/json');
    expect(ack!.body).toMatchObject({ from: '征求意见 <noreply@yijian.localhost>', to: ['chen@example.com'], subject: '已收到您的意见', text: '谢谢。' });
    expect(ack!.body.headers).toMatchObject({ 'In-Reply-To': '<m1@example.com>', References: '<m1@example.com>', 'Auto-Submitted': 'auto-replied' });
    expect(ack!.headers['idempotency-key']).toBe(ack!.body.headers['Message-ID'].replace(/^<|>$/g, ''));
    expect(reminder!.body.to).toEqual(['a@units.example', 'b@units.example']);

    const rows = await app.db.kysely.selectFrom('outbox').select(['dedupe_key', 'state', 'attempts', 'delivered_to', 'last_error']).orderBy('id').execute();
    expect(rows[0]).toMatchObject({ state: 'sent', delivered_to: expect.stringMatching(/^127\.0\.0\.1:\d+ id=first$/) });
    expect(rows[1]).toMatchObject({ state: 'queued', attempts: 1, last_error: expect.stringContaining('503') });
    expect(rows[2]).toMatchObject({ state: 'failed', attempts: 1, last_error: expect.stringContaining('422') });

    // The retry goes out with the same Message-ID, so the provider's idempotency drops a duplicate.
    const later = new Date(now.getTime() + 10 * 60_000);
    const again = await deliverDueMail(app.db, { transport, clock: () => later, from: 'x <noreply@yijian.localhost>', mailDomain: 'yijian.localhost', maxAttempts: 8 });
    expect(again.sent).toBe(1);
    expect(received[3]!.headers['idempotency-key']).toBe(reminder!.headers['idempotency-key']);
  });

  it('retries when the provider cannot be reached', async () => {
    const transport = mailApiTransport({ url: 'http://127.0.0.1:9/emails', apiKey: 'k', timeoutMs: 2_000 });
    const outcome = await transport
      .send({ outboxId: 1, kind: 'other', from: 'a@b.c', to: 'd@e.f', subject: 's', text: 't', html: null, messageId: '<x@y>', date: new Date(), replyTo: null, inReplyTo: null, references: null, headers: {} })
      .catch((error: unknown) => error);
    expect(outcome).toMatchObject({ name: 'DeliveryError', permanent: false });
  });
});
