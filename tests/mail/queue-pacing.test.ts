// The inbound queue yields to the web: while the site is answering requests, stored mail is filed
// one message at a time instead of eight, and still every message is filed; once the web is
// quiet, the backlog is filed several at a time again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailDeps } from '../../src/mail/inbound/deps.ts';
import { createInboundQueue } from '../../src/mail/inbound/queue.ts';
import { inlineMailReader, type MailReader } from '../../src/mail/inbound/reading.ts';
import { acceptInbound } from '../../src/mail/inbound/store.ts';
import { CJ, createTestApp, type TestApp } from '../helpers/app.ts';
import { buildMessage, MAIL_DOMAIN } from '../helpers/mail.ts';

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp();
});

afterAll(async () => {
  await app.close();
});

/** Reads in this thread, a little later (as a reader thread answers), and counts the readings under way. */
function countingReader(): MailReader & { atOnce: number; most: number } {
  const reader = {
    atOnce: 0,
    most: 0,
    async read(job: Parameters<MailReader['read']>[0]) {
      reader.atOnce++;
      reader.most = Math.max(reader.most, reader.atOnce);
      try {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return await inlineMailReader.read(job);
      } finally {
        reader.atOnce--;
      }
    },
  };
  return reader;
}

async function storeMessages(deps: MailDeps, count: number, tag: string): Promise<number[]> {
  const ids: number[] = [];
  for (let n = 0; n < count; n++) {
    const raw = buildMessage({
      from: `citizen${n}@example.com`,
      to: `${CJ}@${MAIL_DOMAIN}`,
      subject: `意见 ${tag} ${n}`,
      text: `第${n}条意见：建议加强长江岸线保护。`,
      messageId: `<${tag}.${n}@example.com>`,
    });
    ids.push((await acceptInbound(deps, { door: 'smtp', raw, envelopeFrom: `citizen${n}@example.com`, envelopeTo: [`${CJ}@${MAIL_DOMAIN}`] })).id);
  }
  return ids;
}

async function states(ids: number[]): Promise<string[]> {
  const rows = await app.db.kysely.selectFrom('inbound_messages').select('state').where('id', 'in', ids).execute();
  return rows.map((r) => r.state);
}

describe('inbound queue pacing', () => {
  it('files one message at a time while the web is busy, and files them all', async () => {
    const reader = countingReader();
    const deps: MailDeps = { db: app.db, clock: app.now, mailDomain: MAIL_DOMAIN, publicBaseUrl: 'http://localhost:8787', reader };
    const queue = createInboundQueue(deps, { busy: () => true, busyGapMs: 1 });
    const ids = await storeMessages(deps, 6, 'busy');
    for (const id of ids) queue.enqueue(id);
    await queue.idle();
    expect(reader.most).toBe(1);
    expect(await states(ids)).toEqual(ids.map(() => 'processed'));
  });

  it('files several at a time once the web is quiet', async () => {
    const reader = countingReader();
    const deps: MailDeps = { db: app.db, clock: app.now, mailDomain: MAIL_DOMAIN, publicBaseUrl: 'http://localhost:8787', reader };
    let busy = true;
    const queue = createInboundQueue(deps, { busy: () => busy, busyGapMs: 20 });
    const ids = await storeMessages(deps, 6, 'quiet');
    for (const id of ids) queue.enqueue(id);
    // The backlog left while the web was busy goes at full speed when it is quiet again.
    busy = false;
    await queue.idle();
    expect(reader.most).toBeGreaterThan(1);
    expect(await states(ids)).toEqual(ids.map(() => 'processed'));
  });
});
