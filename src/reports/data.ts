// Data access for the feedback report and the published results. Reads go through Kysely in
// pages of a fixed size with a keyset (never OFFSET, never the whole table at once), so a report
// of 100,000 comments streams through bounded memory on SQLite and D1 alike; writes go through
// one db.batch.
import { sql } from 'kysely';
import type { AppDatabase } from '../db/database.ts';
import type { Block, Consultation, ConsultationVersion, Decision } from '../db/schema.ts';
import { findConsultationHeadBySlug, listBlocks, listVersionBlocks, listVersions } from '../drafts/store.ts';
import type { Locale } from '../lib/i18n.ts';
import type { Grouping, ReportBlock, ReportCommentRow, ReportInput, ReportOverviewRow, ReportRosterEntry } from './build.ts';

export const REPORT_PAGE_SIZE = 1000;

const REPORT_COLUMNS = [
  'c.id',
  'c.tracking_number',
  'c.block_id',
  'c.channel',
  'c.offline_kind',
  'c.body',
  'c.author_name',
  'c.organization',
  'c.unit_id',
  'u.name as unit_name',
  'c.status',
  'c.status_reason',
  'c.late',
  'c.received_at',
  'c.duplicate_group_id',
  'c.decision',
  'c.decision_reason',
  sql<number>`c.not_opinion_at IS NOT NULL`.as('not_opinion'),
] as const;

/**
 * The overview's pass: only what it counts, and each from the comments' index (comments_queue)
 * where it can be — SQLite reads a comment's row only for the columns asked of it, so the CASEs
 * keep it to offline comments and near-duplicates, and the bodies are never read. For 100,000
 * comments this pass costs a fraction of the table's.
 */
const OVERVIEW_COLUMNS = [
  'c.id',
  'c.block_id',
  'c.channel',
  sql<ReportCommentRow['offline_kind']>`CASE WHEN c.channel = 'offline' THEN c.offline_kind END`.as('offline_kind'),
  'c.unit_id',
  'u.name as unit_name',
  'c.status',
  'c.late',
  'c.received_at',
  'c.duplicate_group_id',
  'c.decision',
  sql<string | null>`CASE WHEN c.duplicate_group_id IS NOT NULL THEN c.decision_reason END`.as('decision_reason'),
  sql<number>`c.not_opinion_at IS NOT NULL`.as('not_opinion'),
] as const;

type Columns = typeof REPORT_COLUMNS | typeof OVERVIEW_COLUMNS;
/** A row as read for either pass: the keyset needs its id and time received. */
type SliceRow = { id: number; received_at: string };

/** The consultation without its draft's source text, which no report needs. */
export function findReportConsultation(db: AppDatabase, slug: string): Promise<Consultation | undefined> {
  return findConsultationHeadBySlug(db, slug);
}

/** The roster in the order the office lists it: lead units, supporting units, the others; by name within each. */
export async function listReportRoster(db: AppDatabase, consultationId: number): Promise<ReportRosterEntry[]> {
  const rows = await db.kysely
    .selectFrom('roster_entries as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.unit_id', 'u.name', 'r.role', 'r.response'])
    .where('r.consultation_id', '=', consultationId)
    .orderBy(sql`CASE r.role WHEN 'lead' THEN 0 WHEN 'support' THEN 1 ELSE 2 END`)
    .orderBy('u.name')
    .execute();
  return rows.map((r) => ({ unitId: r.unit_id, name: r.name, role: r.role, response: r.response }));
}

interface CommentGroupCount {
  unit_id: number | null;
  unit_name: string | null;
  block_id: number | null;
  n: number;
}

