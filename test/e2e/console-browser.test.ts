import { DEFAULT_EXPIRED_RETENTION_DAYS, DEFAULT_PURGE_INTERVAL_MINUTES } from '../../src/config.js';
import { LEARNER_SESSION_IDLE_MS } from '../../src/storage/learners-repository.js';
import { SIGN_IN_WINDOW_MS } from '../../src/storage/staff-repository.js';
import { LEARNER_MESSAGES } from '../../src/http/learner/messages.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { BACKENDS } from '../support/backends.js';
import { adminApi } from '../support/api.js';
import { HAS_CHROMIUM, launchChromium, lookAt } from '../support/browser.js';
import { createStaffAccount, signInInBrowser, startListeningService, STAFF_PASSWORD } from '../support/console.js';
import { bodyText, startMailbox, type Mailbox } from '../support/mailbox.js';
import { startOpenIdProvider } from '../support/openid-provider.js';
import type { TestService } from '../support/service.js';
import { createSsoProvider } from '../../src/services/sso.js';
import { totp } from '../../src/domain/totp.js';

/** Base32 (RFC 4648) back to bytes: the key a person types into an authenticator app from the page. */
function fromBase32(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const character of text.replace(/\s/g, '')) bits += alphabet.indexOf(character).toString(2).padStart(5, '0');
  return Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)));
}

/** The browser tests use the PostgreSQL server when there is one (lighter than another PGlite beside them). */
const backend = BACKENDS[BACKENDS.length - 1]!;

