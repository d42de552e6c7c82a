// `npm run privacy:purge -- [--dry-run]` as an operator runs it: what is due is listed, a dry run
// changes nothing, the real run erases and audits, RETENTION_DAYS decides what is due.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertComment } from '../../src/comments/store.ts';
import { findConsultationBySlug } from '../../src/drafts/store.ts';
import { readSampleDocuments } from '../../src/platform/node/project-files.ts';
import { publishResults } from '../../src/reports/results.ts';
import { loadSamples } from '../../seeds/samples.ts';
import { createCliHarness } from '../helpers/cli.ts';

const YIXING = 'yixing-2020-key-tasks';
const DAY = 24 * 60 * 60 * 1000;
const cli = createCliHarness('privacy-purge');
let trackingNumber: string;

beforeAll(async () => {
  // The samples as they stood 400 days ago; the closed one's results published then.
  const then = new Date(Date.now() - 400 * DAY);
  const db = cli.openDatabase();
  try {
    await loadSamples(db, readSampleDocuments(), then);
    const yixing = (await findConsultationBySlug(db, YIXING))!;
    trackingNumber = await insertComment(db, {
      consultationId: yixing.id, blockId: null, channel: 'web', body: '建议公开完成情况。', authorName: '吴十', organization: null, contactEmail: 'wu@example.com',
      contactPhone: null, status: 'pending', statusReason: null, late: false, locale: 'zh-CN', clientKey: null, contactConsentAt: then, receivedAt: then, now: then,
    });
    const published = await publishResults({ db, clock: () => then }, { consultation: yixing, statement: '已研究吸收。', actor: { officerId: null, ip: null }, resultsUrl: 'http://localhost/results' });
    if (!published.ok) throw new Error(`results not published: ${published.code}`);
  } finally {
    await db.close();
  }
});
afterAll(() => cli.close());

async function row() {
  const db = cli.openDatabase();
  try {
    return await db.kysely.selectFrom('comments').select(['author_name', 'contact_email']).where('tracking_number', '=', trackingNumber).executeTakeFirstOrThrow();
  } finally {
    await db.close();
  }
}

describe('npm run privacy:purge', () => {
  it('keeps everything while RETENTION_DAYS have not passed', async () => {
    const result = await cli.run('privacy:purge', ['--dry-run'], { env: { RETENTION_DAYS: '500' } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('retention: 500 days after the results are published (dry run: nothing changed)');
    expect(result.stdout).toContain('没有到期的个人信息 / nothing is due');
  });

  it('lists what is due in a dry run and changes nothing, then erases it', async () => {
    const dry = await cli.run('privacy:purge', ['--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(new RegExp(`将删除 / would erase: ${YIXING} \\(results \\d{4}-\\d{2}-\\d{2}\\): \\d+ comment\\(s\\)`));
    expect(await row()).toEqual({ author_name: '吴十', contact_email: 'wu@example.com' });

    const real = await cli.run('privacy:purge', ['--json']);
    expect(real.code, real.stderr).toBe(0);
    const json = JSON.parse(real.stdout) as { dryRun: boolean; retentionDays: number; consultations: { slug: string; comments: number }[] };
    expect(json).toMatchObject({ dryRun: false, retentionDays: 365 });
    expect(json.consultations.map((c) => c.slug)).toEqual([YIXING]);
    expect(await row()).toEqual({ author_name: '吴*', contact_email: null });

    const db = cli.openDatabase();
    try {
      const audit = await db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'privacy-purge').execute();
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0]!.detail_json)).toMatchObject({ via: 'cli', retentionDays: 365 });
    } finally {
      await db.close();
    }
    const again = await cli.run('privacy:purge');
    expect(again.stdout).toContain('nothing is due');
  });
});
