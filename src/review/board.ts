// The department board: the roster as src/departments/roster.ts keeps it, with the comments each
// unit sent; units that sent comments without being on the roster are listed apart.
import { sql } from 'kysely';
import { listRoster, type RosterStatus, type RosterSummary, summarizeRoster } from '../departments/roster.ts';
import type { AppDatabase } from '../db/database.ts';
import type { Comment, RosterRole } from '../db/schema.ts';

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
  // Spam is not a reply, nor is what an officer marked as not an opinion: counted and listed as the roster counts it.
  const [roster, counts, comments] = await Promise.all([
    listRoster(db, consultationId),
    db.kysely
      .selectFrom('comments as c')
      .innerJoin('units as u', 'u.id', 'c.unit_id')
      .select(['c.unit_id', 'u.name', sql<number>`COUNT(*)`.as('n'), sql<string>`MIN(c.received_at)`.as('first_at')])
      .where('c.consultation_id', '=', consultationId)
      .where('c.status', '!=', 'spam')
      .where('c.not_opinion_at', 'is', null)
      .groupBy('c.unit_id')
      .execute(),
    sql<BoardUnit['comments'][number] & { unit_id: number }>`
      SELECT id, tracking_number, body, block_id, status, decision, received_at, late, channel, unit_id FROM (
        SELECT c.*, ROW_NUMBER() OVER (PARTITION BY c.unit_id ORDER BY c.received_at, c.id) AS n
        FROM comments c WHERE c.consultation_id = ${consultationId} AND c.unit_id IS NOT NULL AND c.status != 'spam' AND c.not_opinion_at IS NULL
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
