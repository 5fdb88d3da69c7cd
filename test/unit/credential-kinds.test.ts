import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { PROJECT_ROOT } from '../../src/config.js';
import { CREDENTIAL_KIND_NAMES, CREDENTIAL_KINDS, parseTemplateKey } from '../../src/domain/credential-kinds.js';
import { DEFAULT_UFM_SCHEME } from '../../src/domain/ufm.js';
import type { MobilityRecord } from '../../src/domain/mobility.js';
import { placement } from '../support/api.js';

/** Every `enum` under a property named `kind` in the issuance answers, wherever openapi.yaml has one. */
function kindEnums(node: unknown, found: string[][] = []): string[][] {
  if (Array.isArray(node)) node.forEach((item) => kindEnums(item, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'kind' && value && typeof value === 'object' && Array.isArray((value as { enum?: unknown }).enum)) found.push((value as { enum: string[] }).enum);
      kindEnums(value, found);
    }
  }
  return found;
}

/** A learner's work placement, as the API records it. */
const STAY = placement('not-stored') as MobilityRecord;

describe('the registry of credential kinds', () => {
  it('when openapi.yaml’s mobility issuance answer is read, then each of its kind enums is exactly the registry’s kinds', () => {
    const openapi = parseYaml(readFileSync(resolve(PROJECT_ROOT, 'openapi.yaml'), 'utf8')) as { components: { responses: { MobilityIssuance: unknown } } };
    const enums = kindEnums(openapi.components.responses.MobilityIssuance);
    expect(enums).toHaveLength(2);
    for (const kinds of enums) expect([...kinds].sort()).toEqual([...CREDENTIAL_KIND_NAMES].sort());
    expect(Object.keys(CREDENTIAL_KINDS).sort()).toEqual([...CREDENTIAL_KIND_NAMES].sort());
  });

  it.each(CREDENTIAL_KIND_NAMES)('when a %s template’s key is read back, then it names its kind and language', (kind) => {
    const assessment = { language: { code: 'es', reached: 'B1' as const } };
    for (const language of ['fr', 'en'] as const) {
      const { templateKey } = CREDENTIAL_KINDS[kind].template({ record: STAY, assessment, ufmUnit: { scheme: DEFAULT_UFM_SCHEME, fingerprint: 'a1b2c3' } }, language);
      expect(parseTemplateKey(templateKey)).toMatchObject({ kind, language });
    }
  });

  it('when a key is of no known kind or malformed, then it is not read as a kind', () => {
    expect(parseTemplateKey('diploma:x@fr')).toBeUndefined();
    expect(parseTemplateKey('language:es')).toBeUndefined();
    expect(parseTemplateKey('language:es@fr')).toEqual({ kind: 'language', detail: 'es', language: 'fr' });
  });
});
