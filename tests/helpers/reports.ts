// A closed consultation with comments of every kind the report must handle, written straight to
// the test database: every channel, status, decision, a unit roster, near-duplicates, late
// mail, personal data typed into bodies, and text that would be code in a spreadsheet or a page.
import { inflateRawSync } from 'node:zlib';
import type { Decision, NewComment } from '../../src/db/schema.ts';
import { findConsultationBySlug } from '../../src/drafts/store.ts';
import { searchKey } from '../../src/lib/chinese.ts';
import { newTrackingNumber } from '../../src/lib/tracking.ts';
import type { TestApp } from './app.ts';

export const CLOSED = 'yixing-2020-key-tasks';

export interface FixtureComment {
  id: number;
  tracking: string;
  key: string | null;
  body: string;
  status: NewComment['status'];
  decision: Decision | null;
  reason: string | null;
  email: string | null;
  locale: string;
  unit: string | null;
  group: number | null;
  notOpinion: boolean;
}

type Spec = Partial<Omit<NewComment, 'consultation_id' | 'block_id' | 'tracking_number'>> & { key: string | null; body: string; name: string; unit?: string };

const SPECS: Spec[] = [
  { name: 'adopted', key: 's1-i1', body: '建议把目标分解到季度。如有疑问请致电13812345678。', author_name: '张三丰', decision: 'adopted', contact_email: 'zhang@example.com' },
  { name: 'org', key: 's1-i2', body: 'The target should be reviewed mid-year.', organization: '宜兴市环保协会', decision: 'not_adopted', decision_reason: '与上位规划不一致', contact_email: 'org@example.org', locale: 'en' },
  { name: 'unit', key: 's1-i1', channel: 'email', body: '建议增加对重点项目的资金保障表述。', unit: '宜兴市发展和改革委员会', decision: 'partly_adopted', decision_reason: '部分吸收，已修改表述', late: 1 },
  { name: 'letter', key: null, channel: 'offline', offline_kind: 'letter', body: '对全文的意见：建议增加实施时间表。', author_name: '李四', status: 'pending', decision: 'explained', decision_reason: '实施时间表另行发文' },
  { name: 'hidden', key: 's2-1-i1', body: '这条意见含有不文明用语，已被隐藏。', author_name: '王五', status: 'hidden', status_reason: '含不文明用语', decision: 'not_adopted', decision_reason: '不予采纳', contact_email: 'hidden@example.com' },
  { name: 'spam', key: 's1-i1', body: '低价代开发票，请加微信。', status: 'spam', contact_email: 'spam@example.com' },
  { name: 'dup1', key: 's1-i2', body: '反对在此处新建化工园区，请重新选址。', author_name: '赵一', duplicate_group_id: 77, decision: 'not_adopted', decision_reason: '同类意见统一答复：选址已经环评论证', contact_email: 'dup1@example.com' },
  { name: 'dup2', key: 's1-i2', body: '反对在此处新建化工园区，请重新选址！', author_name: '钱二', duplicate_group_id: 77, decision: 'not_adopted', decision_reason: '同类意见统一答复：选址已经环评论证' },
  { name: 'dup3', key: 's1-i2', body: '反对在此处新建化工园区，请重新选址。。', duplicate_group_id: 77, decision: 'not_adopted', decision_reason: '同类意见统一答复：选址已经环评论证' },
  { name: 'dup-own', key: 's1-i2', body: '反对新建化工园区，建议改为湿地公园。', author_name: '孙三', duplicate_group_id: 77, decision: 'partly_adopted', decision_reason: '湿地公园建议纳入规划研究' },
  { name: 'code', key: 's1-i3', body: '=HYPERLINK("http://evil.example","点我") <script>alert("x")</script>', author_name: 'Zhang Wei', contact_email: 'zhang.wei@example.net' },
  { name: 'idcard', key: 's1-i3', body: '我的身份证号320123199001011234，邮箱me@mail.com。', decision: 'explained', decision_reason: '已电话13912345678联系说明', contact_email: 'me@mail.com' },
  // A unit's sign-off that the mail reading let through, marked by an officer as not an opinion
  // (decided before that, with an address): it counts nowhere and is told nothing.
  {
    name: 'notOpinion',
    key: 's2-1-i1',
    channel: 'email',
    body: '此致\n敬礼！宜兴市发展和改革委员会办公室',
    unit: '宜兴市发展和改革委员会',
    decision: 'explained',
    decision_reason: '不是意见',
    contact_email: 'fgw@yixing.example',
    not_opinion_at: '2026-10-02T01:00:00.000Z',
    not_opinion_reason: '落款',
  },
];

