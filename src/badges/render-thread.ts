import type { Worker } from 'node:worker_threads';
import { startWorker } from '../worker-threads.js';
import type { RenderReply, RenderRequest } from './render-worker.js';

/**
 * SVG badges rendered to PNG on a thread of their own, one at a time, each within a budget: a render that
 * overruns its time is answered as over budget at once, and its thread is terminated and replaced; a
 * thread that dies (out of memory, a crash) is replaced too. The main thread never renders, so a costly
 * picture never holds up a request.
 *
 * Terminating a thread stops it at once only in JavaScript: a render already inside the native renderer
 * runs to its end first, on its own thread. The SVG limits (svg-policy.ts) are what keep that end near, and
 * while more than one such thread is still finishing, no new one starts: overruns never pile up.
 */
export interface BadgeRenderer {
  /** The SVG as a PNG 256 pixels wide; rejects with RenderFailedError. */
  render(svg: string): Promise<Buffer>;
  close(): Promise<void>;
}

export class RenderFailedError extends Error {
  constructor(
    readonly reason: 'unreadable' | 'too-tall' | 'over-budget',
    detail: string,
  ) {
    super(detail);
  }
}

/** Heap of the render thread: the renderer's own memory is native, this bounds the JavaScript around it. */
const RESOURCE_LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 };

/** Terminated threads still finishing a render beside which a new thread may start. */
const STOPPING_THREADS_ALLOWED = 1;

interface Job {
  id: number;
  svg: string;
  resolve(png: Buffer): void;
  reject(error: RenderFailedError): void;
}

export function badgeRenderThread(options: { timeoutMs: number }): BadgeRenderer {
  const queue: Job[] = [];
  let worker: Worker | undefined;
  let ready = false;
  let running: { job: Job; timer: NodeJS.Timeout } | undefined;
  let nextId = 0;
  let closed = false;
  let stopping = 0;

  const settle = (outcome: (job: Job) => void): void => {
    if (!running) return;
    clearTimeout(running.timer);
    const { job } = running;
    running = undefined;
    outcome(job);
  };

  /** Lets a thread go: the next render starts a new one. */
  const retire = (failure: RenderFailedError): void => {
    const retired = worker;
    worker = undefined;
    if (ready) settle((job) => job.reject(failure));
    // A thread that could not even start fails what waits for it, rather than being started again forever.
    else queue.splice(0).forEach((job) => job.reject(failure));
    if (retired) {
      stopping += 1;
      void retired.terminate().finally(() => {
        stopping -= 1;
        pump();
      });
    }
    pump();
  };

  const spawn = (): Worker => {
    const started = startWorker('badges/render-worker', { resourceLimits: RESOURCE_LIMITS });
    ready = false;
    started.unref();
    started.on('message', (reply: RenderReply) => {
      if (started !== worker) return;
      if ('ready' in reply) {
        ready = true;
      } else if (running?.job.id === reply.id) {
        settle((job) =>
          'png' in reply ? job.resolve(Buffer.from(reply.png)) : job.reject(new RenderFailedError(reply.tooTall ? 'too-tall' : 'unreadable', reply.error)),
        );
      }
      pump();
    });
    // Listening is what keeps a dying thread from taking the process with it.
    started.on('error', (error: Error) => {
      if (started === worker) retire(new RenderFailedError('over-budget', `The renderer stopped: ${error.message}`));
    });
    started.on('exit', (code) => {
      if (started === worker && !closed) retire(new RenderFailedError('over-budget', `The renderer exited (code ${code})`));
    });
    return started;
  };

  const pump = (): void => {
    if (closed || running || queue.length === 0) return;
    if (!worker && stopping > STOPPING_THREADS_ALLOWED) return;
    worker ??= spawn();
    if (!ready) return;
    const job = queue.shift()!;
    const timer = setTimeout(
      () => retire(new RenderFailedError('over-budget', `Rendering took longer than ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    timer.unref();
    running = { job, timer };
    worker.postMessage({ id: job.id, svg: job.svg } satisfies RenderRequest);
  };

  // The same picture asked for again while it renders (a new badge's first requests) is rendered once.
  const inFlight = new Map<string, Promise<Buffer>>();
  return {
    render(svg) {
      const pending = inFlight.get(svg);
      if (pending) return pending;
      const rendering = new Promise<Buffer>((resolve, reject) => {
        if (closed) return reject(new RenderFailedError('over-budget', 'The renderer is closed'));
        queue.push({ id: nextId++, svg, resolve, reject });
        pump();
      }).finally(() => inFlight.delete(svg));
      inFlight.set(svg, rendering);
      return rendering;
    },
    async close() {
      closed = true;
      const failure = new RenderFailedError('over-budget', 'The renderer is closed');
      settle((job) => job.reject(failure));
      queue.splice(0).forEach((job) => job.reject(failure));
      await worker?.terminate();
    },
  };
}
