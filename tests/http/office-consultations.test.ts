// The office's consultation pages over HTTP: creating drafts, correcting their structure,
// settings, publishing, extending and closing early, and what the public then sees.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTree, findConsultationBySlug, listBlocks, type TreeNode } from '../../src/drafts/store.ts';
import { CJ, createTestApp, type TestApp, type TestClient } from '../helpers/app.ts';
import { signIn } from '../helpers/officers.ts';

const DRAFT = readFileSync('tests/fixtures/office-draft.txt', 'utf8');
const GB18030 = new Uint8Array(readFileSync('tests/fixtures/gb18030-notice.txt'));

let harness: TestApp;
beforeEach(async () => {
  harness = await createTestApp();
});
afterEach(async () => {
  await harness.close();
});

async function upload(client: TestClient, fields: Record<string, string>, file?: { name: string; bytes: Uint8Array<ArrayBuffer> | string; type?: string }) {
  await client.get('/office/consultations/new');
  const form = new FormData();
  form.set('_csrf', client.csrf);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set('file', new File([file.bytes], file.name, { type: file.type ?? 'text/plain' }));
  const response = await client.request('/office/consultations/new', { method: 'POST', body: form });
  return { response, html: await response.text() };
}

async function consultation(slug: string) {
  const row = await findConsultationBySlug(harness.db, slug);
  if (!row) throw new Error(`no consultation ${slug}`);
  return row;
}

/** The stored tree as [depth, kind, label, text-or-title] lines, in document order. */
async function outline(slug: string): Promise<string[]> {
  const row = await consultation(slug);
  const lines: string[] = [];
  const walk = (nodes: TreeNode[], depth: number) => {
    for (const n of nodes) {
      lines.push([depth, n.kind, n.label, n.title ?? n.text].filter((part) => part !== null && part !== '').join(' '));
      walk(n.children, depth + 1);
    }
  };
  const blocks = await listBlocks(harness.db, row.id);
  walk(buildTree(blocks), 0);
  // The stored depth, position and parent agree with the tree.
  blocks.forEach((b, i) => expect(b.position).toBe(i + 1));
  for (const b of blocks) {
    const parent = blocks.find((p) => p.id === b.parent_id);
    expect(b.depth).toBe(parent ? parent.depth + 1 : 0);
  }
  return lines;
}

async function correct(client: TestClient, slug: string, fields: Record<string, string>, options: { htmx?: boolean } = {}) {
  await client.get(`/office/consultations/${slug}/structure`);
  const version = String((await consultation(slug)).version);
  return client.postForm(`/office/consultations/${slug}/structure`, { version, ...fields }, options);
}

async function audit(action: string) {
  return harness.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
}

async function createDraft(client: TestClient, slug = 'lvhua') {
  const { response } = await upload(client, { text: DRAFT, slug, title: '' });
  expect(response.status).toBe(303);
  return slug;
}

async function postWithVersion(client: TestClient, slug: string, path: string, fields: Record<string, string>) {
  await client.get(`/office/consultations/${slug}${path === '/settings' ? '/settings' : ''}`);
  const version = String((await consultation(slug)).version);
  return client.postForm(`/office/consultations/${slug}${path}`, { version, ...fields });
}

describe('the consultation list', () => {
  it('lists every consultation with its pending and total comments for every role, and offers "new" to officers only', async () => {
    const officer = await signIn(harness, 'officer');
    await createDraft(officer);
    const { response, html } = await officer.get('/office/consultations');
    expect(response.status).toBe(200);
    expect(html).toContain('草稿（未发布）');
    expect(html).toContain('清河市城市绿化管理办法');
    expect(html).toContain('征求意见中');
    expect(html).toContain(`href="/office/consultations/${CJ}"`);
    expect(html).toContain('href="/office/consultations/new"');
    // The samples put one pending comment on Changjiang among three.
    const cj = await consultation(CJ);
    const counts = await harness.db.kysely
      .selectFrom('comments')
      .select(['status'])
      .where('consultation_id', '=', cj.id)
      .execute();
    const pending = counts.filter((r) => r.status === 'pending').length;
    const row = html.slice(html.indexOf(`/office/consultations/${CJ}"`));
    const cells = [...row.slice(0, row.indexOf('</tr>')).matchAll(/<td class="numeric">(?:<strong>)?(\d+)/g)].map((m) => Number(m[1]));
    expect(cells).toEqual([pending, counts.length]);

    const moderator = await signIn(harness, 'moderator');
    const seen = await moderator.get('/office/consultations');
    expect(seen.response.status).toBe(200);
    expect(seen.html).not.toContain('href="/office/consultations/new"');
    expect((await moderator.get('/office/consultations/new')).response.status).toBe(403);
  });

  it('sends /office to the list and an anonymous visitor to the sign-in form', async () => {
    const officer = await signIn(harness, 'officer');
    const response = await officer.request('/office');
    expect(response.headers.get('location')).toBe('/office/consultations');
    const anonymous = await harness.client().request('/office/consultations/lvhua/settings');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/office/login?next=%2Foffice%2Fconsultations%2Flvhua%2Fsettings');
  });
});

