import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDraft, type ParsedDraft, type ParsedNode } from '../../src/drafts/parse.ts';

const seed = (name: string) => readFileSync(new URL(`../../seeds/${name}`, import.meta.url), 'utf8');

function walk(nodes: ParsedNode[], visit: (node: ParsedNode, depth: number, parent: ParsedNode | null) => void, depth = 0, parent: ParsedNode | null = null) {
  for (const node of nodes) {
    visit(node, depth, parent);
    walk(node.children, visit, depth + 1, node);
  }
}

function headingOutline(draft: ParsedDraft): string[] {
  const lines: string[] = [];
  walk(draft.body, (node, depth) => {
    if (node.kind === 'heading') lines.push(`${'  '.repeat(depth)}${node.id} ${node.label ?? ''}${node.title}`);
  });
  return lines;
}

function all(draft: ParsedDraft, kind: ParsedNode['kind']): ParsedNode[] {
  const found: ParsedNode[] = [];
  walk(draft.body, (node) => node.kind === kind && found.push(node));
  return found;
}

function find(draft: ParsedDraft, id: string): ParsedNode {
  let hit: ParsedNode | null = null;
  walk(draft.body, (node) => {
    if (node.id === id) hit = node;
  });
  if (!hit) throw new Error(`no node ${id}`);
  return hit;
}

function parentOf(draft: ParsedDraft, id: string): string | null {
  let result: string | null = null;
  walk(draft.body, (node, _depth, parent) => {
    if (node.id === id) result = parent?.id ?? null;
  });
  return result;
}

// Every non-blank line is in the body, the metadata or the set-aside list: nothing silently dropped.
function expectEveryLineAccountedFor(draft: ParsedDraft) {
  const { nonBlankLines, bodyLines, metaLines, setAsideLines } = draft.report.stats;
  expect(bodyLines + metaLines + setAsideLines).toBe(nonBlankLines);
}

