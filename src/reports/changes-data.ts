// Data access for the 修改对照表: the revision and the version before it (src/drafts/revision.ts),
// the office's reasons, and the comments made on each earlier block, read row by row as the table
// is written.
import { sql } from 'kysely';
import type { AppDatabase } from '../db/database.ts';
import type { Consultation, ConsultationVersion } from '../db/schema.ts';
import { loadRevision } from '../drafts/revision.ts';
import { findVersion, findWorkingVersion } from '../drafts/store.ts';
import type { Locale } from '../lib/i18n.ts';
import { buildChanges, type ChangeComment, type ChangesTable } from './build-changes.ts';

/** The comments (spam left out) made on these blocks, in the order received. */
export async function listChangeComments(db: AppDatabase, blockIds: number[]): Promise<ChangeComment[]> {
  if (blockIds.length === 0) return [];
  const rows = await db.kysely
    .selectFrom('comments')
    .select(['tracking_number', 'decision', 'decision_reason'])
    .where('block_id', 'in', sql<number>`(SELECT value FROM json_each(${JSON.stringify(blockIds)}))`)
    .where('status', '!=', 'spam')
    .orderBy('received_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ trackingNumber: r.tracking_number, decision: r.decision, reason: r.decision_reason }));
}

/** The revision a table is about: the one asked for, or the newest (a draft revision included). */
export async function findRevisionFor(db: AppDatabase, consultation: Consultation, number?: number): Promise<ConsultationVersion | null> {
  const version = number === undefined ? await findWorkingVersion(db, consultation.id) : await findVersion(db, consultation.id, number);
  return version && version.number > 1 ? version : null;
}

export async function loadChangesTable(
  db: AppDatabase,
  consultation: Consultation,
  revision: ConsultationVersion,
  options: { locale: Locale; now: Date },
): Promise<ChangesTable | null> {
  const loaded = await loadRevision(db, revision);
  if (!loaded) return null;
  const reasons = new Map<number, string>();
  for (const [blockId, note] of loaded.notes) if (note.reason) reasons.set(blockId, note.reason);
  return buildChanges({
    consultation: { slug: consultation.slug, title: consultation.title, issuer: consultation.issuer },
    before: { number: loaded.before.number, title: loaded.before.title },
    after: { number: loaded.after.number, title: loaded.after.title, published: loaded.after.state === 'published' },
    beforeBlocks: loaded.beforeBlocks,
    afterBlocks: loaded.afterBlocks,
    rows: loaded.rows,
    reasons,
    comments: (ids) => listChangeComments(db, ids),
    locale: options.locale,
    now: options.now,
  });
}
