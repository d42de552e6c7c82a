// The failure classes of issue 9, each on the smallest text that shows it: a law pasted from a law
// database in Markdown, as plain text and as single-newline web text.
import { describe, expect, it } from 'vitest';
import { parseDraft, type ParsedDraft, type ParsedNode } from '../../src/drafts/parse.ts';
import { translator } from '../../src/lib/i18n.ts';
import { importEntryText as reportEntryText } from '../../src/lib/messages/import.ts';

const LAW_MD = `# 中华人民共和国示例法

2009年8月27日 第十一届全国人民代表大会常务委员会第十次会议第一次修正
2022年1月1日 施行
1980年9月10日 第五届全国人民代表大会第三次会议通过

<!-- INFO END -->

##

## 第一章 总则

第一条 为了示例，制定本法。

第二条 下列事项适用本法：

一、甲事项；

二、乙事项；

三、丙事项。

第二条之一 本法所称示例，是指下列情形之一。

第三条 应纳税额计算公式：

销项税额＝销售额×税率

第四条 有下列情形的，依照本法第十四条处罚，但
第五条另有规定的除外；违反
第十四条情形的，从重处罚。

## 第二章 附则

第五条 点击量统计办法由国务院规定。

第六条 本法自2022年1月1日起施行。
`;

function walk(nodes: ParsedNode[], visit: (node: ParsedNode, depth: number) => void, depth = 0) {
  for (const node of nodes) {
    visit(node, depth);
    walk(node.children, visit, depth + 1);
  }
}

function outline(draft: ParsedDraft): string[] {
  const lines: string[] = [];
  walk(draft.body, (node, depth) => {
    const name = node.kind === 'heading' ? `${node.label ?? ''}${node.title ?? ''}` : (node.label ?? '');
    if (node.kind !== 'paragraph') lines.push(`${'  '.repeat(depth)}${node.kind} ${name}`.trimEnd());
  });
  return lines;
}

const forms = {
  published: LAW_MD,
  plain: LAW_MD.replace(/^#+ ?/gm, '').replace(/^<!--.*-->$/gm, ''),
  web: LAW_MD.replace(/^#+ ?/gm, '')
    .replace(/^<!--.*-->$/gm, '')
    .split('\n')
    .filter((line) => line.trim())
    .join('\n'),
};

describe.each(Object.entries(forms))('a law from a law database, %s', (form, text) => {
  const draft = parseDraft(text);

  it('takes the # line ending in 法 as the title and the history lines as front matter', () => {
    expect(draft.title).toBe('中华人民共和国示例法');
    expect(draft.meta.frontMatter).toEqual([
      '2009年8月27日 第十一届全国人民代表大会常务委员会第十次会议第一次修正',
      '2022年1月1日 施行',
      '1980年9月10日 第五届全国人民代表大会第三次会议通过',
    ]);
  });

  it('builds the chapters with every article under its chapter, 第二条之一 its own, 一、 as items', () => {
    expect(outline(draft)).toEqual([
      'heading 第一章总则',
      '  article 第一条',
      '  article 第二条',
      '    item 一、',
      '    item 二、',
      '    item 三、',
      '  article 第二条之一',
      '  article 第三条',
      '  article 第四条',
      'heading 第二章附则',
      '  article 第五条',
      '  article 第六条',
    ]);
    const ids: string[] = [];
    walk(draft.body, (node) => ids.push(node.id));
    expect(ids).toContain('a2zhi1');
  });

  it('keeps a formula in its article, 点击量 in a sentence as text, and a reference after a line break in its sentence', () => {
    const text = JSON.stringify(draft.body);
    expect(text).toContain('销项税额＝销售额×税率');
    expect(text).toContain('点击量统计办法由国务院规定');
    expect(draft.report.setAside.map((s) => s.text)).not.toContain('第五条 点击量统计办法由国务院规定。');
    // 第五条另有规定 and 第十四条情形 continue their sentences (nothing ambiguous: no report entry).
    expect(draft.report.warnings.filter((w) => w.code === 'ambiguous-reference')).toEqual([]);
    const article4 = draft.body[0]!.children.find((node) => node.label === '第四条')!;
    expect(article4.text).toBe('有下列情形的，依照本法第十四条处罚，但第五条另有规定的除外；违反第十四条情形的，从重处罚。');
  });

  it('accounts for every line', () => {
    const { nonBlankLines, bodyLines, metaLines, setAsideLines } = draft.report.stats;
    expect(bodyLines + metaLines + setAsideLines).toBe(nonBlankLines);
    if (form === 'published') expect(draft.meta.pageMarkup).toContain('<!-- INFO END -->');
  });
});

const RUN_ON = '示例条例\n第一条 总则。\n第二条 违反本条例的，依照\n第三条处理。\n第三条 本条例自发布之日起施行。\n';

describe('a 第X条 that could be the next article or the end of a sentence', () => {
  it('keeps it in the sentence and says so in the report, with the line', () => {
    const draft = parseDraft(RUN_ON);
    expect(outline(draft)).toEqual(['article 第一条', 'article 第二条', 'article 第三条']);
    const warning = draft.report.warnings.find((w) => w.code === 'ambiguous-reference');
    expect(warning).toMatchObject({ params: { label: '第三条' }, line: 4 });
    expect(warning!.message).toContain('第三条');
    expect(draft.body[1]!.text).toBe('违反本条例的，依照第三条处理。');
  });
});

describe('judicial interpretations and plans', () => {
  it('does not take the preamble 「为……，解释如下：」 as the title', () => {
    const draft = parseDraft(`最高人民法院关于审理示例案件适用法律若干问题的解释\n法释〔2020〕1号\n为正确审理示例案件，根据有关法律规定，结合审判实践，制定本解释。\n第一条 示例。\n第二条 本解释自2021年1月1日起施行。\n`);
    expect(draft.title).toBe('最高人民法院关于审理示例案件适用法律若干问题的解释');
    expect(draft.meta.documentNumber).toBe('法释〔2020〕1号');
  });

  it('reads 序言 as a heading beside the chapters, and a bare 「三」 where 三、 is due', () => {
    const constitution = parseDraft('中华人民共和国宪法\n序言\n中国是世界上历史最悠久的国家之一。\n第一章 总纲\n第一条 示例。\n');
    expect(outline(constitution)).toEqual(['heading 序言', 'heading 第一章总纲', '  article 第一条']);
    const plan = parseDraft('某县工作方案\n一、总体要求\n内容。\n二、重点任务\n内容。\n三\n保障措施\n内容。\n');
    expect(outline(plan).slice(0, 2)).toEqual(['heading 一、总体要求', 'heading 二、重点任务']);
    expect(outline(plan)[2]).toMatch(/^heading 三/);
  });

  it('finds an item whose title starts with digits where its number is due', () => {
    const draft = parseDraft('某市人才工作要点\n一、重点项目\n10.引才计划。（市人社局负责）\n11.121人才梯队项目。（市委组织部负责）\n');
    const items: ParsedNode[] = [];
    walk(draft.body, (node) => node.kind === 'item' && items.push(node));
    expect(items.map((i) => i.number)).toEqual([10, 11]);
    expect(items[1]!.text).toMatch(/^121人才梯队项目/);
  });

  it('words the report in English for the English office', () => {
    const draft = parseDraft(RUN_ON);
    const en = translator('en');
    const texts = draft.report.warnings.map((w) => reportEntryText(en, 'warning', w));
    expect(texts.join('\n')).toMatch(/starts a line, but the sentence before it has not ended/);
    expect(texts.join('')).not.toMatch(/请|核对|编号/);
  });
});
