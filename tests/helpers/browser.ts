import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { parseConfig } from '../../src/config.ts';
import { type RunningServer, startServer } from '../../src/entry/node-server.ts';

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

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // The machine's network is closed: background fetches only produce noise and delay.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export function artifact(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The app as `npm start` runs it (samples loaded, SMTP on a free port, never 2525, so browser
 * tests in parallel do not collide), on a fresh data directory, and a browser to drive it.
 */
export async function startBrowserHarness(prefix: string): Promise<{ server: RunningServer; browser: Browser; dataDir: string; close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), `yijian-${prefix}-`));
  const port = await freePort();
  const server = await startServer(parseConfig({ PORT: String(port), SMTP_PORT: '0', DATA_DIR: dataDir, PUBLIC_BASE_URL: `http://127.0.0.1:${port}` }), { log: () => {} });
  const browser = await launchBrowser();
  return {
    server,
    browser,
    dataDir,
    async close() {
      await browser.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
