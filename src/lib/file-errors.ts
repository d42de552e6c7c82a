// A refused Word or Excel file in the reader's words: the readers (src/lib/docx.ts, xlsx.ts) give
// a code and the archive entry concerned; the dictionary (messages/files.ts) words them.
import type { Translate } from './i18n.ts';

export type FileErrorCode = 'not-zip' | 'no-document' | 'no-workbook' | 'unsupported' | 'zip64' | 'corrupt' | 'too-large';

export function fileErrorText(t: Translate, format: 'docx' | 'xlsx', code: FileErrorCode, entry?: string | null): string {
  return t(`file.error.${code}`, { format, ...(entry ? { entry } : {}) });
}
