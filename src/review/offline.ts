// Entering a comment that came in on paper, by phone or at a meeting: an officer types it in and
// it joins the queue beside web and email comments. Stored in one batch with the audit entry (and,
// for a unit's letter, the unit's reply on the roster); published at once under post-moderation.
import { auditQuery } from '../auth/audit.ts';
import { batchWithTrackingNumber, insertCommentQueries } from '../comments/store.ts';
import { type CommentInput, commentContentSchema } from '../comments/validation.ts';
import type { AppDatabase } from '../db/database.ts';
import type { Block, Consultation, OfflineKind } from '../db/schema.ts';
import { recordUnitResponseQuery } from '../departments/roster.ts';
import { findBlockByKey } from '../drafts/store.ts';
import { consultationWindow, type WindowFields } from '../drafts/window.ts';
import { beijingParts, parseBeijingDate } from '../lib/time.ts';
import type { Actor, ReviewDeps } from './action.ts';

export const OFFLINE_KINDS = ['letter', 'phone', 'meeting', 'other'] as const satisfies readonly OfflineKind[];

/** The calendar day of an instant in Beijing, as "2026-11-20". */
export function beijingDay(instant: Date): string {
  const p = beijingParts(instant);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** The start of a day typed as "2026-11-20" (Beijing), or null when it is not a real date. */
export function parseReceivedDay(text: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const day = parseBeijingDate(text);
  return day && !Number.isNaN(day.getTime()) ? day : null;
}

/** Headings organise the draft; comments are on the paragraphs, items and articles under them. */
export function isCommentable(block: Pick<Block, 'kind'> | undefined): boolean {
  return block !== undefined && block.kind !== 'heading';
}

export interface OfflineEntryInput {
  consultation: Pick<Consultation, 'id' | 'slug' | 'moderation'> & WindowFields;
  kind: OfflineKind;
  /** The day it was received, "2026-11-20" (Beijing); not after today. */
  receivedOn: string;
  /** The paragraph's key; null for the whole draft. */
  paragraphKey: string | null;
  /** The unit whose reply this is, if any. */
  unitId: number | null;
  /** What a web comment has, held to the web form's rules. */
  comment: Pick<CommentInput, 'body' | 'name' | 'organization' | 'email' | 'phone'>;
  locale: string;
  actor: Actor;
}

export type OfflineRefusal = 'comment_invalid' | 'received_invalid' | 'received_future' | 'paragraph_unknown' | 'unit_unknown';

export type OfflineResult = { ok: true; trackingNumber: string; status: 'pending' | 'published' } | { ok: false; code: OfflineRefusal };

export async function enterOfflineComment(deps: ReviewDeps, input: OfflineEntryInput): Promise<OfflineResult> {
  const { db } = deps;
  const { consultation } = input;
  const now = deps.clock();
  const comment = commentContentSchema.safeParse({ ...input.comment, paragraphId: input.paragraphKey ?? '' });
  if (!comment.success) return { ok: false, code: 'comment_invalid' };
  const receivedDay = parseReceivedDay(input.receivedOn);
  if (!receivedDay) return { ok: false, code: 'received_invalid' };
  const today = beijingDay(now);
  if (input.receivedOn > today) return { ok: false, code: 'received_future' };
  const block = input.paragraphKey ? await findBlockByKey(db, consultation.id, input.paragraphKey) : undefined;
  if (input.paragraphKey && !isCommentable(block)) return { ok: false, code: 'paragraph_unknown' };
  if (input.unitId !== null && !(await unitExists(db, input.unitId))) return { ok: false, code: 'unit_unknown' };

  // Today's letter is timed now; an earlier one at the start of the day it came.
  const receivedAt = input.receivedOn === today ? now : receivedDay;
  const window = consultationWindow(consultation);
  const closes = window.closedEarlyAt ?? window.closesAt;
  // Late means received on a day after the closing day: a letter dated the closing day is on time.
  const late = closes !== null && input.receivedOn > beijingDay(closes);
  const status = consultation.moderation === 'post' ? 'published' : 'pending';
  const { body, name, organization, email, phone } = comment.data;
  const trackingNumber = await insertOfflineComment(db, {
    consultationId: consultation.id,
    blockId: block?.id ?? null,
    kind: input.kind,
    body,
    authorName: name || null,
    organization: organization || null,
    unitId: input.unitId,
    contactEmail: email || null,
    contactPhone: phone || null,
    status,
    late,
    receivedAt,
    actor: input.actor,
    locale: input.locale,
    now,
  });
  if (status === 'published') deps.consultationChanged(consultation.slug);
  return { ok: true, trackingNumber, status };
}

async function unitExists(db: AppDatabase, unitId: number): Promise<boolean> {
  return (await db.kysely.selectFrom('units').select('id').where('id', '=', unitId).executeTakeFirst()) !== undefined;
}


/** Stores the comment durably; a tracking number already taken is drawn again. */
async function insertOfflineComment(
  db: AppDatabase,
  input: {
    consultationId: number;
    blockId: number | null;
    kind: OfflineKind;
    body: string;
    authorName: string | null;
    organization: string | null;
    unitId: number | null;
    contactEmail: string | null;
    contactPhone: string | null;
    status: 'pending' | 'published';
    late: boolean;
    receivedAt: Date;
    actor: Actor;
    locale: string;
    now: Date;
  },
): Promise<string> {
  const { actor } = input;
  return batchWithTrackingNumber(db, (trackingNumber) => {
    const queries = [
      ...insertCommentQueries(
        {
          consultationId: input.consultationId,
          blockId: input.blockId,
          channel: 'offline',
          body: input.body,
          authorName: input.authorName,
          organization: input.organization,
          contactEmail: input.contactEmail,
          contactPhone: input.contactPhone,
          status: input.status,
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
        .set({ offline_kind: input.kind, entered_by: actor.officerId, unit_id: input.unitId })
        .where('tracking_number', '=', trackingNumber)
        .compile(),
      auditQuery(
        db.kysely,
        { officerId: actor.officerId, action: 'enter-comment', consultationId: input.consultationId, targetType: 'comment', detail: { trackingNumber, kind: input.kind, unitId: input.unitId }, ip: actor.ip },
        input.now,
      ),
    ];
    // A unit's letter is its reply, recorded as the mail pipeline records one (a unit not on
    // the roster joins it as 'added').
    if (input.unitId !== null) {
      queries.push(recordUnitResponseQuery(db.kysely, { consultationId: input.consultationId, unitId: input.unitId, response: 'comments', at: input.now }));
    }
    return queries;
  });
}
