// The .docx reader on documents made by the `docx` package (as Word writes them: deflated zip
// parts) and on zips built by hand (stored parts, other main-part names, broken files).
import { AlignmentType, Document, LevelFormat, Packer, Paragraph, Tab, Table, TableCell, TableRow, TextRun } from 'docx';
import { describe, expect, it } from 'vitest';
import { parseDraft } from '../../src/drafts/parse.ts';
import { DocxError, docxToText, documentXmlToText, formatNumber, parseNumbering } from '../../src/lib/docx.ts';
import { zip } from '../helpers/office-files.ts';

async function makeDocx(children: (Paragraph | Table)[]): Promise<Uint8Array> {
  const doc = new Document({ sections: [{ children }] });
  return new Uint8Array(await Packer.toBuffer(doc));
}

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

describe('docxToText on documents written by the docx package', () => {
  it('joins the runs of a paragraph and gives one line per paragraph', async () => {
    const bytes = await makeDocx([
      new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: '关于《工作要点》', bold: true }), new TextRun('的反馈意见')] }),
      new Paragraph({ children: [new TextRun('关于第'), new TextRun({ text: '4', italics: true }), new TextRun('项，建议将“9月底”改为“10月底”。')] }),
      new Paragraph('第二段 & <特殊> 字符 "引号" \'单引号\''),
    ]);
    expect(await docxToText(bytes)).toBe(
      '关于《工作要点》的反馈意见\n关于第4项，建议将“9月底”改为“10月底”。\n第二段 & <特殊> 字符 "引号" \'单引号\'',
    );
  });

  it('turns tabs and line breaks into text, and keeps empty paragraphs as blank lines', async () => {
    const bytes = await makeDocx([
      new Paragraph({ children: [new TextRun('序号'), new TextRun({ children: [new Tab(), '意见'] })] }),
      new Paragraph(''),
      new Paragraph({ children: [new TextRun('第一行'), new TextRun({ text: '第二行', break: 1 })] }),
    ]);
    expect(await docxToText(bytes)).toBe('序号\t意见\n\n第一行\n第二行');
  });

  it('reads a feedback table row by row, cells separated by tabs, a cell’s paragraphs joined', async () => {
    const cell = (...texts: string[]) => new TableCell({ children: texts.map((text) => new Paragraph(text)) });
    const bytes = await makeDocx([
      new Paragraph('区林业局意见'),
      new Table({
        rows: [
          new TableRow({ children: [cell('序号'), cell('条款'), cell('修改意见')] }),
          new TableRow({ children: [cell('1'), cell('第8项'), cell('建议改为6.5万亩。', '理由：与计划一致。')] }),
          new TableRow({ children: [cell('2'), cell(''), cell('全文：统一“乡(镇)”写法。')] }),
        ],
      }),
      new Paragraph('2022年4月18日'),
    ]);
    expect(await docxToText(bytes)).toBe(
      '区林业局意见\n序号\t条款\t修改意见\n1\t第8项\t建议改为6.5万亩。 理由：与计划一致。\n2\t\t全文：统一“乡(镇)”写法。\n2022年4月18日',
    );
  });
});

