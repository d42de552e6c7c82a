// Data access for the office's consultation pages: lists with counts, uniqueness of slugs and
// intake addresses, and the queries each change writes in its one batch.
import { type CompiledQuery, type Kysely, sql } from 'kysely';
import type { AppDatabase } from '../db/database.ts';
import type { Block, CommentChannel, CommentStatus, Consultation, ConsultationUpdate, Database } from '../db/schema.ts';
import type { ImportReport } from '../drafts/parse-types.ts';
import { searchKey } from '../lib/chinese.ts';
import { type OutlineEntry, parentKeys } from './structure.ts';

export type OfficeConsultationRow = Pick<Consultation, 'id' | 'slug' | 'title' | 'state' | 'opens_at' | 'closes_at' | 'closed_early_at' | 'created_at'> & {
  pending_count: number;
  total_count: number;
};

/** Every consultation, whatever its state, with its comments awaiting review and in all (opinions only: see review/not-opinion.ts). */
export async function listOfficeConsultations(db: AppDatabase): Promise<OfficeConsultationRow[]> {
  const rows = await db.kysely
    .selectFrom('consultations as c')
    .select(['c.id', 'c.slug', 'c.title', 'c.state', 'c.opens_at', 'c.closes_at', 'c.closed_early_at', 'c.created_at'])
    .select((eb) => [
      eb
        .selectFrom('comments')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('comments.consultation_id', '=', 'c.id')
        .where('comments.status', '=', 'pending')
        .where('comments.not_opinion_at', 'is', null)
        .as('pending_count'),
      eb
        .selectFrom('comments')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('comments.consultation_id', '=', 'c.id')
        .where('comments.not_opinion_at', 'is', null)
        .as('total_count'),
    ])
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .execute();
  return rows.map((row) => ({ ...row, pending_count: Number(row.pending_count ?? 0), total_count: Number(row.total_count ?? 0) }));
}

/** The opinions by status and channel; what officers marked as not an opinion is counted apart. */
export interface CommentCounts {
  total: number;
  byStatus: Record<CommentStatus, number>;
  byChannel: Record<CommentChannel, number>;
  late: number;
  notOpinion: number;
}

export async function countConsultationComments(db: AppDatabase, consultationId: number): Promise<CommentCounts> {
  const rows = await db.kysely
    .selectFrom('comments')
    .select([
      'status',
      'channel',
      sql<number>`not_opinion_at IS NOT NULL`.as('not_opinion'),
      (eb) => eb.fn.countAll<number>().as('n'),
      (eb) => eb.fn.sum<number>('late').as('late'),
    ])
    .where('consultation_id', '=', consultationId)
    .groupBy(['status', 'channel', sql`not_opinion_at IS NOT NULL`])
    .execute();
  const counts: CommentCounts = {
    total: 0,
    byStatus: { pending: 0, published: 0, hidden: 0, spam: 0 },
    byChannel: { web: 0, email: 0, offline: 0 },
    late: 0,
    notOpinion: 0,
  };
  for (const row of rows) {
    const n = Number(row.n);
    if (row.not_opinion) {
      counts.notOpinion += n;
      continue;
    }
    counts.total += n;
    counts.byStatus[row.status] += n;
    counts.byChannel[row.channel] += n;
    counts.late += Number(row.late ?? 0);
  }
  return counts;
}

