// Documents as the pages show them.
import type { Locale, Translate } from '../lib/i18n.ts';
import { fileSize } from '../lib/text.ts';
import { formatDateTime } from '../lib/time.ts';
import type { DocumentView, OfficeDocumentView } from '../../views/documents/models.ts';
import type { DocumentRow } from './store.ts';

const FORMATS: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX',
};

/** The public download of a document. */
export function documentHref(slug: string, id: number): string {
  return `/consultations/${encodeURIComponent(slug)}/documents/${id}`;
}

export function presentDocument(row: DocumentRow, slug: string): DocumentView {
  return {
    title: row.title,
    kind: row.kind,
    format: FORMATS[row.content_type] ?? (row.filename.split('.').pop() ?? '').toUpperCase(),
    size: fileSize(row.size),
    href: documentHref(slug, row.id),
  };
}

/** 「第2稿（当前公开）」, 「第3稿（待发布）」, 「第1稿」: a version as the documents page names it. */
export function documentVersionLabel(v: { id: number; number: number; state: string }, currentVersionId: number | null, t: Translate): string {
  if (v.state !== 'published') return t('documents.version.draft', { number: v.number });
  if (v.id === currentVersionId) return t('documents.version.current', { number: v.number });
  return t('office.version.number', { number: v.number });
}

export function presentOfficeDocument(row: DocumentRow, slug: string, locale: Locale, currentVersionId: number | null, t: Translate): OfficeDocumentView {
  return {
    ...presentDocument(row, slug),
    // The office reads its own copy before publication too: the office route serves it.
    href: `/office/consultations/${encodeURIComponent(slug)}/documents/${row.id}`,
    id: row.id,
    version: documentVersionLabel({ id: row.version_id, number: row.version_number, state: row.version_state }, currentVersionId, t),
    filename: row.filename,
    addedAt: formatDateTime(row.created_at, locale),
    removeAction: `/office/consultations/${encodeURIComponent(slug)}/documents/${row.id}/remove`,
  };
}
