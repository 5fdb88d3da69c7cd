import type { Server } from 'node:http';
import { loadConfigOrExit } from './config.js';
import { createLogger } from './logger.js';
import { initializeEmbeddedDataDir, migrateToLatest, openDatabase } from './storage/database.js';
import { recordPublicBaseUrl } from './storage/deployment-repository.js';
import { ensureAdminApiKey } from './services/api-keys.js';
import { ensureConsoleAdmin } from './services/staff-accounts.js';
import { createServiceContext } from './services/context.js';
import { BatchWorker } from './services/batch-worker.js';
import { ExpiredRowsPurger } from './services/expired-rows-purge.js';
import { MentorReminderJob } from './services/mentor-assessments.js';
import { createApp } from './http/app.js';
import { createMailer } from './notifications/mailer.js';

/** Composition root: read the configuration, open and migrate the store, listen, and shut down gracefully. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel);
  if (config.storage.kind === 'pglite') await initializeEmbeddedDataDir(config.storage.dataDir);
  const db = openDatabase(config.storage, {
    onConnectionError: (error) => logger.warn({ err: error }, 'database connection lost; the pool will reconnect'),
  });
  await migrateToLatest(db);
  // Instances sharing a database must sign with one base URL: credentials already issued name it.
  const recordedBaseUrl = await recordPublicBaseUrl(db, { publicBaseUrl: config.publicBaseUrl, move: config.movePublicBaseUrl });
  if (recordedBaseUrl !== config.publicBaseUrl) {
    process.stderr.write(
      `Invalid configuration:\n  - PUBLIC_BASE_URL is ${config.publicBaseUrl}, but this database's credentials and did:web identifiers use ${recordedBaseUrl}: set PUBLIC_BASE_URL=${recordedBaseUrl}, or start once with MOBICRED_MOVE_PUBLIC_BASE_URL=1 to move the deployment to the new URL\n`,
    );
    process.exit(78); // EX_CONFIG
  }
  if (config.movePublicBaseUrl) logger.warn({ publicBaseUrl: config.publicBaseUrl }, 'public base URL recorded for this database (MOBICRED_MOVE_PUBLIC_BASE_URL): remove the setting');

  const generatedAdminKey = await ensureAdminApiKey(db, config.adminApiKey);
  if (generatedAdminKey) {
    // Shown once, on the terminal only: the key is stored hashed and cannot be recovered.
    process.stdout.write(
      `\nFirst start: a platform admin API key was created. Keep it now, it will not be shown again:\n\n  ${generatedAdminKey}\n\n`,
    );
  }

  const consoleAdmin = await ensureConsoleAdmin(db, { email: config.consoleAdminEmail, name: 'Platform admin' });
  if (consoleAdmin) {
    // Shown once, like the admin API key: only the password's scrypt hash is stored.
    process.stdout.write(
      `First start: the school console's platform admin was created. Sign in at ${config.publicBaseUrl}/console/sign-in with

  email:    ${consoleAdmin.email}
  password: ${consoleAdmin.password}

(shown once; \`npm run console-admin -- <email>\` makes another admin or a new password)

`,
    );
  }

  const ctx = createServiceContext({
    db,
    keyEncryptionKey: config.keyEncryptionKey,
    publicBaseUrl: config.publicBaseUrl,
    trustedDidWebHosts: config.trustedDidWebHosts,
    signingThreads: config.signingThreads,
    submittedProofThread: true,
    badgeRenderTimeoutMs: config.badgeRenderTimeoutMs,
    ...(config.smtp ? { mailer: createMailer({ smtpUrl: config.smtp.url, from: config.smtp.from, logger }) } : {}),
  });
  if (!(await ctx.keyRing.opensStoredKeys(db))) {
    process.stderr.write(
      `Invalid configuration:\n  - the key-encryption key (${config.keyEncryptionKeySource === 'environment' ? 'MOBICRED_KEK' : 'keys/dev-kek'}) does not open the signing keys stored in this database\n`,
    );
    process.exit(78); // EX_CONFIG
  }
  // The OB 3.0 API's authorization server opens its sealed signing key (made on the first start) now, not at a
  // learner's first authorization: a wrong key-encryption key stops the start-up like the schools' keys do.
  if (!(await ctx.obAuthorization.provider().then(() => true, () => false))) {
    process.stderr.write(
      `Invalid configuration:\n  - the key-encryption key (${config.keyEncryptionKeySource === 'environment' ? 'MOBICRED_KEK' : 'keys/dev-kek'}) does not open the Open Badges API's signing key stored in this database\n`,
    );
    process.exit(78); // EX_CONFIG
  }
  const worker = new BatchWorker({ ctx, logger, staleAfterMs: config.batchClaimTimeoutMs });
  worker.start();
  const purger = new ExpiredRowsPurger({ ctx, logger, intervalMs: config.purgeIntervalMs, retentionDays: config.expiredRetentionDays });
  purger.start();
  // Mentor reminders are housekeeping too: the same interval as the purge.
  const reminders = new MentorReminderJob({ ctx, logger, intervalMs: config.purgeIntervalMs });
  reminders.start();
  const app = createApp({
    ctx,
    logger,
    verifyRequestsPerMinute: config.verifyRequestsPerMinute,
    authFailuresPerMinute: config.authFailuresPerMinute,
    nonceRequestsPerMinute: config.nonceRequestsPerMinute,
    obRegistrationsPerMinute: config.obRegistrationsPerMinute,
    trustProxy: config.trustProxy,
    metricsToken: config.metricsToken,
    operator: config.operator,
    expiredRetentionDays: config.expiredRetentionDays,
    purgeIntervalMinutes: config.purgeIntervalMs / 60_000,
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
      await purger.stop();
      await reminders.stop();
      await ctx.lookups.flush();
      await Promise.all([ctx.dataIntegrity.close(), ctx.submittedProofs.close(), ctx.badgeRenderer.close()]);
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
  process.stderr.write(`mobicred failed to start: ${describeError(error)}\n`);
  process.exit(1);
});

/** An error and its causes on one line, so that the operator reads why: "Database migration failed: connect ECONNREFUSED 127.0.0.1:1". */
function describeError(error: unknown): string {
  const messages: string[] = [];
  for (let cause = error, depth = 0; cause !== undefined && depth < 5; cause = cause instanceof Error ? cause.cause : undefined, depth += 1) {
    // Node reports a refused connection to every address of a name as an AggregateError without a message.
    if (cause instanceof AggregateError && !cause.message) messages.push([...new Set(cause.errors.map(describeError))].join('; '));
    else messages.push(cause instanceof Error ? cause.message : String(cause));
  }
  return messages.join(': ');
}
