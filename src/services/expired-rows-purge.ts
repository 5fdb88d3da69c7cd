import type { Logger } from 'pino';
import { addDays } from '../domain/date-time.js';
import { deleteExpiredRows, EXPIRING_KINDS, type ExpiringKind } from '../storage/expired-rows-repository.js';
import type { ServiceContext } from './context.js';

/**
 * Links a person follows are kept `retentionDays` after they expire, so that a late visitor is told the link
 * expired rather than that it never existed; a wallet's expired offer or nonce serves nobody.
 */
const KEPT_AFTER_EXPIRY: readonly ExpiringKind[] = ['claimLinks', 'endorsementLinks', 'staffLinks'];

/** Deletes every expired nonce and offer, and every link expired for longer than the retention; how many of each. */
export async function purgeExpiredRows(
  ctx: ServiceContext,
  options: { retentionDays: number; batchSize?: number },
): Promise<Record<ExpiringKind, number>> {
  const now = ctx.now();
  const limit = options.batchSize ?? 1_000;
  const deleted = {} as Record<ExpiringKind, number>;
  for (const kind of EXPIRING_KINDS) {
    const cutoff = KEPT_AFTER_EXPIRY.includes(kind) ? addDays(now, -options.retentionDays) : now;
    let total = 0;
    let batch;
    do {
      batch = await deleteExpiredRows(ctx.db, kind, { cutoff, limit });
      total += batch;
    } while (batch === limit);
    deleted[kind] = total;
  }
  return deleted;
}

/**
 * Runs the purge at start and then every `intervalMs`, in every instance: the deletes are idempotent, so
 * instances need no coordination. A run still going when the next is due is not doubled; stopping waits for it.
 */
export class ExpiredRowsPurger {
  readonly #ctx: ServiceContext;
  readonly #logger: Logger;
  readonly #intervalMs: number;
  readonly #retentionDays: number;
  #timer: NodeJS.Timeout | undefined;
  #run: Promise<void> | undefined;

  constructor(options: { ctx: ServiceContext; logger: Logger; intervalMs: number; retentionDays: number }) {
    this.#ctx = options.ctx;
    this.#logger = options.logger;
    this.#intervalMs = options.intervalMs;
    this.#retentionDays = options.retentionDays;
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => this.#purge(), this.#intervalMs);
    this.#purge();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#run;
  }

  #purge(): void {
    if (this.#run) return;
    this.#run = purgeExpiredRows(this.#ctx, { retentionDays: this.#retentionDays })
      .then((deleted) => {
        if (Object.values(deleted).some((count) => count > 0)) this.#logger.info({ deleted }, 'expired rows purged');
      })
      // Retried at the next interval, once the cause (e.g. the database) is back.
      .catch((error: unknown) => this.#logger.error({ err: error }, 'purging expired rows failed'))
      .finally(() => {
        this.#run = undefined;
      });
  }
}