describe('Changjiang 2022 Yangtze work points (the model consultation)', () => {
  const draft = parseDraft(seed('changjiang-2022-yangtze-work-points-draft.txt'));

  it('finds the draft title inside the notice and strips the page status marker', () => {
    expect(draft.title).toBe('2022年景德镇市昌江区推进长江经济带发展工作要点');
    expect(draft.meta.noticeTitle).toBe('关于《2022年景德镇市昌江区推进长江经济带发展工作要点》征求意见的公告');
    expect(draft.meta.pageStatus).toBe('已结束');
    expect(draft.meta.draftStage).toBe('征求意见稿');
  });

  it('reads the notice as metadata: issuer, drafter, dates, email, contact', () => {
    expect(draft.meta).toMatchObject({
      issuer: '昌江区发改委',
      drafter: '区发改委',
      publishedDate: '2022-05-06',
      deadline: '2022-04-19',
      email: 'cjqfgw@163.com',
      contactPerson: '余峣',
      contactPhone: '0798-8389957',
      salutation: '各乡(镇)人民政府区委各部门、区直各单位:',
    });
    expect(draft.meta.notice).toHaveLength(3);
    expect(draft.meta.notice[1]).toBe('(一)将意见和建议电子档发至cjqfgw@163.com。');
  });

  it('reports that the notice contradicts itself', () => {
    const warning = draft.report.warnings.find((w) => w.code === 'deadline-before-publish');
    expect(warning?.message).toContain('2022-05-06');
    expect(warning?.message).toContain('2022-04-19');
  });

  it('has 6 top-level sections and 3 sub-sections, all under 二、', () => {
    expect(headingOutline(draft)).toEqual([
      's1 一、狠抓推进问题整改',
      's2 二、持续推进生态环境保护修复',
      '  s2-1 (一)深入推进生态环境污染治理“4+1”工程',
      '  s2-2 (二)持续巩固长江禁捕退捕成效',
      '  s2-3 (三)强化系统治理综合治理',
      's3 三、夯实基础支撑,着力推动绿色低碳高质量发展',
      's4 四、推动绿色高质量发展',
      's5 五、构建共抓大保护工作新格局',
      's6 六、统筹推进各项工作落细落实',
    ]);
    expect(draft.body.filter((n) => n.kind === 'heading')).toHaveLength(6);
  });

  it('numbers items 1–30 with no gap, each under its section', () => {
    const items = all(draft, 'item');
    expect(items.map((i) => i.number)).toEqual(Array.from({ length: 30 }, (_, k) => k + 1));
    expect(items.map((i) => i.id)).toEqual(Array.from({ length: 30 }, (_, k) => `i${k + 1}`));
    const parents = items.map((i) => parentOf(draft, i.id));
    expect(parents).toEqual([
      's1', 's1', 's1',
      's2-1', 's2-1', 's2-1',
      's2-2',
      's2-3', 's2-3', 's2-3', 's2-3', 's2-3', 's2-3', 's2-3', 's2-3',
      's3', 's3', 's4', 's4', 's4', 's4', 's4', 's4', 's4', 's4',
      's5', 's5', 's6', 's6', 's6',
    ]);
    expect(draft.report.warnings.filter((w) => w.code.startsWith('numbering'))).toEqual([]);
  });

  it('puts responsible units on items 1–27 and none on 28–30', () => {
    const items = all(draft, 'item');
    for (const item of items.slice(0, 27)) expect(item.responsible.lead.length, `item ${item.number}`).toBeGreaterThan(0);
    for (const item of items.slice(27)) expect(item.responsible).toEqual({ lead: [], support: [] });
  });

  it('splits lead (负责) and supporting (配合) units', () => {
    expect(find(draft, 'i3').responsible).toEqual({ lead: ['区生态环境局'], support: ['区直有关单位'] });
    expect(find(draft, 'i1').responsible.lead).toEqual([
      '区生态环境局', '区农业农村水利局', '区国资委', '市自然资源和规划局昌江分局', '区工信局', '区应急局', '区卫健委', '各乡(镇)街道',
    ]);
    expect(find(draft, 'i16').responsible).toEqual({ lead: ['区交通局', '区发改委', '区住建局'], support: ['区直有关部门'] });
  });

  it('reads both unit groups of item 15 and drops its stray parenthesis', () => {
    const item = find(draft, 'i15');
    expect(item.responsible.lead).toEqual(['区农业农村水利局', '区发改委', '市自然资源局规划局昌江分局', '区生态环境局', '区林业局', '区住建局']);
    expect(item.text).toBe(
      '加强水资源保障。持续巩固小水库清理整改成果,严格按照“一站一策”要求,保障重点河湖生态。开展重要饮用水水源安全评估,持续更新我区城镇水源环境质量状况。',
    );
    expect(draft.report.warnings.some((w) => w.code === 'stray-parenthesis' && w.line === 64)).toBe(true);
  });

  it('takes an item title from its lead sentence, and none from a single long sentence', () => {
    expect(find(draft, 'i4').title).toBe('深入推进城镇污水垃圾处理');
    expect(find(draft, 'i11').title).toBeNull();
    expect(find(draft, 'i11').text).toBe('加快打造一批生态保护修复、绿色发展示范工程,争取部分生态修复工程项目纳入中央预算内投资支持等等建设。');
    // Parentheses that are part of a sentence are not responsible units.
    expect(find(draft, 'i5').text).toContain('《江西省化工园区认定管理办法(试行)》');
  });

  it('keeps the preamble and section introductions as commentable paragraphs', () => {
    expect(draft.body[0]).toMatchObject({ id: 'p1', kind: 'paragraph' });
    expect(draft.body[0]!.text).toMatch(/^深入贯彻落实习近平总书记/);
    expect(find(draft, 's2').children[0]).toMatchObject({ kind: 'paragraph', id: 'p3' });
  });

  it('lists the page debris in the report with its line numbers', () => {
    expect(draft.report.setAside.map((s) => [s.line, s.code])).toEqual([
      [1, 'breadcrumb'],
      [5, 'page-metadata'],
      [112, 'comment-stub'],
      [114, 'comment-stub'],
      [116, 'comment-stub'],
      [118, 'comment-stub'],
      [121, 'attachments-stub'],
      [122, 'attachments-stub'],
    ]);
    expectEveryLineAccountedFor(draft);
  });
});

