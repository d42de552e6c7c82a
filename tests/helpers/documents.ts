// Real files for the supporting-documents tests: a PDF written by hand to the letter of the
// format (header, objects, cross-reference table, trailer), a Word file from the docx package and
// an Excel file from exceljs — the same libraries offices' tools are compatible with — and
// archives put together entry by entry for the cases no honest tool writes.
import ExcelJS from 'exceljs';
import { Document, Packer, Paragraph } from 'docx';
import { zipChunks } from '../../src/lib/zip.ts';

export function samplePdf(text = 'Drafting explanation'): Uint8Array {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    (() => {
      const stream = `BT /F1 18 Tf 72 760 Td (${text.replace(/[()\\]/g, '')}) Tj ET`;
      return `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
    })(),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(body, 'latin1'));
}

export async function sampleDocx(paragraphs: string[] = ['关于《昌江区工作要点》的起草说明', '一、起草背景']): Promise<Uint8Array> {
  const document = new Document({ sections: [{ children: paragraphs.map((text) => new Paragraph(text)) }] });
  return new Uint8Array(await Packer.toBuffer(document));
}

export async function sampleXlsx(rows: string[][] = [['序号', '条款', '修改理由'], ['1', '第4项', '依据上位法调整']]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('对照表');
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

export async function zipOf(entries: Record<string, string | Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of zipChunks(Object.entries(entries).map(([name, content]) => ({ name, content })))) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}
