// A consultation with a revision, written straight to a test database through the office's own
// commands: 清河市城市绿化管理办法, version 1 published with comments and decisions, version 2
// loaded from the hand-made revision pair with one reason written by the office.
import { readFileSync } from 'node:fs';
import type { AppDatabase } from '../../src/db/database.ts';
import { insertComment } from '../../src/comments/store.ts';
import { parseDraft } from '../../src/drafts/parse.ts';
import { findBlockByKey, findConsultationBySlug, storeDraft } from '../../src/drafts/store.ts';
import { saveBlockChange } from '../../src/office/changes.ts';
import { createRevision } from '../../src/office/versions.ts';

export const REVISED = 'greening';
export const V1_TEXT = readFileSync('tests/fixtures/revisions/hand/greening-v1.txt', 'utf8');
export const V2_TEXT = readFileSync('tests/fixtures/revisions/hand/greening-v2.txt', 'utf8');
/** A reason an officer typed: markup and a control character a document must survive. */
export const HOSTILE_REASON = '采纳意见，<b>提高</b>绿地率 & 指标\u0001。';

export interface RevisionFixture {
  consultationId: number;
  /** Tracking numbers by the key of the version-1 block they were made on. */
  comments: Record<string, string>;
}

export async function seedRevisionFixture(db: AppDatabase, now: Date, slug = REVISED): Promise<RevisionFixture> {
  const deps = { db, clock: () => now };
  const actor = { officerId: null, ip: null };
  await storeDraft(db, {
    slug,
    title: '清河市城市绿化管理办法',
    parsed: parseDraft(V1_TEXT),
    sourceText: V1_TEXT,
    sourceFormat: 'text',
    state: 'published',
    opensAt: new Date(now.getTime() - 40 * 86_400_000),
    closesAt: new Date(now.getTime() - 10 * 86_400_000),
    now: new Date(now.getTime() - 40 * 86_400_000),
  });
  const consultation = (await findConsultationBySlug(db, slug))!;
  const comments: Record<string, string> = {};
  const specs: [string, string, 'adopted' | 'partly_adopted' | 'not_adopted' | null, string | null][] = [
    ['a5', '绿地率建议提高到百分之三十五。', 'adopted', '绿地率提高到百分之三十五'],
    ['a3', '区级职责应当单列。', 'partly_adopted', '区级职责单列一款'],
    ['a9', '倾倒垃圾的禁止性规定应当保留。', 'not_adopted', '与第八条重复'],
    ['a9', '同意删除。', null, null],
  ];
  for (const [key, body, decision, reason] of specs) {
    const block = (await findBlockByKey(db, consultation.id, key))!;
    const tracking = await insertComment(db, {
      consultationId: consultation.id,
      blockId: block.id,
      channel: 'web',
      body,
      authorName: '市民',
      organization: null,
      contactEmail: null,
      contactPhone: null,
      status: 'published',
      statusReason: null,
      late: false,
      locale: 'zh-CN',
      clientKey: null,
      receivedAt: new Date(now.getTime() - 20 * 86_400_000),
      now: new Date(now.getTime() - 20 * 86_400_000),
    });
    comments[`${key}:${body}`] = tracking;
    if (decision) await db.batch([db.kysely.updateTable('comments').set({ decision, decision_reason: reason }).where('tracking_number', '=', tracking).compile()]);
  }
  let row = (await findConsultationBySlug(db, slug))!;
  const created = await createRevision(deps, { consultation: row, version: row.version, source: { text: V2_TEXT, format: 'text', from: 'paste', fileName: null }, title: '', actor });
  if (!created.ok) throw new Error(`revision refused: ${created.code}`);
  row = (await findConsultationBySlug(db, slug))!;
  const noted = await saveBlockChange(deps, { consultation: row, version: row.version, revision: 2, key: 'a11', removed: false, sources: null, reason: HOSTILE_REASON, actor });
  if (!noted.ok) throw new Error(`note refused: ${noted.code}`);
  return { consultationId: consultation.id, comments };
}
