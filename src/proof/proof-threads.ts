import type { DocumentLoader } from '@digitalbazaar/vc';
import type { JsonObject } from '../domain/open-badges.js';
import { signDataIntegrity, verifyDataIntegrity } from './data-integrity.js';
import type { IssuerSigner } from './signer.js';
import type { ProofOperation, ProofReply, ProofRequest } from './proof-worker.js';
import { startWorker } from '../worker-threads.js';

/**
 * Data Integrity proofs (eddsa-rdfc-2022), made and checked in process or on a pool of threads: one
 * interface, the same bytes and verdicts either way. Canonicalization is the costly part of both.
 */
export interface DataIntegrityProofs {
  sign(options: { credential: JsonObject; signer: IssuerSigner; created: Date }): Promise<JsonObject>;
  /**
   * Whether a document's proof verifies with a key of the given DID document — its issuer's, hosted here
   * and resolved by the caller — at `now`.
   */
  verify(options: { document: JsonObject; didDocument: JsonObject; now: Date }): Promise<boolean>;
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
 * Proofs made and checked on `size` worker threads, so that signing and verification use every core.
 * Requests go to the least busy thread. A private key travels to the thread as a KeyObject (it stays in
 * this process) and is not kept there.
 */
export function proofThreads(size: number): DataIntegrityProofs {
  const pending = new Map<number, { resolve(reply: ProofReply): void }>();
  const load: number[] = [];
  const workers = Array.from({ length: size }, (_, index) => {
    const worker = startWorker('proof/proof-worker');
    load[index] = 0;
    worker.on('message', (reply: ProofReply) => {
      load[index]! -= 1;
      const waiting = pending.get(reply.id);
      pending.delete(reply.id);
      waiting?.resolve(reply);
    });
    worker.unref();
    return worker;
  });
  let next = 0;
  const run = (operation: ProofOperation): Promise<ProofReply> => {
    const id = next++;
    const index = load.indexOf(Math.min(...load));
    load[index]! += 1;
    return new Promise((resolve) => {
      pending.set(id, { resolve });
      workers[index]!.postMessage({ id, ...operation } satisfies ProofRequest);
    });
  };
  return {
    async sign({ credential, signer, created }) {
      const reply = await run({ kind: 'sign', credential, verificationMethod: signer.id, issuer: signer.issuer, privateKey: signer.privateKey, created: created.toISOString() });
      if (reply.error !== undefined || reply.signed === undefined) throw new Error(`Signing failed: ${reply.error}`);
      return reply.signed;
    },
    async verify({ document, didDocument, now }) {
      const reply = await run({ kind: 'verify', document, didDocument, now: now.toISOString() });
      if (reply.error !== undefined || reply.verified === undefined) throw new Error(`Verification failed to run: ${reply.error}`);
      return reply.verified;
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
