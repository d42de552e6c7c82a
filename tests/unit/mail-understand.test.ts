// Understanding messages against the real Changjiang draft (parsed by the importer, blocks with
// made-up ids, no database): which consultation, unit, paragraphs, outcome and lateness.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readMessage } from '../../src/mail/read.ts';
import type { IntakeBlock, IntakeConsultation, IntakeContext, ReadMessage } from '../../src/mail/types.ts';
import { toImportLine } from '../../src/mail/import-line.ts';
import { understandMessage } from '../../src/mail/understand.ts';
import { reasonText, summarizeUnderstanding } from '../../src/mail/wording.ts';
import { translator } from '../../src/lib/i18n.ts';
import { block, CHANGJIANG_ID, changjiang, intakeContext, otherConsultation, UNITS } from '../helpers/intake.ts';

/** The reason as the office reads it, in Chinese. */
const said = (u: { reason: Parameters<typeof reasonText>[0] }) => reasonText(u.reason, translator('zh-CN'));

const fixture = (name: string) => readMessage(readFileSync(fileURLToPath(new URL(`../fixtures/mail/${name}`, import.meta.url))));

/** The context an IMAP or file import builds: recipients from the headers, timed by Received. */
function importContext(message: ReadMessage, overrides: Partial<IntakeContext> = {}): IntakeContext {
  return intakeContext({
    recipients: [...message.to, ...message.cc],
    timing: 'imported',
    receivedAt: new Date('2022-04-21T09:00:00+08:00'),
    ...overrides,
  });
}

async function understandFixture(name: string, overrides: Partial<IntakeContext> = {}) {
  const message = await fixture(name);
  const context = importContext(message, overrides);
  const understanding = understandMessage(message, context);
  /** Comments as [block key or null, text], easy to compare. */
  const comments = understanding.comments.map((comment) => {
    const target = comment.blockId === null ? null : context.consultations.flatMap((c) => c.blocks).find((b) => b.id === comment.blockId)!.key;
    return [target, comment.text];
  });
  return { message, context, understanding, comments };
}

function bare(text: string, overrides: Partial<ReadMessage> = {}): ReadMessage {
  return {
    messageId: '<bare@test>',
    subject: '反馈意见',
    from: { address: 'someone@example.com', name: null },
    to: ['changjiang-2022@yijian.test'],
    cc: [],
    date: new Date('2022-04-18T10:00:00+08:00'),
    received: [],
    text,
    quotedRemoved: false,
    attachments: [],
    locale: 'zh-CN',
    warnings: [],
    ...overrides,
  };
}

