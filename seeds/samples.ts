// Sample consultations for a fresh install: the five real documents, in every state a page can
// be in, with windows relative to today so that the open ones are open whenever you start.
import type { CompiledQuery } from 'kysely';
import type { AppDatabase } from '../src/db/database.ts';
import { insertComment } from '../src/comments/store.ts';
import { addUnitAddressByNameQuery, seedRosterQueries } from '../src/departments/roster.ts';
import { parseDraft } from '../src/drafts/parse.ts';
import { findBlockByKey, findConsultationBySlug, storeDraft } from '../src/drafts/store.ts';
import { addDays, beijingParts, endOfBeijingDay } from '../src/lib/time.ts';

export const SAMPLE_FILES = {
  changjiang: 'changjiang-2022-yangtze-work-points-draft.txt',
  jurong: 'jurong-2024-work-report-traditional.txt',
  jiangyin: 'jiangyin-2022-resolutions-report.txt',
  yixing: 'yixing-2020-key-tasks.txt',
  changshu: 'changshu-2021-work-report-p2.txt',
} as const;

export type SampleDocuments = Record<keyof typeof SAMPLE_FILES, string>;

function beijingDate(instant: Date): string {
  const p = beijingParts(instant);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

const startOfDay = (instant: Date) => new Date(`${beijingDate(instant)}T00:00:00+08:00`);
const endOfDay = (instant: Date) => endOfBeijingDay(beijingDate(instant));

interface Sample {
  key: keyof typeof SAMPLE_FILES;
  slug: string;
  title?: string;
  opensAt: Date;
  closesAt: Date;
  moderation: 'pre' | 'post';
}

export function sampleDefinitions(now: Date): Sample[] {
  return [
    { key: 'changjiang', slug: 'changjiang-2022-yangtze-work-points', opensAt: startOfDay(addDays(now, -7)), closesAt: endOfDay(addDays(now, 21)), moderation: 'pre' },
    { key: 'jurong', slug: 'jurong-2024-work-report', title: '2024年句容市政府工作報告', opensAt: startOfDay(addDays(now, -3)), closesAt: endOfDay(addDays(now, 10)), moderation: 'post' },
    { key: 'jiangyin', slug: 'jiangyin-2022-resolutions-report', opensAt: startOfDay(addDays(now, 5)), closesAt: endOfDay(addDays(now, 35)), moderation: 'pre' },
    { key: 'yixing', slug: 'yixing-2020-key-tasks', opensAt: startOfDay(addDays(now, -60)), closesAt: endOfDay(addDays(now, -30)), moderation: 'pre' },
    { key: 'changshu', slug: 'changshu-2021-work-report', opensAt: startOfDay(addDays(now, -40)), closesAt: endOfDay(addDays(now, -10)), moderation: 'pre' },
  ];
}

const SAMPLE_COMMENTS: { slug: string; block: string | null; body: string; name: string | null; organization: string | null; published: boolean }[] = [
  {
    slug: 'changjiang-2022-yangtze-work-points',
    block: 'i4',
    body: '建议明确农村生活污水处理设施建成后的运行维护责任主体和经费来源，避免“重建设、轻运营”。',
    name: '李先生',
    organization: null,
    published: true,
  },
  {
    slug: 'changjiang-2022-yangtze-work-points',
    block: 'i4',
    body: '黑臭水体排查的完成时限（2022年9月底前）较紧，建议同步公布排查结果和整治计划，接受群众监督。',
    name: null,
    organization: '昌江区环保志愿者协会',
    published: true,
  },
  {
    slug: 'changjiang-2022-yangtze-work-points',
    block: 'i15',
    body: '第15项括号内的责任单位重复列出且多一个右括号，建议核对“市自然资源局规划局昌江分局”的名称。',
    name: '王女士',
    organization: null,
    published: true,
  },
  {
    slug: 'changjiang-2022-yangtze-work-points',
    block: null,
    body: '公告中的反馈截止日期（4月19日）早于发布日期（5月6日），建议重新明确征求意见期限。',
    name: null,
    organization: null,
    published: true,
  },
  {
    slug: 'changjiang-2022-yangtze-work-points',
    block: 'i12',
    body: '建议增加对农田地膜回收的具体目标，如回收率不低于80%。',
    name: '赵先生',
    organization: null,
    published: false,
  },
];

// Example addresses for some of the Changjiang units, on the reserved .example top-level domain
// (RFC 2606), so that mail written to them can never reach anyone. The others are left without
// an address, as a fresh roster is, to show what the office still has to fill in.
export const SAMPLE_UNIT_ADDRESSES: Record<string, string[]> = {
  区发改委: ['fgw@changjiang.example'],
  区生态环境局: ['sthjj@changjiang.example', 'sthjj.office@changjiang.example'],
  区农业农村水利局: ['nyncslj@changjiang.example'],
  区住建局: ['zjj@changjiang.example'],
  区工信局: ['gxj@changjiang.example'],
  区林业局: ['lyj@changjiang.example'],
  市自然资源和规划局昌江分局: ['zrzy.cj@jingdezhen.example'],
};

export async function loadSamples(db: AppDatabase, documents: SampleDocuments, now: Date): Promise<string[]> {
  const loaded: string[] = [];
  for (const sample of sampleDefinitions(now)) {
    if (await findConsultationBySlug(db, sample.slug)) continue;
    const text = documents[sample.key];
    const parsed = parseDraft(text, { title: sample.title });
    await storeDraft(db, {
      slug: sample.slug,
      title: parsed.title ?? sample.slug,
      parsed,
      sourceText: text,
      sourceFormat: 'text',
      state: 'published',
      opensAt: sample.opensAt,
      closesAt: sample.closesAt,
      moderation: sample.moderation,
      now,
    });
    loaded.push(sample.slug);
  }
  // Rosters from the drafts' responsible units, and the example addresses, in one batch; only on
  // the load that created the consultation, so an officer's later changes stay.
  const rosters: CompiledQuery[] = [];
  for (const slug of loaded) {
    const consultation = (await findConsultationBySlug(db, slug))!;
    rosters.push(...(await seedRosterQueries(db, consultation.id, now)).queries);
  }
  if (loaded.includes('changjiang-2022-yangtze-work-points')) {
    for (const [name, addresses] of Object.entries(SAMPLE_UNIT_ADDRESSES)) {
      for (const email of addresses) rosters.push(addUnitAddressByNameQuery(db.kysely, name, email));
    }
  }
  if (rosters.length) await db.batch(rosters);
  for (const comment of SAMPLE_COMMENTS) {
    if (!loaded.includes(comment.slug)) continue;
    const consultation = (await findConsultationBySlug(db, comment.slug))!;
    const block = comment.block ? await findBlockByKey(db, consultation.id, comment.block) : undefined;
    await insertComment(db, {
      consultationId: consultation.id,
      blockId: block?.id ?? null,
      channel: 'web',
      body: comment.body,
      authorName: comment.name,
      organization: comment.organization,
      contactEmail: null,
      contactPhone: null,
      status: comment.published ? 'published' : 'pending',
      statusReason: null,
      late: false,
      locale: 'zh-CN',
      clientKey: null,
      receivedAt: now,
      now,
    });
  }
  return loaded;
}
