import { describe, expect, it } from 'vitest';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as referenceCryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {
  buildAchievement,
  buildAchievementCredential,
  buildEndorsementCredential,
  buildIssuerProfile,
  type AchievementInput,
  type JsonObject,
} from '../../src/domain/open-badges.js';
import { createDocumentLoader } from '../../src/proof/document-loader.js';
import { referenceCanonize, templateCanonizer } from '../../src/proof/template-canonize.js';
import { PLACEMENT_ACHIEVEMENT, SCHOOL } from '../support/api.js';

const documentLoader = createDocumentLoader();
const COUNT = Number(process.env.MOBICRED_DIFFERENTIAL_COUNT ?? 2000);

/** A deterministic generator, so that a failing document can be rebuilt from its number. */
function random(seed: number) {
  return () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

const NAMES = ['Léa Martin', 'Zoë Ødegård', 'محمد الأمين', '李小龙', 'Anaïs "La Chef" O’Neil', 'back\\slash', 'new\nline', 'tab\tand 😀 emoji', 'x'.repeat(3000), 'e\u0301 combining', ' spaced '];
const LEVELS = ['not-acquired', 'developing', 'proficient', 'advanced'];
/**
 * IRIs of every form: `scheme://`, other schemes (left as they are by expansion), and schemes that are terms of
 * the bundled contexts (xsd, sec, cred, tag, id: expanded through the context, so never substituted).
 */
const HOST_IRIS: ((n: number) => string)[] = [
  () => 'https://host.example/company',
  (n) => `urn:mobicred:host:${n}`,
  (n) => `urn:uuid:5b0c5f5e-2f44-4a8e-9d7e-${String(n).padStart(12, '0')}`,
  (n) => `mailto:host${n}@example.org`,
  (n) => `did:web:host-${n}.example`,
  (n) => `xsd:host${n}`,
  (n) => `sec:host${n}`,
  (n) => `cred:host${n}`,
  (n) => `tag:mobicred.test,2026:host${n}`,
  (n) => `id:${n}`,
];

/** Varied credentials as the service builds them: issuers, achievements, results, optional fields, odd text. */
function generate(n: number): JsonObject {
  const next = random(n + 1);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const maybe = <T,>(value: T): T | undefined => (next() < 0.5 ? value : undefined);
  const school = Math.floor(next() * 3);
  const issuer = buildIssuerProfile({
    id: pick(['did:web:mobicred.test:issuers:lp-a', 'did:web:mobicred.test%3A8443:issuers:lp-b', 'https://school.example/issuer', `did:web:school-${n % 7}.example`]),
    profile: { ...SCHOOL, name: pick(NAMES), ...(school === 0 ? { address: undefined } : {}), ...(school === 1 ? { otherIdentifier: undefined, url: undefined } : {}), description: maybe(pick(NAMES)) } as never,
  });
  const achievementId = `https://mobicred.test/achievements/${Math.floor(next() * 5)}`;
  const resultKeys = Array.from({ length: Math.floor(next() * 8) }, (_, index) => `skills-${index}`);
  const achievementInput: AchievementInput = {
    ...(PLACEMENT_ACHIEVEMENT as AchievementInput),
    name: pick(NAMES),
    description: pick(NAMES),
    tag: next() < 0.2 ? ['PFMP', 'PFMP', 'Erasmus+'] : maybe(['mobility', pick(NAMES)]),
    alignment: maybe(PLACEMENT_ACHIEVEMENT.alignment as never),
    inLanguage: pick(['fr', 'en', 'es']),
    image: maybe({ id: `${achievementId}/image.png` }),
    resultDescription: resultKeys.map((key) => ({ key, name: pick(NAMES), resultType: pick(['PerformanceLevel', 'ext:CEFRLevel', 'RawScore']), allowedValue: maybe([...LEVELS]), valueMax: maybe('20') })),
  };
  const achievement = buildAchievement({ id: achievementId, creator: issuer, achievement: achievementInput });
  const credential = buildAchievementCredential({
    id: `https://mobicred.test/credentials/${n}`,
    issuer,
    achievement,
    recipient: { email: `learner${n}@example.org`, salt: `salt${n}`, ...(next() < 0.6 ? { displayName: pick(NAMES) } : {}) },
    validFrom: '2026-06-30T08:00:00Z',
    validUntil: maybe('2031-06-30T00:00:00Z'),
    awardedDate: maybe(`2026-0${1 + Math.floor(next() * 9)}-1${Math.floor(next() * 9)}T00:00:00Z`),
    credentialStatus: {
      id: `https://mobicred.test/status-lists/l${n % 3}#${n}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: pick(['revocation', 'suspension']),
      statusListIndex: String(Math.floor(next() * 131072)),
      statusListCredential: `https://mobicred.test/status-lists/l${n % 3}`,
    },
    record: {
      activityStartDate: maybe('2026-05-04T00:00:00Z'),
      activityEndDate: maybe('2026-05-29T23:59:59Z'),
      narrative: maybe(pick(NAMES)),
      result: resultKeys.filter(() => next() < 0.8).map((key) => ({ type: ['Result'], resultDescription: `${achievementId}#${key}`, achievedLevel: maybe(`${achievementId}#${key}-level`), value: pick(LEVELS) })),
      source: maybe({ id: pick(HOST_IRIS)(n), type: ['Profile'], name: pick(NAMES) }),
      evidence: maybe([{ id: pick(HOST_IRIS)(n + 1), type: ['Evidence'], name: pick(NAMES) }]),
    },
  });
  // Wallet copies carry the holder's DID as the subject id.
  if (next() < 0.2) (credential.credentialSubject as JsonObject).id = `did:key:z6Mk${n}`;
  return credential;
}

describe('template canonicalization (the fast eddsa-rdfc-2022 path)', () => {
  it(`when ${COUNT} varied credentials are canonicalized, then each is byte-identical to jsonld + rdf-canonize`, { timeout: 300_000 }, async () => {
    const canonizer = templateCanonizer();
    const mismatches: number[] = [];
    for (let n = 0; n < COUNT; n += 1) {
      const credential = generate(n);
      const reference = await referenceCanonize(credential, { documentLoader });
      // Twice: once building (or finding) the template, once from the template.
      for (let pass = 0; pass < 2; pass += 1) {
        if ((await canonizer.canonize(credential, { documentLoader })) !== reference) mismatches.push(n);
      }
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
  });

  it('when a cohort’s credentials share their achievement, each with its own recipient and host URN, then all but the first reuse its expansion', async () => {
    const canonizer = templateCanonizer();
    const first = generate(11);
    for (let n = 0; n < 100; n += 1) {
      const subject = first.credentialSubject as JsonObject;
      const credential = {
        ...first,
        id: `https://mobicred.test/credentials/cohort-${n}`,
        credentialStatus: { ...(first.credentialStatus as JsonObject), id: `https://mobicred.test/status-lists/l0#${n}`, statusListIndex: String(n) },
        // Each stay's host is a URN of its own, as mobility credentials have.
        credentialSubject: {
          ...subject,
          identifier: [{ ...(subject.identifier as JsonObject[])[0], identityHash: `sha256$${n}`, salt: `s${n}` }, ...(subject.identifier as JsonObject[]).slice(1)],
          source: { id: `urn:mobicred:host:${n}`, type: ['Profile'], name: `Host ${n}` } },
      };
      expect(await canonizer.canonize(credential, { documentLoader })).toBe(await referenceCanonize(credential, { documentLoader }));
    }
    expect(canonizer.stats.misses).toBeLessThanOrEqual(3);
    expect(canonizer.stats.hits).toBeGreaterThanOrEqual(97);
  });

  it('when an endorsement, a proof configuration and a document with a relative or prefixed IRI are canonicalized, then they match too', async () => {
    const canonizer = templateCanonizer();
    const documents: JsonObject[] = [
      buildEndorsementCredential({ id: 'https://mobicred.test/endorsements/1', issuer: { id: 'did:web:mobicred.test:issuers:endorser-1', type: ['Profile'], name: 'Host' }, subjectId: 'https://mobicred.test/credentials/1', subjectName: 'PFMP', comment: 'Très bien', validFrom: '2026-11-23T10:00:00Z' }),
      { '@context': ['https://www.w3.org/ns/credentials/v2'], type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', created: '2026-11-23T10:00:00Z', verificationMethod: 'did:web:mobicred.test:issuers:lp#key', proofPurpose: 'assertionMethod' },
      { ...generate(7), evidence: [{ id: 'urn:uuid:5b0c5f5e-2f44-4a8e-9d7e-1b8f3c2a9d10', type: ['Evidence'] }] },
    ];
    for (const document of [...documents, ...documents]) {
      expect(await canonizer.canonize(document, { documentLoader })).toBe(await referenceCanonize(document, { documentLoader }));
    }
  });

  it('when a context makes a scheme a prefix (cred:, xsd: in credentials v1), then such IRIs are expanded as the reference does, and other schemes reuse the template', async () => {
    const canonizer = templateCanonizer();
    const issuers = ['https://school.example/issuer', 'urn:x:1', 'cred:issuer-1', 'urn:x:2', 'xsd:issuer-2', 'did:web:school.example', 'sec:issuer-3', 'urn:x:3'];
    for (const issuer of [...issuers, ...issuers]) {
      const document = { '@context': ['https://www.w3.org/2018/credentials/v1'], id: 'https://mobicred.test/credentials/v1', type: ['VerifiableCredential'], issuer, issuanceDate: '2026-01-01T00:00:00Z', credentialSubject: { id: 'did:example:1' } };
      expect(await canonizer.canonize(document, { documentLoader })).toBe(await referenceCanonize(document, { documentLoader }));
    }
  });

  it('when an IRI that jsonld refuses (whitespace) stands where a URL was, then the fast path refuses it as the reference does', async () => {
    const canonizer = templateCanonizer();
    const valid = generate(3);
    await canonizer.canonize(valid, { documentLoader }); // the shape's template exists
    const invalid = { ...valid, id: 'https://mobicred.test/credentials/with space' };
    await expect(referenceCanonize(invalid, { documentLoader })).rejects.toThrow();
    await expect(canonizer.canonize(invalid, { documentLoader })).rejects.toThrow();
  });

  it('when credentials are signed through the fast path, then the proofs are byte-identical to the reference and the reference verifies them', async () => {
    const canonizer = templateCanonizer();
    const fastSuite = { ...referenceCryptosuite, canonize: canonizer.canonize };
    const keyPair = await Ed25519Multikey.generate({ controller: 'did:key:test' });
    const signer = keyPair.signer();
    const keyLoader = async (url: string) => {
      const [did] = url.split('#');
      if (did === 'did:key:test') {
        const method = { id: signer.id, type: 'Multikey', controller: 'did:key:test', publicKeyMultibase: keyPair.publicKeyMultibase };
        const document = url.includes('#')
          ? { '@context': 'https://w3id.org/security/multikey/v1', ...method }
          : { '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'], id: 'did:key:test', verificationMethod: [method], assertionMethod: [signer.id] };
        return { contextUrl: null, documentUrl: url, document };
      }
      return documentLoader(url);
    };
    const date = new Date('2026-11-23T10:00:00Z');
    for (let n = 0; n < 50; n += 1) {
      const credential = { ...generate(n), issuer: { id: 'did:key:test', type: ['Profile'], name: 'Test school' } };
      const sign = (cryptosuite: unknown) =>
        vc.issue({ credential: structuredClone(credential), suite: new DataIntegrityProof({ signer, cryptosuite, date }), documentLoader: keyLoader, now: date });
      const [fast, reference] = [await sign(fastSuite), await sign(referenceCryptosuite)];
      expect(fast).toEqual(reference);
      const verified = await vc.verifyCredential({ credential: fast, suite: new DataIntegrityProof({ cryptosuite: referenceCryptosuite }), documentLoader: keyLoader, checkStatus: async () => ({ verified: true }) });
      expect(verified.verified, JSON.stringify(verified.error)).toBe(true);
    }
  });
});
