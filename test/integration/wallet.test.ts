import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, type JWK } from 'jose';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { BACKENDS } from '../support/backends.js';
import { TEST_BASE_URL, startTestService, type TestService } from '../support/service.js';
import { adminApi } from '../support/api.js';
import { officialOpenBadgeValidator, openApiResponseValidator } from '../support/oracles.js';
import { verifyDataIntegrity } from '../support/verifier.js';

const validateOpenBadge = officialOpenBadgeValidator();
const validateResponse = openApiResponseValidator();
const DAY = 24 * 60 * 60 * 1000;

/** A wallet's key: Ed25519 named by its did:key, or P-256 sent as a bare jwk. */
async function holderKeys(kind: 'did:key' | 'jwk') {
  const { privateKey, publicKey } = await generateKeyPair(kind === 'did:key' ? 'EdDSA' : 'ES256', { crv: kind === 'did:key' ? 'Ed25519' : 'P-256' });
  const jwk = await exportJWK(publicKey);
  if (kind === 'jwk') return { privateKey, alg: 'ES256', header: { jwk }, jwk };
  const { publicKeyMultibase } = await Ed25519Multikey.fromJwk({ jwk });
  const did = `did:key:${publicKeyMultibase}`;
  return { privateKey, alg: 'EdDSA', header: { kid: `${did}#${publicKeyMultibase}` }, did, jwk };
}

