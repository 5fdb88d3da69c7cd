import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fuzzVerification } from './test/support/hostile-json-ld.js';
const root = mkdtempSync(join(tmpdir(), 'prof-'));
const key = 'mbc_' + 'x'.repeat(40);
const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir=/tmp/prof', '--max-semi-space-size=2', '--max-old-space-size=192', 'dist/server.js'], { env: { PATH: process.env.PATH, PORT: '23456', PUBLIC_BASE_URL: 'http://127.0.0.1:23456', MOBICRED_DATA_DIR: join(root, 'pg'), MOBICRED_KEYS_DIR: join(root, 'keys'), MOBICRED_ADMIN_API_KEY: key, MOBICRED_VERIFY_RATE_LIMIT: '1000000', LOG_LEVEL: 'warn' }, stdio: 'inherit' });
for (;;) { if (await fetch('http://127.0.0.1:23456/ready').then((r) => r.ok, () => false)) break; await new Promise((r) => setTimeout(r, 200)); }
const issuer = await (await fetch('http://127.0.0.1:23456/v1/issuers', { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ slug: 'lp', name: 'LP' }) })).json();
const fuzz = await fuzzVerification({ baseUrl: 'http://127.0.0.1:23456', hostedDid: issuer.did, seconds: 15, seed: 1, senders: 3 });
const h = [...fuzz.healthLatencies].sort((a, b) => a - b);
console.log('sent', fuzz.sent, 'p50', h[h.length >> 1], 'p99', h[Math.floor(h.length * 0.99)], 'worst', h.at(-1));
child.kill('SIGINT');
await new Promise((r) => child.once('exit', r));