describe('Word’s automatic numbering', () => {
  const numbered = async () => {
    const doc = new Document({
      numbering: {
        config: [
          { reference: 'article', levels: [{ level: 0, format: LevelFormat.CHINESE_COUNTING, text: '第%1条', alignment: AlignmentType.LEFT }] },
          {
            reference: 'outline',
            levels: [
              { level: 0, format: LevelFormat.CHINESE_COUNTING, text: '%1、', alignment: AlignmentType.LEFT },
              { level: 1, format: LevelFormat.CHINESE_COUNTING, text: '（%2）', alignment: AlignmentType.LEFT },
              { level: 2, format: LevelFormat.DECIMAL, text: '%3.', alignment: AlignmentType.LEFT },
            ],
          },
        ],
      },
      sections: [
        {
          children: [
            new Paragraph('长江流域保护工作要点'),
            new Paragraph({ text: '狠抓推进问题整改', numbering: { reference: 'outline', level: 0 } }),
            new Paragraph({ text: '深入推进污染治理', numbering: { reference: 'outline', level: 1 } }),
            new Paragraph({ text: '深入推进城镇污水垃圾处理。建设污水处理项目。', numbering: { reference: 'outline', level: 2 } }),
            new Paragraph({ text: '深入推进化工污染治理。开展专项行动。', numbering: { reference: 'outline', level: 2 } }),
            new Paragraph({ text: '巩固禁捕退捕成效', numbering: { reference: 'outline', level: 1 } }),
            new Paragraph({ text: '加强水生生物多样性保护。实施保护行动。', numbering: { reference: 'outline', level: 2 } }),
            new Paragraph({ text: '推动绿色发展', numbering: { reference: 'outline', level: 0 } }),
            new Paragraph({ text: '为了保护长江流域生态环境，制定本条例。', numbering: { reference: 'article', level: 0 } }),
            new Paragraph({ text: '县级以上人民政府应当加强领导。', numbering: { reference: 'article', level: 0 } }),
            new Paragraph({ text: '另一份名单从头编号。', numbering: { reference: 'article', level: 0, instance: 2 } }),
          ],
        },
      ],
    });
    return docxToText(new Uint8Array(await Packer.toBuffer(doc)));
  };

  it('writes the numbers Word shows, level by level, restarting deeper levels and restarted lists', async () => {
    expect(await numbered()).toBe(
      [
        '长江流域保护工作要点',
        '一、狠抓推进问题整改',
        '（一）深入推进污染治理',
        '1. 深入推进城镇污水垃圾处理。建设污水处理项目。',
        '2. 深入推进化工污染治理。开展专项行动。',
        '（二）巩固禁捕退捕成效',
        '1. 加强水生生物多样性保护。实施保护行动。',
        '二、推动绿色发展',
        '第一条 为了保护长江流域生态环境，制定本条例。',
        '第二条 县级以上人民政府应当加强领导。',
        '第一条 另一份名单从头编号。',
      ].join('\n'),
    );
  });

  it('so that the importer finds the structure of a draft typed with Word lists', async () => {
    const draft = parseDraft((await numbered()).split('\n').slice(0, 8).join('\n'));
    const outline = draft.body.map((node) => [node.kind, node.label, node.title, node.children.map((child) => [child.kind, child.label, child.children.map((item) => [item.kind, item.number, item.title])])]);
    expect(outline).toEqual([
      ['heading', '一、', '狠抓推进问题整改', [
        ['heading', '（一）', [['item', 1, '深入推进城镇污水垃圾处理'], ['item', 2, '深入推进化工污染治理']]],
        ['heading', '（二）', [['item', 1, '加强水生生物多样性保护']]],
      ]],
      ['heading', '二、', '推动绿色发展', []],
    ]);
  });

  it('numbers paragraphs through their style (heading styles), following basedOn', () => {
    const numbering = parseNumbering(
      `<w:numbering ${W}><w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1章"/><w:suff w:val="space"/></w:lvl>` +
        // isLgl: the chapter number in a sub-level label is written in digits (3.1, not 三.1).
        `<w:lvl w:ilvl="1"><w:start w:val="1"/><w:isLgl/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/><w:suff w:val="nothing"/></w:lvl></w:abstractNum><w:num w:numId="2"><w:abstractNumId w:val="7"/></w:num></w:numbering>`,
      `<w:styles ${W}><w:style w:type="paragraph" w:styleId="Heading1"><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>` +
        `<w:style w:type="paragraph" w:styleId="MyHeading"><w:basedOn w:val="Heading1"/></w:style></w:styles>`,
    );
    const xml = `<w:document ${W}><w:body>` +
      '<w:p><w:pPr><w:pStyle w:val="MyHeading"/></w:pPr><w:r><w:t>总则</w:t></w:r></w:p>' +
      '<w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="2"/></w:numPr></w:pPr><w:r><w:t>目的</w:t></w:r></w:p>' +
      '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>不编号</w:t></w:r></w:p>' +
      '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>附则</w:t></w:r></w:p>' +
      '</w:body></w:document>';
    expect(documentXmlToText(xml, numbering)).toBe('第三章 总则\n3.1目的\n不编号\n第四章 附则');
  });

  it.each([
    [14, 'chineseCounting', '十四'],
    [20, 'chineseCounting', '二十'],
    [105, 'chineseCountingThousand', '一百零五'],
    [3, 'chineseLegalSimplified', '叁'],
    [12, 'decimalEnclosedCircleChinese', '⑫'],
    [2, 'ideographTraditional', '乙'],
    [28, 'upperLetter', 'AB'],
    [9, 'lowerRoman', 'ix'],
    [7, 'decimalZero', '07'],
  ])('formats %i as %s: %s', (n, format, expected) => {
    expect(formatNumber(n, format)).toBe(expected);
  });
});

