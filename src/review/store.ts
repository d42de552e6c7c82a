// Data access for the review queue: listing and searching every comment of a consultation in
// document order, near-duplicate groups as the queue shows them, one comment with who handled it,
// and the comments an action is for. The writes are the commands beside this file (moderation,
// decisions, offline entry, grouping).
//
// Sets of comments travel as one JSON parameter read with json_each(), not as a list of bound
// parameters: a group can hold tens of thousands of comments and D1 allows 100 parameters.
import { type RawBuilder, sql } from 'kysely';
import type { AppDatabase } from '../db/database.ts';
import type { Comment, CommentChannel, CommentStatus, Decision } from '../db/schema.ts';
import { searchKey } from '../lib/chinese.ts';
import { normaliseTrackingNumber } from '../lib/tracking.ts';
import type { Selection } from './action.ts';

export const CHANNELS: readonly CommentChannel[] = ['web', 'email', 'offline'];
export const STATUSES: readonly CommentStatus[] = ['pending', 'published', 'hidden', 'spam'];

export interface QueueFilters {
  channel: CommentChannel | null;
  /** A unit's id, or 'none' for comments from no unit. */
  unit: number | 'none' | null;
  status: CommentStatus | null;
  late: boolean | null;
  decision: Decision | 'undecided' | null;
  /** A block's id, or 'general' for comments on the whole draft. */
  paragraph: number | 'general' | null;
  /** List the members of one near-duplicate group, one by one. */
  group: number | null;
  q: string;
  /**
   * Opinions (the queue as it opens), or the comments an officer marked as not an opinion
   * (not-opinion.ts), which the queue leaves out unless asked for them.
   */
  opinion: 'yes' | 'not';
}

export const NO_FILTERS: QueueFilters = { channel: null, unit: null, status: null, late: null, decision: null, paragraph: null, group: null, q: '', opinion: 'yes' };

/**
 * The filters as a condition on the comment `alias`, except the paragraph, which says where an
 * entry stands in the document rather than which members of a group match.
 */
function matches(alias: 'c' | 'm', f: QueueFilters): RawBuilder<boolean> {
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  const parts: RawBuilder<unknown>[] = [opinionCondition(alias, f)];
  if (f.channel) parts.push(sql`${col('channel')} = ${f.channel}`);
  if (f.unit === 'none') parts.push(sql`${col('unit_id')} IS NULL`);
  else if (f.unit !== null) parts.push(sql`${col('unit_id')} = ${f.unit}`);
  if (f.status) parts.push(sql`${col('status')} = ${f.status}`);
  if (f.late !== null) parts.push(sql`${col('late')} = ${f.late ? 1 : 0}`);
  if (f.decision === 'undecided') parts.push(sql`${col('decision')} IS NULL`);
  else if (f.decision) parts.push(sql`${col('decision')} = ${f.decision}`);
  const text = f.q.trim();
  if (text) {
    // The stored search text is the search key of body, name and organisation: the query gets
    // the same fold, so 現在 finds 现在 and the reverse. The key has no % or _ left to escape.
    const key = searchKey(text);
    const number = normaliseTrackingNumber(text);
    const ors: RawBuilder<unknown>[] = [];
    if (key) ors.push(sql`${col('search_text')} LIKE ${`%${key}%`}`);
    if (number) ors.push(sql`${col('tracking_number')} = ${number}`);
    if (ors.length) parts.push(sql`(${sql.join(ors, sql` OR `)})`);
  }
  return sql<boolean>`(${sql.join(parts, sql` AND `)})`;
}

function opinionCondition(alias: 'c' | 'm', f: QueueFilters): RawBuilder<boolean> {
  return f.opinion === 'not' ? sql<boolean>`${sql.ref(`${alias}.not_opinion_at`)} IS NOT NULL` : sql<boolean>`${sql.ref(`${alias}.not_opinion_at`)} IS NULL`;
}

/** Whether any filter but the opinion one (which every queue has) narrows the queue. */
function isFiltered(f: QueueFilters): boolean {
  return Boolean(f.channel || f.unit !== null || f.status || f.late !== null || f.decision || f.q.trim() || f.opinion === 'not');
}

