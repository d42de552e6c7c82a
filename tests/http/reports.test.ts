// The officer's report page and downloads, publishing the results, and the public results page.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CJ, createTestApp, type TestApp, type TestClient } from '../helpers/app.ts';
import { docxToText } from '../../src/lib/docx.ts';
import { signIn } from '../helpers/officers.ts';
import { CLOSED, type FixtureComment, parseCsv, seedReportFixture } from '../helpers/reports.ts';

let harness: TestApp;
let fixture: Awaited<ReturnType<typeof seedReportFixture>>;
let officer: TestClient & { officer: { id: number } };
let admin: TestClient;
let moderator: TestClient;
const c = (name: string): FixtureComment => fixture.comments[name]!;

beforeAll(async () => {
  harness = await createTestApp();
  fixture = await seedReportFixture(harness);
  officer = await signIn(harness, 'officer');
  admin = await signIn(harness, 'admin');
  moderator = await signIn(harness, 'moderator');
});
afterAll(async () => {
  await harness.close();
});

const outbox = () => harness.db.kysely.selectFrom('outbox').selectAll().where('kind', '=', 'outcome').orderBy('id').execute();
const audit = (action: string) => harness.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
const consultation = (slug: string) => harness.db.kysely.selectFrom('consultations').selectAll().where('slug', '=', slug).executeTakeFirstOrThrow();

describe('the report page and downloads', () => {
  it('shows the overview and a link for every format to an officer', async () => {
    const { response, html } = await officer.get(`/office/consultations/${CLOSED}/report`);
    expect(response.status).toBe(200);
    expect(html).toContain('征求意见采纳情况的报告');
    expect(html).toContain('共收到意见11条');
    for (const format of ['xlsx', 'docx', 'html', 'csv', 'json']) expect(html).toContain(`href="/office/consultations/${CLOSED}/report.${format}"`);
    const grouped = await admin.get(`/office/consultations/${CLOSED}/report?group=unit`);
    expect(grouped.html).toContain(`href="/office/consultations/${CLOSED}/report.xlsx?group=unit"`);
  });

  it('refuses a moderator and sends a stranger to sign in', async () => {
    expect((await moderator.request(`/office/consultations/${CLOSED}/report.csv`)).status).toBe(403);
    expect((await moderator.request(`/office/consultations/${CLOSED}/report`)).status).toBe(403);
    const anonymous = await harness.client('192.0.2.9').request(`/office/consultations/${CLOSED}/report.csv`);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toMatch(/^\/office\/login\?next=/);
  });

  it('downloads each format with its type, a Chinese file name (RFC 5987) and an audit entry', async () => {
    const before = (await audit('export')).length;
    const types: Record<string, string> = {
      csv: 'text/csv; charset=utf-8',
      json: 'application/json; charset=utf-8',
      html: 'text/html; charset=utf-8',
      xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    };
    for (const [format, type] of Object.entries(types)) {
      const response = await officer.request(`/office/consultations/${CLOSED}/report.${format}`);
      expect(response.status, format).toBe(200);
      expect(response.headers.get('content-type')).toBe(type);
      const disposition = response.headers.get('content-disposition')!;
      expect(disposition).toContain(`attachment; filename="${CLOSED}-report.${format}"`);
      const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)![1]!;
      expect(decodeURIComponent(encoded)).toMatch(new RegExp(`^关于《.+》征求意见采纳情况的报告\\.${format}$`));
      expect(response.headers.get('cache-control')).toBe('no-store');
      const body = Buffer.from(await response.arrayBuffer());
      if (format === 'xlsx') {
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.load(body as unknown as ArrayBuffer);
        expect(workbook.getWorksheet('意见采纳情况')!.rowCount).toBe(10);
      }
      if (format === 'csv') expect(parseCsv(body.toString('utf8').slice(1))).toHaveLength(12);
    }
    const entries = await audit('export');
    expect(entries.length - before).toBe(5);
    expect(JSON.parse(entries.at(-1)!.detail_json)).toEqual({ format: 'docx', grouping: 'none', comments: 11 });
    expect(entries.at(-1)!.officer_id).toBe(officer.officer.id);
  });

  it('names an unknown format or grouping, and an unknown consultation', async () => {
    const pdf = await officer.request(`/office/consultations/${CLOSED}/report.pdf`);
    expect(pdf.status).toBe(404);
    expect(await pdf.text()).toContain('不支持的报告格式：pdf');
    const group = await officer.request(`/office/consultations/${CLOSED}/report.csv?group=colour`);
    expect(group.status).toBe(400);
    expect(await group.text()).toContain('不支持的分组方式：colour');
    expect((await officer.request('/office/consultations/no-such-thing/report.csv')).status).toBe(404);
  });
});