describe('documentXmlToText', () => {
  it('leaves out deleted text, field codes, tab stops and the fallback copy of a text box', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document ${W} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>
<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t xml:space="preserve">保留 </w:t></w:r><w:del><w:r><w:delText>删除的</w:delText></w:r></w:del><w:ins><w:r><w:t>插入的</w:t></w:r></w:ins></w:p>
<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t>3</w:t></w:r></w:p>
<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r></w:p>
<w:p><w:r><w:t>A&amp;B &lt;C&gt; &#x4E2D;&#25991;</w:t></w:r><w:r><w:noBreakHyphen/><w:t>D</w:t></w:r></w:p>
</w:body></w:document>`;
    expect(documentXmlToText(xml)).toBe('保留 插入的\n3\n文本框\n\nA&B <C> 中文-D');
  });
});

describe('the zip container', () => {
  const documentXml = `<w:document ${W}><w:body><w:p><w:r><w:t>存储的正文</w:t></w:r></w:p></w:body></w:document>`;

  it('reads stored (uncompressed) and deflated parts alike', async () => {
    expect(await docxToText(zip([{ name: 'word/document.xml', data: documentXml }]))).toBe('存储的正文');
    expect(await docxToText(zip([{ name: 'word/document.xml', data: documentXml, deflate: true }]))).toBe('存储的正文');
  });

  it('follows _rels/.rels to a main part with another name', async () => {
    const rels = `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>`;
    const bytes = zip([
      { name: '_rels/.rels', data: rels, deflate: true },
      { name: 'word/document2.xml', data: documentXml, deflate: true },
    ]);
    expect(await docxToText(bytes)).toBe('存储的正文');
  });

  it('refuses what is not a Word document with a specific reason', async () => {
    await expect(docxToText(new TextEncoder().encode('这不是zip'))).rejects.toMatchObject({ code: 'not-zip' });
    await expect(docxToText(zip([{ name: 'xl/workbook.xml', data: '<workbook/>' }]))).rejects.toMatchObject({
      code: 'no-document',
      message: expect.stringContaining('word/document.xml'),
    });
    const good = await makeDocx([new Paragraph('完整')]);
    await expect(docxToText(good.subarray(0, good.length - 200))).rejects.toBeInstanceOf(DocxError);
  });

  it('refuses a part whose deflated data is damaged instead of returning garbage', async () => {
    const bytes = zip([{ name: 'word/document.xml', data: documentXml.repeat(20), deflate: true }]);
    // Flip bytes in the middle of the compressed data.
    const damaged = bytes.slice();
    for (let i = 60; i < 90; i += 1) damaged[i] = damaged[i]! ^ 0xff;
    await expect(docxToText(damaged)).rejects.toMatchObject({ code: 'corrupt' });
  });
});