describe('which paragraph', () => {
  it('explicit references win; text that names no paragraph is a general comment', async () => {
    const { understanding, comments } = await understandFixture('gbk-body.eml');
    expect(understanding.outcome).toBe('comments');
    expect(comments).toEqual([
      ['i3', '关于第3项，建议将“查漏补缺”修改为“查漏补缺，确保按期销号”。'],
      // The first reference names the point; 「与第5项的表述保持一致」 is a remark inside it.
      ['i13', '第十三项中“区重点推进项目中心”应为“区重点项目推进中心”，与第5项的表述保持一致。'],
      // 第二部分 is a heading, which takes no comments: the point is about the draft in general.
      [null, '建议在第二部分增加对饮用水水源地保护的要求。'],
    ]);
  });

  it('a leading 1./2./3. is the reply’s own numbering, unless the title of an item follows it', async () => {
    const { comments } = await understandFixture('own-numbering.eml');
    expect(comments).toEqual([
      [null, '建议全文统一使用“乡(镇)街道”的表述。'],
      // There is no item 38 in this draft: the point stays, as a general comment.
      [null, '关于第38项，建议删除重复的内容。'],
      // "3." followed by item 1's title: item 1, not item 3.
      ['i1', '狠抓警示片披露问题整改：建议补充整改销号的时限。'],
      // "4." followed by item 5's title: item 5.
      ['i5', '深入推进化工污染治理：建议明确富祥生物医药产业园污水处理设施的建设时间。'],
      // A sub-list opened by a colon stays with its point.
      ['i24', '对第24项，建议增加农村改厕的具体目标：\n（1）2022年完成改厕500户；\n（2）建立长效管护机制。'],
      // 第4条第2款 in a work plan without articles: item 4.
      ['i4', '第4条第2款的数字有误，“14550米”出现两次，请核实。'],
    ]);
  });

  it('the announcement quoted below a reply yields nothing', async () => {
    const { understanding, comments } = await understandFixture('utf8-reply-chain.eml');
    expect(comments).toEqual([
      ['i4', '关于第4项：建议将“2022年9月底前完成全区建成区黑臭水体排查”的时间调整为2022年10月底前，留出汛期后的复核时间。'],
      ['i16', '关于第16项：206国道升级改造由市交通局牵头，建议将责任单位调整为“市交通局、区交通局”。'],
    ]);
    expect(understanding.unitName).toBe('区住建局');
  });

  it('reads HTML webmail with 一、二、 numbering and 第十四项 in Chinese numerals', async () => {
    const { comments, understanding } = await understandFixture('html-qq.eml');
    expect(comments).toEqual([
      ['i14', '第十四项“因地制宜建设分拣中心”，建议明确2022年底前 建成1个区级分拣中心。'],
      ['i24', '对第24项，建议增加“推进农村垃圾分类&资源化利用”的内容。'],
    ]);
    // A QQ address is not a unit's: a person writing by email.
    expect(understanding.unitId).toBeNull();
  });

  it('163 HTML: 对第6项 and 第29项, sent to the office’s own mailbox', async () => {
    const { comments, understanding } = await understandFixture('html-163.eml');
    expect(understanding.consultationId).toBe(CHANGJIANG_ID);
    expect(comments).toEqual([
      ['i6', '对第6项，建议将“以乡镇或行政村为单位建设一批农村有机废弃物综合处置利用设施”改为“以乡镇为单位”，行政村一级难以运营。'],
      ['i29', '第29项 “加强与各行等金融机构的合作”中“各行”表述不清，建议改为“各银行”。'],
    ]);
  });

  it('names an item by its title in quotes, or by a phrase of its text', async () => {
    const { comments } = await understandFixture('quoted-title.eml');
    expect(comments).toEqual([
      ['i30', '「加强宣传引导」一条，建议增加利用新媒体开展宣传的内容。'],
      ['i12', '“开展农田地膜残留监测评估”这句，建议明确由哪个部门负责。'],
    ]);
  });

  it('drops greeting, introduction, sign-off and signature, and 「其他各项无意见」, keeping the comment', async () => {
    const { comments, understanding } = await understandFixture('outlook-reply.eml');
    expect(understanding.outcome).toBe('comments');
    expect(comments).toEqual([['i16', '我局对第16项有以下意见：建议将“加快建设昌景黄高铁、206国道升级改造”中的“206国道”改为“G206国道”。']]);
  });

  it('reads English: item 7 and a general remark', async () => {
    const { comments, message, understanding, context } = await understandFixture('outlook-english.eml');
    expect(comments).toEqual([
      ['i7', 'Regarding item 7, I suggest adding a baseline survey of fish stocks before the monitoring starts.'],
      [null, 'More generally, please publish the monitoring data each year.'],
    ]);
    expect(summarizeUnderstanding(understanding, context, message.locale)).toBe('2 comments: item 7, general');
  });

  it('traditional characters: 關於第23項 is item 23', async () => {
    const { comments } = await understandFixture('big5-body.eml');
    expect(comments).toEqual([
      ['i23', '關於第23項，建議在修復歷史文化街區時保留原有的窯作坊，並設置說明標牌。'],
      [null, '另外，建議整體上增加公眾參與的內容。'],
    ]);
  });

  it.each([
    ['关于第4项', 'i4'],
    ['对第24项', 'i24'],
    ['第十四项', 'i14'],
    ['第4点', 'i4'],
    ['第五条', 'i5'],
    ['第３０项', 'i30'],
    ['第4、5项', 'i4'],
    ['關於第十二項', 'i12'],
  ])('「%s，建议……」 lands on %s', (reference, key) => {
    const context = intakeContext();
    const understanding = understandMessage(bare(`${reference}，建议再明确一些。`), context);
    expect(understanding.comments.map((c) => c.blockId)).toEqual([block(context, key).id]);
  });

  it('「一是…二是…」 and 「第一点意见」 are the sender’s own points; their references still count', () => {
    const context = intakeContext();
    const text = [
      '第一点意见：建议加强宣传。',
      '第二点意见：第4项时间太紧。',
      '二是第6项建议删除。',
      '我局意见：一是关于第7项，建议补充监测；二是关于第8项，建议提高目标。',
    ].join('\n');
    const understanding = understandMessage(bare(text), context);
    expect(understanding.comments.map((c) => [c.blockId, c.text])).toEqual([
      [null, '建议加强宣传。'],
      [block(context, 'i4').id, '第4项时间太紧。'],
      [block(context, 'i6').id, '第6项建议删除。'],
      // The sender's 一是/二是 go, wherever they stand, as 「二是」 at the start of a line does.
      [block(context, 'i7').id, '关于第7项，建议补充监测；'],
      [block(context, 'i8').id, '关于第8项，建议提高目标。'],
    ]);
  });

  it('thanks, 「修改如下：」 and a line after a sign-off are kept when they carry feedback', () => {
    const context = intakeContext();
    const text = '感谢贵委的工作，建议第4项增加监测。\n建议将第5项修改如下：\n“持续开展化工企业污染整治。”\n谢谢！\n另：第6项建议删除。\n谢谢！\n张三';
    expect(understandMessage(bare(text), context).comments.map((c) => [c.blockId, c.text])).toEqual([
      [block(context, 'i4').id, '感谢贵委的工作，建议第4项增加监测。'],
      [block(context, 'i5').id, '建议将第5项修改如下：\n“持续开展化工企业污染整治。”'],
      [block(context, 'i6').id, '另：第6项建议删除。'],
    ]);
  });

  it('another law’s article is not the draft’s: 《长江保护法》第二十条', () => {
    const context = intakeContext();
    const understanding = understandMessage(bare('建议依照《中华人民共和国长江保护法》第二十条补充相关内容。'), context);
    expect(understanding.comments).toEqual([{ blockId: null, text: '建议依照《中华人民共和国长江保护法》第二十条补充相关内容。', source: { kind: 'body' } }]);
  });
});

