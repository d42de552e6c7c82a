// Reading an uploaded draft: .txt in UTF-8 or GB18030, .md, .docx. Bad files are refused with a
// code the routes word for the officer; nothing is stored until the text is read.
import { DocxError, docxToText } from '../lib/docx.ts';
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
      if (error instanceof DocxError) throw new UploadError('docxUnreadable', { detail: error.message });
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
