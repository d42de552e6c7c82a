// The unit directory in the office (/office/units) and its commands on a real SQLite file: a
// `name,email` file checked then imported (UTF-8 and GBK), bad lines named by number with nothing
// half-imported, renaming, merging typo variants (addresses, roster entries, comments and mail move,
// audited), and confirming every proposed unit at once from the mail page with htmx.
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeUnits, renameUnit } from '../../src/departments/directory.ts';
import { readDirectoryFile } from '../../src/departments/directory-file.ts';
import { findConsultationBySlug } from '../../src/drafts/store.ts';
import { uploadMessages } from '../../src/mail/commands.ts';
import type { MailDeps } from '../../src/mail/inbound/deps.ts';
import { CJ, createTestApp, type TestApp, type TestClient } from '../helpers/app.ts';
import { buildMessage } from '../helpers/mail.ts';
import { signIn } from '../helpers/officers.ts';

let harness: TestApp;
let officer: TestClient;
let moderator: TestClient;
let cjId: number;
const actor = { officerId: null, ip: null };
const k = () => harness.db.kysely;

beforeAll(async () => {
  harness = await createTestApp();
  officer = await signIn(harness, 'officer');
  moderator = await signIn(harness, 'moderator');
  cjId = (await findConsultationBySlug(harness.db, CJ))!.id;
});
afterAll(async () => {
  await harness.close();
});

async function importFile(client: TestClient, bytes: Uint8Array, mode: 'check' | 'import', name = 'units.csv') {
  await client.get('/office/units');
  const form = new FormData();
  form.set('_csrf', client.csrf);
  form.set('mode', mode);
  form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], name, { type: 'text/csv' }));
  const response = await client.request('/office/units/import', { method: 'POST', body: form });
  return { response, html: await response.text() };
}

const unitNamed = (name: string) => k().selectFrom('units').select(['id', 'name']).where('name', '=', name).executeTakeFirst();
const addressesOf = async (name: string) =>
  (await k().selectFrom('unit_addresses').innerJoin('units', 'units.id', 'unit_addresses.unit_id').select('email').where('units.name', '=', name).orderBy('unit_addresses.id').execute()).map((r) => r.email);

describe('reading a directory file', () => {
  const limits = { maxNameLength: 100, maxAddressesPerUnit: 2 };
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('takes a header in Chinese or English, columns in any order, quoted cells and a BOM', () => {
    const reading = readDirectoryFile(bytes('\ufeff邮箱,备注,单位名称\r\n"a@x.cn",,"区财政局"\r\nb@x.cn,"说明，含逗号",区财政局\n\n'), [], limits);
    expect(reading).toMatchObject({ ok: true, plan: { rows: 2, newUnits: [{ name: '区财政局', addresses: ['a@x.cn', 'b@x.cn'], lines: [2, 3] }] } });
  });

  it('names every bad line, and a file with one imports nothing', () => {
    const existing = [{ id: 1, name: '区审计局', addresses: ['sjj@x.cn'] }];
    const text = 'name,email\n区财政局,czj@x.cn\n区财政局,sjj@x.cn\n,nobody@x.cn\n区直有关单位,zd@x.cn\n区税务局,not an address\n区税务局,czj@X.cn\n区财政局,c2@x.cn\n区财政局,c3@x.cn\n';
    const reading = readDirectoryFile(bytes(text), existing, limits);
    expect(reading.ok).toBe(false);
    if (reading.ok || !('rows' in reading)) return;
    expect(reading.rows.map((r) => [r.line, r.code])).toEqual([
      [3, 'email-taken'],
      [4, 'name-missing'],
      [5, 'name-collective'],
      [6, 'email-invalid'],
      [7, 'email-twice'],
      [9, 'too-many-addresses'],
    ]);
  });

  it('refuses a file without the header or with nothing in it', () => {
    expect(readDirectoryFile(bytes('区财政局,czj@x.cn\n'), [], limits)).toEqual({ ok: false, file: 'no-header' });
    expect(readDirectoryFile(bytes('\n\n'), [], limits)).toEqual({ ok: false, file: 'empty' });
  });
});

