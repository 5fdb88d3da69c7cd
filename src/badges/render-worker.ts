import { serveThreadRequests } from '../worker-threads.js';
import { renderPng, TooTallError } from './render-png.js';

/** The render thread: SVG badges to PNG, off the main thread (see render-thread.ts). */
export interface RenderRequest {
  svg: string;
}

export type RenderReply = { png: Uint8Array } | { error: string; tooTall: boolean };

serveThreadRequests<RenderRequest, RenderReply>(({ svg }) => {
  try {
    return { png: renderPng(svg) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error), tooTall: error instanceof TooTallError };
  }
});
