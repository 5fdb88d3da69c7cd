import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { HAS_CHROMIUM, SCREENSHOTS, accessibilityViolations, launchChromium, recordCspViolations } from '../support/browser.js';
import { resignWithDidKey } from '../support/impostor.js';
import { startServiceProcess, type ServiceProcess } from '../support/process.js';
import { SCHOOL, PLACEMENT_ACHIEVEMENT, assessment, placement } from '../support/api.js';

/** An employer's view, in a real browser, of the page the credential URL serves. */
describe.runIf(HAS_CHROMIUM)('the public credential page in Chromium', () => {
  const root = mkdtempSync(join(tmpdir(), 'mobicred-browser-'));
  let service: ServiceProcess;
  let browser: Browser;
  let credential: { id: string; url: string; credential: Record<string, any> };
  let adminKey: string;
  let mobilityCredentials: Record<string, { id: string; credential: Record<string, any> }>;
  const send = async (method: string, path: string, body: unknown) =>
    (await fetch(`${service.baseUrl}${path}`, { method, headers: { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).json();
  const post = (path: string, body: unknown) => send('POST', path, body);

  beforeAll(async () => {
    service = await startServiceProcess({ MOBICRED_DATA_DIR: join(root, 'pglite'), MOBICRED_KEYS_DIR: join(root, 'keys') });
    adminKey = (await service.waitForOutput(/First start: .*\n\n\s+(mbc_\S+)/))[1]!;
    const issuer = await post('/v1/issuers', SCHOOL);
    const achievement = await post('/v1/achievements', { ...PLACEMENT_ACHIEVEMENT, issuerId: issuer.id });
    credential = await post('/v1/credentials', { achievementId: achievement.id, recipient: { email: 'lea@example.org', name: 'Léa Martin' }, validUntil: '2031-06-30T00:00:00Z' });
    const mobility = await post('/v1/mobilities', placement(issuer.id));
    await send('PUT', `/v1/mobilities/${mobility.id}/assessment`, assessment({ part1: 6, part2: 9, specialtyExamsPassed: true, competences: { C1: 'acquired', C3: 'acquired', C5: 'partially-acquired' } }));
    const issued = await post(`/v1/mobilities/${mobility.id}/credentials`, { language: 'fr' });
    mobilityCredentials = Object.fromEntries(issued.credentials.map((entry: any) => [entry.kind, entry.credential]));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop('SIGTERM');
    rmSync(root, { recursive: true, force: true });
  });

  it('when an employer opens a valid credential, then it reads "Valid", can switch to French, and the page is keyboard-usable', async () => {
    const context = await browser.newContext({ locale: 'en-GB', bypassCSP: true, viewport: { width: 900, height: 1100 } });
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
    expect(await accessibilityViolations(page)).toEqual([]);

    // The first Tab reaches the skip link, which leads to the verdict.
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Skip to the verdict');

    await page.getByRole('link', { name: 'Français' }).click();
    await expect(page.locator('#verdict-title').textContent()).resolves.toBe('Valide');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('fr');
    await page.screenshot({ path: join(SCREENSHOTS, 'credential-page-fr.png'), fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(outside).toEqual([]);
    await context.close();
  });

  it('when a person pastes a tampered credential, then the page reads "Not authentic" and ticks no check that reads the altered content', async () => {
    const page = await browser.newPage({ locale: 'en-GB', bypassCSP: true, viewport: { width: 900, height: 1100 } });
    const tampered = structuredClone(mobilityCredentials.ufm!.credential);
    tampered.credentialSubject.result.find((result: any) => result.value === '6').value = '8';
    await page.goto(`${service.baseUrl}/verify`);
    expect(await accessibilityViolations(page)).toEqual([]);
    // The skip link has a target on this page: the form.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('verify-form');
    await page.getByLabel('Credential (link, JSON or JWT)').fill(JSON.stringify(tampered));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForLoadState();
    await expect(page.locator('#verdict-title').textContent()).resolves.toBe('Not authentic');
    await expect(page.locator('.untrusted').count()).resolves.toBe(1);
    await expect(page.locator('.checks .passed').count()).resolves.toBe(0);
    await expect(page.locator('[data-check="validity-window"]').textContent()).resolves.toContain('Validity dates — not evaluated');
    await expect(page.locator('[data-check="status"]').textContent()).resolves.toContain('not evaluated');
    await page.screenshot({ path: join(SCREENSHOTS, 'tampered-credential.png'), fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  });

  it('when a person follows a broken credential link or pastes something that is no credential, then a page says so plainly, and no request fails (not even for an icon)', async () => {
    const context = await browser.newContext({ locale: 'fr-FR', bypassCSP: true, viewport: { width: 420, height: 800 } });
    const page = await context.newPage();
    const failed: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400 && !response.url().includes('/credentials/0b9a1c4e')) failed.push(`${response.status()} ${response.url()}`);
    });
    const missing = await page.goto(`${service.baseUrl}/credentials/0b9a1c4e-5f1d-4c56-9a0e-2d3f4b5c6d7e`);
    expect(missing?.status()).toBe(404);
    await expect(page.locator('h1').textContent()).resolves.toBe('Aucun badge à cette adresse');
    await page.screenshot({ path: join(SCREENSHOTS, 'credential-not-found-fr.png'), fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('link', { name: /Vérifier un badge que vous avez/ }).click();
    await page.getByLabel(/JSON/).fill('{"hello": 1}');
    await page.locator('#verify-form button[type=submit]').click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Ce n’est pas un badge');
    await expect(page.getByText('Délivré le').count()).resolves.toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'not-a-credential-fr.png'), fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);
    await expect(page.locator('link[rel=icon]').getAttribute('href')).resolves.toMatch(/^\/assets\/icon\.svg/);
    expect(failed).toEqual([]);
    await context.close();
  });

  it('when an employer opens the skills, UFM and language credentials of a stay, then every result is labelled with its scale, and the host is shown', async () => {
    const context = await browser.newContext({ locale: 'fr-FR', bypassCSP: true, viewport: { width: 900, height: 1100 } });
    const page = await context.newPage();
    const outside: string[] = [];
    page.on('request', (req) => {
      if (!req.url().startsWith(service.baseUrl) && !req.url().startsWith('data:')) outside.push(req.url());
    });
    const row = (label: string | RegExp) => page.locator('table.results tbody tr').filter({ has: page.locator('th', { hasText: label }) });

    await page.goto(`${service.baseUrl}/credentials/${mobilityCredentials['mobility-skills']!.id}`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('fr');
    await expect(row('Compétences professionnelles').locator('td').allTextContents()).resolves.toEqual(['maîtrisé', 'niveau de maîtrise (débutant, en progrès, maîtrisé, expert)']);
    await expect(page.locator('[data-host]').innerText()).resolves.toBe('Restaurante La Albufera S.L.\nValencia, Espagne');
    await page.screenshot({ path: join(SCREENSHOTS, 'employer-skills-fr.png'), fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.goto(`${service.baseUrl}/credentials/${mobilityCredentials.ufm!.id}`);
    await expect(row('Partie 1').locator('td').first().textContent()).resolves.toBe('6/8');
    await expect(row('Note de l’unité').locator('td').first().textContent()).resolves.toBe('15/20 (évalué)');
    await expect(row('Attestation MobilitéPro').locator('td').first().textContent()).resolves.toBe('délivrée');
    await expect(row(/^C1 — /).locator('td').first().textContent()).resolves.toBe('acquis');
    await page.screenshot({ path: join(SCREENSHOTS, 'employer-ufm-fr.png'), fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.goto(`${service.baseUrl}/credentials/${mobilityCredentials.language!.id}?lang=en`);
    await expect(row('Level before the stay → level reached').locator('td').allTextContents()).resolves.toEqual(['A2 → B1', 'CEFR level (A1 to C2)']);
    await page.screenshot({ path: join(SCREENSHOTS, 'employer-language-en.png'), fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(outside).toEqual([]);

    // On a phone each result is one block, labelled, and nothing runs off the screen.
    await page.setViewportSize({ width: 360, height: 780 });
    for (const kind of ['mobility-skills', 'language', 'ufm']) {
      await page.goto(`${service.baseUrl}/credentials/${mobilityCredentials[kind]!.id}`);
      await page.waitForLoadState();
      await expect(page.evaluate(() => document.documentElement.scrollWidth), kind).resolves.toBeLessThanOrEqual(360);
    }
    await expect(row('Note de l’unité').locator('td').first().evaluate((cell) => getComputedStyle(cell, '::before').content)).resolves.toBe('"Valeur\u00a0: "');
    await page.screenshot({ path: join(SCREENSHOTS, 'employer-ufm-fr-phone.png'), fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);
    await context.close();
  });

  it('when an employer abroad opens a page, then their browser language picks Spanish or German, and the switcher changes it', async () => {
    const context = await browser.newContext({ locale: 'es-ES', bypassCSP: true, viewport: { width: 900, height: 1100 } });
    const page = await context.newPage();
    await page.goto(`${service.baseUrl}/credentials/${mobilityCredentials['mobility-skills']!.id}`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('es');
    await expect(page.locator('#verdict-title').textContent()).resolves.toBe('Válida');
    await expect(page.locator('[data-host]').innerText()).resolves.toBe('Restaurante La Albufera S.L.\nValencia, España');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Deutsch' }).click();
    await page.waitForLoadState();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('de');
    await expect(page.locator('#verdict-title').textContent()).resolves.toBe('Gültig');
    await expect(page.getByText('Signatur — bestanden').count()).resolves.toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'employer-skills-de.png'), fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);
    await context.close();
  });

  it('when a person uploads a badge image on /verify, then its credential is verified; a copy re-signed by a did:key is shown as from an unknown issuer', async () => {
    const page = await browser.newPage({ locale: 'en-GB', bypassCSP: true, viewport: { width: 900, height: 1100 } });
    const png = Buffer.from(await (await fetch(`${service.baseUrl}/credentials/${credential.id}/badge.png`)).arrayBuffer());
    await page.goto(`${service.baseUrl}/verify`);
    await page.getByLabel(/A badge image with the credential inside/).setInputFiles({ name: 'badge.png', mimeType: 'image/png', buffer: png });
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForLoadState();
    await expect(page.locator('#verdict-title').textContent()).resolves.toBe('Valid');
    await expect(page.locator('.badge p').first().textContent()).resolves.toBe(`Issued by ${SCHOOL.name} · ${SCHOOL.email}`);

    const copy = await resignWithDidKey(credential.credential);
    await page.goto(`${service.baseUrl}/verify?lang=fr`);
    await page.getByLabel('Badge (lien, JSON ou JWT)').fill(JSON.stringify(copy));
    await page.getByRole('button', { name: 'Vérifier' }).click();
    await expect(page.locator('.issuer-warning').textContent()).resolves.toBe(`Signé par un émetteur inconnu qui se présente comme « ${SCHOOL.name} »`);
    await expect(page.getByText(`Délivré par ${SCHOOL.name}`).count()).resolves.toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'unknown-issuer-fr.png'), fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  });

  it('when a developer opens /docs, then the API description renders from the service alone', async () => {
    const page = await browser.newPage({ locale: 'en-GB', bypassCSP: true });
    const outside: string[] = [];
    const scriptErrors: string[] = [];
    page.on('request', (req) => {
      if (!req.url().startsWith(service.baseUrl) && !req.url().startsWith('data:')) outside.push(req.url());
    });
    page.on('pageerror', (error) => scriptErrors.push(error.message));
    await page.goto(`${service.baseUrl}/docs`);
    await page.getByText('Create an issuer (a school', { exact: false }).first().waitFor({ timeout: 45_000 });
    await page.getByText('Create an API key', { exact: false }).first().waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'api-docs.png') });
    expect(outside).toEqual([]);
    expect(scriptErrors).toEqual([]);
    await page.close();
  });

  it('when a learner opens their claim link, then they can keep their name out, claim the badge, and find the image, LinkedIn and wallet QR code', async () => {
    const link = await post(`/v1/credentials/${credential.id}/claim-links`, {});
    const page = await browser.newPage({ locale: 'en-GB', bypassCSP: true });
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

    // The public page now reads as the learner chose: valid, without their name; an employer checks the address.
    await page.getByRole('link', { name: /public page/ }).click();
    await expect(page.locator('#verdict-title').textContent()).resolves.toBe('Valid');
    await expect(page.getByText('Léa Martin').count()).resolves.toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByLabel('Candidate’s email address').fill('LEA@example.org');
    await page.getByRole('button', { name: 'Check the address' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe('This email address is the one this badge was awarded to.');
    await page.screenshot({ path: join(SCREENSHOTS, 'recipient-check-en.png'), fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(outside).toEqual([]);
    await page.close();
  });
  it('when pages are shown under their own Content-Security-Policy, then their stylesheet applies and nothing is refused', async () => {
    const link = await post(`/v1/credentials/${credential.id}/claim-links`, {});
    const page = await browser.newPage({ locale: 'fr-FR' });
    const refused = recordCspViolations(page);
    for (const url of [`${service.baseUrl}/credentials/${credential.id}`, `${service.baseUrl}/verify`, link.url]) {
      const response = await page.goto(url);
      expect(response?.headers()['content-security-policy']).toMatch(/style-src 'self'(;|$)/);
      // The shared stylesheet is in force: the page's column is centred and bounded, as mobicred.css says.
      await expect(page.locator('main').evaluate((main) => getComputedStyle(main).maxWidth)).resolves.not.toBe('none');
    }
    expect(refused).toEqual([]);
    await page.close();
  });
});
