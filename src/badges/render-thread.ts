import { ThreadWorkRefusedError, workerPool } from '../worker-threads.js';
import type { RenderReply, RenderRequest } from './render-worker.js';

/**
 * SVG badges rendered to PNG on a thread of their own, one at a time, each within a budget (a thread of
 * worker-threads.ts): a render that overruns its time or memory is answered as over budget at once, and
 * its thread is replaced. The main thread never renders, so a costly picture never holds up a request.
 *
 * Terminating a thread stops it at once only in JavaScript: a render already inside the native renderer
 * runs to its end first, on its own thread. The SVG limits (svg-policy.ts) are what keep that end near.
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

/** The renderer's own memory is native: this heap bounds the JavaScript around it. */
const RENDER_HEAP_MB = 64;
/** Renders waiting for the thread: a few badges' first requests at once, never a queue that grows without end. */
const MAX_WAITING = 64;

export function badgeRenderThread(options: { timeoutMs: number }): BadgeRenderer {
  const pool = workerPool<RenderRequest, RenderReply>({
    module: 'badges/render-worker',
    size: 1,
    limits: { heapMb: RENDER_HEAP_MB, timeoutMs: options.timeoutMs, maxWaiting: MAX_WAITING },
  });
  const render = async (svg: string): Promise<Buffer> => {
    const reply = await pool.run({ svg }).catch((error: unknown) => {
      if (error instanceof ThreadWorkRefusedError && error.reason === 'time') throw new RenderFailedError('over-budget', `Rendering took longer than ${options.timeoutMs} ms`);
      throw new RenderFailedError('over-budget', `The renderer stopped: ${error instanceof Error ? error.message : String(error)}`);
    });
    if ('png' in reply) return Buffer.from(reply.png);
    throw new RenderFailedError(reply.tooTall ? 'too-tall' : 'unreadable', reply.error);
  };
  // The same picture asked for again while it renders (a new badge's first requests) is rendered once.
  const inFlight = new Map<string, Promise<Buffer>>();
  return {
    render(svg) {
      const pending = inFlight.get(svg);
      if (pending) return pending;
      const rendering = render(svg).finally(() => inFlight.delete(svg));
      inFlight.set(svg, rendering);
      return rendering;
    },
    close: () => pool.close(),
  };
}
