// Data access for supporting documents. Lists never read the bytes; only a download does.
import type { AppDatabase } from '../db/database.ts';
import type { ConsultationDocument, ConsultationVersion } from '../db/schema.ts';

/** A document as lists show it: no bytes, and the number and state of the version it goes with. */
export type DocumentRow = Omit<ConsultationDocument, 'content' | 'content_key'> & { version_number: number; version_state: ConsultationVersion['state'] };

const listed = ['d.id', 'd.consultation_id', 'd.version_id', 'd.kind', 'd.title', 'd.filename', 'd.content_type', 'd.size', 'd.sha256', 'd.position', 'd.created_at', 'd.created_by'] as const;

function documentsWithVersion(db: AppDatabase) {
  return db.kysely
    .selectFrom('consultation_documents as d')
    .innerJoin('consultation_versions as v', 'v.id', 'd.version_id')
    .select([...listed, 'v.number as version_number', 'v.state as version_state']);
}

/** The drafting explanation is what readers look for first, whatever the order of uploads. */
function explanationFirst(rows: DocumentRow[]): DocumentRow[] {
  return rows.sort((a, b) => a.version_number - b.version_number || Number(b.kind === 'explanation') - Number(a.kind === 'explanation'));
}

/** Every document of a consultation, by version, each version's 起草说明 first, then in the order attached. */
export async function listDocuments(db: AppDatabase, consultationId: number): Promise<DocumentRow[]> {
  return explanationFirst(await documentsWithVersion(db).where('d.consultation_id', '=', consultationId).orderBy('d.position').orderBy('d.id').execute());
}

/** The documents of one version of the text, 起草说明 first. */
export async function listVersionDocuments(db: AppDatabase, versionId: number): Promise<DocumentRow[]> {
  return explanationFirst(await documentsWithVersion(db).where('d.version_id', '=', versionId).orderBy('d.position').orderBy('d.id').execute());
}

export async function findDocument(db: AppDatabase, consultationId: number, id: number): Promise<ConsultationDocument | undefined> {
  return db.kysely.selectFrom('consultation_documents').selectAll().where('consultation_id', '=', consultationId).where('id', '=', id).executeTakeFirst();
}

/** A document the public may download: its version is published (a revision being prepared keeps its files to the office). */
export async function findPublishedDocument(db: AppDatabase, consultationId: number, id: number): Promise<ConsultationDocument | undefined> {
  return db.kysely
    .selectFrom('consultation_documents as d')
    .innerJoin('consultation_versions as v', 'v.id', 'd.version_id')
    .selectAll('d')
    .where('d.consultation_id', '=', consultationId)
    .where('d.id', '=', id)
    .where('v.state', '=', 'published')
    .executeTakeFirst();
}

export async function nextDocumentPosition(db: AppDatabase, versionId: number): Promise<{ count: number; position: number }> {
  const row = await db.kysely
    .selectFrom('consultation_documents')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('position').as('last')])
    .where('version_id', '=', versionId)
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), position: row.last === null ? 1 : Number(row.last) + 1 };
}
