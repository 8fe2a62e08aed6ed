import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerInit } from './scan-worker.js';

/**
 * Starts a scan worker on the scan-worker module wherever it lives. From a bundle the module is a
 * JavaScript chunk and runs directly; from TypeScript sources (tests, tsx) it is loaded through
 * tsx inside the worker. Throws when neither is possible: the caller then scans in-process.
 */
export async function spawnScanWorker(init: WorkerInit): Promise<Worker> {
  const { WORKER_URL } = await import('./scan-worker.js');
  if (!/\.ts(?:\?|$)/.test(WORKER_URL)) return new Worker(new URL(WORKER_URL), { workerData: init });
  // The `require` condition resolves to tsx's CommonJS build; its ESM twin sits next to it.
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const code = `import(${JSON.stringify(tsxApi)}).then((m) => m.tsImport(${JSON.stringify(WORKER_URL)}, ${JSON.stringify(import.meta.url)})).catch((e) => { setImmediate(() => { throw e; }); });`;
  return new Worker(code, { eval: true, workerData: init });
}
