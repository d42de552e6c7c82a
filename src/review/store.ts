// Data access for the review queue: listing and searching every comment of a consultation,
// moderation and decisions as single atomic batches, near-duplicate grouping, offline entry and
// the department board.
//
// Sets of comments travel as one JSON parameter read with json_each(), not as a list of bound
// parameters: a group can hold tens of thousands of comments and D1 allows 100 parameters.
import { type CompiledQuery, type Kysely, type RawBuilder, sql } from 'kysely';
import { auditQuery } from '../auth/audit.ts';
import { insertCommentQueries, isTrackingCollision } from '../comments/store.ts';
import { listRoster, recordUnitResponseQuery, type RosterStatus, type RosterSummary, summarizeRoster } from '../departments/roster.ts';
import type { AppDatabase } from '../db/database.ts';
import type { Comment, CommentChannel, CommentStatus, Consultation, Database, Decision, DuplicateRun, OfflineKind, RosterRole } from '../db/schema.ts';
import { searchKey } from '../lib/chinese.ts';
import { newTrackingNumber, normaliseTrackingNumber } from '../lib/tracking.ts';
import { groupNearDuplicatesPausing } from './duplicates.ts';

export const CHANNELS: readonly CommentChannel[] = ['web', 'email', 'offline'];
export const STATUSES: readonly CommentStatus[] = ['pending', 'published', 'hidden', 'spam'];
export const DECISIONS: readonly Decision[] = ['adopted', 'partly_adopted', 'not_adopted', 'explained'];
export const OFFLINE_KINDS: readonly OfflineKind[] = ['letter', 'phone', 'meeting', 'other'];

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
}

export const NO_FILTERS: QueueFilters = { channel: null, unit: null, status: null, late: null, decision: null, paragraph: null, group: null, q: '' };

/**
 * The filters as a condition on the comment `alias`, except the paragraph, which says where an
 * entry stands in the document rather than which members of a group match.
 */
function matches(alias: 'c' | 'm', f: QueueFilters): RawBuilder<boolean> {
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  const parts: RawBuilder<unknown>[] = [];
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
  return parts.length ? sql<boolean>`(${sql.join(parts, sql` AND `)})` : sql<boolean>`1`;
}

function isFiltered(f: QueueFilters): boolean {
  return Boolean(f.channel || f.unit !== null || f.status || f.late !== null || f.decision || f.q.trim());
}

/**
 * Which comments of the consultation are entries of the queue. A comment alone is an entry when
 * it matches; a near-duplicate group is one entry, stood for by its first comment (whose id is
 * the group's id), when any member matches. Asking for one group lists its members one by one.
 */
function entryCondition(f: QueueFilters): RawBuilder<boolean> {
  if (f.group !== null) return sql<boolean>`(c.duplicate_group_id = ${f.group} AND ${matches('c', f)})`;
  if (!isFiltered(f)) return sql<boolean>`(c.duplicate_group_id IS NULL OR c.duplicate_group_id = c.id)`;
  return sql<boolean>`((c.duplicate_group_id IS NULL AND ${matches('c', f)})
    OR (c.duplicate_group_id = c.id AND EXISTS (SELECT 1 FROM comments m WHERE m.duplicate_group_id = c.id AND ${matches('m', f)})))`;
}

function paragraphCondition(f: QueueFilters): RawBuilder<boolean> {
  if (f.paragraph === 'general') return sql<boolean>`c.block_id IS NULL`;
  if (f.paragraph !== null) return sql<boolean>`c.block_id = ${f.paragraph}`;
  return sql<boolean>`1`;
}

export type QueueComment = Comment & { unit_name: string | null; decided_by_email: string | null; entered_by_email: string | null };

