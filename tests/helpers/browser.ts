import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createOfficer, type SignedInOfficer } from '../../src/auth/accounts.ts';
import { parseConfig } from '../../src/config.ts';
import type { OfficerRole } from '../../src/db/schema.ts';
import { nodePasswordHasher } from '../../src/platform/node/passwords.ts';
import { type RunningServer, startServer } from '../../src/platform/node/server.ts';
import { freePort } from './child.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = new URL('../../test-results/', import.meta.url).pathname;

/**
 * Browser tests need Debian's chromium. Where it is missing they skip with a printed reason,
 * except in CI, where a missing browser is a failure (the CI script installs it).
 */
export function browserAvailability(): { available: boolean; reason: string } {
  if (existsSync(CHROMIUM)) return { available: true, reason: '' };
  const reason = `Chromium not found at ${CHROMIUM}: browser tests skipped (apt-get install chromium fonts-noto-cjk)`;
  if (process.env.CI) throw new Error(`${reason} — CI must run them`);
  console.warn(reason);
  return { available: false, reason };
}

/**
 * How long a page may take to load or an element to appear: Playwright's 30 s is too little when
 * the machine is busy (the suite runs beside `npm run bench` to prove it), and a test must fail
 * for what it checks, not for a slow neighbour.
 */
export const BROWSER_TIMEOUT_MS = 120_000;

export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    timeout: BROWSER_TIMEOUT_MS,
    // The machine's network is closed: background fetches only produce noise and delay.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // Every context and page the tests open gets the patient timeouts.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    context.setDefaultTimeout(BROWSER_TIMEOUT_MS);
    context.setDefaultNavigationTimeout(BROWSER_TIMEOUT_MS);
    return context;
  };
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (options) => {
    const page = await newPage(options);
    page.setDefaultTimeout(BROWSER_TIMEOUT_MS);
    page.setDefaultNavigationTimeout(BROWSER_TIMEOUT_MS);
    return page;
  };
  return browser;
}

export function artifact(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

export interface BrowserHarness {
  server: RunningServer;
  browser: Browser;
  dataDir: string;
  /** An officer account to sign in with through the real form. */
  addOfficer(input: { email: string; role: OfficerRole; password: string; name?: string }): Promise<SignedInOfficer>;
  close(): Promise<void>;
}

/**
 * The app as `npm start` runs it (samples loaded, SMTP on a free port, never 2525, so browser
 * tests in parallel do not collide), on a fresh data directory, and a browser to drive it.
 * Every browser test starts here.
 */
export async function startBrowserHarness(prefix: string): Promise<BrowserHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), `yijian-${prefix}-`));
  const port = await freePort();
  const server = await startServer(parseConfig({ PORT: String(port), SMTP_PORT: '0', DATA_DIR: dataDir, PUBLIC_BASE_URL: `http://127.0.0.1:${port}` }), { log: () => {}, requestLog: null });
  const browser = await launchBrowser();
  return {
    server,
    browser,
    dataDir,
    addOfficer: (input) => createOfficer({ db: server.db, passwords: nodePasswordHasher }, input, new Date()),
    async close() {
      await browser.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Errors the page logs or throws, collected for a test to assert there were none. `expected`
 * names console errors a test causes on purpose (a refused form's 422).
 */
export function watchConsole(page: Page, expected?: RegExp): string[] {
  const problems: string[] = [];
  page.on('console', (message) => message.type() === 'error' && !expected?.test(message.text()) && problems.push(message.text()));
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

/**
 * Opens an office address in a new page, signs in through the real form it is sent to, and waits
 * to be back at that address.
 */
export async function signInAt(context: BrowserContext, url: string, officer: { email: string; password: string }): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.getByLabel('邮箱').fill(officer.email);
  await page.getByLabel('密码').fill(officer.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(url);
  return page;
}
