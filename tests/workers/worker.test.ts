// The Workers entry on workerd (wrangler dev --local): the same product as on Node — pages with
// correct compression, the API, comments, the office, all five report formats, results, mail
// through email(), reminders and the outbox through scheduled() — and what many isolates need:
// the rate limit, the sign-in throttle and the filing of a message hold under concurrency.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSamples } from '../../seeds/samples.ts';
import { createOfficer } from '../../src/auth/accounts.ts';
import { attachDocument } from '../../src/documents/commands.ts';
import { processInbound } from '../../src/mail/inbound/process.ts';
import { acceptInbound } from '../../src/mail/inbound/store.ts';
import { openMigratedDatabase } from '../../src/platform/node/data-dir.ts';
import { nodePasswordHasher } from '../../src/platform/node/passwords.ts';
import { readSampleDocuments } from '../../src/platform/node/project-files.ts';
import { OFFICER, startWorkerHarness, type WorkerHarness, workerdAvailability } from '../helpers/worker.ts';
import { samplePdf } from '../helpers/documents.ts';

const ROOT = resolve(import.meta.dirname, '../..');

const CJ = 'changjiang-2022-yangtze-work-points';
const YIXING = 'yixing-2020-key-tasks';
const RATE_LIMIT = 12;
const { available } = workerdAvailability();

let h: WorkerHarness;
/** Comment submissions this file has made from 127.0.0.1 so far: they count against the rate limit. */
let submissions = 0;

const NODE_OFFICER = { email: 'node-officer@office.example', password: 'an scrypt password from Node' };
let nodeMail: { raw: string; attachment: Buffer };
/** A 起草说明 attached on Node, its bytes in SQLite until the move. */
const NODE_DOCUMENT = samplePdf('Attached on Node');
let work = '';

/**
 * A Node installation as `npm start` leaves it — the samples, an officer whose password is an
 * scrypt hash, a message with an attachment taken in by SMTP's pipeline, all in SQLite — moved to
 * D1 + R2 with `npm run worker:export`, as the README's migration path says.
 */
async function nodeInstallationExport(): Promise<string> {
  work = mkdtempSync(join(tmpdir(), 'yijian-node-export-'));
  const dataDir = join(work, 'data');
  const { db } = openMigratedDatabase(dataDir);
  try {
    const now = new Date();
    await loadSamples(db, readSampleDocuments(), now);
    await createOfficer({ db, passwords: nodePasswordHasher }, { email: NODE_OFFICER.email, role: 'officer', password: NODE_OFFICER.password }, now);
    const attachment = Buffer.from('附件：第4项，建议公开验收结果。\n', 'utf8');
    const raw = buildMessage({ from: 'node-sender@example.com', to: `${CJ}@yijian.localhost`, subject: '迁移前收到的意见', messageId: 'before-move@example.com', text: '第4项：迁移前收到的意见。', attachment: { name: 'before.bin', content: attachment } });
    const deps = { db, clock: () => new Date(), mailDomain: 'yijian.localhost', publicBaseUrl: 'http://localhost:8787' };
    const accepted = await acceptInbound(deps, { door: 'smtp', raw: new TextEncoder().encode(raw), envelopeFrom: 'node-sender@example.com', envelopeTo: [`${CJ}@yijian.localhost`] });
    await processInbound(deps, accepted.id);
    nodeMail = { raw, attachment };
    const cj = await db.kysely.selectFrom('consultations').select(['id', 'current_version_id']).where('slug', '=', CJ).executeTakeFirstOrThrow();
    const attached = await attachDocument({ db, clock: () => new Date() }, { consultation: cj, file: { name: '起草说明.pdf', bytes: NODE_DOCUMENT }, title: '起草说明', kind: 'explanation', versionNumber: null, actor: { officerId: null, ip: null } });
    if (!attached.ok) throw new Error(`attaching the Node document failed: ${attached.code}`);
  } finally {
    await db.close();
  }
  const out = join(work, 'export');
  const exported = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/worker-export.ts', '--out', out], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8' });
  if (exported.status !== 0) throw new Error(`worker:export failed: ${exported.stdout}${exported.stderr}`);
  return out;
}

