// Comments written as each channel's door writes them, and the rows tests read back: for tests that
// act on comments through the office's pages.
import { insertCommentQueries } from '../../src/comments/store.ts';
import type { CommentChannel, CommentStatus, OfflineKind } from '../../src/db/schema.ts';
import { newTrackingNumber } from '../../src/lib/tracking.ts';
import { type TestApp, TEST_NOW } from './app.ts';

export interface ConsultationRow {
  id: number;
  version: number;
  published_comment_count: number;
  general_comment_count: number;
}

export function consultationRow(t: TestApp, slug: string): ConsultationRow {
  return t.db.raw.prepare('SELECT * FROM consultations WHERE slug = ?').get(slug) as ConsultationRow;
}

export function blockRow(t: TestApp, slug: string, key: string): { id: number; comment_count: number } {
  return t.db.raw.prepare('SELECT b.* FROM blocks b JOIN consultations c ON c.id = b.consultation_id WHERE c.slug = ? AND b.key = ?').get(slug, key) as {
    id: number;
    comment_count: number;
  };
}

export function commentRow(t: TestApp, trackingNumber: string): Record<string, any> {
  return t.db.raw.prepare('SELECT * FROM comments WHERE tracking_number = ?').get(trackingNumber) as Record<string, any>;
}

let unitCounter = 0;
/** A unit of this name (numbered, so that tests never collide on the unique name). */
export function createUnit(t: TestApp, name: string): { id: number; name: string } {
  const unique = `${name}${++unitCounter}`;
  const result = t.db.raw.prepare('INSERT INTO units (name, created_at) VALUES (?, ?)').run(unique, TEST_NOW.toISOString());
  return { id: Number(result.lastInsertRowid), name: unique };
}

export function addToRoster(t: TestApp, slug: string, unitId: number, response: 'none' | 'comments' | 'no_comments' = 'none', role: 'lead' | 'support' | 'added' = 'added') {
  t.db.raw
    .prepare('INSERT INTO roster_entries (consultation_id, unit_id, role, response, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(consultationRow(t, slug).id, unitId, role, response, TEST_NOW.toISOString());
}

/** A comment as each channel stores one: through the public path's own queries (which keep the public counters), with the unit and the offline kind its door records. */
export async function addComment(
  t: TestApp,
  slug: string,
  options: {
    block?: string | null;
    body: string;
    channel?: CommentChannel;
    status?: Exclude<CommentStatus, 'hidden'>;
    name?: string | null;
    organization?: string | null;
    email?: string | null;
    phone?: string | null;
    unitId?: number | null;
    late?: boolean;
    kind?: OfflineKind | null;
    receivedAt?: Date;
  },
): Promise<string> {
  const consultation = consultationRow(t, slug);
  const block = options.block ? blockRow(t, slug, options.block) : null;
  const trackingNumber = newTrackingNumber();
  await t.db.batch([
    ...insertCommentQueries(
      {
        consultationId: consultation.id,
        blockId: block?.id ?? null,
        channel: options.channel ?? 'web',
        body: options.body,
        authorName: options.name ?? null,
        organization: options.organization ?? null,
        contactEmail: options.email ?? null,
        contactPhone: options.phone ?? null,
        status: options.status ?? 'pending',
        statusReason: null,
        late: options.late ?? false,
        locale: 'zh-CN',
        clientKey: null,
        receivedAt: options.receivedAt ?? t.now(),
        now: t.now(),
      },
      trackingNumber,
    ),
    t.db.kysely
      .updateTable('comments')
      .set({ unit_id: options.unitId ?? null, offline_kind: options.kind ?? null })
      .where('tracking_number', '=', trackingNumber)
      .compile(),
  ]);
  if (options.status === 'published') t.services.consultationChanged(slug);
  return trackingNumber;
}

/**
 * The public counters against the comments table: they count published opinions — not what an
 * officer marked as not an opinion, whatever its status.
 */
export function countersAgainstTable(t: TestApp, slug: string): { stored: Record<string, number>; actual: Record<string, number> } {
  const c = consultationRow(t, slug);
  const one = (sql: string, ...args: unknown[]) => (t.db.raw.prepare(sql).get(...args) as { n: number }).n;
  const opinion = "status = 'published' AND not_opinion_at IS NULL";
  const stored: Record<string, number> = { published: c.published_comment_count, general: c.general_comment_count };
  const actual: Record<string, number> = {
    published: one(`SELECT COUNT(*) AS n FROM comments WHERE consultation_id = ? AND ${opinion}`, c.id),
    general: one(`SELECT COUNT(*) AS n FROM comments WHERE consultation_id = ? AND ${opinion} AND block_id IS NULL`, c.id),
  };
  const blocks = t.db.raw
    .prepare(`SELECT b.key, b.comment_count AS stored, (SELECT COUNT(*) FROM comments WHERE block_id = b.id AND ${opinion}) AS actual FROM blocks b WHERE b.consultation_id = ?`)
    .all(c.id) as { key: string; stored: number; actual: number }[];
  for (const b of blocks) {
    stored[b.key] = b.stored;
    actual[b.key] = b.actual;
  }
  return { stored, actual };
}
