import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/platform/node/server.ts';
import { artifact, browserAvailability, type BrowserHarness, startBrowserHarness, watchConsole } from '../helpers/browser.ts';

const { available } = browserAvailability();
const SLUG = 'changjiang-2022-yangtze-work-points';

describe.skipIf(!available)('commenting in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let harness: BrowserHarness;

  beforeAll(async () => {
    harness = await startBrowserHarness('e2e');
    ({ server, browser } = harness);
  });

  afterAll(async () => {
    await harness?.close();
  });

  function storedComment(trackingNumber: string) {
    return server.db.raw.prepare('SELECT c.body, c.status, b.key FROM comments c JOIN blocks b ON b.id = c.block_id WHERE c.tracking_number = ?').get(trackingNumber) as
      | { body: string; status: string; key: string }
      | undefined;
  }

  it('comments on item 4 through the inline htmx form and shows the receipt', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchConsole(page);
    await page.goto(`${server.url}/consultations/${SLUG}`);
    const item = page.locator('#i4');
    await item.getByRole('link', { name: '对「第4项」提意见' }).click();
    // htmx swapped the form into the item: the page itself did not change.
    const form = item.locator('form.comment-form');
    await form.waitFor();
    expect(page.url()).toBe(`${server.url}/consultations/${SLUG}`);
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await form.getByLabel('意见内容').fill('建议明确第4项污水处理设施建成后的运行维护经费来源，并公布各乡镇的建设进度。');
    await form.getByLabel('姓名').fill('浏览器测试');
    await form.getByLabel('电子邮箱').fill('browser@example.com');
    // An email without consent (issue 14, PIPL) is refused inline, the error by the box, nothing lost.
    await expect.poll(() => form.locator('.privacy-notice').textContent()).toContain('保存多久：征求意见结果公布后 365 天内删除');
    await form.getByRole('button', { name: '提交意见' }).click();
    const consentError = item.locator('#yj-form-i4-consent-error');
    await consentError.waitFor();
    expect(await consentError.textContent()).toBe('您填写了邮箱或电话：请勾选同意保存联系方式，或清空邮箱和电话后再提交。');
    expect(await item.getByLabel('电子邮箱').inputValue()).toBe('browser@example.com');
    await item.locator('.privacy-consent').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifact('e2e-item4-consent-error-desktop.png') });
    await item.getByRole('checkbox', { name: /同意起草单位为联系我而保存/ }).check();
    await item.getByRole('button', { name: '提交意见' }).click();
    const receipt = item.locator('.receipt');
    await receipt.waitFor();
    const trackingNumber = (await receipt.locator('.tracking-number').textContent())!.trim();
    expect(trackingNumber).toMatch(/^YJ-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await expect.poll(() => receipt.textContent()).toContain('您的意见经审核后公开。');
    await receipt.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifact('e2e-item4-receipt-desktop.png') });
    expect(storedComment(trackingNumber)).toEqual({ body: '建议明确第4项污水处理设施建成后的运行维护经费来源，并公布各乡镇的建设进度。', status: 'pending', key: 'i4' });
    // Chromium logs every non-2xx response; the 422 carrying the form with its errors is intended.
    expect(problems.filter((p) => !/status of 422/.test(p))).toEqual([]);
    await page.close();
  });

  it('shows validation errors inline and keeps the text, on a phone', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const problems = watchConsole(page);
    await page.goto(`${server.url}/consultations/${SLUG}#i7`);
    const item = page.locator('#i7');
    await item.getByRole('link', { name: '对「第7项」提意见' }).click();
    const form = item.locator('form.comment-form');
    await form.getByLabel('意见内容').fill('太短');
    await form.getByRole('button', { name: '提交意见' }).click();
    await item.locator('.error-summary').waitFor();
    expect(await item.locator('#yj-form-i7-body-error').textContent()).toBe('意见内容至少 5 个字。');
    expect(await item.getByLabel('意见内容').inputValue()).toBe('太短');
    await item.locator('.error-summary').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifact('e2e-item7-error-phone.png') });
    // Chromium logs every non-2xx response; the 422 carrying the form with its errors is intended.
    expect(problems.filter((p) => !/status of 422/.test(p))).toEqual([]);
    await page.close();
  });

  it('works without JavaScript: the same link leads to a page with the paragraph and the form', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/consultations/${SLUG}`);
    await page.locator('#i12').getByRole('link', { name: '对「第12项」提意见' }).click();
    await page.waitForURL(/\/comment\?on=i12$/);
    expect(await page.locator('blockquote').textContent()).toContain('加强河湖塑料污染治理');
    await page.getByLabel('意见内容').fill('建议明确塑料垃圾清理的频次和考核办法。');
    await page.getByRole('button', { name: '提交意见' }).click();
    await page.waitForURL(/\/receipts\/YJ-/);
    const trackingNumber = (await page.locator('.tracking-number').textContent())!.trim();
    await page.screenshot({ path: artifact('e2e-item12-receipt-nojs-phone.png'), fullPage: true });
    expect(storedComment(trackingNumber)?.key).toBe('i12');
    await context.close();
  });
});
