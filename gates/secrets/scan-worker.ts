import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { compileRules } from './compile-rules.js';
import { scanFile, type FileScanResult } from './scan-file.js';
import { compileContext } from './scan-settings.js';
import type { ListedFile } from './list-files.js';
import type { RuleSource, ScanSettings } from './types.js';

/**
 * The worker-thread side of a tree scan. The main thread imports this module only to read
 * WORKER_URL (this file's own location, whether it runs from sources or from a bundle chunk)
 * and starts a worker on it; the code below runs only inside such a worker.
 */
export const WORKER_URL: string = import.meta.url;

export interface WorkerInit {
  lokiSecretsWorker: 1;
  rules: RuleSource[];
  settings: ScanSettings;
}

export interface WorkerRequest {
  id: number;
  files: ListedFile[];
}

export type WorkerMessage = { type: 'ready' } | { type: 'results'; id: number; results: FileScanResult[] };

function isWorkerInit(value: unknown): value is WorkerInit {
  return typeof value === 'object' && value !== null && (value as { lokiSecretsWorker?: unknown }).lokiSecretsWorker === 1;
}

function startWorker(init: WorkerInit): void {
  const port = parentPort!;
  const ruleSet = compileRules(init.rules);
  const context = compileContext(init.settings);
  port.on('message', (request: WorkerRequest) => {
    const results: FileScanResult[] = [];
    for (const file of request.files) results.push(scanFile(file.absolute, file.path, ruleSet, context, init.settings.maxFileBytes));
    port.postMessage({ type: 'results', id: request.id, results } satisfies WorkerMessage);
  });
  port.postMessage({ type: 'ready' } satisfies WorkerMessage);
}

if (!isMainThread && isWorkerInit(workerData)) startWorker(workerData);
