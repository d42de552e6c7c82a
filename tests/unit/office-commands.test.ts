// The office's commands called directly, as the routes and the CLI call them: each writes its
// change and its audit entry in one batch, or nothing at all.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changePassword, createAccount, setAccountDisabled } from '../../src/auth/accounts.ts';
import { findConsultationBySlug } from '../../src/drafts/store.ts';
import { createConsultation } from '../../src/office/create.ts';
import { closeEarly, extendDeadline, publishConsultation } from '../../src/office/lifecycle.ts';
import { addToRoster, removeFromRoster } from '../../src/office/roster.ts';
import { CJ, createTestApp, type TestApp } from '../helpers/app.ts';
import { createOfficerAccount, TEST_PASSWORD } from '../helpers/officers.ts';

const ROAD = new TextDecoder('gb18030').decode(readFileSync('tests/fixtures/gb18030-notice.txt'));

let h: TestApp;
beforeEach(async () => {
  h = await createTestApp();
});
afterEach(async () => {
  await h.close();
});

const actor = { officerId: null, ip: '127.0.0.1' };

async function row(slug: string) {
  return (await findConsultationBySlug(h.db, slug))!;
}

async function auditActions(): Promise<string[]> {
  return (await h.db.kysely.selectFrom('audit_log').select('action').orderBy('id').execute()).map((r) => r.action);
}

async function draftWithWindow(slug: string) {
  const created = await createConsultation(h.services, { source: { text: ROAD, format: 'text', from: 'paste', fileName: null }, title: '', slug, actor });
  expect(created).toMatchObject({ ok: true, slug, title: '某县农村公路养护办法' });
  await h.db.kysely.updateTable('consultations').set({ opens_at: '2026-11-23T01:00:00.000Z', closes_at: '2026-12-31T09:00:00.000Z' }).where('slug', '=', slug).execute();
  return row(slug);
}

describe('publishing', () => {
  it('refuses with a code and writes nothing when the version is stale; otherwise publishes, seeds the roster and audits in one batch', async () => {
    const draft = await draftWithWindow('road');
    const stale = await publishConsultation(h.services, { consultation: draft, version: draft.version - 1, confirmShortWindow: false, actor });
    expect(stale).toEqual({ ok: false, code: 'stale' });
    expect(await h.db.kysely.selectFrom('roster_entries').select('id').where('consultation_id', '=', draft.id).execute()).toEqual([]);
    expect(await auditActions()).toEqual(['create']);

    const published = await publishConsultation(h.services, { consultation: draft, version: draft.version, confirmShortWindow: false, actor });
    expect(published.ok && published.roster.added.map((u) => u.name).sort()).toEqual(['县交通运输局', '县财政局']);
    expect((await row('road')).state).toBe('published');
    expect(await auditActions()).toEqual(['create', 'publish']);

    const again = await publishConsultation(h.services, { consultation: await row('road'), version: (await row('road')).version, confirmShortWindow: false, actor });
    expect(again).toEqual({ ok: false, code: 'notDraft' });
  });

  it('refuses a finished window unless the caller loads it as it was (the CLI)', async () => {
    const draft = await draftWithWindow('old');
    await h.db.kysely.updateTable('consultations').set({ opens_at: '2026-01-01T01:00:00.000Z', closes_at: '2026-03-01T09:00:00.000Z' }).where('id', '=', draft.id).execute();
    const old = await row('old');
    expect(await publishConsultation(h.services, { consultation: old, version: old.version, confirmShortWindow: true, actor })).toEqual({ ok: false, code: 'closedAlready' });
    expect(await publishConsultation(h.services, { consultation: old, version: old.version, confirmShortWindow: true, allowClosedWindow: true, actor })).toMatchObject({ ok: true });
  });
});

describe('extending and closing', () => {
  it('share their refusals: a deadline must move later, and neither applies once closed', async () => {
    const cj = await row(CJ);
    expect(await extendDeadline(h.services, { consultation: cj, version: cj.version, closesAt: new Date(cj.closes_at!), reason: '同一时间', actor })).toMatchObject({ ok: false, code: 'notLater' });
    expect(await closeEarly(h.services, { consultation: cj, version: cj.version, reason: '停止', actor })).toEqual({ ok: true });
    const closed = await row(CJ);
    expect(await extendDeadline(h.services, { consultation: closed, version: closed.version, closesAt: new Date('2027-01-31T00:00:00Z'), reason: '重新开放', actor })).toEqual({ ok: false, code: 'notRunning' });
    expect(await closeEarly(h.services, { consultation: closed, version: closed.version, reason: '再次', actor })).toEqual({ ok: false, code: 'notRunning' });
    expect(await auditActions()).toEqual(['close']);
  });
});

describe('the roster', () => {
  it('adds a unit with its audit entry naming the unit it created, and refuses a group name by code', async () => {
    const cj = await row(CJ);
    expect(await addToRoster(h.services, { consultation: cj, name: '区直有关单位', addresses: '', actor })).toMatchObject({ ok: false, code: 'unit_name_collective', field: 'name' });
    const added = await addToRoster(h.services, { consultation: cj, name: '区审计局', addresses: 'sjj@changjiang.example', actor });
    expect(added.ok).toBe(true);
    const entry = await h.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'roster-add').executeTakeFirstOrThrow();
    expect(added.ok && entry.target_id).toBe(added.ok && added.unitId);
    expect(await removeFromRoster(h.services, { consultation: cj, unitId: added.ok ? added.unitId : 0, actor })).toMatchObject({ ok: true, name: '区审计局' });
    expect(await removeFromRoster(h.services, { consultation: cj, unitId: added.ok ? added.unitId : 0, actor })).toEqual({ ok: false, code: 'notOnRoster' });
    expect(await auditActions()).toEqual(['roster-add', 'roster-remove']);
  });
});

describe('accounts', () => {
  it('creates an account audited against its own id, refuses a taken email, and never lets an admin disable themselves', async () => {
    const admin = await createOfficerAccount(h, 'admin');
    const me = { officerId: admin.id, ip: null };
    const created = await createAccount(h.services, { email: 'New@Office.example', name: '王五', role: 'officer', actor: me });
    expect(created).toMatchObject({ ok: true, officer: { email: 'new@office.example', role: 'officer' } });
    const entry = await h.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'create-account').executeTakeFirstOrThrow();
    expect(created.ok && entry.target_id).toBe(created.ok && created.officer.id);
    expect(await createAccount(h.services, { email: 'new@office.example', name: '', role: 'officer', actor: me })).toEqual({ ok: false, code: 'email_taken', params: { email: 'new@office.example' } });
    expect(await setAccountDisabled(h.services, { officerId: admin.id, disabled: true, actor: me })).toEqual({ ok: false, code: 'not_self' });
    expect(await changePassword(h.services, { officerId: admin.id, current: 'wrong', next: 'a long enough password', actor: me })).toEqual({ ok: false, code: 'wrong' });
    expect(await changePassword(h.services, { officerId: admin.id, current: TEST_PASSWORD, next: 'short', actor: me })).toMatchObject({ ok: false, code: 'short' });
    expect(await auditActions()).toEqual(['create-account']);
  });
});
