// Reading an uploaded draft: .txt in UTF-8 or GB18030, .md, .docx. Bad files are refused with a
// code the routes word for the officer; nothing is stored until the text is read.
import { detectFormat } from '../drafts/parse.ts';
import type { DraftFormat } from '../drafts/parse-types.ts';
import { DocxError, docxToText } from '../lib/docx.ts';
import { type FileErrorCode, fileErrorText } from '../lib/file-errors.ts';
import type { Translate } from '../lib/i18n.ts';
import type { Params } from '../lib/messages/types.ts';
import { cleanText } from '../lib/sanitize.ts';

export interface UploadLimits {
  maxChars: number;
  maxFileBytes: number;
}

export type UploadErrorCode = 'fileTooLarge' | 'fileType' | 'fileEmpty' | 'binary' | 'textTooLong' | 'docxUnreadable';

export class UploadError extends Error {
  constructor(
    readonly code: UploadErrorCode,
    readonly params: Params = {},
  ) {
    super(code);
  }
}

/** Government files still arrive in GB18030/GBK; UTF-8 is tried first because it fails loudly. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

function sizeLabel(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

export async function readDraftFile(file: File, limits: UploadLimits): Promise<{ text: string; kind: 'text' | 'markdown' | 'docx' }> {
  const name = file.name.toLowerCase();
  const kind = /\.(md|markdown)$/.test(name) ? 'markdown' : /\.txt$/.test(name) ? 'text' : /\.docx$/.test(name) ? 'docx' : null;
  if (!kind) throw new UploadError('fileType');
  if (file.size > limits.maxFileBytes) throw new UploadError('fileTooLarge', { size: sizeLabel(file.size), mb: limits.maxFileBytes / 1024 / 1024 });
  if (file.size === 0) throw new UploadError('fileEmpty');
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text: string;
  if (kind === 'docx') {
    try {
      text = await docxToText(bytes);
    } catch (error) {
      // The route words the reader's reason (src/lib/file-errors.ts) in the officer's language.
      if (error instanceof DocxError) throw new UploadError('docxUnreadable', { why: error.code, ...(error.entry ? { entry: error.entry } : {}) });
      throw error;
    }
  } else {
    text = decodeText(bytes);
    if (text.includes('\u0000')) throw new UploadError('binary');
  }
  text = cleanText(text);
  const chars = [...text].length;
  if (chars > limits.maxChars) throw new UploadError('textTooLong', { length: chars, max: limits.maxChars });
  if (text.trim() === '') throw new UploadError('fileEmpty');
  return { text, kind };
}

/** A draft's text as the office gives it: a file, or text pasted into the form. */
export interface DraftSource {
  text: string;
  format: DraftFormat;
  from: 'paste' | 'file';
  fileName: string | null;
}

/**
 * The text of a new draft or a revision: from the file when there is one, else from the text
 * area; a file that cannot be read is refused with its code, for the file field.
 */
export async function readDraftSource(form: { file: File | null; text: string }, limits: UploadLimits): Promise<{ ok: true; source: DraftSource } | { ok: false; error: UploadError }> {
  const { file } = form;
  if (!file) return { ok: true, source: { text: form.text, format: detectFormat(null, form.text), from: 'paste', fileName: null } };
  try {
    const read = await readDraftFile(file, limits);
    return { ok: true, source: { text: read.text, format: detectFormat(file.name, read.text), from: 'file', fileName: file.name } };
  } catch (error) {
    if (!(error instanceof UploadError)) throw error;
    return { ok: false, error };
  }
}

/** Why an uploaded draft could not be read, in the reader's language (a .docx's own reason included). */
export function uploadErrorText(t: Translate, error: UploadError): string {
  const params = error.code === 'docxUnreadable' ? { detail: fileErrorText(t, 'docx', error.params.why as FileErrorCode, error.params.entry as string | undefined) } : error.params;
  return t(`office.new.error.${error.code}`, params);
}