export interface QueueEntry {
  /** The comment standing for the entry: itself, or its group's first comment. */
  comment: QueueComment;
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
export async function listQueue(db: AppDatabase, consultationId: number, f: QueueFilters, limit: number, offset: number): Promise<QueuePage> {
  const k = db.kysely;
  const entry = entryCondition(f);
  const where = sql`c.consultation_id = ${consultationId} AND ${paragraphCondition(f)}`;
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
      WHERE b.consultation_id = ${consultationId} AND ${where} AND ${entry}
      ORDER BY b.position, c.received_at, c.id LIMIT ${limit - ids.length} OFFSET ${Math.max(0, offset - general)}`.execute(k);
    ids.push(...rows.rows.map((r) => r.id));
  }
  if (ids.length === 0) return { entries: [], totalEntries: general + inBlocks, totalComments: Number(counts.comments ?? 0) };

  const json = JSON.stringify(ids);
  const [rows, matched] = await Promise.all([
    k
      .selectFrom('comments as c')
      .leftJoin('units as u', 'u.id', 'c.unit_id')
      .leftJoin('officers as od', 'od.id', 'c.decided_by')
      .leftJoin('officers as oe', 'oe.id', 'c.entered_by')
      .selectAll('c')
      .select(['u.name as unit_name', 'od.email as decided_by_email', 'oe.email as entered_by_email'])
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

export async function summariseGroups(db: AppDatabase, consultationId: number, groupIds: number[]): Promise<Map<number, GroupSummary>> {
  if (groupIds.length === 0) return new Map();
  const rows = await db.kysely
    .selectFrom('comments')
    .select(['duplicate_group_id', sql<number>`COUNT(*)`.as('size'), sql<number>`SUM(decision IS NULL)`.as('undecided')])
    .where('consultation_id', '=', consultationId)
    .where('duplicate_group_id', 'in', sql<number>`(SELECT value FROM json_each(${JSON.stringify(groupIds)}))`)
    .groupBy('duplicate_group_id')
    .execute();
  return new Map(rows.map((r) => [r.duplicate_group_id!, { groupId: r.duplicate_group_id!, size: Number(r.size), undecided: Number(r.undecided) }]));
}

export type GroupMember = Pick<Comment, 'id' | 'tracking_number' | 'author_name' | 'organization' | 'channel' | 'status' | 'decision' | 'received_at' | 'duplicate_group_id'> & {
  unit_name: string | null;
};

/** The first few members of each group, for the queue's expandable lists: read by the group index, never whole groups. */
export async function listGroupMembers(db: AppDatabase, consultationId: number, groupIds: number[], perGroup: number): Promise<Map<number, GroupMember[]>> {
  if (groupIds.length === 0) return new Map();
  const result = await sql<GroupMember>`
    SELECT c.id, c.tracking_number, c.author_name, c.organization, c.channel, c.status, c.decision, c.received_at, c.duplicate_group_id, u.name AS unit_name
    FROM json_each(${JSON.stringify(groupIds)}) g
    CROSS JOIN comments c ON c.duplicate_group_id = g.value AND c.id IN (SELECT id FROM comments WHERE duplicate_group_id = g.value ORDER BY id LIMIT ${perGroup})
    LEFT JOIN units u ON u.id = c.unit_id
    WHERE +c.consultation_id = ${consultationId}
    ORDER BY c.duplicate_group_id, c.id`.execute(db.kysely);
  const byGroup = new Map<number, GroupMember[]>();
  for (const row of result.rows) byGroup.set(row.duplicate_group_id!, [...(byGroup.get(row.duplicate_group_id!) ?? []), row]);
  return byGroup;
}

export type ReviewComment = Comment & {
  unit_name: string | null;
  decided_by_email: string | null;
  entered_by_email: string | null;
};

export async function findReviewComment(db: AppDatabase, consultationId: number, id: number): Promise<ReviewComment | undefined> {
  return db.kysely
    .selectFrom('comments as c')
    .leftJoin('units as u', 'u.id', 'c.unit_id')
    .leftJoin('officers as od', 'od.id', 'c.decided_by')
    .leftJoin('officers as oe', 'oe.id', 'c.entered_by')
    .selectAll('c')
    .select(['u.name as unit_name', 'od.email as decided_by_email', 'oe.email as entered_by_email'])
    .where('c.consultation_id', '=', consultationId)
    .where('c.id', '=', id)
    .executeTakeFirst();
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

// ---------------------------------------------------------------------------------------------
// Moderation and decisions

/** Which comments an action is for: single ids and whole groups, of one consultation. */
export interface Selection {
  ids: number[];
  groups: number[];
}

function selected(consultationId: number, selection: Selection): RawBuilder<unknown> {
  // Driven from the JSON lists (CROSS JOIN keeps them outer): looked up by id and by group index,
  // never by reading the whole consultation (the unary + keeps SQLite from choosing the
  // consultation's index instead); ids of another consultation select nothing.
  return sql`(
    SELECT c.id FROM json_each(${JSON.stringify(selection.ids)}) j CROSS JOIN comments c ON c.id = j.value WHERE +c.consultation_id = ${consultationId}
    UNION
    SELECT c.id FROM json_each(${JSON.stringify(selection.groups)}) j CROSS JOIN comments c ON c.duplicate_group_id = j.value WHERE +c.consultation_id = ${consultationId})`;
}

export type ModerationStatus = Exclude<CommentStatus, 'pending'>;

/**
 * Moving comments into or out of 'published', with the public counters (published comments
 * only) corrected from the comments' status at the moment the batch runs, so two officers acting
 * on the same comment at once cannot count it twice. The page version is bumped in the same batch.
 * The last query is the comments' update: its `changes` is how many comments changed.
 */
export function moderationQueries(
  db: Kysely<Database>,
  input: { consultationId: number; selection: Selection; status: ModerationStatus; reason: string | null; officerId: number; ip: string | null; now: Date },
): CompiledQuery[] {
  const { consultationId, status, reason, now } = input;
  const iso = now.toISOString();
  const chosen = selected(consultationId, input.selection);
  // Comments whose counting changes: those entering 'published', or those leaving it.
  const moving = status === 'published' ? sql`status != 'published'` : sql`status = 'published'`;
  const sign = status === 'published' ? 1 : -1;
  return [
    sql`UPDATE consultations SET
        published_comment_count = published_comment_count + ${sign} * (SELECT COUNT(*) FROM comments WHERE id IN ${chosen} AND ${moving}),
        general_comment_count = general_comment_count + ${sign} * (SELECT COUNT(*) FROM comments WHERE id IN ${chosen} AND ${moving} AND block_id IS NULL),
        version = version + 1,
        updated_at = ${iso}
      WHERE id = ${consultationId}`.compile(db),
    sql`UPDATE blocks SET comment_count = comment_count + ${sign} * (
        SELECT COUNT(*) FROM comments WHERE block_id = blocks.id AND id IN ${chosen} AND ${moving})
      WHERE id IN (SELECT block_id FROM comments WHERE id IN ${chosen} AND ${moving} AND block_id IS NOT NULL)`.compile(db),
    auditQuery(
      db,
      {
        officerId: input.officerId,
        action: 'moderate',
        consultationId,
        targetType: input.selection.ids.length + input.selection.groups.length === 1 ? (input.selection.ids.length ? 'comment' : 'group') : 'comments',
        targetId: input.selection.ids.length + input.selection.groups.length === 1 ? (input.selection.ids[0] ?? input.selection.groups[0]) : null,
        detail: { status, reason, ids: input.selection.ids, groups: input.selection.groups },
        ip: input.ip,
      },
      now,
    ),
    sql`UPDATE comments SET
        status = ${status},
        status_reason = ${reason},
        published_at = CASE WHEN ${status} = 'published' AND status != 'published' THEN ${iso} ELSE published_at END
      WHERE id IN ${chosen} AND (status != ${status} OR status_reason IS NOT ${reason})`.compile(db),
  ];
}

export async function moderateComments(db: AppDatabase, input: Parameters<typeof moderationQueries>[1]): Promise<number> {
  const results = await db.batch(moderationQueries(db.kysely, input));
  return results[results.length - 1]!.changes;
}

export async function decideComments(
  db: AppDatabase,
  input: { consultationId: number; selection: Selection; decision: Decision; reason: string | null; officerId: number; ip: string | null; now: Date },
): Promise<number> {
  const { consultationId, now } = input;
  const iso = now.toISOString();
  const k = db.kysely;
  const results = await db.batch([
    // Decisions appear on the published results: the page version moves with them.
    k.updateTable('consultations').set({ version: sql`version + 1`, updated_at: iso }).where('id', '=', consultationId).compile(),
    auditQuery(
      k,
      {
        officerId: input.officerId,
        action: 'decide',
        consultationId,
        targetType: input.selection.groups.length ? 'group' : 'comment',
        targetId: input.selection.groups[0] ?? input.selection.ids[0] ?? null,
        detail: { decision: input.decision, reason: input.reason, ids: input.selection.ids, groups: input.selection.groups },
        ip: input.ip,
      },
      now,
    ),
    sql`UPDATE comments SET decision = ${input.decision}, decision_reason = ${input.reason}, decided_at = ${iso}, decided_by = ${input.officerId}
      WHERE id IN ${selected(consultationId, input.selection)}`.compile(k),
  ]);
  return results[results.length - 1]!.changes;
}

// ---------------------------------------------------------------------------------------------
// Near-duplicate grouping

export async function findDuplicateRun(db: AppDatabase, consultationId: number): Promise<DuplicateRun | undefined> {
  return db.kysely.selectFrom('duplicate_runs').selectAll().where('consultation_id', '=', consultationId).executeTakeFirst();
}

export async function countComments(db: AppDatabase, consultationId: number): Promise<{ count: number; maxId: number }> {
  const row = await db.kysely
    .selectFrom('comments')
    .select([sql<number>`COUNT(*)`.as('count'), sql<number | null>`MAX(id)`.as('max_id')])
    .where('consultation_id', '=', consultationId)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), maxId: Number(row.max_id ?? 0) };
}

/** Comments that came in after the last grouping (0 when it is current). */
export function ungroupedSince(run: DuplicateRun | undefined, current: { count: number; maxId: number }): number {
  if (!run) return current.count;
  if (run.through_comment_id === current.maxId && run.comment_count === current.count) return 0;
  return Math.max(1, current.count - run.comment_count);
}

const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const ID_CHUNK = 20_000;

/**
 * Groups all comments of a consultation again and stores what changed. Comments arriving while it
 * runs are not in its reading, are left alone, and make the next run due.
 */
export async function regroupDuplicates(db: AppDatabase, consultationId: number, now: Date): Promise<DuplicateRun> {
  const rows = await db.kysely
    .selectFrom('comments')
    .select(['id', 'body', 'duplicate_group_id'])
    .where('consultation_id', '=', consultationId)
    .orderBy('id')
    .execute();
  const groups = await groupNearDuplicatesPausing(rows, pause);
  const changes: [number, number | null][] = [];
  for (const row of rows) {
    const next = groups.get(row.id) ?? null;
    if (next !== row.duplicate_group_id) changes.push([row.id, next]);
  }
  const queries: CompiledQuery[] = [];
  // Each change is one lookup by id (UPDATE … FROM a JSON list of [id, group] pairs).
  for (let i = 0; i < changes.length; i += ID_CHUNK) {
    queries.push(
      sql`UPDATE comments SET duplicate_group_id = changed.group_id
        FROM (SELECT json_extract(value, '$[0]') AS id, json_extract(value, '$[1]') AS group_id FROM json_each(${JSON.stringify(changes.slice(i, i + ID_CHUNK))})) AS changed
        WHERE comments.id = changed.id`.compile(db.kysely),
    );
  }
  const run: DuplicateRun = {
    consultation_id: consultationId,
    through_comment_id: rows.length ? rows[rows.length - 1]!.id : 0,
    comment_count: rows.length,
    group_count: new Set(groups.values()).size,
    grouped_comment_count: groups.size,
    ran_at: now.toISOString(),
  };
  queries.push(
    db.kysely
      .insertInto('duplicate_runs')
      .values(run)
      .onConflict((oc) => oc.column('consultation_id').doUpdateSet({ ...run }))
      .compile(),
  );
  await db.batch(queries);
  return run;
}

// ---------------------------------------------------------------------------------------------
// Offline entry

export interface OfflineCommentInput {
  consultation: Pick<Consultation, 'id' | 'moderation'>;
  blockId: number | null;
  kind: OfflineKind;
  body: string;
  authorName: string | null;
  organization: string | null;
  unitId: number | null;
  contactEmail: string | null;
  contactPhone: string | null;
  late: boolean;
  receivedAt: Date;
  officerId: number;
  ip: string | null;
  locale: string;
  now: Date;
}

/** Stores a comment an officer entered, durably, and returns its tracking number and status. */
export async function insertOfflineComment(db: AppDatabase, input: OfflineCommentInput): Promise<{ trackingNumber: string; status: 'pending' | 'published' }> {
  const status = input.consultation.moderation === 'post' ? 'published' : 'pending';
  for (let attempt = 0; ; attempt++) {
    const trackingNumber = newTrackingNumber();
    const queries = [
      ...insertCommentQueries(
        {
          consultationId: input.consultation.id,
          blockId: input.blockId,
          channel: 'offline',
          body: input.body,
          authorName: input.authorName,
          organization: input.organization,
          contactEmail: input.contactEmail,
          contactPhone: input.contactPhone,
          status,
          statusReason: null,
          late: input.late,
          locale: input.locale,
          clientKey: null,
          receivedAt: input.receivedAt,
          now: input.now,
        },
        trackingNumber,
      ),
      // What the web form does not have: how it came in, who entered it, and for which unit.
      db.kysely
        .updateTable('comments')
        .set({ offline_kind: input.kind, entered_by: input.officerId, unit_id: input.unitId })
        .where('tracking_number', '=', trackingNumber)
        .compile(),
      auditQuery(db.kysely, { officerId: input.officerId, action: 'enter-comment', consultationId: input.consultation.id, targetType: 'comment', detail: { trackingNumber, kind: input.kind, unitId: input.unitId }, ip: input.ip }, input.now),
    ];
    // A unit's letter is its reply, recorded as the mail pipeline records one (a unit not on
    // the roster joins it as 'added').
    if (input.unitId !== null) {
      queries.push(recordUnitResponseQuery(db.kysely, { consultationId: input.consultation.id, unitId: input.unitId, response: 'comments', at: input.now }));
    }
    try {
      await db.batch(queries);
      return { trackingNumber, status };
    } catch (error) {
      if (!isTrackingCollision(error) || attempt >= 4) throw error;
    }
  }
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

// ---------------------------------------------------------------------------------------------
// Department board: the roster as src/departments/roster.ts keeps it, with the comments each
// unit sent; units that sent comments without being on the roster are listed apart.

export type BoardStatus = RosterStatus;

export interface BoardUnit {
  unitId: number;
  name: string;
  role: RosterRole | null;
  status: BoardStatus;
  /** When the unit replied: its roster entry's time, else its first comment's. */
  respondedAt: string | null;
  commentCount: number;
  comments: Pick<Comment, 'id' | 'tracking_number' | 'body' | 'block_id' | 'status' | 'decision' | 'received_at' | 'late' | 'channel'>[];
}

export async function listUnitBoard(
  db: AppDatabase,
  consultationId: number,
  commentsPerUnit: number,
): Promise<{ roster: BoardUnit[]; others: BoardUnit[]; summary: RosterSummary }> {
  // Spam is not a reply: counted and listed as the roster counts it.
  const [roster, counts, comments] = await Promise.all([
    listRoster(db, consultationId),
    db.kysely
      .selectFrom('comments as c')
      .innerJoin('units as u', 'u.id', 'c.unit_id')
      .select(['c.unit_id', 'u.name', sql<number>`COUNT(*)`.as('n'), sql<string>`MIN(c.received_at)`.as('first_at')])
      .where('c.consultation_id', '=', consultationId)
      .where('c.status', '!=', 'spam')
      .groupBy('c.unit_id')
      .execute(),
    sql<BoardUnit['comments'][number] & { unit_id: number }>`
      SELECT id, tracking_number, body, block_id, status, decision, received_at, late, channel, unit_id FROM (
        SELECT c.*, ROW_NUMBER() OVER (PARTITION BY c.unit_id ORDER BY c.received_at, c.id) AS n
        FROM comments c WHERE c.consultation_id = ${consultationId} AND c.unit_id IS NOT NULL AND c.status != 'spam'
      ) WHERE n <= ${commentsPerUnit} ORDER BY unit_id, received_at, id`.execute(db.kysely),
  ]);
  const countOf = new Map(counts.map((c) => [c.unit_id!, c]));
  const commentsOf = new Map<number, BoardUnit['comments']>();
  for (const { unit_id, ...row } of comments.rows) commentsOf.set(unit_id, [...(commentsOf.get(unit_id) ?? []), row]);
  const onRoster = new Set(roster.map((r) => r.unitId));
  return {
    roster: roster.map((r) => ({
      unitId: r.unitId,
      name: r.name,
      role: r.role,
      status: r.status,
      respondedAt: r.status === 'none' ? null : (r.respondedAt ?? countOf.get(r.unitId)?.first_at ?? null),
      commentCount: r.commentCount,
      comments: commentsOf.get(r.unitId) ?? [],
    })),
    others: counts
      .filter((c) => !onRoster.has(c.unit_id!))
      .map((c) => ({
        unitId: c.unit_id!,
        name: c.name,
        role: null,
        status: 'responded' as const,
        respondedAt: c.first_at,
        commentCount: Number(c.n),
        comments: commentsOf.get(c.unit_id!) ?? [],
      }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
    summary: summarizeRoster(roster),
  };
}
