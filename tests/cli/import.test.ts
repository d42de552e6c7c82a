// `npm run import` as a child process: the dry run's JSON is exactly what the API then serves,
// publishing with a window, keeping a draft without one, GB18030, and refusals that store nothing.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.tsx';
import { collectDraftUnits } from '../../src/departments/units.ts';
import { listBlocks } from '../../src/drafts/store.ts';
import { nodePasswordHasher } from '../../src/platform/node/passwords.ts';
import { createCliHarness } from '../helpers/cli.ts';

const cli = createCliHarness('cli-import');
afterAll(() => cli.close());

const importCli = (args: string[]) => cli.run('import', args);

function appOnData() {
  const db = cli.openDatabase();
  const { app } = createApp({
    db,
    clock: () => new Date('2026-11-21T10:00:00+08:00'),
    passwords: nodePasswordHasher,
    settings: { publicBaseUrl: 'http://localhost:8787', secret: 'x'.repeat(40), commentRateLimit: { limit: 10, windowSeconds: 60 }, benchRoutes: false },
    clientAddress: () => '127.0.0.1',
  });
  return { app, db };
}

const CJ_FILE = 'seeds/changjiang-2022-yangtze-work-points-draft.txt';

describe('npm run import', () => {
  let dryRun: Record<string, any>;

  it('prints the parse as JSON with --dry-run --json and stores nothing', async () => {
    const result = await importCli([CJ_FILE, '--dry-run', '--json']);
    expect(result.code).toBe(0);
    dryRun = JSON.parse(result.stdout);
    expect(Object.keys(dryRun)).toEqual(['title', 'meta', 'report', 'body']);
    expect(dryRun.title).toBe('2022年景德镇市昌江区推进长江经济带发展工作要点');
    expect(dryRun.body[1].children[1]).toMatchObject({ id: 'i1', kind: 'item', label: '1.', number: 1, title: '狠抓警示片披露问题整改' });
    const { db } = appOnData();
    expect((db.raw.prepare('SELECT count(*) AS n FROM consultations').get() as { n: number }).n).toBe(0);
    await db.close();
  });

  it('stores and publishes a consultation whose API tree is exactly the dry run', async () => {
    const result = await importCli([CJ_FILE, '--slug', 'cj-import', '--opens', '2026-11-20', '--closes', '2026-12-20', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ slug: 'cj-import', state: 'published' });
    const { app, db } = appOnData();
    try {
      const api = (await (await app.request('/api/consultations/cj-import')).json()) as Record<string, any>;
      expect(api.body).toEqual(dryRun.body);
      expect(api.meta).toEqual(dryRun.meta);
      expect(api.report).toEqual(dryRun.report);
      expect(api.window).toMatchObject({ opensAt: '2026-11-19T16:00:00.000Z', closesAt: '2026-12-20T15:59:59.000Z' });
      expect((await app.request('/consultations/cj-import')).status).toBe(200);
    } finally {
      await db.close();
    }
  });

  it('publishes as the office does: the roster holds the units the text names, and the publication is audited', async () => {
    const { db } = appOnData();
    try {
      const id = (db.raw.prepare("SELECT id FROM consultations WHERE slug = 'cj-import'").get() as { id: number }).id;
      const roster = db.raw
        .prepare('SELECT u.name, r.role FROM roster_entries r JOIN units u ON u.id = r.unit_id WHERE r.consultation_id = ? ORDER BY u.name')
        .all(id) as { name: string; role: string }[];
      const named = collectDraftUnits(await listBlocks(db, id)).units.map((u) => ({ name: u.name, role: u.role }));
      expect(named.length).toBeGreaterThan(5);
      expect(roster).toEqual(named.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
      expect(roster).toContainEqual({ name: '区发改委', role: 'lead' });
      const audit = db.raw.prepare("SELECT officer_id, detail_json FROM audit_log WHERE action = 'publish' AND consultation_id = ?").all(id) as { officer_id: number | null; detail_json: string }[];
      expect(audit).toHaveLength(1);
      expect(audit[0]!.officer_id).toBeNull();
      expect(JSON.parse(audit[0]!.detail_json)).toMatchObject({ rosterAdded: roster.length });
    } finally {
      await db.close();
    }
  });

  it('keeps a consultation without a window as an unpublished draft', async () => {
    expect((await importCli([CJ_FILE, '--slug', 'cj-draft'])).code).toBe(0);
    const { app, db } = appOnData();
    try {
      expect((await app.request('/consultations/cj-draft')).status).toBe(404);
      expect((db.raw.prepare("SELECT state FROM consultations WHERE slug = 'cj-draft'").get() as { state: string }).state).toBe('draft');
      // A draft is not asked yet: its roster is seeded when it is published.
      expect(db.raw.prepare("SELECT count(*) AS n FROM roster_entries r JOIN consultations c ON c.id = r.consultation_id WHERE c.slug = 'cj-draft'").get()).toEqual({ n: 0 });
    } finally {
      await db.close();
    }
  });

  it('reads a GB18030 file', async () => {
    const result = await importCli(['tests/fixtures/gb18030-notice.txt', '--dry-run', '--json']);
    const parsed = JSON.parse(result.stdout);
    expect(parsed.title).toBe('某县农村公路养护办法');
    expect(parsed.meta.deadline).toBe('2026-11-30');
    expect(parsed.body[0].children[0].responsible).toEqual({ lead: ['县交通运输局'], support: ['各乡镇'] });
  });

  it('refuses bad input with a specific message and stores nothing', async () => {
    const duplicate = await importCli([CJ_FILE, '--slug', 'cj-import', '--opens', '2026-11-20', '--closes', '2026-12-20']);
    expect(duplicate.code).toBe(2);
    expect(duplicate.stderr).toContain('已有同名征求意见：cj-import');
    const backwards = await importCli([CJ_FILE, '--slug', 'cj-back', '--opens', '2026-12-20', '--closes', '2026-11-20']);
    expect(backwards.stderr).toContain('--closes 必须晚于 --opens');
    const noTitle = await importCli(['seeds/jurong-2024-work-report-traditional.txt', '--slug', 'jurong']);
    expect(noTitle.code).toBe(2);
    expect(noTitle.stderr).toContain('请用 --title 指定');
    const missing = await importCli(['no/such/file.txt']);
    expect(missing.stderr).toContain('无法读取文件');
    const { db } = appOnData();
    const slugs = (db.raw.prepare('SELECT slug FROM consultations ORDER BY slug').all() as { slug: string }[]).map((r) => r.slug);
    await db.close();
    expect(slugs).toEqual(['cj-draft', 'cj-import']);
  });
});

describe('one publish for the office and the command line', () => {
  it('seeds the same roster from the same text, whichever publishes it', async () => {
    const { createTestApp } = await import('../helpers/app.ts');
    const { signIn } = await import('../helpers/officers.ts');
    const harness = await createTestApp({ samples: false });
    try {
      // The office: the Changjiang draft uploaded, given a window, published.
      const officer = await signIn(harness, 'officer');
      await officer.get('/office/consultations/new');
      const form = new FormData();
      form.set('_csrf', officer.csrf);
      form.set('slug', 'cj-office');
      form.set('title', '');
      form.set('file', new File([readFileSync(CJ_FILE)], 'changjiang.txt', { type: 'text/plain' }));
      expect((await officer.request('/office/consultations/new', { method: 'POST', body: form })).status).toBe(303);
      const version = async () => String((await harness.db.kysely.selectFrom('consultations').select('version').where('slug', '=', 'cj-office').executeTakeFirstOrThrow()).version);
      await officer.get('/office/consultations/cj-office/settings');
      const settings = { title: '2022年景德镇市昌江区推进长江经济带发展工作要点', moderation: 'pre', documentKind: 'other', intakeLocal: '', reminderDays: '3', contactPerson: '', contactPhone: '', contactEmail: '', opens: '2026-11-22T09:00', closes: '2026-12-31T17:00' };
      expect((await officer.postForm('/office/consultations/cj-office/settings', { version: await version(), ...settings })).response.status).toBe(303);
      await officer.get('/office/consultations/cj-office');
      expect((await officer.postForm('/office/consultations/cj-office/publish', { version: await version() })).response.status).toBe(303);

      // The command line, on the same data directory.
      const cliHere = createCliHarness({ dataDir: harness.dataDir });
      const result = await cliHere.run('import', [CJ_FILE, '--slug', 'cj-cli', '--opens', '2026-11-22', '--closes', '2026-12-31']);
      expect(result.code).toBe(0);

      const roster = (slug: string) =>
        harness.db.kysely
          .selectFrom('roster_entries')
          .innerJoin('units', 'units.id', 'roster_entries.unit_id')
          .innerJoin('consultations', 'consultations.id', 'roster_entries.consultation_id')
          .select(['units.name', 'roster_entries.role'])
          .where('consultations.slug', '=', slug)
          .orderBy('units.name')
          .execute();
      const office = await roster('cj-office');
      expect(office.length).toBeGreaterThan(20);
      expect(await roster('cj-cli')).toEqual(office);
      // Units are kept once: the second publication reused the first one's.
      expect((await harness.db.kysely.selectFrom('units').select('id').execute()).length).toBe(office.length);
    } finally {
      await harness.close();
    }
  });
});
