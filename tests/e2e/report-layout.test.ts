// The report's overview laid out as it is filed, in a real browser: on the office's report page and
// in the HTML/print report, at a desktop width, on a phone and in print, each overview table gives
// its label column the width (a count column only as wide as its numbers, nothing overflowing),
// tables side by side are each only as tall as their rows, and the 落款 closes the report at the
// right. Screenshots of each land in test-results/.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/platform/node/server.ts';
import { artifact, browserAvailability, type BrowserHarness, startBrowserHarness } from '../helpers/browser.ts';
import type { TestApp } from '../helpers/app.ts';
import { CLOSED, seedReportFixture } from '../helpers/reports.ts';

const { available } = browserAvailability();
const PASSWORD = 'a long enough test password';
/** A4 at 96 dpi, less the print margins of 20 mm each side: what the printed page's body is. */
const A4_PRINT_WIDTH = 643;

interface TableShape {
  caption: string;
  width: number;
  /** Wider than the box it stands in: it would scroll or spill. */
  overflows: boolean;
  top: number;
  height: number;
  labelWidth: number;
  countWidth: number;
  /** The widest label's height in lines, as the browser broke it. */
  labelLines: number;
}

/** Every overview table's geometry, read from the laid-out page. */
async function overviewTables(page: Page, selector: string): Promise<TableShape[]> {
  return page.locator(selector).evaluateAll((tables) =>
    tables.map((table) => {
      const row = table.querySelector('tbody tr')!;
      const [label, count] = Array.from(row.children) as HTMLElement[];
      const lineHeight = Number.parseFloat(getComputedStyle(label!).lineHeight) || 20;
      const lines = Math.max(
        ...Array.from(table.querySelectorAll('tbody tr')).map((tr) => {
          const cell = tr.children[0] as HTMLElement;
          const style = getComputedStyle(cell);
          return Math.round((cell.clientHeight - Number.parseFloat(style.paddingTop) - Number.parseFloat(style.paddingBottom)) / lineHeight);
        }),
      );
      const box = table.getBoundingClientRect();
      return {
        caption: table.querySelector('caption')?.textContent?.trim() ?? '',
        width: box.width,
        overflows: (table.parentElement as HTMLElement).scrollWidth > (table.parentElement as HTMLElement).clientWidth + 1,
        top: box.top + window.scrollY,
        height: box.height,
        labelWidth: label!.getBoundingClientRect().width,
        countWidth: count!.getBoundingClientRect().width,
        labelLines: lines,
      };
    }),
  );
}

function expectTablesLaidOut(tables: TableShape[], where: string) {
  expect(tables.length, where).toBeGreaterThanOrEqual(4);
  for (const table of tables) {
    const name = `${where}: ${table.caption}`;
    // The label column has the width; the count column is narrow; nothing spills out.
    expect(table.labelWidth, name).toBeGreaterThan(table.width * 0.6);
    expect(table.countWidth, name).toBeLessThan(table.width * 0.35);
    expect(table.overflows, name).toBe(false);
  }
  // 「收到意见（不含垃圾信息）」 and its like stand on one line.
  const overview = tables[0]!;
  expect(overview.labelLines, `${where}: 概况`).toBe(1);
}