/**
 * Which comments of the consultation are entries of the queue. A comment alone is an entry when
 * it matches; a near-duplicate group is one entry, stood for by its first comment (whose id is
 * the group's id), when any member matches. Asking for one group lists its members one by one.
 */
function entryCondition(f: QueueFilters): RawBuilder<boolean> {
  if (f.group !== null) return sql<boolean>`(c.duplicate_group_id = ${f.group} AND ${matches('c', f)})`;
  // The queue as it opens: opinions alone, and every group stood for by its first comment — which
  // looks at the other members only in the rare group whose first comment is not an opinion.
  if (!isFiltered(f)) {
    return sql<boolean>`((c.duplicate_group_id IS NULL AND c.not_opinion_at IS NULL) OR (c.duplicate_group_id = c.id
      AND (c.not_opinion_at IS NULL OR EXISTS (SELECT 1 FROM comments m WHERE m.duplicate_group_id = c.id AND m.not_opinion_at IS NULL))))`;
  }
  return sql<boolean>`((c.duplicate_group_id IS NULL AND ${matches('c', f)})
    OR (c.duplicate_group_id = c.id AND EXISTS (SELECT 1 FROM comments m WHERE m.duplicate_group_id = c.id AND ${matches('m', f)})))`;
}

function paragraphCondition(f: QueueFilters): RawBuilder<boolean> {
  if (f.paragraph === 'general') return sql<boolean>`c.block_id IS NULL`;
  if (f.paragraph !== null) return sql<boolean>`c.block_id = ${f.paragraph}`;
  return sql<boolean>`1`;
}

/**
 * A comment with its unit's name (and the unit proposed for it, while an officer has not confirmed
 * it), and the officers who decided on it, entered it and marked it as not an opinion.
 */
export type ReviewComment = Comment & { unit_name: string | null; proposed_unit_name: string | null; decided_by_email: string | null; entered_by_email: string | null; not_opinion_by_email: string | null };

function selectReviewComments(db: AppDatabase) {
  return db.kysely
    .selectFrom('comments as c')
    .leftJoin('units as u', 'u.id', 'c.unit_id')
    .leftJoin('units as pu', 'pu.id', 'c.proposed_unit_id')
    .leftJoin('officers as od', 'od.id', 'c.decided_by')
    .leftJoin('officers as oe', 'oe.id', 'c.entered_by')
    .leftJoin('officers as om', 'om.id', 'c.not_opinion_by')
    .selectAll('c')
    .select(['u.name as unit_name', 'pu.name as proposed_unit_name', 'od.email as decided_by_email', 'oe.email as entered_by_email', 'om.email as not_opinion_by_email']);
}

export interface QueueEntry {
  /** The comment standing for the entry: itself, or its group's first comment. */
  comment: ReviewComment;
  /** How many comments of this entry match the filters (1 unless a group). */
  matched: number;
}

export interface QueuePage {
  entries: QueueEntry[];
  /** Entries (groups counted once) and comments matching the filters. */
  totalEntries: number;
  totalComments: number;
}

/**
 * One page of the queue in document order: comments on the whole draft first, then paragraph by
 * paragraph, each by time received. The order is read from indexes (blocks by position, then
 * comments by block and time received), not sorted, so the first page of 100,000 comments costs
 * what one page costs; only the counts read every comment of the consultation.
 */
