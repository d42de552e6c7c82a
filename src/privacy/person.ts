// A person's requests (PIPL arts. 45 and 47): an officer, given a tracking number, sees what is
// held about the commenter who received it, exports it as JSON, or erases it. The person is the
// email address and telephone given with that comment: every comment given with either, every
// message from that address, every mail we sent to it. Both are audited.
import { sql } from 'kysely';
import { auditQuery } from '../auth/audit.ts';
import type { AppDatabase } from '../db/database.ts';
import type { Comment, CommentChannel, CommentStatus, Decision } from '../db/schema.ts';
import { eraseMessageQueries, redactMailQuery } from './erase.ts';

export interface PersonComment {
  id: number;
  trackingNumber: string;
  consultation: { id: number; slug: string; title: string };
  paragraph: string | null;
  channel: CommentChannel;
  receivedAt: string;
  name: string | null;
  organization: string | null;
  email: string | null;
  phone: string | null;
  body: string;
  status: CommentStatus;
  decision: Decision | null;
  reason: string | null;
  consentAt: string | null;
  erasedAt: string | null;
}

export interface PersonMessage {
  id: number;
  receivedAt: string;
  from: string | null;
  name: string | null;
  subject: string | null;
  consultation: string | null;
  attachments: { filename: string | null; contentType: string; size: number }[];
  erasedAt: string | null;
  understood_json: string;
}

export interface PersonMail {
  kind: string;
  to: string;
  subject: string;
  state: string;
  createdAt: string;
  sentAt: string | null;
}

export interface PersonData {
  trackingNumber: string;
  /** The comment the tracking number names. */
  commentId: number;
  consultationId: number;
  emails: string[];
  phones: string[];
  names: string[];
  comments: PersonComment[];
  messages: PersonMessage[];
  mails: PersonMail[];
}

const distinct = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => Boolean(v?.trim())))];

/** Everything held about the commenter of this tracking number, or null when no comment has it. */
export async function findPersonData(db: AppDatabase, trackingNumber: string): Promise<PersonData | null> {
  const { kysely } = db;
  const first = await kysely.selectFrom('comments').selectAll().where('tracking_number', '=', trackingNumber).executeTakeFirst();
  if (!first) return null;
  const emails = distinct([first.contact_email?.trim().toLowerCase() ?? null]);
  const phones = distinct([first.contact_phone?.trim() ?? null]);
  const rows = await kysely
    .selectFrom('comments')
    .innerJoin('consultations', 'consultations.id', 'comments.consultation_id')
    .leftJoin('blocks', 'blocks.id', 'comments.block_id')
    .selectAll('comments')
    .select(['consultations.slug', 'consultations.title', 'blocks.key as block_key'])
    .where((eb) =>
      eb.or([
        eb('comments.id', '=', first.id),
        ...(emails.length ? [eb(sql`lower(trim(comments.contact_email))`, 'in', emails)] : []),
        ...(phones.length ? [eb(sql`trim(comments.contact_phone)`, 'in', phones)] : []),
      ]),
    )
    .orderBy('comments.received_at')
    .orderBy('comments.id')
    .execute();
  const messageIds = distinct(rows.map((r) => (r.inbound_message_id === null ? null : String(r.inbound_message_id)))).map(Number);
  const messages = await kysely
    .selectFrom('inbound_messages')
    .leftJoin('consultations', 'consultations.id', 'inbound_messages.consultation_id')
    .select([
      'inbound_messages.id',
      'inbound_messages.received_at',
      'inbound_messages.from_address',
      'inbound_messages.from_name',
      'inbound_messages.subject',
      'inbound_messages.personal_data_erased_at',
      'inbound_messages.understood_json',
      'consultations.slug',
    ])
    .where((eb) =>
      eb.or([
        ...(messageIds.length ? [eb('inbound_messages.id', 'in', messageIds)] : []),
        ...(emails.length ? [eb(sql`lower(inbound_messages.from_address)`, 'in', emails)] : []),
        sql<boolean>`0`,
      ]),
    )
    .orderBy('inbound_messages.received_at')
    .execute();
  const attachments = messages.length
    ? await kysely
        .selectFrom('inbound_attachments')
        .select(['inbound_message_id', 'filename', 'content_type', 'size'])
        .where(
          'inbound_message_id',
          'in',
          messages.map((m) => m.id),
        )
        .orderBy('position')
        .execute()
    : [];
  const mails = emails.length
    ? await kysely
        .selectFrom('outbox')
        .select(['kind', 'to_address', 'subject', 'state', 'created_at', 'sent_at'])
        .where(sql`lower(to_address)`, 'in', emails)
        .orderBy('created_at')
        .execute()
    : [];
  return {
    trackingNumber,
    commentId: first.id,
    consultationId: first.consultation_id,
    emails,
    phones,
    names: distinct([...rows.map((r) => r.author_name), ...messages.map((m) => m.from_name)]),
    comments: rows.map((r) => toPersonComment(r, { id: r.consultation_id, slug: r.slug, title: r.title }, r.block_key)),
    messages: messages.map((m) => ({
      id: m.id,
      receivedAt: m.received_at,
      from: m.from_address,
      name: m.from_name,
      subject: m.subject,
      consultation: m.slug,
      attachments: attachments.filter((a) => a.inbound_message_id === m.id).map((a) => ({ filename: a.filename, contentType: a.content_type, size: a.size })),
      erasedAt: m.personal_data_erased_at,
      understood_json: m.understood_json,
    })),
    mails: mails.map((m) => ({ kind: m.kind, to: m.to_address, subject: m.subject, state: m.state, createdAt: m.created_at, sentAt: m.sent_at })),
  };
}

