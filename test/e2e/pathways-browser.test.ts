import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { HAS_CHROMIUM, accessibilityViolations, launchChromium, recordCspViolations, screenshotPath } from '../support/browser.js';
import { BACKENDS } from '../support/backends.js';
import { startTestService, type TestService } from '../support/service.js';
import { adminApi } from '../support/api.js';
import { createPathwayOrganisations, prescriptionBody } from '../support/pathways.js';

/** The professional order's check page (#23), in a real browser: a phone first, then a desk. */
describe.runIf(HAS_CHROMIUM)('the pathway check page in Chromium', () => {
  let service: TestService;
  let server: Server;
  let baseUrl: string;
  let browser: Browser;
  let links: string[];
  let unrecognisedJwt: string;

  // Several credentials are signed first: on a loaded machine that takes longer than the default hook timeout.
  beforeAll(async () => {
    service = await startTestService(BACKENDS[0]!);
    const api = adminApi(service);
    const organisations = await createPathwayOrganisations(api);
    const prescription = (await api.post('/v1/pathways/prescriptions', prescriptionBody(organisations.order.id, 'amina.haddad@example.org'))).body;
    const completion = (achievementId: string, element: number, extra: Record<string, unknown> = {}) =>
      api.post('/v1/pathways/completions', { achievementId, recipient: { email: 'amina.haddad@example.org' }, prescriptionElement: prescription.elements[element].id, outcome: 'course', completedOn: '2026-04-20', ...extra });
    const course = (await completion(organisations.course.id, 0)).body;
    const stage = (await completion(organisations.placement.id, 1, { outcome: 'stage', completedOn: '2026-10-02' })).body;
    const other = await api.createIssuer({ slug: 'ecole-de-langues-libre', name: 'École de langues Libre' });
    const francisation = (await api.post('/v1/pathways/francisation-achievements', { issuerId: other.id })).body;
    unrecognisedJwt = (await completion(francisation.id, 2, { outcome: 'francisation', frenchLevels: { 'comprehension-orale': 8, 'production-orale': 7, 'comprehension-ecrite': 7, 'production-ecrite': 6 } })).body.jwt;
    links = [prescription.credentialUrl, course.url, stage.url];
    server = createServer(service.app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await service?.close();
  });

  it('when the order opens the one link the candidate sent, then on a phone it reads two elements satisfied and one missing, in French, axe-clean', async () => {
    const context = await browser.newContext({ locale: 'fr-CA', bypassCSP: true, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    const page = await context.newPage();
    const refused = recordCspViolations(page);
    const query = links.map((link) => `credential=${encodeURIComponent(link)}`).join('&');
    const response = await page.goto(`${baseUrl}/pathways/check?${query}`);
    expect(response?.status()).toBe(200);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('fr');
    await expect(page.locator('#result-heading').textContent()).resolves.toBe('2 éléments satisfaits sur 3 · 1 manquant');
    const outcomes = await page.locator('.element .outcome').allTextContents();
    expect(outcomes).toEqual(['Satisfait', 'Satisfait', 'Manquant']);
    await expect(page.locator('.element.satisfied').first().textContent()).resolves.toContain('Cégep du Vieux-Port');
    await expect(page.locator('.element.missing').textContent()).resolves.toContain('F-07 — Français langue de travail (niveau 7)');
    await page.screenshot({ path: screenshotPath('pathway-check-fr-phone'), fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(refused).toEqual([]);
    await context.close();
  });

  it('when the order pastes a francisation credential from an unrecognised school, then the English page shows that element refused and why, axe-clean', async () => {
    const context = await browser.newContext({ locale: 'en-CA', bypassCSP: true, viewport: { width: 1000, height: 1200 } });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/pathways/check?lang=en`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.locator('#credentials').fill([...links, unrecognisedJwt].join('\n'));
    await page.getByRole('button', { name: 'Check the pathway' }).click();
    await expect(page.locator('#result-heading').textContent()).resolves.toBe('2 of 3 elements satisfied · 1 refused');
    const refusedElement = page.locator('.element.refused');
    await expect(refusedElement.textContent()).resolves.toMatch(/École de langues Libre.*institution not recognised by the order/s);
    await page.screenshot({ path: screenshotPath('pathway-check-en'), fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);

    // A submission without its prescription: the form again, with the reason, and the problem's status.
    await page.locator('#credentials').fill(links.slice(1).join('\n'));
    const [answer] = await Promise.all([page.waitForResponse((candidate) => candidate.request().method() === 'POST'), page.getByRole('button', { name: 'Check the pathway' }).click()]);
    expect(answer.status()).toBe(422);
    await expect(page.locator('.form-error').textContent()).resolves.toBe('Include one prescription, and only one, among the credentials.');
    expect(await accessibilityViolations(page)).toEqual([]);
    await context.close();
  });
});