describe.skipIf(!available)('the report overview laid out for filing', () => {
  let server: RunningServer;
  let browser: Browser;
  let harness: BrowserHarness;
  let reportHtml = '';

  beforeAll(async () => {
    harness = await startBrowserHarness('e2e-report-layout');
    ({ server, browser } = harness);
    await seedReportFixture({ db: server.db, now: () => new Date(), services: { consultationChanged: () => {} } } as unknown as TestApp);
    await harness.addOfficer({ email: 'officer@office.example', role: 'officer', password: PASSWORD });
  });

  afterAll(async () => {
    await harness?.close();
  });

  async function signedIn(width: number, height: number): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    await page.goto(`${server.url}/office/consultations/${CLOSED}/report`);
    await page.locator('input[name=email]').fill('officer@office.example');
    await page.locator('input[name=password]').fill(PASSWORD);
    await page.locator('form button[type=submit]').first().click();
    await page.waitForURL(`${server.url}/office/consultations/${CLOSED}/report`);
    return page;
  }

  it('lays the office page out at 1280 px: two columns of tables, each as tall as its rows, the 落款 at the right', async () => {
    const page = await signedIn(1280, 900);
    const sections = page.locator('.report-sections');
    const tables = await overviewTables(page, '.report-sections table.report-overview');
    expectTablesLaidOut(tables, 'office 1280');
    // Side by side: 概况 and 按提交方式 start on one line, and the shorter is not stretched.
    expect(tables[1]!.top).toBeCloseTo(tables[0]!.top, 0);
    expect(tables[1]!.height).toBeLessThan(tables[0]!.height * 0.6);
    const sign = page.locator('.report-sign-off');
    expect(await sign.textContent()).toBe('宜兴市人民政府' + (await sign.locator('p').last().textContent()));
    const signBox = (await sign.locator('p').first().boundingBox())!;
    expect(signBox.x + signBox.width).toBeCloseTo((await sections.boundingBox())!.x + (await sections.boundingBox())!.width, -1);
    await sections.screenshot({ path: artifact('report-overview-office-1280.png') });
    await page.locator('section[aria-labelledby=yj-report-overview]').screenshot({ path: artifact('report-overview-office-1280-full.png') });
    await page.context().close();
  });

  it('lays the office page out on a phone (390 px) and in print', async () => {
    const page = await signedIn(390, 844);
    const sections = page.locator('.report-sections');
    const tables = await overviewTables(page, '.report-sections table.report-overview');
    expectTablesLaidOut(tables, 'office 390');
    await page.locator('.report-overview').first().screenshot({ path: artifact('report-overview-office-390.png') });
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: A4_PRINT_WIDTH, height: 900 });
    const printed = await overviewTables(page, '.report-sections table.report-overview');
    expectTablesLaidOut(printed, 'office print');
    await sections.screenshot({ path: artifact('report-overview-office-print.png') });
    // The HTML report, as the officer downloads it, for the next test.
    reportHtml = await (await page.request.get(`${server.url}/office/consultations/${CLOSED}/report.html`)).text();
    await page.context().close();
  });

  it('lays the HTML report out at 1280 px, on a phone and on an A4 page in print', async () => {
    expect(reportHtml).toContain('<div class="sign-off">');
    for (const [where, width, media] of [
      ['html 1280', 1280, 'screen'],
      ['html 390', 390, 'screen'],
      ['html print', A4_PRINT_WIDTH, 'print'],
    ] as const) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.emulateMedia({ media });
      await page.setContent(reportHtml);
      const grid = page.locator('.overview-tables');
      const tables = await overviewTables(page, '.overview-tables table');
      expectTablesLaidOut(tables, where);
      if (width > 390) {
        // Side by side on a wide page and on A4: each table only as tall as its rows.
        expect(tables[1]!.top, where).toBeCloseTo(tables[0]!.top, 0);
        expect(tables[1]!.height, where).toBeLessThan(tables[0]!.height * 0.6);
      }
      // The 落款 ends the report at the right: the office, then the date.
      const sign = page.locator('.sign-off');
      expect((await sign.locator('p').allTextContents())[0], where).toBe('宜兴市人民政府');
      const body = (await page.locator('body').boundingBox())!;
      const signBox = (await sign.boundingBox())!;
      expect(signBox.x + signBox.width, where).toBeGreaterThan(body.x + body.width * 0.7);
      await grid.screenshot({ path: artifact(`report-overview-${where.replace(' ', '-')}.png`) });
      await sign.screenshot({ path: artifact(`report-sign-off-${where.replace(' ', '-')}.png`) });
      await page.close();
    }
  });
});
