import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { BACKENDS } from '../support/backends.js';
import { startTestService, type TestService } from '../support/service.js';
import { adminApi, SCHOOL } from '../support/api.js';
import { createTestCa } from '../support/test-ca.js';
import { verifyJadesSeal } from '../support/jades-verifier.js';
import { decodeProtectedHeader } from 'jose';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { IssuerSerial } from '@peculiar/asn1-x509-attr';

const DAY = 24 * 60 * 60 * 1000;
const OPENSSL = '/usr/bin/openssl';

/** A PKCS#12 file as a trust service provider hands it out, made by OpenSSL (its defaults: AES-256, PBKDF2, SHA-256 MAC). */
function pkcs12ByOpenssl(seal: { certificateChainPem: string; privateKeyPem: string }, password: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'mobicred-p12-'));
  try {
    writeFileSync(join(dir, 'chain.pem'), seal.certificateChainPem);
    writeFileSync(join(dir, 'key.pem'), seal.privateKeyPem);
    execFileSync(OPENSSL, ['pkcs12', '-export', '-in', join(dir, 'chain.pem'), '-inkey', join(dir, 'key.pem'), '-out', join(dir, 'seal.p12'), '-passout', `pass:${password}`]);
    return readFileSync(join(dir, 'seal.p12')).toString('base64');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.each(BACKENDS)('sealed Europass exports on $name', (backend) => {
  let service: TestService;
  let api: ReturnType<typeof adminApi>;
  let clock = new Date();
  let ca: Awaited<ReturnType<typeof createTestCa>>;
  let school: { id: string };
  let credentialId: string;
  const europass = (format: string) => request(service.app).get(`/credentials/${credentialId}/europass?format=${format}`);
  const putSeal = (path: string, body: object) => request(service.app).put(path).set('Authorization', `Bearer ${service.adminKey}`).send(body);

  beforeAll(async () => {
    service = await startTestService(backend, { now: () => clock });
    api = adminApi(service);
    ca = await createTestCa({ notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 3650 * DAY) });
    school = await api.createIssuer();
    const { id: achievementId } = await api.createAchievement(school.id);
    credentialId = (await api.post('/v1/credentials', { achievementId, recipient: { email: 'lea@example.org', name: 'Léa Martin' } }).expect(201)).body.id;
  });
  afterAll(() => service?.close());

  it('when the school has no seal, then the export is unchanged and no JAdES form is offered', async () => {
    const json = await europass('json').expect(200);
    expect(json.body.type).toContain('EuropeanDigitalCredential');
    const jades = await europass('jades').expect(409);
    expect(jades.type).toBe('application/problem+json');
  });

  it('when the school configures a seal, then the export is JAdES baseline-B that verifies against the test CA, naming the certificate by chain, digest and issuer-serial', async () => {
    const seal = await ca.issueSeal({ serialNumber: '0a1b2c', organisation: SCHOOL.name, notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 365 * DAY) });
    const configured = await putSeal(`/v1/issuers/${school.id}/seal`, { certificateChainPem: seal.certificateChainPem, privateKeyPem: seal.privateKeyPem }).expect(200);
    expect(configured.body).toMatchObject({ subject: expect.stringContaining(SCHOOL.name), algorithm: 'ES256', chainLength: 2 });
    expect(JSON.stringify(configured.body)).not.toContain('PRIVATE');
    expect((await request(service.app).get(`/v1/issuers/${school.id}/seal`).set('Authorization', `Bearer ${service.adminKey}`).expect(200)).body).toEqual(configured.body);

    const response = await europass('jades').expect(200).expect('Content-Type', /application\/jose/);
    const jws = response.text;
    const header = decodeProtectedHeader(jws) as Record<string, any>;
    expect(header).toMatchObject({ alg: 'ES256', crit: ['sigT'], sigT: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) });
    expect(header.x5c).toHaveLength(2);
    // kid: the DER IssuerSerial of the seal certificate, read back with an ASN.1 library.
    const kid = AsnConvert.parse(Buffer.from(header.kid, 'base64'), IssuerSerial);
    const { tbsCertificate } = AsnConvert.parse(seal.certificate.rawData, Certificate);
    expect(Buffer.from(AsnConvert.serialize(kid.issuer[0]!.directoryName!))).toEqual(Buffer.from(AsnConvert.serialize(tbsCertificate.issuer)));
    expect(Buffer.from(kid.serial)).toEqual(Buffer.from(tbsCertificate.serialNumber));
    const verified = await verifyJadesSeal(jws, { trustAnchors: [ca.certificate], now: new Date() });
    expect(verified).toMatchObject({ outcome: 'valid', signer: expect.stringContaining(SCHOOL.name) });
    // The sealed document is the Europass credential itself, as the JSON form serves it.
    expect((verified as { document: unknown }).document).toEqual((await europass('json').expect(200)).body);
    // The unsealed VC-JWT is still served.
    expect((await europass('jwt').expect(200)).type).toBe('application/vc+jwt');

    // Altered by one byte of payload: the signature no longer holds.
    const [h, p, s] = jws.split('.');
    const altered = JSON.parse(Buffer.from(p!, 'base64url').toString());
    altered.id = `${altered.id}x`;
    expect((await verifyJadesSeal(`${h}.${Buffer.from(JSON.stringify(altered)).toString('base64url')}.${s}`, { trustAnchors: [ca.certificate], now: new Date() })).outcome).toBe('bad-signature');
    // Another CA does not vouch for it.
    const otherCa = await createTestCa({ notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + DAY) });
    expect((await verifyJadesSeal(jws, { trustAnchors: [otherCa.certificate], now: new Date() })).outcome).toBe('untrusted');
  });

  it('when the seal certificate is revoked by the CA’s CRL, then the verifier reports it revoked', async () => {
    const jws = (await europass('jades').expect(200)).text;
    const crl = await ca.revocationList([{ serialNumber: '0a1b2c', revocationDate: new Date() }], new Date());
    expect(await verifyJadesSeal(jws, { trustAnchors: [ca.certificate], crls: [crl], now: new Date() })).toMatchObject({ outcome: 'revoked', certificate: expect.stringContaining(SCHOOL.name) });
    const unrelated = await ca.revocationList([{ serialNumber: '99', revocationDate: new Date() }], new Date());
    expect((await verifyJadesSeal(jws, { trustAnchors: [ca.certificate], crls: [unrelated], now: new Date() })).outcome).toBe('valid');
  });

  it('when the seal certificate has expired, then the verifier reports it, the service no longer seals with it, and an expired certificate is refused', async () => {
    const jws = (await europass('jades').expect(200)).text;
    const later = new Date(Date.now() + 400 * DAY);
    expect(await verifyJadesSeal(jws, { trustAnchors: [ca.certificate], now: later })).toMatchObject({ outcome: 'expired' });
    clock = later;
    try {
      await europass('jades').expect(409);
      await europass('json').expect(200);
    } finally {
      clock = new Date();
    }
    const expired = await ca.issueSeal({ serialNumber: '0d', organisation: SCHOOL.name, notBefore: new Date(Date.now() - 10 * DAY), notAfter: new Date(Date.now() - DAY) });
    const refused = await putSeal(`/v1/issuers/${school.id}/seal`, { certificateChainPem: expired.certificateChainPem, privateKeyPem: expired.privateKeyPem }).expect(400);
    expect(refused.body).toMatchObject({ type: 'urn:mobicred:problem:invalid-seal', field: '/certificateChainPem' });
  });

  it('when the key is not the certificate’s, or the chain is broken, then the seal is refused with the field at fault', async () => {
    const one = await ca.issueSeal({ serialNumber: '0e', organisation: 'A', notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + DAY) });
    const two = await ca.issueSeal({ serialNumber: '0f', organisation: 'B', notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + DAY) });
    const wrongKey = await putSeal(`/v1/issuers/${school.id}/seal`, { certificateChainPem: one.certificateChainPem, privateKeyPem: two.privateKeyPem }).expect(400);
    expect(wrongKey.body.field).toBe('/privateKeyPem');
    const otherCa = await createTestCa({ notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + DAY) });
    const broken = `${one.certificate.toString('pem')}\n${otherCa.certificate.toString('pem')}`;
    const brokenChain = await putSeal(`/v1/issuers/${school.id}/seal`, { certificateChainPem: broken, privateKeyPem: one.privateKeyPem }).expect(400);
    expect(brokenChain.body.field).toBe('/certificateChainPem');
    await putSeal(`/v1/issuers/${school.id}/seal`, { certificateChainPem: 'nonsense', privateKeyPem: 'nonsense' }).expect(400);
  });

  it.runIf(existsSync(OPENSSL))('when the seal comes as a PKCS#12 file, then it is read with its password and seals like a PEM one; a wrong password is refused', async () => {
    const seal = await ca.issueSeal({ serialNumber: '3c', organisation: SCHOOL.name, notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 30 * DAY) });
    const pkcs12Base64 = pkcs12ByOpenssl(seal, 'correct horse');
    const refused = await putSeal(`/v1/issuers/${school.id}/seal`, { pkcs12Base64, password: 'wrong' }).expect(400);
    expect(refused.body).toMatchObject({ type: 'urn:mobicred:problem:invalid-seal', field: '/password' });
    const configured = await putSeal(`/v1/issuers/${school.id}/seal`, { pkcs12Base64, password: 'correct horse' }).expect(200);
    expect(configured.body).toMatchObject({ serialNumber: '3C', chainLength: 2, algorithm: 'ES256' });
    const jws = (await europass('jades').expect(200)).text;
    expect(await verifyJadesSeal(jws, { trustAnchors: [ca.certificate], now: new Date() })).toMatchObject({ outcome: 'valid', signer: expect.stringContaining(SCHOOL.name) });
    await putSeal(`/v1/issuers/${school.id}/seal`, { pkcs12Base64: Buffer.from('not a p12').toString('base64'), password: 'x' }).expect(400);
  });

  it('when only the academy has a seal, then its schools’ exports are sealed by the academy', async () => {
    const academyId = (await api.post('/v1/academies', { name: 'Académie de Lyon' }).expect(201)).body.id;
    const member = await api.createIssuer({ slug: 'lp-academy-member', academyId });
    const { id: achievementId } = await api.createAchievement(member.id);
    const id = (await api.post('/v1/credentials', { achievementId, recipient: { email: 'tom@example.org' } }).expect(201)).body.id;
    const seal = await ca.issueSeal({ serialNumber: '1a', organisation: 'Académie de Lyon', notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + DAY) });
    await putSeal(`/v1/academies/${academyId}/seal`, { certificateChainPem: seal.certificateChainPem, privateKeyPem: seal.privateKeyPem }).expect(200);
    const jws = (await request(service.app).get(`/credentials/${id}/europass?format=jades`).expect(200)).text;
    expect(await verifyJadesSeal(jws, { trustAnchors: [ca.certificate], now: new Date() })).toMatchObject({ outcome: 'valid', signer: expect.stringContaining('Académie de Lyon') });
  });
});
