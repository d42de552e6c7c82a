// The office's report and results in a real browser: sign in, read the report, download the
// workbook, publish the results, and read them as the public does on a phone.
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/platform/node/server.ts';
import { artifact, browserAvailability, type BrowserHarness, startBrowserHarness, watchConsole } from '../helpers/browser.ts';
import type { TestApp } from '../helpers/app.ts';
import { CLOSED, seedReportFixture } from '../helpers/reports.ts';

const { available } = browserAvailability();
const PASSWORD = 'a long enough test password';

describe.skipIf(!available)('the report and the results in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let harness: BrowserHarness;

  beforeAll(async () => {
    harness = await startBrowserHarness('e2e-reports');
    ({ server, browser } = harness);
    // Seeded before any page is cached, so no cache needs telling.
    await seedReportFixture({ db: server.db, now: () => new Date(), services: { consultationChanged: () => {} } } as unknown as TestApp);
    await harness.addOfficer({ email: 'officer@office.example', role: 'officer', password: PASSWORD, name: '王科长' });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('signs in, reads the report, downloads the workbook and publishes the results', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/office/consultations/${CLOSED}/report`);
    await page.locator('input[name=email]').fill('officer@office.example');
    await page.locator('input[name=password]').fill(PASSWORD);
    await page.locator('form button[type=submit]').first().click();
    await page.waitForURL(`${server.url}/office/consultations/${CLOSED}/report`);
    await expect.poll(() => page.locator('main h1').textContent()).toBe('意见采纳情况报告');
    expect(await page.locator('.consultation-nav a[aria-current=page]').textContent()).toBe(await page.locator('.consultation-nav a[href$="/report"]').textContent());
    await page.screenshot({ path: artifact('reports-report-desktop.png'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Excel（XLSX）' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^关于《.+》征求意见采纳情况的报告\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await download.path())!);
    expect(workbook.getWorksheet('意见采纳情况')!.rowCount).toBe(10);

    await page.goto(`${server.url}/office/consultations/${CLOSED}/results`);
    const statement = page.getByLabel('结果说明');
    await expect.poll(() => statement.inputValue()).toMatch(/^本次征求意见期间，共收到意见11条/);
    await page.screenshot({ path: artifact('reports-results-form-desktop.png'), fullPage: true });
    await statement.fill('本次征求意见期间，共收到意见11条，已逐条研究处理。感谢各方参与！');
    await page.getByRole('button', { name: '公布结果并通知意见提出人' }).click();
    await expect.poll(() => page.locator('.flash').first().textContent()).toContain('征求意见结果已公布');
    await page.screenshot({ path: artifact('reports-results-published-desktop.png'), fullPage: true });
    const queued = server.db.raw.prepare(`SELECT count(*) AS n FROM outbox WHERE kind = 'outcome'`).get() as { n: number };
    expect(queued.n).toBe(5);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows the published results to the public on a phone', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    const problems = watchConsole(page);
    await page.goto(`${server.url}/consultations/${CLOSED}`);
    await expect.poll(() => page.locator('#yj-results').textContent()).toBe('征求意见结果');
    await page.locator('.results-summary').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifact('reports-consultation-results-phone.png') });
    await page.getByRole('link', { name: '查看征求意见结果及意见处理情况' }).click();
    await page.waitForURL(`${server.url}/consultations/${CLOSED}/results`);
    const text = await page.locator('main').textContent();
    expect(text).toContain('感谢各方参与！');
    expect(text).toContain('公众（张**）');
    expect(text).not.toContain('张三丰');
    await page.screenshot({ path: artifact('reports-results-phone.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});
