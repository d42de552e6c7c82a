// What citizens receive, as mail clients receive it: the outbox delivered over a real SMTP
// conversation to a relay on 127.0.0.1 (smtp-server standing in for the office's relay) and, with
// no relay configured, as .eml files under DATA_DIR/outbox. Each message is parsed back with
// postal-mime: the receipt with its tracking number, ONE outcome message for a citizen of three
// comments, the subscription's mail with RFC 8058's one-click unsubscribe headers, and a
// subscriber told of each round's results and of a second round published in the office.
import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findConsultationBySlug } from '../../src/drafts/store.ts';
import { deliverDueMail } from '../../src/mail/delivery.ts';
import { fileTransport, smtpTransport } from '../../src/platform/node/mail-transports.ts';
import { decide } from '../../src/review/decisions.ts';
import { CJ, createTestApp, type TestApp, type TestClient } from '../helpers/app.ts';
import { signIn } from '../helpers/officers.ts';
import { loadRevision, publishRound } from '../helpers/rounds.ts';

interface Delivered {
  rcptTo: string[];
  raw: Buffer;
}

async function startRelay(): Promise<{ port: number; delivered: Delivered[]; close(): Promise<void> }> {
  const delivered: Delivered[] = [];
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        delivered.push({ rcptTo: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { port: (server.server.address() as AddressInfo).port, delivered, close: () => new Promise<void>((done) => server.close(() => done())) };
}

let harness: TestApp;
beforeEach(async () => {
  harness = await createTestApp();
});
afterEach(async () => {
  await harness.close();
});

const delivery = (transport: ReturnType<typeof fileTransport>) => ({ transport, clock: harness.now, from: '征求意见 <noreply@yijian.localhost>', mailDomain: 'yijian.localhost', maxAttempts: 3 });

async function comment(client: TestClient, on: string, fields: Record<string, string>): Promise<string> {
  await client.openForm(CJ, on);
  const { response } = await client.postForm(`/consultations/${CJ}/comments`, { paragraphId: on, ...fields });
  expect(response.status).toBe(303);
  return /receipts\/(YJ-[0-9A-Z-]+)/.exec(response.headers.get('location')!)![1]!;
}

describe('what citizens receive', () => {
  it('writes the receipt as an .eml file a mail client opens, when no relay is set', async () => {
    const citizen = harness.client('198.51.100.80');
    const number = await comment(citizen, 'i4', { body: '建议第4项明确运行维护经费来源。', name: '钱多多', email: 'qian@example.cn', consent: '1' });
    const dir = join(harness.dataDir, 'outbox');
    const transport = fileTransport(dir);
    expect(await deliverDueMail(harness.db, delivery(transport))).toEqual({ sent: 1, retried: 0, failed: 0 });
    transport.close?.();
    const [file] = readdirSync(dir).filter((f) => f.endsWith('-acknowledgement.eml'));
    const email = await PostalMime.parse(readFileSync(join(dir, file!)));
    expect(email.subject).toBe(`已收到您对《2022年景德镇市昌江区推进长江经济带发展工作要点》的意见（${number}）`);
    expect(email.to).toEqual([{ name: '', address: 'qian@example.cn' }]);
    expect(email.text).toContain(`查询编号：${number}`);
    expect(email.text).toContain(`http://localhost:8787/track?no=${number}`);
    expect(email.headers.find((h) => h.key === 'auto-submitted')?.value).toBe('auto-generated');
  });

  it('delivers over SMTP one outcome message to a citizen of three comments, and the subscription mail with one-click unsubscribe', async () => {
    const relay = await startRelay();
    const transport = smtpTransport(`smtp://127.0.0.1:${relay.port}`);
    try {
      const citizen = harness.client('198.51.100.81');
      const numbers = [
        await comment(citizen, 'i4', { body: '建议第4项明确运行维护经费来源。', email: 'sun.li@example.cn', consent: '1' }),
        await comment(citizen, 'i5', { body: '建议第5项补充实施时间表。', email: 'SUN.LI@example.cn', consent: '1' }),
        await comment(citizen, 'i6', { body: '建议第6项写明牵头单位的职责。', email: 'sun.li@example.cn', consent: '1' }),
      ];
      await citizen.get(`/consultations/${CJ}/subscribe`);
      await citizen.postForm(`/consultations/${CJ}/subscribe`, { email: 'sun.li@example.cn', consent: '1' });
      await deliverDueMail(harness.db, delivery(transport));
      // Three receipts and the confirmation, each its own message.
      expect(relay.delivered).toHaveLength(4);
      const confirmation = await PostalMime.parse(relay.delivered.at(-1)!.raw);
      expect(confirmation.subject).toBe('请确认订阅《2022年景德镇市昌江区推进长江经济带发展工作要点》的征求意见动态');
      const token = /confirm\?token=([A-Za-z0-9_-]+)/.exec(confirmation.text!)![1]!;
      expect(confirmation.headers.find((h) => h.key === 'list-unsubscribe')?.value).toBe(`<http://localhost:8787/subscriptions/unsubscribe?token=${token}>`);
      expect(confirmation.headers.find((h) => h.key === 'list-unsubscribe-post')?.value).toBe('List-Unsubscribe=One-Click');
      await citizen.get(`/subscriptions/confirm?token=${token}`);
      await citizen.postForm('/subscriptions/confirm', { token });

      const officer = await signIn(harness, 'officer');
      const consultation = (await findConsultationBySlug(harness.db, CJ))!;
      const ids = (await harness.db.kysely.selectFrom('comments').select('id').where('tracking_number', 'in', numbers).execute()).map((r) => r.id);
      await decide(harness.services, { consultation, selection: { ids, groups: [] }, decision: 'explained', reason: '已在起草说明中说明。', actor: { officerId: officer.officer.id, ip: null } });
      harness.setNow(new Date('2026-12-14T10:00:00+08:00'));
      const office = await signIn(harness, 'officer');
      await office.get(`/office/consultations/${CJ}/results`);
      expect((await office.postForm(`/office/consultations/${CJ}/results`, { statement: '共收到意见3条，均已解释说明。' })).response.status).toBe(303);
      relay.delivered.length = 0;
      await deliverDueMail(harness.db, delivery(transport));

      const toCitizen = relay.delivered.filter((d) => d.rcptTo.some((to) => to.toLowerCase() === 'sun.li@example.cn'));
      const parsed = await Promise.all(toCitizen.map((d) => PostalMime.parse(d.raw)));
      // One outcome message with all three comments (to one recipient), one results notice.
      const outcomes = parsed.filter((m) => m.subject!.startsWith('您对《'));
      expect(outcomes).toHaveLength(1);
      expect(toCitizen[parsed.indexOf(outcomes[0]!)]!.rcptTo).toEqual(['sun.li@example.cn']);
      for (const number of numbers) expect(outcomes[0]!.text).toContain(`意见编号 ${number}`);
      const notices = parsed.filter((m) => m.subject === '《2022年景德镇市昌江区推进长江经济带发展工作要点》征求意见结果已公布');
      expect(notices).toHaveLength(1);
      expect(notices[0]!.headers.find((h) => h.key === 'list-unsubscribe')?.value).toBe(`<http://localhost:8787/subscriptions/unsubscribe?token=${token}>`);
      expect(notices[0]!.headers.find((h) => h.key === 'list-unsubscribe-post')?.value).toBe('List-Unsubscribe=One-Click');
      expect(notices[0]!.text).toContain('起草单位说明：共收到意见3条，均已解释说明。');
      expect(parsed).toHaveLength(2);
    } finally {
      transport.close?.();
      await relay.close();
    }
  });

  it('tells a subscriber over SMTP of the first round’s results, of the second round the office publishes, and of its results: once each', async () => {
    const relay = await startRelay();
    const transport = smtpTransport(`smtp://127.0.0.1:${relay.port}`);
    const TITLE = '2022年景德镇市昌江区推进长江经济带发展工作要点';
    const received = async () => {
      relay.delivered.length = 0;
      await deliverDueMail(harness.db, delivery(transport));
      return Promise.all(relay.delivered.filter((d) => d.rcptTo.includes('zhou.yi@example.cn')).map((d) => PostalMime.parse(d.raw)));
    };
    const publishResults = async (statement: string) => {
      const office = await signIn(harness, 'officer');
      await office.get(`/office/consultations/${CJ}/results`);
      expect((await office.postForm(`/office/consultations/${CJ}/results`, { statement })).response.status).toBe(303);
    };
    try {
      const citizen = harness.client('198.51.100.82');
      await citizen.get(`/consultations/${CJ}/subscribe`);
      await citizen.postForm(`/consultations/${CJ}/subscribe`, { email: 'zhou.yi@example.cn', consent: '1' });
      const [confirmation] = await received();
      const token = /confirm\?token=([A-Za-z0-9_-]+)/.exec(confirmation!.text!)![1]!;
      await citizen.get(`/subscriptions/confirm?token=${token}`);
      await citizen.postForm('/subscriptions/confirm', { token });

      // Round 1 closes; its results are published.
      harness.setNow(new Date('2026-12-14T10:00:00+08:00'));
      await publishResults('第一轮共收到意见若干条。');
      expect((await received()).map((m) => m.subject)).toEqual([`《${TITLE}》征求意见结果已公布`]);

      // The revised text, published in the office for a second round that opens the next day.
      const office = await signIn(harness, 'officer');
      await loadRevision(harness, office, CJ, (text) => text.replace('深入推进城镇污水垃圾处理', '全面推进城镇污水垃圾处理'));
      await publishRound(harness, office, CJ, '2026-12-15T00:00', '2027-01-20T23:59');
      const [round, ...more] = await received();
      expect(more).toEqual([]);
      expect(round!.subject).toBe(`《${TITLE}》开始第2轮征求意见`);
      expect(round!.text).toContain(`《${TITLE}》的修改稿开始第2轮征求意见。`);
      expect(round!.text).toContain('征求意见时间：2026年12月15日 00:00 至 2027年1月20日 23:59（北京时间）');
      expect(round!.text).toContain(`阅读修改稿并提出意见：http://localhost:8787/consultations/${CJ}`);
      expect(round!.headers.find((h) => h.key === 'list-unsubscribe')?.value).toBe(`<http://localhost:8787/subscriptions/unsubscribe?token=${token}>`);
      expect(round!.headers.find((h) => h.key === 'list-unsubscribe-post')?.value).toBe('List-Unsubscribe=One-Click');

      // Round 2 closes: its results are a new message (round 1's were told already), and publishing again tells nobody twice.
      harness.setNow(new Date('2027-01-22T10:00:00+08:00'));
      await publishResults('第二轮共收到意见若干条。');
      const [results, ...again] = await received();
      expect(again).toEqual([]);
      expect(results!.subject).toBe(`《${TITLE}》征求意见结果已公布`);
      expect(results!.text).toContain('起草单位说明：第二轮共收到意见若干条。');
      await publishResults('第二轮的说明，改过一次。');
      expect(await received()).toEqual([]);
      const keys = (await harness.db.kysely.selectFrom('outbox').select('dedupe_key').where('to_address', '=', 'zhou.yi@example.cn').orderBy('id').execute()).map((r) => r.dedupe_key!.replace(/:\d+$/, ':…'));
      const cj = (await findConsultationBySlug(harness.db, CJ))!;
      expect(keys.slice(1)).toEqual([`subscription:results:${cj.id}:1:…`, `subscription:round:${cj.id}:2:…`, `subscription:results:${cj.id}:2:…`]);
    } finally {
      transport.close?.();
      await relay.close();
    }
  });
});
