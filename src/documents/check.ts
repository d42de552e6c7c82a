// What a supporting document may be: a PDF, a Word .docx or an Excel .xlsx, under a size limit,
// and truly that — the first bytes and the archive's parts are checked, the name's extension and
// the browser's content type are not believed. The type we serve it as is decided here. Pure.
import type { FileErrorCode } from '../lib/file-errors.ts';
import { listZipEntries, ZipError } from '../lib/zip.ts';

export type DocumentFormat = 'pdf' | 'docx' | 'xlsx';

export const DOCUMENT_TYPES: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** 20 MB: a scanned 起草说明 of a few dozen pages fits; the platform's file store takes it whole. */
export const DOCUMENT_MAX_BYTES = 20 * 1024 * 1024;

export type DocumentFileRefusal =
  | { code: 'fileMissing' }
  | { code: 'fileEmpty' }
  | { code: 'fileTooLarge'; params: { mb: number } }
  | { code: 'fileType' }
  | { code: 'notPdf' }
  | { code: 'unreadable'; params: { format: 'docx' | 'xlsx'; why: FileErrorCode; entry?: string } }
  | { code: 'macros' };

export type DocumentFileCheck = { ok: true; format: DocumentFormat; contentType: string } | ({ ok: false } & DocumentFileRefusal);

function formatOf(name: string): DocumentFormat | null {
  const match = /\.(pdf|docx|xlsx)$/i.exec(name.trim());
  return match ? (match[1]!.toLowerCase() as DocumentFormat) : null;
}

/** `%PDF-` within the first kilobyte, where readers look for it (some writers put a little before). */
function looksLikePdf(bytes: Uint8Array): boolean {
  const head = String.fromCharCode(...bytes.subarray(0, 1024));
  return head.includes('%PDF-');
}

/** The main part an Office file cannot be without, and where its macros would be. */
const OFFICE_PARTS: Record<'docx' | 'xlsx', { main: string; missing: FileErrorCode; macros: string }> = {
  docx: { main: 'word/document.xml', missing: 'no-document', macros: 'word/vbaProject.bin' },
  xlsx: { main: 'xl/workbook.xml', missing: 'no-workbook', macros: 'xl/vbaProject.bin' },
};

export function checkDocumentFile(name: string, bytes: Uint8Array, maxBytes = DOCUMENT_MAX_BYTES): DocumentFileCheck {
  const format = formatOf(name);
  if (!format) return { ok: false, code: 'fileType' };
  if (bytes.byteLength === 0) return { ok: false, code: 'fileEmpty' };
  if (bytes.byteLength > maxBytes) return { ok: false, code: 'fileTooLarge', params: { mb: Math.round(maxBytes / 1024 / 1024) } };
  if (format === 'pdf') return looksLikePdf(bytes) ? { ok: true, format, contentType: DOCUMENT_TYPES.pdf } : { ok: false, code: 'notPdf' };
  const parts = OFFICE_PARTS[format];
  let names: Set<string>;
  try {
    names = new Set(listZipEntries(bytes).map((entry) => entry.name));
  } catch (error) {
    if (!(error instanceof ZipError)) throw error;
    const why: FileErrorCode = error.code === 'unsupported' && !error.entry ? 'zip64' : error.code;
    return { ok: false, code: 'unreadable', params: { format, why, ...(error.entry ? { entry: error.entry } : {}) } };
  }
  if (!names.has(parts.main)) return { ok: false, code: 'unreadable', params: { format, why: parts.missing } };
  // A .docx or .xlsx with a macro project is a .docm / .xlsm under another name.
  if (names.has(parts.macros)) return { ok: false, code: 'macros' };
  return { ok: true, format, contentType: DOCUMENT_TYPES[format] };
}

/** The title shown when the office gives none: the file's name without its extension. */
export function titleFromFilename(name: string): string {
  return name.replace(/\.(pdf|docx|xlsx)$/i, '').trim() || name;
}