describe('only opinions become comments', () => {
  const understood = (text: string) => {
    const context = intakeContext();
    const u = understandMessage(bare(text), context);
    const key = (id: number | null) => (id === null ? null : context.consultations.flatMap((c) => c.blocks).find((b) => b.id === id)!.key);
    return { outcome: u.outcome, comments: u.comments.map((c) => [key(c.blockId), c.text]), aside: u.nonOpinions.map((n) => [n.kind, n.text]), rest: u.noObjectionOnRest };
  };

  it.each([
    ['第5项建议删除，其他无意见。', [['i5', '第5项建议删除']], [['general-remark', '其他无意见。']], true],
    ['其他无意见，但建议第5项删除。', [['i5', '建议第5项删除。']], [['general-remark', '其他无意见，']], true],
    ['第5项建议删除，第3项无意见。', [['i5', '第5项建议删除']], [['no-objection', '第3项无意见。']], false],
    ['对第4项没有意见，对第6项有意见：建议删除。', [['i6', '对第6项有意见：建议删除。']], [['no-objection', '对第4项没有意见，']], false],
    ['建议第7项增加监测。请审阅。', [['i7', '建议第7项增加监测。']], [['signoff', '请审阅。']], false],
    ['一、总体意见\n建议压缩篇幅。\n二、具体意见\n第5项建议删除。', [[null, '建议压缩篇幅。'], ['i5', '第5项建议删除。']], [['caption', '一、总体意见'], ['caption', '二、具体意见']], false],
    ['建议：\n1.加快进度；\n2.加强考核。', [[null, '加快进度；'], [null, '加强考核。']], [['receipt', '建议：']], false],
  ])('「%s」', (text, comments, aside, rest) => {
    expect(understood(text)).toEqual({ outcome: 'comments', comments, aside, rest });
  });

  it('keeps a list that the point opens with a colon, and the short wording under one', () => {
    expect(understood('建议增加以下内容：\n（一）设立举报电话；\n（二）公开处理结果。').comments).toEqual([[null, '建议增加以下内容：\n（一）设立举报电话；\n（二）公开处理结果。']]);
    expect(understood('第4项建议：\n加强宣传').comments).toEqual([['i4', '第4项建议：\n加强宣传']]);
  });
});