describe('Changshu 2021 work report, page 2 of 2', () => {
  const draft = parseDraft(seed('changshu-2021-work-report-p2.txt'));

  it('strips the page marker from the title and warns that the text is partial', () => {
    expect(draft.title).toBe('2021年常熟市政府工作报告');
    expect(draft.report.warnings.map((w) => w.code)).toEqual(['partial-page', 'numbering-start', 'numbering-start']);
  });

  it('keeps the orphan item 3 at the top, then sections 三 to 七 with items restarting at 1', () => {
    expect(draft.body[0]).toMatchObject({ kind: 'item', number: 3, id: 'i3', title: '加速营商环境优化' });
    expect(headingOutline(draft)).toEqual([
      's3 三、紧扣城乡统筹,以功能品质提升促城市能级跃升',
      's4 四、紧扣绿色发展,以污染防治深化促生态环境优化',
      's5 五、紧扣民生福祉,以公共服务完善促生活品质改善',
      's6 六、紧扣和谐稳定,以制度建设加强促治理效能增强',
      's7 七、紧扣作风效能,以自身建设提效促政府履职高效',
    ]);
    for (const section of draft.body.filter((n) => n.kind === 'heading')) {
      expect(section.children.map((c) => `${c.kind}:${c.number ?? ''}`).slice(0, 4)).toEqual(['paragraph:', 'item:1', 'item:2', 'item:3']);
    }
    // Item numbers repeat per section, so item ids carry their section.
    expect(find(draft, 's4-i2').title).toBe('提高环境治理能力');
  });

  it('does not read a number range or a decimal as a list item', () => {
    expect(find(draft, 's3-i1').text).toContain('国土空间总体规划(2020-2035)编制');
    expect(find(draft, 's5-i3').text).toContain('新增就业2.1万人');
    expect(all(draft, 'item')).toHaveLength(16);
  });

  it('sets aside the previous/next links', () => {
    expect(draft.report.setAside.map((s) => s.code)).toEqual(['pagination', 'pagination']);
    expectEveryLineAccountedFor(draft);
  });
});

describe('Jiangyin 2022 resolutions report', () => {
  const draft = parseDraft(seed('jiangyin-2022-resolutions-report.txt'));

  it('reads title, date and front matter around the navigation debris', () => {
    expect(draft.title).toBe('关于市人大有关决议落实情况和市十七届人大五次会议代表建议办理情况的报告');
    expect(draft.meta.publishedDate).toBe('2022-01-11');
    expect(draft.meta.frontMatter).toEqual(['2022年1月11日在江阴市第十八届人民代表大会第一次会议上', '江阴市人民政府']);
    expect(draft.meta.issuer).toBe('江阴市人民政府');
    expect(draft.meta.salutation).toBe('各位代表:');
    expect(draft.report.setAside.map((s) => [s.line, s.code])).toEqual([
      [1, 'site-navigation'],
      [2, 'site-navigation'],
      [4, 'page-metadata'],
      [150, 'copyright'],
      [151, 'filing'],
    ]);
    expectEveryLineAccountedFor(draft);
  });

  it('has three parts, 一、 headings under them and （一） under those', () => {
    expect(headingOutline(draft)).toEqual([
      's1 第一部分《关于高质量建设长江生态安全示范区的决议》落实情况',
      '  s1-1 一、抓责任落实,促政治站位提高',
      '  s1-2 二、抓系统治理,促生态修复提速',
      '  s1-3 三、抓攻坚突破,促环境质量提升',
      '  s1-4 四、抓转型优化,促产业结构调整',
      '  s1-5 五、抓宣传引导,促文化基底夯实',
      '  s1-6 六、抓长江大保护,促“北战”战略实现',
      's2 第二部分《关于扎实推进美丽江阴建设的决议》落实情况',
      's3 第三部分市十七届人大五次会议代表建议办理情况',
      '  s3-1 一、基本情况',
      '    s3-1-1 (一)建议办理总体情况',
      '    s3-1-2 (二)重点督办建议办理情况',
      '  s3-2 二、主要做法',
      '    s3-2-1 (一)加强组织领导,狠抓工作落实',
      '    s3-2-2 (二)优化办理机制,夯实工作基础',
      '    s3-2-3 (三)注重综合协调,提高办理质量',
      '  s3-3 三、下一步工作措施',
      '    s3-3-1 (一)进一步细化责任落实',
      '    s3-3-2 (二)进一步强化沟通协调',
      '    s3-3-3 (三)进一步优化办理机制',
    ]);
  });

  it('splits a heading that runs on into text: the text becomes its first paragraph', () => {
    const heading = find(draft, 's3-3-1');
    expect(heading.children).toHaveLength(1);
    expect(heading.children[0]!.text).toMatch(/^近年来,人大建议涉及的领域越来越宽/);
  });

  it('keeps 一是/二是 lines as paragraphs, not headings', () => {
    expect(all(draft, 'paragraph')).toHaveLength(60);
    expect(all(draft, 'item')).toHaveLength(0);
    expect(find(draft, 's1').children.filter((c) => c.kind === 'paragraph')).toHaveLength(26);
  });
});