describe('creating a draft', () => {
  it('stores pasted text as a draft with its import report, audited, and shows the structure', async () => {
    const officer = await signIn(harness, 'officer');
    const { response } = await upload(officer, { text: DRAFT, slug: '', title: '' });
    expect(response.status).toBe(303);
    const location = response.headers.get('location')!;
    expect(location).toMatch(/^\/office\/consultations\/[a-z0-9-]+\/structure$/);
    const slug = location.split('/')[3]!;
    const row = await consultation(slug);
    expect(row.state).toBe('draft');
    expect(row.title).toBe('清河市城市绿化管理办法');
    expect(row.document_kind).toBe('rule');
    expect(row.source_text).toBe(DRAFT); // line breaks as typed (multipart sends CRLF)
    expect(await outline(slug)).toEqual([
      '0 heading 第一章 总则',
      '1 article 第一条 为了促进城市绿化事业发展，改善生态环境，',
      '2 paragraph 根据有关法律法规，结合本市实际，制定本办法。',
      '1 article 第二条 本办法适用于本市城市规划区内的绿化规划、建设、保护和管理。',
      '0 heading 第二章 规划和建设',
      '1 article 第三条 市绿化主管部门负责编制城市绿地系统规划。',
      '2 paragraph 规划应当向社会公布。',
      '1 article 第四条 新建居住区的绿地率不得低于百分之三十。',
      '2 paragraph 附则说明',
      '2 paragraph 本办法自发布之日起施行。',
    ]);
    const created = await audit('create');
    expect(created).toHaveLength(1);
    expect(created[0]!.consultation_id).toBe(row.id);
    expect(created[0]!.officer_id).toBe(officer.officer.id);

    // A draft is not public.
    expect((await harness.client().request(`/consultations/${slug}`)).status).toBe(404);
    const page = await officer.get(location);
    expect(page.html).toContain('已保存草稿「清河市城市绿化管理办法」');
    expect(page.html).toContain('当前位置：首页 &gt; 政务公开 &gt; 征求意见');
    expect(page.html).toContain('第 14 行');
    expect(page.html).toContain('发布时间 2026-11-01 晚于反馈截止日期 2026-10-20');
    expect(page.html).toContain('意见审阅');
  });

  it('reads an uploaded .txt in GB18030 and a .md file', async () => {
    const officer = await signIn(harness, 'officer');
    const { response } = await upload(officer, { slug: 'road', title: '' }, { name: '公路养护.txt', bytes: GB18030 });
    expect(response.status).toBe(303);
    const row = await consultation('road');
    expect(row.title).toBe('某县农村公路养护办法');
    expect((await outline('road')).some((line) => line.startsWith('1 item 1. 落实县级主体责任'))).toBe(true);

    const md = await upload(officer, { slug: 'md-draft', title: '标记文本' }, { name: 'draft.md', bytes: '# 总则\n\n第一段文字。\n\n## 细则\n\n第二段文字。\n' });
    expect(md.response.status).toBe(303);
    expect((await consultation('md-draft')).source_format).toBe('markdown');
    expect(await outline('md-draft')).toEqual(['0 heading 总则', '1 paragraph 第一段文字。', '1 heading 细则', '2 paragraph 第二段文字。']);
  });

  it('refuses bad input with Chinese errors next to the field and gives the pasted text back', async () => {
    const officer = await signIn(harness, 'officer');
    const empty = await upload(officer, { text: '   ', slug: '', title: '' });
    expect(empty.response.status).toBe(422);
    expect(empty.html).toContain('请粘贴草案全文或选择一个文件。');

    const badSlug = await upload(officer, { text: DRAFT, slug: 'Bad Slug!', title: '我的标题' });
    expect(badSlug.response.status).toBe(422);
    expect(badSlug.html).toContain('网址名称只能使用小写字母、数字和连字符');
    expect(badSlug.html).toContain('为了促进城市绿化事业发展，改善生态环境，');
    expect(badSlug.html).toContain('value="我的标题"');

    const taken = await upload(officer, { text: DRAFT, slug: CJ, title: '' });
    expect(taken.response.status).toBe(422);
    expect(taken.html).toContain(`网址名称“${CJ}”已被使用`);
    expect(taken.html).toContain(`${CJ}-2`);

    const reserved = await upload(officer, { text: DRAFT, slug: 'new', title: '' });
    expect(reserved.html).toContain('系统保留');

    const wrongType = await upload(officer, { text: '', slug: 'pdf', title: '' }, { name: 'draft.pdf', bytes: '%PDF-1.4' });
    expect(wrongType.response.status).toBe(422);
    expect(wrongType.html).toContain('只能上传 .txt、.md 或 .docx 文件。');

    const tooLong = await upload(officer, { text: '字'.repeat(500_001), slug: 'long', title: '' });
    expect(tooLong.response.status).toBe(422);
    expect(tooLong.html).toContain('草案全文过长（500001 字），最多 500000 字。');

    const big = await upload(officer, { slug: 'big', title: '' }, { name: 'big.txt', bytes: new Uint8Array(5 * 1024 * 1024 + 1).fill(0x41) });
    expect(big.response.status).toBe(422);
    expect(big.html).toContain('文件过大');

    const noTitle = await upload(officer, { text: '第一段。\n第二段。', slug: '', title: '' });
    expect(noTitle.response.status).toBe(422);
    expect(noTitle.html).toContain('正文中没有识别到标题，请填写标题。');

    expect(await harness.db.kysely.selectFrom('consultations').select('slug').where('state', '=', 'draft').execute()).toEqual([]);
  });

  it('refuses a form without its CSRF token, and a moderator', async () => {
    const officer = await signIn(harness, 'officer');
    const form = new FormData();
    form.set('text', DRAFT);
    form.set('slug', 'nocsrf');
    const response = await officer.request('/office/consultations/new', { method: 'POST', body: form });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('表单已过期或来源不明');
    expect(await findConsultationBySlug(harness.db, 'nocsrf')).toBeUndefined();

    const moderator = await signIn(harness, 'moderator');
    await moderator.get('/office/consultations');
    const refused = await moderator.postForm('/office/consultations/new', { text: DRAFT, slug: 'bymod' });
    expect(refused.response.status).toBe(403);
  });
});

