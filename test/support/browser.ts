import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';

/** Debian's Chromium, driven by playwright-core: never a browser downloaded by a test tool. */
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = resolve(PROJECT_ROOT, 'test-results/screenshots');
export const HAS_CHROMIUM = existsSync(CHROMIUM);
if (!HAS_CHROMIUM && process.env.CI) throw new Error(`CI requires ${CHROMIUM}; .ci/run installs Debian's chromium`);

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export async function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    // Without the background-networking flags, Chromium's own connections are refused by this closed network.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * WCAG 2 A and AA violations axe-core finds on the page as it is now (rule id and the first offending element).
 * Pages allow only their own scripts (CSP): contexts that run axe bypass it (`bypassCSP: true`).
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.waitForLoadState();
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((violation: any) => `${violation.id}: ${violation.nodes[0]?.target?.join(' ')}`);
  });
  return violations as string[];
}

/** Everything the page's Content-Security-Policy refused (inline style or script, outside resource), as Chromium reports it. */
export function recordCspViolations(page: Page): string[] {
  const refused: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/.test(message.text())) refused.push(message.text());
  });
  return refused;
}

export function screenshotPath(name: string): string {
  return join(SCREENSHOTS, `${name}.png`);
}

/** The page once loaded: its full-page screenshot saved as `name`, and nothing axe-core finds against WCAG 2 A/AA. */
export async function lookAt(page: Page, name: string): Promise<void> {
  await page.waitForLoadState();
  await page.screenshot({ path: screenshotPath(name), fullPage: true });
  expect(await accessibilityViolations(page), name).toEqual([]);
}
