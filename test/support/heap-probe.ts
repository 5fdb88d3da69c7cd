/**
 * Preloaded into a service started for a memory test, with --expose-gc: on SIGUSR2 the main thread runs a full
 * collection and prints what its heap keeps, as a line `heap-after-gc <bytes>`. Only tests load it.
 */
process.on('SIGUSR2', () => {
  (globalThis as { gc?: () => void }).gc?.();
  process.stdout.write(`heap-after-gc ${process.memoryUsage().heapUsed}\n`);
});
