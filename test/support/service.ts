import type { Express } from 'express';
import { pino } from 'pino';
import { randomBytes } from 'node:crypto';
import { createApp } from '../../src/http/app.js';
import { ensureAdminApiKey, generateApiKeySecret } from '../../src/services/api-keys.js';
import { createServiceContext, type ServiceContext } from '../../src/services/context.js';
import { BatchWorker } from '../../src/services/batch-worker.js';
import type { Backend } from './backends.js';
import type { Db } from '../../src/storage/database.js';
import type { Config } from '../../src/config.js';
import { createMailer, type Mailer } from '../../src/notifications/mailer.js';

export const TEST_BASE_URL = 'https://mobicred.test';

export interface TestService {
  app: Express;
  ctx: ServiceContext;
  adminKey: string;
  logs: string[];
  /** Present when asked for: the batch worker, started. */
  worker?: BatchWorker;
  close(): Promise<void>;
}

const sendingMail = new Set<Promise<void>>();

/** Some mail leaves after the answer (services' sendAfterAnswer): this waits until every mail started is delivered or refused. */
export async function mailSettled(): Promise<void> {
  while (sendingMail.size > 0) await Promise.allSettled([...sendingMail]);
}

function tracked(mailer: Mailer): Mailer {
  return {
    logger: mailer.logger,
    send(message) {
      const sending = mailer.send(message);
      sendingMail.add(sending);
      sending.then(
        () => sendingMail.delete(sending),
        () => sendingMail.delete(sending),
      );
      return sending;
    },
  };
}

/** The database as the service sees it, every statement told to `observe` (compiled as sent). */
function observed(db: Db, observe: (sql: string) => void): Db {
  return db.withPlugin({
    transformQuery({ node, queryId }) {
      observe(db.getExecutor().compileQuery(node, queryId).sql);
      return node;
    },
    transformResult: async ({ result }) => result,
  });
}

/** The real application on one backend, with captured logs; nothing listens until supertest asks. */
export async function startTestService(
  backend: Backend,
  options: {
    verifyRequestsPerMinute?: number;
    authFailuresPerMinute?: number;
    nonceRequestsPerMinute?: number;
    obRegistrationsPerMinute?: number;
    trustProxy?: Config['trustProxy'];
    trustedDidWebHosts?: string[];
    /** Serve /metrics to this bearer token. */
    metricsToken?: string;
    batchWorker?: boolean;
    /** The service's clock, for tests of expiry. */
    now?: () => Date;
    /** Outgoing mail through this SMTP server. */
    smtp?: { url: string; from: string };
    badgeRenderTimeoutMs?: number;
    /** The service's public URL (TEST_BASE_URL by default): a browser test's own server's. */
    publicBaseUrl?: string;
    /** Told the SQL of every statement the service sends to its database, before it is sent. */
    observeQueries?: (sql: string) => void;
    /** Who runs the deployment (the privacy page names them). */
    operator?: Config['operator'];
  } = {},
): Promise<TestService> {
  const opened = await backend.open();
  const { close } = opened;
  const db = options.observeQueries ? observed(opened.db, options.observeQueries) : opened.db;
  const adminKey = generateApiKeySecret();
  await ensureAdminApiKey(db, adminKey);
  const logs: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(line) });
  const ctx = createServiceContext({
    db,
    keyEncryptionKey: randomBytes(32),
    publicBaseUrl: options.publicBaseUrl ?? TEST_BASE_URL,
    trustedDidWebHosts: options.trustedDidWebHosts ?? [],
    ...(options.now ? { now: options.now } : {}),
    ...(options.badgeRenderTimeoutMs ? { badgeRenderTimeoutMs: options.badgeRenderTimeoutMs } : {}),
    ...(options.smtp ? { mailer: tracked(createMailer({ smtpUrl: options.smtp.url, from: options.smtp.from, logger })) } : {}),
  });
  const worker = options.batchWorker ? new BatchWorker({ ctx, logger, staleAfterMs: 1000 }) : undefined;
  worker?.start();
  return {
    app: createApp({
      ctx,
      logger,
      verifyRequestsPerMinute: options.verifyRequestsPerMinute ?? 60,
      authFailuresPerMinute: options.authFailuresPerMinute ?? 30,
      nonceRequestsPerMinute: options.nonceRequestsPerMinute ?? 60,
      obRegistrationsPerMinute: options.obRegistrationsPerMinute ?? 60,
      trustProxy: options.trustProxy ?? false,
      metricsToken: options.metricsToken,
      operator: options.operator,
      onBatchCreated: () => worker?.wake(),
    }),
    ctx,
    adminKey,
    logs,
    ...(worker ? { worker } : {}),
    close: async () => {
      await worker?.stop();
      await ctx.lookups.flush();
      await ctx.badgeRenderer.close();
      await close();
    },
  };
}
