// The door side of the text sanitiser: characters XML 1.0 forbids (C0 controls, U+FFFE/U+FFFF,
// lone surrogates) never get into the database through the comment form, the JSON API or an
// office form. They are invisible; one of them would make the XLSX and DOCX reports unreadable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanText } from '../../src/lib/sanitize.ts';
import { CJ, createTestApp, type TestApp } from '../helpers/app.ts';
import { signIn } from '../helpers/officers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

async function storedComment(trackingNumber: string) {
  return t.db.kysely.selectFrom('comments').select(['body', 'author_name', 'organization', 'search_text']).where('tracking_number', '=', trackingNumber).executeTakeFirstOrThrow();
}

describe('the text cleaner', () => {
  it('drops exactly the characters XML 1.0 forbids and keeps everything a reader sees', () => {
    expect(cleanText('建议\u0000删除\u0001第\u0008三\u000b条\u000c。\uFFFE\uFFFF')).toBe('建议删除第三条。');
    expect(cleanText('孤\ud800立\udc00的代理')).toBe('孤立的代理');
    expect(cleanText('表情 😀 和 𠀀 保留\t制表\n换行\r回车')).toBe('表情 😀 和 𠀀 保留\t制表\n换行\r回车');
  });
});

describe('at the door', () => {
  it('cleans a comment sent through the form', async () => {
    const client = t.client('10.20.0.1');
    await client.openForm(CJ, 'i4');
    const { response } = await client.postForm(`/consultations/${CJ}/comments`, {
      paragraphId: 'i4',
      body: '建议\u0001补充\uFFFE湿地\u0000保护的\u001f具体措施。',
      name: '张\u0007三',
      organization: '\uFFFF市民',
    });
    expect(response.status).toBe(303);
    const trackingNumber = /receipts\/([A-Z0-9-]+)/.exec(response.headers.get('location') ?? '')![1]!;
    const row = await storedComment(trackingNumber);
    expect(row).toMatchObject({ body: '建议补充湿地保护的具体措施。', author_name: '张三', organization: '市民' });
    expect(FORBIDDEN.test(row.search_text)).toBe(false);
  });

  it('cleans a comment sent to the JSON API, lone surrogates included', async () => {
    const json = '{"paragraphId":"i5","body":"建议\\ud800明确\\u0002时限\\uffff和\\udfff责任。","name":"李\\u001b四"}';
    const { response, json: answer } = await t.client('10.20.0.2').postJson(`/api/consultations/${CJ}/comments`, json);
    expect(response.status).toBe(201);
    const row = await storedComment(answer.trackingNumber);
    expect(row).toMatchObject({ body: '建议明确时限和责任。', author_name: '李四' });
  });

  it('counts the length after cleaning: a body of invisible characters is refused as empty', async () => {
    const { response, json } = await t.client('10.20.0.3').postJson(`/api/consultations/${CJ}/comments`, { paragraphId: 'i5', body: '\u0001\u0002\uFFFE\uFFFF\u0003\u0004' });
    expect(response.status).toBe(422);
    expect(json.fields.body).toBeTruthy();
  });

  it('cleans what an officer types in an office form', async () => {
    const officer = await signIn(t, 'officer');
    await officer.get('/office/consultations/new');
    const { response } = await officer.postForm('/office/consultations/new', {
      title: '测试\u0000草稿\uFFFE',
      slug: 'door-text-test',
      text: '第一条\u0001 为了规范\u000b管理，制定本办法。\n第二条 本办法自发布之日起施行。\uFFFF',
    });
    expect(response.status).toBe(303);
    const row = await t.db.kysely.selectFrom('consultations').select(['id', 'title', 'source_text']).where('slug', '=', 'door-text-test').executeTakeFirstOrThrow();
    expect(row.title).toBe('测试草稿');
    expect(FORBIDDEN.test(row.source_text ?? '')).toBe(false);
    const blocks = await t.db.kysely.selectFrom('blocks').select(['text', 'label']).where('consultation_id', '=', row.id).execute();
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) expect(FORBIDDEN.test(`${block.label ?? ''}${block.text ?? ''}`)).toBe(false);
  });
});