/** How many comments each (unit, block) pair has: which pages are worth reading, in which order. */
async function countCommentsByUnitAndBlock(db: AppDatabase, consultationId: number, versionId: number | null): Promise<CommentGroupCount[]> {
  let query = db.kysely
    .selectFrom('comments as c')
    .leftJoin('units as u', 'u.id', 'c.unit_id')
    .select(['c.unit_id', 'u.name as unit_name', 'c.block_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('c.consultation_id', '=', consultationId);
  if (versionId !== null) query = query.where('c.version_id', '=', versionId);
  const rows = await query.groupBy(['c.unit_id', 'c.block_id']).execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** One (unit?, block) slice of the comments, read in pages of `pageSize` by (received_at, id). */
async function* readSlice(
  db: AppDatabase,
  consultationId: number,
  blockId: number | null,
  unit: { id: number | null } | null,
  pageSize: number,
  columns: Columns,
  versionId: number | null,
): AsyncGenerator<SliceRow> {
  let after: { at: string; id: number } | null = null;
  for (;;) {
    let query = db.kysely
      .selectFrom('comments as c')
      .leftJoin('units as u', 'u.id', 'c.unit_id')
      .select(columns as typeof REPORT_COLUMNS)
      .where('c.consultation_id', '=', consultationId)
      .where('c.block_id', blockId === null ? 'is' : '=', blockId);
    // A block belongs to one version; comments on the whole text say which version they were on.
    if (blockId === null && versionId !== null) query = query.where('c.version_id', '=', versionId);
    if (unit) query = query.where('c.unit_id', unit.id === null ? 'is' : '=', unit.id);
    if (after) query = query.where(sql<boolean>`(c.received_at, c.id) > (${after.at}, ${after.id})`);
    const page = await query.orderBy('c.received_at').orderBy('c.id').limit(pageSize).execute();
    for (const row of page) yield row;
    if (page.length < pageSize) return;
    const last = page[page.length - 1]!;
    after = { at: last.received_at, id: last.id };
  }
}

/**
 * One unit's comments in document order, then time received: the whole draft first (position
 * -1), read in pages by the keyset (position, received_at, id). A unit sends tens or hundreds of
 * comments, so sorting them is cheap, while reading them paragraph by paragraph would scan every
 * paragraph's comments once per unit.
 */
async function* readUnitSlice(db: AppDatabase, consultationId: number, unitId: number, pageSize: number, columns: Columns, versionId: number | null): AsyncGenerator<SliceRow> {
  let after: { position: number; at: string; id: number } | null = null;
  for (;;) {
    let query = db.kysely
      .selectFrom('comments as c')
      .leftJoin('units as u', 'u.id', 'c.unit_id')
      .leftJoin('blocks as b', 'b.id', 'c.block_id')
      .select([...(columns as typeof REPORT_COLUMNS), sql<number>`coalesce(b.position, -1)`.as('position')])
      .where('c.consultation_id', '=', consultationId)
      .where('c.unit_id', '=', unitId);
    if (versionId !== null) query = query.where('c.version_id', '=', versionId);
    if (after) query = query.where(sql<boolean>`(coalesce(b.position, -1), c.received_at, c.id) > (${after.position}, ${after.at}, ${after.id})`);
    const page = await query.orderBy(sql`coalesce(b.position, -1)`).orderBy('c.received_at').orderBy('c.id').limit(pageSize).execute();
    for (const { position: _position, ...row } of page) yield row;
    if (page.length < pageSize) return;
    const last = page[page.length - 1]!;
    after = { position: last.position, at: last.received_at, id: last.id };
  }
}

/** Blocks in report order: the whole draft first, then document order, then any block no longer in the draft. */
function blockOrder(blocks: Pick<Block, 'id'>[], present: Set<number | null>): (number | null)[] {
  const order: (number | null)[] = [];
  if (present.has(null)) order.push(null);
  const known = new Set<number>();
  for (const block of blocks) {
    known.add(block.id);
    if (present.has(block.id)) order.push(block.id);
  }
  for (const id of present) if (id !== null && !known.has(id)) order.push(id);
  return order;
}

/**
 * Every comment of a consultation in report order — the whole draft first, then document order,
 * then time received; grouped by unit, the roster's order first — as an iterable that reads the
 * database afresh, page by page, each time it is iterated.
 */
export function readReportComments(
  db: AppDatabase,
  options: ReportOrder,
): AsyncIterable<ReportCommentRow> {
  return readInReportOrder(db, options, REPORT_COLUMNS) as AsyncIterable<ReportCommentRow>;
}

/** The same comments in the same order, with only what the overview counts (build.ts, ReportOverviewRow). */
export function readReportOverviewRows(
  db: AppDatabase,
  options: ReportOrder,
): AsyncIterable<ReportOverviewRow> {
  return readInReportOrder(db, options, OVERVIEW_COLUMNS) as AsyncIterable<ReportOverviewRow>;
}

/** Which comments a report reads, and in which order. */
interface ReportOrder {
  consultationId: number;
  blocks: Pick<Block, 'id'>[];
  roster: ReportRosterEntry[];
  grouping: Grouping;
  pageSize?: number;
  /** One version's comments (a consultation with several rounds); null: all of them. */
  versionId?: number | null;
}

function readInReportOrder(
  db: AppDatabase,
  options: ReportOrder,
  columns: Columns,
): AsyncIterable<SliceRow> {
  const { consultationId, blocks, roster, grouping } = options;
  const pageSize = options.pageSize ?? REPORT_PAGE_SIZE;
  const versionId = options.versionId ?? null;
  return {
    async *[Symbol.asyncIterator]() {
      const counts = await countCommentsByUnitAndBlock(db, consultationId, versionId);
      if (grouping !== 'unit') {
        for (const blockId of blockOrder(blocks, new Set(counts.map((c) => c.block_id)))) {
          yield* readSlice(db, consultationId, blockId, null, pageSize, columns, versionId);
        }
        return;
      }
      const byUnit = new Map<number | null, { name: string | null; blocks: Set<number | null> }>();
      for (const c of counts) {
        const entry = byUnit.get(c.unit_id) ?? { name: c.unit_name, blocks: new Set() };
        entry.blocks.add(c.block_id);
        byUnit.set(c.unit_id, entry);
      }
      const rosterOrder = roster.map((r) => r.unitId).filter((id) => byUnit.has(id));
      const onRoster = new Set(rosterOrder);
      const others = [...byUnit.entries()]
        .filter(([id]) => id !== null && !onRoster.has(id))
        .sort((a, b) => (a[1].name ?? '').localeCompare(b[1].name ?? '', 'zh-CN'))
        .map(([id]) => id);
      const unitOrder: (number | null)[] = [...rosterOrder, ...others];
      if (byUnit.has(null)) unitOrder.push(null);
      for (const unitId of unitOrder) {
        if (unitId !== null) {
          yield* readUnitSlice(db, consultationId, unitId, pageSize, columns, versionId);
          continue;
        }
        for (const blockId of blockOrder(blocks, byUnit.get(null)!.blocks)) {
          yield* readSlice(db, consultationId, blockId, { id: null }, pageSize, columns, versionId);
        }
      }
    },
  };
}

export function toReportBlock(block: Block): ReportBlock {
  return { id: block.id, key: block.key, parent_id: block.parent_id, kind: block.kind, label: block.label, number: block.number, title: block.title, text: block.text };
}

/**
 * The version whose comments a report or the results are about, for a consultation with several:
 * the one asked for (by number), else the newest published for comment. Null with one version:
 * then every comment of the consultation is its own.
 */
export async function findReportVersion(db: AppDatabase, consultation: Consultation, number?: number | null): Promise<ConsultationVersion | null> {
  const versions = (await listVersions(db, consultation.id)).filter((v) => v.state === 'published');
  if (versions.length <= 1) return null;
  return versions.find((v) => v.number === number) ?? [...versions].reverse().find((v) => v.purpose === 'round') ?? versions[versions.length - 1]!;
}

/** Everything buildReport needs for one consultation, the comments as a streaming reader. */
export async function loadReportInput(
  db: AppDatabase,
  consultation: Consultation,
  options: { locale: Locale; now: Date; grouping?: Grouping; collapseDuplicates?: boolean; pageSize?: number; version?: ConsultationVersion | null },
): Promise<ReportInput> {
  const version = options.version ?? null;
  const [blocks, roster] = await Promise.all([version ? listVersionBlocks(db, version.id) : listBlocks(db, consultation.id), listReportRoster(db, consultation.id)]);
  const grouping = options.grouping ?? 'none';
  const order: ReportOrder = { consultationId: consultation.id, blocks, roster, grouping, pageSize: options.pageSize, versionId: version?.id ?? null };
  return {
    consultation,
    blocks: blocks.map(toReportBlock),
    roster,
    comments: readReportComments(db, order),
    overview: readReportOverviewRows(db, order),
    locale: options.locale,
    now: options.now,
    grouping,
    collapseDuplicates: options.collapseDuplicates ?? false,
  };
}

// ---------------------------------------------------------------------------------------------
// Published results

export type PublicResultRow = Pick<ReportCommentRow, 'id' | 'block_id' | 'body' | 'author_name' | 'organization' | 'unit_name' | 'decision' | 'decision_reason'> & {
  published_at: string | null;
};

export async function countPublicResultComments(db: AppDatabase, consultationId: number, versionId: number | null = null): Promise<number> {
  let query = db.kysely
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('consultation_id', '=', consultationId)
    .where('status', '=', 'published')
    .where('not_opinion_at', 'is', null);
  if (versionId !== null) query = query.where('version_id', '=', versionId);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Published comments with their decisions, in document order then time received; one page. */
export async function listPublicResultComments(
  db: AppDatabase,
  options: { consultationId: number; limit: number; offset: number; versionId?: number | null },
): Promise<PublicResultRow[]> {
  let query = db.kysely
    .selectFrom('comments as c')
    .leftJoin('blocks as b', 'b.id', 'c.block_id')
    .leftJoin('units as u', 'u.id', 'c.unit_id')
    .select(['c.id', 'c.block_id', 'c.body', 'c.author_name', 'c.organization', 'u.name as unit_name', 'c.decision', 'c.decision_reason', 'c.published_at'])
    .where('c.consultation_id', '=', options.consultationId)
    .where('c.status', '=', 'published')
    .where('c.not_opinion_at', 'is', null);
  if (options.versionId) query = query.where('c.version_id', '=', options.versionId);
  return query
    .orderBy(sql`coalesce(b.position, -1)`)
    .orderBy('c.received_at')
    .orderBy('c.id')
    .limit(options.limit)
    .offset(options.offset)
    .execute();
}

/** Decision counts over the comments that count (opinions, spam excepted), or over the published ones only. */
export async function countDecisions(
  db: AppDatabase,
  consultationId: number,
  options: { publishedOnly?: boolean; versionId?: number | null } = {},
): Promise<Record<Decision | 'undecided', number>> {
  let query = db.kysely
    .selectFrom('comments')
    .select(['decision', (eb) => eb.fn.countAll<number>().as('n')])
    .where('consultation_id', '=', consultationId)
    .where('not_opinion_at', 'is', null);
  if (options.versionId) query = query.where('version_id', '=', options.versionId);
  query = options.publishedOnly ? query.where('status', '=', 'published') : query.where('status', '!=', 'spam');
  const rows = await query.groupBy('decision').execute();
  const counts = { adopted: 0, partly_adopted: 0, not_adopted: 0, explained: 0, undecided: 0 };
  for (const row of rows) counts[row.decision ?? 'undecided'] += Number(row.n);
  return counts;
}