describe('Jurong 2024 work report (traditional characters, converter damage)', () => {
  const draft = parseDraft(seed('jurong-2024-work-report-traditional.txt'), { title: '2024年句容市政府工作報告' });

  it('removes pinyin glosses and keeps the traditional characters', () => {
    expect(draft.report.glossesRemoved).toBe(2064);
    expect(draft.body[0]!.text).toMatch(/^現在,我代表句容市人民政府向大會作工作報告,請予以審議/);
    const everything = JSON.stringify(draft.body);
    expect(everything).not.toMatch(/\((?:xiàn|bào|xié)\)/);
    // Ordinary parentheses survive: (一) headings and （新能源） in the text.
    expect(everything).toContain('新型電力(新能源)裝備');
  });

  it('flags the characters the converter lost instead of guessing them', () => {
    const damaged = draft.report.warnings.filter((w) => w.code === 'suspected-damage').map((w) => w.line);
    expect(damaged).toEqual([17, 19, 25, 27, 28, 30, 31, 32, 39, 50, 51, 52, 53, 54, 56, 57, 58, 59]);
  });

  it('has no title line of its own: the officer supplies one, the front matter is kept', () => {
    expect(draft.title).toBe('2024年句容市政府工作報告');
    expect(draft.report.warnings.some((w) => w.code === 'title-not-found')).toBe(true);
    expect(draft.meta.frontMatter).toEqual(['2024年1月10日', '在句容市第十七屆人民代表大會第三次會議上', '市 長 束克之']);
  });

  it('has three sections with six sub-sections under each of the first two', () => {
    expect(headingOutline(draft)).toEqual([
      's1 一、2023年工作回顧',
      '  s1-1 (一)堅持把主題教育作為重大政治任務,理想信念更加堅定',
      '  s1-2 (二)堅持把改革創新作為必然選擇,發展活力全面激發',
      '  s1-3 (三)堅持把產業強市作為“一號戰略”,競爭優勢日益顯現',
      '  s1-4 (四)堅持把內外兼修作為重要目標,城鄉魅力逐步彰顯',
      '  s1-5 (五)堅持把執政為民作為根本宗旨,民生福祉穩步增進',
      '  s1-6 (六)堅持把作風建設作為內在要求,治理水平顯著提升',
      's2 二、2024年主要工作安排',
      '  s2-1 (一)堅持科創引領,加快形成新質生產力',
      '  s2-2 (二)錨定實體經濟,有效提升區域競爭力',
      '  s2-3 (三)擴大有效需求,培育經濟增長新引擎',
      '  s2-4 (四)緊扣全域提升,著力激發城市新活力',
      '  s2-5 (五)聚焦群眾關切,書寫民生答卷新篇章',
      '  s2-6 (六)守牢發展底線,構建社會治理新格局',
      's3 三、全面加強政府自身建設',
    ]);
  });

  it('keeps the twenty footnotes as top-level notes, inferring the markers lost as "?"', () => {
    const notes = draft.body.filter((n) => n.id.startsWith('n'));
    expect(notes.map((n) => n.label).join('')).toBe('①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳');
    expect(notes[0]!.text).toMatch(/^“四上”企業:規模以上工業企業/);
    expect(draft.report.warnings.filter((w) => w.code === 'footnote-marker')).toHaveLength(10);
    expectEveryLineAccountedFor(draft);
  });
});

