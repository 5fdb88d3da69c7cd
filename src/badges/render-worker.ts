import { parentPort } from 'node:worker_threads';
import { renderPng, TooTallError } from './render-png.js';

/** The render thread: SVG badges to PNG, off the main thread (see render-thread.ts). */
export interface RenderRequest {
  id: number;
  svg: string;
}

export type RenderReply = { ready: true } | { id: number; png: Uint8Array } | { id: number; error: string; tooTall: boolean };

parentPort!.on('message', ({ id, svg }: RenderRequest) => {
  try {
    const png = renderPng(svg);
    parentPort!.postMessage({ id, png } satisfies RenderReply);
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error), tooTall: error instanceof TooTallError } satisfies RenderReply);
  }
});
parentPort!.postMessage({ ready: true } satisfies RenderReply);
