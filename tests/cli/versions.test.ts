// The versions from the command line, in child processes on a real database: `npm run import --
// FILE --revision-of SLUG` loads a revised text as the next version (kept for the structure
// editor, or published for a new round or as the final text), and `npm run report -- --kind
// changes` writes the 修改对照表 — the same bytes the office downloads — or refuses clearly.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findConsultationBySlug, listVersions } from '../../src/drafts/store.ts';
import { type CliHarness, createCliHarness } from '../helpers/cli.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { signIn } from '../helpers/officers.ts';

const V1 = 'tests/fixtures/revisions/hand/greening-v1.txt';
const V2 = 'tests/fixtures/revisions/hand/greening-v2.txt';

let harness: TestApp;
let cli: CliHarness;

beforeAll(async () => {
  harness = await createTestApp({ samples: false });
  cli = createCliHarness({ dataDir: harness.dataDir });
});
afterAll(async () => {
  await harness.close();
});

describe('npm run import -- FILE --revision-of SLUG', () => {
  it('loads the revised text as version 2, kept for the structure editor', async () => {
    const first = await cli.run('import', [V1, '--slug', 'greening', '--opens', '2026-01-01', '--closes', '2026-02-01']);
    expect(first.code, first.stderr).toBe(0);
    const second = await cli.run('import', [V2, '--revision-of', 'greening', '--json']);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ slug: 'greening', version: 2, state: 'draft' });
    const row = (await findConsultationBySlug(harness.db, 'greening'))!;
    expect((await listVersions(harness.db, row.id)).map((v) => [v.number, v.state])).toEqual([
      [1, 'published'],
      [2, 'draft'],
    ]);
    // One revision at a time: a third is refused while the second waits.
    const third = await cli.run('import', [V2, '--revision-of', 'greening']);
    expect(third.code).toBe(2);
    expect(third.stderr).toContain('已有尚未发布的第2稿');
  });

  it('publishes a revision for a new round, or as the final text, and refuses a slug it does not know', async () => {
    expect((await cli.run('import', [V1, '--slug', 'round', '--opens', '2026-01-01', '--closes', '2026-02-01'])).code).toBe(0);
    const round = await cli.run('import', [V2, '--revision-of', 'round', '--opens', '2026-12-01', '--closes', '2027-03-01', '--json']);
    expect(round.code, round.stderr).toBe(0);
    expect(JSON.parse(round.stdout)).toMatchObject({ version: 2, state: 'round' });
    const row = (await findConsultationBySlug(harness.db, 'round'))!;
    expect(row).toMatchObject({ opens_at: '2026-11-30T16:00:00.000Z', closes_at: '2027-03-01T15:59:59.000Z' });
    // The second round is still open: no final text yet.
    const early = await cli.run('import', [V2, '--revision-of', 'round', '--final']);
    expect(early.code).toBe(2);
    expect(early.stderr).toContain('本轮征求意见尚未结束');

    expect((await cli.run('import', [V1, '--slug', 'final', '--opens', '2026-01-01', '--closes', '2026-02-01'])).code).toBe(0);
    const final = await cli.run('import', [V2, '--revision-of', 'final', '--final', '--json']);
    expect(final.code, final.stderr).toBe(0);
    expect(JSON.parse(final.stdout)).toMatchObject({ version: 2, state: 'final' });

    const unknown = await cli.run('import', [V2, '--revision-of', 'no-such-thing']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('没有这个征求意见');
  });
});

describe('npm run report -- --kind changes', () => {
  it('writes the 修改对照表 in every format, the JSON the same bytes as the office’s download', async () => {
    for (const format of ['json', 'docx', 'xlsx', 'html']) {
      const out = join(harness.dataDir, `changes.${format}`);
      const result = await cli.run('report', ['--consultation', 'greening', '--kind', 'changes', '--format', format, '--out', out]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain('version 2 against 1');
      expect(existsSync(out)).toBe(true);
      expect(existsSync(`${out}.partial`)).toBe(false);
    }
    const json = JSON.parse(readFileSync(join(harness.dataDir, 'changes.json'), 'utf8')) as { rows: { change: string }[] };
    expect(json.rows.map((r) => r.change)).toContain('merged');
    const officer = await signIn(harness, 'officer');
    const web = await (await officer.request('/office/consultations/greening/changes.json')).text();
    expect(web).toBe(readFileSync(join(harness.dataDir, 'changes.json'), 'utf8'));
    expect(readFileSync(join(harness.dataDir, 'changes.docx')).subarray(0, 2).toString()).toBe('PK');
    expect(readFileSync(join(harness.dataDir, 'changes.html'), 'utf8')).toContain('<th scope="col">原条文</th>');
  });

  it('refuses a format it does not write, a consultation without a revision, and a version that is not there', async () => {
    const out = join(harness.dataDir, 'x.out');
    const csv = await cli.run('report', ['--consultation', 'greening', '--kind', 'changes', '--format', 'csv', '--out', out]);
    expect(csv.code).toBe(2);
    expect(csv.stderr).toContain('不支持的格式：csv');
    expect((await cli.run('import', [V1, '--slug', 'single', '--opens', '2026-01-01', '--closes', '2026-02-01'])).code).toBe(0);
    const single = await cli.run('report', ['--consultation', 'single', '--kind', 'changes', '--format', 'json', '--out', out]);
    expect(single.code).toBe(2);
    expect(single.stderr).toContain('还没有修订稿');
    const missing = await cli.run('report', ['--consultation', 'greening', '--kind', 'changes', '--version', '5', '--format', 'json', '--out', out]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('没有第5稿');
    expect(existsSync(out)).toBe(false);
  });
});
