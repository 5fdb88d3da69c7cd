import type { Server } from 'node:http';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { initializeEmbeddedDataDir, migrateToLatest, openDatabase } from './storage/database.js';
import { ensureAdminApiKey } from './services/api-keys.js';
import { createServiceContext } from './services/context.js';
import { BatchWorker } from './services/batch-worker.js';
import { createApp } from './http/app.js';
import { createMailer } from './notifications/mailer.js';

/** Composition root: read the configuration, open and migrate the store, listen, and shut down gracefully. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  if (config.storage.kind === 'pglite') await initializeEmbeddedDataDir(config.storage.dataDir);
  const db = openDatabase(config.storage, {
    onConnectionError: (error) => logger.warn({ err: error }, 'database connection lost; the pool will reconnect'),
  });
  await migrateToLatest(db);

  const generatedAdminKey = await ensureAdminApiKey(db, config.adminApiKey);
  if (generatedAdminKey) {
    // Shown once, on the terminal only: the key is stored hashed and cannot be recovered.
    process.stdout.write(
      `\nFirst start: a platform admin API key was created. Keep it now, it will not be shown again:\n\n  ${generatedAdminKey}\n\n`,
    );
  }

  const ctx = createServiceContext({
    db,
    keyEncryptionKey: config.keyEncryptionKey,
    publicBaseUrl: config.publicBaseUrl,
    trustedDidWebHosts: config.trustedDidWebHosts,
    signingThreads: config.signingThreads,
    badgeRenderTimeoutMs: config.badgeRenderTimeoutMs,
    ...(config.smtp ? { mailer: createMailer({ smtpUrl: config.smtp.url, from: config.smtp.from }) } : {}),
  });
  if (!(await ctx.keyRing.opensStoredKeys(db))) {
    process.stderr.write(
      `Invalid configuration:\n  - the key-encryption key (${config.keyEncryptionKeySource === 'environment' ? 'MOBICRED_KEK' : 'keys/dev-kek'}) does not open the signing keys stored in this database\n`,
    );
    process.exit(78); // EX_CONFIG
  }
  const worker = new BatchWorker({ ctx, logger, staleAfterMs: config.batchClaimTimeoutMs });
  worker.start();
  const app = createApp({
    ctx,
    logger,
    verifyRequestsPerMinute: config.verifyRequestsPerMinute,
    authFailuresPerMinute: config.authFailuresPerMinute,
    trustProxy: config.trustProxy,
    onBatchCreated: () => worker.wake(),
  });
  const server: Server = app.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    logger.info(
      { port, publicBaseUrl: config.publicBaseUrl, storage: config.storage.kind, keyEncryptionKey: config.keyEncryptionKeySource },
      `mobicred listening on http://${config.host}:${port}`,
    );
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      logger.warn('shutdown timeout: closing remaining connections');
      server.closeAllConnections();
    }, config.shutdownTimeoutMs);
    force.unref();
    server.close(async () => {
      await worker.stop(); // the rows in hand finish; the others wait in the database
      await ctx.dataIntegrity.close();
      await ctx.badgeRenderer.close();
      await db.destroy();
      logger.info('stopped');
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`mobicred failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
