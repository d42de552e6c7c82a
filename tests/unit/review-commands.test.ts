// The review commands called directly, as a CLI or another module would call them: refusals are
// codes and change nothing; what they do lands in one batch with its audit entry, the public
// counters and the page version. On a real SQLite file with the sample drafts loaded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertComment } from '../../src/comments/store.ts';
import type { Consultation } from '../../src/db/schema.ts';
import { MAX_SELECTION, REASON_MAX } from '../../src/review/action.ts';
import { decide } from '../../src/review/decisions.ts';
import { regroup } from '../../src/review/grouping.ts';
import { moderate } from '../../src/review/moderation.ts';
import { enterOfflineComment } from '../../src/review/offline.ts';
import { createOfficerAccount } from '../helpers/officers.ts';
import { CJ, createTestApp, JURONG, type TestApp, YIXING } from '../helpers/app.ts';

let h: TestApp;
let actor: { officerId: number; ip: string };

beforeAll(async () => {
  h = await createTestApp();
  actor = { officerId: (await createOfficerAccount(h, 'officer')).id, ip: '192.0.2.7' };
});
afterAll(async () => {
  await h.close();
});

const row = <T>(sql: string, ...params: unknown[]) => h.db.raw.prepare(sql).get(...params) as T;
const consultation = (slug: string) => row<Consultation>('SELECT * FROM consultations WHERE slug = ?', slug);
const auditCount = () => row<{ n: number }>('SELECT COUNT(*) AS n FROM audit_log').n;
const comment = (id: number) => row<{ status: string; status_reason: string | null; decision: string | null; decision_reason: string | null }>('SELECT * FROM comments WHERE id = ?', id);

async function addComment(slug: string, body: string): Promise<number> {
  const now = h.now();
  const trackingNumber = await insertComment(h.db, {
    consultationId: consultation(slug).id, blockId: null, channel: 'web', body, authorName: null, organization: null, contactEmail: null,
    contactPhone: null, status: 'pending', statusReason: null, late: false, locale: 'zh-CN', clientKey: null, receivedAt: now, now,
  });
  return row<{ id: number }>('SELECT id FROM comments WHERE tracking_number = ?', trackingNumber).id;
}

describe('moderate', () => {
  it('refuses with a code, in the order an officer fixes things, and changes nothing', async () => {
    const id = await addComment(CJ, '一条用来试验拒绝的意见。');
    const before = { version: consultation(CJ).version, audit: auditCount() };
    const input = { consultation: consultation(CJ), selection: { ids: [id], groups: [] }, action: 'hide' as const, reason: '', actor };
    expect(await moderate(h.services, { ...input, selection: { ids: [], groups: [] } })).toEqual({ ok: false, code: 'no_selection' });
    const tooMany = Array.from({ length: MAX_SELECTION + 1 }, (_, i) => i + 1);
    expect(await moderate(h.services, { ...input, selection: { ids: tooMany, groups: [] } })).toEqual({ ok: false, code: 'too_many' });
    expect(await moderate(h.services, { ...input, action: null })).toEqual({ ok: false, code: 'no_action' });
    expect(await moderate(h.services, input)).toEqual({ ok: false, code: 'hide_needs_reason' });
    expect(await moderate(h.services, { ...input, reason: '长'.repeat(REASON_MAX + 1) })).toEqual({ ok: false, code: 'reason_too_long' });
    expect(comment(id).status).toBe('pending');
    expect({ version: consultation(CJ).version, audit: auditCount() }).toEqual(before);
  });

  it('publishes with the counters, the page version and the audit entry in the same batch', async () => {
    const ids = [await addComment(CJ, '第一条将被公开的意见。'), await addComment(CJ, '第二条将被公开的意见。')];
    const before = consultation(CJ);
    const result = await moderate(h.services, { consultation: before, selection: { ids, groups: [] }, action: 'publish', reason: '', actor });
    expect(result).toEqual({ ok: true, status: 'published', count: 2 });
    const after = consultation(CJ);
    expect(after.published_comment_count).toBe(before.published_comment_count + 2);
    expect(after.version).toBeGreaterThan(before.version);
    const audit = row<{ action: string; officer_id: number; ip: string; detail_json: string }>('SELECT * FROM audit_log ORDER BY id DESC LIMIT 1');
    expect(audit).toMatchObject({ action: 'moderate', officer_id: actor.officerId, ip: actor.ip });
    expect(JSON.parse(audit.detail_json)).toMatchObject({ status: 'published', ids });
    // Asking again changes nothing, and says so.
    expect(await moderate(h.services, { consultation: after, selection: { ids, groups: [] }, action: 'publish', reason: '', actor })).toEqual({ ok: true, status: 'published', count: 0 });
    expect(consultation(CJ).published_comment_count).toBe(after.published_comment_count);
  });
});

