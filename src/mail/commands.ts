// What an officer does on the mail pages, as commands: file a message under a consultation, say a
// message is not spam, send failed outgoing mail again, upload .eml files saved from a mail
// client. Each answers `{ ok: true, … }` or `{ ok: false, code }`; the officer's audit entry is
// written in the same batch as the change it records (and not at all when nothing changes).
import type { CompiledQuery } from 'kysely';
import { type AuditInput, auditQuery } from '../auth/audit.ts';
import { retryFailedMail } from './delivery.ts';
import { cleanFilename } from '../http/download.ts';
import type { MailDeps } from './inbound/deps.ts';
import { findFilingConsultation } from './inbound/directory.ts';
import { processInbound, type ProcessResult } from './inbound/process.ts';
import { acceptInbound } from './inbound/store.ts';

/** Who acts, for the audit log. Without it (tests, scripts) nothing is logged. */
export interface OfficerAction {
  officerId: number;
  ip: string | null;
}

function audited(
  deps: Pick<MailDeps, 'db' | 'clock'>,
  by: OfficerAction | undefined,
  entry: Omit<AuditInput, 'officerId' | 'ip'>,
  now = deps.clock(),
): CompiledQuery[] {
  return by ? [auditQuery(deps.db.kysely, { ...entry, officerId: by.officerId, ip: by.ip }, now)] : [];
}

export interface FilingConsultation {
  id: number;
  slug: string;
  title: string;
}

export type AssignOutcome =
  | { ok: true; result: ProcessResult; consultation: FilingConsultation }
  | { ok: false; code: 'not_found' | 'not_assignable' | 'unknown_consultation' };

/**
 * An officer files an unassigned (or needs-attention) message under a published consultation: it
 * is read again with that consultation forced, and its comments, roster response and
 * acknowledgement follow as for any message. Refused for a message that already produced comments.
 */
export async function assignInbound(deps: MailDeps, input: { id: number; consultationId: number; by?: OfficerAction }): Promise<AssignOutcome> {
  const consultation = await findFilingConsultation(deps.db, deps.mailDomain, input.consultationId);
  if (!consultation) return { ok: false, code: 'unknown_consultation' };
  const row = await deps.db.kysely.selectFrom('inbound_messages').select(['id', 'state', 'outcome']).where('id', '=', input.id).executeTakeFirst();
  if (!row) return { ok: false, code: 'not_found' };
  const assignable = row.state === 'needs_attention' || (row.state === 'processed' && row.outcome === 'unassigned');
  if (!assignable) return { ok: false, code: 'not_assignable' };
  const alsoWrite = audited(deps, input.by, {
    action: 'assign-mail',
    consultationId: consultation.id,
    targetType: 'inbound_message',
    targetId: input.id,
    detail: { consultation: consultation.slug },
  });
  const result = await processInbound(deps, input.id, { forcedConsultationId: consultation.id, reprocess: true, alsoWrite });
  // Another run got there first (a double click) and filed it elsewhere.
  if (result.consultationId !== consultation.id && result.state === 'processed') return { ok: false, code: 'not_assignable' };
  return { ok: true, result, consultation };
}

export type NotSpamOutcome = { ok: true; result: ProcessResult } | { ok: false; code: 'not_found' | 'not_spam' };

/**
 * An officer says a message set aside as spam is not spam: it is read again without the spam
 * check and filed as any other message (comments, roster response, acknowledgement). The
 * officer's word stays on the message for any later reading.
 */
export async function markInboundNotSpam(deps: MailDeps, input: { id: number; by?: OfficerAction }): Promise<NotSpamOutcome> {
  const row = await deps.db.kysely.selectFrom('inbound_messages').select(['id', 'state', 'outcome']).where('id', '=', input.id).executeTakeFirst();
  if (!row) return { ok: false, code: 'not_found' };
  if (row.state !== 'processed' || row.outcome !== 'spam') return { ok: false, code: 'not_spam' };
  const alsoWrite = audited(deps, input.by, { action: 'not-spam-mail', targetType: 'inbound_message', targetId: input.id });
  const result = await processInbound(deps, input.id, { notSpam: true, alsoWrite });
  // Another run got there first (a double click): the message is no longer spam either way.
  if (result.outcome === 'spam') return { ok: false, code: 'not_spam' };
  return { ok: true, result };
}

export type RetryOutcome = { ok: true; to: string } | { ok: false; code: 'not_found' | 'not_failed' };

