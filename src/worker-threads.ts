import { parentPort, Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * Work done off the main thread (proofs, badge renders): a pool of worker threads running one module of
 * src/, and the loop that module runs on its thread. The pool is the only code that starts threads.
 */

/** A budget for threads that take work anyone can cause: one piece at a time each, within these limits. */
export interface ThreadLimits {
  /** Heap of each thread (V8 old generation), in MB: past it the thread dies, never the process. */
  heapMb: number;
  /** Wall-clock time one piece of work may take before its thread is stopped and replaced. */
  timeoutMs: number;
  /** Pieces that may wait for a thread; past that, the next is refused as busy at once. */
  maxWaiting: number;
}

/** A piece of work that passed its thread's time or memory budget, or found every thread busy. */
export class ThreadWorkRefusedError extends Error {
  readonly code = 'ERR_THREAD_WORK_REFUSED';
  constructor(
    readonly reason: 'time' | 'memory' | 'busy',
    detail: string,
  ) {
    super(detail);
  }
}

/** A thread that failed for another reason than its budget, or work that threw on it: a bug, never the client's doing. */
class ThreadFailedError extends Error {
  readonly code = 'ERR_THREAD_FAILED';
}

interface WorkerPool<Request, Reply> {
  run(request: Request): Promise<Reply>;
  close(): Promise<void>;
}

/** What the pool sends and the thread answers; 'ready' once its module is loaded. */
type Envelope<Request> = { id: number; request: Request };
type Answer<Reply> = 'ready' | { id: number; reply: Reply } | { id: number; error: string };

interface Pending<Reply> {
  resolve(reply: Reply): void;
  reject(error: Error): void;
  timer?: NodeJS.Timeout;
}

interface Slot<Reply> {
  worker: Worker;
  inFlight: Map<number, Pending<Reply>>;
  /** Its module loaded: a piece of work's time budget starts then, not while the thread boots. */
  ready: boolean;
}

/**
 * `size` threads running `module` (named from src/ without its extension: "proof/proof-worker"), started on
 * first use. Without limits, work goes at once to the least busy thread (the service's own work). With
 * limits, each thread takes one piece at a time within its heap and time budget. A thread that dies, of its
 * budget or anything else, fails only the work it held, and a new one takes its place; while more stopped
 * threads are still finishing native work than the pool's size (terminating stops JavaScript at once, not a
 * native call under way), no new one starts, so overruns never pile up.
 */
export function workerPool<Request, Reply>(options: { module: string; size: number; limits?: ThreadLimits }): WorkerPool<Request, Reply> {
  const { module, size, limits } = options;
  const slots: (Slot<Reply> | undefined)[] = Array.from({ length: size }, () => undefined);
  const waiting: { request: Request; pending: Pending<Reply> }[] = [];
  let stopping = 0;
  let closing = false;
  let next = 0;

  const start = (index: number): Slot<Reply> => {
    const limited = limits ? { resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: 8, stackSizeMb: 4 } } : {};
    const slot: Slot<Reply> = { worker: startWorker(module, limited), inFlight: new Map(), ready: false };
    slot.worker.on('message', (answer: Answer<Reply>) => {
      if (answer === 'ready') {
        slot.ready = true;
        return dispatch();
      }
      const pending = slot.inFlight.get(answer.id);
      slot.inFlight.delete(answer.id);
      clearTimeout(pending?.timer);
      if ('error' in answer) pending?.reject(new ThreadFailedError(answer.error));
      else pending?.resolve(answer.reply);
      dispatch();
    });
    // Listening is what keeps a dying thread from taking the process with it.
    let death: Error = new ThreadFailedError(`The ${module} thread stopped`);
    slot.worker.on('error', (error: Error & { code?: string }) => {
      death =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new ThreadWorkRefusedError('memory', `The work needed more than ${limits?.heapMb ?? 'its'} MB of memory`)
          : new ThreadFailedError(`The ${module} thread failed: ${error.message}`);
    });
    slot.worker.on('exit', () => retire(slot, death));
    slot.worker.unref();
    slots[index] = slot;
    return slot;
  };

  /** A thread that died or overran: what it held fails, and the next piece of work starts a new thread. */
  const retire = (slot: Slot<Reply>, error: Error): void => {
    const index = slots.indexOf(slot);
    if (index < 0) return;
    slots[index] = undefined;
    for (const pending of slot.inFlight.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    slot.inFlight.clear();
    // A thread that could not even load fails what waits for it, rather than being started again forever.
    if (!slot.ready) for (const { pending } of waiting.splice(0)) pending.reject(error);
    stopping += 1;
    void slot.worker.terminate().finally(() => {
      stopping -= 1;
      dispatch();
    });
    dispatch();
  };

  const send = (slot: Slot<Reply>, request: Request, pending: Pending<Reply>): void => {
    const id = next++;
    slot.inFlight.set(id, pending);
    if (limits) {
      pending.timer = setTimeout(() => retire(slot, new ThreadWorkRefusedError('time', `The work took longer than ${limits.timeoutMs} ms`)), limits.timeoutMs);
    }
    slot.worker.postMessage({ id, request } satisfies Envelope<Request>);
  };

  const slotAt = (index: number): Slot<Reply> | undefined => slots[index] ?? (closing || stopping > size ? undefined : start(index));

  const dispatch = (): void => {
    for (let index = 0; index < size && waiting.length > 0; index += 1) {
      const slot = slotAt(index);
      if (slot?.ready && slot.inFlight.size === 0) {
        const { request, pending } = waiting.shift()!;
        send(slot, request, pending);
      }
    }
  };

  return {
    run: (request) =>
      new Promise((resolve, reject) => {
        if (closing) return reject(new ThreadFailedError(`The ${module} threads are closed`));
        if (!limits) {
          // Messages wait in the thread's port until its module is loaded.
          const candidates = Array.from({ length: size }, (_, index) => slotAt(index)).filter((slot) => slot !== undefined);
          if (candidates.length === 0) return reject(new ThreadFailedError(`No ${module} thread can start`));
          const least = candidates.reduce((best, candidate) => (candidate.inFlight.size < best.inFlight.size ? candidate : best));
          return send(least, request, { resolve, reject });
        }
        if (waiting.length >= limits.maxWaiting) return reject(new ThreadWorkRefusedError('busy', 'Every thread is busy; try again in a moment'));
        waiting.push({ request, pending: { resolve, reject } });
        dispatch();
      }),
    async close() {
      closing = true;
      for (const { pending } of waiting.splice(0)) pending.reject(new ThreadFailedError(`The ${module} threads are closing`));
      await Promise.all(slots.map((slot) => slot?.worker.terminate()));
    },
  };
}

/** The thread's side: answers each piece of work the pool sends with what `handle` returns. */
export function serveThreadRequests<Request, Reply>(handle: (request: Request) => Reply | Promise<Reply>): void {
  const port = parentPort!;
  port.on('message', async ({ id, request }: Envelope<Request>) => {
    try {
      port.postMessage({ id, reply: await handle(request) } satisfies Answer<Reply>);
    } catch (error) {
      port.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies Answer<Reply>);
    }
  });
  port.postMessage('ready' satisfies Answer<Reply>);
}

/**
 * A worker thread running a module of src/, as this module runs: compiled (dist/, `npm start`), or
 * TypeScript through tsx (tests, `npm run dev`). Worker threads do not take `--import` from execArgv on
 * Node 20, so a TypeScript thread registers tsx through its API first.
 */
function startWorker(module: string, options: { resourceLimits?: ResourceLimits }): Worker {
  const typescript = import.meta.url.endsWith('.ts');
  const moduleUrl = JSON.stringify(new URL(`./${module}.${typescript ? 'ts' : 'js'}`, import.meta.url).href);
  const bootstrap = typescript
    ? `(async () => {
  const { register } = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))});
  register();
  await import(${moduleUrl});
})();`
    : `import(${moduleUrl});`;
  return new Worker(bootstrap, { eval: true, ...options });
}
