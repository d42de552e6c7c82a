// Rosters, unit addresses, invitations and reminders, on a real SQLite file with the real
// sample drafts loaded (which seeds their rosters).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertComment } from '../../src/comments/store.ts';
import { invitationMail, reminderMail } from '../../src/departments/compose.ts';
import { queueDueReminders, queueInvitations, reminderDueAt } from '../../src/departments/invitations.ts';
import {
  addUnitToRoster,
  findUnitByAddress,
  findUnitByName,
  listRoster,
  listRosterUnitIds,
  recordUnitResponseQuery,
  removeUnitFromRoster,
  seedRosterFromDraft,
  setUnitAddresses,
  summarizeRoster,
} from '../../src/departments/roster.ts';
import { collectDraftUnits, isCollectiveUnitName } from '../../src/departments/units.ts';
import { parseDraft } from '../../src/drafts/parse.ts';
import { findConsultationBySlug, listBlocks, storeDraft } from '../../src/drafts/store.ts';
import { AppError } from '../../src/http/errors.ts';
import { translator } from '../../src/lib/i18n.ts';
import { outcomeNoticeMail } from '../../src/mail/notices.ts';
import { SAMPLE_UNIT_ADDRESSES } from '../../seeds/samples.ts';
import { CJ, createTestApp, JIANGYIN, JURONG, type TestApp, TEST_NOW, YIXING } from '../helpers/app.ts';

const settings = { publicBaseUrl: 'http://localhost:8787', mailDomain: 'yijian.localhost' };

let h: TestApp;
beforeEach(async () => {
  h = await createTestApp();
});
afterEach(async () => {
  await h.close();
});

async function consultationId(slug: string): Promise<number> {
  return (await findConsultationBySlug(h.db, slug))!.id;
}

async function unitId(name: string): Promise<number> {
  return (await findUnitByName(h.db, name))!.id;
}

async function outbox() {
  return h.db.kysely.selectFrom('outbox').selectAll().orderBy('id').execute();
}

