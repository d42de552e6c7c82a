// A revised version against the one before it: the two texts' blocks, the office's notes on the
// revised blocks (sources set by hand, reasons), and the correspondence computed from them
// (./correspond.ts). What the structure editor, the public page's marked changes and the 修改对照表
// all start from.
import type { AppDatabase } from '../db/database.ts';
import { parseJson } from '../db/database.ts';
import type { Block, BlockChange, ConsultationVersion } from '../db/schema.ts';
import { type Correspondence, correspond, type CorrespondBlock } from './correspond.ts';
import { findVersion, listVersionBlocks } from './store.ts';

export interface Revision {
  before: ConsultationVersion;
  after: ConsultationVersion;
  beforeBlocks: Block[];
  afterBlocks: Block[];
  /** The office's notes, by the block they are about (a revised block, or a removed earlier one). */
  notes: Map<number, BlockChange>;
  rows: Correspondence[];
}

export function toCorrespondBlock(block: Block): CorrespondBlock {
  return { id: block.id, key: block.key, kind: block.kind, label: block.label, number: block.number, title: block.title, text: block.text };
}

export async function listBlockChanges(db: AppDatabase, versionId: number): Promise<BlockChange[]> {
  return db.kysely.selectFrom('block_changes').selectAll().where('version_id', '=', versionId).execute();
}

/** The overrides the office set, as the correspondence takes them. */
export function overridesOf(notes: Iterable<BlockChange>): Map<number, number[]> {
  const overrides = new Map<number, number[]>();
  for (const note of notes) {
    if (note.sources_json === null) continue;
    overrides.set(note.block_id, parseJson<number[]>(note.sources_json, []).filter((id) => Number.isInteger(id)));
  }
  return overrides;
}

/** Version `after` of a consultation against the version before it; null for version 1. */
export async function loadRevision(db: AppDatabase, after: ConsultationVersion): Promise<Revision | null> {
  if (after.number < 2) return null;
  const before = await findVersion(db, after.consultation_id, after.number - 1);
  if (!before) return null;
  const [beforeBlocks, afterBlocks, changes] = await Promise.all([listVersionBlocks(db, before.id), listVersionBlocks(db, after.id), listBlockChanges(db, after.id)]);
  const notes = new Map(changes.map((c) => [c.block_id, c]));
  const rows = correspond(beforeBlocks.map(toCorrespondBlock), afterBlocks.map(toCorrespondBlock), { overrides: overridesOf(changes) });
  return { before, after, beforeBlocks, afterBlocks, notes, rows };
}
