// Clause names in legal form (src/drafts/reference.ts), on real law text parsed by the importer:
// articles, their 款 (the importer keys them `a10-k2`), 项 in an article of one 款 and of several,
// 目 under a 项; items of work plans numbered through the draft and afresh under each heading;
// free paragraphs; English. The law excerpts are quoted as the NPC database publishes them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDraft, type ParsedNode } from '../../src/drafts/parse.ts';
import { blockReference, type ClauseBlock, Clauses } from '../../src/drafts/reference.ts';

/** The importer's tree as the database keeps it: ids, parents, document order. */
function blocksOf(text: string): (ClauseBlock & { key: string })[] {
  const blocks: (ClauseBlock & { key: string })[] = [];
  let id = 0;
  const walk = (nodes: ParsedNode[], parent: number | null) => {
    for (const node of nodes) {
      const own = ++id;
      blocks.push({ id: own, parent_id: parent, key: node.id, kind: node.kind, label: node.label, number: node.number, title: node.title, text: node.text });
      walk(node.children, own);
    }
  };
  walk(parseDraft(text).body, null);
  return blocks;
}

function names(text: string, locale: 'zh-CN' | 'en' = 'zh-CN') {
  const blocks = blocksOf(text);
  const clauses = new Clauses(blocks, locale);
  const byKey = new Map(blocks.map((b) => [b.key, b.id]));
  return {
    label: (key: string) => clauses.label(byKey.get(key) ?? -1),
    caption: (key: string) => clauses.caption(byKey.get(key) ?? -1),
    keys: blocks.map((b) => b.key),
  };
}

// 《中华人民共和国行政处罚法》（2021年修订）第九条、第十条、第十四条.
const PENALTIES = `中华人民共和国行政处罚法

第二章　行政处罚的种类和设定

第九条　行政处罚的种类：
（一）警告、通报批评；
（二）罚款、没收违法所得、没收非法财物；
（三）暂扣许可证件、降低资质等级、吊销许可证件；
（四）限制开展生产经营活动、责令停产停业、责令关闭、限制从业；
（五）行政拘留；
（六）法律、行政法规规定的其他行政处罚。
第十条　法律可以设定各种行政处罚。
限制人身自由的行政处罚，只能由法律设定。
第十四条　地方政府规章可以在法律、法规规定的给予行政处罚的行为、种类和幅度的范围内作出具体规定。
尚未制定法律、法规的，地方政府规章对违反行政管理秩序的行为，可以设定警告、通报批评或者一定数额罚款的行政处罚。罚款的限额由省、自治区、直辖市人民代表大会常务委员会规定。
`;

// 《中华人民共和国行政诉讼法》第七十四条 and 《中华人民共和国劳动合同法》第四十一条: 项 in the first
// and in the second 款 of one article.
const SEVERAL_PARAGRAPHS = `中华人民共和国行政诉讼法

第七十四条　行政行为有下列情形之一的，人民法院判决确认违法，但不撤销行政行为：
（一）行政行为依法应当撤销，但撤销会给国家利益、社会公共利益造成重大损害的；
（二）行政行为程序轻微违法，但对原告权利不产生实际影响的。
行政行为有下列情形之一，不需要撤销或者判决履行的，人民法院判决确认违法：
（一）行政行为违法，但不具有可撤销内容的；
（二）被告改变原违法行政行为，原告仍要求确认原行政行为违法的；
（三）被告不履行或者拖延履行法定职责，判决履行没有意义的。
第七十五条　行政行为有实施主体不具有行政主体资格或者没有依据等重大且明显违法情形，原告申请确认行政行为无效的，人民法院判决确认无效。
`;

const LAYOFFS = `中华人民共和国劳动合同法

第四十一条　有下列情形之一，需要裁减人员二十人以上或者裁减不足二十人但占企业职工总数百分之十以上的，用人单位提前三十日向工会或者全体职工说明情况，听取工会或者职工的意见后，裁减人员方案经向劳动行政部门报告，可以裁减人员：
（一）依照企业破产法规定进行重整的；
（二）生产经营发生严重困难的；
（三）企业转产、重大技术革新或者经营方式调整，经变更劳动合同后，仍需裁减人员的；
（四）其他因劳动合同订立时所依据的客观经济情况发生重大变化，致使劳动合同无法履行的。
裁减人员时，应当优先留用下列人员：
（一）与本单位订立较长期限的固定期限劳动合同的；
（二）与本单位订立无固定期限劳动合同的；
（三）家庭无其他就业人员，有需要扶养的老人或者未成年人的。
用人单位依照本条第一款规定裁减人员，在六个月内重新招用人员的，应当通知被裁减的人员，并在同等条件下优先招用被裁减的人员。
`;

