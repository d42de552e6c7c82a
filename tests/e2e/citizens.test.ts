// Issue 13 items 4 and 5 in a real browser against the whole server (`npm start`'s, outgoing mail
// written by its own loop to DATA_DIR/outbox): an officer attaches a 起草说明, a reader on a phone
// finds it in the consultation's documents and downloads it; a reader subscribes by email, the
// confirmation link from the delivered message shows a button (following it changes nothing),
// pressing it subscribes, and the unsubscribe link in the message's headers unsubscribes.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/platform/node/server.ts';
import { artifact, browserAvailability, type BrowserHarness, signInAt, startBrowserHarness, watchConsole } from '../helpers/browser.ts';
import { samplePdf } from '../helpers/documents.ts';

const { available } = browserAvailability();
const SLUG = 'changjiang-2022-yangtze-work-points';
const PASSWORD = 'a long enough password';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

describe.skipIf(!available)('citizens in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let harness: BrowserHarness;

  beforeAll(async () => {
    harness = await startBrowserHarness('citizens-e2e');
    ({ server, browser } = harness);
    await harness.addOfficer({ email: 'officer@office.example', role: 'officer', password: PASSWORD, name: '工作人员' });
  });

  afterAll(async () => {
    await harness?.close();
  });

  const signIn = (context: BrowserContext) => signInAt(context, `${server.url}/office/consultations`, { email: 'officer@office.example', password: PASSWORD });

  /** The messages the server's delivery loop wrote, parsed; waits (within the test's time) for `count`. */
  async function delivered(count: number): Promise<Awaited<ReturnType<typeof PostalMime.parse>>[]> {
    const dir = join(harness.dataDir, 'outbox');
    const files = () => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('-other.eml')).sort() : []);
    while (files().length < count) await new Promise((resolve) => setTimeout(resolve, 200));
    return Promise.all(files().map((f) => PostalMime.parse(readFileSync(join(dir, f)))));
  }

  async function horizontalOverflow(page: Page): Promise<number> {
    return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  }

  it('lists an attached 起草说明 on a phone, readable and downloadable', { timeout: 120_000 }, async () => {
    const office = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const officer = await signIn(office);
    await officer.goto(`${server.url}/office/consultations/${SLUG}/documents`);
    const file = join(harness.dataDir, '关于《2022年昌江区推进长江经济带发展工作要点》的起草说明.pdf');
    writeFileSync(file, samplePdf('Drafting explanation'));
    await officer.getByLabel('文件').setInputFiles(file);
    await officer.getByLabel('类别').selectOption('explanation');
    await officer.getByRole('button', { name: '上传' }).click();
    await officer.waitForURL(`${server.url}/office/consultations/${SLUG}/documents`);
    await expect.poll(() => officer.locator('.flash').textContent()).toContain('已添加「关于《2022年昌江区推进长江经济带发展工作要点》的起草说明」。');
    await officer.screenshot({ path: artifact('documents-office-desktop.png'), fullPage: true });
    await office.close();

    const phone = await browser.newContext({ ...PHONE, acceptDownloads: true });
    const page = await phone.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/consultations/${SLUG}`);
    const list = page.locator('section.documents');
    await list.scrollIntoViewIfNeeded();
    const link = list.getByRole('link', { name: /下载「关于《2022年昌江区推进长江经济带发展工作要点》的起草说明」（PDF，1 KB）/ });
    await expect.poll(() => link.isVisible()).toBe(true);
    expect(await list.locator('.document-meta').first().textContent()).toBe('起草说明 · PDF · 1 KB');
    // The long Chinese title wraps inside the phone's width: nothing sticks out sideways.
    const box = (await link.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: artifact('documents-public-phone.png') });
    const [download] = await Promise.all([page.waitForEvent('download'), link.tap()]);
    expect(download.suggestedFilename()).toBe('关于《2022年昌江区推进长江经济带发展工作要点》的起草说明.pdf');
    expect(readFileSync((await download.path())!).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(problems).toEqual([]);
    await phone.close();
  });

  it('subscribes with double opt-in on a phone and unsubscribes from the message’s own link', { timeout: 120_000 }, async () => {
    const phone = await browser.newContext(PHONE);
    const page = await phone.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/consultations/${SLUG}`);
    await page.locator('section.follow').getByRole('link', { name: '邮件订阅' }).tap();
    await page.waitForURL(`${server.url}/consultations/${SLUG}/subscribe`);
    await page.getByLabel('电子邮箱').fill('reader@example.cn');
    await page.getByRole('button', { name: '订阅' }).tap();
    // Without the consent box: refused next to it, the address kept.
    await expect.poll(() => page.locator('#sub-consent-error').textContent()).toBe('请勾选同意保存邮箱，才能订阅。');
    expect(await page.getByLabel('电子邮箱').inputValue()).toBe('reader@example.cn');
    await page.getByRole('checkbox', { name: /我同意起草单位为发送上述通知保存我的邮箱/ }).check();
    await page.getByRole('button', { name: '订阅' }).tap();
    await expect.poll(() => page.locator('h1').textContent()).toBe('请查收确认邮件');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: artifact('subscribe-sent-phone.png') });

    const [confirmation] = await delivered(1);
    expect(confirmation!.subject).toBe('请确认订阅《2022年景德镇市昌江区推进长江经济带发展工作要点》的征求意见动态');
    const confirmUrl = /(http:\/\/\S+\/subscriptions\/confirm\?token=[A-Za-z0-9_-]+)/.exec(confirmation!.text!)![1]!;
    const state = () => (server.db.raw.prepare('SELECT state FROM subscriptions WHERE email = ?').get('reader@example.cn') as { state: string } | undefined)?.state;

    // The link opened from the mail client: a page with a button, and still pending.
    const fromMail = await phone.newPage();
    await fromMail.goto(confirmUrl);
    await expect.poll(() => fromMail.locator('h1').textContent()).toBe('确认订阅');
    expect(await fromMail.locator('main').textContent()).toContain('r***@example.cn');
    expect(state()).toBe('pending');
    await fromMail.screenshot({ path: artifact('subscribe-confirm-phone.png') });
    await fromMail.getByRole('button', { name: '确认订阅' }).tap();
    await expect.poll(() => fromMail.locator('h1').textContent()).toBe('订阅成功');
    expect(state()).toBe('confirmed');

    // The unsubscribe address the mail client would use, from the message's header.
    const header = confirmation!.headers.find((h) => h.key === 'list-unsubscribe')!.value;
    const unsubscribeUrl = /^<(.+)>$/.exec(header)![1]!;
    await fromMail.goto(unsubscribeUrl);
    await expect.poll(() => fromMail.locator('h1').textContent()).toBe('退订');
    expect(state()).toBe('confirmed');
    await fromMail.getByRole('button', { name: '退订' }).tap();
    await expect.poll(() => fromMail.locator('h1').textContent()).toBe('已退订');
    expect(state()).toBeUndefined();
    expect(problems.filter((p) => !/status of 422/.test(p))).toEqual([]);
    await phone.close();
  });
});