export async function seedReportFixture(harness: TestApp, slug = CLOSED): Promise<{ consultationId: number; comments: Record<string, FixtureComment> }> {
  const { db } = harness;
  const consultation = (await findConsultationBySlug(db, slug))!;
  const now = harness.now().toISOString();
  const blocks = await db.kysely.selectFrom('blocks').select(['id', 'key']).where('consultation_id', '=', consultation.id).execute();
  const blockId = (key: string | null) => (key === null ? null : blocks.find((b) => b.key === key)!.id);

  const unitNames = ['宜兴市发展和改革委员会', '宜兴市财政局', '宜兴市教育局', '宜兴市公安局'];
  await db.batch(unitNames.map((name) => db.kysely.insertInto('units').values({ name, created_at: now }).onConflict((oc) => oc.column('name').doNothing()).compile()));
  const units = await db.kysely.selectFrom('units').select(['id', 'name']).execute();
  const unitId = (name: string) => units.find((u) => u.name === name)!.id;
  // The samples seed a roster from the draft's responsible units; these three join it (or are set) as stated.
  const roster: [string, 'lead' | 'support' | 'added', 'comments' | 'no_comments' | 'none'][] = [
    ['宜兴市发展和改革委员会', 'lead', 'comments'],
    ['宜兴市财政局', 'support', 'no_comments'],
    ['宜兴市教育局', 'added', 'none'],
  ];
  await db.batch(
    roster.map(([name, role, response]) =>
      db.kysely
        .insertInto('roster_entries')
        .values({ consultation_id: consultation.id, unit_id: unitId(name), role, response, created_at: now })
        .onConflict((oc) => oc.columns(['consultation_id', 'unit_id']).doUpdateSet({ role, response }))
        .compile(),
    ),
  );

  const comments: Record<string, FixtureComment> = {};
  let minute = 0;
  for (const spec of SPECS) {
    const { name, key, unit, ...columns } = spec;
    const tracking = newTrackingNumber();
    const received = new Date(Date.parse('2026-10-01T01:00:00Z') + minute++ * 60_000).toISOString();
    const status = columns.status ?? 'published';
    const row: NewComment = {
      consultation_id: consultation.id,
      block_id: blockId(key),
      tracking_number: tracking,
      channel: 'web',
      status,
      late: 0,
      locale: 'zh-CN',
      search_text: searchKey(spec.body),
      received_at: received,
      published_at: status === 'published' ? received : null,
      created_at: received,
      unit_id: unit ? unitId(unit) : null,
      ...columns,
    };
    await db.batch([db.kysely.insertInto('comments').values(row).compile()]);
    const stored = await db.kysely.selectFrom('comments').select('id').where('tracking_number', '=', tracking).executeTakeFirstOrThrow();
    comments[name] = {
      id: stored.id,
      tracking,
      key,
      body: spec.body,
      status,
      decision: columns.decision ?? null,
      reason: columns.decision_reason ?? null,
      email: columns.contact_email ?? null,
      locale: columns.locale ?? 'zh-CN',
      unit: unit ?? null,
      group: columns.duplicate_group_id ?? null,
      notOpinion: Boolean(columns.not_opinion_at),
    };
  }
  await db.batch([db.kysely.updateTable('consultations').set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', consultation.id).compile()]);
  harness.services.consultationChanged(slug);
  return { consultationId: consultation.id, comments };
}

/** The entries of a ZIP file (DOCX, XLSX), read with node:zlib alone. */
export function unzip(bytes: Uint8Array): Map<string, Buffer> {
  const buffer = Buffer.from(bytes);
  const entries = new Map<string, Buffer>();
  // The central directory is the reliable index: local headers may defer sizes to a data descriptor.
  let end = buffer.length - 22;
  while (end >= 0 && buffer.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip file');
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    if (buffer.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory');
    const method = buffer.readUInt16LE(at + 10);
    const compressedSize = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const localOffset = buffer.readUInt32LE(at + 42);
    const name = buffer.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const localName = buffer.readUInt16LE(localOffset + 26);
    const localExtra = buffer.readUInt16LE(localOffset + 28);
    const start = localOffset + 30 + localName + localExtra;
    const data = buffer.subarray(start, start + compressedSize);
    entries.set(name.replace(/^\//, ''), method === 0 ? Buffer.from(data) : inflateRawSync(data));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** RFC 4180: quoted fields with doubled quotes, CRLF records. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field || record.length) {
    record.push(field);
    records.push(record);
  }
  return records;
}