// 《中华人民共和国增值税法》第十条: 目 (1. 2.) under a 项.
const RATES = `中华人民共和国增值税法

第十条　增值税税率：
（一）纳税人销售货物、加工修理修配服务、有形动产租赁服务，进口货物，除本条第二项、第四项、第五项规定外，税率为百分之十三。
（二）纳税人销售交通运输、邮政、基础电信、建筑、不动产租赁服务，销售不动产，转让土地使用权，销售或者进口下列货物，除本条第四项、第五项规定外，税率为百分之九：
1.农产品、食用植物油、食用盐；
2.自来水、暖气、冷气、热水、煤气、石油液化气、天然气、二甲醚、沼气、居民用煤炭制品；
（三）纳税人销售服务、无形资产，除本条第一项、第二项、第五项规定外，税率为百分之六。
第十一条　适用简易计税方法计算缴纳增值税的征收率为百分之三。
`;

const seed = (name: string) => readFileSync(new URL(`../../seeds/${name}.txt`, import.meta.url), 'utf8');
const fixture = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');

describe('articles, 款 and 项 of real law text', () => {
  it('names a 款 by its place in the article: 第十四条第二款, 第十条第二款', () => {
    const law = names(PENALTIES);
    expect(law.label('a14')).toBe('第十四条');
    expect(law.label('a14-k2')).toBe('第十四条第二款');
    expect(law.label('a10-k2')).toBe('第十条第二款');
    // A 款 short enough to be its own title is shown whole; a long one by its name alone, never cut.
    expect(law.caption('a10-k2')).toBe('第十条第二款 限制人身自由的行政处罚，只能由法律设定');
    expect(law.caption('a14-k2')).toBe('第十四条第二款');
  });

  it('names a 项 of an article of one 款 without the 款: 第九条第（六）项', () => {
    const law = names(PENALTIES);
    expect(law.label('a9-6')).toBe('第九条第（六）项');
    expect(law.caption('a9-6')).toBe('第九条第（六）项 法律、行政法规规定的其他行政处罚');
    expect(law.caption('a9-4')).toBe('第九条第（四）项 限制开展生产经营活动、责令停产停业、责令关闭、限制从业');
    expect(law.caption('a9')).toBe('第九条 行政处罚的种类');
  });

  it('names the 款 of each 项 in an article of several: the 项 follow their 款', () => {
    const suit = names(SEVERAL_PARAGRAPHS);
    expect(suit.label('a74-1')).toBe('第七十四条第一款第（一）项');
    expect(suit.label('a74-2')).toBe('第七十四条第一款第（二）项');
    expect(suit.label('a74-k2')).toBe('第七十四条第二款');
    // The importer keys the second （一） a74-1-2: the 款 comes from the siblings, not the key.
    expect(suit.label('a74-1-2')).toBe('第七十四条第二款第（一）项');
    expect(suit.label('a74-3')).toBe('第七十四条第二款第（三）项');
    expect(suit.caption('a74-3')).toBe('第七十四条第二款第（三）项 被告不履行或者拖延履行法定职责，判决履行没有意义的');
    const layoffs = names(LAYOFFS);
    expect(layoffs.label('a41-4')).toBe('第四十一条第一款第（四）项');
    expect(layoffs.label('a41-k2')).toBe('第四十一条第二款');
    expect(layoffs.label('a41-2-2')).toBe('第四十一条第二款第（二）项');
    expect(layoffs.label('a41-k3')).toBe('第四十一条第三款');
  });

  it('names a 目 under a 项: 第十条第（二）项第1目', () => {
    const rates = names(RATES);
    expect(rates.label('a10-2-1')).toBe('第十条第（二）项第1目');
    expect(rates.caption('a10-2-1')).toBe('第十条第（二）项第1目 农产品、食用植物油、食用盐');
    expect(rates.label('a10-3')).toBe('第十条第（三）项');
  });

  it('names the articles, 款 and 项 of the rural-waste draft the mail corpus uses', () => {
    const draft = names(fixture('mail/corpus/laji-draft.txt'));
    expect(draft.label('a3-k2')).toBe('第三条第二款');
    expect(draft.caption('a5-4')).toBe('第五条第（四）项 建立垃圾分类台账');
    expect(draft.caption('a6-k2')).toBe('第六条第二款 收集点的设置应当方便村民投放，距离居民住宅不少于十米');
    expect(draft.caption('s2')).toBe('第二章 分类与收集');
  });

  it('speaks English: Article 74(2), item (1)', () => {
    const suit = names(SEVERAL_PARAGRAPHS, 'en');
    expect(suit.label('a74-1-2')).toBe('Article 74(2), item (1)');
    expect(suit.label('a74-k2')).toBe('Article 74(2)');
    expect(names(PENALTIES, 'en').label('a9-6')).toBe('Article 9, item (6)');
    expect(names(RATES, 'en').label('a10-2-1')).toBe('Article 10, item (2), sub-item 1');
  });
});

