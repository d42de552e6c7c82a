// Why a Word or Excel file could not be read (src/lib/docx.ts, src/lib/xlsx.ts): for an uploaded
// draft and for a reply's attachment alike. Merged into the one dictionary by ../i18n.ts.
import type { Message } from './types.ts';

export const zh = {
  'file.error.not-zip': (p) => `不是有效的 .${p.format} 文件（不是 zip 压缩包）`,
  'file.error.too-large': (p) => `.${p.format} 文件内容过大`,
  'file.error.zip64': (p) => `.${p.format} 文件使用了 ZIP64 格式，暂不支持`,
  'file.error.unsupported': (p) => `.${p.format} 文件使用了不支持的压缩方式（${p.entry ?? ''}）`,
  'file.error.corrupt': (p) => (p.entry ? `.${p.format} 文件已损坏（${p.entry}）` : `.${p.format} 文件不完整或已损坏（zip 目录）`),
  'file.error.no-document': '不是 Word 文档（.docx 中没有正文 word/document.xml）',
  'file.error.no-workbook': '不是 Excel 工作簿（.xlsx 中没有 xl/workbook.xml）',
} satisfies Record<string, Message>;

export const en: Record<keyof typeof zh, Message> = {
  'file.error.not-zip': (p) => `not a valid .${p.format} file (not a zip archive)`,
  'file.error.too-large': (p) => `the .${p.format} file's content is too large`,
  'file.error.zip64': (p) => `the .${p.format} file uses the ZIP64 format, which is not supported`,
  'file.error.unsupported': (p) => `the .${p.format} file uses an unsupported compression method (${p.entry ?? ''})`,
  'file.error.corrupt': (p) => (p.entry ? `the .${p.format} file is damaged (${p.entry})` : `the .${p.format} file is incomplete or damaged (zip directory)`),
  'file.error.no-document': 'not a Word document (the .docx has no word/document.xml)',
  'file.error.no-workbook': 'not an Excel workbook (the .xlsx has no xl/workbook.xml)',
};
