import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { HAS_CHROMIUM, accessibilityViolations, launchChromium, recordCspViolations, screenshotPath } from '../support/browser.js';
import { BACKENDS } from '../support/backends.js';
import { startTestService, type TestService } from '../support/service.js';
import { adminApi } from '../support/api.js';

/**
 * An employer checks two credentials from two schools with the same name: one is in the Académie de Lyon's
 * registry, the other (a look-alike anyone could have registered) in none.
 */
describe.runIf(HAS_CHROMIUM)('who vouches for the school, in Chromium', () => {
  let service: TestService;
  let server: Server;
  let baseUrl: string;
  let browser: Browser;
  let registered: string;
  let lookAlike: string;

  beforeAll(async () => {
    service = await startTestService(BACKENDS[0]!);
    const api = adminApi(service);
    const academyId = (await api.post('/v1/academies', { name: 'Académie de Lyon' }).expect(201)).body.id;
    const issue = async (issuerId: string) => {
      const { id: achievementId } = await api.createAchievement(issuerId);
      return (await api.post('/v1/credentials', { achievementId, recipient: { email: 'lea@example.org', name: 'Léa Martin' } }).expect(201)).body.id as string;
    };
    registered = await issue((await api.createIssuer({ academyId })).id);
    lookAlike = await issue((await api.createIssuer({ slug: 'lp-jean-moulin-lyon', otherIdentifier: [] })).id);
    server = createServer(service.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    if (server) await new Promise((resolve) => server.close(resolve));
    await service?.close();
  });

  it('when the school is in the academy’s registry, then the verdict says who recognises it and when the registry was signed', async () => {
    const page = await browser.newPage({ locale: 'en-GB', bypassCSP: true, viewport: { width: 420, height: 900 } });
    const refused = recordCspViolations(page);
    await page.goto(`${baseUrl}/credentials/${registered}?lang=en`);
    const notice = page.locator('#verdict [data-recognition]');
    await expect(notice.getAttribute('data-recognition')).resolves.toBe('recognised');
    await expect(page.locator('#verdict').getAttribute('class')).resolves.toBe('verdict good');
    await expect(notice.textContent()).resolves.toMatch(/^✓? ?Recognised by Académie de Lyon \(registry signed on \d{1,2} \w+ \d{4}\)$/);
    await page.screenshot({ path: screenshotPath('registry-recognised-en'), fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.goto(`${baseUrl}/credentials/${registered}?lang=fr`);
    await expect(notice.textContent()).resolves.toMatch(/Reconnu par Académie de Lyon \(registre signé le /);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(refused).toEqual([]);
    await page.close();
  });

  it('when a look-alike school with the same name is in no registry, then the verdict says so prominently', async () => {
    const page = await browser.newPage({ locale: 'en-GB', bypassCSP: true, viewport: { width: 420, height: 900 } });
    await page.goto(`${baseUrl}/credentials/${lookAlike}?lang=en`);
    const notice = page.locator('#verdict [data-recognition]');
    await expect(notice.getAttribute('data-recognition')).resolves.toBe('not-recognised');
    await expect(notice.locator('strong').textContent()).resolves.toBe('Not in any registry this service trusts');
    await expect(notice.isVisible()).resolves.toBe(true);
    // Authentic, but not green: nobody vouches for who signed.
    await expect(page.locator('#verdict').getAttribute('class')).resolves.toBe('verdict warn');
    await page.screenshot({ path: screenshotPath('registry-unknown-issuer-en'), fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);
    for (const [language, words] of [['fr', 'Absent de tous les registres'], ['es', 'No figura en ningún registro'], ['de', 'In keinem Register']] as const) {
      await page.goto(`${baseUrl}/credentials/${lookAlike}?lang=${language}`);
      await expect(notice.locator('strong').textContent()).resolves.toContain(words);
      expect(await accessibilityViolations(page)).toEqual([]);
    }
    await page.close();
  });
});
