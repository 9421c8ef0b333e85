import type { Page } from 'playwright-core';

export type SidebarPhase = 'ready' | 'failed';

/** Navigates and waits until the page settled on a screen (never blank): ready or an explained failure. */
export async function openSidebar(page: Page, url: string): Promise<SidebarPhase> {
  await page.goto(url);
  return settled(page);
}

export async function settled(page: Page): Promise<SidebarPhase> {
  const root = page.locator('.sidebar[data-phase="ready"], .sidebar[data-phase="failed"]');
  await root.waitFor({ state: 'visible' });
  return (await root.getAttribute('data-phase')) as SidebarPhase;
}

/** Dev-mode URL; zh-CN unless `lang` is given (a language chosen earlier is remembered by the page). */
export function devUrl(baseUrl: string, params: Record<string, string>): string {
  return `${baseUrl}/sidebar/?${new URLSearchParams({ lang: 'zh-CN', ...params }).toString()}`;
}

/** Collects uncaught page errors and console errors so a test can assert there were none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  return errors;
}
