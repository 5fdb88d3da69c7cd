import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { BACKENDS } from '../support/backends.js';
import { resignWithDidKey } from '../support/impostor.js';
import { TEST_BASE_URL, startTestService, type TestService } from '../support/service.js';
import { adminApi, assessment, placement, SCHOOL } from '../support/api.js';
import { openApiResponseValidator } from '../support/oracles.js';

const validateResponse = openApiResponseValidator();

/** The text of an HTML page, tags dropped, entities of the escaper undone: what a reader sees. */
function visibleText(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

describe.each(BACKENDS)("the employer's page on $name", (backend) => {
  let service: TestService;
  let api: ReturnType<typeof adminApi>;
  let byKind: Record<string, { id: string; credential: Record<string, any> }>;
  let hidden: { id: string; credential: Record<string, any> };
  let issuerId: string;

  const page = (id: string, language: string) => request(service.app).get(`/credentials/${id}?lang=${language}`).set('Accept', 'text/html').expect(200);
  const verifyPage = (credential: unknown, language = 'en') =>
    request(service.app).post(`/verify?lang=${language}`).type('form').send({ credential: JSON.stringify(credential) }).expect(200);

  beforeAll(async () => {
    service = await startTestService(backend, { verifyRequestsPerMinute: 10_000 });
    api = adminApi(service);
    issuerId = (await api.createIssuer()).id;
    const mobility = (await api.post('/v1/mobilities', placement(issuerId))).body;
    await request(service.app)
      .put(`/v1/mobilities/${mobility.id}/assessment`)
      .set('Authorization', `Bearer ${service.adminKey}`)
      .send(assessment({ part1: 6, part2: 9, specialtyExamsPassed: true, competences: { C1: 'acquired', C3: 'acquired', C5: 'partially-acquired' } }))
      .expect(200);
    const issued = (await api.post(`/v1/mobilities/${mobility.id}/credentials`, { language: 'fr' })).body;
    byKind = Object.fromEntries(issued.credentials.map((entry: any) => [entry.kind, entry.credential]));
    const achievementId = (await api.createAchievement(issuerId)).id;
    hidden = (await api.post('/v1/credentials', { achievementId, recipient: { email: 'Lea.Martin@example.org' } })).body;
  });
  afterAll(() => service.close());

  it('when an employer reads a skills credential in French, then each skill is labelled, on its scale, with its level in French, and the host is named with its city and country', async () => {
    const french = (await page(byKind['mobility-skills']!.id, 'fr')).text;
    const text = visibleText(french);
    // The school, with the address its profile gives for questions about its credentials.
    expect(text).toContain(`Délivré par ${SCHOOL.name} · ${SCHOOL.email}`);
    expect(french).toContain(`<a href="mailto:${SCHOOL.email}" data-issuer-email>`);
    expect(text).toContain('Compétences professionnelles maîtrisé niveau de maîtrise (débutant, en progrès, maîtrisé, expert)');
    expect(text).toContain('Compétences de communication en progrès');
    expect(text).toContain('Compétences interculturelles expert');
    expect(text).toContain('Organisme d’accueil Restaurante La Albufera S.L. Valencia, Espagne');
    // French throughout: no English value, scale or check detail.
    expect(text).not.toMatch(/\b(proficient|developing|advanced|performance level|passed|The signature)\b/);
    expect(visibleText((await page(byKind['mobility-skills']!.id, 'de')).text)).toContain('Valencia, Spanien');
  });

  it('when an employer reads a UFM credential, then each part and the total read "/20"-style marks, and whether MobilitéPro was awarded', async () => {
    const fr = visibleText((await page(byKind.ufm!.id, 'fr')).text);
    expect(fr).toContain('UFM — partie 1 (organisme d’accueil) 6/8 note, sur 8');
    expect(fr).toContain('UFM — partie 2 (en France) 9/12 note, sur 12');
    expect(fr).toContain('UFM — note de l’unité 15/20 (évalué) note, sur 20');
    expect(fr).toContain('Attestation MobilitéPro délivrée statut (non délivrée, délivrée)');
    expect(fr).toMatch(/C1 — Comprendre et se faire comprendre[^]*? acquis grille d’évaluation/);
    const en = visibleText((await page(byKind.ufm!.id, 'en')).text);
    expect(en).toContain('15/20 (completed) mark, out of 20');
    expect(en).toContain('Attestation MobilitéPro awarded');
  });

  it('when an employer reads a language credential, then the CEFR result reads "level before → level reached"', async () => {
    expect(visibleText((await page(byKind.language!.id, 'fr')).text)).toContain('Niveau avant le séjour → niveau atteint A2 → B1 niveau du CECRL (A1 à C2)');
    expect(visibleText((await page(byKind.language!.id, 'es')).text)).toContain('Nivel antes de la estancia → nivel alcanzado A2 → B1');
  });

  it('when the browser asks for Spanish or German, then the page is in that language, with a switcher to every language', async () => {
    const spanish = await request(service.app).get(`/credentials/${hidden.id}`).set('Accept', 'text/html').set('Accept-Language', 'es-ES,es;q=0.9').expect(200);
    expect(spanish.text).toContain('<html lang="es">');
    expect(visibleText(spanish.text)).toContain('Válida');
    expect(visibleText(spanish.text)).toContain('Ni revocada ni suspendida');
    const german = await request(service.app).get(`/credentials/${hidden.id}`).set('Accept', 'text/html').set('Accept-Language', 'de-CH,de;q=0.9').expect(200);
    expect(german.text).toContain('<html lang="de">');
    expect(visibleText(german.text)).toContain('Gültig');
    for (const language of ['fr', 'en', 'es', 'de']) expect(german.text).toContain(`hreflang="${language}"`);
  });

  it('when a credential was altered, then the checks that read its content are "not evaluated", never ticked', async () => {
    const tampered = structuredClone(byKind.ufm!.credential);
    tampered.credentialSubject.result[0].value = 'acquired';
    tampered.issuer.name = 'Lycée imaginaire';
    const html = (await verifyPage(tampered, 'fr')).text;
    expect(html).toContain('data-verdict="not-authentic"');
    expect(html).not.toContain('class="passed"');
    for (const check of ['issuer-key', 'schema', 'validity-window', 'status']) expect(html).toContain(`<li class="skipped" data-check="${check}"><strong>`);
    expect(visibleText(html)).toContain('Dates de validité — non évalué');
  });

  it('when a did:key credential copies a school\'s name, then the report says the issuer is unknown and the page never presents it as the school, in every language', async () => {
    const copy = await resignWithDidKey(byKind['mobility-skills']!.credential);
    const report = await request(service.app).post('/v1/verify').set('Content-Type', 'application/ld+json').send(JSON.stringify(copy)).expect(200);
    expect(report.body).toMatchObject({ verdict: 'valid', issuerTrust: 'unknown', issuerName: SCHOOL.name });
    expect(validateResponse({ path: '/v1/verify', method: 'POST', status: 200, contentType: report.headers['content-type'], body: report.body }).errors).toBeNull();
    const hosted = await request(service.app).get(`/credentials/${hidden.id}/verification`).expect(200);
    expect(hosted.body).toMatchObject({ issuerTrust: 'hosted', issuerName: SCHOOL.name });
    const expected = {
      en: `Signed by an unknown issuer that calls itself «${SCHOOL.name}»`,
      fr: `Signé par un émetteur inconnu qui se présente comme « ${SCHOOL.name} »`,
      es: `Firmada por un emisor desconocido que dice llamarse «${SCHOOL.name}»`,
      de: `Signiert von einem unbekannten Aussteller, der sich „${SCHOOL.name}“ nennt`,
    };
    for (const [language, sentence] of Object.entries(expected)) {
      const html = (await verifyPage(copy, language)).text;
      expect(html).toMatch(/<section id="verdict" class="verdict warn"[^]*?class="issuer-warning" data-issuer-trust="unknown"><strong>/);
      expect(visibleText(html)).toContain(sentence);
      // The school's name appears only inside that sentence: never as "Issued by" it, never as its link.
      expect(visibleText(html).split(SCHOOL.name).length - 1).toBe(2);
      expect(html).not.toContain(`href="${SCHOOL.url}"`);
      expect(html).not.toContain('mailto:');
    }
  });

  it('when a pasted credential names images elsewhere, then the page loads none of them', async () => {
    const copy = structuredClone(byKind['mobility-skills']!.credential);
    copy.credentialSubject.achievement.image = { id: 'https://tracker.example.net/pixel.png', type: 'Image' };
    copy.issuer.image = { id: 'https://tracker.example.net/logo.png', type: 'Image' };
    const response = await verifyPage(copy);
    expect(response.text).not.toMatch(/<img[^>]+src="https?:/);
    expect(response.headers['content-security-policy']).toMatch(/img-src 'self' data:;/);
  });

  it('when an employer types the candidate\'s email on a page that hides the name, then it says whether it is the signed one, in the page\'s language, and logs no email', async () => {
    const form = (await page(hidden.id, 'fr')).text;
    expect(form).toContain(`<form method="post" action="/credentials/${hidden.id}?lang=fr#recipient">`);
    expect(form).toContain('<input id="email" name="email" type="email"');
    // A page that shows the name has no such form.
    expect((await page(byKind.ufm!.id, 'fr')).text).not.toContain('id="email"');

    service.logs.length = 0;
    const match = await request(service.app).post(`/credentials/${hidden.id}?lang=fr`).type('form').send({ email: '  lea.martin@EXAMPLE.org ' }).expect(200);
    expect(match.text).toContain('data-match="true"');
    expect(visibleText(match.text)).toContain('Cette adresse électronique est bien celle de la personne à qui ce badge a été délivré.');
    expect(validateResponse({ path: '/credentials/{id}', method: 'POST', status: 200, contentType: match.headers['content-type'], body: match.text }).errors).toBeNull();
    const other = await request(service.app).post(`/credentials/${hidden.id}?lang=de`).type('form').send({ email: 'someone@example.org' }).expect(200);
    expect(other.text).toContain('data-match="false"');
    expect(visibleText(other.text)).toContain('NICHT');
    expect(service.logs.join('\n')).not.toMatch(/example\.org/i);
    expect(service.logs.length).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ['no email', {}],
    ['an empty email', { email: '  ' }],
    ['an email too long', { email: `${'a'.repeat(250)}@example.org` }],
  ])('when the recipient form is sent with %s, then it is a 400 problem naming the field', async (_name, body) => {
    const response = await request(service.app).post(`/credentials/${hidden.id}`).type('form').send(body).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ type: expect.stringMatching(/validation-failed$/), errors: [{ field: '/email' }] });
  });

  it('when the recipient form is sent too often by one client, then it is rate limited like /v1/verify', async () => {
    const limited = await startTestService(backend, { verifyRequestsPerMinute: 2 });
    try {
      const limitedApi = adminApi(limited);
      const issuerId = (await limitedApi.createIssuer()).id;
      const credential = (await limitedApi.post('/v1/credentials', { achievementId: (await limitedApi.createAchievement(issuerId)).id, recipient: { email: 'x@example.org' } })).body;
      const send = () => request(limited.app).post(`/credentials/${credential.id}`).type('form').send({ email: 'x@example.org' });
      expect((await send()).status).toBe(200);
      expect((await send()).status).toBe(200);
      const refused = await send();
      expect(refused.status).toBe(429);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    } finally {
      await limited.close();
    }
  });

  it('when a badge image is uploaded through the /verify page, then the credential it carries is verified', async () => {
    const form = (await request(service.app).get('/verify?lang=en').expect(200)).text;
    expect(form).toContain('enctype="multipart/form-data"');
    expect(form).toContain('<input id="image" name="image" type="file"');
    // The skip link leads somewhere on this page.
    expect(form).toContain('<a class="skip" href="#verify-form">');
    expect(form).toContain('<form id="verify-form"');

    for (const format of ['png', 'svg']) {
      const image = (await request(service.app).get(`/credentials/${hidden.id}/badge.${format}`).buffer(true).parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })).body as Buffer;
      const verdict = await request(service.app).post('/verify?lang=en').field('credential', '').attach('image', image, `badge.${format}`).expect(200);
      expect(verdict.text).toContain('data-verdict="valid"');
    }
    // Pasted text still works through the multipart form, when no file is chosen.
    const pasted = await request(service.app).post('/verify').field('credential', JSON.stringify(hidden.credential)).attach('image', Buffer.alloc(0), '').expect(200);
    expect(pasted.text).toContain('data-verdict="valid"');
  });

  it.each([
    ['nothing', (req: request.Test) => req.field('credential', ''), 400],
    ['an image with no credential in it', (req: request.Test) => req.attach('image', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'x.svg'), 400],
    ['an image over 2 MB', (req: request.Test) => req.attach('image', Buffer.alloc(2 * 1024 * 1024 + 1), 'big.png'), 413],
    ['two files', (req: request.Test) => req.attach('image', Buffer.from('a'), 'a.png').attach('other', Buffer.from('b'), 'b.png'), 400],
  ] as const)('when the /verify form carries %s, then it is a problem with a 4xx, never a 500', async (_name, build, status) => {
    const response = await build(request(service.app).post('/verify'));
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('when a person\'s submission on /verify is refused, then the form comes back saying why in the page\'s language, with the status of the problem', async () => {
    const contexts = Array.from({ length: 2000 }, (_, i) => ({ [`t${i}`]: `https://example.org/t${i}` }));
    const tooComplex = { ...byKind['mobility-skills']!.credential, '@context': [...byKind['mobility-skills']!.credential['@context'], ...contexts] };
    const french = await request(service.app).post('/verify?lang=fr').set('Accept', 'text/html').field('credential', JSON.stringify(tooComplex));
    expect(french.status).toBe(422);
    expect(french.headers['content-type']).toMatch(/^text\/html/);
    expect(visibleText(french.text)).toContain('Ce document est bien plus complexe qu’un justificatif : il n’a pas été vérifié.');
    expect(french.text).toContain('id="verify-form"');
    const german = await request(service.app).post('/verify?lang=de').set('Accept', 'text/html').attach('image', Buffer.alloc(2 * 1024 * 1024 + 1), 'big.png');
    expect(german.status).toBe(413);
    expect(visibleText(german.text)).toContain('Das ist zu groß für einen Nachweis');
  });

  it('when an employer pastes the credential’s link on /verify, then its page opens; a link to another site is not fetched, and the form says what to do, the link kept', async () => {
    const link = `${TEST_BASE_URL}/credentials/${hidden.id}`;
    const opened = await request(service.app).post('/verify?lang=fr').set('Accept', 'text/html').field('credential', `  ${link}?lang=en \n`);
    expect([opened.status, opened.headers.location]).toEqual([303, `${TEST_BASE_URL}/credentials/${hidden.id}?lang=fr`]);
    const fromVerification = await request(service.app).post('/verify?lang=en').type('form').send({ credential: `${link}/verification` });
    expect(fromVerification.headers.location).toBe(`${TEST_BASE_URL}/credentials/${hidden.id}?lang=en`);

    const elsewhere = 'https://badges.example.net/credentials/1234';
    const refused = await request(service.app).post('/verify?lang=fr').set('Accept', 'text/html').field('credential', elsewhere);
    expect(refused.status).toBe(422);
    expect(visibleText(refused.text)).toContain('C’est un lien vers un autre site, que cette page n’ouvre pas pour vous.');
    expect(refused.text).toContain(`>${elsewhere}</textarea>`);
    // A program gets the problem, naming the field.
    const problem = await request(service.app).post('/verify').type('form').send({ credential: elsewhere });
    expect(problem.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(problem.body).toMatchObject({ type: 'urn:mobicred:problem:credential-link-elsewhere', status: 422, field: '/credential' });
    // A look-alike of this service's address on another host is another site.
    const lookAlike = await request(service.app).post('/verify').type('form').send({ credential: `https://mobicred.test.example.net/credentials/${hidden.id}` });
    expect(lookAlike.status).toBe(422);
  });

  it('when a browser opens the address of no credential, then a page in its language says so and links to /verify; a program still gets problem+json', async () => {
    const unknown = '0b9a1c4e-5f1d-4c56-9a0e-2d3f4b5c6d7e';
    const french = await request(service.app).get(`/credentials/${unknown}?lang=fr`).set('Accept', 'text/html').expect(404);
    expect(french.headers['content-type']).toMatch(/^text\/html/);
    expect(french.text).toContain('<html lang="fr">');
    expect(visibleText(french.text)).toContain('Aucun badge à cette adresse');
    expect(french.text).toContain('href="/verify?lang=fr"');
    const english = await request(service.app).get(`/credentials/${unknown}?lang=en`).set('Accept', 'text/html').expect(404);
    expect(visibleText(english.text)).toContain('No credential at this address');
    expect(visibleText(english.text)).toContain('check the link you were given');
    const truncated = await request(service.app).get('/credentials/0b9a1c4e-5f1d?lang=en').set('Accept', 'text/html');
    expect(truncated.status).toBe(404);
    expect(visibleText(truncated.text)).toContain('No credential at this address');
    const program = await request(service.app).get(`/credentials/${unknown}`).set('Accept', 'application/ld+json').expect(404);
    expect(program.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(program.body.type).toMatch(/not-found$/);
  });

  it('when a credential is revoked, then its page offers neither the printable certificate nor the Europass export (both refused), and the verdict says why', async () => {
    const achievementId = (await api.createAchievement(issuerId)).id;
    const revoked = (await api.post('/v1/credentials', { achievementId, recipient: { email: 'revoked@example.org' } })).body;
    const before = (await page(revoked.id, 'en')).text;
    expect(before).toContain(`/credentials/${revoked.id}/certificate.pdf`);
    expect(before).toContain(`/credentials/${revoked.id}/europass`);
    await api.post(`/v1/credentials/${revoked.id}/revoke`, { reason: 'Issued in error', publicReason: 'Issued in error' }).expect(200);
    const after = (await page(revoked.id, 'en')).text;
    expect(after).toContain('data-verdict="revoked"');
    expect(after).not.toContain('certificate.pdf');
    expect(after).not.toContain('/europass');
    expect(after).toContain(`/credentials/${revoked.id}/verification`);
    await request(service.app).get(`/credentials/${revoked.id}/europass?format=json`).expect(409);
  });

  it('when the document pasted in /verify is no credential at all, then the page says so plainly, without credential details, as the API\'s schema check does', async () => {
    const english = visibleText((await verifyPage({ hello: 1 })).text);
    expect(english).toContain('This is not a credential');
    expect(english).not.toMatch(/Issued on|unknown issuer|Cannot be verified here/i);
    const french = await verifyPage({ hello: 1 }, 'fr');
    expect(french.text).toMatch(/<title>Ce n’est pas un badge<\/title>/);
    expect(french.text).toContain('data-not-a-credential');
    const report = (await request(service.app).post('/v1/verify').set('Content-Type', 'application/ld+json').send(JSON.stringify({ hello: 1 })).expect(200)).body;
    expect(report.checks.find((check: { check: string }) => check.check === 'schema')).toMatchObject({ outcome: 'failed', verdict: 'not-open-badge' });
    // A credential whose proof cannot be checked here is still shown as a credential.
    const { proof: _proof, ...unsigned } = byKind.ufm!.credential;
    expect(visibleText((await verifyPage(unsigned)).text)).not.toContain('This is not a credential');
  });

  it('when marks have half points, then the page writes them with the reader\'s decimal separator, the signed JSON keeping its own, says once in which language the school wrote the credential, and what a UFM is', async () => {
    const mobility = (await api.post('/v1/mobilities', placement(issuerId))).body;
    await request(service.app)
      .put(`/v1/mobilities/${mobility.id}/assessment`)
      .set('Authorization', `Bearer ${service.adminKey}`)
      .send(assessment({ part1: 6.5, part2: 10, specialtyExamsPassed: true, competences: { C1: 'acquired' } }))
      .expect(200);
    const ufm = (await api.post(`/v1/mobilities/${mobility.id}/credentials`, { language: 'fr' })).body.credentials.find((entry: any) => entry.kind === 'ufm').credential;
    const french = visibleText((await page(ufm.id, 'fr')).text);
    expect(french).toContain('UFM — partie 1 (organisme d’accueil) 6,5/8 note, sur 8');
    expect(french).toContain('16,5/20');
    expect(french).not.toContain('tels quels');
    const englishHtml = (await page(ufm.id, 'en')).text;
    expect(visibleText(englishHtml)).toContain('6.5/8');
    // Said once, under the title: what the school signed is in French, the page's own words in English.
    expect(englishHtml.match(/data-content-language="fr"/g)).toHaveLength(1);
    expect(visibleText(englishHtml)).toContain('The school wrote this credential in French: its name, description and results are shown as written.');
    // And what a UFM is, for a reader who has never met one.
    expect(visibleText(englishHtml)).toContain('The optional mobility unit (UFM) is part of the French vocational diplomas');
    expect(french).toContain('L’unité facultative de mobilité (UFM) fait partie des diplômes professionnels français');
    const german = visibleText((await page(ufm.id, 'de')).text);
    expect(german).toContain('6,5/8');
    expect(german).toContain('Die Schule hat diesen Nachweis auf Französisch verfasst');
    const signed = (await request(service.app).get(`/credentials/${ufm.id}?format=json`).expect(200)).body;
    expect(JSON.stringify(signed.credentialSubject.result)).toContain('"6.5"');
  });

  it('when a browser asks for an icon, then every page names /assets/icon.svg and /favicon.ico answers the same SVG', async () => {
    const html = (await page(hidden.id, 'en')).text;
    const href = /<link rel="icon" href="([^"]+)" type="image\/svg\+xml">/.exec(html)?.[1];
    expect(href).toMatch(/^\/assets\/icon\.svg\?v=/);
    const icon = await request(service.app).get(href!).expect(200);
    expect(icon.headers['content-type']).toBe('image/svg+xml');
    const favicon = await request(service.app).get('/favicon.ico').expect(200);
    expect(favicon.headers['content-type']).toBe('image/svg+xml');
    expect(favicon.body.toString()).toBe(icon.body.toString());
    expect(favicon.body.toString()).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });
});
