// Attaching a supporting document to a version of a consultation's text and removing one: officer commands, each one
// batch with its audit entry and a new version of the consultation, so that every process renders
// the public page again (its cache is kept by version).
import { sql } from 'kysely';
import { type Actor, auditQuery } from '../auth/audit.ts';
import type { AppDatabase } from '../db/database.ts';
import { documentKey, EMPTY_BYTES, type FileStore, sha256Hex } from '../db/files.ts';
import type { DocumentKind } from '../db/schema.ts';
import { findVersion, findVersionById } from '../drafts/store.ts';
import type { Clock } from '../lib/time.ts';
import { checkDocumentFile, DOCUMENT_MAX_BYTES, type DocumentFileRefusal, titleFromFilename } from './check.ts';
import { findDocument, nextDocumentPosition } from './store.ts';

/** Per version: enough for a 起草说明, its annexes and the tables behind them; a page of downloads stays readable. */
export const MAX_DOCUMENTS = 20;
export const DOCUMENT_TITLE_MAX = 200;

export interface DocumentDeps {
  db: AppDatabase;
  clock: Clock;
  /** Where the bytes go when the platform keeps files apart (Workers: R2); absent: in the row. */
  files?: FileStore;
}

export type AttachRefusal =
  | DocumentFileRefusal
  | { code: 'tooMany'; params: { max: number } }
  | { code: 'titleTooLong'; params: { max: number } }
  | { code: 'versionUnknown'; params: { number: number } };

export async function attachDocument(
  deps: DocumentDeps,
  input: {
    consultation: { id: number; current_version_id: number | null };
    file: { name: string; bytes: Uint8Array } | null;
    title: string;
    kind: DocumentKind;
    /** The version of the text it goes with (a revision being prepared too); null: the current one. */
    versionNumber: number | null;
    actor: Actor;
    maxBytes?: number;
  },
): Promise<{ ok: true; id: number; title: string; versionNumber: number } | ({ ok: false } & AttachRefusal)> {
  const { db } = deps;
  const version =
    input.versionNumber !== null
      ? await findVersion(db, input.consultation.id, input.versionNumber)
      : input.consultation.current_version_id !== null
        ? await findVersionById(db, input.consultation.current_version_id)
        : undefined;
  if (!version) return { ok: false, code: 'versionUnknown', params: { number: input.versionNumber ?? 1 } };
  if (!input.file) return { ok: false, code: 'fileMissing' };
  const checked = checkDocumentFile(input.file.name, input.file.bytes, input.maxBytes ?? DOCUMENT_MAX_BYTES);
  if (!checked.ok) return checked;
  const title = input.title.trim() || titleFromFilename(input.file.name);
  if ([...title].length > DOCUMENT_TITLE_MAX) return { ok: false, code: 'titleTooLong', params: { max: DOCUMENT_TITLE_MAX } };
  const { count, position } = await nextDocumentPosition(db, version.id);
  if (count >= MAX_DOCUMENTS) return { ok: false, code: 'tooMany', params: { max: MAX_DOCUMENTS } };

  const now = deps.clock();
  const at = now.toISOString();
  const bytes = input.file.bytes;
  const sha256 = await sha256Hex(bytes);
  let contentKey: string | null = null;
  if (deps.files) {
    // Stored before the row that names it: a row never points at bytes that are not there.
    contentKey = documentKey(sha256);
    await deps.files.put(contentKey, bytes, checked.contentType);
  }
  const filename = input.file.name.split(/[/\\]/).pop()!.trim();
  const [inserted] = await db.batch([
    db.kysely
      .insertInto('consultation_documents')
      .values({
        consultation_id: input.consultation.id,
        version_id: version.id,
        kind: input.kind,
        title,
        filename,
        content_type: checked.contentType,
        size: bytes.byteLength,
        sha256,
        content: contentKey ? EMPTY_BYTES : bytes,
        content_key: contentKey,
        position,
        created_at: at,
        created_by: input.actor.officerId,
      })
      .compile(),
    db.kysely.updateTable('consultations').set({ version: sql`version + 1`, updated_at: at }).where('id', '=', input.consultation.id).compile(),
    auditQuery(
      db.kysely,
      {
        officerId: input.actor.officerId,
        action: 'attach-document',
        consultationId: input.consultation.id,
        targetType: 'document',
        targetId: db.kysely.selectFrom('consultation_documents').select((eb) => eb.fn.max('id').as('id')).where('consultation_id', '=', input.consultation.id),
        detail: { title, filename, kind: input.kind, size: bytes.byteLength, sha256, version: version.number },
        ip: input.actor.ip,
      },
      now,
    ),
  ]);
  return { ok: true, id: Number(inserted!.lastInsertRowid), title, versionNumber: version.number };
}

export async function removeDocument(
  deps: DocumentDeps,
  input: { consultation: { id: number }; documentId: number; actor: Actor },
): Promise<{ ok: true; title: string } | { ok: false; code: 'notFound' }> {
  const { db } = deps;
  const document = await findDocument(db, input.consultation.id, input.documentId);
  if (!document) return { ok: false, code: 'notFound' };
  const now = deps.clock();
  const at = now.toISOString();
  // The object in a file store stays: it is content-addressed and may be another row's too.
  await db.batch([
    db.kysely.deleteFrom('consultation_documents').where('id', '=', document.id).compile(),
    db.kysely.updateTable('consultations').set({ version: sql`version + 1`, updated_at: at }).where('id', '=', input.consultation.id).compile(),
    auditQuery(
      db.kysely,
      {
        officerId: input.actor.officerId,
        action: 'remove-document',
        consultationId: input.consultation.id,
        targetType: 'document',
        targetId: document.id,
        detail: { title: document.title, filename: document.filename, sha256: document.sha256 },
        ip: input.actor.ip,
      },
      now,
    ),
  ]);
  return { ok: true, title: document.title };
}
