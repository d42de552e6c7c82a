import { describe, expect, it } from 'vitest';
import { parseDraft, type ParsedNode } from '../../src/drafts/parse.ts';
import { parseChineseNumber } from '../../src/drafts/numerals.ts';

const regulation = `某市生活垃圾分类管理条例（草案征求意见稿）

第一章 总则

第一条【立法目的】 为了加强生活垃圾分类管理，改善人居环境，根据有关法律、行政法规，结合本市实际，制定本条例。

第二条 本条例适用于本市行政区域内生活垃圾的分类投放、收集、运输和处理。
本条例所称生活垃圾，是指在日常生活中产生的固体废物。

第三条 生活垃圾分为以下四类：
（一）可回收物；
（二）有害垃圾；
（三）厨余垃圾；
（四）其他垃圾。
前款规定的具体分类目录由市主管部门制定。

第二章 分类投放
第一节 一般规定

第四条 违反本条例第三条规定的，依照本条例第十九条处理。
第十九条规定的罚款，由城市管理部门决定。

第五条　单位和个人应当按照分类标准投放生活垃圾。
`;

function ids(nodes: ParsedNode[], out: string[] = []): string[] {
  for (const n of nodes) {
    out.push(n.id);
    ids(n.children, out);
  }
  return out;
}

describe('articles (第X条) with 款 and （一） enumerations', () => {
  const draft = parseDraft(regulation);

  it('keeps 编/章/节 as nested headings and articles under them', () => {
    expect(draft.title).toBe('某市生活垃圾分类管理条例');
    expect(draft.meta.draftStage).toBe('草案征求意见稿');
    expect(draft.body.map((n) => `${n.kind}:${n.label}${n.title}`)).toEqual(['heading:第一章总则', 'heading:第二章分类投放']);
    const chapter2 = draft.body[1]!;
    expect(chapter2.children.map((n) => `${n.kind}:${n.label}`)).toEqual(['heading:第一节']);
    expect(chapter2.children[0]!.children.map((n) => n.label)).toEqual(['第四条', '第五条']);
  });

  it('reads an article title in brackets and the 款 after the first line', () => {
    const [a1, a2] = draft.body[0]!.children;
    expect(a1).toMatchObject({ kind: 'article', number: 1, title: '立法目的', id: 'a1' });
    expect(a1!.text).toMatch(/^为了加强生活垃圾分类管理/);
    expect(a2!.children.map((c) => [c.kind, c.id])).toEqual([['paragraph', 'a2-k2']]);
  });

  it('makes （一） inside an article an enumeration, and the 款 after it part of the article', () => {
    const a3 = draft.body[0]!.children[2]!;
    expect(a3.children.map((c) => `${c.kind}:${c.label ?? ''}:${c.id}`)).toEqual([
      'item:（一）:a3-1',
      'item:（二）:a3-2',
      'item:（三）:a3-3',
      'item:（四）:a3-4',
      'paragraph::a3-k2',
    ]);
  });

  it('never starts an article at a cross-reference', () => {
    const a4 = draft.body[1]!.children[0]!.children[0]!;
    expect(a4.text).toBe('违反本条例第三条规定的，依照本条例第十九条处理。');
    expect(a4.children.map((c) => c.text)).toEqual(['第十九条规定的罚款，由城市管理部门决定。']);
    expect(ids(draft.body)).not.toContain('a19');
  });

  it('accepts the ideographic space after 第X条', () => {
    const a5 = draft.body[1]!.children[0]!.children[1]!;
    expect(a5).toMatchObject({ number: 5, text: '单位和个人应当按照分类标准投放生活垃圾。' });
  });
});

describe('Markdown drafts', () => {
  const markdown = `# 某区公园管理办法（征求意见稿）

## 一、总则

为了规范公园管理，
保障游园安全，制定本办法。

## 二、管理要求

1. 公园应当每日开放。（区城管局负责，各街道配合）
2. 禁止在公园内**焚烧**落叶。

### 附则说明

本办法自发布之日起施行。
`;
  const draft = parseDraft(markdown, { format: 'markdown' });

  it('uses the first heading as title and nests ## and ### headings', () => {
    expect(draft.title).toBe('某区公园管理办法');
    expect(draft.body.map((n) => n.title)).toEqual(['一、总则', '二、管理要求']);
    expect(draft.body[1]!.children.map((n) => `${n.kind}:${n.title ?? n.text}`)).toEqual([
      'item:公园应当每日开放',
      'item:禁止在公园内焚烧落叶',
      'heading:附则说明',
    ]);
  });

  it('joins a paragraph wrapped over several lines and reads units on list items', () => {
    expect(draft.body[0]!.children[0]!.text).toBe('为了规范公园管理，保障游园安全，制定本办法。');
    expect(draft.body[1]!.children[0]!.responsible).toEqual({ lead: ['区城管局'], support: ['各街道'] });
  });
});

describe('notices and their windows', () => {
  it('reads a 征求意见 window given as a range and an email address', () => {
    const text = `关于公开征求《某县农村公路养护办法（征求意见稿）》意见的公告
为广泛听取社会各界意见，现将《某县农村公路养护办法（征求意见稿）》全文公布。征求意见时间为2026年11月1日至2026年11月30日。意见可发送至 road@example.gov.cn，联系电话：0510-12345678。
某县农村公路养护办法
（征求意见稿）
一、总体要求
1.落实县级主体责任。（县交通运输局负责）
`;
    const draft = parseDraft(text);
    expect(draft.title).toBe('某县农村公路养护办法');
    expect(draft.meta).toMatchObject({
      openingDate: '2026-11-01',
      deadline: '2026-11-30',
      email: 'road@example.gov.cn',
      contactPhone: '0510-12345678',
      draftStage: '征求意见稿',
    });
    expect(draft.report.warnings.map((w) => w.code)).not.toContain('deadline-before-publish');
    expect(draft.body[0]!.children[0]).toMatchObject({ id: 'i1', responsible: { lead: ['县交通运输局'], support: [] } });
  });
});

describe('Chinese numerals', () => {
  it.each([
    ['一', 1], ['十', 10], ['十四', 14], ['二十', 20], ['二十一', 21], ['一百零二', 102], ['两', 2], ['38', 38],
  ])('%s = %i', (text, value) => expect(parseChineseNumber(text)).toBe(value));
  it('refuses text that is not a numeral', () => expect(parseChineseNumber('一是')).toBeNull());
});