describe('the directory page', () => {
  it('is for admins and officers: a moderator is refused', async () => {
    expect((await moderator.request('/office/units')).status).toBe(403);
    const { response, html } = await officer.get('/office/units');
    expect(response.status).toBe(200);
    expect(html).toContain('单位通讯录');
    // The sample roster's units, with the example addresses.
    expect(html).toContain('<code>fgw@changjiang.example</code>');
  });

  it('checks a GBK file first (nothing saved), then imports it, reporting close names', async () => {
    const csv = iconv.encode('单位,邮箱\r\n区发展和改革委员会,fgw2@cj.gov.cn\r\n区财政局,czj@cj.gov.cn\r\n区财政局,czj-office@cj.gov.cn\r\n区发改委,fgw@changjiang.example\r\n', 'gbk');
    const check = await importFile(officer, csv, 'check');
    expect(check.response.status).toBe(200);
    expect(check.html).toContain('检查结果（尚未导入）');
    expect(check.html).toContain('共 4 行：新增单位 1 个，新增邮箱 3 个，1 行已登记、无需改动。');
    expect(check.html).toContain('新增单位「区发展和改革委员会」：fgw2@cj.gov.cn（与已有的「区发改委」相近：如是同一单位，导入后请合并）');
    // 区财政局 is on the sample roster already, without an address.
    expect(check.html).toContain('「区财政局」增加邮箱 czj@cj.gov.cn');
    expect(check.html).toContain('「区财政局」增加邮箱 czj-office@cj.gov.cn');
    expect(await unitNamed('区发展和改革委员会')).toBeUndefined();
    expect(await addressesOf('区财政局')).toEqual([]);

    const done = await importFile(officer, csv, 'import');
    expect(done.html).toContain('导入结果');
    expect(done.html).toContain('以上改动已保存。');
    expect(await addressesOf('区财政局')).toEqual(['czj@cj.gov.cn', 'czj-office@cj.gov.cn']);
    const audit = await k().selectFrom('audit_log').selectAll().where('action', '=', 'import-units').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.detail_json)).toMatchObject({ file: 'units.csv', rows: 4, newUnits: ['区发展和改革委员会'], newAddresses: 3 });
    // The same file again changes nothing.
    expect((await importFile(officer, csv, 'import')).html).toContain('文件中的单位和邮箱都已登记，没有需要改动的。');
  });

  it('refuses a file with a bad line whole, naming each line, and keeps no part of it', async () => {
    const before = await k().selectFrom('unit_addresses').select('id').execute();
    const csv = new TextEncoder().encode('name,email\n区统计局,tjj@cj.gov.cn\n区统计局,fgw@changjiang.example\n区审计局,sjj at cj.gov.cn\n');
    const { response, html } = await importFile(officer, csv, 'import');
    expect(response.status).toBe(422);
    expect(html).toContain('文件有以下问题，没有导入任何内容：');
    expect(html).toContain('第 3 行：邮箱 fgw@changjiang.example 已登记为「区发改委」的邮箱');
    expect(html).toContain('第 4 行：邮箱格式不正确：sjj at cj.gov.cn');
    expect(await k().selectFrom('unit_addresses').select('id').execute()).toHaveLength(before.length);
    expect(await addressesOf('区统计局')).toEqual([]);
    const english = await importFile(officer, csv, 'check');
    expect(english.html).toContain('第 3 行');
    await officer.get('/office/units?lang=en');
    const en = await importFile(officer, csv, 'check');
    expect(en.html).toContain('Line 4: not an email address: sjj at cj.gov.cn');
    await officer.get('/office/units?lang=zh-CN');
    const none = await officer.request('/office/units/import', { method: 'POST', body: (() => { const f = new FormData(); f.set('_csrf', officer.csrf); f.set('mode', 'check'); return f; })() });
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('请选择一个 CSV 文件。');
  });

  it('renames a unit (its comments carry the new name) and refuses a name another unit has', async () => {
    const unit = (await unitNamed('区文旅新局'))!;
    const taken = await officer.postForm(`/office/units/${unit.id}/rename`, { name: '区发改委' });
    expect(taken.response.status).toBe(409);
    expect(taken.html).toContain('已有名为「区发改委」的单位。如是同一单位，请用「合并」。');
    const done = await officer.postForm(`/office/units/${unit.id}/rename`, { name: '区文广新旅局' });
    expect(done.response.status).toBe(303);
    expect((await unitNamed('区文广新旅局'))?.id).toBe(unit.id);
    expect(JSON.parse((await k().selectFrom('audit_log').selectAll().where('action', '=', 'rename-unit').executeTakeFirstOrThrow()).detail_json)).toEqual({ from: '区文旅新局', to: '区文广新旅局' });
  });

  it('merges a typo variant: addresses, roster entries, comments and mail move to the kept unit', async () => {
    // The Changjiang draft spells one unit two ways; both are on its roster.
    const typo = (await unitNamed('区重点推进项目中心'))!;
    const kept = (await unitNamed('区重点项目推进中心'))!;
    const now = harness.now().toISOString();
    await harness.db.batch([
      k().insertInto('unit_addresses').values({ unit_id: typo.id, email: 'zdxm@cj.gov.cn' }).compile(),
      k().updateTable('roster_entries').set({ response: 'no_comments', responded_at: now }).where('unit_id', '=', typo.id).compile(),
    ]);
    const deps: MailDeps = { db: harness.db, clock: harness.now, mailDomain: 'yijian.localhost', publicBaseUrl: 'http://localhost:8787' };
    await uploadMessages(deps, {
      files: [{ name: 'zdxm.eml', size: 1, arrayBuffer: async () => new Uint8Array(buildMessage({ from: 'zdxm@cj.gov.cn', to: `${CJ}@yijian.localhost`, subject: '意见', messageId: 'zdxm@cj.gov.cn', text: '关于第5项，建议明确进度。' })).buffer }],
      consultationId: null,
      maxBytes: 1e6,
    });
    const before = await k().selectFrom('comments').select('id').where('unit_id', '=', typo.id).execute();
    expect(before).toHaveLength(1);

    await officer.get('/office/units');
    const refused = await officer.postForm(`/office/units/${typo.id}/merge`, { into: '没有这个单位' });
    expect(refused.response.status).toBe(422);
    expect(refused.html).toContain('请填写要保留的单位的名称');
    const merged = await officer.postForm(`/office/units/${typo.id}/merge`, { into: '区重点项目推进中心' });
    expect(merged.response.status).toBe(303);
    expect(await unitNamed('区重点推进项目中心')).toBeUndefined();
    expect(await addressesOf('区重点项目推进中心')).toEqual(['zdxm@cj.gov.cn']);
    const comment = await k().selectFrom('comments').select(['unit_id', 'organization']).where('id', '=', before[0]!.id).executeTakeFirstOrThrow();
    expect(comment).toEqual({ unit_id: kept.id, organization: '区重点项目推进中心' });
    // One roster entry left, with the stronger response: 已反馈 (the comment) over 无意见.
    const entries = await k().selectFrom('roster_entries').select(['unit_id', 'response']).where('consultation_id', '=', cjId).where('unit_id', 'in', [kept.id, typo.id]).execute();
    expect(entries).toEqual([{ unit_id: kept.id, response: 'comments' }]);
    expect(await k().selectFrom('inbound_messages').select('unit_id').where('message_id', '=', '<zdxm@cj.gov.cn>').executeTakeFirstOrThrow()).toEqual({ unit_id: kept.id });
    const audit = await k().selectFrom('audit_log').selectAll().where('action', '=', 'merge-units').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail_json)).toMatchObject({ kept: '区重点项目推进中心', merged: '区重点推进项目中心', addresses: 1, rosterEntries: 1, comments: 1, messages: 1 });
    const page = await officer.get('/office/units');
    expect(page.html).toContain('已把「区重点推进项目中心」合并到「区重点项目推进中心」');
  });

  it('refuses to merge a unit into itself, or one that is gone', async () => {
    const unit = (await unitNamed('区林业局'))!;
    expect(await mergeUnits(harness.services, { keepId: unit.id, mergeId: unit.id, actor })).toEqual({ ok: false, code: 'same_unit' });
    expect(await mergeUnits(harness.services, { keepId: unit.id, mergeId: 999_999, actor })).toEqual({ ok: false, code: 'not_found' });
    expect(await renameUnit(harness.services, { unitId: unit.id, name: '区林业局', actor })).toEqual({ ok: false, code: 'unchanged' });
    expect(await renameUnit(harness.services, { unitId: unit.id, name: '各乡镇街道', actor })).toEqual({ ok: false, code: 'name_collective' });
  });
});

