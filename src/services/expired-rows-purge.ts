import type { Logger } from 'pino';
import { addDays } from '../domain/date-time.js';
import { deleteExpiredRows, EXPIRING_KINDS, type ExpiringKind } from '../storage/expired-rows-repository.js';
import type { ServiceContext } from './context.js';
import { PeriodicJob } from './periodic-job.js';

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

/** Runs the purge at start and then every `intervalMs`, in every instance (the deletes are idempotent). */
export class ExpiredRowsPurger extends PeriodicJob {
  constructor(options: { ctx: ServiceContext; logger: Logger; intervalMs: number; retentionDays: number }) {
    super({
      name: 'expired rows purged',
      logger: options.logger,
      intervalMs: options.intervalMs,
      work: async () => {
        const deleted = await purgeExpiredRows(options.ctx, { retentionDays: options.retentionDays });
        return Object.values(deleted).some((count) => count > 0) ? { deleted } : undefined;
      },
    });
  }
}
