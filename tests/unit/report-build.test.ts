// The report's rules on fixtures, without a database: counts, order, naming, masking, duplicates.
import { describe, expect, it } from 'vitest';
import { buildReport, draftResultsStatement, type ReportBlock, type ReportCommentRow, type ReportInput, type ReportItem } from '../../src/reports/build.ts';

const BLOCKS: ReportBlock[] = [
  { id: 10, key: 's1', parent_id: null, kind: 'heading', label: '一、', number: 1, title: '总体要求', text: null },
  { id: 11, key: 's1-i1', parent_id: 10, kind: 'item', label: '1、', number: 1, title: null, text: '深入推进城镇污水垃圾处理，完善收集管网' },
  { id: 12, key: 'a5', parent_id: null, kind: 'article', label: '第五条', number: 5, title: '职责', text: '区政府负责组织实施。' },
  { id: 13, key: 'a5-i2', parent_id: 12, kind: 'item', label: '（二）', number: 2, title: null, text: '建立考核制度' },
];

let nextId = 1;
function comment(overrides: Partial<ReportCommentRow>): ReportCommentRow {
  const id = overrides.id ?? nextId++;
  return {
    id,
    tracking_number: `YJ-TEST-${String(id).padStart(4, '0')}`,
    block_id: 11,
    channel: 'web',
    offline_kind: null,
    body: '建议明确责任主体。',
    author_name: null,
    organization: null,
    unit_id: null,
    unit_name: null,
    status: 'published',
    status_reason: null,
    late: 0,
    received_at: `2026-11-0${(id % 9) + 1}T02:00:00.000Z`,
    duplicate_group_id: null,
    decision: null,
    decision_reason: null,
    not_opinion: 0,
    ...overrides,
  };
}

/** Iterable any number of times, like the database reader, and counting how often it is read. */
function source(rows: ReportCommentRow[]) {
  const reads = { count: 0 };
  const iterable: AsyncIterable<ReportCommentRow> = {
    async *[Symbol.asyncIterator]() {
      reads.count++;
      for (const row of rows) yield row;
    },
  };
  return { iterable, reads };
}