/** Failed outgoing mail goes back in the queue with a fresh set of attempts. */
export async function retryOutgoingMail(deps: Pick<MailDeps, 'db' | 'clock'>, input: { outboxId: number; by?: OfficerAction }): Promise<RetryOutcome> {
  const row = await deps.db.kysely.selectFrom('outbox').select(['id', 'consultation_id', 'to_address']).where('id', '=', input.outboxId).executeTakeFirst();
  if (!row) return { ok: false, code: 'not_found' };
  const now = deps.clock();
  const alsoWrite = audited(deps, input.by, { action: 'retry-mail', consultationId: row.consultation_id, targetType: 'outbox', targetId: row.id, detail: { to: row.to_address } }, now);
  const retried = await retryFailedMail(deps.db, row.id, now, alsoWrite);
  return retried ? { ok: true, to: row.to_address } : { ok: false, code: 'not_failed' };
}

/** Files per upload: enough for a day's saved replies, few enough to read them in one request. */
export const MAX_UPLOAD_FILES = 20;

/** A file as a form delivers it (a web File satisfies this). */
export interface UploadFile {
  name: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Why one file was not stored, or stored but not read. */
export type FileProblem = { code: 'not_eml' } | { code: 'empty' } | { code: 'too_large'; size: number } | { code: 'failed'; error: string };

export interface UploadedFile {
  /** The name as given, cleaned of any path. */
  name: string;
  /** The stored message; null when the file was refused. */
  id: number | null;
  duplicate: boolean;
  problem: FileProblem | null;
}

export type UploadOutcome =
  | { ok: true; files: UploadedFile[] }
  | { ok: false; code: 'no_files' }
  | { ok: false; code: 'too_many'; count: number }
  | { ok: false; code: 'unknown_consultation' }
  /** Every file was refused: nothing was stored. */
  | { ok: false; code: 'all_refused'; files: UploadedFile[] };

/**
 * Messages saved from a mail client, through the same pipeline as any door: every file is checked
 * first; the others are stored durably, then read and filed (under the consultation the officer
 * chose, if any). A message that was stored but could not be read is kept for the next start and
 * the other files go on.
 */
export async function uploadMessages(
  deps: MailDeps,
  input: { files: UploadFile[]; consultationId: number | null; maxBytes: number; by?: OfficerAction },
): Promise<UploadOutcome> {
  if (input.files.length === 0) return { ok: false, code: 'no_files' };
  if (input.files.length > MAX_UPLOAD_FILES) return { ok: false, code: 'too_many', count: input.files.length };
  if (input.consultationId !== null && !(await findFilingConsultation(deps.db, deps.mailDomain, input.consultationId))) {
    return { ok: false, code: 'unknown_consultation' };
  }

  const checked = input.files.map((file) => {
    const name = cleanFilename(file.name, 'mail.eml');
    const problem: FileProblem | null = !/\.eml$/i.test(name)
      ? { code: 'not_eml' }
      : file.size === 0
        ? { code: 'empty' }
        : file.size > input.maxBytes
          ? { code: 'too_large', size: file.size }
          : null;
    return { file, name, problem };
  });
  if (checked.every((f) => f.problem !== null)) {
    return { ok: false, code: 'all_refused', files: checked.map(({ name, problem }) => ({ name, id: null, duplicate: false, problem })) };
  }

  const files: UploadedFile[] = [];
  for (const { file, name, problem } of checked) {
    if (problem) {
      files.push({ name, id: null, duplicate: false, problem });
      continue;
    }
    const raw = new Uint8Array(await file.arrayBuffer());
    // Durable before anything else happens to it; then read and filed like mail from any door.
    const accepted = await acceptInbound(deps, { door: 'upload', raw, envelopeFrom: null, envelopeTo: [] });
    let failure: FileProblem | null = null;
    try {
      const alsoWrite = audited(deps, input.by, {
        action: 'upload-mail',
        consultationId: input.consultationId,
        targetType: 'inbound_message',
        targetId: accepted.id,
        detail: { filename: name, size: raw.byteLength },
      });
      await processInbound(deps, accepted.id, { forcedConsultationId: input.consultationId, alsoWrite });
    } catch (error) {
      // Stored, so nothing is lost: the next start reads it again.
      failure = { code: 'failed', error: error instanceof Error ? error.message : String(error) };
    }
    files.push({ name, id: accepted.id, duplicate: accepted.duplicate, problem: failure });
  }
  return { ok: true, files };
}
