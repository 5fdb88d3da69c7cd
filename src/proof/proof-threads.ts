import type { DocumentLoader } from '@digitalbazaar/vc';
import type { JsonObject } from '../domain/open-badges.js';
import { workerPool, type ThreadLimits } from '../worker-threads.js';
import { signDataIntegrity, verifyDataIntegrity } from './data-integrity.js';
import type { LinkedDataSuiteId } from './linked-data-suites.js';
import type { IssuerSigner } from './signer.js';
import type { ProofOperation, ProofReply } from './proof-worker.js';

/**
 * Data Integrity proofs (eddsa-rdfc-2022), made and checked in process or on a pool of threads: one
 * interface, the same bytes and verdicts either way. Canonicalization is the costly part of both.
 */
export interface DataIntegrityProofs {
  sign(options: { credential: JsonObject; signer: IssuerSigner; created: Date }): Promise<JsonObject>;
  /**
   * Whether a document's linked-data proof verifies with a key of the given DID document, resolved by the
   * caller, at `now`.
   */
  verify(options: { document: JsonObject; suite: LinkedDataSuiteId; didDocument: JsonObject; now: Date }): Promise<boolean>;
  close(): Promise<void>;
}

export function inProcessProofs(documentLoader: DocumentLoader): DataIntegrityProofs {
  return {
    sign: ({ credential, signer, created }) => signDataIntegrity({ credential, signer, documentLoader, created }),
    verify: (options) => verifyDataIntegrity(options),
    close: async () => undefined,
  };
}

/**
 * Proofs made and checked on `size` worker threads, so that signing and verification use every core; with
 * `limits`, one document at a time per thread within a heap and time budget (documents anyone can submit:
 * see worker-threads.ts). A private key travels to the thread as a KeyObject (it stays in this process) and
 * is not kept there.
 */
export function proofThreads(size: number, limits?: ThreadLimits): DataIntegrityProofs {
  const pool = workerPool<ProofOperation, ProofReply>({ module: 'proof/proof-worker', size, limits });
  return {
    async sign({ credential, signer, created }) {
      const reply = await pool.run({ kind: 'sign', credential, verificationMethod: signer.id, issuer: signer.issuer, privateKey: signer.privateKey, created: created.toISOString() });
      return (reply as { signed: JsonObject }).signed;
    },
    async verify({ document, suite, didDocument, now }) {
      const reply = await pool.run({ kind: 'verify', document, suite, didDocument, now: now.toISOString() });
      return (reply as { verified: boolean }).verified;
    },
    close: () => pool.close(),
  };
}
