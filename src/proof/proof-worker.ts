import type { KeyObject } from 'node:crypto';
import type { JsonObject } from '../domain/open-badges.js';
import { serveThreadRequests } from '../worker-threads.js';
import { signDataIntegrity, verifyDataIntegrity } from './data-integrity.js';
import { createDocumentLoader } from './document-loader.js';
import { ed25519Signer } from './signer.js';
import type { LinkedDataSuiteId } from './linked-data-suites.js';

/** A proof thread: Data Integrity signing and verification (JSON-LD canonicalization, the costly part) off the main thread. */
export type ProofOperation =
  | { kind: 'sign'; credential: JsonObject; verificationMethod: string; issuer: string; privateKey: KeyObject; created: string }
  | { kind: 'verify'; document: JsonObject; suite: LinkedDataSuiteId; didDocument: JsonObject; now: string };

export type ProofReply = { signed: JsonObject } | { verified: boolean };

const documentLoader = createDocumentLoader();

serveThreadRequests<ProofOperation, ProofReply>(async (operation) => {
  if (operation.kind === 'verify') {
    return { verified: await verifyDataIntegrity({ document: operation.document, suite: operation.suite, didDocument: operation.didDocument, now: new Date(operation.now) }) };
  }
  const signer = ed25519Signer({ id: operation.verificationMethod, issuer: operation.issuer, privateKey: operation.privateKey });
  return { signed: await signDataIntegrity({ credential: operation.credential, signer, documentLoader, created: new Date(operation.created) }) };
});
