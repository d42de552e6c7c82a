// Claims on D1 itself, deterministically: two runs read the same stored message before either
// files it (as email() and a cron run can, in two isolates), and exactly one files it; two
// deliveries claim the same outbox row, and one sends it. The core's own code runs in this
// process over Miniflare's D1 and R2 (workerd's SQLite, the same engine wrangler dev uses), through
// the Workers' D1 dialect.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { D1Database, R2Bucket } from '@cloudflare/workers-types';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../src/db/database.ts';
import { deliverDueMail, type MailToSend } from '../../src/mail/delivery.ts';
import type { MailDeps } from '../../src/mail/inbound/deps.ts';
import { processInbound } from '../../src/mail/inbound/process.ts';
import { acceptInbound, findInbound } from '../../src/mail/inbound/store.ts';
import { prepareLocalWorkerData } from '../../src/platform/node/worker-local.ts';
import { openD1Database } from '../../src/platform/workers/d1.ts';
import { r2FileStore } from '../../src/platform/workers/r2.ts';
import { workerdAvailability } from '../helpers/worker.ts';

const { available } = workerdAvailability();
const CJ = 'changjiang-2022-yangtze-work-points';

let mf: Miniflare;
let persistTo = '';
let db: AppDatabase;
let deps: MailDeps;

beforeAll(async () => {
  if (!available) return;
  persistTo = mkdtempSync(join(tmpdir(), 'yijian-d1-claims-'));
  await prepareLocalWorkerData({ persistTo }, { samples: true });
  mf = new Miniflare({
    modules: true,
    script: 'export default { fetch: () => new Response("") }',
    compatibilityDate: '2025-10-01',
    defaultPersistRoot: join(persistTo, 'v3'),
    d1Databases: { DB: '00000000-0000-0000-0000-000000000000' },
    r2Buckets: { FILES: 'yijian-files' },
  });
  db = openD1Database((await mf.getD1Database('DB')) as unknown as D1Database);
  const files = r2FileStore((await mf.getR2Bucket('FILES')) as unknown as R2Bucket);
  deps = { db, files, clock: () => new Date(), mailDomain: 'yijian.localhost', publicBaseUrl: 'http://localhost:8787' };
});

afterAll(async () => {
  await mf?.dispose();
  if (persistTo) rmSync(persistTo, { recursive: true, force: true });
});

function message(id: string): Uint8Array {
  return new TextEncoder().encode(
    [`From: <${id}@example.com>`, `To: <${CJ}@yijian.localhost>`, 'Subject: =?UTF-8?B?5oSP6KeB?=', `Message-ID: <${id}@example.com>`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=UTF-8', '', `第4项：${id} 的意见。`, ''].join('\r\n'),
  );
}

describe.skipIf(!available)('claims on D1', () => {
  it('files a message once when two runs read it before either files it', async () => {
    for (let i = 0; i < 5; i++) {
      const accepted = await acceptInbound(deps, { door: 'smtp', raw: message(`claim-${i}`), envelopeFrom: `claim-${i}@example.com`, envelopeTo: [`${CJ}@yijian.localhost`] });
      const row = await findInbound(db, accepted.id);
      expect(row!.raw.byteLength).toBe(0);
      expect(row!.raw_key).toMatch(/^mail\/raw\//);
      const [a, b] = await Promise.all([processInbound(deps, accepted.id), processInbound(deps, accepted.id)]);
      // Both read the message as stored and understood it (a run that found it filed already would
      // return without reading it); one filed it, the other's batch lost the claim.
      expect(a.understood).not.toBeNull();
      expect(b.understood).not.toBeNull();
      expect([a.trackingNumbers.length, b.trackingNumbers.length].sort()).toEqual([0, 1]);
      const comments = await db.kysely.selectFrom('comments').select('id').where('inbound_message_id', '=', accepted.id).execute();
      expect(comments).toHaveLength(1);
      const acks = await db.kysely.selectFrom('outbox').select('id').where('dedupe_key', '=', `ack:${accepted.id}`).execute();
      expect(acks).toHaveLength(1);
    }
  });

  it('sends an outbox row once when two deliveries claim it at the same moment', async () => {
    const sent: MailToSend[] = [];
    const transport = {
      description: 'recording',
      async send(mail: MailToSend) {
        sent.push(mail);
        return { deliveredTo: 'test' };
      },
    };
    const options = { transport, clock: () => new Date(), from: 'a <noreply@yijian.localhost>', mailDomain: 'yijian.localhost', maxAttempts: 8 };
    const [first, second] = await Promise.all([deliverDueMail(db, options), deliverDueMail(db, options)]);
    const queued = await db.kysely.selectFrom('outbox').select('id').where('state', '!=', 'sent').execute();
    expect(queued).toHaveLength(0);
    expect(first.sent + second.sent).toBe(sent.length);
    expect(new Set(sent.map((m) => m.outboxId)).size).toBe(sent.length);
    expect(sent.length).toBeGreaterThanOrEqual(5);
  });
});