describe('a plan that numbers each section from 1 (the Yixing seed)', () => {
  const context = intakeContext({ recipients: ['yixing-2020@yijian.test'] });
  const yixing = context.consultations.find((c) => c.slug === 'yixing-2020')!;
  const keyOf = (text: string) =>
    understandMessage(bare(text, { to: ['yixing-2020@yijian.test'] }), context).comments.map(
      (c) => yixing.blocks.find((b) => b.id === c.blockId)?.key ?? null,
    );

  it.each([
    // Two items are numbered 3: without more, the point stays general rather than guess.
    ['第3项，建议调整。', null],
    ['关于综合目标第3项，建议调整为5%。', 's1-i3'],
    ['一、农业农村类第3项，建议补充。', 's2-1-i3'],
    ['第一部分第3项建议调整。', 's1-i3'],
    ['第二部分（一）第3项建议补充。', 's2-1-i3'],
    ['第3项“深入推进农村改革”建议补充。', 's2-1-i3'],
    ['第20项建议补充。', 's2-5-i20'],
  ])('%s → %s', (text, key) => {
    expect(keyOf(text)).toEqual([key]);
  });
});

describe('a draft with articles (第X条) and items under them', () => {
  const blocks: IntakeBlock[] = [
    { id: 1, kind: 'heading', label: '第一章', number: 1, title: '总则', text: null, parentId: null },
    { id: 2, kind: 'article', label: '第一条', number: 1, title: null, text: '为了保护长江流域生态环境，制定本条例。', parentId: 1 },
    { id: 3, kind: 'article', label: '第五条', number: 5, title: null, text: '县级以上人民政府应当履行下列职责：', parentId: 1 },
    { id: 4, kind: 'item', label: '（一）', number: 1, title: null, text: '组织编制规划；', parentId: 3 },
    { id: 5, kind: 'item', label: '（二）', number: 2, title: null, text: '建立监测网络；', parentId: 3 },
    { id: 6, kind: 'article', label: '第十四条', number: 14, title: null, text: '禁止在长江干流岸线一公里范围内新建化工园区。', parentId: 1 },
    { id: 7, kind: 'article', label: '第十五条', number: 15, title: null, text: '县级人民政府负责组织实施。', parentId: 1 },
    { id: 8, kind: 'paragraph', label: null, number: null, title: null, text: '乡镇人民政府协助做好相关工作。', parentId: 7 },
  ];
  const law: IntakeConsultation = { ...changjiang(), id: 20, slug: 'law', title: '长江流域保护条例', addresses: ['law@yijian.test'], blocks };
  const context = intakeContext({ recipients: ['law@yijian.test'], consultations: [law] });

  it.each([
    ['第5条，建议增加“公开监测数据”。', 3],
    ['第五条第（二）项，建议改为“建立统一的监测网络”。', 5],
    ['第五条第二项建议删除。', 5],
    ['第十四条第2款，建议“一公里”改为“三公里”。', 6],
    ['关于第14条，建议补充例外情形。', 6],
    // 第N条第M款: the article's own text is its first 款, the paragraphs under it the next ones.
    ['第十五条第二款，建议删除“协助”。', 8],
    ['第十五条第一款，建议改为“区人民政府”。', 7],
  ])('%s', (text, id) => {
    expect(understandMessage(bare(text, { to: ['law@yijian.test'] }), context).comments.map((c) => c.blockId)).toEqual([id]);
  });

  it('says articles and their items by name in the acknowledgement', () => {
    const understanding = understandMessage(bare('第五条第（二）项，建议改。\n第十四条，建议删除。', { to: ['law@yijian.test'] }), context);
    // In legal form, as the sender wrote it (issue 10: one naming of clauses everywhere).
    expect(summarizeUnderstanding(understanding, context, 'zh-CN')).toBe('2条意见：第五条第（二）项、第十四条');
    expect(summarizeUnderstanding(understanding, context, 'en')).toBe('2 comments: Article 5, item (2), Article 14');
  });
});

