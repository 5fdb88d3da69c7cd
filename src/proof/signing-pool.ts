import { Worker } from 'node:worker_threads';
import type { DocumentLoader } from '@digitalbazaar/vc';
import type { JsonObject } from '../domain/open-badges.js';
import { signDataIntegrity } from './data-integrity.js';
import type { IssuerSigner } from './signer.js';
import type { SigningRequest } from './signing-worker.js';

/** Data Integrity signing, in process or on a pool of threads: one interface, the same bytes either way. */
export interface DataIntegritySigning {
  sign(options: { credential: JsonObject; signer: IssuerSigner; created: Date }): Promise<JsonObject>;
  close(): Promise<void>;
}

/**
 * The signing module of the thread, as this module runs: compiled (dist/, `npm start`), or TypeScript
 * through tsx (tests, `npm run dev`). Worker threads do not take `--import` from execArgv on Node 20, so a
 * TypeScript thread registers tsx through its API first.
 */
const WORKER_BOOTSTRAP = import.meta.url.endsWith('.ts')
  ? `(async () => {
  const { register } = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))});
  register();
  await import(${JSON.stringify(new URL('./signing-worker.ts', import.meta.url).href)});
})();`
  : `import(${JSON.stringify(new URL('./signing-worker.js', import.meta.url).href)});`;

export function inProcessSigning(documentLoader: DocumentLoader): DataIntegritySigning {
  return {
    sign: ({ credential, signer, created }) => signDataIntegrity({ credential, signer, documentLoader, created }),
    close: async () => undefined,
  };
}

/**
 * Signing on `size` worker threads, so that bulk issuance uses every core. Requests go to the least busy
 * thread. The private key travels to the thread as a KeyObject (it stays in this process) and is not kept there.
 */
export function signingPool(size: number): DataIntegritySigning {
  const pending = new Map<number, { resolve(value: JsonObject): void; reject(error: Error): void }>();
  const load: number[] = [];
  const workers = Array.from({ length: size }, (_, index) => {
    const worker = new Worker(WORKER_BOOTSTRAP, { eval: true });
    load[index] = 0;
    worker.on('message', (reply: { id: number; signed?: JsonObject; error?: string }) => {
      load[index]! -= 1;
      const waiting = pending.get(reply.id);
      pending.delete(reply.id);
      if (reply.signed) waiting?.resolve(reply.signed);
      else waiting?.reject(new Error(`Signing failed: ${reply.error}`));
    });
    worker.unref();
    return worker;
  });
  let next = 0;
  return {
    sign({ credential, signer, created }) {
      const id = next++;
      const index = load.indexOf(Math.min(...load));
      load[index]! += 1;
      const request: SigningRequest = { id, credential, verificationMethod: signer.id, issuer: signer.issuer, privateKey: signer.privateKey, created: created.toISOString() };
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        workers[index]!.postMessage(request);
      });
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