describe.each(BACKENDS)('OpenID4VCI on $name', (backend) => {
  let service: TestService;
  let api: ReturnType<typeof adminApi>;
  // The service's clock runs with real time (a wallet signs its proofs with the real time) and is moved ahead
  // where a test needs an expiry: a fixed clock fell behind the wallet's by over a minute on a loaded machine.
  let clockAhead = 0;
  let achievementId: string;

  beforeAll(async () => {
    service = await startTestService(backend, { now: () => new Date(Date.now() + clockAhead) });
    api = adminApi(service);
    const issuer = await api.createIssuer();
    achievementId = (await api.createAchievement(issuer.id)).id;
  });
  afterAll(() => service.close());

  const path = (url: string) => url.slice(TEST_BASE_URL.length);
  const issue = async () =>
    (await api.post('/v1/credentials', { achievementId, recipient: { email: 'lea@example.org', name: 'Léa Martin' }, statusPurpose: 'suspension' })).body as { id: string; credential: any };
  /** What a wallet does with an offer URI, up to its access token. */
  const redeem = async (offerUri: string) => {
    const offer = JSON.parse(new URL(offerUri).searchParams.get('credential_offer')!);
    const issuerMetadata = (await request(service.app).get('/.well-known/openid-credential-issuer').expect(200)).body;
    const serverMetadata = (await request(service.app).get('/.well-known/oauth-authorization-server').expect(200)).body;
    const code = offer.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code']['pre-authorized_code'];
    const token = await request(service.app).post(path(serverMetadata.token_endpoint)).type('form')
      .send({ grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code', 'pre-authorized_code': code });
    return { offer, issuerMetadata, code, token };
  };
  const proof = async (holder: Awaited<ReturnType<typeof holderKeys>>, nonce: string, audience = TEST_BASE_URL) =>
    new SignJWT({ nonce }).setProtectedHeader({ alg: holder.alg, typ: 'openid4vci-proof+jwt', ...holder.header }).setAudience(audience).setIssuedAt().sign(holder.privateKey);
  const requestCredential = (endpoint: string, accessToken: string, body: object) =>
    request(service.app).post(path(endpoint)).set('Authorization', `Bearer ${accessToken}`).send(body);
  const freshNonce = async (metadata: any) => (await request(service.app).post(path(metadata.nonce_endpoint)).expect(200)).body.c_nonce as string;

  it('when a wallet follows an offer (offer → token → proof → credential), then it gets a credential bound to its did:key, in both formats, that verifies', async () => {
    const credential = await issue();
    const created = await api.post(`/v1/credentials/${credential.id}/offers`, {});
    expect(created.status).toBe(201);
    expect(validateResponse({ path: '/v1/credentials/{id}/offers', method: 'POST', status: 201, contentType: created.headers['content-type'], body: created.body }).errors).toBeNull();
    expect(created.body.qrCodeSvg).toMatch(/^<svg/);
    const { offer, issuerMetadata, token } = await redeem(created.body.credentialOfferUri);
    expect(offer.credential_issuer).toBe(TEST_BASE_URL);
    expect(token.status).toBe(200);
    expect(token.headers['cache-control']).toBe('no-store');
    expect(token.body).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String), c_nonce: expect.any(String) });

    const holder = await holderKeys('did:key');
    const asJwt = await requestCredential(issuerMetadata.credential_endpoint, token.body.access_token, {
      credential_configuration_id: 'OpenBadgeCredential_jwt_vc_json',
      proofs: { jwt: [await proof(holder, token.body.c_nonce)] },
    });
    expect(asJwt.status, asJwt.text).toBe(200);
    const jwt = asJwt.body.credentials[0].credential as string;
    const slug = String(credential.credential.issuer.id).split(':').pop();
    const issuerJwks = (await request(service.app).get(`/issuers/${slug}/jwks.json`)).body;
    const { payload } = await jwtVerify(jwt, createLocalJWKSet(issuerJwks));
    expect(payload.sub).toBe(holder.did);
    expect((payload.credentialSubject as any).id).toBe(holder.did);
    expect(payload.jti).not.toBe(credential.credential.id);
    expect((payload.credentialSubject as any).achievement).toEqual(credential.credential.credentialSubject.achievement);
    expect(validateOpenBadge(payload).errors).toBeNull();

    // The same wallet asks for the JSON-LD form with a new nonce: the same copy, with its Data Integrity proof.
    const asLdp = await requestCredential(issuerMetadata.credential_endpoint, token.body.access_token, {
      credential_configuration_id: 'OpenBadgeCredential_ldp_vc',
      proofs: { jwt: [await proof(holder, await freshNonce(issuerMetadata))] },
    });
    expect(asLdp.status, asLdp.text).toBe(200);
    const ldp = asLdp.body.credentials[0].credential;
    expect(ldp.id).toBe(payload.jti);
    expect(ldp.credentialSubject.id).toBe(holder.did);
    const didDocument = (await request(service.app).get(`/issuers/${credential.credential.issuer.id.split(':').pop()}/did.json`)).body;
    const verified = await verifyDataIntegrity(service.app, ldp, didDocument);
    expect(verified.verified, JSON.stringify(verified.error ?? verified.results)).toBe(true);
    expect(validateOpenBadge(ldp).errors).toBeNull();

    // Suspending the original suspends the wallet copy; lifting it lifts both.
    const copyId = new URL(ldp.id).pathname.split('/').pop();
    const verdict = async (id: string) => (await request(service.app).get(`/credentials/${id}/verification`)).body.verdict;
    await api.post(`/v1/credentials/${credential.id}/suspend`, { reason: 'inquiry' }).expect(200);
    expect(await verdict(copyId!)).toBe('suspended');
    await api.post(`/v1/credentials/${credential.id}/reinstate`, { reason: 'cleared' }).expect(200);
    expect(await verdict(copyId!)).toBe('valid');
  });

  it('when a wallet reads the issuer metadata, then each configuration\'s display is under credential_metadata (1.0 final) and still at the top (drafts)', async () => {
    const metadata = (await request(service.app).get('/.well-known/openid-credential-issuer').expect(200)).body;
    for (const configuration of Object.values<any>(metadata.credential_configurations_supported)) {
      expect(configuration.credential_metadata.display).toEqual(expect.arrayContaining([expect.objectContaining({ name: expect.any(String), locale: 'fr' })]));
      expect(configuration.display).toEqual(configuration.credential_metadata.display);
    }
  });

  it('when a pre-authorized code is used again, or after it expired, then the token is refused; a nonce works once', async () => {
    const credential = await issue();
    const created = (await api.post(`/v1/credentials/${credential.id}/offers`, {})).body;
    const first = await redeem(created.credentialOfferUri);
    expect(first.token.status).toBe(200);
    const replayed = await redeem(created.credentialOfferUri);
    expect(replayed.token.status).toBe(400);
    expect(replayed.token.body).toEqual({ error: 'invalid_grant', error_description: expect.any(String) });

    const holder = await holderKeys('did:key');
    const endpoint = first.issuerMetadata.credential_endpoint;
    const nonce = first.token.body.c_nonce;
    const body = async (jwtNonce: string, audience?: string) => ({ credential_configuration_id: 'OpenBadgeCredential_jwt_vc_json', proofs: { jwt: [await proof(holder, jwtNonce, audience)] } });
    expect((await requestCredential(endpoint, first.token.body.access_token, await body(nonce, 'https://elsewhere.example'))).body.error).toBe('invalid_proof');
    expect((await requestCredential(endpoint, first.token.body.access_token, await body(nonce))).status).toBe(200);
    expect((await requestCredential(endpoint, first.token.body.access_token, await body(nonce))).body.error).toBe('invalid_nonce');
    expect((await requestCredential(endpoint, 'not-a-token', await body(await freshNonce(first.issuerMetadata)))).status).toBe(401);

    const later = (await api.post(`/v1/credentials/${credential.id}/offers`, {})).body;
    clockAhead = 2 * DAY;
    try {
      const expired = await redeem(later.credentialOfferUri);
      expect(expired.token.status).toBe(400);
      expect(expired.token.body.error).toBe('invalid_grant');
    } finally {
      clockAhead = 0;
    }
  });

  it('when nonces are asked for anonymously, then none is stored; an expired or altered nonce is refused at use', async () => {
    const stored = async () => Number((await service.ctx.db.selectFrom('oid4vci_nonces').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await stored();
    const metadata = (await request(service.app).get('/.well-known/openid-credential-issuer').expect(200)).body;
    const nonces = [];
    for (let n = 0; n < 5; n += 1) nonces.push(await freshNonce(metadata));
    expect(new Set(nonces).size).toBe(5);
    expect(await stored()).toBe(before);

    const credential = await issue();
    const holder = await holderKeys('did:key');
    const { token } = await redeem((await api.post(`/v1/credentials/${credential.id}/offers`, {})).body.credentialOfferUri);
    const withNonce = async (nonce: string) =>
      requestCredential(metadata.credential_endpoint, token.body.access_token, { credential_configuration_id: 'OpenBadgeCredential_jwt_vc_json', proofs: { jwt: [await proof(holder, nonce)] } });
    const altered = nonces[0]!.replace(/^(n1\.)(\d)/, (_, head: string, digit: string) => head + String((Number(digit) + 1) % 10));
    expect((await withNonce(altered)).body.error).toBe('invalid_nonce');
    clockAhead = 301_000;
    try {
      expect((await withNonce(nonces[1]!)).body.error).toBe('invalid_nonce');
    } finally {
      clockAhead = 0;
    }
    expect((await withNonce(nonces[2]!)).status).toBe(200);
    expect(await stored()).toBe(before + 1);
  });

  it('when one address asks for nonces past its limit, then it is refused in OAuth format; another address is not', async () => {
    const limited = await startTestService(backend, { nonceRequestsPerMinute: 3, trustProxy: 1 });
    try {
      const ask = (client: string) => request(limited.app).post('/oid4vci/nonce').set('X-Forwarded-For', client);
      for (let n = 0; n < 3; n += 1) expect((await ask('198.51.100.1')).status).toBe(200);
      const refused = await ask('198.51.100.1');
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual({ error: 'slow_down', error_description: expect.any(String) });
      expect(refused.headers['cache-control']).toBe('no-store');
      expect(validateResponse({ method: 'POST', path: '/oid4vci/nonce', status: 429, body: refused.body, contentType: refused.headers['content-type'] }).errors).toBeNull();
      expect((await ask('198.51.100.2')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('when a wallet binds with a bare P-256 jwk, then the credential names it as a did:jwk; a suspended credential is not delivered', async () => {
    const credential = await issue();
    const created = (await api.post(`/v1/credentials/${credential.id}/offers`, {})).body;
    const { issuerMetadata, token } = await redeem(created.credentialOfferUri);
    const holder = await holderKeys('jwk');
    const res = await requestCredential(issuerMetadata.credential_endpoint, token.body.access_token, {
      credential_configuration_id: 'OpenBadgeCredential_ldp_vc',
      proofs: { jwt: [await proof(holder, token.body.c_nonce)] },
    });
    expect(res.status, res.text).toBe(200);
    const subjectId: string = res.body.credentials[0].credential.credentialSubject.id;
    expect(subjectId).toMatch(/^did:jwk:/);
    const bound = JSON.parse(Buffer.from(subjectId.slice('did:jwk:'.length), 'base64url').toString()) as JWK;
    expect({ x: bound.x, y: bound.y, crv: bound.crv }).toEqual({ x: holder.jwk.x, y: holder.jwk.y, crv: 'P-256' });

    // An offer made before the suspension is not delivered, and no new offer is made.
    const suspended = await issue();
    const offer = (await api.post(`/v1/credentials/${suspended.id}/offers`, {})).body;
    await api.post(`/v1/credentials/${suspended.id}/suspend`, { reason: 'inquiry' }).expect(200);
    expect((await api.post(`/v1/credentials/${suspended.id}/offers`, {})).body).toMatchObject({ status: 409, type: 'urn:mobicred:problem:credential-not-active' });
    const second = await redeem(offer.credentialOfferUri);
    const refused = await requestCredential(second.issuerMetadata.credential_endpoint, second.token.body.access_token, {
      credential_configuration_id: 'OpenBadgeCredential_jwt_vc_json',
      proofs: { jwt: [await proof(holder, second.token.body.c_nonce)] },
    });
    expect(refused.body).toMatchObject({ error: 'credential_request_denied' });
  });
});