describe('无意见', () => {
  it('a unit saying it has no comments is recorded as such, with no comment stored', async () => {
    const { understanding, context } = await understandFixture('no-comments.eml');
    expect(understanding).toMatchObject({ outcome: 'no-comments', unitId: 3, unitName: '区林业局', comments: [] });
    expect(summarizeUnderstanding(understanding, context, 'zh-CN')).toBe('已记录贵单位无意见');
    expect(summarizeUnderstanding(understanding, context, 'en')).toBe('Recorded that your unit has no comments');
  });

  it.each([
    '无意见',
    '没有意见。',
    '我单位无意见。',
    '经研究，无意见。',
    '我局对该征求意见稿无修改意见。',
    '无其他意见，谢谢！',
    '经认真研究，我委原则同意，无修改意见。',
    '收悉。我单位没有意见。',
  ])('「%s」 is no-comments', (text) => {
    expect(understandMessage(bare(text), intakeContext()).outcome).toBe('no-comments');
  });

  it('but not when the message also makes a point: 「对第3项无意见，但第5项…」', async () => {
    const { understanding, comments } = await understandFixture('mixed-no-comment.eml');
    expect(understanding.outcome).toBe('comments');
    expect(comments).toEqual([['i5', '第5项建议增加“园区污水处理设施2022年底前投入运行”的时间要求。']]);
  });

  it('in an attachment, and in a subject over an empty body', () => {
    const context = intakeContext();
    const attachment = bare('', {
      attachments: [{ filename: '回复.txt', contentType: 'text/plain', content: new Uint8Array(), disposition: 'feedback', text: '我单位无意见。\n区林业局' }],
    });
    expect(understandMessage(attachment, context).outcome).toBe('no-comments');
    expect(understandMessage(bare('', { subject: '回复：无意见' }), context).outcome).toBe('no-comments');
  });

  it('「无意见」 followed by a general suggestion is a comment', () => {
    const understanding = understandMessage(bare('我局无意见。\n另建议加大宣传力度。'), intakeContext());
    expect(understanding.outcome).toBe('comments');
    expect(understanding.comments.map((c) => c.text)).toEqual(['另建议加大宣传力度。']);
  });
});

