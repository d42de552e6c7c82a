// Supporting documents (issue 13 item 4): the office attaches a 起草说明 and other files to a
// version of a consultation's text; that version's public page lists them (re-rendered in every
// process, by version), each a download that can never render as one of our pages; the round's
// invitations link them; a revision's files stay with the office until it is published.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.tsx';
import { queueInvitations } from '../../src/departments/invitations.ts';
import { attachDocument } from '../../src/documents/commands.ts';
import { DOCUMENT_MAX_BYTES } from '../../src/documents/check.ts';
import { findConsultationBySlug, listVersions } from '../../src/drafts/store.ts';
import { CJ, createTestApp, JURONG, type TestApp, type TestClient } from '../helpers/app.ts';
import { samplePdf, sampleDocx, sampleXlsx, zipOf } from '../helpers/documents.ts';
import { signIn } from '../helpers/officers.ts';
import { loadRevision, publishRound } from '../helpers/rounds.ts';

let harness: TestApp;
let officer: Awaited<ReturnType<typeof signIn>>;

beforeEach(async () => {
  harness = await createTestApp();
  officer = await signIn(harness, 'officer');
});
afterEach(async () => {
  await harness.close();
});

async function upload(client: TestClient, slug: string, fields: Record<string, string>, file?: { name: string; bytes: Uint8Array | string; type?: string }) {
  await client.get(`/office/consultations/${slug}/documents`);
  const form = new FormData();
  form.set('_csrf', client.csrf);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set('file', new File([file.bytes as BlobPart], file.name, { type: file.type ?? 'application/octet-stream' }));
  const response = await client.request(`/office/consultations/${slug}/documents`, { method: 'POST', body: form });
  return { response, html: await response.text() };
}

async function consultation(slug: string) {
  return (await findConsultationBySlug(harness.db, slug))!;
}

function documents(consultationId: number) {
  return harness.db.kysely.selectFrom('consultation_documents').selectAll().where('consultation_id', '=', consultationId).orderBy('id').execute();
}

function errorOf(html: string, field: string): string | null {
  const match = new RegExp(`id="doc-${field}-error">([^<]*)<`).exec(html);
  return match ? match[1]! : null;
}

