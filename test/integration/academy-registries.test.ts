import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import * as vc from '@digitalbazaar/vc';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import { contexts as dataIntegrityContexts } from '@digitalbazaar/data-integrity-context';
import { RegistryClient } from '@digitalcredentials/issuer-registry-client';
import { BACKENDS } from '../support/backends.js';
import { startTestService, type TestService } from '../support/service.js';
import { adminApi, SCHOOL } from '../support/api.js';
import { verifierDocumentLoader } from '../support/verifier.js';
import { resignWithDidKey } from '../support/impostor.js';
import { buildAcademyRegistry } from '../../src/domain/academy-registry.js';

/** Serves one document at one path over loopback HTTP, as another deployment or a registry host would. */
async function serveJson(documents: Record<string, unknown>): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const document = documents[req.url ?? ''];
    if (document === undefined) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(document));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe.each(BACKENDS)('academy registries on $name', (backend) => {
  let service: TestService;
  let api: ReturnType<typeof adminApi>;
  let academyId: string;
  let member: { id: string; did: string };
  let lookAlike: { id: string; did: string };
  let memberCredential: Record<string, any>;
  let memberOldCredential: Record<string, any>;
  let lookAlikeCredential: Record<string, any>;
  const verify = (credential: unknown) =>
    request(service.app).post('/v1/verify').set('Content-Type', 'application/ld+json').send(JSON.stringify(credential)).expect(200);
  const registryPath = () => `/registries/${academyId}`;

  beforeAll(async () => {
    service = await startTestService(backend);
    api = adminApi(service);
    academyId = (await api.post('/v1/academies', { name: 'Académie de Lyon' }).expect(201)).body.id;
    member = await api.createIssuer({ academyId });
    // Same name, same address: anyone may create a school that calls itself Jean Moulin; no academy vouches for it.
    lookAlike = await api.createIssuer({ slug: 'lp-jean-moulin-lyon', otherIdentifier: [] });
    const issue = async (issuerId: string, extra: Record<string, unknown> = {}) => {
      const { id: achievementId } = await api.createAchievement(issuerId);
      return (await api.post('/v1/credentials', { achievementId, recipient: { email: 'lea@example.org', name: 'Léa Martin' }, ...extra }).expect(201)).body.credential;
    };
    memberCredential = await issue(member.id);
    memberOldCredential = await issue(member.id, { validFrom: '2020-01-01T00:00:00Z' });
    lookAlikeCredential = await issue(lookAlike.id);
  });
  afterAll(() => service?.close());

  it('when an academy publishes its registry, then it is a VC signed by the academy’s own did:web key, verified by the reference library', async () => {
    const registry = (await request(service.app).get(registryPath()).expect(200)).body;
    expect(registry.type).toContain('AcademyRegistryCredential');
    expect(registry.issuer.name).toBe('Académie de Lyon');
    expect(registry.issuer.id).toMatch(/^did:web:mobicred\.test:issuers:academy-/);
    expect(registry.credentialSubject.recognisedIssuer).toEqual([
      {
        id: member.did,
        legalName: SCHOOL.name,
        identifier: SCHOOL.otherIdentifier,
        recognisedFrom: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      },
    ]);
    const slug = registry.issuer.id.split(':').pop();
    const didDocument = (await request(service.app).get(`/issuers/${slug}/did.json`).expect(200)).body;
    const result = await vc.verifyCredential({ credential: registry, suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }), documentLoader: verifierDocumentLoader(didDocument) });
    expect(result.verified).toBe(true);
    // Signed once: served again unchanged while nothing it says has changed.
    expect((await request(service.app).get(registryPath()).expect(200)).body.proof).toEqual(registry.proof);
  });

  it('when DCC’s own registry client loads the registry from its URL, then it knows the academy’s school and not the look-alike', async () => {
    const server = createServer(service.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${registryPath()}`;
      const client = new RegistryClient();
      const [loaded] = await client.load({ config: [{ name: 'Académie de Lyon', url }] });
      expect(loaded).toMatchObject({ loaded: true });
      expect(client.didEntry(member.did)).toMatchObject({ name: SCHOOL.name, location: 'Lyon, FR', url: SCHOOL.url });
      expect(client.didEntry(lookAlike.did)).toBeUndefined();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('when an employer verifies, then the academy’s school is recognised by the academy and the look-alike by no registry', async () => {
    const report = (await verify(memberCredential)).body;
    expect(report.verdict).toBe('valid');
    expect(report.recognition).toMatchObject({
      status: 'recognised',
      vouchedBy: { registryName: 'Académie de Lyon', registry: `https://mobicred.test${registryPath()}`, legalName: SCHOOL.name, recognisedUntil: null },
      unavailableRegistries: [],
    });
    expect(Date.parse(report.recognition.vouchedBy.signedAt)).not.toBeNaN();
    const lookAlikeReport = (await verify(lookAlikeCredential)).body;
    expect(lookAlikeReport.verdict).toBe('valid');
    expect(lookAlikeReport.recognition).toEqual({ status: 'not-recognised', vouchedBy: null, unavailableRegistries: [] });
    // Signed by someone else who copied the school's DID as its name: nobody can say who signed, nobody vouches.
    const impostor = (await verify(await resignWithDidKey(memberCredential))).body;
    expect(impostor.recognition.status).toBe('not-recognised');
    const tampered = structuredClone(memberCredential);
    tampered.credentialSubject.achievement.name = 'Baccalauréat';
    expect((await verify(tampered)).body.recognition.status).toBe('not-recognised');
  });

  it('when a school corrects its website, then its own key may; its name, which the academy vouches for, only the platform admin changes, and the registry is signed again with it', async () => {
    const grenoble = (await api.post('/v1/academies', { name: 'Académie de Grenoble' }).expect(201)).body.id as string;
    const school = await api.createIssuer({ slug: 'lp-profil-corrige', academyId: grenoble });
    const schoolKey = (await api.post('/v1/api-keys', { name: 'DDFPT', role: 'school-admin', issuerId: school.id }).expect(201)).body.secret as string;
    const { slug: _slug, ...profile } = SCHOOL;
    const put = (key: string, body: Record<string, unknown>) => request(service.app).put(`/v1/issuers/${school.id}/profile`).set('Authorization', `Bearer ${key}`).send(body);
    expect((await put(schoolKey, { ...profile, url: 'https://nouveau-site.example.fr' }).expect(200)).body.profile.url).toBe('https://nouveau-site.example.fr');
    const refused = await put(schoolKey, { ...profile, name: 'Lycée des métiers d’excellence' });
    expect(refused.body).toMatchObject({ status: 403, type: 'urn:mobicred:problem:forbidden', field: '/name' });
    expect((await api.get(`/v1/issuers/${school.id}`)).body.profile).toMatchObject({ name: SCHOOL.name, url: 'https://nouveau-site.example.fr' });
    expect((await put(schoolKey, { ...profile, otherIdentifier: [] })).body).toMatchObject({ status: 403, field: '/otherIdentifier' });
    await put(service.adminKey, { ...profile, name: 'Lycée Jean Moulin — Lyon 3e' }).expect(200);
    expect(JSON.stringify((await request(service.app).get(`/registries/${grenoble}`).expect(200)).body)).toContain('Lycée Jean Moulin — Lyon 3e');
  });

  it('when a school leaves the academy, then the registry is re-signed without it, and its past credentials read "recognised at issuance"', async () => {
    const before = (await request(service.app).get(registryPath()).expect(200)).body;
    // Credentials date their issuance to the second: leave in a later second than the set-up issued them.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await request(service.app).put(`/v1/issuers/${member.id}/academy`).set('Authorization', `Bearer ${service.adminKey}`).send({ academyId: null }).expect(200);
    const after = (await request(service.app).get(registryPath()).expect(200)).body;
    expect(after.proof).not.toEqual(before.proof);
    expect(after.registry).toEqual({});
    expect(after.credentialSubject.recognisedIssuer[0].recognisedUntil).toEqual(expect.any(String));

    const report = (await verify(memberCredential)).body;
    expect(report.recognition).toMatchObject({ status: 'recognised-at-issuance', vouchedBy: { registryName: 'Académie de Lyon', recognisedUntil: after.credentialSubject.recognisedIssuer[0].recognisedUntil } });
    // Dated before the school ever joined: the history does not vouch for it.
    expect((await verify(memberOldCredential)).body.recognition.status).toBe('not-recognised');

    // Back in the academy: a new period, the old one kept.
    await request(service.app).put(`/v1/issuers/${member.id}/academy`).set('Authorization', `Bearer ${service.adminKey}`).send({ academyId }).expect(200);
    const again = (await request(service.app).get(registryPath()).expect(200)).body;
    expect(again.credentialSubject.recognisedIssuer).toHaveLength(2);
    expect(Object.keys(again.registry)).toEqual([member.did]);
    expect((await verify(memberCredential)).body.recognition.status).toBe('recognised');
  });

  it('when the platform admin trusts another deployment’s registry by URL and signer, then its schools are recognised; a forged or expired copy is named and not used', async () => {
    const outsider = await resignWithDidKey(lookAlikeCredential);
    const keyPair = (await Ed25519Multikey.generate()) as any;
    const signerDid = `did:key:${keyPair.publicKeyMultibase}`;
    keyPair.controller = signerDid;
    keyPair.id = `${signerDid}#${keyPair.publicKeyMultibase}`;
    const contexts = new Map<string, unknown>([...credentialsContexts, ...dataIntegrityContexts]);
    const sign = async (validUntil: string) =>
      vc.issue({
        credential: buildAcademyRegistry({
          id: 'http://127.0.0.1/registry.json',
          academy: { did: signerDid, name: 'Centre de services scolaire de Montréal' },
          schools: [{ did: outsider.issuer.id, legalName: 'École des métiers de la restauration', identifiers: [{ identifierType: 'ext:QuebecOrganisationCode', identifier: '762000' }], recognisedFrom: '2020-01-01T00:00:00Z' }],
          validFrom: '2026-01-01T00:00:00Z',
          validUntil,
          created: '2026-01-01T00:00:00Z',
        }),
        suite: new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite: eddsaRdfc2022 }),
        documentLoader: async (url: string) => ({ contextUrl: null, documentUrl: url, document: contexts.get(url) }),
      });
    const good = (await sign('2099-01-01T00:00:00Z')) as Record<string, any>;
    const forged = { ...structuredClone(good), registry: {}, credentialSubject: { ...good.credentialSubject, recognisedIssuer: [{ ...good.credentialSubject.recognisedIssuer[0], id: lookAlike.did }] } };
    const expired = await sign('2026-02-01T00:00:00Z');
    const { server, base } = await serveJson({ '/good.json': good, '/forged.json': forged, '/expired.json': expired });
    try {
      const trust = (name: string, path: string) => api.post('/v1/trusted-registries', { name, url: `${base}${path}`, signerDid }).expect(201);
      expect((await verify(outsider)).body.recognition.status).toBe('not-recognised');
      const added = (await trust('CSS de Montréal', '/good.json')).body;
      expect((await api.get('/v1/trusted-registries').expect(200)).body.registries).toEqual([added]);
      expect((await verify(outsider)).body.recognition).toMatchObject({ status: 'recognised', vouchedBy: { registryName: 'Centre de services scolaire de Montréal', signedBy: signerDid } });

      await trust('Forged', '/forged.json');
      await trust('Expired', '/expired.json');
      const report = (await verify(lookAlikeCredential)).body;
      expect(report.recognition.status).toBe('not-recognised');
      expect(report.recognition.unavailableRegistries).toEqual([
        { url: `${base}/forged.json`, reason: 'bad-signature' },
        { url: `${base}/expired.json`, reason: 'expired' },
      ]);
      await request(service.app).delete(`/v1/trusted-registries/${added.id}`).set('Authorization', `Bearer ${service.adminKey}`).expect(204);
      expect((await verify(outsider)).body.recognition.status).toBe('not-recognised');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('when the registry URL or body is wrong, then problem+json names the field', async () => {
    const res = await api.post('/v1/trusted-registries', { name: 'X', url: 'ftp://x', signerDid: 'did:key:z6Mk' }).expect(400);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.errors[0].field).toBe('/url');
    await request(service.app).get('/registries/00000000-0000-4000-8000-000000000000').expect(404);
  });
});
