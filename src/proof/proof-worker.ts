import { parentPort } from 'node:worker_threads';
import type { KeyObject } from 'node:crypto';
import type { JsonObject } from '../domain/open-badges.js';
import { signDataIntegrity, verifyDataIntegrity } from './data-integrity.js';
import { createDocumentLoader } from './document-loader.js';
import { ed25519Signer } from './signer.js';
import type { LinkedDataSuiteId } from './linked-data-suites.js';

/** A proof thread: Data Integrity signing and verification (JSON-LD canonicalization, the costly part) off the main thread. */
export type ProofOperation =
  | { kind: 'sign'; credential: JsonObject; verificationMethod: string; issuer: string; privateKey: KeyObject; created: string }
  | { kind: 'verify'; document: JsonObject; suite: LinkedDataSuiteId; didDocument: JsonObject; now: string };

export type ProofRequest = { id: number } & ProofOperation;

export interface ProofReply {
  id: number;
  signed?: JsonObject;
  verified?: boolean;
  error?: string;
}

const documentLoader = createDocumentLoader();

parentPort!.on('message', async (request: ProofRequest) => {
  try {
    if (request.kind === 'verify') {
      const verified = await verifyDataIntegrity({ document: request.document, suite: request.suite, didDocument: request.didDocument, now: new Date(request.now) });
      parentPort!.postMessage({ id: request.id, verified } satisfies ProofReply);
      return;
    }
    const signer = ed25519Signer({ id: request.verificationMethod, issuer: request.issuer, privateKey: request.privateKey });
    const signed = await signDataIntegrity({ credential: request.credential, signer, documentLoader, created: new Date(request.created) });
    parentPort!.postMessage({ id: request.id, signed } satisfies ProofReply);
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies ProofReply);
  }
});

parentPort!.postMessage('ready');
