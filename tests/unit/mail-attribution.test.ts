// Who a reply belongs to: the unit whose address sent it, or — for mail from an address no unit
// has — the rostered unit its display name or signature names, PROPOSED for an officer to confirm.
// Name matching is tested pair by pair (what must match, and the near-misses that must not), then
// over the 85-reply corpus against the Changjiang draft's own roster, printing the figures.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDraft } from '../../src/drafts/parse.ts';
import { readMessage } from '../../src/mail/read.ts';
import type { IntakeConsultation, IntakeUnit } from '../../src/mail/types.ts';
import { understandMessage } from '../../src/mail/understand.ts';
import { matchUnitName, pickUnitByNames } from '../../src/mail/unit-names.ts';
import { blocksOf, changjiang, intakeContext, UNITS } from '../helpers/intake.ts';

describe('a name a sender signs with, against a unit’s name', () => {
  it.each([
    ['区发改委', '区发展和改革委员会', 'abbreviation'],
    ['区发展改革委', '区发改委', 'abbreviation'],
    ['昌江区卫生健康委员会', '区卫健委', 'place'],
    ['区人力资源和社会保障局', '区人社局', 'abbreviation'],
    ['区应急管理局', '区应急局', 'abbreviation'],
    ['昌江区交通运输局', '区交通局', 'place'],
    ['宜兴市商务局', '商务局', 'place'],
    ['丽阳镇人民政府', '丽阳镇', 'abbreviation'],
    ['吕家村村民委员会', '吕家村委会', 'abbreviation'],
    ['景德镇港务有限公司', '景德镇港务公司', 'abbreviation'],
    ['區生態環境局', '区生态环境局', 'same'],
    ['区住建局（盖章）', '区住建局', 'same'],
    ['区发改委规划股', '区发改委', 'division'],
    ['区住建局办公室', '区住建局', 'division'],
    ['昌江区发展和改革委员会价格股', '区发改委', 'division'],
    ['黑猫集团环保部', '黑猫集团', 'division'],
  ] as const)('%s is %s (%s)', (written, unit, how) => {
    expect(matchUnitName(written, unit)).toBe(how);
  });

  it.each([
    // One unit or two? Not for a machine to say: the office merges typo variants itself.
    ['区农业农村局', '区农业农村水利局'],
    ['区水利局', '区农业农村水利局'],
    ['区文广新旅局', '区文旅新局'],
    // Another level of government, another place, another body.
    ['市生态环境局昌江分局', '区生态环境局'],
    ['市商务局', '区商务局'],
    ['宜兴市商务局', '无锡市商务局'],
    ['开发区管委会', '高新区管委会'],
    ['区城管执法局', '区城管局'],
    ['区市场监管局', '区监管局'],
    ['区发改委', '区委'],
  ])('%s is not %s', (written, unit) => {
    expect(matchUnitName(written, unit)).toBeNull();
    expect(matchUnitName(unit, written)).toBeNull();
  });

  it('proposes nothing when a name fits two units, and says which', () => {
    const units = [
      { id: 1, name: '商务局' },
      { id: 2, name: '市商务局' },
      { id: 3, name: '区住建局' },
    ];
    expect(pickUnitByNames(['市商务局'], units)).toMatchObject({ kind: 'one', unit: { id: 2 }, match: 'same' });
    // 区商务局 is neither: as 商务局 with a level in front it fits 商务局 only; 市商务局 is another level.
    expect(pickUnitByNames(['宜兴市商务局'], units)).toMatchObject({ kind: 'ambiguous', candidates: [{ id: 1 }, { id: 2 }] });
    expect(pickUnitByNames(['区住建局', '区住建局办公室'], units)).toMatchObject({ kind: 'one', unit: { id: 3 }, match: 'same' });
    expect(pickUnitByNames(['区住建局', '市商务局'], units)).toMatchObject({ kind: 'ambiguous' });
    expect(pickUnitByNames(['张伟'], units)).toEqual({ kind: 'none' });
  });
});

describe('attribution in the understanding', () => {
  const bare = (text: string, from: { address: string; name: string | null }) => ({
    messageId: null,
    subject: '意见',
    from,
    to: ['changjiang-2022@yijian.test'],
    cc: [],
    date: null,
    received: [],
    text,
    quotedRemoved: false,
    attachments: [],
    locale: 'zh-CN' as const,
    warnings: [],
  });

  it('a unit’s own address wins, in any case; an invitation’s address counts for its unit', () => {
    const context = intakeContext();
    expect(understandMessage(bare('关于第4项，建议加快。', { address: 'LYJ@changjiang.gov.test', name: null }), context)).toMatchObject({ unitId: 3, unitBy: 'address', proposedUnit: null });
    const cj = { ...context.consultations[0]!, invitedAddresses: [{ address: 'old-lyj@changjiang.gov.test', unitId: 3 }] };
    const invited = understandMessage(bare('关于第4项，建议加快。', { address: 'Old-LYJ@changjiang.gov.test', name: null }), { ...context, consultations: [cj, context.consultations[1]!] });
    expect(invited).toMatchObject({ unitId: 3, unitName: '区林业局', unitBy: 'invitation' });
  });

  it('a personal address signed with a rostered unit: proposed, the comments still the sender’s own', () => {
    const u = understandMessage(bare('关于第4项，建议加快进度。\n\n昌江区住房和城乡建设局\n张伟', { address: 'zhangwei@163.com', name: '张伟' }), intakeContext());
    expect(u).toMatchObject({ unitId: null, unitName: null, proposedUnit: { id: 2, name: '区住建局', as: '昌江区住房和城乡建设局', from: 'signature', match: 'place' } });
  });

  it('a display name and a signature naming two rostered units propose neither', () => {
    const units: IntakeUnit[] = [...UNITS, { id: 5, name: '市住建局', addresses: [] }];
    const cj = { ...changjiang(), rosterUnitIds: [1, 2, 3, 5] };
    const u = understandMessage(bare('关于第4项，建议加快进度。\n\n市住建局\n2022年4月18日', { address: 'x@163.com', name: '区住建局' }), intakeContext({ units, consultations: [cj] }));
    expect(u.unitNames).toEqual(['区住建局', '市住建局']);
    expect(u.proposedUnit).toBeNull();
    expect(u.unitAmbiguity).toMatchObject({ candidates: [{ id: 2 }, { id: 5 }] });
  });
});

