import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { BACKENDS } from '../support/backends.js';
import { adminApi } from '../support/api.js';
import { HAS_CHROMIUM, launchChromium, recordCspViolations, lookAt } from '../support/browser.js';
import { startListeningService } from '../support/console.js';
import { startMailbox, type Mailbox } from '../support/mailbox.js';
import { linksMailedTo } from '../support/learner.js';
import { mailSettled, type TestService } from '../support/service.js';

/** The browser tests use the PostgreSQL server when there is one (lighter than another PGlite beside them). */
const backend = BACKENDS[BACKENDS.length - 1]!;
const LEARNER = 'lea.martin@example.org';

describe.runIf(HAS_CHROMIUM)('the learner space in Chromium: badges from two schools, shared and sent to a wallet', () => {
  let service: TestService & { baseUrl: string };
  let mailbox: Mailbox;
  let browser: Browser;
  const issued: { id: string; school: string; achievement: string }[] = [];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    mailbox = await startMailbox();
    service = await startListeningService(backend, { smtp: { url: mailbox.url, from: 'mobicred <badges@mobicred.test>' } });
    const api = adminApi(service);
    for (const school of [
      { slug: 'lp-jean-moulin', name: 'Lycée professionnel Jean Moulin', achievement: 'Période de formation en milieu professionnel à Valencia' },
      { slug: 'cfa-metiers-table', name: 'CFA des métiers de la table', achievement: 'Service en salle — stage à Munich' },
    ]) {
      const issuerId = (await api.createIssuer({ slug: school.slug, name: school.name })).id;
      const achievementId = (await api.createAchievement(issuerId, { name: school.achievement })).id;
      const credential = (await api.post('/v1/credentials', { achievementId, recipient: { email: LEARNER, name: 'Léa Martin' } })).body;
      issued.push({ id: credential.id, school: school.name, achievement: school.achievement });
    }
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await service?.close();
    await mailbox?.close();
  });

  /** A browser; axe-core needs its script injected, which the pages' CSP refuses: `underCsp` keeps the CSP (no axe then). */
  const open = async (options: { locale: string; phone: boolean; underCsp?: boolean }): Promise<{ page: Page; refused: string[] }> => {
    const context = await browser.newContext({
      locale: options.locale,
      bypassCSP: !options.underCsp,
      ...(options.phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : { viewport: { width: 1280, height: 900 } }),
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: service.baseUrl });
    contexts.push(context);
    const page = await context.newPage();
    return { page, refused: recordCspViolations(page) };
  };
  /** The learner types their address, opens the emailed link and presses its button. */
  const signIn = async (page: Page, screenshot?: string) => {
    await page.goto(`${service.baseUrl}/me`);
    await page.fill('#email', LEARNER);
    await page.click('form.learner-form button[type=submit]');
    await page.locator('#sign-in-sent').waitFor();
    if (screenshot) await lookAt(page, screenshot);
    await mailSettled();
    const [link] = linksMailedTo(mailbox, LEARNER, service.baseUrl);
    await page.goto(link!);
    await Promise.all([page.waitForURL((url) => url.pathname === '/me'), page.click('main form button[type=submit]')]);
  };

  it('when a learner on a phone in French signs in by email, then they see both schools’ badges, hide their name, copy the link, add it to LinkedIn and show a wallet code', async () => {
    const { page } = await open({ locale: 'fr-FR', phone: true });
    await signIn(page, 'learner-space-sign-in-fr-phone');
    await expect(page.locator('h1').innerText()).resolves.toBe('Mes badges');
    const badges = await page.locator('#badges h2').allInnerTexts();
    expect(badges.sort()).toEqual(issued.map((credential) => credential.achievement).sort());
    for (const { school } of issued) await expect(page.locator('#badges').innerText()).resolves.toContain(`Délivré par ${school}`);
    await lookAt(page, 'learner-space-fr-phone');

    const [credential] = issued;
    await page.click(`a[href^="/me/credentials/${credential!.id}"]`);
    await expect(page.locator('h1').innerText()).resolves.toBe(credential!.achievement);
    const publicUrl = `${service.baseUrl}/credentials/${credential!.id}`;

    // Hide the name: the public page no longer shows it, and the badge stays valid.
    await page.check('#hide-name');
    await Promise.all([page.waitForURL(/done=name-saved/), page.click('form[action*="/name"] button[type=submit]')]);
    await expect(page.locator('.notice').first().innerText()).resolves.toContain('Enregistré');
    const visitor = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
    await visitor.goto(publicUrl);
    await expect(visitor.locator('main').innerText()).resolves.not.toContain('Léa Martin');
    await expect(visitor.locator('main').innerText()).resolves.toContain('Valide');
    await visitor.context().close();

    // Copy the verification link (the button appears with the script), then read what was copied.
    await expect(page.inputValue('#verification-link')).resolves.toBe(publicUrl);
    await page.click('button[data-copy="verification-link"]');
    // The label changes once the clipboard holds the link (writing to it is asynchronous).
    await page.locator('button[data-copy="verification-link"]', { hasText: 'Copié' }).waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(publicUrl);

    // LinkedIn's "add to profile" link, prefilled for this badge (followed here as a URL: the test has no network).
    const linkedIn = new URL((await page.getAttribute('#linkedin', 'href'))!);
    expect(linkedIn.origin + linkedIn.pathname).toBe('https://www.linkedin.com/profile/add');
    expect(Object.fromEntries(linkedIn.searchParams)).toMatchObject({
      startTask: 'CERTIFICATION_NAME',
      name: credential!.achievement,
      organizationName: credential!.school,
      certUrl: publicUrl,
      certId: credential!.id,
      issueYear: String(new Date().getUTCFullYear()),
    });

    await page.click('form[action*="/wallet"] button[type=submit]');
    await page.locator('#wallet-offer img.qr').waitFor();
    expect(await page.locator('#wallet-offer img.qr').evaluate((image: HTMLImageElement) => image.naturalWidth > 0)).toBe(true);
    // The page opens at the code, not at its top, where the phone would show nothing new.
    await page.waitForLoadState();
    await expect(page.locator('#wallet-offer').evaluate((offer) => offer.getBoundingClientRect().top >= 0 && offer.getBoundingClientRect().top < window.innerHeight)).resolves.toBe(true);
    // Files to keep are downloaded as named files, the Europass one with where it goes.
    const europass = page.locator('a[href*="/europass"]');
    await expect(europass.getAttribute('download')).resolves.toMatch(/^europass-[0-9a-f-]{36}\.jsonld$/);
    const [download] = await Promise.all([page.waitForEvent('download'), europass.click()]);
    expect(download.suggestedFilename()).toMatch(/^europass-[0-9a-f-]{36}\.jsonld$/);
    expect(JSON.parse(await readFile((await download.path())!, 'utf8')).type).toContain('VerifiableCredential');
    await expect(page.getAttribute('#wallet-offer a', 'href')).resolves.toMatch(/^openid-credential-offer:\/\/\?credential_offer=/);
    await lookAt(page, 'learner-space-credential-fr-phone');
  });

  it('when the learner opens their space on a computer in English, then everything is in English and their badges and data are one click away', async () => {
    const { page } = await open({ locale: 'en-GB', phone: false });
    await signIn(page);
    await expect(page.locator('h1').innerText()).resolves.toBe('My badges');
    await expect(page.locator('#badges').innerText()).resolves.toContain('Issued by CFA des métiers de la table');
    await lookAt(page, 'learner-space-en');
    await page.click(`a[href^="/me/credentials/${issued[1]!.id}"]`);
    await expect(page.locator('#lookups-title').innerText()).resolves.toBe('Who looked it up');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await lookAt(page, 'learner-space-credential-en');
    await page.click('nav.learner-nav a[href^="/me/data"]');
    await expect(page.locator('h1').innerText()).resolves.toBe('My data');
    await lookAt(page, 'learner-space-data-en');
  });

  it('when the pages run under their CSP, then the stylesheet and the copy script load, the link is copied, and nothing is refused', async () => {
    const { page, refused } = await open({ locale: 'fr-FR', phone: true, underCsp: true });
    await signIn(page);
    await page.click(`a[href^="/me/credentials/${issued[1]!.id}"]`);
    await page.waitForLoadState();
    // The stylesheet applies (a div is a block unless mobicred.css says otherwise).
    expect(await page.locator('.copy-field').evaluate((field) => getComputedStyle(field).display)).toBe('flex');
    await page.click('button[data-copy="verification-link"]');
    await page.locator('button[data-copy="verification-link"]', { hasText: 'Copié' }).waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(`${service.baseUrl}/credentials/${issued[1]!.id}`);
    await page.click('form[action*="/wallet"] button[type=submit]');
    await page.locator('#wallet-offer img.qr').waitFor();
    await page.click('nav.learner-nav a[href^="/me/data"]');
    await page.waitForLoadState();
    expect(refused).toEqual([]);
  });
});