describe('decide', () => {
  it('needs a reason for every outcome but 采纳, and saves the decision for the group', async () => {
    const id = await addComment(JURONG, '建议增加社区养老服务设施。');
    const input = { consultation: consultation(JURONG), selection: { ids: [id], groups: [] }, decision: 'not_adopted' as const, reason: '', actor };
    expect(await decide(h.services, input)).toEqual({ ok: false, code: 'reason_required' });
    expect(await decide(h.services, { ...input, decision: null })).toEqual({ ok: false, code: 'no_decision' });
    expect(comment(id).decision).toBeNull();
    expect(await decide(h.services, { ...input, decision: 'adopted' })).toEqual({ ok: true, decision: 'adopted', count: 1 });
    expect(await decide(h.services, { ...input, reason: '与上位法规定不符。' })).toEqual({ ok: true, decision: 'not_adopted', count: 1 });
    expect(comment(id)).toMatchObject({ decision: 'not_adopted', decision_reason: '与上位法规定不符。' });
    expect(row<{ action: string }>('SELECT action FROM audit_log ORDER BY id DESC LIMIT 1').action).toBe('decide');
  });

  it('ignores comments of another consultation', async () => {
    const other = await addComment(YIXING, '宜兴的意见，不属于句容。');
    expect(await decide(h.services, { consultation: consultation(JURONG), selection: { ids: [other], groups: [] }, decision: 'adopted', reason: '', actor })).toEqual({
      ok: true,
      decision: 'adopted',
      count: 0,
    });
    expect(comment(other).decision).toBeNull();
  });
});

describe('regroup', () => {
  it('groups copies of one letter and reports the run', async () => {
    const letter = '我们坚决支持关于长江十年禁渔的规定，建议加大对非法捕捞的打击力度，落实渔民转产补助。';
    const ids = [await addComment(YIXING, `${letter}张三`), await addComment(YIXING, `${letter}李四`)];
    const { ok, run } = await regroup(h.services, { consultationId: consultation(YIXING).id });
    expect(ok).toBe(true);
    expect(run.group_count).toBeGreaterThanOrEqual(1);
    const groups = ids.map((id) => row<{ g: number | null }>('SELECT duplicate_group_id AS g FROM comments WHERE id = ?', id).g);
    expect(groups).toEqual([ids[0], ids[0]]);
  });
});

describe('enterOfflineComment', () => {
  const comment = { body: '来信：建议延长征求意见期限。', name: '', organization: '', email: '', phone: '' };

  it('refuses a day after today, a heading, an unknown unit, with codes, and stores nothing', async () => {
    const before = row<{ n: number }>('SELECT COUNT(*) AS n FROM comments').n;
    const heading = row<{ key: string }>("SELECT key FROM blocks WHERE consultation_id = ? AND kind = 'heading' LIMIT 1", consultation(CJ).id).key;
    const input = { consultation: consultation(CJ), kind: 'letter' as const, receivedOn: '2026-11-20', paragraphKey: null, unitId: null, comment, locale: 'zh-CN', actor };
    expect(await enterOfflineComment(h.services, { ...input, receivedOn: '2026-11-22' })).toEqual({ ok: false, code: 'received_future' });
    expect(await enterOfflineComment(h.services, { ...input, receivedOn: '2026-02-30x' })).toEqual({ ok: false, code: 'received_invalid' });
    expect(await enterOfflineComment(h.services, { ...input, paragraphKey: heading })).toEqual({ ok: false, code: 'paragraph_unknown' });
    expect(await enterOfflineComment(h.services, { ...input, unitId: 99_999_999 })).toEqual({ ok: false, code: 'unit_unknown' });
    expect(await enterOfflineComment(h.services, { ...input, comment: { ...comment, body: '短' } })).toEqual({ ok: false, code: 'comment_invalid' });
    expect(row<{ n: number }>('SELECT COUNT(*) AS n FROM comments').n).toBe(before);
  });

  it('stores a letter that came after the close as late, with its audit entry', async () => {
    const result = await enterOfflineComment(h.services, { consultation: consultation(YIXING), kind: 'phone', receivedOn: '2026-11-21', paragraphKey: null, unitId: null, comment, locale: 'zh-CN', actor });
    expect(result).toMatchObject({ ok: true, status: 'pending' });
    const number = (result as { trackingNumber: string }).trackingNumber;
    expect(row<{ late: number; channel: string; offline_kind: string; entered_by: number }>('SELECT * FROM comments WHERE tracking_number = ?', number)).toMatchObject({
      late: 1,
      channel: 'offline',
      offline_kind: 'phone',
      entered_by: actor.officerId,
    });
    const audit = row<{ action: string; detail_json: string }>('SELECT * FROM audit_log ORDER BY id DESC LIMIT 1');
    expect(audit.action).toBe('enter-comment');
    expect(JSON.parse(audit.detail_json)).toMatchObject({ trackingNumber: number, kind: 'phone' });
  });
});
