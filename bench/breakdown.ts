// `npx tsx bench/breakdown.ts`: where a comment POST's server time goes, call by call, measured in
// this process against a fresh database with the samples. Complements `npm run bench`, which only
// sees the whole request: this says which calls to make cheaper, and by how much it could help.
import { commentInputSchema } from '../src/comments/validation.ts';
import { insertCommentQueries, type NewCommentInput } from '../src/comments/store.ts';
import { ConsultationCache } from '../src/drafts/consultation-cache.ts';
import { findBlockByKey, findConsultationBySlug } from '../src/drafts/store.ts';
import { openMigratedDatabase } from '../src/platform/node/data-dir.ts';
import { readSampleDocuments } from '../src/platform/node/project-files.ts';
import { searchKey } from '../src/lib/chinese.ts';
import { loadSamples } from '../seeds/samples.ts';
import { commentText, makeTempDir, SLUG, table } from './lib.ts';

const ROUNDS = 5000;

/** Mean microseconds per call, after a warm-up so that the JIT has settled. */
async function microsPerCall(fn: (i: number) => unknown, rounds = ROUNDS): Promise<number> {
  for (let i = 0; i < 500; i++) await fn(i);
  const started = performance.now();
  for (let i = 0; i < rounds; i++) await fn(i);
  return ((performance.now() - started) * 1000) / rounds;
}

async function main(): Promise<void> {
  const { db } = openMigratedDatabase(makeTempDir('yijian-breakdown-'));
  await loadSamples(db, readSampleDocuments(), new Date());
  const consultation = (await findConsultationBySlug(db, SLUG))!;
  const block = (await findBlockByKey(db, consultation.id, 'i14'))!;
  const body = commentText(1);
  const input = (): NewCommentInput => ({
    consultationId: consultation.id,
    blockId: block.id,
    channel: 'web',
    body,
    authorName: null,
    organization: null,
    contactEmail: null,
    contactPhone: null,
    status: 'pending',
    statusReason: null,
    late: false,
    locale: 'zh-CN',
    clientKey: 'bench',
    receivedAt: new Date(),
    now: new Date(),
  });
  let unique = 0;
  const tracking = () => `YJ-${String(unique++).padStart(9, '0')}`;
  // 50 at once, as under load: they share one group-committed, fsync'd transaction.
  const commitMicros = async () => {
    const fifty = () => Promise.all(Array.from({ length: 50 }, () => db.batch(insertCommentQueries(input(), tracking()))));
    return (await microsPerCall(fifty, 100)) / 50;
  };

  const selectAll = db.raw.prepare('SELECT * FROM consultations WHERE slug = ?');
  const selectNarrow = db.raw.prepare('SELECT id, slug, title, state, opens_at, closes_at, closed_early_at, moderation, require_name FROM consultations WHERE slug = ?');
  const columnBytes = db.raw
    .prepare('SELECT length(CAST(source_text AS BLOB)) AS source, length(meta_json) AS meta, length(import_report_json) AS report FROM consultations WHERE slug = ?')
    .get(SLUG) as { source: number; meta: number; report: number };

  // [what, µs per call, calls per form POST]; the calls are those of src/comments/routes.tsx.
  const consultations = new ConsultationCache(db);
  const now = new Date();
  const rows: [string, number, number][] = [
    ['ConsultationCache.get (in memory, re-checked once a second)', await microsPerCall(() => consultations.get(SLUG, now)), 1],
    ['insertCommentQueries (fixed SQL + searchKey)', await microsPerCall((i) => insertCommentQueries(input(), `YJ-X-${i}`)), 1],
    ['commentInputSchema.safeParse (zod)', await microsPerCall(() => commentInputSchema.safeParse({ body, paragraphId: 'i14', name: '', organization: '', email: '', phone: '', website: '' })), 1],
    ['db.batch: insert + counters, 50 concurrent, per comment', await commitMicros(), 1],
  ];
  const reference: [string, number][] = [
    ['  findConsultationBySlug, every column (Kysely, cached statement)', await microsPerCall(() => findConsultationBySlug(db, SLUG))],
    ['  findBlockByKey (Kysely, cached statement)', await microsPerCall(() => findBlockByKey(db, consultation.id, 'i14'))],
    ['  of which searchKey(body)', await microsPerCall(() => searchKey(`${body}  `))],
    ['  SELECT * FROM consultations, prepared once', await microsPerCall(() => selectAll.get(SLUG))],
    ['  the columns a submission needs, prepared once', await microsPerCall(() => selectNarrow.get(SLUG))],
    ['  better-sqlite3 prepare() alone (what Kysely does per query)', await microsPerCall(() => db.raw.prepare('SELECT * FROM blocks WHERE consultation_id = ? AND key = ?'))],
  ];
  await db.close();

  const perPost = rows.reduce((sum, [, micros, calls]) => sum + micros * calls, 0);
  console.log(`comment POST path, ${ROUNDS} rounds per call (consultation row: source_text ${columnBytes.source} B, meta_json ${columnBytes.meta} B, import_report_json ${columnBytes.report} B)`);
  console.log(
    table(
      ['call', 'µs/call', 'calls/POST', 'µs/POST'],
      [
        ...rows.map(([what, micros, calls]) => [what, micros.toFixed(1), String(calls), (micros * calls).toFixed(1)]),
        ['total of the above, per form POST', '', '', perPost.toFixed(1)],
        ...reference.map(([what, micros]) => [what, micros.toFixed(1), '', '']),
      ],
    ),
  );
  console.log('Compare with "server µs/req" of the bare POST route in `npm run bench` (HTTP, body parsing, middleware).');
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => process.exit());
