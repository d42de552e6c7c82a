// The office's mail pages in Chromium: upload saved .eml files through the real form (without
// JavaScript, on a phone), read the results, say a message is not spam, open a message and
// download its attachment; screenshots at desktop and phone widths go to test-results/.
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/platform/node/server.ts';
import { artifact, browserAvailability, type BrowserHarness, signInAt, startBrowserHarness, watchConsole } from '../helpers/browser.ts';
import { buildMessage } from '../helpers/mail.ts';

const { available } = browserAvailability();
const PASSWORD = 'correct horse battery';
const CJ = 'changjiang-2022-yangtze-work-points';
const fixture = (name: string) => readFileSync(`tests/fixtures/mail/${name}`);

describe.skipIf(!available)('the office mail pages in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let harness: BrowserHarness;

  beforeAll(async () => {
    harness = await startBrowserHarness('mail-e2e');
    ({ server, browser } = harness);
    await harness.addOfficer({ email: 'officer@office.example', role: 'officer', password: PASSWORD, name: '工作人员' });
  });

  afterAll(async () => {
    await harness?.close();
  });

  const signIn = (context: BrowserContext) => signInAt(context, `${server.url}/office/mail`, { email: 'officer@office.example', password: PASSWORD });

  async function horizontalOverflow(page: Page): Promise<number> {
    return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  }

  it('uploads .eml files without JavaScript on a phone and shows what was understood', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await signIn(context);
    const problems = watchConsole(page, /status of 4\d\d/);
    await page.getByRole('link', { name: '上传 .eml 邮件' }).click();
    await page.screenshot({ path: artifact('mail-upload-nojs-phone.png'), fullPage: true });
    await page.getByLabel('邮件文件（.eml，可多选）').setInputFiles([
      { name: 'gbk-body.eml', mimeType: 'message/rfc822', buffer: fixture('gbk-body.eml') },
      { name: 'no-comments.eml', mimeType: 'message/rfc822', buffer: fixture('no-comments.eml') },
      { name: 'spam.eml', mimeType: 'message/rfc822', buffer: fixture('spam-promotion.eml') },
      { name: '说明.txt', mimeType: 'text/plain', buffer: Buffer.from('不是邮件') },
    ]);
    await page.getByRole('button', { name: '上传并识别' }).click();
    await page.waitForURL(`${server.url}/office/mail/upload`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('上传结果');
    const results = await page.locator('main').innerText();
    expect(results).toContain('共 4 个文件：新收到 3 封，此前已收到 0 封，未上传 1 个。');
    expect(results).toContain('第3项');
    expect(results).toContain('第13项');
    expect(results).toContain('无意见');
    expect(results).toContain('垃圾或无关邮件，已搁置');
    expect(results).toContain('「说明.txt」不是 .eml 邮件文件，未上传');
    await page.screenshot({ path: artifact('mail-upload-results-nojs-phone.png'), fullPage: true });
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    // The spam list, and "not spam" with a plain form post.
    await page.goto(`${server.url}/office/mail?tab=spam`);
    await page.screenshot({ path: artifact('mail-spam-nojs-phone.png'), fullPage: true });
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.getByRole('button', { name: '不是垃圾邮件' }).click();
    await page.waitForURL(`${server.url}/office/mail?tab=spam`);
    expect(await page.locator('.flash').innerText()).toContain('已按正常邮件重新处理');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows the lists, one message and its attachment download on a desktop and a phone', async () => {
    // An unassigned message with an HTML attachment, uploaded by file as mail:import would.
    const raw = buildMessage({
      from: 'resident@example.com',
      fromName: '王五',
      to: 'someone@example.com',
      subject: '关于口袋公园的建议',
      messageId: 'e2e-unassigned@example.com',
      text: '建议在老城区多建口袋公园，方便老人休息。\n\n王五',
      attachments: [{ filename: '附图说明.html', contentType: 'text/html', content: Buffer.from('<p>附图</p><script>alert(1)</script>') }],
    });
    const desktop = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await signIn(desktop);
    const problems = watchConsole(page, /status of 4\d\d/);
    await page.goto(`${server.url}/office/mail/upload`);
    await page.getByLabel('邮件文件（.eml，可多选）').setInputFiles([{ name: 'park.eml', mimeType: 'message/rfc822', buffer: raw }]);
    await page.getByRole('button', { name: '上传并识别' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('上传结果');
    await page.screenshot({ path: artifact('mail-upload-results-desktop.png'), fullPage: true });

    await page.goto(`${server.url}/office/mail?tab=unassigned`);
    await page.screenshot({ path: artifact('mail-unassigned-desktop.png'), fullPage: true });
    await page.getByRole('link', { name: '关于口袋公园的建议' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('关于口袋公园的建议');
    const text = await page.locator('.mail-text').innerText();
    expect(text).toContain('多建口袋公园');
    await page.screenshot({ path: artifact('mail-detail-desktop.png'), fullPage: true });

    // The attachment comes as a download; the page itself never shows its markup.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下载「附图说明.html」' }).click()]);
    expect(download.suggestedFilename()).toBe('附图说明.html');
    expect(readFileSync(await download.path()).toString('utf8')).toContain('<script>alert(1)</script>');

    // Assign it to Changjiang from its page.
    await page.getByLabel('分拣到征求意见稿').selectOption({ label: '2022年景德镇市昌江区推进长江经济带发展工作要点' });
    await page.getByRole('button', { name: '分拣' }).click();
    await expect.poll(async () => page.locator('.flash').innerText()).toContain('已分拣到《2022年景德镇市昌江区推进长江经济带发展工作要点》');
    expect(await page.locator('main').innerText()).toContain('登记的意见（1 条）');
    await page.screenshot({ path: artifact('mail-detail-assigned-desktop.png'), fullPage: true });
    expect(await page.locator(`a[href^="/office/consultations/${CJ}/comments/"]`).count()).toBe(1);

    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const small = await signIn(phone);
    const smallProblems = watchConsole(small, /status of 4\d\d/);
    for (const [name, path] of [
      ['attention', '/office/mail'],
      ['unassigned', '/office/mail?tab=unassigned'],
      ['outbox', '/office/mail?tab=outbox'],
      ['detail', page.url().replace(server.url, '')],
    ] as const) {
      await small.goto(`${server.url}${path}`);
      await small.screenshot({ path: artifact(`mail-${name}-phone.png`), fullPage: true });
      expect(await horizontalOverflow(small), name).toBeLessThanOrEqual(0);
    }
    expect([...problems, ...smallProblems]).toEqual([]);
    await desktop.close();
    await phone.close();
  });
});
