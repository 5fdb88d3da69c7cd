import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * A worker thread running a module of src/ (named without its extension, "proof/proof-worker"), as this
 * module runs: compiled (dist/, `npm start`), or TypeScript through tsx (tests, `npm run dev`). Worker
 * threads do not take `--import` from execArgv on Node 20, so a TypeScript thread registers tsx through its
 * API first.
 */
export function startWorker(module: string, options: { resourceLimits?: ResourceLimits } = {}): Worker {
  const typescript = import.meta.url.endsWith('.ts');
  const moduleUrl = JSON.stringify(new URL(`./${module}.${typescript ? 'ts' : 'js'}`, import.meta.url).href);
  const bootstrap = typescript
    ? `(async () => {
  const { register } = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))});
  register();
  await import(${moduleUrl});
})();`
    : `import(${moduleUrl});`;
  return new Worker(bootstrap, { eval: true, ...options });
}