export async function countRosterEntries(db: AppDatabase, consultationId: number): Promise<number> {
  const row = await db.kysely
    .selectFrom('roster_entries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('consultation_id', '=', consultationId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A slug is taken by another consultation's slug, or by an intake address that uses it. */
export async function isSlugTaken(db: AppDatabase, slug: string): Promise<boolean> {
  const row = await db.kysely
    .selectFrom('consultations')
    .select('id')
    .where((eb) => eb.or([eb('slug', '=', slug), eb('intake_local', '=', slug)]))
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether another consultation already receives mail at this local part (its own or its slug). */
export async function isIntakeTaken(db: AppDatabase, local: string, exceptId: number): Promise<boolean> {
  const row = await db.kysely
    .selectFrom('consultations')
    .select('id')
    .where('id', '!=', exceptId)
    .where((eb) => eb.or([eb('intake_local', '=', local), eb.and([eb('intake_local', 'is', null), eb('slug', '=', local)])]))
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Optimistic concurrency: the change applies only to the version the officer saw. Otherwise the
 * NOT NULL constraint on version fails and the whole batch rolls back, on SQLite and D1 alike.
 */
export function guardedUpdateQuery(db: Kysely<Database>, consultationId: number, expectedVersion: number, set: ConsultationUpdate): CompiledQuery {
  return db
    .updateTable('consultations')
    .set({ ...set, version: sql<number>`CASE WHEN version = ${expectedVersion} THEN version + 1 ELSE NULL END` })
    .where('id', '=', consultationId)
    .compile();
}

/** True for the error guardedUpdateQuery raises when someone else changed the consultation first. */
export function isStaleVersionError(error: unknown): boolean {
  return error instanceof Error && /NOT NULL constraint failed: consultations\.version/.test(error.message);
}

/** Writes a change's batch (led by a guardedUpdateQuery); false when someone else changed the consultation first, and then nothing is written. */
export async function batchGuarded(db: AppDatabase, queries: CompiledQuery[]): Promise<boolean> {
  try {
    await db.batch(queries);
    return true;
  } catch (error) {
    if (isStaleVersionError(error)) return false;
    throw error;
  }
}

export function blocksToOutline(blocks: Block[]): OutlineEntry[] {
  const parse = (json: string): string[] => {
    try {
      const value = JSON.parse(json) as unknown;
      return Array.isArray(value) ? value.map(String) : [];
    } catch {
      return [];
    }
  };
  return blocks.map((b) => ({
    id: b.id,
    key: b.key,
    depth: b.depth,
    kind: b.kind,
    label: b.label,
    number: b.number,
    title: b.title,
    text: b.text,
    lead: parse(b.lead_units),
    support: parse(b.support_units),
    sourceLine: b.source_line,
    sourceText: b.source_text,
  }));
}

const POSITION_OFFSET = 1_000_000;

/**
 * Rewrites one version's blocks from `before` to `after` in one batch. Blocks have a unique
 * position per version, so every block is first moved out of the way (position + offset),
 * then new blocks are inserted and kept ones updated at their final positions, parents before
 * children (a parent's id is found by its key), and removed blocks deleted last, once nothing
 * points at them any more (parent_id cascades on delete).
 */
export function rewriteBlocksQueries(db: Kysely<Database>, scope: { consultationId: number; versionId: number }, before: Block[], after: OutlineEntry[]): CompiledQuery[] {
  const { consultationId, versionId } = scope;
  const queries: CompiledQuery[] = [
    db.updateTable('blocks').set({ position: sql<number>`position + ${POSITION_OFFSET}` }).where('version_id', '=', versionId).compile(),
  ];
  const parents = parentKeys(after);
  const parentId = (key: string | null) =>
    key === null ? null : db.selectFrom('blocks').select('id').where('version_id', '=', versionId).where('key', '=', key);
  after.forEach((entry, index) => {
    const values = {
      position: index + 1,
      depth: entry.depth,
      kind: entry.kind,
      label: entry.label,
      number: entry.number,
      title: entry.title,
      text: entry.text,
      lead_units: JSON.stringify(entry.lead),
      support_units: JSON.stringify(entry.support),
      source_line: entry.sourceLine,
      source_text: entry.sourceText,
      search_text: searchKey([entry.label, entry.title, entry.text].filter(Boolean).join(' ')),
    };
    if (entry.id === null) {
      queries.push(db.insertInto('blocks').values({ ...values, consultation_id: consultationId, version_id: versionId, key: entry.key, parent_id: parentId(parents[index]!) }).compile());
    } else {
      queries.push(db.updateTable('blocks').set({ ...values, parent_id: parentId(parents[index]!) }).where('id', '=', entry.id).compile());
    }
  });
  const kept = new Set(after.map((e) => e.id).filter((id) => id !== null));
  const removed = before.filter((b) => !kept.has(b.id)).map((b) => b.id);
  if (removed.length) queries.push(db.deleteFrom('blocks').where('id', 'in', removed).compile());
  return queries;
}

/** Comments already attached to blocks a correction would remove (drafts rarely have any). */
export async function countCommentsOnBlocks(db: AppDatabase, blockIds: number[]): Promise<number> {
  if (blockIds.length === 0) return 0;
  const row = await db.kysely.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n')).where('block_id', 'in', blockIds).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function reportWithStats(report: ImportReport, stats: { blocks: number; commentable: number }): ImportReport {
  return { ...report, stats: { ...report.stats, blocks: stats.blocks, commentable: stats.commentable, setAsideLines: report.setAside.length } };
}