function toPersonComment(r: Comment, consultation: PersonComment['consultation'], blockKey: string | null): PersonComment {
  return {
    id: r.id,
    trackingNumber: r.tracking_number,
    consultation,
    paragraph: blockKey,
    channel: r.channel,
    receivedAt: r.received_at,
    name: r.author_name,
    organization: r.organization,
    email: r.contact_email,
    phone: r.contact_phone,
    body: r.body,
    status: r.status,
    decision: r.decision,
    reason: r.decision_reason,
    consentAt: r.contact_consent_at,
    erasedAt: r.personal_data_erased_at,
  };
}

/** The export handed to the person: what we hold, in their own words and ours. */
export function personExport(data: PersonData, exportedAt: Date) {
  return {
    exportedAt: exportedAt.toISOString(),
    trackingNumber: data.trackingNumber,
    contact: { names: data.names, emails: data.emails, phones: data.phones },
    comments: data.comments.map(({ id: _id, ...comment }) => ({ ...comment, consultation: { slug: comment.consultation.slug, title: comment.consultation.title } })),
    messages: data.messages.map(({ id: _id, understood_json: _understood, ...message }) => message),
    mailSent: data.mails,
  };
}

interface Actor {
  officerId: number;
  ip: string | null;
}

export type PersonRequestOutcome = { ok: true; data: PersonData } | { ok: false; code: 'not_found' };

/** Export: the data, and the audit entry that says an officer handed it out. */
export async function exportPersonData(deps: { db: AppDatabase }, input: { trackingNumber: string } & Actor, now: Date): Promise<PersonRequestOutcome> {
  const data = await findPersonData(deps.db, input.trackingNumber);
  if (!data) return { ok: false, code: 'not_found' };
  await deps.db.batch([
    auditQuery(
      deps.db.kysely,
      {
        officerId: input.officerId,
        action: 'privacy-export',
        consultationId: data.consultationId,
        targetType: 'comment',
        targetId: data.commentId,
        detail: { trackingNumber: data.trackingNumber, comments: data.comments.length, messages: data.messages.length, mails: data.mails.length },
        ip: input.ip,
      },
      now,
    ),
  ]);
  return { ok: true, data };
}

export type EraseOutcome = { ok: true; comments: number; messages: number; mails: number; slugs: string[] } | { ok: false; code: 'not_found' };

/**
 * Erase on request: every comment's email, telephone, name and client key; the messages from the
 * person; the mail to them. Their comments' text and decisions stay as the office's record (the
 * text is masked wherever it is published). One batch with its audit entry.
 */
export async function erasePersonData(
  deps: { db: AppDatabase; consultationChanged?(slug: string): void },
  input: { trackingNumber: string } & Actor,
  now: Date,
): Promise<EraseOutcome> {
  const { db } = deps;
  const data = await findPersonData(db, input.trackingNumber);
  if (!data) return { ok: false, code: 'not_found' };
  const at = now.toISOString();
  const commentIds = data.comments.map((c) => c.id);
  const messages = data.messages.filter((m) => m.erasedAt === null);
  const mails = data.mails.filter((m) => m.to !== '' && m.state !== 'sending').length;
  const figures = { comments: data.comments.length, messages: messages.length, mails };
  await db.batch([
    db.kysely
      .updateTable('comments')
      .set({ contact_email: null, contact_phone: null, author_name: null, client_key: null, personal_data_erased_at: at })
      .where('id', 'in', commentIds)
      .compile(),
    ...eraseMessageQueries(db.kysely, messages, at),
    ...(data.emails.length ? [redactMailQuery(db.kysely, { addresses: data.emails }, at)] : []),
    auditQuery(
      db.kysely,
      {
        officerId: input.officerId,
        action: 'privacy-erase',
        consultationId: data.consultationId,
        targetType: 'comment',
        targetId: data.commentId,
        detail: { trackingNumber: data.trackingNumber, ...figures },
        ip: input.ip,
      },
      now,
    ),
  ]);
  // Published names change on the public pages (erasure is an office action, in the server's process).
  const slugs = [...new Set(data.comments.map((c) => c.consultation.slug))];
  for (const slug of slugs) deps.consultationChanged?.(slug);
  return { ok: true, ...figures, slugs };
}
