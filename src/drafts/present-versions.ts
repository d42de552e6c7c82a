// The public page of a consultation with several versions: the bar that says which version this
// is and leads to the others, the current text with what changed since the previous version marked
// (deletions struck, insertions underlined, removed blocks struck where they stood), and an
// earlier version read as it was.
import type { AppDatabase } from '../db/database.ts';
import type { Block, ConsultationVersion } from '../db/schema.ts';
import type { Locale, Translate } from '../lib/i18n.ts';
import { formatDate } from '../lib/time.ts';
import type { BlockChangeView, BlockView, RemovedBlockView, VersionBarView } from '../../views/drafts/models.ts';
import type { KnownConsultation } from './consultation-cache.ts';
import { diffText } from './diff.ts';
import { changeLabel, sideText } from './reference.ts';
import { loadRevision } from './revision.ts';
import { findVersionById } from './store.ts';

const label = (block: Block, byId: Map<number, Block>, locale: Locale) => changeLabel(block, block.parent_id === null ? null : (byId.get(block.parent_id) ?? null), locale);

export interface MarkedChanges {
  byKey: Map<string, BlockChangeView>;
  removedAfter: Map<string, RemovedBlockView[]>;
  removedAtStart: RemovedBlockView[];
  counts: { changed: number; added: number; removed: number };
  previous: number;
}

/** What changed in the current version since the one before, block by block; null for version 1. */
export async function markChanges(db: AppDatabase, current: ConsultationVersion, locale: Locale, t: Translate): Promise<MarkedChanges | null> {
  const revision = await loadRevision(db, current);
  if (!revision) return null;
  const beforeById = new Map(revision.beforeBlocks.map((b) => [b.id, b]));
  const afterById = new Map(revision.afterBlocks.map((b) => [b.id, b]));
  const byKey = new Map<string, BlockChangeView>();
  const removedAfter = new Map<string, RemovedBlockView[]>();
  const removedAtStart: RemovedBlockView[] = [];
  const counts = { changed: 0, added: 0, removed: 0 };
  let lastKey: string | null = null;
  for (const row of revision.rows) {
    if (row.after === null) {
      const block = beforeById.get(row.before[0]!)!;
      const removed = { label: label(block, beforeById, locale), text: sideText(block) };
      if (lastKey === null) removedAtStart.push(removed);
      else removedAfter.set(lastKey, [...(removedAfter.get(lastKey) ?? []), removed]);
      counts.removed += 1;
      continue;
    }
    const block = afterById.get(row.after)!;
    lastKey = block.key;
    const sources = row.before.map((id) => beforeById.get(id)!);
    const was = sources.map((b) => label(b, beforeById, locale)).filter(Boolean).join('、');
    const ownLabel = label(block, afterById, locale);
    const kept = row.change === 'same';
    if (row.change === 'added') counts.added += 1;
    else if (!kept && row.change !== 'renumbered') counts.changed += 1;
    byKey.set(block.key, {
      kind: row.change,
      label: kept ? null : t(`changes.kind.${row.change}`),
      was: was && was !== ownLabel ? t('version.was', { label: was }) : null,
      pieces:
        row.change === 'added'
          ? [{ op: 'insert', text: sideText(block) }]
          : kept || row.change === 'renumbered'
            ? null
            : diffText(sources.map(sideText).join(''), sideText(block)),
    });
  }
  return { byKey, removedAfter, removedAtStart, counts, previous: revision.before.number };
}

/** Puts the marks on the page's blocks (in place). */
export function applyMarks(body: BlockView[], marks: MarkedChanges): void {
  const walk = (blocks: BlockView[]) => {
    for (const block of blocks) {
      const change = marks.byKey.get(block.id);
      if (change) block.change = change;
      const removed = marks.removedAfter.get(block.id);
      if (removed) block.removedAfter = removed;
      walk(block.children);
    }
  };
  walk(body);
}

/** The version bar: which version this page is, the toggle, the earlier versions. */
export function presentVersionBar(
  known: KnownConsultation,
  shown: { number: number; old: boolean },
  marks: { marked: boolean; changes: MarkedChanges | null },
  locale: Locale,
  t: Translate,
): VersionBarView | undefined {
  if (known.versions.length <= 1) return undefined;
  const slug = known.consultation.slug;
  const current = known.versions.find((v) => v.id === known.consultation.current_version_id);
  const version = known.versions.find((v) => v.number === shown.number);
  const changes = marks.changes;
  return {
    number: shown.number,
    final: version?.purpose === 'final',
    old: shown.old,
    currentHref: shown.old ? `/consultations/${slug}` : null,
    toggle:
      !shown.old && changes
        ? {
            marked: marks.marked,
            href: marks.marked ? `/consultations/${slug}` : `/consultations/${slug}?changes=1`,
            previous: changes.previous,
            summary: t('version.changedSummary', { previous: changes.previous, ...changes.counts }),
          }
        : null,
    earlier: known.versions
      .filter((v) => v.id !== current?.id && v.number !== shown.number)
      .map((v) => ({ number: v.number, href: `/consultations/${slug}/v/${v.number}`, date: v.published_at ? formatDate(v.published_at, locale) : '' })),
  };
}

/** An earlier version as the page shows it: its own row (title, window as it ran, results). */
export async function findShownVersion(db: AppDatabase, known: KnownConsultation, number: number): Promise<ConsultationVersion | null> {
  const entry = known.versions.find((v) => v.number === number);
  return entry ? ((await findVersionById(db, entry.id)) ?? null) : null;
}
