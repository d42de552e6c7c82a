// The .xlsx reader on workbooks written by exceljs (shared strings, merged title rows, numbers)
// and on sheet XML as WPS and Excel write it (inline strings, gaps between cells, rich text with
// phonetic guides, hidden sheets).
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { sheetXmlToText, XlsxError, xlsxToText } from '../../src/lib/xlsx.ts';

async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('xlsxToText', () => {
  it('gives one line per row, cells separated by tabs, sheets in order, hidden sheets left out', async () => {
    const bytes = await workbook((wb) => {
      const form = wb.addWorksheet('意见反馈表');
      form.addRow(['《农村生活垃圾治理办法》意见反馈表']);
      form.addRow(['序号', '条款', '修改意见', '理由']);
      form.addRow([1, '第四条', '建议将有害垃圾纳入危险废物管理', '与固废法衔接']);
      form.addRow([2, '第七条', '无', null]);
      form.mergeCells('A1:D1');
      const hidden = wb.addWorksheet('说明');
      hidden.state = 'hidden';
      hidden.addRow(['填表说明：不要提交此页']);
      wb.addWorksheet('补充').addRow(['第九条', '建议推迟施行']);
    });
    expect(await xlsxToText(bytes)).toBe(
      [
        '《农村生活垃圾治理办法》意见反馈表',
        '序号\t条款\t修改意见\t理由',
        '1\t第四条\t建议将有害垃圾纳入危险废物管理\t与固废法衔接',
        '2\t第七条\t无',
        '',
        '第九条\t建议推迟施行',
      ].join('\n'),
    );
  });

  it('refuses what is not a workbook with a reason', async () => {
    await expect(xlsxToText(new TextEncoder().encode('not a zip at all, just text'))).rejects.toBeInstanceOf(XlsxError);
  });
});

describe('sheetXmlToText', () => {
  it('reads inline strings, keeps a skipped cell’s place, and shows numbers as Excel does', () => {
    const xml = `<worksheet><sheetData>
      <row r="1"><c r="B1" t="inlineStr"><is><t>条款</t></is></c><c r="C1" t="inlineStr"><is><t>意见</t></is></c></row>
      <row r="3"><c r="A3"><v>0.30000000000000004</v></c><c r="C3" t="s"><v>0</v></c></row>
      <row r="4"><c r="A4" t="b"><v>1</v></c><c r="B4" t="str"><v>第&amp;5项</v></c></row>
    </sheetData></worksheet>`;
    const strings = ['建议\n删除'];
    expect(sheetXmlToText(xml, strings)).toBe(['\t条款\t意见', '', '0.3\t\t建议 删除', 'TRUE\t第&5项'].join('\n'));
  });
});
