// One pipeline behind every door (SMTP, IMAP, files, upload): a message is first stored raw, in
// one durable batch, before anyone tells the sender or the mailbox that we have it; then it is
// read and understood, and everything that follows from it (comments, attachments, the unit's
// response, the acknowledgement) is written in a second batch. A crash between the two leaves the
// message in state 'received', and the next start processes it. Platform-free: no Node APIs.
import { CompiledQuery, sql } from 'kysely';
import { insertCommentQueries, isTrackingCollision } from '../comments/store.ts';
import type { AppDatabase } from '../db/database.ts';
import { parseJson } from '../db/database.ts';
import type { Block, CommentStatus, InboundDoor, InboundMessage, InboundOutcome, InboundState, UnitResponse } from '../db/schema.ts';
import { blockCaption } from '../drafts/reference.ts';
import { consultationWindow } from '../drafts/window.ts';
import { translator } from '../lib/i18n.ts';
import { type Clock, formatDateTime, type Locale } from '../lib/time.ts';
import { newTrackingNumber } from '../lib/tracking.ts';
import { generalAddress, intakeAddress } from './addresses.ts';
import { queueMailQuery } from './outbox.ts';
import { readMessage } from './read.ts';
import type { IntakeConsultation, IntakeContext, IntakeUnit, ReadMessage, Understanding } from './types.ts';
import { summarizeUnderstanding, understandMessage } from './understand.ts';

/** What the pipeline needs from the platform. */
export interface MailDeps {
  db: AppDatabase;
  clock: Clock;
  /** MAIL_DOMAIN: intake addresses are <intake_local or slug>@mailDomain. */
  mailDomain: string;
  /** For the tracking link in acknowledgements. */
  publicBaseUrl: string;
  /** Drops this process's caches of a consultation whose public page just changed. */
  consultationChanged?(slug: string): void;
}

// ---------------------------------------------------------------------------------------------
// Headers, read cheaply from the raw bytes (no MIME parsing before the message is stored).

const MAX_HEADER_BYTES = 256 * 1024;

/** The header section as text (bytes as Latin-1: header names and Message-IDs are ASCII), unfolded. */
export function rawHeaderText(raw: Uint8Array): string {
  const limit = Math.min(raw.length, MAX_HEADER_BYTES);
  let end = limit;
  for (let i = 0; i < limit - 1; i++) {
    // A blank line ends the headers: \n\n or \n\r\n.
    if (raw[i] === 0x0a && (raw[i + 1] === 0x0a || (raw[i + 1] === 0x0d && raw[i + 2] === 0x0a))) {
      end = i;
      break;
    }
  }
  return latin1(raw.subarray(0, end)).replace(/\r?\n[ \t]+/g, ' ');
}

// One character per byte, by hand: not every runtime's TextDecoder knows Latin-1.
function latin1(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return text;
}

/** Every value of one header, in order. */
export function headerValues(headerText: string, name: string): string[] {
  const pattern = new RegExp(`^${name.replace(/[-]/g, '\\-')}[ \\t]*:[ \\t]*(.*)$`, 'gim');
  return [...headerText.matchAll(pattern)].map((m) => m[1]!.trim());
}