describe('attachments', () => {
  it('the same words in the body and in the attached file are one comment', () => {
    const text = '关于第4项，建议推迟一个月。';
    const message = bare(text, {
      attachments: [{ filename: '意见.txt', contentType: 'text/plain', content: new Uint8Array(), disposition: 'feedback', text: `${text}\n关于第5项，建议删除。` }],
    });
    const u = understandMessage(message, intakeContext());
    expect(u.comments.map((c) => [c.text, c.source])).toEqual([
      [text, { kind: 'body' }],
      ['关于第5项，建议删除。', { kind: 'attachment', index: 0 }],
    ]);
  });

  it('an attachment-only reply (.docx feedback form) is read like a body', async () => {
    const { understanding, comments } = await understandFixture('attachment-docx.eml');
    expect(understanding.outcome).toBe('comments');
    expect(comments).toEqual([
      ['i1', '第1项 建议将“近三年”改为“2019年以来” （理由：与省里的台账口径一致）'],
      ['i13', '第13项 建议增加“2022年底前完成排污口整治销号” （理由：明确时限）'],
    ]);
    expect(understanding.comments.every((c) => c.source.kind === 'attachment' && c.source.index === 0)).toBe(true);
  });

  it('a GBK .txt with no body', async () => {
    const { comments, understanding } = await understandFixture('attachment-gbk-txt.eml');
    expect(comments).toEqual([
      ['i20', '关于第20项：“持续提工业园区污染治理能力”一句缺字，应为“持续提升工业园区污染治理能力”。'],
      ['i19', '关于第19项：建议删除“世界级”。'],
    ]);
    // Found by the title in the subject? No: by the intake address. Either way, Changjiang.
    expect(understanding.consultationId).toBe(CHANGJIANG_ID);
  });

  it('comments in the body, the stamped PDF kept alongside', async () => {
    const { comments, message, understanding } = await understandFixture('pdf-kept.eml');
    expect(understanding.outcome).toBe('comments');
    expect(comments).toEqual([['i18', '关于第18项，“保持R&D经费支出占GDP保持2%以上”一句重复了“保持”，建议改为“R&D经费支出占GDP比重保持在2%以上”。']]);
    expect(message.attachments.map((a) => [a.filename, a.disposition])).toEqual([['区科技局反馈意见（盖章件）.pdf', 'kept']]);
  });

  it('only a PDF: needs attention, naming the file', async () => {
    const { understanding } = await understandFixture('pdf-only.eml');
    expect(understanding.outcome).toBe('needs-attention');
    expect(understanding.reason).toEqual({ code: 'attachment-not-read', params: { names: ['区财政局意见.pdf'] } });
    expect(said(understanding)).toBe('意见可能在附件「区财政局意见.pdf」中，无法自动读取，请人工查看');
  });
});

describe('which consultation', () => {
  it('by recipient address, case-insensitively', () => {
    const context = intakeContext({ recipients: ['ChangJiang-2022@YiJian.test'] });
    expect(understandMessage(bare('建议加快进度。', { to: [], subject: '意见' }), context).consultationId).toBe(CHANGJIANG_ID);
  });

  it('by the title in the subject, in traditional characters, without 征求意见稿, with other punctuation', async () => {
    const withoutOfficeAddress = { ...changjiang(), addresses: ['changjiang-2022@yijian.test'] };
    const { understanding } = await understandFixture('big5-body.eml', { consultations: [otherConsultation(), withoutOfficeAddress] });
    expect(understanding.consultationId).toBe(CHANGJIANG_ID);
    const context = intakeContext({ recipients: ['office@other.test'], consultations: [otherConsultation(), withoutOfficeAddress] });
    for (const subject of [
      '关于2022年景德镇市昌江区推进长江经济带发展工作要点的意见',
      '《2022年景德镇市昌江区推进长江经济带发展工作要点(意见征求稿)》反馈',
      '回复：《2022 年景德镇市昌江区 推进长江经济带发展工作要点》',
    ]) {
      expect(understandMessage(bare('建议加快进度。', { to: ['office@other.test'], subject }), context).consultationId).toBe(CHANGJIANG_ID);
    }
  });

  it('the consultation named by the caller wins', async () => {
    const { understanding } = await understandFixture('unassigned.eml', { forcedConsultationId: CHANGJIANG_ID });
    expect(understanding.outcome).toBe('comments');
    expect(understanding.consultationId).toBe(CHANGJIANG_ID);
  });

  it('unknown recipient and no title: unassigned, with the reason', async () => {
    const { understanding, context } = await understandFixture('unassigned.eml');
    expect(understanding).toMatchObject({ outcome: 'unassigned', consultationId: null, comments: [] });
    expect(understanding.reason).toEqual({ code: 'no-consultation' });
    expect(said(understanding)).toContain('收件地址不对应任何征求意见');
    expect(summarizeUnderstanding(understanding, context, 'zh-CN')).toBe('邮件已收到，工作人员将确定它所属的征求意见稿后处理');
  });
});