function input(rows: ReportCommentRow[], extra: Partial<ReportInput> = {}): ReportInput {
  return {
    consultation: { id: 1, slug: 'demo', title: '示例草案', issuer: '示例办公室', opens_at: '2026-10-01T00:00:00Z', closes_at: '2026-10-31T15:59:59Z', closed_early_at: null, extension_reason: null },
    blocks: BLOCKS,
    roster: [
      { unitId: 1, name: '区发改委', role: 'lead', response: 'none' },
      { unitId: 2, name: '区财政局', role: 'support', response: 'no_comments' },
      { unitId: 3, name: '区教育局', role: 'added', response: 'none' },
    ],
    comments: source(rows).iterable,
    locale: 'zh-CN',
    now: new Date('2026-11-21T02:00:00Z'),
    ...extra,
  };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

// Given in report order, as the database reader returns them: whole draft, then document order.
const ROWS: ReportCommentRow[] = [
  comment({ id: 1, block_id: null, channel: 'offline', offline_kind: 'letter', author_name: '李四', decision: 'explained', decision_reason: '已在起草说明中解释' }),
  comment({ id: 2, block_id: 11, author_name: '张三丰', body: '请联系我 13812345678 或 zhang@example.com', decision: 'adopted' }),
  comment({ id: 3, block_id: 11, channel: 'email', unit_id: 1, unit_name: '区发改委', late: 1, decision: 'partly_adopted', decision_reason: '部分吸收' }),
  comment({ id: 4, block_id: 11, organization: '环保志愿者协会', author_name: '王五', status: 'hidden', status_reason: '含不文明用语', decision: 'not_adopted', decision_reason: '与上位法不一致' }),
  comment({ id: 5, block_id: 11, status: 'spam', body: '广告' }),
  comment({ id: 6, block_id: 13, status: 'pending', author_name: 'Zhang Wei' }),
  comment({ id: 7, block_id: 13, channel: 'email', unit_id: 9, unit_name: '区公安局', decision: 'adopted' }),
];

describe('the overview', () => {
  it('counts what came in, leaving spam out and saying so', async () => {
    const { overview } = await buildReport(input(ROWS));
    expect(overview.totals).toEqual({ comments: 6, onTime: 5, late: 1, published: 4, pending: 1, hidden: 1, spamExcluded: 1, notOpinionExcluded: 0 });
    expect(overview.byChannel).toEqual({ web: 3, email: 2, letter: 1, phone: 0, meeting: 0, other: 0 });
    expect(overview.fromUnits).toBe(2);
    expect(overview.fromPublic).toBe(4);
    expect(overview.decisions).toEqual({ adopted: 2, partly_adopted: 1, not_adopted: 1, explained: 1, undecided: 1 });
    expect(overview.window.closesAt).toBe('2026-10-31T15:59:59Z');
  });

  it('says which units replied, had no comments or stayed silent; a unit whose comments arrived has replied', async () => {
    const report = await buildReport(input(ROWS));
    expect(report.overview.units).toEqual({ asked: 3, replied: 1, noComments: 1, notReplied: 1 });
    expect(report.units).toEqual([
      { name: '区发改委', status: 'comments' },
      { name: '区财政局', status: 'no_comments' },
      { name: '区教育局', status: 'none' },
      { name: '区公安局', status: 'comments' },
    ]);
    expect(report.overview.byUnit.find((u) => u.name === '区公安局')).toEqual({ name: '区公安局', role: null, status: 'comments', comments: 1 });
  });

  it('counts comments per paragraph in document order, the whole draft first', async () => {
    const { overview } = await buildReport(input(ROWS));
    expect(overview.byParagraph).toEqual([
      { paragraph: null, caption: '全文', comments: 1 },
      { paragraph: { id: 's1-i1', label: '第1项', number: 1 }, caption: '第1项 深入推进城镇污水垃圾处理，完善收集管网', comments: 3 },
      { paragraph: { id: 'a5-i2', label: '第五条第（二）项', number: 2 }, caption: '第五条第（二）项 建立考核制度', comments: 2 },
    ]);
  });
});

describe('what counts', () => {
  it('leaves out what an officer marked as not an opinion, counting it apart, as spam', async () => {
    const rows = [...ROWS, comment({ id: 8, block_id: null, channel: 'email', unit_id: 2, unit_name: '区财政局', body: '此致敬礼！', not_opinion: 1, decision: 'explained', decision_reason: '不是意见' })];
    const report = await buildReport(input(rows));
    expect(report.overview.totals).toMatchObject({ comments: 6, spamExcluded: 1, notOpinionExcluded: 1 });
    expect(report.overview.decisions.explained).toBe(1);
    expect(report.overview.byParagraph[0]).toMatchObject({ paragraph: null, comments: 1 });
    expect((await collect(report.rows())).map((r) => r.commentId)).not.toContain(8);
  });
});

describe('units', () => {
  const roster = [
    { unitId: 1, name: '区发改委', role: 'lead' as const, response: 'comments' as const },
    { unitId: 2, name: '区财政局', role: 'support' as const, response: 'no_comments' as const },
    { unitId: 3, name: '区教育局', role: 'support' as const, response: 'comments' as const },
    { unitId: 4, name: '区审计局', role: 'added' as const, response: 'none' as const },
    { unitId: 5, name: '区水利局', role: 'added' as const, response: 'no_comments' as const },
  ];

  it('counts asked, replied, 无意见 and silent: opinions make a reply, 无意见 alone is 无意见, only what is not an opinion is 无意见', async () => {
    const rows = [
      // 区发改委 wrote 「其他无意见」 beside its opinion: the mail recorded comments, and it replied.
      comment({ id: 100, channel: 'email', unit_id: 1, unit_name: '区发改委' }),
      // 区财政局 said 无意见, and an officer later entered its letter: it replied.
      comment({ id: 101, channel: 'offline', offline_kind: 'letter', unit_id: 2, unit_name: '区财政局' }),
      // 区教育局's message was a receipt, marked as not an opinion: it answered without an opinion.
      comment({ id: 102, channel: 'email', unit_id: 3, unit_name: '区教育局', body: '来函收悉。', not_opinion: 1 }),
    ];
    const report = await buildReport(input(rows, { roster }));
    expect(report.units).toEqual([
      { name: '区发改委', status: 'comments' },
      { name: '区财政局', status: 'comments' },
      { name: '区教育局', status: 'no_comments' },
      { name: '区审计局', status: 'none' },
      { name: '区水利局', status: 'no_comments' },
    ]);
    expect(report.overview.units).toEqual({ asked: 5, replied: 2, noComments: 2, notReplied: 1 });
  });

  it('names a unit\'s comment by the unit, never masked, and a person as 「公众（张*）」', async () => {
    const rows = [
      comment({ id: 110, channel: 'email', unit_id: 1, unit_name: '区发改委', author_name: '张三', organization: '区发改委' }),
      comment({ id: 111, channel: 'email', author_name: '张三' }),
      // Mail from a unit's address nobody recorded: its display name is the unit's, not a person's.
      comment({ id: 112, channel: 'email', author_name: '宜兴市财政局' }),
      comment({ id: 113, channel: 'email', author_name: '市发展和改革委员会办公室' }),
      comment({ id: 114, channel: 'email', author_name: 'Yixing Finance Bureau' }),
      comment({ id: 115, author_name: '欧阳修' }),
    ];
    const submitters = (await collect((await buildReport(input(rows))).rows())).map((r) => r.submitter);
    expect(submitters).toEqual(['区发改委', '公众（张*）', '宜兴市财政局', '市发展和改革委员会办公室', 'Yixing Finance Bureau', '公众（欧**）']);
  });
});

describe('the table', () => {
  it('numbers rows, names the paragraph, the submitter and the decision, and masks personal data', async () => {
    const report = await buildReport(input(ROWS));
    const rows = await collect(report.rows());
    expect(rows.map((r) => r.index)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows.map((r) => r.trackingNumber)).not.toContain('YJ-TEST-0005');
    const [general, named, unit, hidden, pending, outside] = rows;
    expect(general).toMatchObject({ clause: '全文', paragraph: null, submitter: '公众（李*）', channelLabel: '信函', decisionLabel: '已解释说明', reason: '已在起草说明中解释' });
    expect(named).toMatchObject({ clause: '第1项 深入推进城镇污水垃圾处理，完善收集管网', submitter: '公众（张**）', author: '张**', decisionLabel: '采纳', reason: null });
    expect(named!.body).toBe('请联系我 138****5678 或 z***@example.com');
    expect(unit).toMatchObject({ submitter: '区发改委', unit: '区发改委', late: true, notes: ['逾期提交'], decisionLabel: '部分采纳' });
    expect(hidden).toMatchObject({ submitter: '环保志愿者协会', author: '环保志愿者协会', status: 'hidden', notes: ['未公开：含不文明用语'], decisionLabel: '不采纳' });
    expect(pending).toMatchObject({ submitter: '公众（Z***）', notes: ['待审核'], decisionLabel: '未处理', decision: null });
    expect(outside).toMatchObject({ submitter: '区公安局', clause: '第五条第（二）项 建立考核制度' });
  });

  it('never shows a private name in full, and shows 「公众」 for an anonymous comment', async () => {
    const report = await buildReport(input([comment({ id: 50, author_name: null }), comment({ id: 51, author_name: '欧阳修' })]));
    const rows = await collect(report.rows());
    expect(rows.map((r) => r.submitter)).toEqual(['公众', '公众（欧**）']);
    expect(JSON.stringify(rows)).not.toContain('欧阳修');
  });

  it('reads the comments twice — overview, then table — and can write the table again', async () => {
    const { iterable, reads } = source(ROWS);
    const report = await buildReport(input(ROWS, { comments: iterable }));
    expect(reads.count).toBe(1);
    const first = await collect(report.rows());
    const second = await collect(report.rows());
    expect(second).toEqual(first);
    expect(reads.count).toBe(3);
  });

  it('groups by paragraph with a heading and a count for each', async () => {
    const report = await buildReport(input(ROWS, { grouping: 'paragraph' }));
    const items = await collect(report.items());
    const headings = items.filter((i): i is Extract<ReportItem, { type: 'group' }> => i.type === 'group');
    expect(headings.map((h) => [h.title, h.count])).toEqual([
      ['全文', 1],
      ['第1项 深入推进城镇污水垃圾处理，完善收集管网', 3],
      ['第五条第（二）项 建立考核制度', 2],
    ]);
    expect(items.filter((i) => i.type === 'row')).toHaveLength(6);
  });

  it('groups by unit in the order the rows come, the public under one heading', async () => {
    const rows = [
      comment({ id: 60, unit_id: 1, unit_name: '区发改委' }),
      comment({ id: 61, unit_id: 1, unit_name: '区发改委', block_id: 13 }),
      comment({ id: 62 }),
      comment({ id: 63, organization: '协会' }),
    ];
    const report = await buildReport(input(rows, { grouping: 'unit' }));
    const headings = (await collect(report.items())).filter((i) => i.type === 'group');
    expect(headings).toEqual([
      { type: 'group', title: '区发改委', count: 2 },
      { type: 'group', title: '公众及社会组织', count: 2 },
    ]);
  });
});

describe('near-duplicates', () => {
  const campaign = [
    comment({ id: 70, author_name: '甲', duplicate_group_id: 5, decision: 'not_adopted', decision_reason: '统一答复' }),
    comment({ id: 71, author_name: '乙', duplicate_group_id: 5, decision: 'not_adopted', decision_reason: '统一答复' }),
    comment({ id: 72, duplicate_group_id: 5, decision: 'adopted' }),
    comment({ id: 73, duplicate_group_id: 5, decision: 'not_adopted', decision_reason: '统一答复' }),
    comment({ id: 74, duplicate_group_id: 6 }),
    comment({ id: 75 }),
  ];

  it('counts every member, and lists every comment when not collapsing', async () => {
    const report = await buildReport(input(campaign));
    expect(report.overview.duplicates).toEqual({ groups: 1, comments: 4 });
    expect(report.overview.tableRows).toBe(6);
    expect((await collect(report.rows())).map((r) => r.count)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('lists a group once with its count when collapsing, and a member decided otherwise on its own', async () => {
    const report = await buildReport(input(campaign, { collapseDuplicates: true }));
    expect(report.overview.totals.comments).toBe(6);
    expect(report.overview.tableRows).toBe(4);
    const rows = await collect(report.rows());
    expect(rows.map((r) => [r.commentId, r.count])).toEqual([
      [70, 3],
      [72, 1],
      [74, 1],
      [75, 1],
    ]);
    expect(rows[0]!.submitter).toBe('公众（甲*）等，同类意见共3条');
    expect(rows.map((r) => r.index)).toEqual([1, 2, 3, 4]);
  });
});

describe('the results statement', () => {
  it('is drafted from the figures', () => {
    const statement = draftResultsStatement(
      { totals: { comments: 12 }, decisions: { adopted: 5, partly_adopted: 2, not_adopted: 3, explained: 2, undecided: 0 } },
      'zh-CN',
    );
    expect(statement).toBe('本次征求意见期间，共收到意见12条，其中采纳5条、部分采纳2条、不采纳3条、已解释说明2条。');
  });

  it('says so when nothing came in', () => {
    expect(draftResultsStatement({ totals: { comments: 0 }, decisions: { adopted: 0, partly_adopted: 0, not_adopted: 0, explained: 0, undecided: 0 } }, 'zh-CN')).toBe(
      '征求意见期间，未收到意见。',
    );
  });

  it('mentions comments still undecided, and speaks English when asked', () => {
    const figures = { totals: { comments: 3 }, decisions: { adopted: 1, partly_adopted: 0, not_adopted: 0, explained: 0, undecided: 2 } };
    expect(draftResultsStatement(figures, 'zh-CN')).toBe('本次征求意见期间，共收到意见3条，其中采纳1条、部分采纳0条、不采纳0条、已解释说明0条。另有2条正在研究处理。');
    expect(draftResultsStatement(figures, 'en')).toBe(
      '3 comments were received during the consultation: 1 adopted, 0 partly adopted, 0 not adopted and 0 answered. 2 are still being considered.',
    );
  });
});
