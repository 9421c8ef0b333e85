import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.resolve('test-artifacts/screenshots');

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Chromium {
  context: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export interface ChromiumOptions {
  /** The WeCom toolbar is 375 wide; desktop WeCom is wider. */
  viewport?: { width: number; height: number };
  userAgent?: string;
  locale?: string;
}

/**
 * Real headless Debian Chromium driven by playwright-core, with a fresh profile per launch.
 * Missing Chromium is a failure with instructions, never a silent skip.
 */
export async function launchChromium(options: ChromiumOptions = {}): Promise<Chromium> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. The sidebar e2e tests need real Chromium: ` +
        `install Debian's package (apt-get install -y chromium; .ci/run does this) or set CHROMIUM_PATH.`,
    );
  }
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'chatcrm-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ARGS,
      viewport: options.viewport ?? { width: 375, height: 667 },
      deviceScaleFactor: 2,
      isMobile: false,
      locale: options.locale ?? 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      userAgent: options.userAgent,
      timeout: 30_000,
    });
  } catch (err) {
    await rm(userDataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    context,
    async newPage() {
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      return page;
    },
    async close() {
      await context.close().catch(() => {});
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * PNG under test-artifacts/screenshots/ (gitignored); returns the file path. By default what the
 * user sees in the 375×667 toolbar; `fullPage` for long screens such as the timeline.
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? false, animations: 'disabled' });
  return file;
}
