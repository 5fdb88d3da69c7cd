import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, migrateToLatest, type Db } from '../../src/storage/database.js';

/**
 * The stores every storage and API test runs against: embedded PGlite always, and the PostgreSQL server
 * at 127.0.0.1:5432 (database `test`, trust auth) when it answers. Under CI the server is required.
 * Each opened store is a fresh, migrated database that is dropped again on close.
 */
export interface Backend {
  name: 'pglite' | 'postgres';
  open(): Promise<{ db: Db; close(): Promise<void> }>;
}

export const POSTGRES_ADMIN_URL = process.env.MOBICRED_TEST_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const pglite: Backend = {
  name: 'pglite',
  async open() {
    const db = openDatabase({ kind: 'pglite-memory' });
    await migrateToLatest(db);
    return { db, close: () => db.destroy() };
  },
};

const postgres: Backend = {
  name: 'postgres',
  async open() {
    const { databaseUrl, drop } = await createScratchDatabase();
    const db = openDatabase({ kind: 'postgres', databaseUrl });
    await migrateToLatest(db);
    return {
      db,
      close: async () => {
        await db.destroy();
        await drop();
      },
    };
  },
};

/** A new empty database on the PostgreSQL server, for one suite. */
export async function createScratchDatabase(): Promise<{ databaseUrl: string; drop(): Promise<void> }> {
  const name = `mobicred_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.href,
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

const reachable = await postgresReachable();
if (!reachable && process.env.CI) {
  throw new Error(`CI requires the PostgreSQL server at ${POSTGRES_ADMIN_URL}; .ci/run starts it`);
}
if (!reachable) process.stderr.write(`PostgreSQL at ${POSTGRES_ADMIN_URL} is not reachable: testing on PGlite only\n`);

export const BACKENDS: Backend[] = reachable ? [pglite, postgres] : [pglite];
