// The office's consultation path in Chromium: sign in, paste a draft, correct its structure with
// htmx (and without JavaScript), set the window, publish, and see the public page; screenshots of
// every page at desktop and phone widths go to test-results/.
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/platform/node/server.ts';
import { artifact, browserAvailability, type BrowserHarness, signInAt, startBrowserHarness, watchConsole } from '../helpers/browser.ts';

const { available } = browserAvailability();
const DRAFT = readFileSync('tests/fixtures/office-draft.txt', 'utf8');
const PASSWORD = 'correct horse battery';
const CJ = 'changjiang-2022-yangtze-work-points';

describe.skipIf(!available)('the office consultation pages in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let harness: BrowserHarness;

  beforeAll(async () => {
    harness = await startBrowserHarness('office-e2e');
    ({ server, browser } = harness);
    await harness.addOfficer({ email: 'officer@office.example', role: 'officer', password: PASSWORD, name: '工作人员' });
  });

  afterAll(async () => {
    await harness?.close();
  });

  const signIn = (context: BrowserContext) => signInAt(context, `${server.url}/office/consultations`, { email: 'officer@office.example', password: PASSWORD });

  const blockText = (page: Page, key: string) => page.locator(`#block-${key} .structure-text`).innerText();

  it('creates a draft, corrects it with htmx, sets the window and publishes it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await signIn(context);
    const problems = watchConsole(page, /status of 422/);
    await page.screenshot({ path: artifact('office-list-desktop.png'), fullPage: true });

    await page.getByRole('link', { name: '新建征求意见' }).click();
    await page.getByLabel('网址名称').fill('lvhua');
    await page.getByLabel('草案全文').fill(DRAFT);
    await page.screenshot({ path: artifact('office-new-desktop.png'), fullPage: true });
    await page.getByRole('button', { name: '保存为草稿' }).click();
    await page.waitForURL(`${server.url}/office/consultations/lvhua/structure`);
    await expect.poll(() => page.locator('.flash').innerText()).toContain('已保存草稿');

    // Merge through htmx: the list is swapped in place; the URL and the document stay.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    await page.locator('#block-a1').getByRole('button', { name: '与下一段合并' }).click();
    await expect.poll(() => page.locator('#structure-editor .flash').innerText()).toBe('已合并。');
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    expect(await blockText(page, 'a1')).toContain('改善生态环境，根据有关法律法规');
    expect(await page.locator('#block-a1-k2').count()).toBe(0);

    // Edit or split opens inline; a split refused keeps what was typed, a good one applies.
    await page.locator('#block-a2').getByRole('link', { name: /修改或拆分/ }).click();
    const split = page.locator('#slot-a2').getByLabel('要拆分的内容');
    await split.waitFor();
    await split.fill('本办法适用于本市\n\n城市规划区内的绿化。');
    await page.locator('#slot-a2').getByRole('button', { name: '拆分' }).click();
    await expect.poll(() => page.locator('#slot-a2 .error-text').innerText()).toContain('拆分时只能插入空行');
    expect(await split.inputValue()).toBe('本办法适用于本市\n\n城市规划区内的绿化。');
    await split.fill('本办法适用于本市城市规划区内的\n\n绿化规划、建设、保护和管理。');
    await page.locator('#slot-a2').getByRole('button', { name: '拆分' }).click();
    await expect.poll(() => page.locator('#structure-editor .flash').innerText()).toBe('已拆分。');
    expect(await blockText(page, 'a2-2')).toBe('绿化规划、建设、保护和管理。');
    await page.screenshot({ path: artifact('office-structure-desktop.png'), fullPage: true });

    // Settings: a rule with 20 days is short; the warning asks for confirmation.
    await page.getByRole('navigation', { name: '本次征求意见' }).getByRole('link', { name: '设置' }).click();
    await page.getByLabel('开始时间').fill('2026-01-01T09:00');
    const opens = new Date(Date.now() - 60 * 60 * 1000);
    const closes = new Date(Date.now() + 20 * 86_400_000);
    const local = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16);
    await page.getByLabel('开始时间').fill(local(opens));
    await page.getByLabel('截止时间').fill(local(closes));
    await page.getByRole('button', { name: '保存设置' }).click();
    await expect.poll(() => page.locator('.error-summary').innerText()).toContain('征求意见期限短于通常要求');
    await page.getByLabel('我已知悉期限短于通常要求，仍然保存').check();
    await page.screenshot({ path: artifact('office-settings-desktop.png'), fullPage: true });
    await page.getByRole('button', { name: '保存设置' }).click();
    await expect.poll(() => page.locator('.flash').innerText()).toBe('设置已保存。');

    await page.getByRole('navigation', { name: '本次征求意见' }).getByRole('link', { name: '概况' }).click();
    await page.getByLabel('我已知悉期限短于通常要求，仍然发布').check();
    await page.getByRole('button', { name: '发布' }).click();
    await expect.poll(() => page.locator('.flash').innerText()).toContain('已发布。');
    await page.screenshot({ path: artifact('office-overview-desktop.png'), fullPage: true });

    await page.getByRole('link', { name: '/consultations/lvhua' }).click();
    await page.waitForURL(`${server.url}/consultations/lvhua`);
    expect(await page.locator('#a1').innerText()).toContain('改善生态环境，根据有关法律法规');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('corrects the structure without JavaScript, with a full page reload', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const page = await signIn(context);
    await page.goto(`${server.url}/office/consultations/new`);
    await page.getByLabel('网址名称').fill('nojs');
    await page.getByLabel('草案全文').fill(DRAFT);
    await page.getByRole('button', { name: '保存为草稿' }).click();
    await page.waitForURL(`${server.url}/office/consultations/nojs/structure`);
    await page.locator('#block-a4-k2').getByRole('button', { name: '改为标题' }).click();
    await page.waitForURL(/structure#block-a4-k2$/);
    expect(await page.locator('.flash').innerText()).toBe('已更改类型。');
    expect(await page.locator('#block-a4-k2 .badge').innerText()).toBe('标题');
    await page.locator('#block-a3-k2').getByRole('link', { name: /修改或拆分/ }).click();
    await page.waitForURL(/blocks\/a3-k2$/);
    await page.getByLabel('内容', { exact: true }).fill('规划应当及时向社会公布。');
    await page.getByRole('button', { name: '保存修改' }).click();
    await page.waitForURL(/structure#block-a3-k2$/);
    expect(await blockText(page, 'a3-k2')).toBe('规划应当及时向社会公布。');
    await page.screenshot({ path: artifact('office-structure-nojs-phone.png'), fullPage: true });
    await context.close();
  });

  it('lays out every page on a phone without horizontal scrolling of the page itself', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await signIn(context);
    const pages: [string, string][] = [
      ['list', '/office/consultations'],
      ['new', '/office/consultations/new'],
      ['overview', `/office/consultations/${CJ}`],
      ['structure', `/office/consultations/${CJ}/structure`],
      ['settings', `/office/consultations/${CJ}/settings`],
      ['roster', `/office/consultations/${CJ}/roster`],
      // A person's request (issue 14): what is held about the commenter of a tracking number.
      ['privacy', `/office/privacy?no=${(server.db.raw.prepare("SELECT tracking_number FROM comments ORDER BY id LIMIT 1").get() as { tracking_number: string }).tracking_number}`],
    ];
    for (const [name, path] of pages) {
      await page.goto(`${server.url}${path}`);
      await page.screenshot({ path: artifact(`office-${name}-phone.png`), fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, name).toBeLessThanOrEqual(0);
    }
    const desktop = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const wide = await signIn(desktop);
    await wide.goto(`${server.url}/office/consultations/${CJ}/roster`);
    await wide.screenshot({ path: artifact('office-roster-desktop.png'), fullPage: true });
    await desktop.close();
    await context.close();
  });
});