async function thrown(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('roster seeded from the draft', () => {
  it('puts the Changjiang draft’s named units on the roster as lead, and keeps collective entries off it', async () => {
    const roster = await listRoster(h.db, await consultationId(CJ));
    const byName = new Map(roster.map((r) => [r.name, r]));
    for (const name of ['区生态环境局', '区发改委', '区农业农村水利局', '市自然资源和规划局昌江分局', '黑猫集团', '昌江公安分局', '区法院', '区检察院']) {
      expect(byName.get(name)?.role, name).toBe('lead');
    }
    // Every responsible unit in this draft is lead somewhere; its only support entries are collective.
    expect(roster.every((r) => r.role === 'lead')).toBe(true);
    for (const collective of ['区直有关单位', '区直有关部门', '各乡(镇)街道']) expect(byName.has(collective)).toBe(false);
    expect(roster.every((r) => r.status === 'none' && r.invitedAt === null)).toBe(true);
    expect(byName.get('区生态环境局')?.addresses).toEqual(SAMPLE_UNIT_ADDRESSES['区生态环境局']);
    expect(byName.get('区法院')?.addresses).toEqual([]);
  });

  it('reports collective entries with where they appear, and names that look like one unit spelt twice', async () => {
    const id = await consultationId(CJ);
    const report = await seedRosterFromDraft(h.db, id, TEST_NOW);
    const collective = new Map(report.collective.map((c) => [c.name, c]));
    expect(collective.get('区直有关单位')).toMatchObject({ role: 'support' });
    expect(collective.get('区直有关单位')!.references).toContain('第3项');
    expect(collective.get('各乡(镇)街道')).toMatchObject({ role: 'lead' });
    expect(report.similar).toContainEqual(['区重点项目推进中心', '区重点推进项目中心']);
    expect(report.similar.some(([a, b]) => a === '市自然资源和规划局昌江分局' && b === '市自然资源局规划局昌江分局')).toBe(true);
  });

  it('is idempotent: seeding again adds nothing and keeps addresses, invitations and responses', async () => {
    const id = await consultationId(CJ);
    const before = await listRoster(h.db, id);
    await queueInvitations(h.db, { consultationId: id, settings, now: TEST_NOW });
    const report = await seedRosterFromDraft(h.db, id, TEST_NOW);
    expect(report.added).toEqual([]);
    expect(report.unchanged).toBe(before.length);
    const after = await listRoster(h.db, id);
    expect(after.map((r) => r.name)).toEqual(before.map((r) => r.name));
    expect(after.find((r) => r.name === '区发改委')).toMatchObject({ addresses: ['fgw@changjiang.example'], invitedAt: TEST_NOW.toISOString() });
  });

  it('makes a unit lead when the draft names it lead anywhere, support otherwise', async () => {
    const text = [
      '关于测试的工作要点（征求意见稿）',
      '一、重点任务',
      '1.推进污水处理设施建设。（区住建局负责，区财政局、区水务局配合）',
      '2.加强资金保障。（区财政局负责，区审计局配合）',
      '3.做好监督检查。（区审计局配合）',
    ].join('\n');
    await storeDraft(h.db, { slug: 'roles-test', title: '测试', parsed: parseDraft(text, {}), sourceText: text, sourceFormat: 'text', state: 'published', opensAt: TEST_NOW, closesAt: new Date('2026-12-31T15:59:59Z'), now: TEST_NOW });
    const id = await consultationId('roles-test');
    const report = await seedRosterFromDraft(h.db, id, TEST_NOW);
    expect(report.added).toEqual([
      { name: '区住建局', role: 'lead' },
      { name: '区财政局', role: 'lead' },
      { name: '区水务局', role: 'support' },
      { name: '区审计局', role: 'support' },
    ]);
    const units = collectDraftUnits(await listBlocks(h.db, id)).units;
    expect(units.find((u) => u.name === '区财政局')).toMatchObject({ leadIn: ['第2项'], supportIn: ['第1项'] });
    expect(units.find((u) => u.name === '区审计局')).toMatchObject({ leadIn: [], supportIn: ['第2项', '第3项'] });
    const roster = await listRoster(h.db, id);
    expect(roster.map((r) => [r.name, r.role])).toEqual([
      ['区住建局', 'lead'],
      ['区财政局', 'lead'],
      ['区水务局', 'support'],
      ['区审计局', 'support'],
    ]);
  });

  it('tells collective entries from units', () => {
    for (const name of ['区直有关单位', '区直有关部门', '各乡(镇)街道', '各相关镇、园区、街道', '市各委办局', '各专委会及牵头部门']) expect(isCollectiveUnitName(name), name).toBe(true);
    for (const name of ['区生态环境局', '黑猫集团', '丁蜀镇', '宜城街道', '市委组织部']) expect(isCollectiveUnitName(name), name).toBe(false);
  });
});

describe('units and addresses', () => {
  it('stores several addresses for a unit and finds the unit by any of them, whatever the case', async () => {
    const id = await unitId('区法院');
    expect(await setUnitAddresses(h.db, id, 'fy@changjiang.example, Office.FY@changjiang.example；fy@changjiang.example')).toEqual([
      'fy@changjiang.example',
      'Office.FY@changjiang.example',
    ]);
    expect(await findUnitByAddress(h.db, 'office.fy@CHANGJIANG.example')).toEqual({ id, name: '区法院' });
    expect(await findUnitByAddress(h.db, 'someone@example.com')).toBeUndefined();
  });

  it('refuses malformed addresses by name and changes nothing', async () => {
    const id = await unitId('区发改委');
    const error = await thrown(setUnitAddresses(h.db, id, ['new@changjiang.example', 'not-an-address', 'x@y']));
    expect(error.status).toBe(422);
    expect(error.message).toContain('not-an-address');
    expect(error.message).toContain('x@y');
    expect(error.message).not.toContain('new@changjiang.example');
    expect((await listRoster(h.db, await consultationId(CJ))).find((r) => r.unitId === id)?.addresses).toEqual(['fgw@changjiang.example']);
  });

  it('refuses an address that belongs to another unit, naming that unit, in the user’s language', async () => {
    const id = await unitId('区法院');
    const zh = await thrown(setUnitAddresses(h.db, id, 'fgw@changjiang.example'));
    expect(zh.status).toBe(409);
    expect(zh.message).toBe('邮箱 fgw@changjiang.example 已登记为「区发改委」的地址，一个邮箱只能属于一个单位。');
    const en = await thrown(setUnitAddresses(h.db, id, 'FGW@changjiang.example', { t: translator('en') }));
    expect(en.message).toContain('already the address of “区发改委”');
    expect(await findUnitByAddress(h.db, 'fgw@changjiang.example')).toMatchObject({ name: '区发改委' });
  });

  it('adds a unit the office wants to ask, refuses a collective name, and removes a unit', async () => {
    const id = await consultationId(CJ);
    const added = await addUnitToRoster(h.db, { consultationId: id, name: ' 区教体局 ', addresses: 'jtj@changjiang.example', now: TEST_NOW });
    expect(added.addresses).toEqual(['jtj@changjiang.example']);
    const roster = await listRoster(h.db, id);
    expect(roster.at(-1)).toMatchObject({ name: '区教体局', role: 'added', addresses: ['jtj@changjiang.example'] });

    // Adding a unit already on the roster keeps its role and adds the new address to its own.
    await addUnitToRoster(h.db, { consultationId: id, name: '区发改委', addresses: 'fgw2@changjiang.example', now: TEST_NOW });
    expect((await listRoster(h.db, id)).find((r) => r.name === '区发改委')).toMatchObject({ role: 'lead', addresses: ['fgw@changjiang.example', 'fgw2@changjiang.example'] });

    const collective = await thrown(addUnitToRoster(h.db, { consultationId: id, name: '区直有关单位', now: TEST_NOW }));
    expect(collective.status).toBe(422);
    expect(collective.message).toContain('泛指');
    const empty = await thrown(addUnitToRoster(h.db, { consultationId: id, name: '  ', now: TEST_NOW }));
    expect(empty.message).toBe('请填写单位名称。');

    expect(await removeUnitFromRoster(h.db, id, added.unitId)).toBe(true);
    expect(await removeUnitFromRoster(h.db, id, added.unitId)).toBe(false);
    expect((await listRoster(h.db, id)).some((r) => r.name === '区教体局')).toBe(false);
    // The unit and its address stay for the next consultation that asks it.
    expect(await findUnitByAddress(h.db, 'jtj@changjiang.example')).toMatchObject({ name: '区教体局' });
  });
});

describe('response status', () => {
  it('shows responded / no comments / not yet, with each unit’s comment count', async () => {
    const id = await consultationId(CJ);
    const fgw = await unitId('区发改委');
    const sthjj = await unitId('区生态环境局');
    const lyj = await unitId('区林业局');
    await h.db.batch([recordUnitResponseQuery(h.db.kysely, { consultationId: id, unitId: fgw, response: 'no_comments', at: TEST_NOW })]);
    // A comment stored with the unit counts as a response even before the roster is updated.
    for (const body of ['建议第4项增加运行维护经费保障。', '建议第9项明确完成时限。']) {
      const tracking = await insertComment(h.db, { consultationId: id, blockId: null, channel: 'email', body, authorName: null, organization: '区生态环境局', contactEmail: 'sthjj@changjiang.example', contactPhone: null, status: 'pending', statusReason: null, late: false, locale: 'zh-CN', clientKey: null, receivedAt: TEST_NOW, now: TEST_NOW });
      await h.db.batch([h.db.kysely.updateTable('comments').set({ unit_id: sthjj }).where('tracking_number', '=', tracking).compile()]);
    }
    await h.db.batch([recordUnitResponseQuery(h.db.kysely, { consultationId: id, unitId: lyj, response: 'comments', at: TEST_NOW })]);
    // 无意见 after comments does not undo the comments.
    await h.db.batch([recordUnitResponseQuery(h.db.kysely, { consultationId: id, unitId: lyj, response: 'no_comments', at: new Date(TEST_NOW.getTime() + 1000) })]);

    const roster = await listRoster(h.db, id);
    const status = (unit: number) => roster.find((r) => r.unitId === unit)!;
    expect(status(fgw)).toMatchObject({ status: 'no_comments', commentCount: 0, respondedAt: TEST_NOW.toISOString() });
    expect(status(sthjj)).toMatchObject({ status: 'responded', commentCount: 2 });
    expect(status(lyj)).toMatchObject({ status: 'responded', respondedAt: TEST_NOW.toISOString() });
    expect(status(await unitId('区法院'))).toMatchObject({ status: 'none', commentCount: 0 });
    const summary = summarizeRoster(roster);
    expect(summary).toMatchObject({ total: roster.length, responded: 2, noComments: 1, none: roster.length - 3 });
  });

  it('puts a unit that writes in without being asked on the roster', async () => {
    const id = await consultationId(JURONG);
    const unit = await addUnitToRoster(h.db, { consultationId: await consultationId(CJ), name: '区统计局', now: TEST_NOW });
    expect(await listRosterUnitIds(h.db, id)).toEqual([]);
    await h.db.batch([recordUnitResponseQuery(h.db.kysely, { consultationId: id, unitId: unit.unitId, response: 'comments', at: TEST_NOW })]);
    expect(await listRoster(h.db, id)).toMatchObject([{ name: '区统计局', role: 'added', status: 'responded' }]);
  });
});

describe('invitations', () => {
  it('queues one invitation per address of every unit that has one, once, and marks them invited', async () => {
    const id = await consultationId(CJ);
    const report = await queueInvitations(h.db, { consultationId: id, settings, now: TEST_NOW });
    const withAddresses = Object.keys(SAMPLE_UNIT_ADDRESSES);
    expect(report.queued.map((q) => q.name).sort()).toEqual([...withAddresses].sort());
    expect(report.withoutAddress.map((u) => u.name)).toContain('区法院');
    const rows = await outbox();
    expect(rows).toHaveLength(Object.values(SAMPLE_UNIT_ADDRESSES).flat().length);
    expect(rows.map((r) => r.to_address).sort()).toEqual(Object.values(SAMPLE_UNIT_ADDRESSES).flat().sort());
    const sthjj = await unitId('区生态环境局');
    expect(rows.find((r) => r.to_address === 'sthjj@changjiang.example')).toMatchObject({
      kind: 'invitation',
      state: 'queued',
      consultation_id: id,
      dedupe_key: `invite:${id}:${sthjj}:sthjj@changjiang.example`,
    });

    const roster = await listRoster(h.db, id);
    expect(roster.filter((r) => r.invitedAt !== null).map((r) => r.name).sort()).toEqual([...withAddresses].sort());

    const again = await queueInvitations(h.db, { consultationId: id, settings, now: new Date(TEST_NOW.getTime() + 60_000) });
    expect(again.queued).toEqual([]);
    expect(again.alreadyInvited).toHaveLength(withAddresses.length);
    expect(await outbox()).toHaveLength(rows.length);
  });

  it('writes in Chinese with the title, link, deadline in Beijing time, reply address and how to reply', async () => {
    const id = await consultationId(CJ);
    await queueInvitations(h.db, { consultationId: id, settings, now: TEST_NOW });
    const mail = (await outbox()).find((r) => r.to_address === 'sthjj@changjiang.example')!;
    const consultation = (await findConsultationBySlug(h.db, CJ))!;
    expect(mail.subject).toBe(`【征求意见】《${consultation.title}》，请于2026年12月12日 23:59前反馈`);
    expect(mail.text_body).toContain('区生态环境局：');
    expect(mail.text_body).toContain(`http://localhost:8787/consultations/${CJ}`);
    expect(mail.text_body).toContain('反馈截止：2026年12月12日 23:59（北京时间）');
    expect(mail.text_body).toContain(`发送至 ${CJ}@yijian.localhost`);
    expect(mail.text_body).toContain('如“第1项：……”');
    expect(mail.text_body).toContain('请回复“无意见”');
    expect(mail.text_body).toMatch(/草案中贵单位为第1项、第2项、第3项、.*的牵头单位/);
    expect(mail.text_body).toContain('联系人：余峣 0798-8389957');
    expect(JSON.parse(mail.headers_json)).toEqual({ 'Reply-To': `${CJ}@yijian.localhost` });
  });

  it('uses the consultation’s own intake address when it has one', async () => {
    const id = await consultationId(CJ);
    await h.db.batch([h.db.kysely.updateTable('consultations').set({ intake_local: 'cj2022' }).where('id', '=', id).compile()]);
    await queueInvitations(h.db, { consultationId: id, settings, now: TEST_NOW });
    const [first] = await outbox();
    expect(first!.text_body).toContain('发送至 cj2022@yijian.localhost');
    expect(JSON.parse(first!.headers_json)['Reply-To']).toBe('cj2022@yijian.localhost');
  });

  it('invites only the units asked for, and a unit given an address later', async () => {
    const id = await consultationId(CJ);
    const fy = await unitId('区法院');
    const first = await queueInvitations(h.db, { consultationId: id, settings, now: TEST_NOW, unitIds: [await unitId('区发改委'), fy] });
    expect(first.queued.map((q) => q.name)).toEqual(['区发改委']);
    expect(first.withoutAddress.map((u) => u.name)).toEqual(['区法院']);
    await setUnitAddresses(h.db, fy, 'fy@changjiang.example');
    const second = await queueInvitations(h.db, { consultationId: id, settings, now: TEST_NOW, unitIds: [fy] });
    expect(second.queued).toEqual([{ unitId: fy, name: '区法院', addresses: ['fy@changjiang.example'] }]);
    expect((await outbox()).map((r) => r.to_address)).toEqual(['fgw@changjiang.example', 'fy@changjiang.example']);
  });

  it('refuses to invite for a closed consultation, and allows it before one opens', async () => {
    const closed = await thrown(queueInvitations(h.db, { consultationId: await consultationId(YIXING), settings, now: TEST_NOW }));
    expect(closed.status).toBe(409);
    expect(closed.message).toMatch(/^征求意见已于 \d{4}年\d+月\d+日 \d\d:\d\d 结束/);
    const upcoming = await consultationId(JIANGYIN);
    await addUnitToRoster(h.db, { consultationId: upcoming, name: '江阴市发改委', addresses: 'fgw@jiangyin.example', now: TEST_NOW });
    expect((await queueInvitations(h.db, { consultationId: upcoming, settings, now: TEST_NOW })).queued).toHaveLength(1);
    expect(await outbox()).toHaveLength(1);
  });
});

describe('reminders', () => {
  const reminderTime = new Date('2026-12-09T09:00:00+08:00');

  it('go at 09:00 Beijing time N days before the closing day, or never when N is 0', () => {
    expect(reminderDueAt(new Date('2026-12-12T23:59:59+08:00'), 3)).toEqual(reminderTime);
    expect(reminderDueAt(new Date('2026-12-12T23:59:59+08:00'), 0)).toBeNull();
  });

  it('go once, only to invited units that have not responded, only while the consultation is open', async () => {
    const id = await consultationId(CJ);
    await queueInvitations(h.db, { consultationId: id, settings, now: TEST_NOW });
    const invitations = (await outbox()).length;
    // Not invited: never reminded.
    await addUnitToRoster(h.db, { consultationId: id, name: '区教体局', addresses: 'jtj@changjiang.example', now: TEST_NOW });
    const fgw = await unitId('区发改委');
    const zjj = await unitId('区住建局');
    await h.db.batch([
      recordUnitResponseQuery(h.db.kysely, { consultationId: id, unitId: fgw, response: 'no_comments', at: TEST_NOW }),
      recordUnitResponseQuery(h.db.kysely, { consultationId: id, unitId: zjj, response: 'comments', at: TEST_NOW }),
    ]);

    expect((await queueDueReminders(h.db, { settings, now: TEST_NOW })).queued).toEqual([]);
    expect((await queueDueReminders(h.db, { settings, now: new Date(reminderTime.getTime() - 1000) })).queued).toEqual([]);

    const report = await queueDueReminders(h.db, { settings, now: reminderTime });
    const silent = Object.keys(SAMPLE_UNIT_ADDRESSES).filter((n) => n !== '区发改委' && n !== '区住建局');
    expect(report.queued.map((q) => q.name).sort()).toEqual(silent.sort());
    const reminders = (await outbox()).filter((r) => r.kind === 'reminder');
    expect(reminders).toHaveLength(silent.length);
    const sthjj = reminders.find((r) => r.subject.includes('提醒') && r.to_address.includes('sthjj@'))!;
    expect(sthjj.to_address).toBe('sthjj@changjiang.example, sthjj.office@changjiang.example');
    expect(sthjj.dedupe_key).toBe(`remind:${id}:${await unitId('区生态环境局')}`);
    expect(sthjj.text_body).toContain('目前尚未收到贵单位的反馈');
    expect(sthjj.text_body).toContain(`发送至 ${CJ}@yijian.localhost`);

    const roster = await listRoster(h.db, id);
    expect(roster.filter((r) => r.remindedAt !== null).map((r) => r.name).sort()).toEqual(silent.sort());

    expect((await queueDueReminders(h.db, { settings, now: new Date(reminderTime.getTime() + 3_600_000) })).queued).toEqual([]);
    expect(await outbox()).toHaveLength(invitations + silent.length);
  });

  it('are not sent for a closed consultation, nor one closed early', async () => {
    const jurong = await consultationId(JURONG);
    await addUnitToRoster(h.db, { consultationId: jurong, name: '句容市发改委', addresses: 'fgw@jurong.example', now: TEST_NOW });
    await queueInvitations(h.db, { consultationId: jurong, settings, now: TEST_NOW });
    // Jurong closes on 1 December: its reminder time has passed once it has closed.
    expect((await queueDueReminders(h.db, { settings, now: new Date('2026-12-02T09:00:00+08:00') })).queued).toEqual([]);

    const cj = await consultationId(CJ);
    await queueInvitations(h.db, { consultationId: cj, settings, now: TEST_NOW });
    await h.db.batch([h.db.kysely.updateTable('consultations').set({ closed_early_at: new Date('2026-12-01T00:00:00+08:00').toISOString() }).where('id', '=', cj).compile()]);
    expect((await queueDueReminders(h.db, { settings, now: reminderTime })).queued).toEqual([]);
    expect((await outbox()).filter((r) => r.kind === 'reminder')).toEqual([]);
  });

  it('follow the consultation’s reminder_days, and a unit invited the day before is not reminded yet', async () => {
    const jurong = await consultationId(JURONG);
    await h.db.batch([h.db.kysely.updateTable('consultations').set({ reminder_days: 1 }).where('id', '=', jurong).compile()]);
    await addUnitToRoster(h.db, { consultationId: jurong, name: '句容市发改委', addresses: 'fgw@jurong.example', now: TEST_NOW });
    const due = new Date('2026-11-30T09:00:00+08:00');
    await queueInvitations(h.db, { consultationId: jurong, settings, now: new Date(due.getTime() - 3_600_000) });
    expect((await queueDueReminders(h.db, { settings, now: new Date('2026-11-28T09:00:00+08:00') })).queued).toEqual([]);
    expect((await queueDueReminders(h.db, { settings, now: due })).queued).toEqual([]);
    const later = await queueDueReminders(h.db, { settings, now: new Date('2026-12-01T09:00:00+08:00') });
    expect(later.queued.map((q) => q.name)).toEqual(['句容市发改委']);
  });
});

describe('composers', () => {
  const base = {
    unitName: '区生态环境局',
    title: '2022年景德镇市昌江区推进长江经济带发展工作要点（征求意见稿）',
    issuer: '区发改委',
    url: 'http://localhost:8787/consultations/cj',
    closesAt: new Date('2026-12-12T23:59:59+08:00'),
    replyAddress: 'cj@yijian.localhost',
    example: '第五条',
    contact: null,
  };

  it('write invitations and reminders in English too', () => {
    const invitation = invitationMail({ ...base, locale: 'en', leadIn: ['第3项'], supportIn: [] });
    expect(invitation.subject).toBe(`Consultation: “${base.title}” — please reply by 12 Dec 2026, 23:59`);
    expect(invitation.text).toContain('The draft names your unit as lead for 第3项.');
    expect(invitation.text).toContain('e.g. “第五条: …”');
    const reminder = reminderMail({ ...base, locale: 'en' });
    expect(reminder.subject).toBe(`Reminder: comments on “${base.title}” close on 12 Dec 2026, 23:59`);
  });

  it('shorten a long list of paragraphs', () => {
    const many = Array.from({ length: 12 }, (_, i) => `第${i + 1}项`);
    const mail = invitationMail({ ...base, locale: 'zh-CN', leadIn: many, supportIn: [] });
    expect(mail.text).toContain('草案中贵单位为第1项、第2项、第3项、第4项、第5项、第6项、第7项、第8项等 12 处的牵头单位。');
  });

  it('tell a commenter what became of each comment, in the commenter’s language', () => {
    const comments = [
      { trackingNumber: 'YJ-7K3M-9QXA', reference: '第4项', body: '建议明确农村生活污水处理设施建成后的运行维护责任主体和经费来源，避免“重建设、轻运营”。', decision: 'adopted' as const, reason: '已在第4项增加运行维护要求。' },
      { trackingNumber: 'YJ-AAAA-BBBB', reference: null, body: '公告中的反馈截止日期早于发布日期。', decision: 'explained' as const, reason: '日期系录入错误，已更正。' },
    ];
    const zh = outcomeNoticeMail({ locale: 'zh-CN', name: '李先生', title: base.title, issuer: '区发改委', resultsUrl: base.url, comments });
    expect(zh.subject).toBe(`您对《${base.title}》所提意见的处理情况`);
    expect(zh.text).toContain('李先生，您好：');
    expect(zh.text).toContain('意见编号 YJ-7K3M-9QXA（第4项）：采纳\n');
    expect(zh.text).toContain('处理说明：已在第4项增加运行维护要求。');
    expect(zh.text).toContain('意见编号 YJ-AAAA-BBBB（全文）：已解释说明');
    const en = outcomeNoticeMail({ locale: 'en', name: null, title: base.title, issuer: null, resultsUrl: base.url, comments: [{ ...comments[0]!, reference: 'item 4', decision: 'partly_adopted' }] });
    expect(en.text).toContain('Comment YJ-7K3M-9QXA (item 4): partly adopted');
    expect(en.text).toContain('Reason: 已在第4项增加运行维护要求。');
    expect(en.text.startsWith('Hello,')).toBe(true);
  });
});