describe('publishing the results', () => {
  it('is refused while the consultation is open, and nothing changes', async () => {
    const { html } = await officer.get(`/office/consultations/${CJ}/results`);
    expect(html).toContain('征求意见尚未结束');
    expect(html).not.toContain('name="statement"');
    const before = await consultation(CJ);
    const { response, html: refusal } = await officer.postForm(`/office/consultations/${CJ}/results`, { statement: '提前公布' });
    expect(response.status).toBe(409);
    expect(refusal).toContain('征求意见尚未结束');
    const after = await consultation(CJ);
    expect(after.results_published_at).toBeNull();
    expect(after.version).toBe(before.version);
  });

  it('is not yet public before publishing', async () => {
    const response = await harness.client().request(`/consultations/${CLOSED}/results`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('该征求意见的结果尚未公布。');
    expect((await harness.client().get(`/consultations/${CLOSED}`)).html).not.toContain(`/consultations/${CLOSED}/results`);
  });

  it('offers a statement drafted from the figures, with the counts and who will be told', async () => {
    const { response, html } = await officer.get(`/office/consultations/${CLOSED}/results`);
    expect(response.status).toBe(200);
    expect(html).toContain('本次征求意见期间，共收到意见11条，其中采纳1条、部分采纳2条、不采纳5条、已解释说明2条。另有1条正在研究处理。');
    expect(html).toContain('name="_csrf"');
    expect(html).toContain('将向留有电子邮箱、意见已处理的 5 位意见提出人发送处理结果');
  });

  it('refuses a form without its CSRF token, a moderator, and an empty statement', async () => {
    const forged = await officer.request(`/office/consultations/${CLOSED}/results`, {
      method: 'POST',
      body: new URLSearchParams({ statement: '伪造' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(forged.status).toBe(403);
    await moderator.get('/office/password');
    expect((await moderator.postForm(`/office/consultations/${CLOSED}/results`, { statement: '越权' })).response.status).toBe(403);
    const empty = await officer.postForm(`/office/consultations/${CLOSED}/results`, { statement: '   ' });
    expect(empty.response.status).toBe(422);
    expect(empty.html).toContain('请填写征求意见结果说明。');
    expect((await consultation(CLOSED)).results_published_at).toBeNull();
    expect(await outbox()).toHaveLength(0);
  });

  it('publishes the edited statement, bumps the version and tells every commenter with an email once, in their language', async () => {
    const before = await consultation(CLOSED);
    await officer.get(`/office/consultations/${CLOSED}/results`);
    const statement = '本次征求意见期间，共收到意见11条。感谢各方参与！';
    const { response } = await officer.postForm(`/office/consultations/${CLOSED}/results`, { statement });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/office/consultations/${CLOSED}/results`);
    const after = await consultation(CLOSED);
    expect(after.results_statement).toBe(statement);
    expect(after.results_published_at).toBe(harness.now().toISOString());
    expect(after.version).toBe(before.version + 1);

    const mails = await outbox();
    const expected = ['adopted', 'org', 'hidden', 'dup1', 'idcard'].map((name) => c(name));
    // One message per sender; here every sender has one decided comment.
    expect(mails.map((m) => m.dedupe_key).sort()).toEqual(expected.map((x) => `outcome:${fixture.consultationId}:email:${x.email}:${x.id}`).sort());
    expect(mails.map((m) => m.to_address)).not.toContain('spam@example.com');
    const toZhang = mails.find((m) => m.to_address === 'zhang@example.com')!;
    expect(toZhang.subject).toContain('所提意见的处理情况');
    expect(toZhang.text_body).toContain(`意见编号 ${c('adopted').tracking}（第1项）：采纳`);
    expect(toZhang.text_body).toContain(`起草单位说明：${statement}`);
    expect(toZhang.text_body).toContain(`http://localhost:8787/consultations/${CLOSED}/results`);
    const toOrg = mails.find((m) => m.to_address === 'org@example.org')!;
    expect(toOrg.subject).toMatch(/^The outcome of your comments/);
    expect(toOrg.text_body).toContain(`Comment ${c('org').tracking} (item 2): not adopted`);
    expect(toOrg.text_body).toContain('Reason: 与上位规划不一致');
    // Undecided: not told yet.
    expect(mails.map((m) => m.to_address)).not.toContain('zhang.wei@example.net');
    const notified = await harness.db.kysely.selectFrom('comments').select(['id', 'outcome_notified_at']).where('consultation_id', '=', fixture.consultationId).execute();
    for (const row of notified) {
      expect(row.outcome_notified_at !== null, String(row.id)).toBe(expected.some((x) => x.id === row.id));
    }
    const entries = await audit('publish-results');
    expect(entries).toHaveLength(1);
    expect(entries[0]!.consultation_id).toBe(fixture.consultationId);

    const page = await officer.get(`/office/consultations/${CLOSED}/results`);
    expect(page.html).toContain('征求意见结果已公布，已安排向 5 位意见提出人发送处理结果。');
    expect(page.html).toContain('更新结果说明');
  });

  it('queues nothing twice when the statement is published again, and tells a commenter once their comment is decided', async () => {
    await officer.get(`/office/consultations/${CLOSED}/results`);
    const { response } = await officer.postForm(`/office/consultations/${CLOSED}/results`, { statement: '更正后的结果说明。' });
    expect(response.status).toBe(303);
    expect(await outbox()).toHaveLength(5);
    await harness.db.batch([
      harness.db.kysely.updateTable('comments').set({ decision: 'explained', decision_reason: '已在起草说明中解释' }).where('id', '=', c('code').id).compile(),
    ]);
    await officer.postForm(`/office/consultations/${CLOSED}/results`, { statement: '更正后的结果说明。' });
    const mails = await outbox();
    expect(mails).toHaveLength(6);
    expect(mails.at(-1)).toMatchObject({ to_address: 'zhang.wei@example.net', dedupe_key: `outcome:${fixture.consultationId}:email:zhang.wei@example.net:${c('code').id}` });
    expect(mails.at(-1)!.text_body).toContain('处理说明：已在起草说明中解释');
    expect((await consultation(CLOSED)).results_statement).toBe('更正后的结果说明。');
    expect(await audit('publish-results')).toHaveLength(3);
  });
});

describe('the public results page', () => {
  it('shows the statement and the published comments with decisions and reasons, masked', async () => {
    const { response, html } = await harness.client().get(`/consultations/${CLOSED}/results`);
    expect(response.status).toBe(200);
    expect(html).toContain('更正后的结果说明。');
    for (const name of ['org', 'unit', 'dup1', 'dup2', 'dup3', 'dup-own']) expect(html, name).toContain(`<p class="comment-body">${c(name).body}</p>`);
    expect(html).toContain('公众（张**）');
    expect(html).toContain('138****5678');
    expect(html).toContain('320123********1234');
    expect(html).toContain('与上位规划不一致');
    expect(html).toContain('已电话139****5678联系说明');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toMatch(/<script>alert/);
    // Only published comments: the pending letter, the hidden comment and the spam stay off the page.
    for (const name of ['letter', 'hidden', 'spam']) expect(html, name).not.toContain(c(name).body);
    for (const secret of ['张三丰', '13812345678', 'zhang@example.com', 'org@example.org', 'me@mail.com', '13912345678']) expect(html, secret).not.toContain(secret);
    expect([...html.matchAll(/<li class="comment result">/g)]).toHaveLength(9);
  });

  it('is linked from the consultation page, which shows the statement under 征求意见结果', async () => {
    const { html } = await harness.client().get(`/consultations/${CLOSED}`);
    expect(html).toContain('<h2 id="yj-results">征求意见结果</h2>');
    expect(html).toContain('更正后的结果说明。');
    expect(html).toContain(`href="/consultations/${CLOSED}/results"`);
  });
});

describe('the 落款', () => {
  const settings = {
    title: '市政府关于印发2020年重点工作分解落实方案的通知',
    moderation: 'pre',
    documentKind: 'other',
    intakeLocal: '',
    reminderDays: '3',
    contactPerson: '',
    contactPhone: '',
    contactEmail: '',
  };

  async function saveIssuer(issuer: string) {
    await officer.get(`/office/consultations/${CLOSED}/settings`);
    const version = String((await consultation(CLOSED)).version);
    return officer.postForm(`/office/consultations/${CLOSED}/settings`, { version, ...settings, issuer });
  }

  it('is the drafting office set in the settings (prefilled from the notice), with the date, in every filed format', async () => {
    const form = (await officer.get(`/office/consultations/${CLOSED}/settings`)).html;
    // The sample notice names its issuer; the import kept it.
    expect(form).toMatch(/<input[^>]*name="issuer"[^>]*value="宜兴市人民政府"/);
    // A published consultation's form has no window fields: the browser sends none.
    expect((await saveIssuer('宜兴市发展和改革委员会')).response.status).toBe(303);
    expect((await consultation(CLOSED)).issuer).toBe('宜兴市发展和改革委员会');

    const page = (await officer.get(`/office/consultations/${CLOSED}/report`)).html;
    expect(page).toContain('<div class="report-sign-off"><p>宜兴市发展和改革委员会</p><p>2026年11月21日</p></div>');
    const html = await (await officer.request(`/office/consultations/${CLOSED}/report.html`)).text();
    expect(html).toContain('<div class="sign-off"><p>宜兴市发展和改革委员会</p><p>2026年11月21日</p></div>');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (await officer.request(`/office/consultations/${CLOSED}/report.xlsx`)).arrayBuffer());
    const overview = workbook.getWorksheet('概况')!;
    expect([overview.getCell(`A${overview.rowCount - 1}`).value, overview.getCell(`A${overview.rowCount}`).value]).toEqual(['宜兴市发展和改革委员会', '2026年11月21日']);
    const docx = Buffer.from(await (await officer.request(`/office/consultations/${CLOSED}/report.docx`)).arrayBuffer());
    const lines = (await docxToText(docx)).split('\n');
    expect(lines[lines.indexOf('宜兴市发展和改革委员会') + 1]).toBe('2026年11月21日');
    // The public page names the same drafting office; the change is audited in words.
    expect((await harness.client().get(`/consultations/${CLOSED}`)).html).toContain('宜兴市发展和改革委员会');
    expect((await officer.get(`/office/consultations/${CLOSED}`)).html).toContain('起草单位（报告落款）（宜兴市人民政府 → 宜兴市发展和改革委员会）');
  });

  it('asks for the drafting office where none is set, and signs with the date alone meanwhile', async () => {
    expect((await saveIssuer('')).response.status).toBe(303);
    const page = (await officer.get(`/office/consultations/${CLOSED}/report`)).html;
    expect(page).toContain('落款单位未设置：请在本征求意见的「设置」中填写起草单位。');
    expect(page).toContain(`href="/office/consultations/${CLOSED}/settings"`);
    const html = await (await officer.request(`/office/consultations/${CLOSED}/report.html`)).text();
    expect(html).toContain('<div class="sign-off"><p>2026年11月21日</p></div>');
    expect((await saveIssuer('宜兴市人民政府')).response.status).toBe(303);
  });
});