// ---------------------------------------------------------------------------------------------
// The corpus, against the roster publishing the Changjiang draft gives (its responsible units),
// with the four units of tests/helpers/intake.ts knowing their addresses.

const corpus = (name: string) => fileURLToPath(new URL(`../fixtures/mail/corpus/${name}`, import.meta.url));
const seed = (name: string) => fileURLToPath(new URL(`../../seeds/${name}`, import.meta.url));

/** The proposals an officer would confirm: sender address → unit. Every other reply gets none. */
const PROPOSED: Record<string, string> = {
  'gxj@changjiang.gov.test': '区工信局',
  'swj@changjiang.gov.test': '区商务局',
  'jtj@changjiang.gov.test': '区交通局',
  'wjw@changjiang.gov.test': '区卫健委',
  'yjj@changjiang.gov.test': '区应急局',
  'tjj@changjiang.gov.test': '区统计局',
  'gzw@changjiang.gov.test': '区国资委',
  'sfj@changjiang.gov.test': '区司法局',
  'czj@changjiang.gov.test': '区财政局',
  'guihua@changjiang.gov.test': '区发改委',
  'rsj@changjiang.gov.test': '区人社局',
  'kjj@changjiang.gov.test': '区科技局',
  'nyncsl_zw@163.com': '区农业农村水利局',
  'heimao_hbb@126.com': '黑猫集团',
  'cj_nyg@163.com': '区发改委',
  'liuyang@changjiang.gov.test': '区林业局',
  'gaoming@changjiang.gov.test': '区发改委',
  'zhulin@changjiang.gov.test': '区财政局',
  'gxs@changjiang.gov.test': '区供销社',
  'jjg@changjiang.gov.test': '区发改委',
  'xczx@changjiang.gov.test': '区乡村振兴局',
  'jgg@changjiang.gov.test': '区发改委',
  'gaj@changjiang.gov.test': '昌江公安分局',
  'zhg@changjiang.gov.test': '区发改委',
};

const tally = { address: 0, proposed: 0, ambiguous: 0, none: 0, signedButNotRostered: 0 };

describe('the reply corpus', () => {
  const entries = JSON.parse(readFileSync(corpus('expected.json'), 'utf8')) as { name: string; file: string }[];
  const draft = parseDraft(readFileSync(seed('changjiang-2022-yangtze-work-points-draft.txt'), 'utf8'));
  // The draft's responsible units, as the publish command seeds them (collective entries left off).
  const names: string[] = [];
  const walk = (nodes: typeof draft.body) => {
    for (const node of nodes) {
      for (const name of [...node.responsible.lead, ...node.responsible.support]) if (!names.includes(name) && !/有关|相关|^各/.test(name)) names.push(name);
      walk(node.children);
    }
  };
  walk(draft.body);
  const units: IntakeUnit[] = [...UNITS];
  for (const name of names) if (!units.some((u) => u.name === name)) units.push({ id: units.length + 1, name, addresses: [] });
  const roster = units.filter((u) => names.includes(u.name)).map((u) => u.id);
  const laji = parseDraft(readFileSync(corpus('laji-draft.txt'), 'utf8'));
  const consultations: IntakeConsultation[] = [
    { ...changjiang(), rosterUnitIds: roster },
    { id: 9, slug: 'laji-2023', title: laji.title ?? '', addresses: ['laji-2023@yijian.test', 'cgj@changjiang.gov.test'], opensAt: null, closesAt: null, blocks: blocksOf(laji.body, 9000), rosterUnitIds: [] },
  ];

  it.each(entries.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    const message = await readMessage(readFileSync(corpus(entry.file)));
    const u = understandMessage(message, { recipients: [...message.to, ...message.cc], receivedAt: new Date('2022-12-01T09:00:00+08:00'), timing: 'imported', forcedConsultationId: null, consultations, units });
    const from = message.from?.address ?? '';
    if (u.unitId !== null) {
      tally.address += 1;
      expect(UNITS.some((unit) => unit.id === u.unitId && unit.addresses.some((a) => a.toLowerCase() === from))).toBe(true);
      return;
    }
    if (u.unitAmbiguity) tally.ambiguous += 1;
    else if (u.proposedUnit) tally.proposed += 1;
    else {
      tally.none += 1;
      if (u.unitNames.length) tally.signedButNotRostered += 1;
    }
    expect(u.proposedUnit?.name ?? null).toBe(PROPOSED[from] ?? null);
  });

  afterAll(() => {
    const total = tally.address + tally.proposed + tally.ambiguous + tally.none;
    console.log(
      `reply corpus attribution (${total} replies, roster of ${roster.length} units from the draft, 4 with addresses): ` +
        `${tally.address} by address, ${tally.proposed} proposed, ${tally.ambiguous} ambiguous, ${tally.none} none ` +
        `(${tally.signedButNotRostered} of them signed by a unit not on the roster, ${tally.none - tally.signedButNotRostered} by a person)`,
    );
  });
});
