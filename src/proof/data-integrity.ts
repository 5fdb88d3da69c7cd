import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { eddsaRdfc2022Cryptosuite } from './eddsa-rdfc-2022.js';
import type { DocumentLoader } from '@digitalbazaar/vc';
import type { JsonObject } from '../domain/open-badges.js';
import type { IssuerSigner } from './signer.js';
import { createDocumentLoader } from './document-loader.js';
import { linkedDataSuite, type LinkedDataSuiteId } from './linked-data-suites.js';

/**
 * Secures a credential with a Data Integrity proof, cryptosuite eddsa-rdfc-2022, through the reference
 * library (with the template canonicalization: same bytes, faster). The proof is returned as a one-element array: the official OB 3.0 schema requires an array,
 * and verifiers accept both forms.
 */
export async function signDataIntegrity(options: {
  credential: JsonObject;
  signer: IssuerSigner;
  documentLoader: DocumentLoader;
  created: Date;
}): Promise<JsonObject> {
  const suite = new DataIntegrityProof({
    signer: { id: options.signer.id, algorithm: options.signer.algorithm, sign: options.signer.sign },
    cryptosuite: eddsaRdfc2022Cryptosuite,
    date: options.created,
  });
  const signed = await vc.issue({
    // vc.issue adds the proof to the object it is given, and changes nothing deeper: a shallow copy keeps the caller's as it was.
    credential: { ...options.credential },
    suite,
    documentLoader: options.documentLoader,
    now: options.created,
  });
  return { ...signed, proof: [signed.proof] };
}

/**
 * Whether a document's eddsa-rdfc-2022 proof verifies through the reference library, its key resolved by
 * `documentLoader` (its content as such is the caller's to check). `checkStatus`, for a document with a
 * credentialStatus, and `now`, for its validity window, are the reference's own options.
 */
export async function dataIntegrityVerifies(
  document: object,
  documentLoader: DocumentLoader,
  options: { now?: Date; checkStatus?: () => Promise<{ verified: boolean }> } = {},
): Promise<boolean> {
  const result = await vc.verifyCredential({ credential: document, suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022Cryptosuite }), documentLoader, ...options });
  return result.verified === true;
}

/**
 * Whether a credential's linked-data proof verifies with only the given DID document (or a did:key, derived
 * from the key itself) and the bundled contexts to resolve its key from, at `now`; its status is a check of
 * its own.
 */
export async function verifyDataIntegrity(options: { document: JsonObject; suite: LinkedDataSuiteId; didDocument: JsonObject; now: Date }): Promise<boolean> {
  const { didDocument } = options;
  const documentLoader = createDocumentLoader({ resolveDid: async (did) => (did === didDocument.id ? didDocument : undefined) });
  const result = await vc.verifyCredential({
    credential: options.document,
    suite: linkedDataSuite(options.suite).suite(),
    documentLoader,
    now: options.now,
    checkStatus: async () => ({ verified: true }),
  });
  return result.verified === true;
}
