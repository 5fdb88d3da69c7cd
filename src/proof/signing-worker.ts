import { parentPort } from 'node:worker_threads';
import { sign, type KeyObject } from 'node:crypto';
import type { JsonObject } from '../domain/open-badges.js';
import { signDataIntegrity } from './data-integrity.js';
import { createDocumentLoader } from './document-loader.js';

/** A signing thread: Data Integrity signing (JSON-LD canonicalization, the costly part) off the main thread. */
export interface SigningRequest {
  id: number;
  credential: JsonObject;
  verificationMethod: string;
  issuer: string;
  privateKey: KeyObject;
  created: string;
}

const documentLoader = createDocumentLoader();

parentPort!.on('message', async (request: SigningRequest) => {
  try {
    const signer = {
      id: request.verificationMethod,
      algorithm: 'Ed25519' as const,
      issuer: request.issuer,
      privateKey: request.privateKey,
      sign: async ({ data }: { data: Uint8Array }) => new Uint8Array(sign(null, data, request.privateKey)),
    };
    const signed = await signDataIntegrity({ credential: request.credential, signer, documentLoader, created: new Date(request.created) });
    parentPort!.postMessage({ id: request.id, signed });
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) });
  }
});
