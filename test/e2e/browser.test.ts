import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/config.js';
import { startServiceProcess, type ServiceProcess } from '../support/process.js';
import { SCHOOL, PLACEMENT_ACHIEVEMENT } from '../support/api.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = resolve(PROJECT_ROOT, 'test-results/screenshots');
if (!existsSync(CHROMIUM) && process.env.CI) throw new Error(`CI requires ${CHROMIUM}; .ci/run installs Debian's chromium`);

/** An employer's view, in a real browser, of the page the credential URL serves. */
describe.runIf(existsSync(CHROMIUM))('the public credential page in Chromium', () => {
  const root = mkdtempSync(join(tmpdir(), 'mobicred-browser-'));
  let service: ServiceProcess;
  let browser: Browser;
  let credential: { id: string; url: string; credential: Record<string, any> };
  let adminKey: string;
  const post = async (path: string, body: unknown) =>
    (await fetch(`${service.baseUrl}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).json();

  beforeAll(async () => {
    service = await startServiceProcess({ MOBICRED_DATA_DIR: join(root, 'pglite'), MOBICRED_KEYS_DIR: join(root, 'keys') });
    adminKey = (await service.waitForOutput(/First start: .*\n\n\s+(mbc_\S+)/))[1]!;
    const issuer = await post('/v1/issuers', SCHOOL);
    const achievement = await post('/v1/achievements', { ...PLACEMENT_ACHIEVEMENT, issuerId: issuer.id });
    credential = await post('/v1/credentials', { achievementId: achievement.id, recipient: { email: 'lea@example.org', name: 'Léa Martin' }, validUntil: '2031-06-30T00:00:00Z' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop('SIGTERM');
    rmSync(root, { recursive: true, force: true });
  });

  it('when an employer opens a valid credential, then it reads "Valid", can switch to French, and the page is keyboard-usable', async () => {
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 900, height: 1100 } });
    const page = await context.newPage();
    const outside: string[] = [];
    page.on('request', (req) => {
      if (!req.url().startsWith(service.baseUrl) && !req.url().startsWith('data:')) outside.push(req.url());
    });
    await page.goto(`${service.baseUrl}/credentials/${credential.id}`);
    await expect(page.locator('#verdict-title').textContent()).resolves.toBe('Valid');
    await expect(page.locator('h1').textContent()).resolves.toBe(PLACEMENT_ACHIEVEMENT.name);
    await expect(page.getByText('Léa Martin').count()).resolves.toBe(1);
    // The achievement's generated badge image, served by the service itself, loads and has a text alternative.
    const badge = page.locator('.badge img');
    await expect(badge.getAttribute('alt')).resolves.toMatch(/Badge image/);
    await expect(badge.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).resolves.toBe(256);
    await page.screenshot({ path: join(SCREENSHOTS, 'credential-page-en.png'), fullPage: true });

    // The first Tab reaches the skip link, which leads to the verdict.
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Skip to the verdict');

    await page.getByRole('link', { name: 'Français' }).click();
    await expect(page.locator('#verdict-title').textContent()).resolves.toBe('Valide');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('fr');
    await page.screenshot({ path: join(SCREENSHOTS, 'credential-page-fr.png'), fullPage: true });
    expect(outside).toEqual([]);
    await context.close();
  });

  it('when a person pastes a tampered credential, then the page reads "Not authentic"', async () => {
    const page = await browser.newPage({ locale: 'en-GB' });
    const tampered = structuredClone(credential.credential);
    tampered.credentialSubject.achievement.name = 'Master chef';
    await page.goto(`${service.baseUrl}/verify`);
    await page.getByLabel('Credential (JSON or JWT)').fill(JSON.stringify(tampered));
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.locator('#verdict-title').textContent()).resolves.toBe('Not authentic');
    await expect(page.locator('.untrusted').count()).resolves.toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'tampered-credential.png'), fullPage: true });
    await page.close();
  });

  it('when a developer opens /docs, then the API description renders from the service alone', async () => {
    const page = await browser.newPage({ locale: 'en-GB' });
    const outside: string[] = [];
    const scriptErrors: string[] = [];
    page.on('request', (req) => {
      if (!req.url().startsWith(service.baseUrl) && !req.url().startsWith('data:')) outside.push(req.url());
    });
    page.on('pageerror', (error) => scriptErrors.push(error.message));
    await page.goto(`${service.baseUrl}/docs`);
    await page.getByText('Create an issuer (a school)', { exact: false }).first().waitFor({ timeout: 15_000 });
    await page.getByText('Create an API key', { exact: false }).first().waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'api-docs.png') });
    expect(outside).toEqual([]);
    expect(scriptErrors).toEqual([]);
    await page.close();
  });

  it('when a learner opens their claim link, then they can keep their name out, claim the badge, and find the image, LinkedIn and wallet QR code', async () => {
    const link = await post(`/v1/credentials/${credential.id}/claim-links`, {});
    const page = await browser.newPage({ locale: 'en-GB' });
    const outside: string[] = [];
    page.on('request', (req) => {
      if (!req.url().startsWith(service.baseUrl) && !req.url().startsWith('data:')) outside.push(req.url());
    });
    await page.goto(link.url);
    await expect(page.locator('h1').textContent()).resolves.toBe(`Your badge: ${PLACEMENT_ACHIEVEMENT.name}`);
    await page.getByLabel(/Do not show my name/).check();
    await page.screenshot({ path: join(SCREENSHOTS, 'claim-page.png'), fullPage: true });
    await page.getByRole('button', { name: 'Claim my badge' }).click();
    await page.getByRole('heading', { name: 'Add it to a wallet' }).waitFor();
    const qr = page.getByAltText('QR code of the credential offer');
    await expect(qr.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)).resolves.toBe(true);
    await expect(page.getByRole('link', { name: 'Add to LinkedIn profile' }).getAttribute('href')).resolves.toMatch(/^https:\/\/www\.linkedin\.com\/profile\/add\?/);
    await expect(page.getByRole('link', { name: /Badge image with the credential inside \(PNG\)/ }).getAttribute('href')).resolves.toContain('/badge.png');
    await page.screenshot({ path: join(SCREENSHOTS, 'claimed-page.png'), fullPage: true });

    // The public page now reads as the learner chose: valid, without their name.
    await page.getByRole('link', { name: /public page/ }).click();
    await expect(page.locator('#verdict-title').textContent()).resolves.toBe('Valid');
    await expect(page.getByText('Léa Martin').count()).resolves.toBe(0);
    expect(outside).toEqual([]);
    await page.close();
  });
});
