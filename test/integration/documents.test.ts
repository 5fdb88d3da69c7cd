import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { createLocalJWKSet, jwtVerify } from 'jose';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { PROJECT_ROOT } from '../../src/config.js';
import { BACKENDS } from '../support/backends.js';
import { TEST_BASE_URL, startTestService, type TestService } from '../support/service.js';
import { adminApi, placement } from '../support/api.js';
import { verifierDocumentLoader } from '../support/verifier.js';
import { assessThroughMentor } from '../support/mentor.js';

// jsQR is CommonJS: its function is the module's `default` member.
const jsQR = jsQRModule.default;
const SCREENSHOTS = resolve(PROJECT_ROOT, 'test-results/screenshots');

/** Poppler (Debian poppler-utils), an independent reader of the PDFs: text, attachments, pages as images. */
const poppler = (tool: string, ...args: string[]) => execFileSync(tool, args, { encoding: 'utf8' });
/** A PDF's text in reading order, with line breaks and runs of spaces as one space (lines wrap where the layout says). */
const pdfText = (file: string) => poppler('pdftotext', file, '-').replace(/\s+/g, ' ');

describe('printed documents (PDF, CSV), read back with poppler and checked with independent verifiers', () => {
  const backend = BACKENDS.find((candidate) => candidate.name === 'pglite')!;
  const dir = mkdtempSync(join(tmpdir(), 'mobicred-documents-'));
  let service: TestService;
  let api: ReturnType<typeof adminApi>;
  let issuerId: string;
  let mobilityId: string;
  let credentials: Awaited<ReturnType<typeof assessThroughMentor>>;

  beforeAll(async () => {
    // The mentor's link is open until 30 days after the stay: the documents are printed in June 2026.
    service = await startTestService(backend, { now: () => new Date('2026-06-05T10:00:00Z') });
    api = adminApi(service);
    issuerId = (await api.createIssuer()).id;
    mobilityId = (await api.post('/v1/mobilities', placement(issuerId))).body.id;
    credentials = await assessThroughMentor(service, mobilityId);
    mkdirSync(SCREENSHOTS, { recursive: true });
    // Set-up records, signs and issues: give it time beside other suites on a loaded machine.
  }, 180_000);
  afterAll(async () => {
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const save = (name: string, body: Buffer) => {
    const file = join(dir, name);
    writeFileSync(file, body);
    return file;
  };
  const binary = (req: request.Test) => req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
  /** Page 1 rendered at 150 dpi, kept as the document's screenshot. */
  const firstPage = (file: string, name: string) => {
    poppler('pdftoppm', '-r', '150', '-png', '-f', '1', '-l', '1', '-singlefile', file, join(dir, name));
    copyFileSync(join(dir, `${name}.png`), join(SCREENSHOTS, `${name}.png`));
    return PNG.sync.read(readFileSync(join(dir, `${name}.png`)));
  };

  it('when a certificate is printed, then its text, its QR code and its attached credential all lead to the same verified credential', async () => {
    const skills = credentials.find((entry) => entry.kind === 'mobility-skills')!.credential;
    const res = await binary(request(service.app).get(`/credentials/${skills.id}/certificate.pdf`));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const file = save('certificate.pdf', res.body);

    const text = pdfText(file);
    for (const expected of ['ATTESTATION · CERTIFICATE', 'Léa Martin', 'Lycée professionnel Jean Moulin', 'Restaurante La Albufera S.L.', 'Valencia, Espagne · Valencia, Spain', 'Évalué par · Assessed by', 'Carmen Ruiz (Jefa de cocina)', '4 mai 2026 – 29 mai 2026 · 4 May 2026 – 29 May 2026', 'Vérifier cette attestation · Verify this certificate', `${TEST_BASE_URL}/credentials/${skills.id}`]) {
      expect(text).toContain(expected);
    }
    // The results carry the labels of the credential's page, in both languages.
    expect(poppler('pdftotext', '-layout', file, '-')).toMatch(/Compétences professionnelles\s+maîtrisé · proficient/);
    expect(text).toContain('Prepare regional dishes in a professional kitchen');
    expect(poppler('pdfinfo', file)).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);

    // The QR code, rendered by poppler and read by jsQR, is the verification URL.
    const page = firstPage(file, 'certificate');
    expect(jsQR(new Uint8ClampedArray(page.data), page.width, page.height)?.data).toBe(`${TEST_BASE_URL}/credentials/${skills.id}`);

    // The attached credential verifies with the reference verifiers, without this service's code.
    expect(poppler('pdfdetach', '-list', file)).toMatch(/credential\.json[^]*credential\.jwt/);
    const attachments = join(dir, 'attachments');
    mkdirSync(attachments);
    poppler('pdfdetach', '-saveall', '-o', attachments, file);
    const attached = JSON.parse(readFileSync(join(attachments, 'credential.json'), 'utf8'));
    expect(attached).toEqual(skills.credential);
    const didDocument = (await request(service.app).get('/issuers/lp-jean-moulin/did.json')).body;
    const listUrl = attached.credentialStatus.statusListCredential;
    const list = JSON.parse((await request(service.app).get(new URL(listUrl).pathname)).text);
    const verified = await vc.verifyCredential({ credential: attached, suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }), documentLoader: verifierDocumentLoader(didDocument, { [listUrl]: list }), checkStatus: async () => ({ verified: true }) });
    expect(verified.verified, JSON.stringify(verified.error)).toBe(true);
    const jwks = (await request(service.app).get('/issuers/lp-jean-moulin/jwks.json')).body;
    const { payload } = await jwtVerify(readFileSync(join(attachments, 'credential.jwt'), 'utf8').trim(), createLocalJWKSet(jwks), { issuer: didDocument.id });
    expect((payload as any).id ?? (payload as any).vc?.id).toBe(attached.id);
  });

  it('when names are Greek, Cyrillic or accented, then they print as written; another language pair prints on request', async () => {
    const achievement = await api.createAchievement(issuerId, { name: 'Stage de découverte — Ελληνικά, Русский' });
    const names = ['Ελένη Παπαδοπούλου', 'Дмитрий Иванов', 'Zoë Çelik-Ångström'];
    for (const name of names) {
      const issued = (await api.post('/v1/credentials', { achievementId: achievement.id, recipient: { email: `${names.indexOf(name)}@example.org`, name } })).body;
      const file = save(`name-${names.indexOf(name)}.pdf`, (await binary(request(service.app).get(`/credentials/${issued.id}/certificate.pdf?languages=es,fr`))).body);
      const text = pdfText(file);
      expect(text).toContain(name);
      expect(text).toContain('Stage de découverte — Ελληνικά, Русский');
      expect(text).toContain('CERTIFICADO · ATTESTATION');
    }
    expect((await request(service.app).get(`/credentials/${credentials[0]!.credential.id}/certificate.pdf?languages=fr,fr`)).status).toBe(400);
  });

  it('when a class of 30 is printed, then one PDF holds 30 certificates, each credential attached under its own name', async () => {
    const achievement = await api.createAchievement(issuerId);
    const ids: string[] = [];
    for (let index = 0; index < 30; index++) {
      ids.push((await api.post('/v1/credentials', { achievementId: achievement.id, recipient: { email: `eleve${index}@example.org`, name: `Élève ${index + 1}` }, proofFormats: ['ldp_vc'] })).body.id);
    }
    const res = await binary(request(service.app).post('/v1/certificates').set({ Authorization: `Bearer ${service.adminKey}` }).send({ credentialIds: ids }));
    expect(res.status, String(res.body)).toBe(200);
    const file = save('class.pdf', res.body);
    expect(poppler('pdfinfo', file)).toMatch(/Pages:\s+30\n/);
    const listed = poppler('pdfdetach', '-list', file);
    expect(listed).toMatch(/^30 embedded files/);
    for (const id of ids) expect(listed).toContain(`${id}-credential.json`);
    const text = poppler('pdftotext', file, '-');
    expect(text).toContain('Élève 1\n');
    expect(text).toContain('Élève 30');
  });

  it('when the Europass Mobility document is printed, then it reads in French and Spanish, with the mentor’s signed assessment', async () => {
    const res = await binary(request(service.app).get(`/v1/mobilities/${mobilityId}/europass-mobility.pdf`).set({ Authorization: `Bearer ${service.adminKey}` }));
    expect(res.status).toBe(200);
    const file = save('europass-mobility.pdf', res.body);
    const text = pdfText(file);
    for (const expected of [
      'EUROPASS MOBILITÉ · EUROPASS MOVILIDAD',
      'Titulaire · Titular',
      'Organisme d’envoi · Organización de envío',
      'Organisme d’accueil · Organización de acogida',
      'Description de la mobilité · Descripción de la movilidad',
      'Compétences acquises · Competencias adquiridas',
      'Compétences professionnelles · Competencias profesionales',
      'Maîtrisé · Competente',
      'Léa a tenu le poste froid seule dès la deuxième semaine.',
      'Carmen Ruiz — Jefa de cocina, Restaurante La Albufera S.L.',
      '0690001A',
    ]) {
      expect(text).toContain(expected);
    }
    firstPage(file, 'europass-mobility');
  });

  it('when the exam office asks for a session’s UFM jury, then every candidate is there with both marks, the total /20 and the MobilitéPro status, as CSV and PDF', async () => {
    const pending = placement(issuerId);
    await api.post('/v1/mobilities', { ...pending, participant: { ...pending.participant, name: '=HYPERLINK("http://evil.example")' } });
    const auth = { Authorization: `Bearer ${service.adminKey}` };
    const csv = await request(service.app).get(`/v1/issuers/${issuerId}/ufm-jury?session=2026`).set(auth);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.text.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Candidat;Courriel;Diplôme préparé;Organisme d’accueil;Pays;Début;Fin;Partie 1;Partie 2;Note /20;Statut MobilitéPro');
    expect(lines).toContain(`Léa Martin;${placementEmail(lines)};Bac pro Cuisine;Restaurante La Albufera S.L.;ES;2026-05-04;2026-05-29;6,5;9;15,5;MobilitéPro attribuée`);
    // A name a spreadsheet would run is written as text, and a stay not yet marked is incomplete.
    expect(lines.some((line) => line.startsWith(`"'=HYPERLINK(""http://evil.example"")";`) && line.endsWith(';;;;Évaluation incomplète'))).toBe(true);
    expect((await request(service.app).get(`/v1/issuers/${issuerId}/ufm-jury?session=2027`).set(auth)).text.trim().split('\r\n')).toHaveLength(1);
    expect((await request(service.app).get(`/v1/issuers/${issuerId}/ufm-jury?session=26`).set(auth)).body).toMatchObject({ type: 'urn:mobicred:problem:validation-failed', field: 'session' });

    const pdf = await binary(request(service.app).get(`/v1/issuers/${issuerId}/ufm-jury?session=2026&format=pdf`).set(auth));
    const file = save('ufm-jury.pdf', pdf.body);
    const text = poppler('pdftotext', '-layout', file, '-');
    expect(text).toContain('UNITÉ FACULTATIVE DE MOBILITÉ — RELEVÉ POUR LE JURY');
    expect(text).toMatch(/Léa Martin\s+Restaurante La Albufera S\.L\.\s+6,5\s+9\s+15,5\s+MobilitéPro attribuée/);
    firstPage(file, 'ufm-jury');
  });

  it('when a credential is revoked, then no certificate is printed for it', async () => {
    const id = credentials.find((entry) => entry.kind === 'language')!.credential.id;
    await api.post(`/v1/credentials/${id}/revoke`, { reason: 'Issued in error' }).expect(200);
    const res = await request(service.app).get(`/credentials/${id}/certificate.pdf`);
    expect(res.status).toBe(409);
    expect(res.body.type).toBe('urn:mobicred:problem:credential-not-active');
  });
});

/** The placement's learner address in the CSV (each test stay has its own alias). */
function placementEmail(lines: string[]): string {
  return lines.find((line) => line.startsWith('Léa Martin;'))!.split(';')[1]!;
}
