/**
 * npm run console-admin -- <email> [--name "<name>"]
 *
 * Makes the person with this address a platform admin of the school console (created if new) and gives them
 * a new password, printed once. For the first admin when the one printed at the first start is lost, or for
 * another. Reads the same configuration as the service (DATABASE_URL or the embedded database's directory).
 * A person's existing sessions end.
 */
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '../config.js';
import { initializeEmbeddedDataDir, migrateToLatest, openDatabase } from '../storage/database.js';
import { ensureConsoleAdmin } from '../services/staff-accounts.js';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { name: { type: 'string', default: 'Platform admin' } } });
  const email = positionals[0];
  if (!email || !/^[^\s@<>]+@[^\s@<>]+$/.test(email)) {
    process.stderr.write('usage: npm run console-admin -- <email> [--name "<name>"]\n');
    return 1;
  }
  const config = loadConfigOrExit();
  if (config.storage.kind === 'pglite') await initializeEmbeddedDataDir(config.storage.dataDir);
  const db = openDatabase(config.storage);
  try {
    await migrateToLatest(db);
    const admin = await ensureConsoleAdmin(db, { email, name: values.name!, replacePassword: true });
    process.stdout.write(`Console platform admin: sign in at ${config.publicBaseUrl}/console/sign-in with\n\n  email:    ${admin!.email}\n  password: ${admin!.password}\n\n(shown once: only its hash is stored)\n`);
    return 0;
  } finally {
    await db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`console-admin failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
