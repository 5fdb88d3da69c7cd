import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { BACKENDS } from '../support/backends.js';
import { adminApi, placement } from '../support/api.js';
import { HAS_CHROMIUM, launchChromium, screenshotPath, lookAt } from '../support/browser.js';
import { createStaffAccount, signInInBrowser, startListeningService, type StaffAccount } from '../support/console.js';
import { bodyText, startMailbox, type Mailbox } from '../support/mailbox.js';
import { MENTOR_GRID } from '../support/mentor.js';
import { shippedGridTexts } from '../../src/services/mentor-grid-texts.js';

/**
 * The school's side of the host mentor's link, on the console's stay page in Chromium (#19, #20): send it by
 * email, see it opened and answered, email it again, return the answer with a question, accept the next one,
 * revoke another. The mentor's own page is the real one; each state of the section is checked by axe-core.
 */
describe.runIf(HAS_CHROMIUM)('the console’s mentor section in Chromium', () => {
  let service: Awaited<ReturnType<typeof startListeningService>>;
  let mailbox: Mailbox;
  let browser: Browser;
  let admin: StaffAccount;
  let schoolId: string;
  const contexts: BrowserContext[] = [];
  const MENTOR_EMAIL = 'carmen@albufera.example.es';

  const newPage = async (options: { locale: string; width: number }): Promise<Page> => {
    const context = await browser.newContext({ locale: options.locale, bypassCSP: true, viewport: { width: options.width, height: 900 } });
    contexts.push(context);
    return context.newPage();
  };
  const mailsToMentor = () => mailbox.received.filter((mail) => mail.to.includes(MENTOR_EMAIL)).map((mail) => bodyText(mail.raw));
  const section = (page: Page) => page.locator('section[aria-labelledby=mentor]');
  const recordStay = async (email: string) => (await adminApi(service).post('/v1/mobilities', { ...placement(schoolId), participant: { ...placement(schoolId).participant, email } })).body.id as string;

  beforeAll(async () => {
    mailbox = await startMailbox();
    service = await startListeningService(BACKENDS.at(-1)!, { smtp: { url: mailbox.url, from: 'mobicred <console@mobicred.test>' } });
    schoolId = (await adminApi(service).createIssuer({ slug: 'lp-jean-moulin-mentor', name: 'Lycée professionnel Jean Moulin' })).id;
    admin = await createStaffAccount(service.ctx.db, { name: 'Claire Dubois', roles: [{ role: 'school-admin', issuerId: schoolId }] });
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await service?.close();
    await mailbox?.close();
  });

  it('when the school sends the link, then it sees it opened and answered, emails it again, returns the answer with a question, and accepts the next one', async () => {
    const stayId = await recordStay('lea.martin@example.org');
    const school = await newPage({ locale: 'en-GB', width: 1000 });
    await signInInBrowser(school, service.baseUrl, admin);
    await school.goto(`${service.baseUrl}/console/stays/${stayId}?lang=en`);
    await expect(section(school).getByText('No link sent yet.').count()).resolves.toBe(1);

    // A validity the service refuses: said on the page, nothing sent.
    await school.fill('#fexpiresInDays', '0');
    await school.getByRole('button', { name: 'Send the link to the mentor' }).click();
    await expect(section(school).locator('.form-error[role=alert]').textContent()).resolves.toBe('Give the link’s validity as a number of days from 1 to 180.');
    expect(new URL(school.url()).hash).toBe('#mentor');
    expect(mailsToMentor()).toEqual([]);

    await school.fill('#fexpiresInDays', '30');
    await expect(school.getByLabel(`Email it to the mentor (${MENTOR_EMAIL})`).isChecked()).resolves.toBe(true);
    await school.getByRole('button', { name: 'Send the link to the mentor' }).click();
    await expect(section(school).locator('.notice').textContent()).resolves.toBe('The link was emailed to the mentor.');
    await expect(section(school).locator('.tag').textContent()).resolves.toBe('Sent');
    // With SMTP the service can email: no word of passing the link on by hand.
    await expect(section(school).textContent()).resolves.not.toContain('cannot send emails');
    const url = await school.inputValue('#mentor-link');
    expect(mailsToMentor()).toHaveLength(1);
    expect(mailsToMentor()[0]).toContain(url);
    await expect(section(school).locator('img').evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)).resolves.toBe(true);
    await lookAt(school, 'console-mentor-sent');

    // The mentor opens the emailed link (in Spanish, on a phone): the school sees it opened, and emails it again.
    const mentor = await newPage({ locale: 'es-ES', width: 390 });
    await mentor.goto(url);
    await expect(mentor.locator('h1').innerText()).resolves.toContain('Evaluación de la estancia en el extranjero');
    const stayPage = `${service.baseUrl}/console/stays/${stayId}?lang=en`;
    await school.goto(stayPage);
    await expect(section(school).locator('.tag').textContent()).resolves.toBe('Opened by the mentor');
    await expect(section(school).locator('dt', { hasText: 'Opened' }).count()).resolves.toBe(1);
    await school.getByRole('button', { name: 'Email the link again' }).click();
    await expect(section(school).locator('.notice').textContent()).resolves.toBe('The link was emailed again.');
    expect(mailsToMentor()).toHaveLength(2);

    // The mentor answers: the school reviews the grid's values and the signature.
    await request(service.app).post(new URL(url).pathname).type('form').send({ ...MENTOR_GRID, step: 'submit' }).expect(201);
    await school.goto(stayPage);
    await expect(section(school).locator('.tag').textContent()).resolves.toBe('Answered: waiting for your review');
    await expect(section(school).textContent()).resolves.toContain('Carmen Ruiz, Jefa de cocina');
    await expect(section(school).textContent()).resolves.toContain(MENTOR_GRID.comment);
    await expect(section(school).locator('dd', { hasText: 'Spanish B1' }).count()).resolves.toBe(1);
    // No new link while the answer waits for review: the service would refuse it.
    await expect(school.getByRole('button', { name: /Send a new link/ }).count()).resolves.toBe(0);
    await lookAt(school, 'console-mentor-answered');
    await section(school).screenshot({ path: screenshotPath('console-mentor-section-answered') });

    // An empty question is refused; a question sends the answer back, emailed to the mentor with it.
    await school.getByRole('button', { name: 'Return with a question' }).click();
    await expect(section(school).locator('.form-error[role=alert]').textContent()).resolves.toBe('Write the question for the mentor (at most 1,000 characters).');
    await expect(section(school).locator('.tag').textContent()).resolves.toBe('Answered: waiting for your review');
    const question = '¿Puede confirmar la nota de C3? Could you confirm the mark of C3?';
    await school.getByLabel('Your question').fill(question);
    await school.getByRole('button', { name: 'Return with a question' }).click();
    await expect(section(school).locator('.notice').textContent()).resolves.toBe('The answer went back to the mentor by email, with your question.');
    await expect(section(school).locator('.tag').textContent()).resolves.toBe('Returned with a question');
    await expect(section(school).textContent()).resolves.toContain(question);
    expect(mailsToMentor().at(-1)).toContain(question);
    await lookAt(school, 'console-mentor-returned');

    // The mentor sees the question above the grid as they left it, and sends it again.
    await mentor.goto(url);
    await expect(mentor.locator('.notice').innerText()).resolves.toContain(question);
    await expect(mentor.inputValue('#comment')).resolves.toBe(MENTOR_GRID.comment);
    if (!(await mentor.isChecked('#confirm'))) await mentor.check('#confirm');
    await mentor.click('button[value=review]');
    await mentor.click('button[value=submit]');
    await expect(mentor.locator('h1').innerText()).resolves.toContain('Gracias');

    await school.goto(stayPage);
    await school.getByRole('button', { name: 'Accept the answer' }).click();
    await expect(section(school).locator('.notice').textContent()).resolves.toBe('The answer is accepted: it is the stay’s assessment.');
    await expect(section(school).locator('.tag').textContent()).resolves.toBe('Accepted');
    await expect(school.locator('section[aria-labelledby=assessment]').textContent()).resolves.toContain(MENTOR_GRID.comment);
    await lookAt(school, 'console-mentor-accepted');
  }, 180_000);

  it('when a school admin adds Dutch in the console, then the form and the list are accessible, and the mentor’s page shows Dutch beside French', async () => {
    const school = await newPage({ locale: 'fr-FR', width: 1000 });
    await signInInBrowser(school, service.baseUrl, admin);
    await school.goto(`${service.baseUrl}/console/school?lang=fr`);
    await school.getByRole('link', { name: 'Traductions de la grille du tuteur' }).click();
    await lookAt(school, 'console-mentor-texts-fr');
    await school.getByLabel(/Code de la langue/).fill('nl');
    await school.getByRole('button', { name: 'Écrire ses textes' }).click();
    await school.waitForLoadState();
    await expect(school.locator('h1').textContent()).resolves.toBe('Grille du tuteur dans une nouvelle langue (nl)');
    // A translator's work, typed in at once: the English file with the texts the mentor sees first in Dutch.
    const dutch: Record<string, string> = {
      ...shippedGridTexts().get('en'),
      languageName: 'Nederlands',
      title: 'Beoordeling van het verblijf in het buitenland',
      intro: '{school} vraagt u het verblijf van {learner} in uw organisatie te beoordelen.',
      learner: 'Leerling',
      stay: 'Verblijf',
      host: 'Gastorganisatie',
      school: 'School',
      skills: 'Vaardigheden',
      skillsHint: 'Waargenomen niveau per gebied (leeg laten als niet waargenomen).',
      review: 'Nakijken voor verzending',
    };
    const { title: _left, ...withoutTitle } = dutch;
    await school.evaluate((texts) => {
      for (const [key, text] of Object.entries(texts)) (document.getElementsByName(key)[0] as HTMLInputElement).value = text;
    }, withoutTitle);
    await school.getByRole('button', { name: 'Enregistrer les textes' }).click();
    await expect(school.locator('.error-summary a').allTextContents()).resolves.toEqual(['Évaluation de la période à l’étranger (title) : est obligatoire']);
    await expect(school.inputValue('#flanguageName')).resolves.toBe('Nederlands');
    await lookAt(school, 'console-mentor-texts-refused-fr');
    await school.fill('#ftitle', dutch.title!);
    await school.getByRole('button', { name: 'Enregistrer les textes' }).click();
    await expect(school.locator('.notice').textContent()).resolves.toBe('Les textes sont enregistrés : les tuteurs de l’établissement les voient désormais.');
    await expect(school.locator('th[lang=nl]').textContent()).resolves.toBe('Nederlands');

    const stayId = await recordStay('noah.petit@example.org');
    await school.goto(`${service.baseUrl}/console/stays/${stayId}?lang=fr`);
    await school.selectOption('#flanguage', 'nl');
    await school.getByLabel(/L’envoyer par courriel au tuteur/).uncheck();
    await school.getByRole('button', { name: 'Envoyer le lien au tuteur' }).click();
    const url = await school.inputValue('#mentor-link');

    const mentor = await newPage({ locale: 'nl-NL', width: 390 });
    await mentor.goto(url);
    await expect(mentor.locator('h1 [lang=nl]').textContent()).resolves.toBe('Beoordeling van het verblijf in het buitenland');
    await expect(mentor.locator('h1 [lang=fr]').textContent()).resolves.toBe('Évaluation de la période à l’étranger');
    await expect(mentor.locator('nav a[aria-current=true]').textContent()).resolves.toBe('Nederlands');
    await lookAt(mentor, 'mentor-grid-nl');
  }, 180_000);

  it('when the school revokes a link, then the section says so, offers a new one, and the mentor’s page says the link was withdrawn', async () => {
    const stayId = await recordStay('hugo.bernard@example.org');
    const school = await newPage({ locale: 'fr-FR', width: 390 });
    await signInInBrowser(school, service.baseUrl, admin);
    await school.goto(`${service.baseUrl}/console/stays/${stayId}?lang=fr`);
    await school.getByLabel(/L’envoyer par courriel au tuteur/).uncheck();
    const mailsBefore = mailsToMentor().length;
    await school.getByRole('button', { name: 'Envoyer le lien au tuteur' }).click();
    // Not emailed (the box was left unticked): the page says so, and the link is there to copy, within a phone's width.
    await expect(section(school).locator('.notice').textContent()).resolves.toBe(
      'Le lien est prêt, mais aucun courriel n’a été envoyé : transmettez-le vous-même au tuteur. Copiez-le ci-dessous dans votre propre message, ou imprimez son QR code sur la convention de stage.',
    );
    expect(mailsToMentor()).toHaveLength(mailsBefore);
    const url = await school.inputValue('#mentor-link');
    expect(url).toMatch(/\/assess\/[A-Za-z0-9_-]+$/);
    await expect(school.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
    await expect(school.locator('#mentor-link').evaluate((input) => input.getBoundingClientRect().right)).resolves.toBeLessThanOrEqual(390);
    await lookAt(school, 'console-mentor-sent-phone-fr');

    await school.getByRole('button', { name: 'Retirer le lien' }).click();
    await school.waitForLoadState();
    await expect(section(school).locator('.notice').textContent()).resolves.toBe('Le lien est retiré.');
    await expect(section(school).locator('.tag').textContent()).resolves.toBe('Retiré');
    await expect(section(school).locator('img').count()).resolves.toBe(0);
    await expect(school.getByRole('button', { name: 'Envoyer un nouveau lien (met fin à celui-ci)' }).count()).resolves.toBe(1);
    await lookAt(school, 'console-mentor-revoked-phone-fr');

    const mentor = await newPage({ locale: 'es-ES', width: 390 });
    await mentor.goto(url);
    await expect(mentor.locator('main').innerText()).resolves.toContain('El centro ha retirado este enlace de evaluación.');
  }, 180_000);
});
