// Data access for supporting documents. Lists never read the bytes; only a download does.
import type { AppDatabase } from '../db/database.ts';
import type { ConsultationDocument } from '../db/schema.ts';

export type DocumentRow = Omit<ConsultationDocument, 'content' | 'content_key'>;

const listed = ['id', 'consultation_id', 'version_number', 'kind', 'title', 'filename', 'content_type', 'size', 'sha256', 'position', 'created_at', 'created_by'] as const;

/** A consultation's documents in the order the office attached them (起草说明 first). */
export async function listDocuments(db: AppDatabase, consultationId: number): Promise<DocumentRow[]> {
  const rows = await db.kysely.selectFrom('consultation_documents').select([...listed]).where('consultation_id', '=', consultationId).orderBy('position').orderBy('id').execute();
  // The drafting explanation is what readers look for first, whatever the order of uploads.
  return rows.sort((a, b) => Number(b.kind === 'explanation') - Number(a.kind === 'explanation'));
}

export async function findDocument(db: AppDatabase, consultationId: number, id: number): Promise<ConsultationDocument | undefined> {
  return db.kysely.selectFrom('consultation_documents').selectAll().where('consultation_id', '=', consultationId).where('id', '=', id).executeTakeFirst();
}

export async function nextDocumentPosition(db: AppDatabase, consultationId: number): Promise<{ count: number; position: number }> {
  const row = await db.kysely
    .selectFrom('consultation_documents')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('position').as('last')])
    .where('consultation_id', '=', consultationId)
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), position: row.last === null ? 1 : Number(row.last) + 1 };
}
