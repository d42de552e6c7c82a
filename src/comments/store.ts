// Data access for comments. Counters that public pages show are updated in the same atomic batch
// as the comment, so a page never needs a live count(*) over a large table.
import { CompiledQuery, sql } from 'kysely';
import type { AppDatabase } from '../db/database.ts';
import type { Comment, CommentChannel, CommentStatus } from '../db/schema.ts';
import { searchKey } from '../lib/chinese.ts';
import { newTrackingNumber } from '../lib/tracking.ts';
import { maskName } from '../lib/mask.ts';

export interface NewCommentInput {
  consultationId: number;
  blockId: number | null;
  channel: CommentChannel;
  body: string;
  authorName: string | null;
  organization: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  status: Exclude<CommentStatus, 'hidden'>;
  statusReason: string | null;
  late: boolean;
  locale: string;
  clientKey: string | null;
  /** When the commenter ticked consent to keeping their contact details (web and API); null otherwise. */
  contactConsentAt?: Date | null;
  receivedAt: Date;
  now: Date;
  /** The search key, when it was computed off the request path (mail); computed here otherwise. */
  searchText?: string;
  /**
   * The version the comment is on, when the caller knows it (the block's, or the current one for
   * the whole text). Left out, the database works it out (trigger comments_version, migration 0006);
   * given, the hot path saves that second write.
   */
  versionId?: number | null;
}

