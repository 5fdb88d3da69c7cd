import type { Logger } from 'pino';

/**
 * Housekeeping run at start and then every `intervalMs`, in every instance: each job's work is idempotent or
 * claims its rows in SQL, so instances need no coordination. A run still going when the next is due is not
 * doubled; stopping waits for it. A failed run is logged and retried at the next interval.
 */
export class PeriodicJob {
  readonly #logger: Logger;
  readonly #intervalMs: number;
  readonly #name: string;
  readonly #work: () => Promise<Record<string, unknown> | undefined>;
  #timer: NodeJS.Timeout | undefined;
  #run: Promise<void> | undefined;

  /** `work` answers what it did worth logging, or undefined when it did nothing. */
  constructor(options: { name: string; logger: Logger; intervalMs: number; work: () => Promise<Record<string, unknown> | undefined> }) {
    this.#name = options.name;
    this.#logger = options.logger;
    this.#intervalMs = options.intervalMs;
    this.#work = options.work;
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => this.#tick(), this.#intervalMs);
    this.#tick();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#run;
  }

  #tick(): void {
    if (this.#run) return;
    this.#run = this.#work()
      .then((done) => {
        if (done) this.#logger.info(done, this.#name);
      })
      .catch((error: unknown) => this.#logger.error({ err: error }, `${this.#name} failed`))
      .finally(() => {
        this.#run = undefined;
      });
  }
}