/** The Message-ID as `<local@domain>`, or null when there is none worth trusting. */
export function scanMessageId(raw: Uint8Array): string | null {
  const value = headerValues(rawHeaderText(raw), 'message-id')[0];
  if (!value) return null;
  const bracketed = /<([^<>\s]+)>/.exec(value);
  const id = bracketed ? bracketed[1]! : value.replace(/\s+/g, '');
  if (!id || id.length > 900) return null;
  return `<${id}>`;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

// ---------------------------------------------------------------------------------------------
// Accepting: the raw message, durable, once.

export interface InboundInput {
  door: InboundDoor;
  raw: Uint8Array;
  /** SMTP MAIL FROM ('' for a bounce); null when the door has no envelope. */
  envelopeFrom?: string | null;
  /** SMTP RCPT TO addresses. */
  envelopeTo?: string[];
  imap?: { mailbox: string; uidValidity: number; uid: number };
}

export interface Accepted {
  id: number;
  /** True when this message was already stored (same Message-ID, IMAP UID or, lacking an ID, same bytes). */
  duplicate: boolean;
}

const INSERT_INBOUND = `INSERT INTO inbound_messages (door, message_id, raw_sha256, raw, size, envelope_from, envelope_to,
  imap_mailbox, imap_uid_validity, imap_uid, received_at, created_at)
  SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
  WHERE NOT EXISTS (SELECT 1 FROM inbound_messages WHERE ? IS NULL AND message_id IS NULL AND raw_sha256 = ?)
  ON CONFLICT DO NOTHING`;

/**
 * Stores the raw message in one durable batch and resolves only then: a door acknowledges (SMTP
 * 250, IMAP \Seen) after this resolves, never before. Storing the same message again is a no-op
 * reported as a duplicate. The unique indexes (Message-ID; mailbox + UIDVALIDITY + UID) make that
 * atomic; a message without a Message-ID is recognised by its SHA-256.
 */
export async function acceptInbound(deps: Pick<MailDeps, 'db' | 'clock'>, input: InboundInput): Promise<Accepted> {
  const messageId = scanMessageId(input.raw);
  const sha = await sha256Hex(input.raw);
  const now = deps.clock().toISOString();
  // better-sqlite3 binds a Buffer or Uint8Array as a BLOB; a view on a larger buffer is copied so
  // that exactly the message's bytes travel to the writer thread.
  const raw = input.raw.byteOffset === 0 && input.raw.byteLength === input.raw.buffer.byteLength ? input.raw : input.raw.slice();
  const [result] = await deps.db.batch([
    CompiledQuery.raw(INSERT_INBOUND, [
      input.door,
      messageId,
      sha,
      raw,
      raw.byteLength,
      input.envelopeFrom ?? null,
      JSON.stringify(input.envelopeTo ?? []),
      input.imap?.mailbox ?? null,
      input.imap?.uidValidity ?? null,
      input.imap?.uid ?? null,
      now,
      now,
      messageId,
      sha,
    ]),
  ]);
  if (result && result.changes > 0 && result.lastInsertRowid !== null) return { id: result.lastInsertRowid, duplicate: false };
  const existing = await findStoredCopy(deps.db, messageId, sha, input.imap);
  if (!existing) throw new Error('message neither stored nor found');
  return { id: existing, duplicate: true };
}

async function findStoredCopy(db: AppDatabase, messageId: string | null, sha: string, imap: InboundInput['imap']): Promise<number | null> {
  if (imap) {
    const byUid = await db.kysely
      .selectFrom('inbound_messages')
      .select('id')
      .where('imap_mailbox', '=', imap.mailbox)
      .where('imap_uid_validity', '=', imap.uidValidity)
      .where('imap_uid', '=', imap.uid)
      .executeTakeFirst();
    if (byUid) return byUid.id;
  }
  if (messageId) {
    const byId = await db.kysely.selectFrom('inbound_messages').select('id').where('message_id', '=', messageId).executeTakeFirst();
    if (byId) return byId.id;
  }
  const bySha = await db.kysely.selectFrom('inbound_messages').select('id').where('raw_sha256', '=', sha).orderBy('id').executeTakeFirst();
  return bySha?.id ?? null;
}

// ---------------------------------------------------------------------------------------------
// What the pipeline knows about consultations and units, from the database.

export interface IntakeDirectory {
  consultations: IntakeConsultation[];
  units: IntakeUnit[];
  /** Lower-cased address → consultation ids that receive mail there. */
  addressIndex: Map<string, number[]>;
  slugs: Map<number, string>;
  titles: Map<number, string>;
  moderation: Map<number, 'pre' | 'post'>;
  blocks: Map<number, Block>;
}

// One cheap query decides whether the directory must be reloaded: it changes whenever a
// consultation is published, edited (version), re-timed or re-addressed, or units, addresses or
// rosters change.
const DIRECTORY_STAMP = sql<{ stamp: string | null }>`SELECT
  (SELECT group_concat(id || ':' || version || ':' || state || ':' || ifnull(closes_at, '') || ':' || ifnull(closed_early_at, '') || ':'
     || ifnull(opens_at, '') || ':' || ifnull(intake_local, '') || ':' || ifnull(contact_email, ''), ',') FROM consultations)
  || '|' || (SELECT count(*) || ':' || ifnull(max(id), 0) FROM units)
  || '|' || (SELECT count(*) || ':' || ifnull(max(id), 0) || ':' || ifnull(sum(unit_id), 0) FROM unit_addresses)
  || '|' || (SELECT count(*) || ':' || ifnull(max(id), 0) FROM roster_entries) AS stamp`;

const directoryCache = new WeakMap<AppDatabase, { stamp: string; domain: string; directory: IntakeDirectory }>();

export async function loadIntakeDirectory(db: AppDatabase, mailDomain: string): Promise<IntakeDirectory> {
  const stamp = (await DIRECTORY_STAMP.execute(db.kysely)).rows[0]?.stamp ?? '';
  const cached = directoryCache.get(db);
  if (cached && cached.stamp === stamp && cached.domain === mailDomain) return cached.directory;

  const [consultations, blocks, units, addresses, roster] = await Promise.all([
    db.kysely.selectFrom('consultations').select(['id', 'slug', 'title', 'intake_local', 'contact_email', 'moderation', 'state', 'opens_at', 'closes_at', 'closed_early_at']).where('state', '=', 'published').orderBy('id').execute(),
    db.kysely.selectFrom('blocks').innerJoin('consultations', 'consultations.id', 'blocks.consultation_id').selectAll('blocks').where('consultations.state', '=', 'published').orderBy('blocks.position').execute(),
    db.kysely.selectFrom('units').select(['id', 'name']).orderBy('id').execute(),
    db.kysely.selectFrom('unit_addresses').select(['unit_id', 'email']).execute(),
    db.kysely.selectFrom('roster_entries').select(['consultation_id', 'unit_id']).execute(),
  ]);
  const directory: IntakeDirectory = {
    consultations: [],
    units: units.map((u) => ({ id: u.id, name: u.name, addresses: addresses.filter((a) => a.unit_id === u.id).map((a) => a.email.toLowerCase()) })),
    addressIndex: new Map(),
    slugs: new Map(),
    titles: new Map(),
    moderation: new Map(),
    blocks: new Map(blocks.map((b) => [b.id, b])),
  };
  const blocksByConsultation = new Map<number, Block[]>();
  for (const b of blocks) {
    const list = blocksByConsultation.get(b.consultation_id) ?? [];
    list.push(b);
    blocksByConsultation.set(b.consultation_id, list);
  }
  for (const c of consultations) {
    const window = consultationWindow(c);
    const addressList = [intakeAddress(c, mailDomain), ...(c.contact_email ? [c.contact_email.trim().toLowerCase()] : [])];
    for (const address of addressList) directory.addressIndex.set(address, [...(directory.addressIndex.get(address) ?? []), c.id]);
    directory.slugs.set(c.id, c.slug);
    directory.titles.set(c.id, c.title);
    directory.moderation.set(c.id, c.moderation);
    directory.consultations.push({
      id: c.id,
      slug: c.slug,
      title: c.title,
      addresses: addressList,
      opensAt: window.opensAt,
      closesAt: window.closedEarlyAt && window.closesAt && window.closedEarlyAt < window.closesAt ? window.closedEarlyAt : window.closesAt,
      blocks: (blocksByConsultation.get(c.id) ?? []).map((b) => ({
        id: b.id,
        kind: b.kind,
        label: b.label,
        number: b.number,
        title: b.title,
        text: b.text,
        key: b.key,
        parentId: b.parent_id,
      })),
      rosterUnitIds: roster.filter((r) => r.consultation_id === c.id).map((r) => r.unit_id),
    });
  }
  directoryCache.set(db, { stamp, domain: mailDomain, directory });
  return directory;
}

/** Whether our SMTP listener takes mail for this address: a consultation's, or the general one. */
export async function isIntakeAddress(db: AppDatabase, mailDomain: string, address: string): Promise<boolean> {
  const normalised = address.trim().toLowerCase();
  if (normalised === generalAddress(mailDomain)) return true;
  const directory = await loadIntakeDirectory(db, mailDomain);
  return directory.addressIndex.has(normalised);
}

// ---------------------------------------------------------------------------------------------
// Understanding a raw message (also used by `mail:import --dry-run`, which stores nothing).

export interface UnderstandInput {
  raw: Uint8Array;
  door: InboundDoor;
  envelopeTo: string[];
  receivedAt: Date;
  forcedConsultationId?: number | null;
  /** An officer said the message is not spam. */
  notSpam?: boolean;
}

export interface Understood {
  /** The raw header section, unfolded (see rawHeaderText). */
  headers: string;
  message: ReadMessage;
  context: IntakeContext;
  understanding: Understanding;
  directory: IntakeDirectory;
}

export async function understandRaw(deps: Pick<MailDeps, 'db' | 'mailDomain'>, input: UnderstandInput): Promise<Understood> {
  const directory = await loadIntakeDirectory(deps.db, deps.mailDomain);
  const message = await readMessage(input.raw);
  const headers = rawHeaderText(input.raw);
  // Without an envelope (IMAP, files) the headers say where the message went.
  const recipients = input.envelopeTo.length ? input.envelopeTo : [...headerValues(headers, 'delivered-to'), ...message.to, ...message.cc];
  const context: IntakeContext = {
    recipients: recipients.map((r) => r.trim().toLowerCase()),
    receivedAt: input.receivedAt,
    timing: input.door === 'smtp' ? 'live' : 'imported',
    forcedConsultationId: input.forcedConsultationId ?? null,
    notSpam: input.notSpam === true,
    consultations: directory.consultations,
    units: directory.units,
  };
  return { headers, message, context, understanding: understandMessage(message, context), directory };
}

// ---------------------------------------------------------------------------------------------
// Processing: everything that follows from a stored message, in one batch.

export interface ProcessResult {
  id: number;
  state: InboundState;
  outcome: InboundOutcome | null;
  reason: string | null;
  consultationId: number | null;
  trackingNumbers: string[];
  /** Null when processing failed before the message could be read. */
  understood: Understood | null;
}

/** Thrown by the claim statement when another run processed the message first. */
const CLAIM_LOST = /CHECK constraint failed/;

/**
 * The batch's first statement: it changes nothing while the message is still in the state this
 * run read, and otherwise writes an invalid state so that SQLite aborts the whole batch. Two runs
 * on the same message (a start-up recovery racing an import, a double click on "assign") thus
 * cannot both write comments.
 */
function claimQuery(id: number, state: InboundState, outcome: InboundOutcome | null): CompiledQuery {
  return CompiledQuery.raw(
    `UPDATE inbound_messages SET state = CASE WHEN state = ? AND outcome IS ? THEN state ELSE 'claimed-by-another-run' END WHERE id = ?`,
    [state, outcome, id],
  );
}

// Written out once: the statement never changes shape, and building it per message is measurable.
const FILE_INBOUND = `UPDATE inbound_messages SET state = ?, outcome = ?, reason = ?, consultation_id = ?, unit_id = ?,
  from_address = ?, from_name = ?, subject = ?, late = ?, sent_at = ?, locale = ?, understood_json = ?, processed_at = ?,
  not_spam_at = coalesce(not_spam_at, ?)
  WHERE id = ?`;

const UPDATE_COMMENT_ORIGIN = 'UPDATE comments SET unit_id = ?, inbound_message_id = ? WHERE tracking_number = ?';

const INSERT_ATTACHMENT = `INSERT INTO inbound_attachments (inbound_message_id, position, filename, content_type, size, content, disposition, text)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;

// A unit that once sent comments stays "responded with comments" when it later writes 无意见.
const UPDATE_ROSTER = `UPDATE roster_entries SET
  response = CASE WHEN response = 'comments' THEN 'comments' ELSE ? END,
  responded_at = coalesce(responded_at, ?)
  WHERE consultation_id = ? AND unit_id = ?`;

/** Mail we must not answer automatically (RFC 3834): bounces, auto-replies, lists, ourselves. */
function mustNotAutoReply(headers: string, row: InboundMessage, from: string, mailDomain: string): boolean {
  if (row.envelope_from === '') return true;
  if (headerValues(headers, 'auto-submitted').some((v) => !/^no\b/i.test(v))) return true;
  if (headerValues(headers, 'precedence').some((v) => /bulk|junk|list|auto_reply/i.test(v))) return true;
  if (headerValues(headers, 'list-id').length || headerValues(headers, 'x-autoreply').length || headerValues(headers, 'x-autorespond').length) return true;
  const [local = '', domain = ''] = from.split('@');
  if (domain === mailDomain) return true;
  return /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply)$/i.test(local);
}

interface StoredComment {
  trackingNumber: string;
  blockId: number | null;
}

function acknowledgement(
  deps: MailDeps,
  row: InboundMessage,
  understood: Understood,
  comments: StoredComment[],
): { subject: string; text: string; headers: Record<string, string> } {
  const { message, understanding, context, directory } = understood;
  const locale: Locale = message.locale;
  const t = translator(locale);
  const title = understanding.consultationId !== null ? (directory.titles.get(understanding.consultationId) ?? '') : '';
  const received = formatDateTime(row.received_at, locale);
  const lines: string[] = [t('mail.ack.greeting', { name: message.from?.name ?? '' }), ''];
  const subject =
    understanding.outcome === 'no-comments'
      ? t('mail.ack.subject.noComments', { title })
      : title && understanding.outcome !== 'unassigned'
        ? t('mail.ack.subject', { title })
        : t('mail.ack.subject.received');
  lines.push(t('mail.ack.received', { received }), `${summarizeUnderstanding(understanding, context, locale)}${locale === 'en' ? '.' : '。'}`);
  if (understanding.outcome === 'unassigned') lines.push(t('mail.ack.unassignedNext'));
  if (comments.length) {
    lines.push('', t('mail.ack.numbers'));
    for (const comment of comments) {
      const block = comment.blockId === null ? undefined : directory.blocks.get(comment.blockId);
      const parent = block?.parent_id ? directory.blocks.get(block.parent_id) : undefined;
      lines.push(t('mail.ack.numberLine', { number: comment.trackingNumber, target: block ? blockCaption(block, locale, parent) : t('mail.ack.general') }));
    }
    lines.push('', t('mail.ack.track', { url: `${deps.publicBaseUrl}/track` }));
  }
  const kept = message.attachments.filter((a) => a.disposition === 'kept').length;
  if (kept) lines.push('', t('mail.ack.attachments', { count: kept }));
  lines.push('', '—', t('mail.ack.footer', { title }));
  const headers: Record<string, string> = { 'Auto-Submitted': 'auto-replied' };
  if (row.message_id) {
    headers['In-Reply-To'] = row.message_id;
    headers['References'] = row.message_id;
  }
  return { subject, text: lines.join('\n'), headers };
}

async function findInbound(db: AppDatabase, id: number): Promise<InboundMessage | undefined> {
  return db.kysely.selectFrom('inbound_messages').selectAll().where('id', '=', id).executeTakeFirst();
}

function resultOf(row: InboundMessage, understood: Understood | null, trackingNumbers: string[] = []): ProcessResult {
  return { id: row.id, state: row.state, outcome: row.outcome, reason: row.reason, consultationId: row.consultation_id, trackingNumbers, understood };
}

export interface ProcessOptions {
  /** An officer's choice (or `mail:import --consultation`): wins over what the message says. */
  forcedConsultationId?: number | null;
  /**
   * Process again a message already processed as unassigned or needing attention (one that has no
   * comments): used when an officer assigns it. Without this, only messages in state 'received'
   * are processed and any other is returned as it is.
   */
  reprocess?: boolean;
  /**
   * An officer says this message, set aside as spam, is not: it is read again without the spam
   * check (also on any later reading), and filed like any other. Implies reprocess.
   */
  notSpam?: boolean;
  /**
   * Statements written in the same batch as the message's filing (an officer's audit entry), so
   * the record and the change it records are one.
   */
  alsoWrite?: CompiledQuery[];
}

/**
 * Reads, understands and files a stored message. Never throws for a problem with the message:
 * that ends in state 'needs_attention' with the reason, and the raw message stays.
 */
export async function processInbound(deps: MailDeps, id: number, options: ProcessOptions = {}): Promise<ProcessResult> {
  const row = await findInbound(deps.db, id);
  if (!row) throw new Error(`inbound message ${id} does not exist`);
  const reprocessable =
    row.state === 'needs_attention' || (row.state === 'processed' && (row.outcome === 'unassigned' || (options.notSpam === true && row.outcome === 'spam')));
  const reprocess = options.reprocess === true || options.notSpam === true;
  if (row.state !== 'received' && !(reprocess && reprocessable)) return resultOf(row, null);
  if (reprocess && row.state !== 'received') {
    const existing = await deps.db.kysely.selectFrom('comments').select('id').where('inbound_message_id', '=', id).executeTakeFirst();
    if (existing) return resultOf(row, null);
  }

  const now = deps.clock();
  let understood: Understood | null = null;
  try {
    understood = await understandRaw(deps, {
      raw: row.raw,
      door: row.door,
      envelopeTo: parseJson<string[]>(row.envelope_to, []),
      receivedAt: new Date(row.received_at),
      forcedConsultationId: options.forcedConsultationId ?? null,
      notSpam: options.notSpam === true || row.not_spam_at !== null,
    });
    for (let attempt = 0; ; attempt++) {
      try {
        return await fileUnderstood(deps, row, understood, now, options);
      } catch (error) {
        if (!isTrackingCollision(error) || attempt >= 4) throw error;
      }
    }
  } catch (error) {
    if (error instanceof Error && CLAIM_LOST.test(error.message)) {
      const current = await findInbound(deps.db, id);
      return resultOf(current ?? row, understood);
    }
    const reason = translator('zh-CN')('mail.reason.failed', { error: error instanceof Error ? error.message : String(error) });
    try {
      await deps.db.batch([
        claimQuery(id, row.state, row.outcome),
        deps.db.kysely
          .updateTable('inbound_messages')
          .set({
            state: 'needs_attention',
            outcome: 'needs-attention',
            reason,
            processed_at: now.toISOString(),
            ...(options.notSpam ? { not_spam_at: now.toISOString() } : {}),
          })
          .where('id', '=', id)
          .compile(),
        ...(options.alsoWrite ?? []),
      ]);
    } catch (markError) {
      if (!(markError instanceof Error && CLAIM_LOST.test(markError.message))) throw markError;
    }
    return resultOf((await findInbound(deps.db, id)) ?? row, understood);
  }
}

async function fileUnderstood(deps: MailDeps, row: InboundMessage, understood: Understood, now: Date, options: ProcessOptions = {}): Promise<ProcessResult> {
  const { message, understanding: u, directory } = understood;
  const { db } = deps;
  const iso = now.toISOString();
  const consultationId = u.consultationId;
  const queries: CompiledQuery[] = [claimQuery(row.id, row.state, row.outcome)];

  // Spam is set aside whole: the raw message stays for an officer, nothing is counted.
  const comments: StoredComment[] = [];
  let changedPublicPage = false;
  if (u.outcome !== 'spam' && consultationId !== null) {
    const moderation = directory.moderation.get(consultationId) ?? 'pre';
    const status: Exclude<CommentStatus, 'hidden'> = moderation === 'post' ? 'published' : 'pending';
    for (const comment of u.comments) {
      const trackingNumber = newTrackingNumber();
      queries.push(
        ...insertCommentQueries(
          {
            consultationId,
            blockId: comment.blockId,
            channel: 'email',
            body: comment.text,
            authorName: message.from?.name ?? null,
            organization: u.unitName,
            contactEmail: message.from?.address ?? null,
            contactPhone: null,
            status,
            statusReason: null,
            late: u.late,
            locale: message.locale,
            clientKey: null,
            receivedAt: new Date(row.received_at),
            now,
          },
          trackingNumber,
        ),
        CompiledQuery.raw(UPDATE_COMMENT_ORIGIN, [u.unitId, row.id, trackingNumber]),
      );
      comments.push({ trackingNumber, blockId: comment.blockId });
      if (status === 'published') changedPublicPage = true;
    }
  }

  // Attachments are stored again only if an earlier run has not (reprocessing after assignment).
  const hasAttachments = row.state !== 'received' && (await db.kysely.selectFrom('inbound_attachments').select('id').where('inbound_message_id', '=', row.id).executeTakeFirst());
  if (!hasAttachments) {
    message.attachments.forEach((a, position) => {
      queries.push(CompiledQuery.raw(INSERT_ATTACHMENT, [row.id, position, a.filename, a.contentType, a.content.byteLength, a.content, a.disposition, a.text]));
    });
  }

  if (u.unitId !== null && consultationId !== null && (u.outcome === 'comments' || u.outcome === 'no-comments')) {
    const response: UnitResponse = u.outcome === 'comments' ? 'comments' : 'no_comments';
    queries.push(CompiledQuery.raw(UPDATE_ROSTER, [response, u.sentAt.toISOString(), consultationId, u.unitId]));
  }

  const from = message.from?.address ?? null;
  if (u.outcome !== 'spam' && from && !mustNotAutoReply(understood.headers, row, from, deps.mailDomain)) {
    const ack = acknowledgement(deps, row, understood, comments);
    // A message an officer filed after it was acknowledged as unassigned gets a second one, now
    // with its tracking numbers; processing the same message again never sends a third.
    const dedupeKey = row.state === 'received' ? `ack:${row.id}` : `ack:${row.id}:${consultationId ?? 'none'}`;
    queries.push(
      queueMailQuery(db.kysely, { kind: 'acknowledgement', dedupeKey, consultationId, to: from, subject: ack.subject, text: ack.text, headers: ack.headers }, now),
    );
  }

  const state: InboundState = u.outcome === 'needs-attention' ? 'needs_attention' : 'processed';
  const summary = {
    ...u,
    sentAt: u.sentAt.toISOString(),
    trackingNumbers: comments.map((c) => c.trackingNumber),
    message: {
      messageId: message.messageId,
      subject: message.subject,
      date: message.date?.toISOString() ?? null,
      quotedRemoved: message.quotedRemoved,
      warnings: message.warnings,
      attachments: message.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.content.byteLength, disposition: a.disposition })),
    },
  };
  queries.push(
    CompiledQuery.raw(FILE_INBOUND, [
      state,
      u.outcome,
      u.reason,
      consultationId,
      u.unitId,
      from,
      message.from?.name ?? null,
      message.subject,
      u.late ? 1 : 0,
      u.sentAt.toISOString(),
      message.locale,
      JSON.stringify(summary),
      iso,
      // An officer's "not spam" is kept for every later reading.
      options.notSpam ? iso : null,
      row.id,
    ]),
    ...(options.alsoWrite ?? []),
  );

  await db.batch(queries);
  if (changedPublicPage && consultationId !== null) {
    const slug = directory.slugs.get(consultationId);
    if (slug) deps.consultationChanged?.(slug);
  }
  return {
    id: row.id,
    state,
    outcome: u.outcome,
    reason: u.reason,
    consultationId,
    trackingNumbers: comments.map((c) => c.trackingNumber),
    understood,
  };
}

/** Messages stored but never processed: the process stopped between the two batches. */
export async function listUnprocessedIds(db: AppDatabase): Promise<number[]> {
  const rows = await db.kysely.selectFrom('inbound_messages').select('id').where('state', '=', 'received').orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** Processes every message left in state 'received'; run at start-up. Returns how many. */
export async function processPendingInbound(deps: MailDeps): Promise<number> {
  const ids = await listUnprocessedIds(deps.db);
  for (const id of ids) await processInbound(deps, id);
  return ids.length;
}

// ---------------------------------------------------------------------------------------------
// For the officers' workspace: the messages a person must look at.

export interface InboundListItem {
  id: number;
  door: InboundDoor;
  receivedAt: string;
  fromAddress: string | null;
  fromName: string | null;
  subject: string | null;
  state: InboundState;
  outcome: InboundOutcome | null;
  reason: string | null;
  consultationId: number | null;
  unitId: number | null;
  late: boolean;
  size: number;
  attachmentCount: number;
}

function listQuery(db: AppDatabase) {
  return db.kysely
    .selectFrom('inbound_messages as m')
    .select((eb) => [
      'm.id',
      'm.door',
      'm.received_at',
      'm.from_address',
      'm.from_name',
      'm.subject',
      'm.state',
      'm.outcome',
      'm.reason',
      'm.consultation_id',
      'm.unit_id',
      'm.late',
      'm.size',
      eb.selectFrom('inbound_attachments as a').select((e) => e.fn.countAll<number>().as('n')).whereRef('a.inbound_message_id', '=', 'm.id').as('attachment_count'),
    ]);
}

type ListRow = Awaited<ReturnType<ReturnType<typeof listQuery>['execute']>>[number];

function toListItem(row: ListRow): InboundListItem {
  return {
    id: row.id,
    door: row.door,
    receivedAt: row.received_at,
    fromAddress: row.from_address,
    fromName: row.from_name,
    subject: row.subject,
    state: row.state,
    outcome: row.outcome,
    reason: row.reason,
    consultationId: row.consultation_id,
    unitId: row.unit_id,
    late: row.late === 1,
    size: row.size,
    attachmentCount: Number(row.attachment_count ?? 0),
  };
}

/**
 * Messages that could not be filed automatically: processing failed, or the message was read but
 * no comment could be made of it. Newest first. (A message still in 'received' for more than a
 * moment is listed too: its processing has not run.)
 */
export async function listInboundNeedingAttention(db: AppDatabase, options: { limit?: number; offset?: number } = {}): Promise<InboundListItem[]> {
  const rows = await listQuery(db)
    .where('m.state', 'in', ['needs_attention', 'received'])
    .orderBy('m.received_at', 'desc')
    .orderBy('m.id', 'desc')
    .limit(options.limit ?? 100)
    .offset(options.offset ?? 0)
    .execute();
  return rows.map(toListItem);
}

/** Messages read fine but matched to no consultation, for an officer to assign. Newest first. */
export async function listUnassignedInbound(db: AppDatabase, options: { limit?: number; offset?: number } = {}): Promise<InboundListItem[]> {
  const rows = await listQuery(db)
    .where('m.state', '=', 'processed')
    .where('m.outcome', '=', 'unassigned')
    .orderBy('m.received_at', 'desc')
    .orderBy('m.id', 'desc')
    .limit(options.limit ?? 100)
    .offset(options.offset ?? 0)
    .execute();
  return rows.map(toListItem);
}

/** Spam and irrelevant mail set aside, so an officer can check nothing real was caught. */
export async function listSpamInbound(db: AppDatabase, options: { limit?: number; offset?: number } = {}): Promise<InboundListItem[]> {
  const rows = await listQuery(db)
    .where('m.outcome', '=', 'spam')
    .orderBy('m.received_at', 'desc')
    .orderBy('m.id', 'desc')
    .limit(options.limit ?? 100)
    .offset(options.offset ?? 0)
    .execute();
  return rows.map(toListItem);
}

/** One message with what was understood of it and its attachments (without their bytes). */
export async function findInboundDetail(db: AppDatabase, id: number) {
  const row = await db.kysely
    .selectFrom('inbound_messages')
    .select(['id', 'door', 'message_id', 'received_at', 'sent_at', 'from_address', 'from_name', 'subject', 'state', 'outcome', 'reason', 'consultation_id', 'unit_id', 'late', 'locale', 'size', 'understood_json', 'envelope_to', 'not_spam_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const attachments = await db.kysely
    .selectFrom('inbound_attachments')
    .select(['id', 'position', 'filename', 'content_type', 'size', 'disposition', 'text'])
    .where('inbound_message_id', '=', id)
    .orderBy('position')
    .execute();
  const comments = await db.kysely
    .selectFrom('comments')
    .select(['id', 'tracking_number', 'block_id', 'body', 'status', 'late'])
    .where('inbound_message_id', '=', id)
    .orderBy('id')
    .execute();
  return { ...row, understood: parseJson<Record<string, unknown>>(row.understood_json, {}), attachments, comments };
}

/** The raw message, for an officer to download as .eml. */
export async function findInboundRaw(db: AppDatabase, id: number): Promise<Uint8Array | undefined> {
  const row = await db.kysely.selectFrom('inbound_messages').select('raw').where('id', '=', id).executeTakeFirst();
  return row?.raw;
}

export type AssignOutcome = { ok: true; result: ProcessResult } | { ok: false; reason: 'not_found' | 'not_assignable' | 'unknown_consultation' };

/**
 * An officer files an unassigned (or needs-attention) message under a consultation: it is read
 * again with that consultation forced, and its comments, roster response and acknowledgement
 * follow as for any message. Refused for a message that already produced comments.
 */
export async function assignInbound(deps: MailDeps, id: number, consultationId: number, options: Pick<ProcessOptions, 'alsoWrite'> = {}): Promise<AssignOutcome> {
  const row = await deps.db.kysely.selectFrom('inbound_messages').select(['id', 'state', 'outcome']).where('id', '=', id).executeTakeFirst();
  if (!row) return { ok: false, reason: 'not_found' };
  const directory = await loadIntakeDirectory(deps.db, deps.mailDomain);
  if (!directory.consultations.some((c) => c.id === consultationId)) return { ok: false, reason: 'unknown_consultation' };
  const assignable = row.state === 'needs_attention' || (row.state === 'processed' && row.outcome === 'unassigned');
  if (!assignable) return { ok: false, reason: 'not_assignable' };
  const result = await processInbound(deps, id, { forcedConsultationId: consultationId, reprocess: true, alsoWrite: options.alsoWrite });
  if (result.consultationId !== consultationId && result.state === 'processed') return { ok: false, reason: 'not_assignable' };
  return { ok: true, result };
}

export type NotSpamOutcome = { ok: true; result: ProcessResult } | { ok: false; reason: 'not_found' | 'not_spam' };

/**
 * An officer says a message set aside as spam is not spam: it is read again without the spam
 * check and filed as any other message (comments, roster response, acknowledgement). The
 * officer's word stays on the message for any later reading.
 */
export async function markInboundNotSpam(deps: MailDeps, id: number, options: Pick<ProcessOptions, 'alsoWrite'> = {}): Promise<NotSpamOutcome> {
  const row = await deps.db.kysely.selectFrom('inbound_messages').select(['id', 'state', 'outcome']).where('id', '=', id).executeTakeFirst();
  if (!row) return { ok: false, reason: 'not_found' };
  if (row.state !== 'processed' || row.outcome !== 'spam') return { ok: false, reason: 'not_spam' };
  const result = await processInbound(deps, id, { notSpam: true, alsoWrite: options.alsoWrite });
  // Another run got there first (a double click): the message is no longer spam either way.
  if (result.outcome === 'spam') return { ok: false, reason: 'not_spam' };
  return { ok: true, result };
}

// ---------------------------------------------------------------------------------------------
// Processing after the door has answered: the SMTP 250 never waits for parsing.

export interface InboundQueue {
  /** Processes the message soon; safe to call twice for the same id. */
  enqueue(id: number): void;
  /** Resolves once every message enqueued so far has been processed. */
  idle(): Promise<void>;
  /** How many messages are waiting or being processed. */
  readonly size: number;
}

/**
 * A few messages at a time: enough for their batches to share the writer's group commits, few
 * enough that reading large messages does not starve the web requests on the same event loop.
 * A failure is recorded on the message by processInbound; one that escapes (the database itself
 * failing) is logged and the message stays 'received' for the next start.
 */
export function createInboundQueue(deps: MailDeps, options: { concurrency?: number; log?: (line: string) => void } = {}): InboundQueue {
  const concurrency = options.concurrency ?? 8;
  const waiting: number[] = [];
  const queued = new Set<number>();
  let running = 0;
  let waiters: (() => void)[] = [];
  const settle = () => {
    if (running === 0 && waiting.length === 0) {
      const done = waiters;
      waiters = [];
      for (const resolve of done) resolve();
    }
  };
  const pump = () => {
    while (running < concurrency && waiting.length) {
      const id = waiting.shift()!;
      running++;
      processInbound(deps, id)
        .catch((error: unknown) => options.log?.(`邮件 ${id} 处理失败 / processing message ${id} failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          running--;
          queued.delete(id);
          pump();
          settle();
        });
    }
  };
  return {
    enqueue(id) {
      if (queued.has(id)) return;
      queued.add(id);
      waiting.push(id);
      pump();
    },
    idle() {
      if (running === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    get size() {
      return queued.size;
    },
  };
}