// Written out once: on the submission path the query builder's cost per comment is measurable,
// and these statements never change shape.
const INSERT_COMMENT = `INSERT INTO comments (consultation_id, block_id, tracking_number, channel, body, author_name,
  organization, contact_email, contact_phone, status, status_reason, late, locale, client_key, search_text, received_at,
  published_at, created_at, contact_consent_at, version_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const COUNT_PUBLISHED = `UPDATE consultations SET published_comment_count = published_comment_count + 1,
  general_comment_count = general_comment_count + ?, version = version + 1 WHERE id = ?`;
const COUNT_BLOCK_COMMENT = 'UPDATE blocks SET comment_count = comment_count + 1 WHERE id = ?';

export function insertCommentQueries(input: NewCommentInput, trackingNumber: string): CompiledQuery[] {
  const iso = input.now.toISOString();
  const published = input.status === 'published';
  const queries = [
    CompiledQuery.raw(INSERT_COMMENT, [
      input.consultationId,
      input.blockId,
      trackingNumber,
      input.channel,
      input.body,
      input.authorName,
      input.organization,
      input.contactEmail,
      input.contactPhone,
      input.status,
      input.statusReason,
      input.late ? 1 : 0,
      input.locale,
      input.clientKey,
      input.searchText ?? searchKey(`${input.body} ${input.authorName ?? ''} ${input.organization ?? ''}`),
      input.receivedAt.toISOString(),
      published ? iso : null,
      iso,
      input.contactConsentAt ? input.contactConsentAt.toISOString() : null,
      input.versionId ?? null,
    ]),
  ];
  // Public counts and the page version change only when something becomes public.
  if (published) {
    queries.push(CompiledQuery.raw(COUNT_PUBLISHED, [input.blockId === null ? 1 : 0, input.consultationId]));
    if (input.blockId !== null) queries.push(CompiledQuery.raw(COUNT_BLOCK_COMMENT, [input.blockId]));
  }
  return queries;
}

/** A freshly drawn tracking number was already taken (40 random bits: rare, but retried, never lost). */
export function isTrackingCollision(error: unknown): boolean {
  return error instanceof Error && /UNIQUE constraint failed: comments\.tracking_number/.test(error.message);
}

/**
 * Runs the batch that stores a comment under a fresh tracking number, and returns the number
 * once the batch is durable. Numbers are random: in the rare case one is taken, the whole batch
 * (nothing of which was written) runs again under a new one.
 */
export async function batchWithTrackingNumber(db: AppDatabase, build: (trackingNumber: string) => CompiledQuery[]): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const trackingNumber = newTrackingNumber();
    try {
      await db.batch(build(trackingNumber));
      return trackingNumber;
    } catch (error) {
      if (!isTrackingCollision(error) || attempt >= 4) throw error;
    }
  }
}

/**
 * Stores a comment durably and returns its tracking number; `alsoWrite` adds statements that need
 * the number (a receipt in the outbox) to the same batch.
 */
export function insertComment(db: AppDatabase, input: NewCommentInput, alsoWrite?: (trackingNumber: string) => CompiledQuery[]): Promise<string> {
  if (!alsoWrite) return batchWithTrackingNumber(db, (trackingNumber) => insertCommentQueries(input, trackingNumber));
  return batchWithTrackingNumber(db, (trackingNumber) => [...insertCommentQueries(input, trackingNumber), ...alsoWrite(trackingNumber)]);
}

export async function findCommentByTrackingNumber(db: AppDatabase, trackingNumber: string): Promise<Comment | undefined> {
  return db.kysely.selectFrom('comments').selectAll().where('tracking_number', '=', trackingNumber).executeTakeFirst();
}

export type PublicCommentRow = Pick<Comment, 'id' | 'block_id' | 'body' | 'author_name' | 'organization' | 'published_at' | 'channel'>;

const publicColumns = ['id', 'block_id', 'body', 'author_name', 'organization', 'published_at', 'channel'] as const;

/**
 * The newest few published comments of every block that has any, in one indexed query (opinions
 * only, as everywhere the public reads): of one version's blocks when given (a page shows one
 * version), else of the consultation's.
 */
export async function listLatestPublishedPerBlock(db: AppDatabase, consultationId: number, perBlock: number, versionId: number | null = null): Promise<PublicCommentRow[]> {
  const blocks = versionId === null ? sql`b.consultation_id = ${consultationId}` : sql`b.version_id = ${versionId}`;
  const result = await sql<PublicCommentRow>`
    SELECT c.id, c.block_id, c.body, c.author_name, c.organization, c.published_at, c.channel
    FROM blocks b
    JOIN comments c ON c.id IN (
      SELECT id FROM comments
      WHERE consultation_id = ${consultationId} AND block_id = b.id AND status = 'published' AND not_opinion_at IS NULL
      ORDER BY published_at DESC, id DESC
      LIMIT ${perBlock}
    )
    WHERE ${blocks} AND b.comment_count > 0
    ORDER BY b.position, c.published_at DESC, c.id DESC`.execute(db.kysely);
  return result.rows;
}

/** Published comments, newest first; blockId null means comments on the whole draft. */
export async function listPublishedComments(
  db: AppDatabase,
  options: { consultationId: number; blockId?: number | null; limit: number; offset: number; versionId?: number | null },
): Promise<PublicCommentRow[]> {
  let query = db.kysely
    .selectFrom('comments')
    .select([...publicColumns])
    .where('consultation_id', '=', options.consultationId)
    .where('status', '=', 'published')
    .where('not_opinion_at', 'is', null);
  // Comments on the whole text are shown with the version they were made on.
  if (options.versionId) query = query.where('version_id', '=', options.versionId);
  if (options.blockId === null) query = query.where('block_id', 'is', null);
  else if (options.blockId !== undefined) query = query.where('block_id', '=', options.blockId);
  return query.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(options.limit).offset(options.offset).execute();
}

/** Published comments on the whole text of one version (a consultation's counter spans every version). */
export async function countGeneralComments(db: AppDatabase, consultationId: number, versionId: number): Promise<number> {
  const row = await db.kysely
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('consultation_id', '=', consultationId)
    .where('block_id', 'is', null)
    .where('status', '=', 'published')
    .where('version_id', '=', versionId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The name shown publicly. A web commenter typed a name to be published with the comment; an
 * email's display name was never offered for publication, so only its masked form is shown.
 */
export function publicAuthorName(row: Pick<Comment, 'author_name' | 'channel'>): string | null {
  if (!row.author_name) return null;
  return row.channel === 'email' ? maskName(row.author_name) : row.author_name;
}