describe('which unit', () => {
  it('the sender address matches a unit’s, whatever its case', () => {
    const context = intakeContext();
    const u = understandMessage(bare('建议加快进度。', { from: { address: 'zjj@changjiang.gov.test', name: null } }), context);
    expect([u.unitId, u.unitName]).toEqual([2, '区住建局']);
    expect(UNITS[1]!.addresses[0]).toBe('ZJJ@changjiang.gov.test');
  });

  it('a department writing from a personal address is not taken for the unit, but proposed', async () => {
    const { understanding } = await understandFixture('html-163.eml');
    expect(understanding.unitId).toBeNull();
    // Not on this roster, but a unit the office knows by exactly that name.
    expect(understanding.proposedUnit).toMatchObject({ id: 4, name: '区农业农村水利局', match: 'same' });
    // A unit named inside a comment is not a signature.
    const named = understandMessage(bare('关于第4项，建议把区林业局列为配合单位。\n张三'), intakeContext());
    expect(named.proposedUnit).toBeNull();
  });

  it('an unknown sender is an individual or organisation', () => {
    const u = understandMessage(bare('建议加快进度。'), intakeContext());
    expect([u.unitId, u.unitName]).toEqual([null, null]);
    expect(summarizeUnderstanding({ ...u, outcome: 'no-comments', comments: [] }, intakeContext(), 'zh-CN')).toBe('已记录您无意见');
  });
});

describe('on time or late', () => {
  it('imported: the earliest trustworthy Received header decides — here after the deadline', async () => {
    const { understanding, comments, context } = await understandFixture('late.eml');
    expect(understanding.sentAt.toISOString()).toBe('2022-04-20T10:30:01.000Z');
    expect(understanding.late).toBe(true);
    expect(comments).toEqual([['i19', '关于第19项，建议将“培育世界级先进产业集群”改为“培育省级先进产业集群”，更符合我区实际。']]);
    expect(summarizeUnderstanding(understanding, context, 'zh-CN')).toBe('1条意见：第19项（已过截止时间，作为逾期意见保留）');
  });

  it('live: our clock decides, whatever the headers say', async () => {
    const message = await fixture('late.eml');
    const receivedAt = new Date('2022-04-19T23:00:00+08:00');
    const u = understandMessage(message, intakeContext({ timing: 'live', receivedAt }));
    expect(u.sentAt).toEqual(receivedAt);
    expect(u.late).toBe(false);
  });

  const at = (iso: string) => new Date(iso);
  const receivedAt = at('2022-04-21T01:00:00Z');
  const imported = (overrides: Partial<ReadMessage>) =>
    understandMessage(bare('建议加快进度。', overrides), intakeContext({ timing: 'imported', receivedAt })).sentAt.toISOString();

  it('ignores a Received date later than our own receipt, or far before the Date header', () => {
    expect(
      imported({
        date: at('2022-04-19T10:00:00Z'),
        received: [at('2022-04-22T00:00:00Z'), at('2022-04-19T10:00:05Z'), at('2019-01-01T00:00:00Z')],
      }),
    ).toBe('2022-04-19T10:00:05.000Z');
  });

  it('falls back to the Date header, then to our receipt', () => {
    expect(imported({ date: at('2022-04-19T10:00:00Z'), received: [at('2030-01-01T00:00:00Z')] })).toBe('2022-04-19T10:00:00.000Z');
    expect(imported({ date: at('2031-01-01T00:00:00Z'), received: [] })).toBe(receivedAt.toISOString());
    expect(imported({ date: null, received: [] })).toBe(receivedAt.toISOString());
  });

  it('never uses dates from the quoted part', async () => {
    const { understanding } = await understandFixture('utf8-reply-chain.eml');
    // The quote says 2022年4月6日 and 2022年5月6日; the headers say 19 April, 11:00.
    expect(understanding.sentAt.toISOString()).toBe('2022-04-19T03:00:03.000Z');
    expect(understanding.late).toBe(false);
  });
});