describe.runIf(HAS_CHROMIUM)('the school console in Chromium: who signs in, and how', () => {
  let service: TestService & { baseUrl: string };
  let mailbox: Mailbox;
  let browser: Browser;
  let schoolA: string;
  let provider: Awaited<ReturnType<typeof startOpenIdProvider>>;
  const contexts: BrowserContext[] = [];

  const newPage = async (locale = 'fr-FR'): Promise<Page> => {
    const context = await browser.newContext({ locale, bypassCSP: true, viewport: { width: 1000, height: 900 } });
    contexts.push(context);
    return context.newPage();
  };
  const lastMailTo = (address: string) => bodyText([...mailbox.received].reverse().find((mail) => mail.to.includes(address))?.raw ?? '');

  beforeAll(async () => {
    mailbox = await startMailbox();
    service = await startListeningService(backend, { smtp: { url: mailbox.url, from: 'mobicred <console@mobicred.test>' }, operator: { name: 'Région académique Auvergne-Rhône-Alpes', email: 'dpo@region-academique.example.fr' } });
    schoolA = (await adminApi(service).createIssuer()).id;
    provider = await startOpenIdProvider({ clientId: 'mobicred-console', clientSecret: 'a client secret of the school', redirectUri: `${service.baseUrl}/console/sso/callback` });
    const platform = { apiKeyId: (await service.ctx.db.selectFrom('api_keys').select('id').executeTakeFirstOrThrow()).id, role: 'platform-admin' as const, tenancy: { kind: 'every-school' as const } };
    await createSsoProvider(service.ctx, { name: 'ENT Lyon', issuerId: schoolA, issuerUrl: provider.issuer, clientId: 'mobicred-console', clientSecret: 'a client secret of the school' }, platform);
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await provider?.close();
    await service?.close();
    await mailbox?.close();
  });

  it('when a visitor opens /, then it says what mobicred is and leads to the console, to verification and to the learner space (no dead link)', async () => {
    const page = await newPage();
    await page.goto(`${service.baseUrl}/`);
    await expect(page.locator('h1').textContent()).resolves.toContain('titres signés et vérifiables');
    await lookAt(page, 'landing-fr');
    const links = await page.locator('main a').evaluateAll((anchors) => anchors.map((anchor) => (anchor as HTMLAnchorElement).href));
    expect(links.some((href) => href.includes('/console/sign-in'))).toBe(true);
    expect(links.some((href) => href.includes('/verify'))).toBe(true);
    for (const href of links) expect((await fetch(href)).status, href).toBe(200);
    // Learners are led to their space's sign-in, in the page's language.
    await page.getByRole('link', { name: 'Ouvrir mon espace' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe(LEARNER_MESSAGES.fr.signIn.title);
  });

  it('when a visitor follows the footer’s privacy link, then one page says who is responsible, what is kept and for how long, their rights and the terms, in French on a phone and in English', async () => {
    const page = await newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${service.baseUrl}/`);
    await page.getByRole('link', { name: 'Données personnelles' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Données personnelles et conditions d’utilisation');
    const main = await page.locator('main').innerText();
    // The operator as configured, with the address to reach them; the lifetimes as the code applies them.
    expect(main).toContain('Ce service est exploité par Région académique Auvergne-Rhône-Alpes');
    await expect(page.locator('main a[href="mailto:dpo@region-academique.example.fr"]').count()).resolves.toBe(1);
    expect(main).toContain(`effacés ${DEFAULT_EXPIRED_RETENTION_DAYS} jours plus tard`);
    expect(main).toContain(`après ${LEARNER_SESSION_IDLE_MS / 60_000} minutes sans activité`);
    expect(main).toContain(`gardée avec l’adresse électronique saisie, ${SIGN_IN_WINDOW_MS / 60_000 + DEFAULT_PURGE_INTERVAL_MINUTES} minutes au plus`);
    await lookAt(page, 'privacy-fr-phone');

    await page.setViewportSize({ width: 1000, height: 900 });
    await page.getByRole('link', { name: 'English' }).click();
    await expect(page.locator('h2').allTextContents()).resolves.toEqual(['Who is responsible', 'What is recorded, and why', 'For how long', 'Cookies', 'Your rights', 'Terms of use']);
    await page.getByRole('link', { name: 'Open my space' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe(LEARNER_MESSAGES.en.signIn.title);
    // Every page's footer leads there, the console's and the learner space's included.
    await expect(page.locator('footer a[href="/privacy?lang=en"]').count()).resolves.toBe(1);
    await page.goto(`${service.baseUrl}/privacy?lang=en`);
    await lookAt(page, 'privacy-en');
  });

  it('when a school admin signs in, then the console shows who they are; the people page lists the school\'s people; sign-out ends the session for good', async () => {
    const admin = await createStaffAccount(service.ctx.db, { name: 'Claire Dubois', email: 'claire.dubois@lp-jean-moulin.example.fr', roles: [{ role: 'school-admin', issuerId: schoolA }] });
    const page = await newPage();
    await page.goto(`${service.baseUrl}/console/sign-in`);
    await lookAt(page, 'console-sign-in-fr');
    // A wrong password first: the error summary, linked to the field.
    await page.fill('#email', admin.email);
    await page.fill('#password', 'pas-le-bon-mot-de-passe');
    await page.click('form.console-form button[type=submit]');
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('ne correspondent à aucun compte');
    await lookAt(page, 'console-sign-in-refused-fr');
    await signInInBrowser(page, service.baseUrl, admin);
    await expect(page.locator('.console-bar').textContent()).resolves.toContain('Claire Dubois');
    await page.click('text=Personnes et rôles');
    await expect(page.locator('h1').textContent()).resolves.toBe('Personnes et rôles — Lycée professionnel Jean Moulin');
    await lookAt(page, 'console-people-fr');
    // A teacher abroad, on a phone.
    await page.setViewportSize({ width: 390, height: 844 });
    await lookAt(page, 'console-people-phone-fr');
    await page.setViewportSize({ width: 1000, height: 900 });

    const stolen = (await page.context().cookies()).find((cookie) => cookie.name === 'mobicred_console')!;
    expect(stolen.httpOnly).toBe(true);
    expect(stolen.sameSite).toBe('Lax');
    await page.click('text=Se déconnecter');
    await expect(page.locator('.notice').textContent()).resolves.toContain('Vous êtes déconnecté·e.');
    // The cookie, replayed in another browser after sign-out, opens nothing.
    const thief = await newPage();
    await thief.context().addCookies([stolen]);
    await thief.goto(`${service.baseUrl}/console/people`);
    expect(new URL(thief.url()).pathname).toBe('/console/sign-in');
  });

  it('when a form is sent without its CSRF token, then it is refused and nothing happens', async () => {
    const admin = await createStaffAccount(service.ctx.db, { roles: [{ role: 'school-admin', issuerId: schoolA }] });
    const page = await newPage('en-GB');
    await signInInBrowser(page, service.baseUrl, admin);
    await page.goto(`${service.baseUrl}/console/people`);
    await page.fill('#name', 'Forged Invitation');
    await page.fill('#email', 'forged@example.org');
    await page.locator('form.console-form input[name=_csrf]').evaluate((input) => input.remove());
    const [response] = await Promise.all([page.waitForResponse((res) => res.request().method() === 'POST'), page.click('form.console-form button[type=submit]')]);
    expect(response.status()).toBe(403);
    await expect(page.locator('main').textContent()).resolves.toContain('The form has expired');
    await lookAt(page, 'console-csrf-refused-en');
    expect(await service.ctx.db.selectFrom('staff_links').select('email').where('email', '=', 'forged@example.org').execute()).toEqual([]);
  });

  it('when an admin invites a teacher, then the teacher accepts by the emailed link, chooses a password and signs in; removed, their session ends', async () => {
    const admin = await createStaffAccount(service.ctx.db, { name: 'Claire Dubois', roles: [{ role: 'school-admin', issuerId: schoolA }] });
    const page = await newPage();
    await signInInBrowser(page, service.baseUrl, admin);
    await page.goto(`${service.baseUrl}/console/people`);
    await page.fill('#name', 'Marc Petit');
    await page.fill('#email', 'marc.petit@lp-jean-moulin.example.fr');
    await page.selectOption('#role', 'school-issuer');
    await page.click('form.console-form button[type=submit]');
    await expect(page.locator('.notice').first().textContent()).resolves.toContain('Invitation créée pour marc.petit@lp-jean-moulin.example.fr');

    const link = /http:\/\/localhost:\d+\/console\/invitations\/[A-Za-z0-9_-]+/.exec(lastMailTo('marc.petit@lp-jean-moulin.example.fr'))![0];
    const teacher = await newPage();
    await teacher.goto(link);
    await lookAt(teacher, 'console-invitation-fr');
    await teacher.fill('#password', 'azertyuiop123');
    await teacher.click('form.console-form button[type=submit]');
    await expect(teacher.locator('#password-error').textContent()).resolves.toContain('plus courants');
    await teacher.fill('#password', STAFF_PASSWORD);
    await teacher.click('form.console-form button[type=submit]');
    await expect(teacher.locator('.notice').textContent()).resolves.toContain('Invitation acceptée');
    await signInInBrowser(teacher, service.baseUrl, { email: 'marc.petit@lp-jean-moulin.example.fr', password: STAFF_PASSWORD });
    await expect(teacher.locator('main').textContent()).resolves.toContain('émetteur des titres');

    await page.goto(`${service.baseUrl}/console/people`);
    await page.click('a:has-text("Retirer Marc Petit")');
    await lookAt(page, 'console-remove-person-fr');
    await page.click('button.danger');
    await expect(page.locator('.notice').textContent()).resolves.toContain('Marc Petit n’a plus accès');
    await teacher.reload();
    expect(new URL(teacher.url()).pathname).toBe('/console/sign-in');
  });

  it('when a person has forgotten their password, then the emailed link lets them choose a new one and sign in with it', async () => {
    const person = await createStaffAccount(service.ctx.db, { email: 'hugo.bernard@lp-jean-moulin.example.fr', roles: [{ role: 'school-issuer', issuerId: schoolA }] });
    const page = await newPage('en-GB');
    await page.goto(`${service.baseUrl}/console/sign-in`);
    await page.click('text=Forgotten your password?');
    await lookAt(page, 'console-reset-request-en');
    await page.fill('#email', person.email);
    await page.click('form.console-form button[type=submit]');
    await expect(page.locator('.notice').textContent()).resolves.toContain('If this address has an account');
    const link = /http:\/\/localhost:\d+\/console\/reset\/[A-Za-z0-9_-]+/.exec(lastMailTo(person.email))![0];
    await page.goto(link);
    await lookAt(page, 'console-reset-password-en');
    await page.fill('#password', 'Lyon-Valencia-2027?');
    await page.click('form.console-form button[type=submit]');
    await expect(page.locator('.notice').textContent()).resolves.toContain('Your password is changed');
    await signInInBrowser(page, service.baseUrl, { email: person.email, password: 'Lyon-Valencia-2027?' });
    expect(new URL(page.url()).pathname).toBe('/console');
  });

  it('when a person turns on two-step verification, then the next sign-in asks for their authenticator\'s code', async () => {
    const person = await createStaffAccount(service.ctx.db, { email: 'ines.moreau@lp-jean-moulin.example.fr', roles: [{ role: 'school-admin', issuerId: schoolA }] });
    const page = await newPage();
    await signInInBrowser(page, service.baseUrl, person);
    await page.click('text=Ma sécurité');
    await page.click('text=Activer la vérification en deux étapes');
    await expect(page.locator('img.qr').evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)).resolves.toBe(true);
    await lookAt(page, 'console-totp-setup-fr');
    const key = fromBase32((await page.locator('code.secret').textContent())!);
    await page.fill('#code', totp({ key, at: new Date() }));
    await page.click('form.console-form button[type=submit]');
    await expect(page.locator('.notice').textContent()).resolves.toContain('La vérification en deux étapes est activée.');
    await page.click('text=Se déconnecter');

    await page.fill('#email', person.email);
    await page.fill('#password', person.password);
    await page.click('form.console-form button[type=submit]');
    expect(new URL(page.url()).pathname).toBe('/console/second-factor');
    await lookAt(page, 'console-second-factor-fr');
    // Not signed in until the code: the console is closed.
    await page.goto(`${service.baseUrl}/console/people`);
    expect(new URL(page.url()).pathname).toBe('/console/second-factor');
    await page.fill('#code', '000000');
    await page.click('form.console-form button[type=submit]');
    await expect(page.locator('#code-error').textContent()).resolves.toContain('Ce code n’est pas valable');
    // The code of the next time step (the one used at set-up cannot be used twice).
    await page.fill('#code', totp({ key, at: new Date(Date.now() + 30_000) }));
    await page.click('form.console-form button[type=submit]');
    expect(new URL(page.url()).pathname).toBe('/console');
  });

  it('when a school admin creates an API key, then its secret is shown once', async () => {
    const admin = await createStaffAccount(service.ctx.db, { roles: [{ role: 'school-admin', issuerId: schoolA }] });
    const page = await newPage('en-GB');
    await signInInBrowser(page, service.baseUrl, admin);
    await page.click('text=API keys');
    await page.fill('#name', 'ENT — Pronote export');
    await page.click('form.console-form button[type=submit]');
    const secret = await page.locator('#new-secret').textContent();
    expect(secret).toMatch(/^mbc_/);
    await lookAt(page, 'console-api-keys-en');
    await page.goto(`${service.baseUrl}/console/api-keys`);
    await expect(page.locator('main').textContent()).resolves.not.toContain(secret!);
  });

  it('when a person signs in with their school\'s OpenID provider, then they are in; an address without a role is refused', async () => {
    await createStaffAccount(service.ctx.db, { name: 'Sophie Laurent', email: 'sophie.laurent@lp-jean-moulin.example.fr', roles: [{ role: 'school-issuer', issuerId: schoolA }] });
    const signInAtProvider = async (page: Page, login: string) => {
      await page.goto(`${service.baseUrl}/console/sign-in`);
      await page.click('text=Se connecter avec ENT Lyon');
      expect(page.url().startsWith(provider.issuer)).toBe(true);
      await page.fill('input[name=login]', login);
      await page.fill('input[name=password]', 'anything');
      await page.click('button[type=submit]');
      await page.waitForURL((url) => url.href.startsWith(service.baseUrl));
    };
    const page = await newPage();
    await signInAtProvider(page, 'sophie.laurent@lp-jean-moulin.example.fr');
    expect(new URL(page.url()).pathname).toBe('/console');
    await expect(page.locator('.console-bar').textContent()).resolves.toContain('Sophie Laurent');

    const stranger = await newPage();
    await signInAtProvider(stranger, 'inconnu@example.org');
    expect(new URL(stranger.url()).pathname).toBe('/console/sign-in');
    await expect(stranger.locator('.notice').textContent()).resolves.toContain('n’a pas accès à la console');
    expect(await service.ctx.db.selectFrom('staff_people').select('id').where('email', '=', 'inconnu@example.org').execute()).toEqual([]);
  });
});
