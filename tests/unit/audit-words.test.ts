// The audit log in words: every action the commands write, with the detail each writes, worded in
// Chinese and in English by the dictionary — and never shown as the stored JSON.
import { describe, expect, it } from 'vitest';
import { describeAuditEntry } from '../../src/auth/present.ts';
import { translator } from '../../src/lib/i18n.ts';

const zh = (action: string, detail: Record<string, unknown> = {}) => describeAuditEntry({ action, detail_json: JSON.stringify(detail) }, translator('zh-CN'), 'zh-CN');
const en = (action: string, detail: Record<string, unknown> = {}) => describeAuditEntry({ action, detail_json: JSON.stringify(detail) }, translator('en'), 'en');

describe('the audit log in words', () => {
  it('words the consultation lifecycle: create, publish, extend, close, settings', () => {
    expect(zh('create', { slug: 'lvhua', title: '清河市城市绿化管理办法', format: 'docx', from: 'file', fileName: '绿化.docx', blocks: 12, setAside: 3 })).toEqual({
      action: '新建征求意见稿',
      detail: '《清河市城市绿化管理办法》，地址 lvhua，12 个段落，3 行不属于正文已放在一边，来自文件「绿化.docx」',
    });
    expect(zh('publish', { opensAt: '2026-11-01T00:00:00.000Z', closesAt: '2026-11-20T15:59:59.000Z', windowShort: true, confirmed: true, actual: 20, minimum: 30, unit: 'days', rosterAdded: 2 }).detail).toBe(
      '征求意见时间 2026年11月1日 08:00 至 2026年11月20日 23:59；名单新增 2 个单位；期限 20 日，短于通常的 30 日，已确认',
    );
    expect(zh('extend', { from: '2026-11-20T15:59:59.000Z', to: '2026-12-31T15:59:59.000Z', reason: '应企业要求' }).detail).toBe('截止时间由 2026年11月20日 23:59 延长至 2026年12月31日 23:59。理由：应企业要求');
    expect(zh('close', { closesAt: '2026-12-31T15:59:59.000Z', closedAt: '2026-12-01T02:00:00.000Z', reason: '上位法修改' }).detail).toBe('于 2026年12月1日 10:00 提前结束（原定 2026年12月31日 23:59 截止）。理由：上位法修改');
    expect(zh('settings', { changed: { title: ['旧标题', '新标题'], moderation: ['pre', 'post'], issuer: [null, '清河市城市管理局'], require_name: [0, 1] } }).detail).toBe(
      '修改了：标题（旧标题 → 新标题）；意见公开方式（审核后公开 → 先公开后审核）；起草单位（报告落款）（空 → 清河市城市管理局）；要求填写姓名（否 → 是）',
    );
    expect(zh('correct-structure', { action: 'merge', key: 'a3', blocks: 40 }).detail).toBe('与下一段合并：a3，现有 40 个段落');
    expect(zh('correct-structure', { action: 'level-raise', depth: 2, blocks: 40 }).detail).toBe('整级标题升一级：第 2 级标题，现有 40 个段落');
  });

  it('words the review: moderation, decisions, 「不是意见」, offline entry', () => {
    expect(zh('moderate', { status: 'hidden', reason: '含人身攻击', ids: [4, 5], groups: [9] })).toEqual({
      action: '审核意见',
      detail: '2 条意见、1 组相同或近似意见：已隐藏。理由：含人身攻击',
    });
    expect(zh('decide', { decision: 'not_adopted', reason: '与上位法不一致', ids: [], groups: [9] }).detail).toBe('1 组相同或近似意见：不采纳。理由：与上位法不一致');
    expect(zh('not-opinion', { reason: '邮件落款', ids: [7], groups: [] })).toEqual({ action: '标为不是意见', detail: '1 条意见。理由：邮件落款' });
    expect(zh('restore-opinion', { ids: [7, 8], groups: [] })).toEqual({ action: '恢复为意见', detail: '2 条意见' });
    expect(zh('enter-comment', { trackingNumber: 'YJ-7K3M-9QXA', kind: 'letter', unitId: 3 }).detail).toBe('意见编号 YJ-7K3M-9QXA，来信');
  });

  it('words the roster, the report, the results, mail and accounts', () => {
    expect(zh('roster-add', { name: '区财政局', addresses: ['czj@example.gov.cn'] }).detail).toBe('区财政局（czj@example.gov.cn）');
    expect(zh('invite', { units: ['区财政局', '区教育局'], messages: 2, withoutAddress: ['区审计局'] }).detail).toBe('发给 2 个单位：区财政局、区教育局；没有邮箱未发：区审计局');
    expect(zh('export', { format: 'xlsx', grouping: 'unit', comments: 1200 })).toEqual({ action: '导出意见采纳情况报告', detail: 'XLSX，按单位分组，1200 条意见' });
    expect(zh('publish-results', { statement: '共收到意见12条。' }).detail).toBe('结果说明：共收到意见12条。');
    expect(zh('assign-mail', { consultation: 'lvhua' }).detail).toBe('分到征求意见 lvhua');
    expect(zh('upload-mail', { filename: '回复.eml', size: 2048 }).detail).toBe('文件「回复.eml」，2048 字节');
    expect(zh('create-account', { email: 'wang@office.example', role: 'officer' }).detail).toBe('账户 wang@office.example（工作人员）');
    expect(zh('create-account', { email: 'root@office.example', role: 'admin', via: 'cli' }).detail).toBe('账户 root@office.example（管理员），通过命令行');
    expect(zh('login')).toEqual({ action: '登录', detail: '' });
  });

  it('speaks English to an English reader', () => {
    expect(en('not-opinion', { reason: 'a signature', ids: [7], groups: [2] })).toEqual({ action: 'Marked as not an opinion', detail: '1 comment, 1 group of similar comments. Reason: a signature' });
    expect(en('moderate', { status: 'published', reason: null, ids: [1, 2], groups: [] }).detail).toBe('2 comments: Published');
    expect(en('extend', { from: '2026-11-20T15:59:59.000Z', to: '2026-12-31T15:59:59.000Z', reason: 'asked for' }).detail).toBe('deadline moved from 20 Nov 2026, 23:59 to 31 Dec 2026, 23:59. Reason: asked for');
  });

  it('shows an action nobody has worded yet as name–value pairs, never as JSON', () => {
    const words = zh('units-import', { added: 3, addresses: ['a@example.gov.cn', 'b@example.gov.cn'], at: '2026-11-21T02:00:00.000Z' });
    expect(words).toEqual({ action: 'units-import', detail: 'added：3；addresses：a@example.gov.cn、b@example.gov.cn；at：2026年11月21日 10:00' });
    expect(words.detail).not.toContain('{');
  });
});
