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
  // A bundle without code splitting (the Action) inlines this module into its entry file:
  // starting a worker on that file would run the whole entry point again.
  if (!isWorkerModuleUrl(WORKER_URL)) {
    throw new Error(`the scan worker is bundled into ${WORKER_URL}, not a file of its own`);
  }
  const execArgv = workerExecArgv(process.execArgv);
  if (!/\.ts(?:\?|$)/.test(WORKER_URL)) return new Worker(new URL(WORKER_URL), { workerData: init, execArgv });
  // The `require` condition resolves to tsx's CommonJS build; its ESM twin sits next to it.
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const code = `import(${JSON.stringify(tsxApi)}).then((m) => m.tsImport(${JSON.stringify(WORKER_URL)}, ${JSON.stringify(import.meta.url)})).catch((e) => { setImmediate(() => { throw e; }); });`;
  return new Worker(code, { eval: true, workerData: init, execArgv });
}

/** The parent's Node flags minus those that only make sense for the main script (`node --input-type=module -e …`). */
export function workerExecArgv(parent: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < parent.length; i++) {
    const arg = parent[i] as string;
    if (arg === '--input-type' || arg === '-e' || arg === '--eval' || arg === '-p' || arg === '--print') i++;
    else if (!arg.startsWith('--input-type=') && !arg.startsWith('--eval=') && !arg.startsWith('--print=')) out.push(arg);
  }
  return out;
}

/** True when the URL is the scan-worker module itself: its source, or its own chunk in a split bundle. */
export function isWorkerModuleUrl(url: string): boolean {
  return /\/scan-worker(?:-[A-Z0-9]+)?\.(?:ts|js|mjs)(?:\?|$)/.test(url);
}
