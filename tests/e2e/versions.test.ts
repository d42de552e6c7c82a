// A revised consultation in a real browser on a phone: the public page of version 2 says so, and
// the toggle shows what changed since version 1 (struck deletions, underlined insertions, removed
// items where they stood) and back to the clean text — swapped in place by htmx, with the address
// following, and the same toggle working as a plain link without JavaScript.
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findConsultationBySlug } from '../../src/drafts/store.ts';
import { createRevision, publishRevision } from '../../src/office/versions.ts';
import type { RunningServer } from '../../src/platform/node/server.ts';
import { artifact, browserAvailability, type BrowserHarness, startBrowserHarness, watchConsole } from '../helpers/browser.ts';

const { available } = browserAvailability();
/** Closed ten days before today in the samples: a second round can open now. */
const SLUG = 'changshu-2021-work-report';
const PHONE = { width: 390, height: 844 };

describe.skipIf(!available)('a revised consultation in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let harness: BrowserHarness;

  beforeAll(async () => {
    harness = await startBrowserHarness('e2e-versions');
    ({ server, browser } = harness);
    // Version 2: one figure changed, one item removed, one item added; published for a new round.
    const revised = readFileSync('seeds/changshu-2021-work-report-p2.txt', 'utf8')
      .replace('力争盘活存量建设用地1万亩', '力争盘活存量建设用地1.5万亩')
      .replace(/^3\.聚力乡村振兴。.*\n/m, '')
      .replace('六、紧扣和谐稳定', '4.推进城乡融合发展。建立城乡要素双向流动机制，推动公共服务向农村延伸。\n六、紧扣和谐稳定');
    const deps = { db: server.db, clock: () => new Date() };
    const actor = { officerId: null, ip: null };
    let row = (await findConsultationBySlug(server.db, SLUG))!;
    const created = await createRevision(deps, { consultation: row, version: row.version, source: { text: revised, format: 'text', from: 'paste', fileName: null }, title: '', actor });
    expect(created.ok).toBe(true);
    row = (await findConsultationBySlug(server.db, SLUG))!;
    const now = Date.now();
    const published = await publishRevision(deps, {
      consultation: row,
      version: row.version,
      purpose: 'round',
      opensAt: new Date(now - 3_600_000),
      closesAt: new Date(now + 40 * 86_400_000),
      confirmShortWindow: true,
      actor,
    });
    expect(published.ok).toBe(true);
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('marks the changes and goes back to the clean text in place, on a phone', async () => {
    const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/consultations/${SLUG}`);
    await expect.poll(() => page.locator('.version-bar').textContent()).toContain('当前为第2稿');
    expect(await page.locator('#yj-text del').count()).toBe(0);
    // A mark on the window survives only if htmx swapped the text rather than the page reloading.
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));

    const toggle = page.locator('.version-toggle a');
    expect(await toggle.textContent()).toBe('标出与上一稿相比的修改');
    const box = await toggle.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
    await toggle.tap();
    await page.waitForURL(`${server.url}/consultations/${SLUG}?changes=1`);
    await expect.poll(() => page.locator('#yj-text ins').count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    expect(await page.locator('#yj-text ins').allTextContents()).toContain('.5');
    expect(await page.locator('.removed-block del').first().textContent()).toContain('聚力乡村振兴');
    expect(await page.locator('.changed-added').first().textContent()).toContain('推进城乡融合发展');
    expect(await page.locator('.version-toggle a').textContent()).toBe('只看修改后的文本');
    // Nothing runs wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.locator('.removed-block').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifact('versions-changes-phone.png'), fullPage: false });

    await page.locator('.version-toggle a').tap();
    await page.waitForURL(`${server.url}/consultations/${SLUG}`);
    await expect.poll(() => page.locator('#yj-text del, #yj-text ins').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    // Back goes to the marked text again.
    await page.goBack();
    await page.waitForURL(`${server.url}/consultations/${SLUG}?changes=1`);
    await expect.poll(() => page.locator('#yj-text ins').count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('works as a plain link without JavaScript, and the earlier version is read at its own address', async () => {
    const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/consultations/${SLUG}`);
    await page.locator('.version-toggle a').click();
    await page.waitForURL(`${server.url}/consultations/${SLUG}?changes=1`);
    expect(await page.locator('#yj-text ins').count()).toBeGreaterThan(0);
    await page.locator('.version-earlier a').first().click();
    await page.waitForURL(`${server.url}/consultations/${SLUG}/v/1`);
    expect(await page.locator('.version-bar').textContent()).toContain('这是第1稿');
    expect(await page.locator('.draft').textContent()).toContain('聚力乡村振兴');
    await page.screenshot({ path: artifact('versions-earlier-phone.png'), fullPage: false });
    await context.close();
  });
});
