// The drafting office's whole path in one browser session, as the issue describes it: sign in,
// create and publish a draft, see a citizen's comment arrive, moderate and decide on it, and
// download the feedback report that shows the decision. Desktop first, then the same pages on a
// phone; screenshots of each go to test-results/officer-path-*.png.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/platform/node/server.ts';
import { docxToText } from '../../src/lib/docx.ts';
import { artifact, browserAvailability, type BrowserHarness, startBrowserHarness } from '../helpers/browser.ts';

const { available } = browserAvailability();
const DRAFT = readFileSync('tests/fixtures/office-draft.txt', 'utf8');
const PASSWORD = 'correct horse battery';
const SLUG = 'qinghe-greening';
const COMMENT = '建议第四条将新建居住区绿地率的下限提高到百分之三十五，并明确验收时的核查办法。';

describe.skipIf(!available)('the officer path in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let harness: BrowserHarness;

  beforeAll(async () => {
    harness = await startBrowserHarness('officer-path');
    ({ server, browser } = harness);
    await harness.addOfficer({ email: 'drafter@office.example', role: 'officer', password: PASSWORD, name: '起草人' });
  });

  afterAll(async () => {
    await harness?.close();
  });

  function watch(page: Page): string[] {
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && !/status of 422/.test(m.text()) && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    return problems;
  }

  const local = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16);

  it('signs in, publishes a draft, decides on a comment and downloads the report that records it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    const problems = watch(page);

    await page.goto(`${server.url}/office`);
    await page.waitForURL(/\/office\/login/);
    await page.screenshot({ path: artifact('officer-path-1-login-desktop.png') });
    await page.getByLabel('邮箱').fill('drafter@office.example');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${server.url}/office/consultations`);

    await page.getByRole('link', { name: '新建征求意见' }).click();
    await page.getByLabel('网址名称').fill(SLUG);
    await page.getByLabel('草案全文').fill(DRAFT);
    await page.getByRole('button', { name: '保存为草稿' }).click();
    await page.waitForURL(`${server.url}/office/consultations/${SLUG}/structure`);
    await page.screenshot({ path: artifact('officer-path-2-structure-desktop.png'), fullPage: true });

    // A 40-day window: long enough for any kind of document, so no warning stands in the way.
    await page.getByRole('navigation', { name: '本次征求意见' }).getByRole('link', { name: '设置' }).click();
    await page.getByLabel('开始时间').fill(local(new Date(Date.now() - 3600_000)));
    await page.getByLabel('截止时间').fill(local(new Date(Date.now() + 40 * 86_400_000)));
    await page.getByRole('button', { name: '保存设置' }).click();
    await expect.poll(() => page.locator('.flash').innerText()).toBe('设置已保存。');
    await page.getByRole('navigation', { name: '本次征求意见' }).getByRole('link', { name: '概况' }).click();
    await page.getByRole('button', { name: '发布' }).click();
    await expect.poll(() => page.locator('.flash').innerText()).toContain('已发布。');
    await page.screenshot({ path: artifact('officer-path-3-published-desktop.png'), fullPage: true });

    // A citizen comments on 第四条 from another browser, without signing in.
    const citizen = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await citizen.goto(`${server.url}/consultations/${SLUG}`);
    await citizen.getByRole('link', { name: '对「第四条」提意见' }).click();
    await citizen.getByLabel('意见内容').fill(COMMENT);
    await citizen.getByLabel('电子邮箱').fill('resident@example.com');
    // An email needs the commenter's consent (issue 14, PIPL).
    await citizen.getByRole('checkbox', { name: /同意起草单位为联系我而保存/ }).check();
    await citizen.getByRole('button', { name: '提交意见' }).click();
    await expect.poll(() => citizen.locator('body').innerText()).toContain('YJ-');
    await citizen.close();

    // The officer finds it pending in the queue, publishes it and adopts it.
    await page.getByRole('navigation', { name: '本次征求意见' }).getByRole('link', { name: '意见审阅' }).click();
    await expect.poll(() => page.locator('#queue-results').innerText()).toContain(COMMENT);
    await page.getByRole('checkbox', { name: /选择意见/ }).first().check();
    await page.getByLabel('操作').selectOption('publish');
    await page.getByRole('button', { name: '执行' }).click();
    await expect.poll(() => page.locator('#queue-results').innerText()).toContain('已公开 1 条意见。');
    await page.screenshot({ path: artifact('officer-path-4-queue-desktop.png'), fullPage: true });
    await page.getByRole('link', { name: /查看与处理/ }).first().click();
    await page.waitForURL(/\/comments\/\d+/);
    await page.getByLabel('采纳', { exact: true }).check();
    await page.getByRole('textbox', { name: '理由', exact: true }).fill('已按意见修改第四条。');
    await page.getByRole('button', { name: '保存处理情况' }).click();
    await expect.poll(() => page.locator('.flash').first().innerText()).toContain('处理情况已保存：采纳。');
    await page.screenshot({ path: artifact('officer-path-5-decided-desktop.png'), fullPage: true });

    // The report: the DOCX the office files, opened again, has the comment, its article and the decision.
    await page.goto(`${server.url}/office/consultations/${SLUG}/report`);
    await page.screenshot({ path: artifact('officer-path-6-report-desktop.png'), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Word（DOCX）' }).click()]);
    expect(download.suggestedFilename()).toMatch(/征求意见采纳情况的报告\.docx$/);
    const text = await docxToText(readFileSync((await download.path())!));
    expect(text).toContain(COMMENT);
    expect(text).toContain('第四条');
    expect(text).toContain('采纳');
    expect(text).toContain('已按意见修改第四条。');
    expect(text).not.toContain('resident@example.com');

    // The same workspace on a phone: the pages fit the screen.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, storageState: await context.storageState() });
    const small = await phone.newPage();
    for (const [name, path] of [
      ['queue', `/office/consultations/${SLUG}/comments`],
      ['report', `/office/consultations/${SLUG}/report`],
      ['overview', `/office/consultations/${SLUG}`],
    ] as const) {
      await small.goto(server.url + path);
      await small.screenshot({ path: artifact(`officer-path-${name}-phone.png`), fullPage: true });
      expect(await small.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), name).toBe(true);
    }
    expect(problems).toEqual([]);
    await phone.close();
    await context.close();
  });
});