describe('confirming every proposal at once', () => {
  it('files each waiting message under its unit, with htmx answering the list alone', async () => {
    const deps: MailDeps = { db: harness.db, clock: harness.now, mailDomain: 'yijian.localhost', publicBaseUrl: 'http://localhost:8787' };
    const mails = [
      { from: 'a1@163.com', id: 'p1@163.com', text: '关于第4项，建议加快。\n\n区住建局办公室' },
      { from: 'a2@163.com', id: 'p2@163.com', text: '关于第6项，建议细化。\n\n昌江区工信局' },
      { from: 'a1@163.com', id: 'p3@163.com', text: '补充：关于第8项，建议增加考核。\n\n区住建局' },
    ];
    await uploadMessages(deps, {
      files: mails.map((m) => ({ name: `${m.id}.eml`, size: 1, arrayBuffer: async () => new Uint8Array(buildMessage({ from: m.from, to: `${CJ}@yijian.localhost`, subject: '意见', messageId: m.id, text: m.text })).buffer })),
      consultationId: null,
      maxBytes: 1e6,
    });
    const list = await officer.get('/office/mail?tab=proposed');
    expect(list.html).toContain('待确认单位（3）');
    const { response, html } = await officer.postForm('/office/mail/proposals/confirm-all', { back: '/office/mail?tab=proposed' }, { htmx: true });
    expect(response.status).toBe(200);
    expect(html).toMatch(/^<section id="mail-list"/);
    expect(html).toContain('已确认 3 封邮件的单位。');
    expect(html).toContain('没有待确认单位的邮件。');
    expect(await addressesOf('区住建局')).toContain('a1@163.com');
    expect(await addressesOf('区工信局')).toContain('a2@163.com');
    const audit = await k().selectFrom('audit_log').selectAll().where('action', '=', 'confirm-units').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail_json).messages).toHaveLength(3);
  });
});
