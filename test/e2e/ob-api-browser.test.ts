import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { HAS_CHROMIUM, accessibilityViolations, launchChromium, recordCspViolations, screenshotPath } from '../support/browser.js';
import { BACKENDS } from '../support/backends.js';
import { mailSettled, startTestService, type TestService } from '../support/service.js';
import { adminApi, SCHOOL } from '../support/api.js';
import { startMailbox, type Mailbox } from '../support/mailbox.js';
import { linksMailedTo } from '../support/learner.js';
import { authorizationRequest, OB_SCOPE, registerPlatform, startPlatform, type Platform } from '../support/ob-platform.js';
import { verifyDataIntegrity } from '../support/verifier.js';
import { loadJsonSchemas } from '../../src/json-schemas.js';

const LEARNER = 'ines.garcia@example.org';

/**
 * A CV platform written with openid-client fetches a learner's badges through the Open Badges 3.0 API: it
 * discovers and registers, sends the learner's browser (Chromium) to the authorization endpoint; the learner
 * signs in to their space with the link mailed to them, reads the consent page and approves; the platform
 * exchanges the code and pages through the credentials, verifying each with the reference libraries.
 */
describe.runIf(HAS_CHROMIUM)('the Open Badges 3.0 API with a learner in Chromium', () => {
  let server: Server;
  let base: string;
  let service: TestService;
  let mailbox: Mailbox;
  let platform: Platform;
  let browser: Browser;
  const issued: string[] = [];

  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    mailbox = await startMailbox();
    service = await startTestService(BACKENDS.find((backend) => backend.name === 'pglite')!, { publicBaseUrl: base, smtp: { url: mailbox.url, from: 'mobicred <badges@mobicred.test>' } });
    server.on('request', service.app);
    platform = await startPlatform('CV Express');
    const admin = adminApi(service);
    // Two schools, two proof formats: one credential as JSON-LD with its proof (and a VC-JWT), one as a VC-JWT only.
    for (const [slug, name, proofFormats] of [['lp-jean-moulin', 'Lycée professionnel Jean Moulin', ['ldp_vc', 'jwt_vc_json']], ['cfa-btp-lyon', 'CFA du BTP de Lyon', ['jwt_vc_json']]] as const) {
      const issuer = await admin.createIssuer({ ...SCHOOL, slug, name });
      const achievement = await admin.createAchievement(issuer.id);
      issued.push((await admin.post('/v1/credentials', { achievementId: achievement.id, recipient: { email: LEARNER }, proofFormats })).body.id);
    }
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
    server?.closeAllConnections();
    await new Promise((closed) => server?.close(closed));
    await service?.close();
    await mailbox?.close();
  });

  it('when a learner on a phone signs in by the mailed link and approves in French, then the platform pages through both schools’ credentials and each verifies', async () => {
    const { config } = await registerPlatform(base, platform, { scopes: [OB_SCOPE.read, OB_SCOPE.profile] });
    const authorization = await authorizationRequest(config, platform, [OB_SCOPE.read, OB_SCOPE.profile]);

    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const page = await context.newPage();
    const refused = recordCspViolations(page);
    await page.goto(authorization.url.href);
    // Not signed in: the learner space's sign-in, leading back to the consent page.
    expect(new URL(page.url()).pathname).toBe('/me/sign-in');
    await page.fill('#email', LEARNER);
    await page.click('form.learner-form button[type=submit]');
    await page.waitForLoadState();
    await mailSettled(); // the link is mailed after the page answers
    const [link] = linksMailedTo(mailbox, LEARNER, base);
    await page.goto(link!);
    await page.click('main form button[type=submit]');
    await page.waitForURL(/\/ims\/ob\/v3p0\/interaction\//);

    await expect(page.locator('h1').innerText()).resolves.toBe('CV Express demande l’accès à vos badges');
    await expect(page.locator('main').innerText()).resolves.toContain('voir vos badges');
    await expect(page.locator('main').innerText()).resolves.toContain(LEARNER);
    await expect(page.locator('main a[href="' + platform.origin + '/"]').count()).resolves.toBe(1);
    // The platform's logo is shown, from the platform (the page's CSP allows that origin for images only).
    await expect(page.locator('img.platform-logo').evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).resolves.toBe(64);
    await page.screenshot({ path: screenshotPath('ob-api-consent'), fullPage: true });
    const axeContext = await browser.newContext({ locale: 'fr-FR', bypassCSP: true, viewport: { width: 390, height: 844 }, isMobile: true });
    await axeContext.addCookies(await context.cookies());
    const axePage = await axeContext.newPage();
    await axePage.goto(page.url());
    await expect(accessibilityViolations(axePage)).resolves.toEqual([]);
    await axeContext.close();

    await page.click('button[value=approve]');
    await page.waitForURL((url) => url.href.startsWith(platform.redirectUri));
    await expect(page.locator('h1').innerText()).resolves.toBe('Back on CV Express');
    expect(refused).toEqual([]);
    await context.close();

    const tokens = await authorization.finish(platform.callbacks.at(-1)!);
    const schemas = loadJsonSchemas();
    const credentials: Record<string, any>[] = [];
    const jwts: string[] = [];
    let next: string | undefined = `${base}/ims/ob/v3p0/credentials?limit=1`;
    while (next) {
      const response: Response = await fetch(next, { headers: { Authorization: `Bearer ${tokens.access_token}` } });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-total-count')).toBe('2');
      const body = await response.json();
      expect(schemas.errorsOf('urn:mobicred:schema:ob-get-credentials-response', body)).toEqual([]);
      credentials.push(...body.credential);
      jwts.push(...body.compactJwsStrings);
      next = /<([^>]+)>; rel="next"/.exec(response.headers.get('link')!)?.[1];
    }
    expect([credentials.length, jwts.length]).toEqual([1, 1]);
    const didDocument = (await request(service.app).get('/issuers/lp-jean-moulin/did.json')).body;
    expect((await verifyDataIntegrity(service.app, credentials[0]!, didDocument)).verified).toBe(true);
    const { payload } = await jwtVerify(jwts[0]!, createRemoteJWKSet(new URL(`${base}/issuers/cfa-btp-lyon/jwks.json`)));
    expect([credentials[0]!.id, payload.id].sort()).toEqual(issued.map((id) => `${base}/credentials/${id}`).sort());
  });

  it('when a signed-in learner reads the request in English on a computer and refuses, then the platform gets access_denied', async () => {
    const { config } = await registerPlatform(base, platform, { scopes: [OB_SCOPE.read, OB_SCOPE.upsert], name: 'Career Folio' });
    const authorization = await authorizationRequest(config, platform, [OB_SCOPE.read, OB_SCOPE.upsert]);
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/me/sign-in`);
    await page.fill('#email', LEARNER);
    await page.click('form.learner-form button[type=submit]');
    await page.waitForLoadState();
    await mailSettled();
    await page.goto(linksMailedTo(mailbox, LEARNER, base).at(-1)!);
    await page.click('main form button[type=submit]');
    await page.waitForLoadState();
    await page.goto(authorization.url.href);
    await page.waitForURL(/\/ims\/ob\/v3p0\/interaction\//);
    await expect(page.locator('h1').innerText()).resolves.toBe('Career Folio asks to access your badges');
    await expect(page.locator('main li').allInnerTexts()).resolves.toEqual(expect.arrayContaining([expect.stringContaining('see your badges'), expect.stringContaining('add badges to your space')]));
    await page.click('button[value=refuse]');
    await page.waitForURL((url) => url.href.startsWith(platform.redirectUri));
    expect(new URL(page.url()).searchParams.get('error')).toBe('access_denied');
    await context.close();
  });
});
