import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { buildAchievement, buildAchievementCredential, buildIssuerProfile } from '../../src/domain/open-badges.js';
import { SCHEMAS_DIR } from '../../src/json-schemas.js';
import { officialOpenBadgeValidator } from '../support/oracles.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
const official = officialOpenBadgeValidator();
const ajv = new Ajv2020({ allErrors: true, strict: true, strictTuples: false });
addFormats(ajv);
const ours = ajv.compile(JSON.parse(readFileSync(resolve(SCHEMAS_DIR, 'open-badge-credential.schema.json'), 'utf8')));

/** A credential using every class mobicred emits or is likely to receive, with a proof and a status entry. */
function richCredential(): Record<string, any> {
  const issuer = buildIssuerProfile({
    id: 'did:web:example.org:issuers:lp',
    profile: {
      name: 'LP Jean Moulin',
      url: 'https://lp.example.fr',
      email: 'contact@lp.example.fr',
      phone: '+33 4 00 00 00 00',
      address: { streetAddress: '1 rue de la Gare', postalCode: '69003', addressLocality: 'Lyon', addressCountryCode: 'FR' },
      otherIdentifier: [{ identifier: '0690001A', identifierType: 'ext:UAI' }],
    },
  });
  const achievement = buildAchievement({
    id: 'https://example.org/achievements/1',
    creator: issuer,
    achievement: {
      name: 'Unité facultative de mobilité',
      description: 'Optional mobility unit of the Bac pro',
      criteria: { narrative: 'Parts 1 and 2 assessed', id: 'https://example.org/criteria/ufm' },
      achievementType: 'ext:OptionalMobilityUnit',
      image: { id: 'https://example.org/ufm.png', caption: 'UFM' },
      tag: ['Erasmus+'],
      humanCode: 'UFM',
      fieldOfStudy: 'Cuisine',
      inLanguage: 'fr',
      alignment: [{ targetName: 'EQF 4', targetUrl: 'http://data.europa.eu/snb/eqf/4', targetCode: '4', targetType: 'ext:EQF', targetFramework: 'EQF' }],
    },
  });
  const credential: Record<string, any> = buildAchievementCredential({
    id: 'https://example.org/credentials/1',
    issuer,
    achievement,
    recipient: { email: 'a@example.com', salt: 'Kosher', displayName: 'Léa Martin' },
    validFrom: '2026-07-01T00:00:00Z',
    validUntil: '2031-07-01T00:00:00Z',
    awardedDate: '2026-07-01T00:00:00Z',
    credentialStatus: {
      id: 'https://example.org/status/1#5',
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '5',
      statusListCredential: 'https://example.org/status/1',
    },
  });
  credential.credentialSubject.achievement.resultDescription = [
    {
      id: 'https://example.org/rd/total',
      type: ['ResultDescription'],
      name: 'Total mark',
      resultType: 'RawScore',
      valueMin: '0',
      valueMax: '20',
      allowedValue: ['A1', 'A2'],
      rubricCriterionLevel: [{ id: 'https://example.org/rcl/1', type: ['RubricCriterionLevel'], name: 'Met', points: '2' }],
    },
  ];
  credential.credentialSubject.result = [{ type: ['Result'], resultDescription: 'https://example.org/rd/total', value: '14', status: 'Completed' }];
  credential.credentialSubject.activityStartDate = '2026-05-04T00:00:00Z';
  credential.credentialSubject.activityEndDate = '2026-05-29T00:00:00Z';
  credential.evidence = [{ type: ['Evidence'], id: 'https://example.org/evidence/1', name: 'Learning agreement' }];
  credential.proof = [
    { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', created: '2026-07-01T00:00:00Z', proofPurpose: 'assertionMethod', verificationMethod: 'did:web:example.org:issuers:lp#k', proofValue: 'z3abc' },
  ];
  return credential;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const REPLACEMENTS: Json[] = [42, 'text', '', true, null, [], {}, 'ext:Custom', '2026-13-45'];

/** Every document obtained by one change at one place: removal, a value of another kind, an unknown member. */
function* mutations(document: Json, path: (string | number)[] = []): Generator<{ path: string; document: Json }> {
  const root = (mutate: (copy: any) => void) => {
    const copy = structuredClone(rootDocument) as any;
    let parent = copy;
    for (const key of path.slice(0, -1)) parent = parent[key];
    mutate(path.length === 0 ? { '': copy } : parent);
    return copy as Json;
  };
  const key = path[path.length - 1];
  const label = '/' + path.join('/');
  if (path.length > 0) {
    yield { path: `${label} removed`, document: root((parent) => (Array.isArray(parent) ? parent.splice(key as number, 1) : delete parent[key!])) };
    for (const replacement of REPLACEMENTS) {
      yield { path: `${label} = ${JSON.stringify(replacement)}`, document: root((parent) => (parent[key!] = structuredClone(replacement))) };
    }
  }
  if (document !== null && typeof document === 'object') {
    if (!Array.isArray(document)) {
      yield { path: `${label} + unexpected member`, document: root((parent) => ((path.length === 0 ? parent[''] : parent[key!]).unexpected = 1)) };
    }
    for (const [child, value] of Object.entries(document)) {
      yield* mutations(value, [...path, Array.isArray(document) ? Number(child) : child]);
    }
  }
}
let rootDocument: Json = null;

describe('our run-time credential schema against the official 1EdTech schema', () => {
  it('when a rich credential is checked, then both accept it', () => {
    const credential = richCredential();
    expect(official(credential).errors).toBeNull();
    expect(ours.errors ?? ours(credential)).toBe(true);
  });

  it('when every place of the credential is removed, retyped or extended, then both schemas give the same answer', () => {
    rootDocument = richCredential() as Json;
    const disagreements: string[] = [];
    let accepted = 0;
    let rejected = 0;
    for (const { path, document } of mutations(rootDocument)) {
      const officialSays = official(document).valid;
      const oursSays = ours(document) as boolean;
      if (officialSays !== oursSays) disagreements.push(`${path}: official ${officialSays}, ours ${oursSays}`);
      if (officialSays) accepted += 1;
      else rejected += 1;
    }
    expect(disagreements).toEqual([]);
    // The corpus exercises both answers at length.
    expect(accepted).toBeGreaterThan(200);
    expect(rejected).toBeGreaterThan(500);
  });
});