describe('correcting the structure', () => {
  it('merges a hard-wrapped line into its article, and refuses merging a heading', async () => {
    const officer = await signIn(harness, 'officer');
    const slug = await createDraft(officer);
    const { response } = await correct(officer, slug, { action: 'merge', key: 'a1' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/office/consultations/${slug}/structure#block-a1`);
    const tree = await outline(slug);
    expect(tree.slice(0, 3)).toEqual([
      '0 heading 第一章 总则',
      '1 article 第一条 为了促进城市绿化事业发展，改善生态环境，根据有关法律法规，结合本市实际，制定本办法。',
      '1 article 第二条 本办法适用于本市城市规划区内的绿化规划、建设、保护和管理。',
    ]);
    const entries = await audit('correct-structure');
    expect(JSON.parse(entries[0]!.detail_json)).toMatchObject({ action: 'merge', key: 'a1' });
    expect(JSON.parse((await consultation(slug)).import_report_json).stats.blocks).toBe(9);

    const heading = await correct(officer, slug, { action: 'merge', key: 's1' });
    expect(heading.response.status).toBe(422);
    expect(heading.html).toContain('标题不能与下一段合并');
  });

  it('splits a paragraph where the officer inserts a blank line, and refuses a split that changes the text', async () => {
    const officer = await signIn(harness, 'officer');
    const slug = await createDraft(officer);
    const page = await officer.get(`/office/consultations/${slug}/structure/blocks/a3-k2`);
    expect(page.response.status).toBe(200);
    expect(page.html).toContain('在要拆分的位置插入一个空行');

    const changed = await correct(officer, slug, { action: 'split', key: 'a2', parts: '本办法适用于本市\n\n城市规划区内的绿化。' });
    expect(changed.response.status).toBe(422);
    expect(changed.html).toContain('拆分时只能插入空行，不能修改文字');
    expect(changed.html).toContain('城市规划区内的绿化。');

    const { response } = await correct(officer, slug, { action: 'split', key: 'a2', parts: '本办法适用于本市城市规划区内的\r\n\r\n绿化规划、建设、保护和管理。' });
    expect(response.status).toBe(303);
    const tree = await outline(slug);
    expect(tree.slice(3, 5)).toEqual(['1 article 第二条 本办法适用于本市城市规划区内的', '2 paragraph 绿化规划、建设、保护和管理。']);
    expect(tree).toHaveLength(11);
  });

  it('turns a paragraph into a heading and raises its level; what followed moves under it', async () => {
    const officer = await signIn(harness, 'officer');
    const slug = await createDraft(officer);
    expect((await correct(officer, slug, { action: 'to-heading', key: 'a4-k2' })).response.status).toBe(303);
    expect((await correct(officer, slug, { action: 'outdent', key: 'a4-k2' })).response.status).toBe(303);
    expect((await correct(officer, slug, { action: 'outdent', key: 'a4-k2' })).response.status).toBe(303);
    const tree = await outline(slug);
    expect(tree.slice(-3)).toEqual(['1 article 第四条 新建居住区的绿地率不得低于百分之三十。', '0 heading 附则说明', '1 paragraph 本办法自发布之日起施行。']);
    const top = await correct(officer, slug, { action: 'outdent', key: 'a4-k2' });
    expect(top.response.status).toBe(422);
    expect(top.html).toContain('已经是最高一级');
    // And back: indent, and turn it into a paragraph again.
    expect((await correct(officer, slug, { action: 'indent', key: 'a4-k2' })).response.status).toBe(303);
    expect((await correct(officer, slug, { action: 'to-paragraph', key: 'a4-k2' })).response.status).toBe(303);
    const final = await outline(slug);
    expect(final.at(-2)).toBe('1 paragraph 附则说明');
    expect(final.at(-1)).toBe('2 paragraph 本办法自发布之日起施行。');
  });

  it('edits a text and restores a set-aside line at its place', async () => {
    const officer = await signIn(harness, 'officer');
    const slug = await createDraft(officer);
    const edit = await correct(officer, slug, { action: 'edit', key: 'a3-k2', label: '', title: '', text: '规划应当及时向社会公布。' });
    expect(edit.response.status).toBe(303);
    expect(await outline(slug)).toContain('2 paragraph 规划应当及时向社会公布。');
    const row = await consultation(slug);
    const block = (await listBlocks(harness.db, row.id)).find((b) => b.key === 'a3-k2')!;
    expect(block.search_text).toContain('规划应当及时向社会公布');

    const empty = await correct(officer, slug, { action: 'edit', key: 'a3-k2', label: '', title: '', text: '  ' });
    expect(empty.response.status).toBe(422);
    expect(empty.html).toContain('标题和内容不能都为空');

    const restore = await correct(officer, slug, { action: 'restore', line: '14' });
    expect(restore.response.status).toBe(303);
    const tree = await outline(slug);
    expect(tree.slice(5, 9)).toEqual([
      '1 article 第三条 市绿化主管部门负责编制城市绿地系统规划。',
      '2 paragraph 规划应当及时向社会公布。',
      '2 paragraph 访问量：1234',
      '1 article 第四条 新建居住区的绿地率不得低于百分之三十。',
    ]);
    const report = JSON.parse((await consultation(slug)).import_report_json);
    expect(report.setAside.map((s: { line: number }) => s.line)).toEqual([1, 3]);
    expect(report.stats.blocks).toBe(11);
    const again = await correct(officer, slug, { action: 'restore', line: '14' });
    expect(again.response.status).toBe(409);
    expect(again.html).toContain('导入报告中没有这一行');
  });

  it('deletes a block into the import report, restores it, and moves a whole level of headings at once', async () => {
    const officer = await signIn(harness, 'officer');
    const slug = await createDraft(officer);
    const before = await outline(slug);
    const deleted = await correct(officer, slug, { action: 'delete', key: 'a4' });
    expect(deleted.response.status).toBe(303);
    const after = await outline(slug);
    expect(after).not.toContain('1 article 第四条 新建居住区的绿地率不得低于百分之三十。');
    expect(after.length).toBeLessThan(before.length);
    const report = JSON.parse((await consultation(slug)).import_report_json);
    const entry = report.setAside.find((s: { code: string }) => s.code === 'deleted-block');
    expect(entry.text).toContain('第四条');
    expect(entry.message).toContain('结构编辑中删除');
    const page = await officer.get(`/office/consultations/${slug}/structure?lang=en`);
    expect(page.html).toContain('Deleted in the structure editor (can be restored)');

    const restored = await correct(officer, slug, { action: 'restore', line: String(entry.line) });
    expect(restored.response.status).toBe(303);
    expect((await outline(slug)).some((line) => line.includes('第四条 新建居住区的绿地率不得低于百分之三十。'))).toBe(true);

    // A whole level of headings moves at once; the top level cannot go higher.
    const other = await createDraft(officer, 'lvhua-levels');
    const top = await correct(officer, other, { action: 'level-raise', depth: '0' });
    expect(top.response.status).toBe(422);
    const none = await correct(officer, other, { action: 'level-raise', depth: '5' });
    expect(none.response.status).toBe(422);
    // The English page set the language: the refusal is worded in English.
    expect(none.html).toContain('There is no heading at that level.');
    expect((await correct(officer, other, { action: 'to-heading', key: 'a4-k2' })).response.status).toBe(303);
    const raised = await correct(officer, other, { action: 'level-raise', depth: '2' });
    expect(raised.response.status).toBe(303);
    expect((await outline(other)).some((line) => line.startsWith('1 heading 附则说明'))).toBe(true);
    const entries = await audit('correct-structure');
    expect(JSON.parse(entries.at(-1)!.detail_json)).toMatchObject({ action: 'level-raise', depth: 2 });
  });

  it('answers htmx with the editor fragment and refuses a correction made on an outdated page', async () => {
    const officer = await signIn(harness, 'officer');
    const slug = await createDraft(officer);
    const { response, html } = await correct(officer, slug, { action: 'merge', key: 'a3' }, { htmx: true });
    expect(response.status).toBe(200);
    expect(html.startsWith('<div id="structure-editor">')).toBe(true);
    expect(html).not.toContain('<html');
    expect(html).toContain('已合并。');

    const refused = await officer.postForm(`/office/consultations/${slug}/structure`, { version: '1', action: 'merge', key: 'a1' }, { htmx: true });
    expect(refused.response.status).toBe(409);
    expect(refused.html).toContain('刚被其他人修改过');
    expect(await outline(slug)).toContain('2 paragraph 根据有关法律法规，结合本市实际，制定本办法。');
  });

  it('keeps a published consultation read-only and a moderator out', async () => {
    const officer = await signIn(harness, 'officer');
    const page = await officer.get(`/office/consultations/${CJ}/structure`);
    expect(page.response.status).toBe(200);
    expect(page.html).toContain('本征求意见已经发布，正文不能再修改');
    expect(page.html).not.toContain('value="merge"');
    const refused = await correct(officer, CJ, { action: 'merge', key: 'i1' });
    expect(refused.response.status).toBe(409);

    const moderator = await signIn(harness, 'moderator');
    const slug = await createDraft(officer);
    const view = await moderator.get(`/office/consultations/${slug}/structure`);
    expect(view.response.status).toBe(200);
    expect(view.html).not.toContain('value="merge"');
    const post = await moderator.postForm(`/office/consultations/${slug}/structure`, { version: '1', action: 'merge', key: 'a1' });
    expect(post.response.status).toBe(403);
  });
});

describe('settings', () => {
  const base = {
    title: '清河市城市绿化管理办法',
    moderation: 'pre',
    documentKind: 'rule',
    intakeLocal: '',
    reminderDays: '3',
    contactPerson: '王明',
    contactPhone: '0510-12345678',
    contactEmail: 'lvhua@qinghe.gov.cn',
  };

  it('refuses bad values with Chinese errors next to each field, keeping what was typed', async () => {
    const officer = await signIn(harness, 'officer');
    const slug = await createDraft(officer);
    const { response, html } = await postWithVersion(officer, slug, '/settings', {
      ...base,
      title: '',
      opens: '2026-12-01T09:00',
      closes: '2026-11-30T09:00',
      intakeLocal: 'Bad Address',
      reminderDays: '99',
      contactEmail: 'not-an-email',
    });
    expect(response.status).toBe(422);
    expect(html).toContain('请填写标题');
    expect(html).toContain('截止时间必须晚于开始时间。');
    expect(html).toContain('邮箱名称只能使用小写字母');
    expect(html).toContain('提醒天数请填写 0 到 60 之间的整数。');
    expect(html).toContain('联系邮箱格式不正确。');
    expect(html).toContain('value="bad address"');
    expect(html).toContain('id="set-intakeLocal-error"');

    const pair = await postWithVersion(officer, slug, '/settings', { ...base, opens: '2026-12-01T09:00', closes: '' });
    expect(pair.html).toContain('开始时间和截止时间需要同时填写');

    const taken = await postWithVersion(officer, slug, '/settings', { ...base, opens: '', closes: '', intakeLocal: CJ });
    expect(taken.response.status).toBe(422);
    expect(taken.html).toContain(`邮箱名称“${CJ}”已被另一次征求意见使用。`);
  });

  it('warns when a rule gets fewer than 30 days and saves once the officer confirms', async () => {
    const officer = await signIn(harness, 'officer');
    const slug = await createDraft(officer);
    const fields = { ...base, opens: '2026-12-01T00:00', closes: '2026-12-29T23:59' };
    const warned = await postWithVersion(officer, slug, '/settings', fields);
    expect(warned.response.status).toBe(422);
    expect(warned.html).toContain('征求意见期限为 29 日，短于规章、规范性文件通常不少于 30 日的要求。');
    expect(warned.html).toContain('name="confirmShort"');
    expect((await consultation(slug)).opens_at).toBeNull();

    const saved = await postWithVersion(officer, slug, '/settings', { ...fields, confirmShort: '1' });
    expect(saved.response.status).toBe(303);
    const row = await consultation(slug);
    expect(row.opens_at).toBe('2026-11-30T16:00:00.000Z');
    expect(row.closes_at).toBe('2026-12-29T15:59:59.000Z');
    expect(row.contact_person).toBe('王明');
    const entry = (await audit('settings')).at(-1)!;
    expect(JSON.parse(entry.detail_json)).toMatchObject({ windowShortConfirmed: true });

    // 30 days is enough: no warning.
    const enough = await postWithVersion(officer, slug, '/settings', { ...fields, closes: '2026-12-30T23:59' });
    expect(enough.response.status).toBe(303);
    const page = await officer.get(`/office/consultations/${slug}/settings`);
    expect(page.html).toContain('期限 30 日（通常不少于 30 日）');
  });

  it('counts working days Monday to Friday for other documents and says holidays are not counted', async () => {
    const officer = await signIn(harness, 'officer');
    const slug = await createDraft(officer);
    // Mon 2026-12-07 to Tue 2026-12-15: 7 working days. To Mon 2026-12-14: 6.
    const short = await postWithVersion(officer, slug, '/settings', { ...base, documentKind: 'other', opens: '2026-12-07T09:00', closes: '2026-12-14T17:00' });
    expect(short.response.status).toBe(422);
    expect(short.html).toContain('征求意见期限为 6 个工作日，短于通常不少于 7 个工作日的要求。');
    expect(short.html).toContain('未扣除法定节假日');
    const ok = await postWithVersion(officer, slug, '/settings', { ...base, documentKind: 'other', opens: '2026-12-07T09:00', closes: '2026-12-15T17:00' });
    expect(ok.response.status).toBe(303);
    expect((await consultation(slug)).document_kind).toBe('other');
  });

  it('sets the intake address shown on the overview', async () => {
    const officer = await signIn(harness, 'officer');
    const slug = await createDraft(officer);
    let page = await officer.get(`/office/consultations/${slug}`);
    expect(page.html).toContain(`${slug}@yijian.localhost`);
    const saved = await postWithVersion(officer, slug, '/settings', { ...base, opens: '', closes: '', intakeLocal: 'Green.Law' });
    expect(saved.response.status).toBe(303);
    page = await officer.get(`/office/consultations/${slug}`);
    expect(page.html).toContain('green.law@yijian.localhost');
    // Another consultation cannot take the same address, nor a slug someone uses as address.
    const taken = await upload(officer, { text: DRAFT, slug: 'green.law', title: '' });
    expect(taken.html).toContain('网址名称只能使用');
    const other = await createDraft(officer, 'other-draft');
    const clash = await postWithVersion(officer, other, '/settings', { ...base, opens: '', closes: '', intakeLocal: 'green.law' });
    expect(clash.html).toContain('已被另一次征求意见使用');
  });
});

describe('publishing, extending and closing early', () => {
  const windowFields = {
    title: '清河市城市绿化管理办法',
    moderation: 'post',
    documentKind: 'rule',
    intakeLocal: '',
    reminderDays: '3',
    contactPerson: '',
    contactPhone: '',
    contactEmail: '',
  };

  it('publishes a draft once its window is set, with the short-window confirmation, and the public sees it', async () => {
    const officer = await signIn(harness, 'officer');
    const slug = await createDraft(officer);
    const noWindow = await postWithVersion(officer, slug, '/publish', {});
    expect(noWindow.response.status).toBe(422);
    expect(noWindow.html).toContain('尚未设定征求意见时间，不能发布');

    // Opens today, closes in 20 days: short for a rule.
    expect((await postWithVersion(officer, slug, '/settings', { ...windowFields, opens: '2026-11-21T09:00', closes: '2026-12-10T23:59', confirmShort: '1' })).response.status).toBe(303);
    const overview = await officer.get(`/office/consultations/${slug}`);
    expect(overview.html).toContain('征求意见期限为 20 日');
    const unconfirmed = await postWithVersion(officer, slug, '/publish', {});
    expect(unconfirmed.response.status).toBe(422);
    expect(unconfirmed.html).toContain('请勾选确认后再发布');
    expect((await consultation(slug)).state).toBe('draft');

    const published = await postWithVersion(officer, slug, '/publish', { confirmShort: '1' });
    expect(published.response.status).toBe(303);
    const row = await consultation(slug);
    expect(row.state).toBe('published');
    expect(row.published_at).toBe(harness.now().toISOString());
    expect(JSON.parse((await audit('publish'))[0]!.detail_json)).toMatchObject({ windowShort: true, confirmed: true, actual: 20, minimum: 30 });

    const pub = await harness.client().get(`/consultations/${slug}`);
    expect(pub.response.status).toBe(200);
    expect(pub.html).toContain('清河市城市绿化管理办法');
    expect(pub.html).toContain('第一条');

    const again = await postWithVersion(officer, slug, '/publish', { confirmShort: '1' });
    expect(again.response.status).toBe(409);
    expect(again.html).toContain('已经发布过了');
  });

  it('extends the deadline with a reason the public page shows, and refuses without one or an earlier date', async () => {
    const officer = await signIn(harness, 'officer');
    const before = await consultation(CJ);
    const noReason = await postWithVersion(officer, CJ, '/extend', { closes: '2026-12-31T23:59', reason: '' });
    expect(noReason.response.status).toBe(422);
    expect(noReason.html).toContain('请填写理由，理由会向公众公开。');
    expect(noReason.html).toContain('value="2026-12-31T23:59"');
    const earlier = await postWithVersion(officer, CJ, '/extend', { closes: '2026-11-25T23:59', reason: '多给时间' });
    expect(earlier.response.status).toBe(422);
    expect(earlier.html).toContain('新的截止时间必须晚于当前的截止时间');
    expect(earlier.html).toContain('多给时间');

    const done = await postWithVersion(officer, CJ, '/extend', { closes: '2026-12-31T23:59', reason: '应有关单位要求，延长一个月。' });
    expect(done.response.status).toBe(303);
    const row = await consultation(CJ);
    expect(row.closes_at).toBe('2026-12-31T15:59:59.000Z');
    expect(row.extension_reason).toBe('应有关单位要求，延长一个月。');
    expect(row.version).toBe(before.version + 1);
    expect(JSON.parse((await audit('extend'))[0]!.detail_json)).toMatchObject({ from: before.closes_at, to: '2026-12-31T15:59:59.000Z' });

    const pub = await harness.client().get(`/consultations/${CJ}`);
    expect(pub.html).toContain('截止时间已延长：应有关单位要求，延长一个月。');
    expect(pub.html).toContain('2026年12月31日 23:59');
  });

  it('closes early with a reason: the public page says so and takes no more comments', async () => {
    const officer = await signIn(harness, 'officer');
    // A visitor opened the comment form while it was still open.
    const visitor = harness.client('10.9.0.1');
    await visitor.openForm(CJ, 'i4');
    const noReason = await postWithVersion(officer, CJ, '/close', { reason: ' ' });
    expect(noReason.response.status).toBe(422);
    const done = await postWithVersion(officer, CJ, '/close', { reason: '上位法已修改，本稿停止征求意见。' });
    expect(done.response.status).toBe(303);
    const row = await consultation(CJ);
    expect(row.closed_early_at).toBe(harness.now().toISOString());
    expect(row.closed_early_reason).toBe('上位法已修改，本稿停止征求意见。');
    expect(await audit('close')).toHaveLength(1);

    const pub = await harness.client().get(`/consultations/${CJ}`);
    expect(pub.html).toContain('提前结束');
    expect(pub.html).toContain('上位法已修改，本稿停止征求意见。');
    const comment = await visitor.postForm(`/consultations/${CJ}/comments`, { paragraphId: 'i4', body: '还来得及吗？', name: '张三' });
    expect(comment.response.status).toBe(409);

    const again = await postWithVersion(officer, CJ, '/extend', { closes: '2027-01-31T23:59', reason: '重新开放' });
    expect(again.response.status).toBe(409);
    expect(again.html).toContain('只有已发布且尚未结束的征求意见可以延长或提前结束');
  });

  it('refuses publishing without the CSRF token, and leaves the draft unpublished', async () => {
    const officer = await signIn(harness, 'officer');
    const slug = await createDraft(officer);
    await postWithVersion(officer, slug, '/settings', { ...windowFields, documentKind: 'other', opens: '2026-11-23T09:00', closes: '2026-12-31T17:00' });
    const version = String((await consultation(slug)).version);
    const response = await officer.request(`/office/consultations/${slug}/publish`, {
      method: 'POST',
      body: new URLSearchParams({ version }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(403);
    const foreign = await officer.request(`/office/consultations/${slug}/publish`, {
      method: 'POST',
      body: new URLSearchParams({ version, _csrf: officer.csrf }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    expect((await consultation(slug)).state).toBe('draft');
    expect(await audit('publish')).toEqual([]);
  });

  it('speaks English when asked, with no untranslated keys', async () => {
    const officer = await signIn(harness, 'officer');
    const slug = await createDraft(officer);
    for (const path of ['', '/structure', '/settings', '/roster']) {
      const { html } = await officer.get(`/office/consultations/${slug}${path}?lang=en`);
      expect(html, path).not.toMatch(/>office\.[a-z]/);
      expect(html, path).toContain('Overview');
    }
    expect((await officer.get('/office/consultations/new?lang=en')).html).toContain('Save as draft');
  });

  it('lets a moderator view but not publish, extend or close', async () => {
    const moderator = await signIn(harness, 'moderator');
    const page = await moderator.get(`/office/consultations/${CJ}`);
    expect(page.response.status).toBe(200);
    expect(page.html).toContain('审核员只能查看');
    expect(page.html).not.toContain('action="/office/consultations/' + CJ + '/extend"');
    for (const action of ['publish', 'extend', 'close']) {
      const refused = await moderator.postForm(`/office/consultations/${CJ}/${action}`, { version: '1', reason: 'x', closes: '2027-01-01T00:00' });
      expect(refused.response.status).toBe(403);
    }
    expect((await consultation(CJ)).closed_early_at).toBeNull();
  });

  it('shows the audit entries of this consultation on its overview', async () => {
    const officer = await signIn(harness, 'officer');
    await postWithVersion(officer, CJ, '/extend', { closes: '2026-12-31T23:59', reason: '延长' });
    const page = await officer.get(`/office/consultations/${CJ}`);
    // In words (issue 10): the action and what it did, not its code and JSON.
    expect(page.html).toContain('<td>延长征求意见期限</td>');
    expect(page.html).toContain('延长至 2026年12月31日 23:59。理由：延长');
    expect(page.html).not.toContain('<code>extend</code>');
    expect(page.html).toContain(officer.officer.email);
  });
});

describe('a .docx draft', () => {
  it('reads the paragraphs of an uploaded Word file, and refuses a broken one with the reason', async () => {
    const { Document, Packer, Paragraph } = await import('docx');
    const lines = DRAFT.split('\n').filter((line) => line.trim() !== '');
    const doc = new Document({ sections: [{ children: lines.map((line) => new Paragraph(line)) }] });
    const bytes = new Uint8Array(await Packer.toBuffer(doc));
    const officer = await signIn(harness, 'officer');
    const { response } = await upload(officer, { slug: 'word', title: '' }, { name: '绿化管理办法.docx', bytes, type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
    expect(response.status).toBe(303);
    const row = await consultation('word');
    expect(row.title).toBe('清河市城市绿化管理办法');
    expect(await outline('word')).toEqual(await (async () => {
      await createDraft(officer, 'pasted');
      return outline('pasted');
    })());
    expect(JSON.parse((await audit('create'))[0]!.detail_json)).toMatchObject({ from: 'file', fileName: '绿化管理办法.docx' });

    const broken = await upload(officer, { slug: 'broken', title: '', text: '粘贴的文字不会丢' }, { name: 'broken.docx', bytes: 'this is not a zip file at all' });
    expect(broken.response.status).toBe(422);
    expect(broken.html).toContain('无法读取这个 .docx 文件');
    expect(broken.html).toContain('不是 zip 压缩包');
    expect(broken.html).toContain('粘贴的文字不会丢');
  });
});

describe('the roster', () => {
  const windowFields = { title: '某县农村公路养护办法', moderation: 'pre', documentKind: 'other', intakeLocal: '', reminderDays: '3', contactPerson: '', contactPhone: '', contactEmail: '' };

  it('is built from the text on publishing; group names stay off and are reported', async () => {
    const officer = await signIn(harness, 'officer');
    await upload(officer, { slug: 'road', title: '' }, { name: 'road.txt', bytes: GB18030 });
    const draftPage = await officer.get('/office/consultations/road/roster');
    expect(draftPage.response.status).toBe(200);
    expect(draftPage.html).toContain('发布时会自动加入名单');
    expect(draftPage.html).toContain('县交通运输局');
    expect((await postWithVersion(officer, 'road', '/settings', { ...windowFields, opens: '2026-11-23T09:00', closes: '2026-12-31T17:00' })).response.status).toBe(303);
    expect((await postWithVersion(officer, 'road', '/publish', {})).response.status).toBe(303);
    const row = await consultation('road');
    const roster = await harness.db.kysely
      .selectFrom('roster_entries')
      .innerJoin('units', 'units.id', 'roster_entries.unit_id')
      .select(['units.name', 'roster_entries.role'])
      .where('consultation_id', '=', row.id)
      .orderBy('units.name')
      .execute();
    expect(roster).toEqual([
      { name: '县交通运输局', role: 'lead' },
      { name: '县财政局', role: 'lead' },
    ]);
    const overview = await officer.get('/office/consultations/road');
    expect(overview.html).toContain('已根据正文中的牵头、配合单位生成单位名单（2 个单位）');
    expect(overview.html).toContain('「各乡镇」是泛称，未加入名单');
    expect(JSON.parse((await audit('publish'))[0]!.detail_json)).toMatchObject({ rosterAdded: 2 });
  });

  it('adds units, changes and refuses addresses in Chinese, removes, and queues invitations once', async () => {
    const officer = await signIn(harness, 'officer');
    const cj = await consultation(CJ);
    await officer.get(`/office/consultations/${CJ}/roster`);

    const bad = await officer.postForm(`/office/consultations/${CJ}/roster/add`, { name: '区审计局', addresses: 'sjj@changjiang.example, not-an-address' });
    expect(bad.response.status).toBe(422);
    expect(bad.html).toContain('以下邮箱地址格式不正确：not-an-address');
    expect(bad.html).toContain('value="区审计局"');
    const group = await officer.postForm(`/office/consultations/${CJ}/roster/add`, { name: '区直有关单位', addresses: '' });
    expect(group.html).toContain('是泛指，不是一个具体单位');

    const added = await officer.postForm(`/office/consultations/${CJ}/roster/add`, { name: '区审计局', addresses: 'sjj@changjiang.example' });
    expect(added.response.status).toBe(303);
    const unit = await harness.db.kysely.selectFrom('units').selectAll().where('name', '=', '区审计局').executeTakeFirstOrThrow();
    const page = await officer.get(`/office/consultations/${CJ}/roster`);
    expect(page.html).toContain('已把「区审计局」加入名单。');
    expect(page.html).toContain('sjj@changjiang.example');
    expect(page.html).toContain('补充征求');

    const taken = await officer.postForm(`/office/consultations/${CJ}/roster/${unit.id}/addresses`, { addresses: 'fgw@changjiang.example' });
    expect(taken.response.status).toBe(409);
    expect(taken.html).toContain('邮箱 fgw@changjiang.example 已登记为「区发改委」的地址');
    const changed = await officer.postForm(`/office/consultations/${CJ}/roster/${unit.id}/addresses`, { addresses: 'sjj@changjiang.example\nsjj.office@changjiang.example' });
    expect(changed.response.status).toBe(303);
    expect((await harness.db.kysely.selectFrom('unit_addresses').select('email').where('unit_id', '=', unit.id).orderBy('id').execute()).map((r) => r.email)).toEqual([
      'sjj@changjiang.example',
      'sjj.office@changjiang.example',
    ]);

    const invite = await officer.postForm(`/office/consultations/${CJ}/roster/invite`, {});
    expect(invite.response.status).toBe(303);
    const queued = await harness.db.kysely.selectFrom('outbox').selectAll().where('kind', '=', 'invitation').where('consultation_id', '=', cj.id).execute();
    expect(queued.some((m) => m.to_address === 'sjj.office@changjiang.example')).toBe(true);
    const after = await officer.get(`/office/consultations/${CJ}/roster`);
    expect(after.html).toMatch(/已向 \d+ 个单位发送征求意见函/);
    expect(after.html).toContain('以下单位尚无邮箱，未发送');
    const again = await officer.postForm(`/office/consultations/${CJ}/roster/invite`, {});
    expect(again.response.status).toBe(303);
    expect(await harness.db.kysely.selectFrom('outbox').select('id').where('kind', '=', 'invitation').execute()).toHaveLength(queued.length);

    const removed = await officer.postForm(`/office/consultations/${CJ}/roster/${unit.id}/remove`, {});
    expect(removed.response.status).toBe(303);
    expect(await harness.db.kysely.selectFrom('roster_entries').select('id').where('consultation_id', '=', cj.id).where('unit_id', '=', unit.id).execute()).toEqual([]);
    expect((await audit('roster-add')).length).toBe(1);
    expect((await audit('roster-addresses')).length).toBe(1);
    expect((await audit('roster-remove')).length).toBe(1);
    expect((await audit('invite')).length).toBe(1);

    const moderator = await signIn(harness, 'moderator');
    expect((await moderator.get(`/office/consultations/${CJ}/roster`)).response.status).toBe(403);
  });
});