beforeAll(async () => {
  if (!available) return;
  const nodeExport = await nodeInstallationExport();
  // A reminder due now: Changjiang (open, closing in three weeks) reminds 30 days ahead, its
  // roster invited two days ago.
  const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString();
  h = await startWorkerHarness(
    { COMMENT_RATE_LIMIT: String(RATE_LIMIT) },
    {
      nodeExport,
      setupSql: `UPDATE consultations SET reminder_days = 30 WHERE slug = '${CJ}';
     INSERT INTO unit_addresses (unit_id, email) SELECT r.unit_id, 'unit' || r.unit_id || '@units.example' FROM roster_entries r
       JOIN consultations c ON c.id = r.consultation_id WHERE c.slug = '${CJ}' AND r.unit_id NOT IN (SELECT unit_id FROM unit_addresses);
     UPDATE roster_entries SET invited_at = '${twoDaysAgo}' WHERE consultation_id = (SELECT id FROM consultations WHERE slug = '${CJ}');`,
    },
  );
}, 240_000);

afterAll(async () => {
  await h?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

function encodedWord(text: string): string {
  return `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

function buildMessage(options: { from: string; to: string; subject: string; messageId: string; text: string; attachment?: { name: string; content: Buffer } }): string {
  const head = [
    `From: ${encodedWord('陈先生')} <${options.from}>`,
    `To: <${options.to}>`,
    `Subject: ${encodedWord(options.subject)}`,
    `Message-ID: <${options.messageId}>`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
  ];
  const body = Buffer.from(options.text, 'utf8').toString('base64');
  if (!options.attachment) return [...head, 'Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: base64', '', body, ''].join('\r\n');
  const boundary = 'b-yijian-test';
  return [
    ...head,
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    body,
    `--${boundary}`,
    `Content-Type: application/octet-stream; name="${options.attachment.name}"`,
    `Content-Disposition: attachment; filename="${options.attachment.name}"`,
    'Content-Transfer-Encoding: base64',
    '',
    options.attachment.content.toString('base64').replace(/.{76}/g, '$&\r\n'),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

/** The bytes as they travel: no fetch() in between that would decode them. */
function rawGet(path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${h.url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function wellFormed(xml: string): void {
  const parser = new SaxesParser();
  parser.on('error', (error) => {
    throw error;
  });
  parser.write(xml).close();
}

async function commentIdOf(tracking: string): Promise<number> {
  const [row] = await h.query<{ id: number }>(`SELECT id FROM comments WHERE tracking_number = '${tracking}'`);
  return row!.id;
}

// Each check of the database spawns wrangler (a few seconds on a busy machine): generous timeouts.
describe.skipIf(!available)('the app on workerd', () => {
  it('serves the pages, each compressed once: gzip that decodes to the page, or the page itself', async () => {
    const home = await fetch(`${h.url}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('长江');

    const gzipped = await rawGet(`/consultations/${CJ}`, { 'accept-encoding': 'gzip' });
    expect(gzipped.status).toBe(200);
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    const page = gunzipSync(gzipped.body).toString('utf8');
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('我要提意见');

    // Workers always see "br, gzip" (Cloudflare's edge, and wrangler dev, decode for a client that
    // takes neither): a client that asks for the page as it is gets it as it is.
    const identity = await rawGet(`/consultations/${CJ}`, { 'accept-encoding': 'identity' });
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.body.toString('utf8')).toBe(page);

    const css = await fetch(`${h.url}/static/app.css`);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect((await fetch(`${h.url}/static/htmx.min.js`)).status).toBe(200);
  });

  it('answers the API and takes a comment through it and through the web form', async () => {
    const list = (await (await fetch(`${h.url}/api/consultations`)).json()) as { consultations: { slug: string }[] };
    expect(list.consultations.map((c) => c.slug)).toContain(CJ);
    const detail = (await (await fetch(`${h.url}/api/consultations/${CJ}`)).json()) as { body: unknown[] };
    expect(detail.body.length).toBeGreaterThan(0);

    const client = h.client();
    const api = await client.postJson(`/api/consultations/${CJ}/comments`, { paragraphId: 'i4', body: '通过 API 提交的意见：建议公开运维经费。', name: '王女士' });
    submissions++;
    expect(api.response.status).toBe(201);
    expect(api.json.trackingNumber).toMatch(/^YJ-/);

    await client.get(`/consultations/${CJ}/comment?on=i4`);
    const form = await client.postForm(`/consultations/${CJ}/comments`, { paragraphId: 'i4', body: '网页表单提交的意见：建议按季度通报进展。', name: '李先生' });
    submissions++;
    expect(form.response.status).toBe(303);
    const receipt = form.response.headers.get('location')!;
    const tracking = /\/receipts\/(YJ-[0-9A-Z]{4}-[0-9A-Z]{4})$/.exec(receipt)?.[1];
    expect(tracking).toBeTruthy();
    expect((await client.get(receipt)).html).toContain(tracking!);
    const track = await client.get(`/track?no=${tracking}`);
    expect(track.response.status).toBe(200);
    expect(track.html).toContain(tracking!);
  });

  it('lets an officer made by worker:user-add sign in, moderate, and see the page change', async () => {
    const officer = h.client();
    expect((await officer.signIn()).status).toBe(303);
    const queue = await officer.get(`/office/consultations/${CJ}/comments`);
    expect(queue.response.status).toBe(200);
    expect(queue.html).toContain('建议按季度通报进展');

    const client = h.client();
    const api = await client.postJson(`/api/consultations/${CJ}/comments`, { paragraphId: 'i5', body: '待发布的意见：请补充第五项的完成时限。' });
    submissions++;
    const id = await commentIdOf(api.json.trackingNumber);
    await officer.get(`/office/consultations/${CJ}/comments`);
    const published = await officer.postForm(`/office/consultations/${CJ}/comments/${id}/moderate`, { action: 'publish' });
    expect([200, 303]).toContain(published.response.status);
    // Another isolate's page cache re-checks the consultation's version: the comment shows.
    await new Promise((r) => setTimeout(r, 1100));
    expect(await (await fetch(`${h.url}/consultations/${CJ}`)).text()).toContain('请补充第五项的完成时限');
  });

  it('writes all five report formats; the XLSX is a valid zip with well-formed sheets', async () => {
    const officer = h.client();
    await officer.signIn();
    const xlsx = await officer.request(`/office/consultations/${CJ}/report.xlsx`);
    expect(xlsx.status).toBe(200);
    const files = unzipSync(new Uint8Array(await xlsx.arrayBuffer()));
    const sheets = Object.keys(files).filter((name) => /^xl\/worksheets\/sheet\d+\.xml$/.test(name));
    expect(sheets.length).toBeGreaterThanOrEqual(2);
    for (const name of Object.keys(files).filter((n) => n.endsWith('.xml') || n.endsWith('.rels'))) wellFormed(new TextDecoder().decode(files[name]));
    const table = sheets.map((name) => new TextDecoder().decode(files[name])).join('');
    expect(table).toContain('建议按季度通报进展');

    const docx = unzipSync(new Uint8Array(await (await officer.request(`/office/consultations/${CJ}/report.docx`)).arrayBuffer()));
    wellFormed(new TextDecoder().decode(docx['word/document.xml']));
    const csv = new Uint8Array(await (await officer.request(`/office/consultations/${CJ}/report.csv`)).arrayBuffer());
    expect([...csv.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(csv)).toContain('建议按季度通报进展');
    const json = (await (await officer.request(`/office/consultations/${CJ}/report.json`)).json()) as { comments: unknown[] };
    expect(json.comments.length).toBeGreaterThanOrEqual(3);
    const html = await (await officer.request(`/office/consultations/${CJ}/report.html`)).text();
    expect(html).toContain('建议按季度通报进展');
  });

  it('publishes the results of a closed consultation on the public page', async () => {
    const officer = h.client();
    await officer.signIn();
    await officer.get(`/office/consultations/${YIXING}/results`);
    const statement = '征求意见期间，未收到意见。（workerd）';
    const { response } = await officer.postForm(`/office/consultations/${YIXING}/results`, { statement });
    expect(response.status).toBe(303);
    const page = await fetch(`${h.url}/consultations/${YIXING}/results`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(statement);
  });

  it('takes mail through email(): the raw message in R2 before it is accepted, then filed and acknowledged', async () => {
    const attachment = Buffer.from('附件里的意见：第4项，建议增加验收标准。\n', 'utf8');
    const raw = buildMessage({
      from: 'chen@example.com',
      to: `${CJ}@yijian.localhost`,
      subject: '对长江大保护工作要点的意见',
      messageId: 'workerd-1@example.com',
      text: '第4项：建议明确运维经费来源。\n\n陈先生',
      attachment: { name: '意见.bin', content: attachment },
    });
    const response = await h.email('chen@example.com', `${CJ}@yijian.localhost`, raw);
    expect(response.status).toBe(200);
    const [message] = await h.query<{ id: number; state: string; outcome: string; raw_key: string; raw_length: number }>(
      `SELECT id, state, outcome, raw_key, length(raw) AS raw_length FROM inbound_messages WHERE message_id = '<workerd-1@example.com>'`,
    );
    expect(message).toMatchObject({ state: 'processed', outcome: 'comments', raw_length: 0 });
    expect(message!.raw_key).toMatch(/^mail\/raw\/[0-9a-f]{64}\.eml$/);

    const officer = h.client();
    await officer.signIn();
    // The raw message and the attachment come back byte for byte from R2 (BLOB-free rows).
    const eml = Buffer.from(await (await officer.request(`/office/mail/${message!.id}/raw`)).arrayBuffer());
    expect(eml.toString('utf8')).toBe(raw);
    const detail = await officer.get(`/office/mail/${message!.id}`);
    expect(detail.html).toContain('建议明确运维经费来源');
    const file = Buffer.from(await (await officer.request(`/office/mail/${message!.id}/attachments/0`)).arrayBuffer());
    expect(file.equals(attachment)).toBe(true);
    const [ack] = await h.query<{ n: number }>(`SELECT count(*) AS n FROM outbox WHERE kind = 'acknowledgement' AND to_address = 'chen@example.com'`);
    expect(ack!.n).toBe(1);

    const unknown = await h.email('chen@example.com', `nobody@yijian.localhost`, raw.replace('workerd-1@', 'workerd-unknown@'));
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('no consultation receives mail at this address');
  });

  it('stores a 3.2 MB message (over a D1 row) through the office upload, in R2', async () => {
    const officer = h.client();
    await officer.signIn();
    await officer.get('/office/mail/upload');
    const big = buildMessage({
      from: 'big@example.com',
      to: `${CJ}@yijian.localhost`,
      subject: '大附件',
      messageId: 'workerd-big@example.com',
      text: '第4项：意见见附件。',
      attachment: { name: 'scan.bin', content: Buffer.alloc(2_400_000, 7) },
    });
    expect(big.length).toBeGreaterThan(3_200_000);
    const form = new FormData();
    form.set('_csrf', officer.csrf);
    form.append('files', new Blob([big], { type: 'message/rfc822' }), 'big.eml');
    const response = await officer.request('/office/mail/upload', { method: 'POST', body: form });
    expect(response.status).toBe(200);
    const [row] = await h.query<{ id: number; size: number }>(`SELECT id, size FROM inbound_messages WHERE message_id = '<workerd-big@example.com>'`);
    expect(row!.size).toBe(Buffer.byteLength(big));
    const eml = Buffer.from(await (await officer.request(`/office/mail/${row!.id}/raw`)).arrayBuffer());
    expect(eml.equals(Buffer.from(big))).toBe(true);
  });

  it('runs scheduled(): the outbox goes out through the mail API, and due reminders are queued and sent', async () => {
    // The provider fails the first request with a 503: that message is retried later, not lost.
    h.mailApi.failures.push(503);
    const run = await h.scheduled();
    expect(run.status).toBe(200);
    const reminders = await h.query<{ state: string }>(`SELECT o.state FROM outbox o JOIN consultations c ON c.id = o.consultation_id WHERE o.kind = 'reminder' AND c.slug = '${CJ}'`);
    expect(reminders.length).toBeGreaterThan(0);
    // Everything due went out but the one the provider refused with 503: queued again, with the error.
    const states = await h.query<{ state: string; n: number }>(`SELECT state, count(*) AS n FROM outbox GROUP BY state`);
    expect(states.find((s) => s.state === 'sent')!.n).toBe(h.mailApi.sent.length);
    const [retry] = await h.query<{ state: string; attempts: number; last_error: string }>(`SELECT state, attempts, last_error FROM outbox WHERE last_error IS NOT NULL`);
    expect(retry).toMatchObject({ state: 'queued', attempts: 1 });
    expect(retry!.last_error).toContain('503');
    for (const mail of h.mailApi.sent) {
      expect(mail.headers.authorization).toBe('Bearer test-key');
      expect(mail.headers['idempotency-key']).toBe(mail.body.headers['Message-ID']!.replace(/^<|>$/g, ''));
    }
    const acks = h.mailApi.sent.filter((m) => m.body.headers['Auto-Submitted'] === 'auto-replied');
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) expect(ack.body.headers['In-Reply-To']).toMatch(/^<[^>]+@example\.com>$/);
    const [remindersSent] = await h.query<{ n: number }>(`SELECT count(*) AS n FROM outbox WHERE kind = 'reminder' AND state = 'sent'`);
    expect(remindersSent!.n).toBeGreaterThan(0);
    // A second run sends nothing twice, and does not queue the reminders again.
    const before = h.mailApi.sent.length;
    await h.scheduled();
    const again = await h.query<{ n: number }>(`SELECT count(*) AS n FROM outbox WHERE kind = 'reminder'`);
    expect(again[0]!.n).toBe(reminders.length);
    expect(h.mailApi.sent.length).toBe(before);
  });

  it('files each message once when email() and the cron sweep race for it', async () => {
    const ids: string[] = [];
    const work: Promise<Response>[] = [];
    for (let i = 0; i < 6; i++) {
      const id = `race-${i}@example.com`;
      ids.push(id);
      work.push(h.email(`race${i}@example.com`, `${CJ}@yijian.localhost`, buildMessage({ from: `race${i}@example.com`, to: `${CJ}@yijian.localhost`, subject: '意见', messageId: id, text: `第${i + 1}项：并发送达的意见 ${i}。` })));
      work.push(h.scheduled());
    }
    for (const response of await Promise.all(work)) expect(response.status).toBe(200);
    await h.scheduled();
    const rows = await h.query<{ message_id: string; state: string; comments: number; acks: number }>(
      `SELECT m.message_id, m.state,
         (SELECT count(*) FROM comments c WHERE c.inbound_message_id = m.id) AS comments,
         (SELECT count(*) FROM outbox o WHERE o.dedupe_key LIKE 'ack:' || m.id || '%') AS acks
       FROM inbound_messages m WHERE m.message_id LIKE '<race-%'`,
    );
    expect(rows).toHaveLength(6);
    for (const row of rows) expect(row).toMatchObject({ state: 'processed', comments: 1, acks: 1 });
    // The cron runs also delivered the outbox at the same time: each row was claimed by one of
    // them, so the provider got no message twice.
    const messageIds = h.mailApi.sent.map((m) => m.body.headers['Message-ID']);
    expect(new Set(messageIds).size).toBe(messageIds.length);
    expect(h.mailApi.sent.filter((m) => m.body.to.some((to) => /^race\d@example\.com$/.test(to)))).toHaveLength(6);
  });

  it('serves what a Node installation kept, after worker:export: raw mail and attachments from R2', async () => {
    const [message] = await h.query<{ id: number; raw_key: string; state: string }>(`SELECT id, raw_key, state FROM inbound_messages WHERE message_id = '<before-move@example.com>'`);
    expect(message).toMatchObject({ state: 'processed' });
    expect(message!.raw_key).toMatch(/^mail\/raw\//);
    const officer = h.client();
    await officer.signIn();
    expect(Buffer.from(await (await officer.request(`/office/mail/${message!.id}/raw`)).arrayBuffer()).toString('utf8')).toBe(nodeMail.raw);
    const file = Buffer.from(await (await officer.request(`/office/mail/${message!.id}/attachments/0`)).arrayBuffer());
    expect(file.equals(nodeMail.attachment)).toBe(true);
    expect((await officer.get(`/office/consultations/${CJ}/comments`)).html).toContain('迁移前收到的意见');
  });

  it('serves supporting documents from R2: one attached on Node and moved, one uploaded on Workers', async () => {
    const [moved] = await h.query<{ id: number; content_key: string; size: number }>(`SELECT id, content_key, size FROM consultation_documents WHERE title = '起草说明'`);
    expect(moved!.content_key).toMatch(/^documents\/[0-9a-f]{64}$/);
    const visitor = h.client();
    const download = await visitor.request(`/consultations/${CJ}/documents/${moved!.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(NODE_DOCUMENT))).toBe(true);

    const officer = h.client();
    await officer.signIn();
    await officer.get(`/office/consultations/${CJ}/documents`);
    const uploaded = samplePdf('Uploaded on Workers');
    const form = new FormData();
    form.set('_csrf', officer.csrf);
    form.set('title', '修改说明');
    form.set('kind', 'other');
    form.set('file', new File([uploaded as BlobPart], 'changes.pdf'));
    expect((await officer.request(`/office/consultations/${CJ}/documents`, { method: 'POST', body: form })).status).toBe(303);
    const [fresh] = await h.query<{ id: number; content_key: string; content: unknown }>(`SELECT id, content_key, length(content) AS content FROM consultation_documents WHERE title = '修改说明'`);
    expect(fresh).toMatchObject({ content: 0 });
    expect(fresh!.content_key).toMatch(/^documents\//);
    expect(Buffer.from(await (await visitor.request(`/consultations/${CJ}/documents/${fresh!.id}`)).arrayBuffer()).equals(Buffer.from(uploaded))).toBe(true);
    // The page lists both once every isolate has seen the new version.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const page = await visitor.get(`/consultations/${CJ}`);
    expect(page.html).toContain('起草说明</a>');
    expect(page.html).toContain('修改说明</a>');
  });

  it('signs in an officer whose password was hashed with scrypt on Node, and re-hashes it to PBKDF2', async () => {
    const [before] = await h.query<{ password_hash: string }>(`SELECT password_hash FROM officers WHERE email = '${NODE_OFFICER.email}'`);
    expect(before!.password_hash).toMatch(/^scrypt\$32768\$/);
    expect((await h.client().signIn(NODE_OFFICER.email, NODE_OFFICER.password)).status).toBe(303);
    const [after] = await h.query<{ password_hash: string }>(`SELECT password_hash FROM officers WHERE email = '${NODE_OFFICER.email}'`);
    expect(after!.password_hash).toMatch(/^pbkdf2-sha256\$100000\$/);
    expect((await h.client().signIn(NODE_OFFICER.email, NODE_OFFICER.password)).status).toBe(303);
    const [made] = await h.query<{ password_hash: string }>(`SELECT password_hash FROM officers WHERE email = '${OFFICER.email}'`);
    expect(made!.password_hash).toMatch(/^pbkdf2-sha256\$100000\$/);
  });

  it('holds the comment rate limit across concurrent requests (kept in D1)', async () => {
    const left = RATE_LIMIT - submissions;
    const attempts = left + 8;
    const client = h.client();
    const responses = await Promise.all(
      Array.from({ length: attempts }, (_, i) => client.postJson(`/api/consultations/${CJ}/comments`, { body: `并发提交 ${i}：建议加强监督。` }).then((r) => r.response.status)),
    );
    expect(responses.filter((s) => s === 201)).toHaveLength(left);
    expect(responses.filter((s) => s === 429)).toHaveLength(attempts - left);
  });

  it('holds the sign-in throttle across concurrent wrong passwords', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const client = h.client();
        await client.get('/office/login');
        return (await client.postForm('/office/login', { email: OFFICER.email, password: 'wrong password!' })).response.status;
      }),
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
    expect((await h.client().signIn()).status).toBe(429);
  });
});

