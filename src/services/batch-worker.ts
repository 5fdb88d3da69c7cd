import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { claimBatchRow, renewBatchClaim, type BatchLineRow } from '../storage/batches-repository.js';
import type { ServiceContext } from './context.js';
import { processBatchRow } from './batches.js';

/**
 * Works through cohort rows inside the service: no extra infrastructure. Any number of instances can run
 * one each (rows are claimed atomically); a row whose worker died is claimed again after `staleAfterMs` (a
 * live worker renews its claims, however slow a row). Stopping lets the row in hand finish.
 */
export class BatchWorker {
  readonly #id = randomUUID();
  readonly #ctx: ServiceContext;
  readonly #logger: Logger;
  readonly #staleAfterMs: number;
  readonly #concurrency: number;
  #running = false;
  #loop: Promise<unknown> = Promise.resolve();
  #wake: AbortController;

  /** `concurrency` rows in flight at once, so that their credentials are signed on every core and stored together. */
  constructor(options: { ctx: ServiceContext; logger: Logger; staleAfterMs: number; concurrency?: number }) {
    this.#ctx = options.ctx;
    this.#logger = options.logger;
    this.#staleAfterMs = options.staleAfterMs;
    this.#concurrency = options.concurrency ?? 16;
    this.#wake = this.#wakeSignal();
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = Promise.all(Array.from({ length: this.#concurrency }, () => this.#run()));
  }

  /** New rows are waiting: look now rather than at the next poll. */
  wake(): void {
    this.#wake.abort();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.wake();
    await this.#loop;
  }

  async #process(row: BatchLineRow): Promise<void> {
    const renewal = setInterval(() => {
      renewBatchClaim(this.#ctx.db, row, this.#id).catch((error: unknown) => this.#logger.warn({ err: error, batchId: row.batch_id, line: row.line }, 'batch claim not renewed'));
    }, this.#staleAfterMs / 3);
    try {
      await processBatchRow(this.#ctx, row);
    } finally {
      clearInterval(renewal);
    }
  }

  /** One signal wakes every idle loop: it has one listener a loop. */
  #wakeSignal(): AbortController {
    const controller = new AbortController();
    setMaxListeners(this.#concurrency, controller.signal);
    return controller;
  }

  async #run(): Promise<void> {
    while (this.#running) {
      let row;
      try {
        row = await claimBatchRow(this.#ctx.db, this.#id, this.#staleAfterMs);
        if (row) await this.#process(row);
      } catch (error) {
        // Left claimed: it is retried once its claim is stale, after the cause (e.g. the database) is back.
        this.#logger.error({ err: error, batchId: row?.batch_id, line: row?.line }, 'batch row failed');
      }
      if (!row && this.#running) {
        if (this.#wake.signal.aborted) this.#wake = this.#wakeSignal();
        await sleep(500, undefined, { signal: this.#wake.signal }).catch(() => undefined);
      }
    }
  }
}
