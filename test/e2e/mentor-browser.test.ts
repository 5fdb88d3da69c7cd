import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { HAS_CHROMIUM, accessibilityViolations, launchChromium, recordCspViolations, screenshotPath } from '../support/browser.js';
import { BACKENDS } from '../support/backends.js';
import { TEST_BASE_URL, startTestService, type TestService } from '../support/service.js';
import { adminApi, placement } from '../support/api.js';

/** Two host mentors, each in their language beside French: a Spanish kitchen, a German one. */
const MENTORS = [
  {
    language: 'es',
    locale: 'es-ES',
    host: { legalName: 'Restaurante La Albufera S.L.', countryCode: 'ES', city: 'Valencia', mentor: { name: 'Carmen Ruiz', role: 'Jefa de cocina', email: 'carmen@albufera.example.es' } },
    words: { title: 'Evaluación de la estancia en el extranjero', fix: 'Hay respuestas que corregir:', markOut: 'nota fuera de la escala (medios puntos)', review: 'Revise su evaluación', thanks: 'Gracias, su evaluación se ha enviado', assessedBy: 'Evaluado por' },
  },
  {
    language: 'de',
    locale: 'de-DE',
    host: { legalName: 'Gasthaus Zum Löwen GmbH', countryCode: 'DE', city: 'München', mentor: { name: 'Jürgen Weiß', role: 'Küchenchef', email: 'juergen@loewen.example.de' } },
    words: { title: 'Beurteilung des Auslandsaufenthalts', fix: 'Einige Angaben sind zu korrigieren:', markOut: 'Note außerhalb der Skala (halbe Punkte)', review: 'Prüfen Sie Ihre Beurteilung', thanks: 'Danke, Ihre Beurteilung wurde gesendet', assessedBy: 'Beurteilt von' },
  },
] as const;

describe.runIf(HAS_CHROMIUM)('the host mentor’s page in Chromium, on a phone', () => {
  let service: TestService;
  let server: Server;
  let base: string;
  let browser: Browser;
  let api: ReturnType<typeof adminApi>;
  let issuerId: string;

  beforeAll(async () => {
    service = await startTestService(BACKENDS.find((backend) => backend.name === 'pglite')!);
    server = service.app.listen(0, '127.0.0.1');
    await new Promise((listening) => server.once('listening', listening));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    api = adminApi(service);
    issuerId = (await api.createIssuer()).id;
    browser = await launchChromium();
    // Set-up records, signs and issues: give it time beside other suites on a loaded machine.
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((closed) => server?.close(closed));
    await service?.close();
  });

  for (const mentor of MENTORS) {
    it(`when a mentor in ${mentor.locale} follows the link, then they fill the grid in ${mentor.language} and French, fix a mistake without retyping, sign once, and the credential carries their signed assessment`, async () => {
      const stay = placement(issuerId);
      const mobility = (await api.post('/v1/mobilities', { ...stay, hostOrganisation: { ...stay.hostOrganisation, ...mentor.host }, workingLanguages: [mentor.language] })).body;
      const link = (await api.post(`/v1/mobilities/${mobility.id}/mentor-assessment`, { expiresInDays: 30 })).body;
      expect(link.language).toBe(mentor.language);

      const context = await browser.newContext({ locale: mentor.locale, bypassCSP: true, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
      const page = await context.newPage();
      const refused = recordCspViolations(page);
      await page.goto(`${base}${link.url.slice(TEST_BASE_URL.length)}`);
      await expect(page.locator('h1').innerText()).resolves.toContain(mentor.words.title);
      await expect(page.locator('h1').innerText()).resolves.toContain('Évaluation de la période à l’étranger');
      await expect(accessibilityViolations(page)).resolves.toEqual([]);
      await page.screenshot({ path: screenshotPath(`mentor-grid-${mentor.language}`), fullPage: true });

      await page.selectOption('#skill-job-related', 'proficient');
      await page.selectOption('#skill-communication', 'developing');
      await page.check('#outcome-0');
      await page.selectOption('#competence-C1', 'acquired');
      await page.selectOption('#competence-C3', 'partially-acquired');
      await page.fill('#part1', '9');
      await page.selectOption('#cefr', 'B1');
      const comment = `${mentor.host.mentor.name}: <b>sehr gut</b> — très bon travail, ¡excelente!`;
      await page.fill('#comment', comment);
      await page.check('#confirm');
      await page.click('button[value=review]');

      // The mark is out of the scheme (8 points): said in the mentor's language, and nothing typed is lost.
      await expect(page.locator('.error-summary').innerText()).resolves.toContain(mentor.words.fix);
      await expect(page.locator('.error-summary').innerText()).resolves.toContain(mentor.words.markOut);
      await expect(page.inputValue('#comment')).resolves.toBe(comment);
      await expect(page.inputValue('#skill-job-related')).resolves.toBe('proficient');
      await expect(page.isChecked('#outcome-0')).resolves.toBe(true);
      await expect(page.locator('#part1').getAttribute('aria-invalid')).resolves.toBe('true');
      await expect(accessibilityViolations(page)).resolves.toEqual([]);
      await page.screenshot({ path: screenshotPath(`mentor-grid-errors-${mentor.language}`), fullPage: true });

      await page.fill('#part1', '6,5');
      await page.click('button[value=review]');
      await expect(page.locator('h1').innerText()).resolves.toContain(mentor.words.review);
      await expect(page.locator('dd.comment').innerText()).resolves.toBe(comment);
      await expect(accessibilityViolations(page)).resolves.toEqual([]);
      await page.click('button[value=submit]');
      await expect(page.locator('h1').innerText()).resolves.toContain(mentor.words.thanks);
      await expect(accessibilityViolations(page)).resolves.toEqual([]);
      expect(refused).toEqual([]);

      // The school accepts, adds part 2, issues: the credential carries the host's signed statement.
      await api.post(`/v1/mobilities/${mobility.id}/mentor-assessment/accept`, {}).expect(200);
      const assessed = (await api.get(`/v1/mobilities/${mobility.id}`)).body.assessment;
      expect(assessed).toMatchObject({ skills: { 'job-related': 'proficient', communication: 'developing' }, outcomesAchieved: [0], ufm: { part1: 6.5, competences: { C1: 'acquired', C3: 'partially-acquired' } }, mentorComment: comment });
      const { default: request } = await import('supertest');
      await request(service.app).put(`/v1/mobilities/${mobility.id}/assessment`).set({ Authorization: `Bearer ${service.adminKey}` }).send({ ...assessed, ufm: { ...assessed.ufm, part2: 8, specialtyExamsPassed: true } }).expect(200);
      const issued = (await api.post(`/v1/mobilities/${mobility.id}/credentials`, { language: 'fr' })).body.credentials;
      const statement = (await api.get(`/v1/mobilities/${mobility.id}/mentor-assessment`)).body.statement;
      const ufm = issued.find((entry: any) => entry.kind === 'ufm').credential;
      expect(ufm.credential.endorsement).toEqual([statement]);
      expect(ufm.credential.evidence).toContainEqual(expect.objectContaining({ id: statement.id, genre: 'HostMentorAssessment', name: `${mentor.host.mentor.name} (${mentor.host.mentor.role})` }));

      await page.goto(`${base}/credentials/${ufm.id}`);
      await expect(page.locator('[data-assessed-by]').innerText()).resolves.toBe(`${mentor.host.mentor.name} (${mentor.host.mentor.role}), ${mentor.host.legalName}`);
      await expect(page.locator('dt', { hasText: mentor.words.assessedBy }).count()).resolves.toBe(1);
      await context.close();
    });
  }
});
