// From versions and a revision's correspondence to what the office's pages show: the versions
// list, and in the structure editor where each block of a revision comes from, how it changed,
// its reason and the reason the table would print without one.
import { sql } from 'kysely';
import type { AppDatabase } from '../db/database.ts';
import type { Block, Consultation, ConsultationVersion } from '../db/schema.ts';
import type { Correspondence } from '../drafts/correspond.ts';
import type { Revision } from '../drafts/revision.ts';
import { consultationWindow } from '../drafts/window.ts';
import type { Locale, Translate } from '../lib/i18n.ts';
import { firstWords } from '../lib/text.ts';
import { formatDateTime } from '../lib/time.ts';
import { changeLabel, sideText } from '../drafts/reference.ts';
import { type ChangeComment, draftReason } from '../reports/build-changes.ts';
import type { CorrespondenceView, RemovedBlockView, RevisionView, VersionRowView } from '../../views/office/models.ts';

/** How a block is named in a list of choices: 第五条 为了促进… */
export function blockName(block: Block, byId: Map<number, Block>, locale: Locale): string {
  const label = changeLabel(block, block.parent_id === null ? null : (byId.get(block.parent_id) ?? null), locale);
  const words = firstWords(sideText(block), 14);
  return label ? `${label} ${words}` : words;
}

export function presentVersionRows(consultation: Consultation, versions: ConsultationVersion[], locale: Locale): VersionRowView[] {
  return versions.map((v) => {
    const current = v.id === consultation.current_version_id;
    // The current round's window is the consultation's; an earlier one's was kept on its version.
    const opens = current ? consultation.opens_at : v.opens_at;
    const closes = current ? consultation.closes_at : v.closes_at;
    return {
      number: v.number,
      state: v.state,
      purpose: v.purpose,
      title: v.title,
      current,
      publishedAt: v.published_at ? formatDateTime(v.published_at, locale) : null,
      window: v.purpose === 'round' && opens && closes ? { opens: formatDateTime(opens, locale), closes: formatDateTime(closes, locale) } : null,
      publicHref: v.state === 'published' && consultation.state === 'published' ? (current ? `/consultations/${consultation.slug}` : `/consultations/${consultation.slug}/v/${v.number}`) : null,
      changesHref: v.number > 1 ? `/office/consultations/${encodeURIComponent(consultation.slug)}/changes?version=${v.number}` : null,
    };
  });
}

/** Whether the current round is over (a revision can then be published). */
export function roundIsOver(consultation: Consultation, now: Date): boolean {
  return consultationWindow(consultation).phase(now) === 'closed';
}

/** Comments (spam left out) on the given blocks, by block: how many, and those a reason is drafted from. */
async function commentsByBlock(db: AppDatabase, blockIds: number[]): Promise<Map<number, ChangeComment[]>> {
  const byBlock = new Map<number, ChangeComment[]>();
  if (blockIds.length === 0) return byBlock;
  const rows = await db.kysely
    .selectFrom('comments')
    .select(['block_id', 'tracking_number', 'decision', 'decision_reason'])
    .where('block_id', 'in', sql<number>`(SELECT value FROM json_each(${JSON.stringify(blockIds)}))`)
    .where('status', '!=', 'spam')
    .orderBy('received_at')
    .orderBy('id')
    .execute();
  for (const row of rows) {
    const list = byBlock.get(row.block_id!) ?? [];
    list.push({ trackingNumber: row.tracking_number, decision: row.decision, reason: row.decision_reason });
    byBlock.set(row.block_id!, list);
  }
  return byBlock;
}

export async function presentRevision(
  db: AppDatabase,
  revision: Revision,
  at: { t: Translate; locale: Locale; canNote: boolean; error: { key: string; message: string } | null },
): Promise<RevisionView> {
  const { t, locale } = at;
  const beforeById = new Map(revision.beforeBlocks.map((b) => [b.id, b]));
  const afterById = new Map(revision.afterBlocks.map((b) => [b.id, b]));
  const comments = await commentsByBlock(db, revision.beforeBlocks.map((b) => b.id));
  const commentsOf = (ids: number[]) => ids.flatMap((id) => comments.get(id) ?? []);
  const reasonOf = (blockId: number) => revision.notes.get(blockId)?.reason ?? '';
  const byKey: Record<string, CorrespondenceView> = {};
  const removed: RemovedBlockView[] = [];
  const view = (row: Correspondence): CorrespondenceView => ({
    change: row.change,
    changeLabel: t(`changes.kind.${row.change}`),
    similarity: row.before.length ? Math.round(row.similarity * 100) : null,
    sources: row.before.map((id) => ({ key: beforeById.get(id)!.key, name: blockName(beforeById.get(id)!, beforeById, locale) })),
    overridden: row.overridden,
    reason: reasonOf(row.after!),
    reasonDraft: draftReason(row.change, commentsOf(row.before), t),
    commentCount: commentsOf(row.before).length,
  });
  for (const row of revision.rows) {
    if (row.after !== null) {
      byKey[afterById.get(row.after)!.key] = view(row);
      continue;
    }
    const block = beforeById.get(row.before[0]!)!;
    removed.push({
      key: block.key,
      name: blockName(block, beforeById, locale),
      text: sideText(block),
      reason: reasonOf(block.id),
      reasonDraft: draftReason('removed', commentsOf([block.id]), t),
      commentCount: commentsOf([block.id]).length,
    });
  }
  return {
    number: revision.after.number,
    previous: revision.before.number,
    choices: revision.beforeBlocks.map((b) => ({ key: b.key, name: blockName(b, beforeById, locale) })),
    byKey,
    removed,
    canNote: at.canNote,
    error: at.error,
  };
}