describe('Yixing 2020 key tasks (metadata table, title-only items with sub-paragraphs)', () => {
  const draft = parseDraft(seed('yixing-2020-key-tasks.txt'));

  it('reads the metadata table into metadata and lists every row of it', () => {
    expect(draft.title).toBe('市政府关于印发2020年重点工作分解落实方案的通知');
    expect(draft.meta).toMatchObject({
      publishedDate: '2020-09-22',
      issuer: '宜兴市人民政府',
      documentNumber: '宜政发〔2020〕160号',
      signature: { issuer: '宜兴市人民政府', date: '2020年9月11日' },
    });
    expect(draft.report.setAside.map((s) => s.line)).toEqual([1, 2, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 21]);
    expect(draft.report.setAside.filter((s) => s.code === 'metadata-table')).toHaveLength(9);
    expectEveryLineAccountedFor(draft);
  });

  it('has two unnumbered parts; the second holds sections 一 to 十一', () => {
    const outline = headingOutline(draft);
    expect(outline[0]).toBe('s1 市政府2020年重点工作分解落实方案综合目标分解');
    expect(outline[1]).toBe('s2 具体任务分解');
    expect(outline.slice(2).map((l) => l.trim().split(' ')[1])).toEqual([
      '一、农业农村类', '二、工业经济和信息化类', '三、服务业类', '四、安全生产类', '五、科技与人才类', '六、改革开放类',
      '七、生态环保类', '八、城乡规划建设管理类', '九、社会事业和社会治理类', '十、政府自身建设类', '十一、10件民生实事项目',
    ]);
  });

  it('has items 1–10 in the first part and 1–60 in the second, with the task text as their paragraphs', () => {
    const first = find(draft, 's1').children.filter((c) => c.kind === 'item');
    expect(first.map((i) => i.number)).toEqual(Array.from({ length: 10 }, (_, k) => k + 1));
    const second: number[] = [];
    for (const section of find(draft, 's2').children) for (const item of section.children) second.push(item.number!);
    expect(second).toEqual(Array.from({ length: 60 }, (_, k) => k + 1));
    const item1 = find(draft, 's2-1-i1');
    expect(item1).toMatchObject({ title: '加快推进农业现代化建设', text: '加快推进农业现代化建设。' });
    expect(item1.children.map((c) => c.id)).toEqual(['s2-1-i1-p1', 's2-1-i1-p2', 's2-1-i1-p3', 's2-1-i1-p4', 's2-1-i1-p5']);
    expect(all(draft, 'paragraph')).toHaveLength(201);
    expect(draft.report.stats.blocks).toBe(13 + 70 + 201);
  });

  it('reads units separated by commas as one list, keeping 各相关镇、园区、街道 whole', () => {
    expect(find(draft, 's2-1-i1').responsible).toEqual({ lead: ['市农业农村局', '供销社', '各相关镇、园区、街道'], support: [] });
    expect(find(draft, 's2-2-i9').responsible.lead).toEqual([
      '市发展改革委', '工业和信息化局', '应急局', '宜兴生态环境局', '环科园', '经济技术开发区', '丁蜀镇', '官林镇',
    ]);
    expect(find(draft, 's2-2-i9').children).toHaveLength(4);
  });
});