describe('attaching documents', () => {
  it('attaches a 起草说明 PDF: stored with its checked type, audited, listed and downloadable from the public page', async () => {
    const before = await consultation(CJ);
    const pdf = samplePdf();
    const { response } = await upload(officer, CJ, { title: '关于《工作要点》的起草说明', kind: 'explanation' }, { name: '起草说明.pdf', bytes: pdf, type: 'text/html' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/office/consultations/${CJ}/documents`);

    const [row] = await documents(before.id);
    expect(row).toMatchObject({
      kind: 'explanation',
      title: '关于《工作要点》的起草说明',
      filename: '起草说明.pdf',
      // The browser said text/html; the server decides from the bytes.
      content_type: 'application/pdf',
      size: pdf.byteLength,
      version_id: before.current_version_id,
      content_key: null,
    });
    expect(new Uint8Array(row!.content)).toEqual(pdf);
    expect((await consultation(CJ)).version).toBe(before.version + 1);
    const audit = await harness.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'attach-document').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ consultation_id: before.id, target_type: 'document', target_id: row!.id, officer_id: officer.officer.id });
    expect(JSON.parse(audit[0]!.detail_json)).toMatchObject({ title: '关于《工作要点》的起草说明', kind: 'explanation', size: pdf.byteLength });

    const office = await officer.get(`/office/consultations/${CJ}/documents`);
    expect(office.html).toContain('已添加「关于《工作要点》的起草说明」。');
    expect(office.html).toContain('起草说明.pdf · PDF · 1 KB');

    const visitor = harness.client('198.51.100.7');
    const publicPage = await visitor.get(`/consultations/${CJ}`);
    expect(publicPage.html).toContain('<h2 id="yj-documents">相关文件</h2>');
    expect(publicPage.html).toContain(`href="/consultations/${CJ}/documents/${row!.id}"`);
    expect(publicPage.html).toContain('起草说明 · PDF · 1 KB');

    const download = await visitor.request(`/consultations/${CJ}/documents/${row!.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="____.pdf"; filename*=UTF-8''%E8%B5%B7%E8%8D%89%E8%AF%B4%E6%98%8E.pdf`);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(pdf);
  });

  it('takes a real .docx and .xlsx, and names a document after its file when no title is given', async () => {
    const { id } = await consultation(CJ);
    expect((await upload(officer, CJ, { title: '', kind: 'explanation' }, { name: '起草说明（送审稿）.docx', bytes: await sampleDocx() })).response.status).toBe(303);
    expect((await upload(officer, CJ, { title: '修改对照表', kind: 'other' }, { name: 'table.xlsx', bytes: await sampleXlsx() })).response.status).toBe(303);
    const rows = await documents(id);
    expect(rows.map((r) => [r.title, r.kind, r.content_type])).toEqual([
      ['起草说明（送审稿）', 'explanation', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['修改对照表', 'other', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ]);
    const page = await harness.client().get(`/consultations/${CJ}`);
    expect(page.html).toMatch(/起草说明（送审稿）<\/a> <span class="document-meta">起草说明 · DOCX · \d+ KB<\/span>/);
    expect(page.html).toMatch(/修改对照表<\/a> <span class="document-meta">其他文件 · XLSX · \d+ KB<\/span>/);
  });

  it('refuses what is not a PDF, Word or Excel file, by its bytes, with the reason next to the field and the title kept', async () => {
    const { id } = await consultation(CJ);
    const cases: [string, { name: string; bytes: Uint8Array | string }, string][] = [
      ['no file', { name: '', bytes: '' }, '请选择要上传的文件。'],
      ['an executable', { name: 'setup.exe', bytes: 'MZ\x90\x00' }, '只能上传 PDF、Word（.docx）或 Excel（.xlsx）文件。'],
      ['a web page named .pdf', { name: 'explanation.pdf', bytes: '<html><script>alert(1)</script></html>' }, '这个文件名为 .pdf，但内容不是 PDF。'],
      ['a text file named .docx', { name: 'explanation.docx', bytes: 'just text' }, '无法读取这个文件：不是有效的 .docx 文件（不是 zip 压缩包）。'],
      ['a zip without a document', { name: 'explanation.docx', bytes: await zipOf({ 'readme.txt': 'hello' }) }, '无法读取这个文件：不是 Word 文档（.docx 中没有正文 word/document.xml）。'],
      ['a workbook named .docx', { name: 'table.docx', bytes: await sampleXlsx() }, '无法读取这个文件：不是 Word 文档（.docx 中没有正文 word/document.xml）。'],
      [
        'a macro workbook renamed',
        { name: 'table.xlsx', bytes: await zipOf({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>', 'xl/vbaProject.bin': 'macro' }) },
        '文件含有宏，请另存为不含宏的 .docx 或 .xlsx 后再上传。',
      ],
    ];
    for (const [label, file, message] of cases) {
      const { response, html } = await upload(officer, CJ, { title: '起草说明', kind: 'explanation' }, file.name ? file : undefined);
      expect(response.status, label).toBe(422);
      expect(errorOf(html, 'file'), label).toBe(message);
      expect(html, label).toContain('value="起草说明"');
    }
    expect(await documents(id)).toEqual([]);
  });

  it('takes a scanned PDF of several megabytes: the office-wide 1 MB form limit does not apply to this upload', async () => {
    const scan = new Uint8Array(6 * 1024 * 1024).fill(0x20);
    scan.set(samplePdf());
    const { response } = await upload(officer, CJ, { title: '起草说明（扫描件）', kind: 'explanation' }, { name: 'scan.pdf', bytes: scan });
    expect(response.status).toBe(303);
    const [row] = await documents((await consultation(CJ)).id);
    expect(row).toMatchObject({ title: '起草说明（扫描件）', size: scan.byteLength, content_type: 'application/pdf' });
  });

  it('refuses a file over the size limit', async () => {
    const big = new Uint8Array(DOCUMENT_MAX_BYTES + 1);
    big.set(new TextEncoder().encode('%PDF-1.4\n'));
    const { response, html } = await upload(officer, CJ, { title: '', kind: 'other' }, { name: 'scan.pdf', bytes: big });
    expect(response.status).toBe(422);
    expect(errorOf(html, 'file')).toBe('文件超过 20 MB，请压缩或拆分后再上传。');
    expect(await documents((await consultation(CJ)).id)).toEqual([]);
  });

  it('needs a valid form token and an office role', async () => {
    await officer.get(`/office/consultations/${CJ}/documents`);
    const form = new FormData();
    form.set('_csrf', 'forged');
    form.set('file', new File([samplePdf() as BlobPart], 'a.pdf'));
    expect((await officer.request(`/office/consultations/${CJ}/documents`, { method: 'POST', body: form })).status).toBe(403);
    const moderator = await signIn(harness, 'moderator');
    expect((await upload(moderator, CJ, { kind: 'other' }, { name: 'a.pdf', bytes: samplePdf() })).response.status).toBe(403);
    expect(await documents((await consultation(CJ)).id)).toEqual([]);
  });

  it('keeps an unpublished consultation’s documents to the office, and removes one with its audit entry', async () => {
    // The samples are all published: one is taken back to a draft for the test.
    const target = JURONG;
    await harness.db.kysely.updateTable('consultations').set({ state: 'draft' }).where('slug', '=', target).execute();
    harness.services.consultationChanged(target);
    const { response } = await upload(officer, target, { title: '起草说明', kind: 'explanation' }, { name: 'a.pdf', bytes: samplePdf() });
    expect(response.status).toBe(303);
    const [row] = await documents((await consultation(target)).id);
    expect((await harness.client().request(`/consultations/${target}/documents/${row!.id}`)).status).toBe(404);
    const own = await officer.request(`/office/consultations/${target}/documents/${row!.id}`);
    expect(own.status).toBe(200);
    expect(own.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect((await officer.get(`/office/consultations/${target}/documents`)).html).toContain('本征求意见尚未发布：文件在发布后才公开。');

    await officer.get(`/office/consultations/${target}/documents`);
    const removed = await officer.postForm(`/office/consultations/${target}/documents/${row!.id}/remove`, {});
    expect(removed.response.status).toBe(303);
    expect(await documents((await consultation(target)).id)).toEqual([]);
    const audit = await harness.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'remove-document').execute();
    expect(audit).toMatchObject([{ target_id: row!.id, officer_id: officer.officer.id }]);
    expect((await officer.request(`/office/consultations/${target}/documents/${row!.id}`)).status).toBe(404);
    expect((await officer.postForm(`/office/consultations/${target}/documents/${row!.id}/remove`, {})).response.status).toBe(404);
  });
});

describe('the public page in another process', () => {
  it('shows a document added elsewhere once its version is seen, and forgets a removed one', async () => {
    // A second app on the same database: its page cache knows nothing of the first one's writes
    // but the consultation's version.
    const other = createApp({ ...harness.services, commentLimiter: undefined });
    const read = async () => (await other.app.request(`http://localhost:8787/consultations/${CJ}`)).text();
    expect(await read()).not.toContain('yj-documents');
    const attached = await attachDocument(harness.services, {
      consultation: await consultation(CJ),
      file: { name: 'explanation.pdf', bytes: samplePdf() },
      title: '起草说明',
      kind: 'explanation',
      versionNumber: null,
      actor: { officerId: officer.officer.id, ip: null },
    });
    expect(attached.ok).toBe(true);
    // Within the second, the other process may still serve its copy; after it, never.
    harness.setNow(new Date(harness.now().getTime() + 1500));
    expect(await read()).toContain('<h2 id="yj-documents">相关文件</h2>');
    await officer.get(`/office/consultations/${CJ}/documents`);
    await officer.postForm(`/office/consultations/${CJ}/documents/${attached.ok ? attached.id : 0}/remove`, {});
    harness.setNow(new Date(harness.now().getTime() + 1500));
    expect(await read()).not.toContain('yj-documents');
  });
});

describe('invitations', () => {
  it('link every document with its public address', async () => {
    const { id } = await consultation(CJ);
    await upload(officer, CJ, { title: '起草说明', kind: 'explanation' }, { name: 'a.pdf', bytes: samplePdf() });
    await upload(officer, CJ, { title: '修改对照表', kind: 'other' }, { name: 'b.xlsx', bytes: await sampleXlsx() });
    const rows = await documents(id);
    await queueInvitations(harness.db, { consultationId: id, settings: { publicBaseUrl: 'http://localhost:8787', mailDomain: 'yijian.localhost' }, now: harness.now() });
    const invitation = await harness.db.kysely.selectFrom('outbox').selectAll().where('kind', '=', 'invitation').executeTakeFirstOrThrow();
    expect(invitation.text_body).toContain(
      ['相关文件（可下载）：', `起草说明：http://localhost:8787/consultations/${CJ}/documents/${rows[0]!.id}`, `修改对照表：http://localhost:8787/consultations/${CJ}/documents/${rows[1]!.id}`].join('\n'),
    );
  });
});

describe('documents of a revised text', () => {
  it('go with the version the officer chose: shown on that version’s page and in its round’s invitations, public only once it is published', async () => {
    const cj = await consultation(CJ);
    const first = await upload(officer, CJ, { title: '第一稿起草说明', kind: 'explanation' }, { name: 'v1.pdf', bytes: samplePdf('Version 1') });
    expect(first.response.status).toBe(303);
    // One version: nothing to choose, the document goes with it.
    expect((await officer.get(`/office/consultations/${CJ}/documents`)).html).not.toContain('name="textVersion"');

    // The round is over; the office loads the revised text as version 2.
    harness.setNow(new Date('2026-12-14T10:00:00+08:00'));
    const office = await signIn(harness, 'officer');
    await loadRevision(harness, office, CJ, (text) => text.replace('深入推进城镇污水垃圾处理', '全面推进城镇污水垃圾处理'));
    const [v1, v2] = await listVersions(harness.db, cj.id);
    const page = await office.get(`/office/consultations/${CJ}/documents`);
    // The current version is chosen unless the officer picks another.
    expect(page.html).toContain('<option value="1" selected="">第1稿（当前公开）</option>');
    expect(page.html).toContain('<option value="2">第2稿（待发布）</option>');
    const second = await upload(office, CJ, { title: '第二稿起草说明', kind: 'explanation', textVersion: '2' }, { name: 'v2.pdf', bytes: samplePdf('Version 2') });
    expect(second.response.status).toBe(303);
    const unknown = await upload(office, CJ, { title: '没有这一稿', kind: 'other', textVersion: '9' }, { name: 'v9.pdf', bytes: samplePdf() });
    expect(unknown.response.status).toBe(422);
    expect(unknown.html).toContain('没有第9稿。');
    const [a, b, ...rest] = await documents(cj.id);
    expect(rest).toEqual([]);
    expect([a!.version_id, b!.version_id]).toEqual([v1!.id, v2!.id]);
    const listed = (await office.get(`/office/consultations/${CJ}/documents`)).html;
    expect(listed).toContain('第2稿（待发布）');

    // Before version 2 is published its file is the office's alone.
    const visitor = harness.client();
    const before = (await visitor.get(`/consultations/${CJ}`)).html;
    expect(before).toContain('第一稿起草说明');
    expect(before).not.toContain('第二稿起草说明');
    expect((await visitor.request(`/consultations/${CJ}/documents/${b!.id}`)).status).toBe(404);
    expect((await office.request(`/office/consultations/${CJ}/documents/${b!.id}`)).status).toBe(200);

    await publishRound(harness, office, CJ, '2026-12-15T00:00', '2027-01-20T23:59');
    harness.setNow(new Date('2026-12-16T10:00:00+08:00'));
    const current = (await visitor.get(`/consultations/${CJ}`)).html;
    expect(current).toContain('第二稿起草说明');
    expect(current).not.toContain('第一稿起草说明');
    const earlier = (await visitor.get(`/consultations/${CJ}/v/1`)).html;
    expect(earlier).toContain('第一稿起草说明');
    expect(earlier).not.toContain('第二稿起草说明');
    const download = await visitor.request(`/consultations/${CJ}/documents/${b!.id}`);
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(samplePdf('Version 2'));
    expect((await visitor.request(`/consultations/${CJ}/documents/${a!.id}`)).status).toBe(200);

    // The new round's invitations link the new round's documents only.
    await queueInvitations(harness.db, { consultationId: cj.id, settings: { publicBaseUrl: 'http://localhost:8787', mailDomain: 'yijian.localhost' }, now: harness.now() });
    const invitations = await harness.db.kysely.selectFrom('outbox').selectAll().where('kind', '=', 'invitation').execute();
    expect(invitations.length).toBeGreaterThan(0);
    for (const invitation of invitations) {
      expect(invitation.text_body).toContain(`第二稿起草说明：http://localhost:8787/consultations/${CJ}/documents/${b!.id}`);
      expect(invitation.text_body).not.toContain('第一稿起草说明');
    }
  });

  it('go with a revision discarded unpublished', async () => {
    harness.setNow(new Date('2026-12-14T10:00:00+08:00'));
    const office = await signIn(harness, 'officer');
    await loadRevision(harness, office, CJ, (text) => text.replace('深入推进城镇污水垃圾处理', '全面推进城镇污水垃圾处理'));
    await upload(office, CJ, { title: '修订说明', kind: 'explanation', textVersion: '2' }, { name: 'v2.pdf', bytes: samplePdf() });
    const cj = await consultation(CJ);
    expect(await documents(cj.id)).toHaveLength(1);
    await office.get(`/office/consultations/${CJ}/versions`);
    const { response } = await office.postForm(`/office/consultations/${CJ}/versions/discard`, { version: String(cj.version) });
    expect(response.status).toBe(303);
    expect(await documents(cj.id)).toEqual([]);
  });
});
