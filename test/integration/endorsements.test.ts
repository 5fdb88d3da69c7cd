import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { sql } from 'kysely';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { BACKENDS } from '../support/backends.js';
import { startTestService, type TestService } from '../support/service.js';
import { adminApi, PLACEMENT_ACHIEVEMENT } from '../support/api.js';
import { verifierDocumentLoader } from '../support/verifier.js';
import { openApiResponseValidator } from '../support/oracles.js';

const validateResponse = openApiResponseValidator();

describe.each(BACKENDS)('endorsements on $name', (backend) => {
  let service: TestService;
  let api: ReturnType<typeof adminApi>;
  let credential: { id: string; credential: Record<string, any> };

  beforeAll(async () => {
    service = await startTestService(backend);
    api = adminApi(service);
    const achievement = await api.createAchievement((await api.createIssuer()).id);
    credential = (await api.post('/v1/credentials', { achievementId: achievement.id, recipient: { email: 'lea@example.org', name: 'Léa Martin' } })).body;
  });
  afterAll(() => service.close());

  const html = (path: string) => request(service.app).get(path).set({ Accept: 'text/html', 'Accept-Language': 'en' });

  it('when the host company’s mentor endorses through the link, then the signed endorsement verifies independently and shows on the credential page', async () => {
    const created = await api.post(`/v1/credentials/${credential.id}/endorsement-links`, {
      endorser: { name: 'Restaurante La Albufera S.L.', url: 'https://albufera.example.es', email: 'carmen@albufera.example.es' },
    });
    expect(created.status).toBe(201);
    expect(validateResponse({ path: '/v1/credentials/{id}/endorsement-links', method: 'POST', status: 201, contentType: created.headers['content-type'], body: created.body }).errors).toBeNull();
    const path = new URL(created.body.url).pathname;
    const form = await html(path);
    expect(form.status).toBe(200);
    expect(form.text).toContain('Sign the endorsement');

    const comment = 'Léa a tenu le poste froid seule dès la deuxième semaine. <b>Excellent</b> travail.';
    const signed = await request(service.app).post(path).type('form').send({ comment });
    expect(signed.status).toBe(303);
    expect(signed.headers.location).toMatch(new RegExp(`^/credentials/${credential.id}`));

    const { endorsements } = (await request(service.app).get(`/credentials/${credential.id}/endorsements`)).body;
    expect(endorsements).toHaveLength(1);
    expect(endorsements[0]).toMatchObject({ verified: true, comment, endorserName: 'Restaurante La Albufera S.L.' });
    const endorsement = endorsements[0].credential;
    expect(endorsement.type).toEqual(['VerifiableCredential', 'EndorsementCredential']);
    expect(endorsement.credentialSubject).toEqual({ id: credential.credential.id, type: ['EndorsementSubject'], endorsementComment: comment });
    expect(endorsement.issuer.id).toBe(created.body.endorser.did);
    expect((await request(service.app).get(new URL(endorsement.id).pathname)).body).toEqual(endorsement);

    // The reference verifier, with the endorser's DID document as served.
    const didDocument = (await request(service.app).get(`/issuers/${created.body.endorser.did.split(':').pop()}/did.json`)).body;
    const verified = await vc.verifyCredential({ credential: endorsement, suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }), documentLoader: verifierDocumentLoader(didDocument) });
    expect(verified.verified, JSON.stringify(verified.error)).toBe(true);

    const page = await html(`/credentials/${credential.id}`);
    expect(page.text).toContain('Léa a tenu le poste froid seule');
    expect(page.text).toContain('&lt;b&gt;Excellent&lt;/b&gt;');
    expect(page.text).toContain('signature verified');

    // Once: the link is closed now; and the endorser is not listed as a school.
    expect((await html(path)).status).toBe(410);
    expect((await request(service.app).post(path).type('form').send({ comment: 'again' })).body).toMatchObject({ status: 410, type: 'urn:mobicred:problem:endorsement-link-used' });
    expect(((await api.get('/v1/issuers')).body.issuers as { did: string }[]).map((issuer) => issuer.did)).not.toContain(created.body.endorser.did);
    // An endorsing organisation is not a school: it cannot be given achievements or issue credentials.
    expect((await api.post('/v1/achievements', { ...PLACEMENT_ACHIEVEMENT, issuerId: created.body.endorser.id })).status).toBe(404);
    expect((await api.get(`/v1/issuers/${created.body.endorser.id}`)).status).toBe(404);
  });

  it('when a stored endorsement is altered, then the page says its signature is not verified', async () => {
    const created = (await api.post(`/v1/credentials/${credential.id}/endorsement-links`, { endorser: { name: 'DAREIC de Lyon' } })).body;
    await request(service.app).post(new URL(created.url).pathname).type('form').send({ comment: 'Mobilité exemplaire.' }).expect(303);
    await sql`update endorsements set document = jsonb_set(document, '{credentialSubject,endorsementComment}', '"Mobilité exemplaire et primée."') where endorser_id = ${created.endorser.id}`.execute(service.ctx.db);
    const { endorsements } = (await request(service.app).get(`/credentials/${credential.id}/endorsements`)).body;
    expect(endorsements.find((endorsement: any) => endorsement.endorserName === 'DAREIC de Lyon').verified).toBe(false);
    expect((await html(`/credentials/${credential.id}`)).text).toContain('signature NOT verified');
  });
});
