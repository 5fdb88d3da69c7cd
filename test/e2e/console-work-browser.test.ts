import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { HAS_CHROMIUM, launchChromium, recordCspViolations, lookAt, screenshotPath } from '../support/browser.js';
import { BACKENDS } from '../support/backends.js';
import { adminApi, assessment, placement } from '../support/api.js';
import { createStaffAccount, signInInBrowser, startListeningService, type StaffAccount } from '../support/console.js';
import { cohortTemplate } from '../../src/batches/cohort-file.js';
import { MENTOR_GRID } from '../support/mentor.js';

/**
 * A school admin works through a stay in Chromium, by keyboard where a person would: record it (a refused
 * form first), assess it, preview and issue its credentials, revoke one. Every page is checked by axe-core
 * (WCAG 2.1 AA) and photographed; the stay and assessment forms at a phone's width.
 */
describe.runIf(HAS_CHROMIUM)('the console work pages in Chromium', () => {
  let service: Awaited<ReturnType<typeof startListeningService>>;
  let browser: Browser;
  let admin: StaffAccount;
  let reader: StaffAccount;
  let schoolA: string;

  /** The page as it is: no WCAG violation, photographed. */
  async function signedIn(account: StaffAccount, viewport: { width: number; height: number }, options: { bypassCSP: boolean } = { bypassCSP: true }): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: 'en-GB', viewport, ...options });
    const page = await context.newPage();
    await signInInBrowser(page, service.baseUrl, account);
    return { context, page };
  }

  beforeAll(async () => {
    // PostgreSQL when it answers (faster to start beside other suites), else PGlite.
    service = await startListeningService(BACKENDS.at(-1)!, { batchWorker: true });
    const api = adminApi(service);
    schoolA = (await api.createIssuer({ slug: 'lp-jean-moulin', name: 'Lycée professionnel Jean Moulin' })).id;
    const academy = await api.post('/v1/academies', { name: 'Académie de Lyon — DAREIC' });
    await request(service.app).put(`/v1/issuers/${schoolA}/academy`).set('Authorization', `Bearer ${service.adminKey}`).send({ academyId: academy.body.id });
    admin = await createStaffAccount(service.ctx.db, { name: 'Claire Dubois', roles: [{ role: 'school-admin', issuerId: schoolA }] });
    reader = await createStaffAccount(service.ctx.db, { name: 'Marc Lefèvre', roles: [{ role: 'academy-reader', academyId: academy.body.id }] });
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });

  it('when a school admin records a stay, assesses it, previews, issues and revokes, then each page is accessible and says what happened', async () => {
    const { context, page } = await signedIn(admin, { width: 390, height: 844 });
    await page.goto(`${service.baseUrl}/console?lang=en`);
    await page.getByRole('link', { name: 'Record a stay' }).first().click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Record a stay');

    // A first try without the email address nor the host's name, and with the dates backwards: the summary
    // names every problem at once, in the form's order, each linking to its field; what was typed is kept.
    await page.selectOption('#f-participant-kind', 'learner');
    await page.fill('#f-participant-name', 'Léa Martin');
    await page.fill('#f-participant-class', '1re Bac pro Cuisine B');
    await page.fill('#f-participant-qualification-title', 'Bac pro Cuisine');
    await page.selectOption('#f-participant-qualification-diploma', 'bac-pro');
    await page.fill('#f-participant-qualification-eqfLevel', '4');
    await page.selectOption('#f-type', 'work-placement');
    await page.selectOption('#f-programme', 'erasmus-plus-ka1');
    await page.fill('#f-startDate', '2026-05-04');
    await page.fill('#f-endDate', '2026-04-29');
    await page.selectOption('#f-hostOrganisation-countryCode', 'ES');
    await page.fill('#f-hostOrganisation-city', 'Valencia');
    await page.fill('#f-hostOrganisation-mentor-name', 'Carmen Ruiz');
    await page.fill('#f-hostOrganisation-mentor-role', 'Jefa de cocina');
    await page.fill('#f-hostOrganisation-mentor-email', 'carmen@albufera.example.es');
    await page.fill('#f-workingLanguages', 'es');
    await page.fill('#f-plannedLearningOutcomes', 'Prepare regional dishes in a professional kitchen\nWork in a team in a foreign kitchen');
    await page.getByRole('button', { name: 'Record the stay' }).click();
    await page.waitForLoadState();
    await expect(page.locator('.error-summary a').allTextContents()).resolves.toEqual([
      'Participant’s email address: is required',
      'Last day: The stay cannot end before it starts.',
      'Host organisation’s name: is required',
    ]);
    await expect(page.locator('#f-hostOrganisation-legalName-error').textContent()).resolves.toBe('is required');
    await expect(page.locator('label[for=f-hostOrganisation-legalName]').textContent()).resolves.toBe('Host organisation’s name (required)');
    await expect(page.inputValue('#f-participant-name')).resolves.toBe('Léa Martin');
    await expect(page.inputValue('#f-plannedLearningOutcomes')).resolves.toBe('Prepare regional dishes in a professional kitchen\nWork in a team in a foreign kitchen');
    await lookAt(page, 'console-stay-form-error-phone');
    // The summary's links take the keyboard to each field.
    await page.locator('.error-summary a').first().focus();
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('f-participant-email');
    await page.keyboard.type('lea.martin@example.org');
    await page.locator('.error-summary a').nth(1).focus();
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('f-endDate');
    await page.fill('#f-endDate', '2026-05-29');
    await page.fill('#f-hostOrganisation-legalName', 'Restaurante La Albufera S.L.');
    await page.getByRole('button', { name: 'Record the stay' }).click();
    await page.waitForLoadState();
    await expect(page.locator('h1').textContent()).resolves.toBe('Stay of Léa Martin');
    await expect(page.locator('.notice').textContent()).resolves.toBe('Saved.');
    await lookAt(page, 'console-stay-phone');

    await page.getByRole('link', { name: 'Fill in the assessment' }).click();
    await page.selectOption('#f-skills-job-related', 'proficient');
    await page.selectOption('#f-skills-intercultural', 'advanced');
    await page.check('#f-outcomesAchieved-0');
    await page.check('#f-outcomesAchieved-1');
    await page.fill('#f-language-code', 'es');
    await page.selectOption('#f-language-before', 'A2');
    await page.selectOption('#f-language-reached', 'B1');
    await page.fill('#f-ufm-part1', '6,5');
    await page.fill('#f-ufm-part2', '9');
    await page.selectOption('#f-ufm-competences-C1', 'acquired');
    await page.selectOption('#f-ufm-specialtyExamsPassed', 'yes');
    await page.fill('#f-mentorComment', 'Léa a été autonome et appréciée de toute l’équipe.');
    await lookAt(page, 'console-assessment-phone');
    await page.getByRole('button', { name: 'Save the assessment' }).click();
    await expect(page.locator('.tag').first().textContent()).resolves.toBe('Assessed');

    await page.setViewportSize({ width: 1100, height: 900 });
    await page.getByRole('link', { name: 'Preview and issue the credentials' }).click();
    await page.waitForLoadState();
    // In the console's language first; the school may sign in the other.
    await expect(page.locator('.preview h3').allTextContents()).resolves.toEqual(['Skills gained during a stay abroad', 'Foreign language skills: Spanish', 'Optional mobility unit (UFM)']);
    await page.selectOption('#preview-language', 'fr');
    await page.getByRole('button', { name: 'Show in this language' }).click();
    await expect(page.locator('.preview h3').first().textContent()).resolves.toBe('Compétences acquises lors d’une mobilité à l’étranger');
    await page.selectOption('#preview-language', 'en');
    await page.getByRole('button', { name: 'Show in this language' }).click();
    await lookAt(page, 'console-preview');
    await page.getByRole('button', { name: 'Issue the credentials' }).click();
    await expect(page.locator('.notice').textContent()).resolves.toBe('3 credentials issued.');

    await page.getByRole('link', { name: 'Skills gained during a stay abroad' }).click();
    await expect(page.locator('#verification-link').inputValue()).resolves.toMatch(/\/credentials\/[0-9a-f-]{36}$/);
    await lookAt(page, 'console-credential');
    await page.getByRole('link', { name: 'Revoke' }).click();
    await lookAt(page, 'console-revoke-confirm');
    // Without its reason, the form says the reason is required, as every required field says it.
    await page.getByRole('button', { name: 'Yes, revoke it' }).click();
    await page.waitForLoadState();
    await expect(page.locator('.error-summary a').allTextContents()).resolves.toEqual(['Reason (kept in the audit log): is required']);
    await expect(page.locator('#f-reason-error').textContent()).resolves.toBe('is required');
    await page.fill('#f-reason', 'Issued in error: the placement was cut short');
    await page.fill('#f-publicReason', 'Issued in error');
    await page.getByRole('button', { name: 'Yes, revoke it' }).click();
    await expect(page.locator('.notice').textContent()).resolves.toBe('The credential is revoked.');
    const url = await page.locator('#verification-link').inputValue();
    const employer = await context.newPage();
    await employer.goto(url);
    await expect(employer.locator('#verdict-title').textContent()).resolves.toBe('Revoked');
    await context.close();
  }, 180_000);

  it('when a mentor’s link is made without email, then the school copies it on a phone, finds the answer from the home page, accepts it, and the preview names what the assessment still lacks', async () => {
    const record = placement(schoolA);
    const stayId = (await adminApi(service).post('/v1/mobilities', { ...record, participant: { ...record.participant, name: 'Noah Petit', email: 'noah.petit@example.org' } })).body.id as string;
    const { context, page } = await signedIn(admin, { width: 390, height: 844 });
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const section = page.locator('section[aria-labelledby=mentor]');
    await page.goto(`${service.baseUrl}/console/stays/${stayId}?lang=fr`);
    // No SMTP on this service: the section says so before anything is sent, and offers no email box.
    await expect(section.textContent()).resolves.toContain('Ce service ne peut pas envoyer de courriel (aucun serveur SMTP configuré)');
    await expect(section.locator('input[name=sendEmail]').count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Envoyer le lien au tuteur' }).click();
    await page.waitForLoadState();
    await expect(section.locator('.notice').textContent()).resolves.toContain('aucun courriel n’a été envoyé : transmettez-le vous-même au tuteur');
    const url = await page.inputValue('#mentor-link');
    expect(url).toMatch(/\/assess\/[A-Za-z0-9_-]+$/);
    // The link stays within the phone's width, and its button copies it.
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
    await expect(page.locator('#mentor-link').evaluate((input) => input.getBoundingClientRect().right)).resolves.toBeLessThanOrEqual(390);
    await section.screenshot({ path: screenshotPath('console-mentor-link-without-email-section-phone-fr') });
    await page.getByRole('button', { name: 'Copier le lien' }).click();
    await page.locator('button[data-copy=mentor-link]', { hasText: 'Copié' }).waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(url);
    await lookAt(page, 'console-mentor-link-without-email-phone-fr');

    // The mentor answers: the home page's to-do list leads to the answer, in the stay's mentor section.
    await request(service.app).post(new URL(url).pathname).type('form').send({ ...MENTOR_GRID, step: 'submit' }).expect(201);
    await page.goto(`${service.baseUrl}/console?lang=fr`);
    await expect(page.locator('.next-steps').textContent()).resolves.toContain('Réponse du tuteur à relire. Relire la réponse du tuteur et l’accepter.');
    await lookAt(page, 'console-home-answer-to-review-phone-fr');
    await page.getByRole('link', { name: 'La réponse du tuteur pour Noah Petit' }).click();
    await page.waitForLoadState();
    expect(new URL(page.url()).hash).toBe('#mentor');
    await expect(page.locator('h1 + p .tag').textContent()).resolves.toBe('Réponse du tuteur à relire');
    await expect(section.locator('.tag').textContent()).resolves.toBe('Répondu : à examiner');

    // Returned with a question: the page says nothing was emailed, the same link is there to pass on.
    await page.getByLabel('Votre question').fill('Pouvez-vous confirmer la note de C3 ?');
    await page.getByRole('button', { name: 'Renvoyer avec une question' }).click();
    await page.waitForLoadState();
    await expect(section.locator('.notice').textContent()).resolves.toContain('mais aucun courriel n’a été envoyé : prévenez vous-même le tuteur');
    await expect(page.inputValue('#mentor-link')).resolves.toBe(url);
    await request(service.app).post(new URL(url).pathname).type('form').send({ ...MENTOR_GRID, step: 'submit' }).expect(201);
    await page.goto(`${service.baseUrl}/console/stays/${stayId}?lang=fr`);
    await page.getByRole('button', { name: 'Accepter la réponse' }).click();
    await page.waitForLoadState();
    await expect(page.locator('h1 + p .tag').textContent()).resolves.toBe('Évaluée');

    // The mentor gave UFM part 1 only: the preview says what is missing, each item a link to its input.
    await page.getByRole('link', { name: 'Prévisualiser et délivrer les attestations' }).click();
    await page.waitForLoadState();
    await expect(page.locator('#gaps').textContent()).resolves.toBe('L’évaluation n’est pas complète');
    await expect(page.locator('.gaps li').allTextContents()).resolves.toEqual([
      'Partie 2, en France (sur 12) : la note n’est pas encore saisie',
      'Épreuves de spécialité réussies : pas encore indiqué (oui ou non)',
    ]);
    await expect(page.locator('.preview h2').allTextContents()).resolves.toEqual([
      'Badge de compétences — À délivrer une fois l’évaluation complète',
      'Badge de langue — À délivrer une fois l’évaluation complète',
    ]);
    await expect(page.getByRole('button', { name: 'Délivrer les attestations' }).count()).resolves.toBe(0);
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
    await lookAt(page, 'console-preview-incomplete-phone-fr');
    await page.locator('.gaps').screenshot({ path: screenshotPath('console-preview-incomplete-gaps-phone-fr') });
    await page.getByRole('link', { name: /Partie 2, en France/ }).click();
    await page.waitForLoadState();
    expect(new URL(page.url()).hash).toBe('#f-ufm-part2');
    await page.fill('#f-ufm-part2', '9');
    await page.selectOption('#f-ufm-specialtyExamsPassed', 'yes');
    await page.getByRole('button', { name: 'Enregistrer l’évaluation' }).click();
    await page.waitForLoadState();
    await page.getByRole('link', { name: 'Prévisualiser et délivrer les attestations' }).click();
    await page.waitForLoadState();
    await expect(page.locator('#gaps').count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Délivrer les attestations' }).click();
    await expect(page.locator('.notice').textContent()).resolves.toBe('3 attestations délivrées.');
    await context.close();
  }, 180_000);

  it('when the other work pages are opened, then each is accessible (lists, import and its progress, badges, the school, the UFM scheme, the figures)', async () => {
    const api = adminApi(service);
    for (let index = 0; index < 3; index++) {
      const stay = await api.post('/v1/mobilities', { ...placement(schoolA), participant: { ...placement(schoolA).participant, class: '1re Bac pro Cuisine B' } });
      if (index < 2) await request(service.app).put(`/v1/mobilities/${stay.body.id}/assessment`).set('Authorization', `Bearer ${service.adminKey}`).send(assessment({ part1: 6, part2: 9, specialtyExamsPassed: true }));
    }
    const { context, page } = await signedIn(admin, { width: 1100, height: 900 });
    await page.goto(`${service.baseUrl}/console?lang=en`);
    await lookAt(page, 'console-home');
    await page.getByRole('link', { name: 'Stays', exact: true }).click();
    await page.fill('#fclass', '1re bac pro cuisine b');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForLoadState();
    await expect(page.locator('tbody tr').count()).resolves.toBe(4);
    await lookAt(page, 'console-stays');
    await page.getByRole('link', { name: 'Credentials', exact: true }).click();
    await lookAt(page, 'console-credentials');
    await page.goto(`${service.baseUrl}/console/stays/import?lang=en`);
    await lookAt(page, 'console-import');
    const [header, example] = cohortTemplate().trim().split('\n');
    await page.setInputFiles('#ffile', { name: 'cohort.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\n${example!.replace('lea.martin@', 'tom.durand@')}\n${example!.replace(',ES,Valencia,', ',XX,Valencia,').replace('lea.martin@', 'x@')}\n`) });
    await page.getByRole('button', { name: 'Import and issue' }).click();
    await page.waitForSelector('[data-batch-state="done"]', { timeout: 60_000 });
    await expect(page.locator('#rejected + ul').textContent()).resolves.toContain('host_country');
    await lookAt(page, 'console-batch');
    await page.goto(`${service.baseUrl}/console/badges?lang=en`);
    await lookAt(page, 'console-badges');
    await page.selectOption('#ftemplate', 'quality-visit');
    await page.getByRole('button', { name: 'Start from this template' }).click();
    await lookAt(page, 'console-badge-form');
    await page.goto(`${service.baseUrl}/console/school?lang=en`);
    await lookAt(page, 'console-school');
    await page.goto(`${service.baseUrl}/console/school/ufm-scheme?lang=en`);
    await lookAt(page, 'console-ufm-scheme');
    await context.close();

    const academy = await signedIn(reader, { width: 1100, height: 900 });
    await academy.page.goto(`${service.baseUrl}/console/figures?lang=fr`);
    await expect(academy.page.locator('tbody th').first().textContent()).resolves.toBe('Lycée professionnel Jean Moulin');
    await lookAt(academy.page, 'console-figures');
    await academy.context.close();
  }, 180_000);

  it('when a platform admin creates a school, then the form (refused once, every fault named, nothing typed lost) is accessible on a phone and leads to the new school', async () => {
    const platformAdmin = await createStaffAccount(service.ctx.db, { name: 'Nadia Haddad', roles: [{ role: 'platform-admin' }] });
    const { context, page } = await signedIn(platformAdmin, { width: 390, height: 844 });
    await page.goto(`${service.baseUrl}/console?lang=en`);
    await page.getByRole('link', { name: 'Create a school' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Create a school');
    await lookAt(page, 'console-new-school-phone');

    await page.fill('#f-slug', 'Lycée Jean Jaurès');
    await page.fill('#f-address-addressLocality', 'Villeurbanne');
    await page.fill('#f-address-addressCountryCode', 'France');
    await page.fill('#f-otherIdentifier-0-identifier', '0690002B');
    await page.getByRole('button', { name: 'Create the school' }).click();
    await page.waitForLoadState();
    await expect(page.locator('.error-summary a').allTextContents()).resolves.toEqual([
      // What the field takes, from its hint.
      'Short name in web addresses: is not valid. Lower-case letters, digits and hyphens, e.g. lp-jean-moulin. It cannot be changed later.',
      'School name: is required',
      'Country code: is not valid. Two letters, e.g. FR.',
    ]);
    await expect(page.locator('label[for=f-name]').textContent()).resolves.toBe('School name (required)');
    await expect(page.inputValue('#f-slug')).resolves.toBe('Lycée Jean Jaurès');
    await expect(page.inputValue('#f-otherIdentifier-0-identifier')).resolves.toBe('0690002B');
    await lookAt(page, 'console-new-school-refused-phone');
    // The summary's link takes the keyboard to the field at fault.
    await page.locator('.error-summary a').first().focus();
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('f-slug');

    await page.fill('#f-slug', 'lp-jean-jaures');
    await page.fill('#f-name', 'Lycée professionnel Jean Jaurès');
    await page.fill('#f-address-addressCountryCode', 'FR');
    await page.getByRole('button', { name: 'Create the school' }).click();
    await page.waitForLoadState();
    await expect(page.locator('.notice').first().textContent()).resolves.toBe('Lycée professionnel Jean Jaurès is created; you are now looking at it.');
    await expect(page.locator('main').textContent()).resolves.toContain('did:web:');
    await lookAt(page, 'console-new-school-created-phone');

    // The platform admin says who vouches for it: a new academy, with the school in it.
    await page.fill('#f-name', 'Académie de Lyon — DAREIC');
    await page.getByRole('button', { name: 'Create it and put this school in it' }).click();
    await page.waitForLoadState();
    await expect(page.locator('.notice').first().textContent()).resolves.toContain('The academy is created, with this school in it');
    await expect(page.locator('#f-academyId option:checked').textContent()).resolves.toBe('Académie de Lyon — DAREIC');
    await lookAt(page, 'console-school-academy-phone');
    await context.close();
  }, 180_000);

  it('when the page’s own script runs under the CSP, then a group is issued stay by stay with a progress bar and the link can be copied', async () => {
    const api = adminApi(service);
    const ids: string[] = [];
    for (let index = 0; index < 2; index++) {
      const stay = await api.post('/v1/mobilities', { ...placement(schoolA), participant: { ...placement(schoolA).participant, class: 'CAP Cuisine A' } });
      await request(service.app).put(`/v1/mobilities/${stay.body.id}/assessment`).set('Authorization', `Bearer ${service.adminKey}`).send(assessment({ part1: 6, part2: 9, specialtyExamsPassed: true }));
      ids.push(stay.body.id);
    }
    const { context, page } = await signedIn(admin, { width: 1100, height: 900 }, { bypassCSP: false });
    const refused = recordCspViolations(page);
    await page.goto(`${service.baseUrl}/console/stays?lang=en&class=CAP+Cuisine+A`);
    for (const id of ids) await page.check(`#select-${id}`);
    await page.getByRole('button', { name: 'Issue the credentials of the selected stays' }).click();
    // The bar moves as each stay is answered; the last one brings it to 2 / 2.
    await page.locator('.group-progress p', { hasText: '2 / 2' }).waitFor({ timeout: 60_000 });
    await expect(page.locator('.group-progress progress').evaluate((bar: HTMLProgressElement) => [bar.value, bar.max])).resolves.toEqual([2, 2]);
    await expect(page.locator('.group-progress li').allTextContents()).resolves.toEqual([expect.stringContaining('credentials issued: 3'), expect.stringContaining('credentials issued: 3')]);
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(`${service.baseUrl}/console/credentials?lang=en`);
    await page.locator('tbody a').first().click();
    await page.getByRole('button', { name: 'Copy the link' }).click();
    // The label changes once the clipboard holds the link (writing to it is asynchronous).
    await page.locator('button[data-copy]', { hasText: 'Copied' }).waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(await page.locator('#verification-link').inputValue());
    expect(refused).toEqual([]);
    await context.close();
  }, 180_000);
});
