// What in a reply is not an opinion, line by line and sentence by sentence; opinion tables read
// row by row; unit names in signatures and display names.
import { describe, expect, it } from 'vitest';
import { classify, isNoObjection, noObjectionKind, sentences, unitNamesIn } from '../../src/mail/non-opinions.ts';
import { feedbackLines } from '../../src/mail/points.ts';
import { readRow, tableHeader } from '../../src/mail/tables.ts';

describe('classify', () => {
  it.each([
    ['区发改委：', 'salutation'],
    ['余峣同志：', 'salutation'],
    ['尊敬的区城市管理局领导：', 'salutation'],
    ['敬啟者：', 'salutation'],
    ['不好意思，晚了一天。', 'salutation'],
    ['你委《关于征求〈工作要点〉意见的函》收悉。', 'receipt'],
    ['经研究，现将我局意见反馈如下：', 'receipt'],
    ['来函已收悉，我们将尽快研究反馈。', 'receipt'],
    ['我是丽阳镇的村民，对办法有三点看法：', 'receipt'],
    ['建议：', 'receipt'],
    ['详细意见见附件。', 'pointer'],
    ['我办意见见附件，请查收。', 'pointer'],
    ['（正式文件见附件）', 'pointer'],
    ['价格股意见附后，请审阅。', 'pointer'],
    ['以上意见供参考。', 'signoff'],
    ['以上建议妥否，请审阅。', 'signoff'],
    ['特此函复。', 'signoff'],
    ['順頌 商祺', 'signoff'],
    ['2022年4月18日', 'date'],
    ['二〇二二年四月十六日', 'date'],
    ['（联系人：王堃，电话：0798-8221234）', 'contact'],
    ['反馈单位（盖章）：荷塘乡人民政府', 'contact'],
    ['关于对《工作要点（征求意见稿）》的复函', 'caption'],
    ['《垃圾治理办法（征求意见稿）》意见反馈表', 'caption'],
    ['一、总体意见', 'caption'],
    ['其他内容无意见。', 'general-remark'],
    ['除上述意见外，其他无意见。', 'general-remark'],
    ['We have no other comments.', 'general-remark'],
    ['经研究，我局对《工作要点》无意见。', 'no-objection'],
    ['同意。', 'no-objection'],
    ['对第3项无意见。', 'no-objection'],
  ])('「%s」 is %s', (line, kind) => {
    expect(classify(line, true)).toBe(kind);
  });

  it.each([
    '建议增加以下内容：',
    '建议将第5项修改如下：',
    '第4项中“查漏补缺”建议修改为“查漏补缺，确保按期销号”。',
    '收到群众反映，建议加强禁渔期执法。',
    '感谢贵委的工作，建议加大宣传力度。',
    '其他地区已有成熟经验，建议借鉴。',
    '对第4项没有意见，对第6项有意见：建议删除。',
    '我们认为第27项与第26项的内容有交叉，建议合并。',
  ])('「%s」 is an opinion', (line) => {
    expect(classify(line, true)).toBeNull();
  });

  it('says whether 无意见 is about the rest', () => {
    expect(isNoObjection('我局原则同意该工作要点，无修改意见和建议。')).toBe(true);
    expect(isNoObjection('建议第5项删除，其他无意见。')).toBe(false);
    expect(noObjectionKind('其余条款无修改意见。')).toBe('general-remark');
    expect(noObjectionKind('我局无意见。')).toBe('no-objection');
  });
});

describe('sentences', () => {
  it('cuts after 。！？； but never inside quotes or brackets', () => {
    expect(sentences('第4项改为“完成排查。建立清单。”即可。其他无意见。（联系人：张三。）')).toEqual([
      '第4项改为“完成排查。建立清单。”即可。',
      '其他无意见。',
      '（联系人：张三。）',
    ]);
  });
});

describe('feedbackLines', () => {
  it('sets aside, in order and by kind, everything around the opinions', () => {
    const text = [
      '区发改委：',
      '　　您好！你委来函收悉。经研究，现将我局意见反馈如下：',
      '　　1.第4项，建议明确建设数量。其他内容无意见。',
      '以上意见仅供参考。（联系人：韩冰，电话：13807985678）',
      '区住建局',
      '2022年4月19日',
    ].join('\n');
    const { lines, asides } = feedbackLines(text);
    expect(lines.filter((line) => line !== null).map((line) => line!.text)).toEqual(['1.第4项，建议明确建设数量。']);
    expect(asides.map((a) => [a.kind, a.text])).toEqual([
      ['salutation', '区发改委：'],
      ['salutation', '您好！'],
      ['receipt', '你委来函收悉。'],
      ['receipt', '经研究，现将我局意见反馈如下：'],
      ['general-remark', '其他内容无意见。'],
      ['signoff', '以上意见仅供参考。'],
      ['contact', '（联系人：韩冰，电话：13807985678）'],
      ['signature', '区住建局'],
      ['date', '2022年4月19日'],
    ]);
  });

  it('reads an opinion table row by row: the header is a caption, 无 rows are 无意见, the rest one opinion each', () => {
    const { lines, asides } = feedbackLines(['序号\t条款\t原文\t修改意见\t理由', '1\t3\t查漏补缺\t查漏补缺，确保销号\t明确要求', '2\t其他条款\t\t无意见\t'].join('\n'));
    expect(lines).toEqual([{ text: '3 （原文：查漏补缺） 查漏补缺，确保销号 （理由：明确要求）', at: 1, row: { clause: '3' } }]);
    expect(asides.map((a) => [a.kind, a.text])).toEqual([
      ['caption', '序号 条款 原文 修改意见 理由'],
      ['general-remark', '2 其他条款 无意见'],
    ]);
  });
});

describe('tables', () => {
  it('knows a header row by its column names, and a row with an empty opinion is no opinion', () => {
    expect(tableHeader('序号\t涉及条款\t修改建议\t备注')?.roles).toEqual(['number', 'clause', 'opinion', 'reason']);
    expect(tableHeader('1\t第4项\t建议删除')).toBeNull();
    const header = tableHeader('条款\t意见')!;
    expect(readRow('第26项\t', header)).toEqual({ kind: 'no-objection', text: '第26项' });
    expect(readRow('第26项\t建议删除', header)).toEqual({ kind: 'opinion', text: '第26项 建议删除', clause: '第26项' });
  });
});

describe('unitNamesIn', () => {
  it.each([
    ['区交通局 赵强', ['区交通局']],
    ['区发改委 规划股', ['区发改委规划股']],
    ['昌江区卫生健康委员会（盖章）', ['昌江区卫生健康委员会']],
    ['吕蒙 区侨联', ['区侨联']],
    ['反馈单位：昌江区交通运输局 联系人：赵强 13807981111', ['昌江区交通运输局']],
    ['张伟', []],
    ['Peter Wong', []],
    ['办公室', []],
  ])('%s → %j', (text, names) => {
    expect(unitNamesIn(text)).toEqual(names);
  });
});