describe('work plans and reports', () => {
  it('names items numbered through the draft 第4项, with their whole titles', () => {
    const plan = names(seed('changjiang-2022-yangtze-work-points-draft'));
    expect(plan.caption('i4')).toBe('第4项 深入推进城镇污水垃圾处理');
    expect(plan.label('i26')).toBe('第26项');
  });

  it('names items numbered afresh under each heading by their part: 第三部分第1项', () => {
    const report = names(seed('changshu-2021-work-report-p2'));
    expect(report.caption('s3-i1')).toBe('第三部分第1项 优化城市功能');
    expect(report.caption('s4-i2')).toBe('第四部分第2项 提高环境治理能力');
    const tasks = names(seed('yixing-2020-key-tasks'));
    expect(tasks.label('s1-i1')).toBe('第1项');
    expect(tasks.caption('s2-1-i1')).toBe('第一部分第1项 加快推进农业现代化建设');
    // The paragraphs under a title-only item are its paragraphs, counted from the first.
    expect(tasks.label('s2-1-i1-p1')).toBe('第一部分第1项第一段');
  });

  it('names free paragraphs by their place, with a short lead sentence as their title', () => {
    const report = names(seed('jiangyin-2022-resolutions-report'));
    expect(report.caption('p4')).toBe('第一部分第3段 聚焦“蓝天”,提升蓝天幸福感');
    const traditional = names(seed('jurong-2024-work-report-traditional'));
    expect(traditional.label('p9')).toBe('第一部分（一）第1段');
  });

  it('never cuts a caption with 「…」', () => {
    for (const name of ['changjiang-2022-yangtze-work-points-draft', 'changshu-2021-work-report-p2', 'jiangyin-2022-resolutions-report', 'jurong-2024-work-report-traditional', 'yixing-2020-key-tasks']) {
      const draft = names(seed(name));
      for (const key of draft.keys) expect(draft.caption(key), `${name} ${key}`).not.toContain('…');
    }
  });
});

describe('blockReference, for a block read without its siblings', () => {
  it('names items as Clauses does where the parent suffices', () => {
    const article = { kind: 'article', label: '第九条', number: 9, title: null, text: '行政处罚的种类：' } as const;
    expect(blockReference({ kind: 'item', label: '（六）', number: 6, title: null, text: '法律、行政法规规定的其他行政处罚。' }, 'zh-CN', article)).toBe('第九条第（六）项');
    expect(blockReference({ kind: 'item', label: '4.', number: 4, title: null, text: '深入推进城镇污水垃圾处理。' }, 'zh-CN')).toBe('第4项');
    expect(blockReference({ kind: 'item', label: '4.', number: 4, title: null, text: '深入推进城镇污水垃圾处理。' }, 'en')).toBe('item 4');
  });

  it('quotes the first words of a paragraph, whose place it cannot know', () => {
    expect(blockReference({ kind: 'paragraph', label: null, number: null, title: null, text: '限制人身自由的行政处罚，只能由法律设定。' }, 'zh-CN')).toBe('「限制人身自由的行政处罚，只能由法…」');
  });
});