export async function listQueue(
  db: AppDatabase,
  consultationId: number,
  f: QueueFilters,
  limit: number,
  offset: number,
  /** A consultation with several versions is reviewed one version at a time. */
  scope: { versionId: number } | null = null,
): Promise<QueuePage> {
  const k = db.kysely;
  const entry = entryCondition(f);
  const inVersion = scope ? sql`c.version_id = ${scope.versionId}` : sql`1`;
  const where = sql`c.consultation_id = ${consultationId} AND ${paragraphCondition(f)} AND ${inVersion}`;
  const blocksInVersion = scope ? sql`b.version_id = ${scope.versionId}` : sql`b.consultation_id = ${consultationId}`;
  const counts = (
    await sql<{ general: number | null; blocks: number | null; comments: number | null }>`
      SELECT SUM(c.block_id IS NULL AND ${entry}) AS general, SUM(c.block_id IS NOT NULL AND ${entry}) AS blocks,
        SUM(${f.group !== null ? sql`c.duplicate_group_id = ${f.group}` : sql`1`} AND ${matches('c', f)}) AS comments
      FROM comments c WHERE ${where}`.execute(k)
  ).rows[0]!;
  const general = Number(counts.general ?? 0);
  const inBlocks = Number(counts.blocks ?? 0);

  const ids: number[] = [];
  if (offset < general) {
    const rows = await sql<{ id: number }>`
      SELECT c.id FROM comments c WHERE ${where} AND c.block_id IS NULL AND ${entry}
      ORDER BY c.received_at, c.id LIMIT ${limit} OFFSET ${offset}`.execute(k);
    ids.push(...rows.rows.map((r) => r.id));
  }
  if (ids.length < limit && offset + ids.length < general + inBlocks) {
    // CROSS JOIN keeps blocks as the outer loop, read in position order from their index.
    const rows = await sql<{ id: number }>`
      SELECT c.id FROM blocks b CROSS JOIN comments c ON c.consultation_id = b.consultation_id AND c.block_id = b.id
      WHERE ${blocksInVersion} AND ${where} AND ${entry}
      ORDER BY b.position, c.received_at, c.id LIMIT ${limit - ids.length} OFFSET ${Math.max(0, offset - general)}`.execute(k);
    ids.push(...rows.rows.map((r) => r.id));
  }
  if (ids.length === 0) return { entries: [], totalEntries: general + inBlocks, totalComments: Number(counts.comments ?? 0) };

  const json = JSON.stringify(ids);
  const [rows, matched] = await Promise.all([
    selectReviewComments(db)
      .where('c.id', 'in', sql<number>`(SELECT value FROM json_each(${json}))`)
      .execute(),
    // How many members of each group on the page match the filters.
    f.group === null
      ? sql<{ group_id: number; n: number }>`
          SELECT m.duplicate_group_id AS group_id, COUNT(*) AS n FROM comments m
          WHERE m.duplicate_group_id IN (SELECT value FROM json_each(${json})) AND ${matches('m', f)}
          GROUP BY m.duplicate_group_id`.execute(k)
      : Promise.resolve({ rows: [] as { group_id: number; n: number }[] }),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const matchedOf = new Map(matched.rows.map((r) => [r.group_id, Number(r.n)]));
  return {
    entries: ids.map((id) => {
      const comment = byId.get(id)!;
      return { comment, matched: comment.duplicate_group_id === id ? (matchedOf.get(id) ?? 0) : 1 };
    }),
    totalEntries: general + inBlocks,
    totalComments: Number(counts.comments ?? 0),
  };
}

export interface GroupSummary {
  groupId: number;
  size: number;
  undecided: number;
}

/**
 * Which members of a group a list counts: the opinions or the others, as the queue lists them,
 * or all of them (null), as a comment's page does, since an action on the group acts on all.
 */
export type MemberScope = QueueFilters['opinion'] | null;

function memberScope(alias: string, scope: MemberScope): RawBuilder<boolean> {
  if (scope === null) return sql<boolean>`1`;
  return scope === 'not' ? sql<boolean>`${sql.ref(`${alias}.not_opinion_at`)} IS NOT NULL` : sql<boolean>`${sql.ref(`${alias}.not_opinion_at`)} IS NULL`;
}

export async function summariseGroups(db: AppDatabase, consultationId: number, groupIds: number[], scope: MemberScope): Promise<Map<number, GroupSummary>> {
  if (groupIds.length === 0) return new Map();
  const rows = await db.kysely
    .selectFrom('comments')
    .select(['duplicate_group_id', sql<number>`COUNT(*)`.as('size'), sql<number>`SUM(decision IS NULL)`.as('undecided')])
    .where('consultation_id', '=', consultationId)
    .where(memberScope('comments', scope))
    .where('duplicate_group_id', 'in', sql<number>`(SELECT value FROM json_each(${JSON.stringify(groupIds)}))`)
    .groupBy('duplicate_group_id')
    .execute();
  return new Map(rows.map((r) => [r.duplicate_group_id!, { groupId: r.duplicate_group_id!, size: Number(r.size), undecided: Number(r.undecided) }]));
}

export type GroupMember = Pick<Comment, 'id' | 'tracking_number' | 'author_name' | 'organization' | 'channel' | 'status' | 'decision' | 'received_at' | 'duplicate_group_id'> & {
  unit_name: string | null;
};

/** The first few members of each group, for the queue's expandable lists: read by the group index, never whole groups. */
export async function listGroupMembers(db: AppDatabase, consultationId: number, groupIds: number[], perGroup: number, scope: MemberScope): Promise<Map<number, GroupMember[]>> {
  if (groupIds.length === 0) return new Map();
  const result = await sql<GroupMember>`
    SELECT c.id, c.tracking_number, c.author_name, c.organization, c.channel, c.status, c.decision, c.received_at, c.duplicate_group_id, u.name AS unit_name
    FROM json_each(${JSON.stringify(groupIds)}) g
    CROSS JOIN comments c ON c.duplicate_group_id = g.value AND c.id IN (
      SELECT id FROM comments WHERE duplicate_group_id = g.value AND ${memberScope('comments', scope)} ORDER BY id LIMIT ${perGroup})
    LEFT JOIN units u ON u.id = c.unit_id
    WHERE +c.consultation_id = ${consultationId}
    ORDER BY c.duplicate_group_id, c.id`.execute(db.kysely);
  const byGroup = new Map<number, GroupMember[]>();
  for (const row of result.rows) byGroup.set(row.duplicate_group_id!, [...(byGroup.get(row.duplicate_group_id!) ?? []), row]);
  return byGroup;
}

export async function findReviewComment(db: AppDatabase, consultationId: number, id: number): Promise<ReviewComment | undefined> {
  return selectReviewComments(db).where('c.consultation_id', '=', consultationId).where('c.id', '=', id).executeTakeFirst();
}

/** Units a filter can pick: those on the roster and those that sent comments. */
export async function listQueueUnits(db: AppDatabase, consultationId: number): Promise<{ id: number; name: string }[]> {
  const result = await sql<{ id: number; name: string }>`
    SELECT u.id, u.name FROM units u
    WHERE u.id IN (SELECT unit_id FROM roster_entries WHERE consultation_id = ${consultationId})
       OR u.id IN (SELECT unit_id FROM comments WHERE consultation_id = ${consultationId} AND unit_id IS NOT NULL)
    ORDER BY u.name`.execute(db.kysely);
  return result.rows;
}

/** The ids of the chosen comments, as a subquery for `id IN …`. */
export function selectedComments(consultationId: number, selection: Selection): RawBuilder<unknown> {
  // Driven from the JSON lists (CROSS JOIN keeps them outer): looked up by id and by group index,
  // never by reading the whole consultation (the unary + keeps SQLite from choosing the
  // consultation's index instead); ids of another consultation select nothing.
  return sql`(
    SELECT c.id FROM json_each(${JSON.stringify(selection.ids)}) j CROSS JOIN comments c ON c.id = j.value WHERE +c.consultation_id = ${consultationId}
    UNION
    SELECT c.id FROM json_each(${JSON.stringify(selection.groups)}) j CROSS JOIN comments c ON c.duplicate_group_id = j.value WHERE +c.consultation_id = ${consultationId})`;
}

export interface UnitChoice {
  id: number;
  name: string;
  onRoster: boolean;
}

/** Units an officer can attribute a comment to: the roster's first, then every other known unit. */
export async function listUnitChoices(db: AppDatabase, consultationId: number): Promise<UnitChoice[]> {
  const result = await sql<{ id: number; name: string; on_roster: number }>`
    SELECT u.id, u.name, EXISTS (SELECT 1 FROM roster_entries r WHERE r.unit_id = u.id AND r.consultation_id = ${consultationId}) AS on_roster
    FROM units u ORDER BY on_roster DESC, u.name`.execute(db.kysely);
  return result.rows.map((r) => ({ id: r.id, name: r.name, onRoster: r.on_roster === 1 }));
}

