// The review workspace in a real browser: an officer signs in, filters the queue (htmx swaps the
// results and the URL follows), publishes a form-letter campaign in one bulk action, decides on a
// comment after being told the reason is missing; the same without JavaScript on a phone.
// Screenshots of every page at desktop and phone widths go to test-results/.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertComment } from '../../src/comments/store.ts';
import type { RunningServer } from '../../src/platform/node/server.ts';
import { artifact, browserAvailability, type BrowserHarness, signInAt, startBrowserHarness, watchConsole } from '../helpers/browser.ts';

const { available } = browserAvailability();
const SLUG = 'changjiang-2022-yangtze-work-points';
const PASSWORD = 'correct horse battery';
const LETTER = '尊敬的起草单位：我们是昌江区鲇鱼山镇的村民，对第4项农村生活污水治理提出如下意见：一是建议将我镇列入2022年建设名单；二是设施建成后应明确运行维护的责任主体和经费来源；三是请定期公开出水水质检测结果。村民';

describe.skipIf(!available)('reviewing comments in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let harness: BrowserHarness;

  beforeAll(async () => {
    harness = await startBrowserHarness('e2e-review');
    ({ server, browser } = harness);
    const now = new Date();
    await harness.addOfficer({ email: 'officer@office.example', role: 'officer', password: PASSWORD });
    const consultation = server.db.raw.prepare('SELECT id FROM consultations WHERE slug = ?').get(SLUG) as { id: number };
    const block = server.db.raw.prepare("SELECT id FROM blocks WHERE consultation_id = ? AND key = 'i4'").get(consultation.id) as { id: number };
    // A campaign of five near-identical letters, and one comment with a phone number in it.
    for (const name of ['张三', '李四', '王五', '赵六', '钱七']) {
      await insertComment(server.db, {
        consultationId: consultation.id, blockId: block.id, channel: 'web', body: `${LETTER}${name}`, authorName: name, organization: null,
        contactEmail: null, contactPhone: null, status: 'pending', statusReason: null, late: false, locale: 'zh-CN', clientKey: null, receivedAt: now, now,
      });
    }
    await insertComment(server.db, {
      consultationId: consultation.id, blockId: null, channel: 'email', body: '建议延长征求意见期限。联系电话13800138000。', authorName: null, organization: '昌江区某协会',
      contactEmail: 'xiehui@example.com', contactPhone: null, status: 'pending', statusReason: null, late: true, locale: 'zh-CN', clientKey: null, receivedAt: now, now,
    });
  });

  afterAll(async () => {
    await harness?.close();
  });

  const signIn = (context: BrowserContext) => signInAt(context, `${server.url}/office/consultations/${SLUG}/comments`, { email: 'officer@office.example', password: PASSWORD });

  it('filters with htmx, publishes a campaign in one action and decides on a comment (desktop)', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await signIn(context);
    const problems = watchConsole(page);
    const results = page.locator('#queue-results');
    await expect.poll(() => results.textContent()).toContain('相同或近似意见一组，共 5 条');
    // Screenshots keep the caret: hiding it writes style attributes that htmx copies on the next swap, which the CSP refuses.
    await page.screenshot({ path: artifact('review-queue-desktop.png'), fullPage: true, caret: 'initial' });

    // Filtering swaps the results in place and the address follows.
    await page.getByLabel('渠道').selectOption('email');
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL(/channel=email/);
    await expect.poll(() => results.textContent()).toContain('符合条件的意见 1 条');
    await page.getByRole('link', { name: '清除筛选' }).click();
    await expect.poll(() => results.textContent()).toContain('相同或近似意见一组，共 5 条');

    // One checkbox for the whole campaign, one action.
    await page.getByRole('checkbox', { name: /选择整组 5 条意见/ }).check();
    await page.getByLabel('操作').selectOption('publish');
    await page.getByRole('button', { name: '执行' }).click();
    await expect.poll(() => results.textContent()).toContain('已公开 5 条意见。');
    const published = server.db.raw.prepare("SELECT COUNT(*) AS n FROM comments WHERE body LIKE '尊敬的起草单位%' AND status = 'published'").get() as { n: number };
    expect(published.n).toBe(5);

    // Decide on the email comment: the reason is required for 不采纳.
    await page.getByRole('link', { name: /查看与处理/ }).first().click();
    await page.waitForURL(/\/comments\/\d+\?back=/);
    await page.getByLabel('不采纳').check();
    await page.getByRole('button', { name: '保存处理情况' }).click();
    await expect.poll(() => page.locator('#decide-reason-error').textContent()).toBe('选择「不采纳」时必须填写理由。');
    await page.screenshot({ path: artifact('review-decide-error-desktop.png'), fullPage: true, caret: 'initial' });
    await page.getByRole('textbox', { name: '理由', exact: true }).fill('征求意见期限已符合规定。');
    await page.getByRole('button', { name: '保存处理情况' }).click();
    await expect.poll(() => page.locator('#comment-detail .flash').textContent()).toContain('处理情况已保存：不采纳。');
    await page.screenshot({ path: artifact('review-detail-desktop.png'), fullPage: true, caret: 'initial' });

    await page.goto(`${server.url}/office/consultations/${SLUG}/comments/new`);
    await page.screenshot({ path: artifact('review-offline-desktop.png'), fullPage: true, caret: 'initial' });
    await page.goto(`${server.url}/office/consultations/${SLUG}/units`);
    await page.screenshot({ path: artifact('review-units-desktop.png'), fullPage: true, caret: 'initial' });
    // The refused decision is a 422 by design (htmx 4 swaps it); anything else is a fault.
    expect(problems.filter((p) => !p.includes('status of 422'))).toEqual([]);
    await context.close();
  });

  it('works without JavaScript on a phone', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const page = await signIn(context);
    await page.screenshot({ path: artifact('review-queue-nojs-phone.png'), fullPage: true, caret: 'initial' });
    await page.getByLabel('审核状态').selectOption('pending');
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL(/status=pending/);
    await page.getByRole('checkbox', { name: /选择意见/ }).first().check();
    await page.getByLabel('操作').selectOption('hide');
    await page.getByRole('button', { name: '执行' }).click();
    await expect.poll(() => page.locator('#bulk-error').textContent()).toContain('隐藏意见必须填写理由');
    // What was chosen is still chosen: only the reason is missing.
    expect(await page.getByRole('checkbox', { name: /选择意见/ }).first().isChecked()).toBe(true);
    await page.getByLabel('理由（隐藏时必填）').fill('与本文件无关');
    await page.getByRole('button', { name: '执行' }).click();
    await expect.poll(() => page.locator('.flash').textContent()).toContain('已隐藏 1 条意见。');
    // Back on the queue as it was filtered.
    expect(page.url()).toContain('status=pending');
    await page.getByRole('link', { name: /查看与处理/ }).first().click();
    await page.screenshot({ path: artifact('review-detail-nojs-phone.png'), fullPage: true, caret: 'initial' });
    await page.goto(`${server.url}/office/consultations/${SLUG}/units`);
    await page.screenshot({ path: artifact('review-units-phone.png'), fullPage: true, caret: 'initial' });
    await context.close();
  });
});
