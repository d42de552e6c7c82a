// `npm run mail:import`: saved .eml files through the same pipeline, timed by their headers.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databasePath } from '../../src/platform/node/data-dir.ts';
import { readSampleDocuments } from '../../src/platform/node/project-files.ts';
import { addDays } from '../../src/lib/time.ts';
import { loadSamples, sampleDefinitions } from '../../seeds/samples.ts';
import { CJ, YIXING } from '../helpers/app.ts';
import { createCliHarness, ROOT as root } from '../helpers/cli.ts';
import { addRosterUnit, buildMessage } from '../helpers/mail.ts';

const cli = createCliHarness('mail-cli');
const dataDir = cli.dataDir;
const files = mkdtempSync(join(tmpdir(), 'yijian-eml-'));
const now = new Date();

const mailImport = (args: string[]) => cli.run('mail:import', args);

function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = new BetterSqlite3(databasePath(dataDir), { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

function save(name: string, raw: Buffer): string {
  const file = join(files, name);
  writeFileSync(file, raw);
  return file;
}

let onTime: string;
let late: string;
let noAddress: string;
const yixingCloses = new Date(sampleDefinitions(now).find((s) => s.slug === YIXING)!.closesAt);

beforeAll(async () => {
  const db = cli.openDatabase();
  await loadSamples(db, readSampleDocuments(), now);
  await addRosterUnit(db, CJ, '区生态环境局', ['sthjj@cj.gov.cn'], 'lead', now);
  await db.close();
  const sent = addDays(now, -1);
  onTime = save(
    'on-time.eml',
    buildMessage({
      from: 'sthjj@cj.gov.cn',
      fromName: '区生态环境局',
      to: 'cjqfgw@163.com',
      subject: '回复：关于《2022年景德镇市昌江区推进长江经济带发展工作要点》征求意见的公告',
      charset: 'gbk',
      messageId: 'cli-ontime@cj.gov.cn',
      text: '第4项：建议明确污水处理设施运维经费。\n第20项：建议补充考核办法。\n',
      received: [sent],
      date: sent,
    }),
  );
  const after = addDays(yixingCloses, 2);
  late = save(
    'late.eml',
    buildMessage({ from: 'someone@example.com', to: `${YIXING}@yijian.localhost`, subject: '意见', messageId: 'cli-late@example.com', text: '第3项：建议补充投资额。', received: [after], date: after }),
  );
  noAddress = save('no-address.eml', buildMessage({ from: 'citizen@example.com', to: 'friend@example.com', subject: '转：意见', messageId: 'cli-forced@example.com', text: '第5项：化工企业搬迁要有时间表。' }));
});

afterAll(() => {
  cli.close();
  rmSync(files, { recursive: true, force: true });
});

describe('npm run mail:import', () => {
  it('prints one JSON line per message with --dry-run --json, and stores nothing', async () => {
    const result = await mailImport([onTime, late, '--dry-run', '--json']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ messageId: '<cli-ontime@cj.gov.cn>', consultation: CJ, from: 'sthjj@cj.gov.cn', unit: '区生态环境局', late: false, outcome: 'comments' });
    expect(lines[0].comments).toEqual([
      { paragraph: { id: 'i4', label: '第4项', number: 4 }, text: expect.stringContaining('运维经费') },
      { paragraph: { id: 'i20', label: '第20项', number: 20 }, text: expect.stringContaining('考核办法') },
    ]);
    expect(new Date(lines[0].receivedAt).getTime()).toBeLessThan(now.getTime());
    expect(lines[1]).toMatchObject({ consultation: YIXING, late: true, outcome: 'comments' });
    expect(query('SELECT id FROM inbound_messages')).toHaveLength(0);
  });

  it('prints, after the fields above, 其他无意见, what was set aside by kind, and who the message is attributed to', async () => {
    const signed = save(
      'signed.eml',
      buildMessage({
        from: 'liuyang1988@163.com',
        fromName: '刘洋',
        to: `${CJ}@yijian.localhost`,
        subject: '意见',
        messageId: 'cli-signed@163.com',
        text: '你委《工作要点》收悉。经研究，提出如下意见：\n关于第4项，建议增加林草湿地保护的内容。\n其他内容无意见。\n\n区林业局\n2026年11月20日\n',
      }),
    );
    const result = await mailImport([signed, onTime, '--dry-run', '--json']);
    expect(result.code).toBe(0);
    const [line, known] = result.stdout.trim().split('\n').map((l) => JSON.parse(l));
    // The fields of the first version come first, unchanged.
    expect(Object.keys(line).slice(0, 9)).toEqual(['messageId', 'consultation', 'from', 'unit', 'receivedAt', 'late', 'outcome', 'reason', 'comments']);
    expect(line).toMatchObject({
      unit: null,
      outcome: 'comments',
      noObjectionOnRest: true,
      nonOpinions: { receipt: 2, 'general-remark': 1, signature: 1, date: 1 },
      unitNames: ['区林业局'],
      attribution: { by: 'proposed', unit: '区林业局', signedAs: '区林业局', candidates: [] },
    });
    expect(known.attribution).toEqual({ by: 'address', unit: '区生态环境局', signedAs: null, candidates: [] });
    const text = await mailImport([signed, '--dry-run']);
    expect(text.stdout).toContain('（落款为区林业局，待确认）');
  });

  it('stores, files and acknowledges each message; importing it again files nothing twice', async () => {
    const first = await mailImport([onTime, late, '--json']);
    expect(first.code).toBe(0);
    expect(first.stdout.trim().split('\n')).toHaveLength(2);
    const rows = query<{ id: number; door: string; state: string; late: number; message_id: string }>('SELECT id, door, state, late, message_id FROM inbound_messages ORDER BY id');
    expect(rows.map((r) => [r.message_id, r.door, r.state, r.late])).toEqual([
      ['<cli-ontime@cj.gov.cn>', 'file', 'processed', 0],
      ['<cli-late@example.com>', 'file', 'processed', 1],
    ]);
    const comments = query<{ channel: string; unit_id: number | null; late: number }>('SELECT channel, unit_id, late FROM comments WHERE inbound_message_id IS NOT NULL ORDER BY id');
    expect(comments).toHaveLength(3);
    expect(comments.every((c) => c.channel === 'email')).toBe(true);
    expect(query('SELECT id FROM outbox WHERE kind = ?', 'acknowledgement')).toHaveLength(2);
    expect(query<{ response: string }>("SELECT response FROM roster_entries WHERE response != 'none'")).toEqual([{ response: 'comments' }]);

    const again = await mailImport([onTime]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('已导入过');
    expect(query('SELECT id FROM inbound_messages')).toHaveLength(2);
    expect(query('SELECT id FROM comments WHERE inbound_message_id IS NOT NULL')).toHaveLength(3);
  });

  it('files a message under the consultation named by --consultation', async () => {
    const result = await mailImport([noAddress, '--consultation', CJ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('第5项');
    const [row] = query<{ consultation_id: number; outcome: string }>("SELECT consultation_id, outcome FROM inbound_messages WHERE message_id = '<cli-forced@example.com>'");
    const [cj] = query<{ id: number }>('SELECT id FROM consultations WHERE slug = ?', CJ);
    expect(row).toEqual({ consultation_id: cj!.id, outcome: 'comments' });
  });

  it('reads a message saved by a real mail client (Foxmail, GBK)', async () => {
    const result = await mailImport([join(root, 'tests/fixtures/mail/gbk-body.eml'), '--consultation', CJ, '--dry-run', '--json']);
    expect(result.code).toBe(0);
    const line = JSON.parse(result.stdout.trim());
    expect(line).toMatchObject({ consultation: CJ, outcome: 'comments' });
    expect(line.comments.length).toBeGreaterThan(0);
  });

  it('refuses a missing file or an unknown consultation with a clear message, storing nothing', async () => {
    const before = query('SELECT id FROM inbound_messages').length;
    const missing = await mailImport([onTime, join(files, 'nope.eml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('无法读取文件');
    expect(missing.stderr).toContain('nope.eml');
    const unknown = await mailImport([noAddress, '--consultation', 'no-such-slug']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('找不到征求意见：no-such-slug');
    const usage = await mailImport([]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('usage: npm run mail:import');
    expect(query('SELECT id FROM inbound_messages')).toHaveLength(before);
  });
});