describe('spam and irrelevant mail', () => {
  it.each([
    ['spam-promotion.eml', '促销'],
    ['spam-invoice.eml', '代开发票'],
    ['invoice-notice.eml', '发票通知'],
  ])('%s is set aside as spam', async (name, signal) => {
    const { understanding } = await understandFixture(name);
    expect(understanding.outcome).toBe('spam');
    expect(understanding.comments).toEqual([]);
    expect(understanding.reason?.code).toBe('spam');
    expect(said(understanding)).toContain(signal);
  });

  it('a department writing about invoices and discounts in its comments is not spam', () => {
    const text = '关于第21项，建议增加对小微企业的税收优惠，规范开具发票行为，限时办结退税申请。';
    const fromUnit = understandMessage(bare(text, { from: { address: 'sthjj@changjiang.gov.test', name: null } }), intakeContext());
    expect(fromUnit.outcome).toBe('comments');
    const fromCitizen = understandMessage(bare(text), intakeContext());
    expect(fromCitizen.outcome).toBe('comments');
    expect(fromCitizen.comments[0]!.blockId).toBe(block(intakeContext(), 'i21').id);
  });

  it('a citizen’s general comment that mentions a link is not spam', () => {
    const u = understandMessage(bare('建议参考 https://example.org/report 的做法，加强宣传。'), intakeContext());
    expect(u.outcome).toBe('comments');
  });
});

describe('failures are outcomes, never exceptions', () => {
  it('a message that could not be decoded needs attention with the reason', async () => {
    const message = await readMessage(new Uint8Array());
    const u = understandMessage(message, intakeContext());
    expect(u).toMatchObject({ outcome: 'needs-attention', reason: { code: 'unreadable', params: { problem: { code: 'empty' } } }, comments: [] });
    expect(said(u)).toBe('邮件内容为空');
  });

  it('a message with no text at all needs attention', () => {
    const u = understandMessage(bare(''), intakeContext());
    expect(u.outcome).toBe('needs-attention');
    expect(u.reason).toEqual({ code: 'no-opinion', params: { problems: [] } });
    expect(said(u)).toBe('邮件中没有找到意见内容');
  });

  it('a message that only forwards or quotes another needs attention, saying so', () => {
    const u = understandMessage(bare('', { quotedRemoved: true }), intakeContext());
    expect(u).toMatchObject({ outcome: 'needs-attention', reason: { code: 'only-quoted' } });
    expect(said(u)).toBe('正文只有引用或转发的邮件，没有发件人自己的意见，请人工查看');
  });

  it('「详见附件」 with no attachment needs attention', () => {
    const u = understandMessage(bare('详见附件。'), intakeContext());
    expect(u).toMatchObject({ outcome: 'needs-attention', reason: { code: 'pointer-without-attachment' } });
    expect(said(u)).toBe('正文说意见见附件，但邮件中没有可读取的附件');
  });
});

describe('the mail:import --json line', () => {
  it('has the shape the issue gives, with the paragraph’s key and how people name it', async () => {
    const { message, understanding, context } = await understandFixture('gbk-body.eml');
    expect(toImportLine(message, understanding, context)).toEqual({
      messageId: '<gbk-body-0418@changjiang.gov.test>',
      consultation: 'changjiang-2022',
      from: 'sthjj@changjiang.gov.test',
      unit: '区生态环境局',
      receivedAt: '2022-04-18T07:20:11.000Z',
      late: false,
      outcome: 'comments',
      reason: null,
      comments: [
        { paragraph: { id: 'i3', label: '第3项', number: 3 }, text: '关于第3项，建议将“查漏补缺”修改为“查漏补缺，确保按期销号”。' },
        { paragraph: { id: 'i13', label: '第13项', number: 13 }, text: '第十三项中“区重点推进项目中心”应为“区重点项目推进中心”，与第5项的表述保持一致。' },
        { paragraph: null, text: '建议在第二部分增加对饮用水水源地保护的要求。' },
      ],
      noObjectionOnRest: understanding.noObjectionOnRest,
      nonOpinions: expect.any(Object),
      unitNames: understanding.unitNames,
      attribution: { by: 'address', unit: '区生态环境局', signedAs: null, candidates: [] },
    });
    expect(summarizeUnderstanding(understanding, context, 'zh-CN')).toBe('3条意见：第3项、第13项、总体意见');
    expect(summarizeUnderstanding(understanding, context, 'en')).toBe('3 comments: item 3, item 13, general');
  });
});
