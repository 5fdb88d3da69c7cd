import { Worker } from 'node:worker_threads';
import type { DocumentLoader } from '@digitalbazaar/vc';
import type { JsonObject } from '../domain/open-badges.js';
import { signDataIntegrity, verifyDataIntegrity } from './data-integrity.js';
import type { LinkedDataSuiteId } from './linked-data-suites.js';
import type { IssuerSigner } from './signer.js';
import type { ProofOperation, ProofReply, ProofRequest } from './proof-worker.js';

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

/** A piece of proof work that passed its thread's time or memory budget, or found every thread busy. */
export class ProofWorkRefusedError extends Error {
  readonly code = 'ERR_PROOF_WORK_REFUSED';
  constructor(readonly reason: 'time' | 'memory' | 'busy', detail: string) {
    super(detail);
  }
}

/** A thread that died of something else than its budget: a bug, never the client's doing. */
export class ProofThreadFailedError extends Error {
  readonly code = 'ERR_PROOF_THREAD_FAILED';
}

/**
 * The proof module of the thread, as this module runs: compiled (dist/, `npm start`), or TypeScript
 * through tsx (tests, `npm run dev`). Worker threads do not take `--import` from execArgv on Node 20, so a
 * TypeScript thread registers tsx through its API first.
 */
const WORKER_BOOTSTRAP = import.meta.url.endsWith('.ts')
  ? `(async () => {
  const { register } = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))});
  register();
  await import(${JSON.stringify(new URL('./proof-worker.ts', import.meta.url).href)});
})();`
  : `import(${JSON.stringify(new URL('./proof-worker.js', import.meta.url).href)});`;

export function inProcessProofs(documentLoader: DocumentLoader): DataIntegrityProofs {
  return {
    sign: ({ credential, signer, created }) => signDataIntegrity({ credential, signer, documentLoader, created }),
    verify: (options) => verifyDataIntegrity(options),
    close: async () => undefined,
  };
}

export interface ProofThreadLimits {
  /** Heap of each thread (V8 old generation), in MB: past it the thread dies, never the process. */
  heapMb: number;
  /** Wall-clock time one piece of work may take before its thread is stopped and replaced. */
  timeoutMs: number;
  /**
   * Work given to a thread one piece at a time, so that a piece that kills its thread or overruns takes
   * nothing else with it; at most `maxWaiting` more wait for a thread.
   */
  maxWaiting: number;
}

interface Pending {
  resolve(reply: ProofReply): void;
  reject(error: Error): void;
  timer?: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  inFlight: Map<number, Pending>;
  /** Its module loaded: a piece of work's time budget starts then, not while the thread boots. */
  ready: boolean;
}

/**
 * Proofs made and checked on `size` worker threads, so that signing and verification use every core.
 * Without limits, work goes to the least busy thread at once (the service's own documents). With limits
 * (documents anyone can submit), each thread takes one piece at a time within its heap and time budget.
 * A thread that dies, of its budget or anything else, fails only the work it held and is replaced. A
 * private key travels to the thread as a KeyObject (it stays in this process) and is not kept there.
 */
export function proofThreads(size: number, limits?: ProofThreadLimits): DataIntegrityProofs {
  const waiting: { operation: ProofOperation; pending: Pending }[] = [];
  let closing = false;
  let next = 0;

  const start = (): Slot => {
    const slot: Slot = {
      worker: new Worker(WORKER_BOOTSTRAP, {
        eval: true,
        ...(limits ? { resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: 8, stackSizeMb: 4 } } : {}),
      }),
      inFlight: new Map(),
      ready: false,
    };
    slot.worker.on('message', (reply: ProofReply | 'ready') => {
      if (reply === 'ready') {
        slot.ready = true;
        return dispatch();
      }
      const pending = slot.inFlight.get(reply.id);
      slot.inFlight.delete(reply.id);
      clearTimeout(pending?.timer);
      pending?.resolve(reply);
      dispatch();
    });
    let death: Error = new ProofThreadFailedError('The proof thread stopped');
    slot.worker.on('error', (error: Error & { code?: string }) => {
      death =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new ProofWorkRefusedError('memory', `The proof check needed more than ${limits?.heapMb ?? 'the'} MB of memory`)
          : new ProofThreadFailedError(`The proof thread failed: ${error.message}`);
    });
    slot.worker.on('exit', () => retire(slot, death));
    slot.worker.unref();
    return slot;
  };
  // Started on first use: a service that never verifies a submitted document keeps that thread's memory.
  let slots: Slot[] = [];
  const started = (): Slot[] => (slots.length > 0 ? slots : (slots = Array.from({ length: size }, start)));

  /** A thread that died or overran: what it held fails, and a new thread takes its place at once. */
  const retire = (slot: Slot, error: Error): void => {
    for (const pending of slot.inFlight.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    slot.inFlight.clear();
    const index = slots.indexOf(slot);
    if (index < 0) return;
    void slot.worker.terminate();
    if (closing) return;
    slots[index] = start();
    dispatch();
  };
  const send = (slot: Slot, operation: ProofOperation, pending: Pending): void => {
    const id = next++;
    slot.inFlight.set(id, pending);
    if (limits) {
      pending.timer = setTimeout(
        () => retire(slot, new ProofWorkRefusedError('time', `The proof check took longer than ${limits.timeoutMs} ms`)),
        limits.timeoutMs,
      );
    }
    slot.worker.postMessage({ id, ...operation } satisfies ProofRequest);
  };
  const dispatch = (): void => {
    for (const slot of started()) {
      if (waiting.length === 0) return;
      if (slot.ready && slot.inFlight.size === 0) {
        const { operation, pending } = waiting.shift()!;
        send(slot, operation, pending);
      }
    }
  };
  const run = (operation: ProofOperation): Promise<ProofReply> =>
    new Promise((resolve, reject) => {
      if (!limits) {
        const slot = started().reduce((least, candidate) => (candidate.inFlight.size < least.inFlight.size ? candidate : least));
        send(slot, operation, { resolve, reject });
        return;
      }
      if (waiting.length >= limits.maxWaiting) {
        reject(new ProofWorkRefusedError('busy', 'Every proof thread is busy; try again in a moment'));
        return;
      }
      waiting.push({ operation, pending: { resolve, reject } });
      dispatch();
    });

  return {
    async sign({ credential, signer, created }) {
      const reply = await run({ kind: 'sign', credential, verificationMethod: signer.id, issuer: signer.issuer, privateKey: signer.privateKey, created: created.toISOString() });
      if (reply.error !== undefined || reply.signed === undefined) throw new Error(`Signing failed: ${reply.error}`);
      return reply.signed;
    },
    async verify({ document, suite, didDocument, now }) {
      const reply = await run({ kind: 'verify', document, suite, didDocument, now: now.toISOString() });
      if (reply.error !== undefined || reply.verified === undefined) throw new Error(`Verification failed to run: ${reply.error}`);
      return reply.verified;
    },
    async close() {
      closing = true;
      for (const { pending } of waiting.splice(0)) pending.reject(new ProofThreadFailedError('The proof threads are closing'));
      await Promise.all(slots.map((slot) => slot.worker.terminate()));
    },
  };
}
