// Diagnostic only, not committed: the phases that regressed, on one store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { PROJECT_ROOT } from '../src/config.js';
import { startServiceProcess } from '../test/support/process.js';
import { createScratchDatabase } from '../test/support/backends.js';
import { SCHOOL, PLACEMENT_ACHIEVEMENT } from '../test/support/api.js';
const ADMIN_KEY = `mbc_${randomBytes(24).toString('base64url')}`;
const S = Number(process.env.QB_SECONDS ?? 6);
async function main() {
  const storeName = process.env.QB_STORE ?? 'pglite';
  let env: Record<string, string>; let cleanup: () => Promise<void>;
  if (storeName === 'pglite') { const root = mkdtempSync(join(tmpdir(), 'qb-')); env = { MOBICRED_DATA_DIR: join(root, 'pglite'), MOBICRED_KEYS_DIR: join(root, 'keys') }; cleanup = async () => rmSync(root, { recursive: true, force: true }); }
  else { const d = await createScratchDatabase(); env = { DATABASE_URL: d.databaseUrl, MOBICRED_KEK: randomBytes(32).toString('base64url') }; cleanup = d.drop; }
  const service = await startServiceProcess({ ...env, MOBICRED_ADMIN_API_KEY: ADMIN_KEY, MOBICRED_VERIFY_RATE_LIMIT: '1000000', LOG_LEVEL: 'warn', ...(process.env.QB_NO_RECOGNITION ? { QB_NO_RECOGNITION: '1' } : {}) }, undefined, { kind: 'compiled', root: PROJECT_ROOT });
  try {
    const headers = { Authorization: `Bearer ${ADMIN_KEY}`, 'Content-Type': 'application/json' };
    const post = async (p: string, b: unknown) => (await fetch(`${service.baseUrl}${p}`, { method: 'POST', headers, body: JSON.stringify(b) })).json();
    const issuer = await post('/v1/issuers', SCHOOL);
    const achievement = await post('/v1/achievements', { ...PLACEMENT_ACHIEVEMENT, issuerId: issuer.id });
    const request = { achievementId: achievement.id, recipient: { email: 'learner@example.org', name: 'Léa Martin' } };
    const issued = await post('/v1/credentials', request);
    await autocannon({ url: `${service.baseUrl}/v1/credentials`, method: 'POST', headers, body: JSON.stringify(request), connections: 16, duration: 3 });
    await autocannon({ url: `${service.baseUrl}/credentials/${issued.id}/verification`, connections: 16, duration: 2 });
    for (const c of [1, 16]) {
      const r = await autocannon({ url: `${service.baseUrl}/v1/credentials`, method: 'POST', headers, body: JSON.stringify(request), connections: c, duration: S });
      console.log(`${storeName} issue c=${c}: ${(r.requests.total / r.duration).toFixed(0)}/s non2xx ${r.non2xx}`);
    }
    for (const c of [1, 16]) {
      const r = await autocannon({ url: `${service.baseUrl}/credentials/${issued.id}/verification`, connections: c, duration: S });
      console.log(`${storeName} verify c=${c}: ${(r.requests.total / r.duration).toFixed(0)}/s non2xx ${r.non2xx}`);
    }
  } finally { await service.stop('SIGTERM'); await cleanup(); }
}
await main();
