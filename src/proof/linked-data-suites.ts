import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsa2022 } from '@digitalbazaar/eddsa-2022-cryptosuite';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import type { JsonObject } from '../domain/open-badges.js';
import { eddsaRdfc2022Cryptosuite } from './eddsa-rdfc-2022.js';

/**
 * Linked-data proofs this service checks: eddsa-rdfc-2022 (what mobicred signs with and OB 3.0 certifies),
 * and, for credentials issued elsewhere before it, the deprecated eddsa-2022 and Ed25519Signature2020.
 */
export type LinkedDataSuiteId = 'eddsa-rdfc-2022' | 'eddsa-2022' | 'Ed25519Signature2020';

interface LinkedDataSuite {
  id: LinkedDataSuiteId;
  /** As the verifier names it in its checks. */
  name: string;
  matches(proof: JsonObject): boolean;
  /** A verification suite of the reference library. */
  suite(): unknown;
}

/**
 * The deprecated suites canonicalize with URDNA2015 from an older rdf-canonize, whose guard against poison
 * graphs is off by default (RDFC-1.0's is on): each blank node may be hashed in depth this often, far more
 * than any credential needs.
 */
const URDNA2015_MAX_DEEP_ITERATIONS = 10;

export const LINKED_DATA_SUITES: readonly LinkedDataSuite[] = [
  {
    id: 'eddsa-rdfc-2022',
    name: 'eddsa-rdfc-2022 Data Integrity',
    matches: (proof) => proof.type === 'DataIntegrityProof' && proof.cryptosuite === 'eddsa-rdfc-2022',
    suite: () => new DataIntegrityProof({ cryptosuite: eddsaRdfc2022Cryptosuite }),
  },
  {
    id: 'eddsa-2022',
    name: 'eddsa-2022 Data Integrity (deprecated)',
    matches: (proof) => proof.type === 'DataIntegrityProof' && proof.cryptosuite === 'eddsa-2022',
    suite: () =>
      new DataIntegrityProof({
        cryptosuite: { ...eddsa2022, canonize: (input: object, options: object) => eddsa2022.canonize(input, { ...options, maxDeepIterations: URDNA2015_MAX_DEEP_ITERATIONS }) },
      }),
  },
  {
    id: 'Ed25519Signature2020',
    name: 'Ed25519Signature2020 (deprecated)',
    matches: (proof) => proof.type === 'Ed25519Signature2020',
    suite: () => new Ed25519Signature2020({ canonizeOptions: { maxDeepIterations: URDNA2015_MAX_DEEP_ITERATIONS } }),
  },
];

export function linkedDataSuite(id: LinkedDataSuiteId): LinkedDataSuite {
  return LINKED_DATA_SUITES.find((suite) => suite.id === id)!;
}
