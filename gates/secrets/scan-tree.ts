import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { ResultCollector } from './collect-results.js';
import { compileRules } from './compile-rules.js';
import { listFiles, type ListedFile, type ScanPath } from './list-files.js';
import { loadScanSetup, type SecretsConfig } from './load-scan-setup.js';
import { defaultRuleSources } from './rule-sources.js';
import { scanFile, type FileScanResult } from './scan-file.js';
import { compileContext, defaultScanSettings } from './scan-settings.js';
import type { WorkerMessage } from './scan-worker.js';
import { pathSkipper } from './skip-file.js';
import { spawnScanWorker } from './spawn-scan-worker.js';
import type { RuleSource, ScanResult, ScanSettings } from './types.js';

export interface ScanTreeOptions {
  rules?: readonly RuleSource[];
  settings?: ScanSettings;
  /** Files or directories (root-relative, or absolute with the name to show them by); default: the whole tree. */
  paths?: readonly ScanPath[];
  /** Worker threads; default: one per core when the tree is big enough to pay for them, 0 = in-process. */
  workers?: number;
  warnings?: readonly string[];
  /** The `secrets:` config; with no `rules`/`settings`, the ignore files and gitleaks config are read from root. */
  config?: SecretsConfig;
  /** Starts a worker; replaceable so tests can prove the in-process fallback. */
  spawnWorker?: typeof spawnScanWorker;
}

const FILES_PER_BATCH = 64;
const BATCHES_IN_FLIGHT = 2;
const MIN_FILES_FOR_WORKERS = 300;
const WORKER_START_TIMEOUT_MS = 15_000;

/**
 * Full-tree scan. Files are listed by path, then read and scanned a batch at a time by worker
 * threads (each keeps at most two batches in flight), so memory holds file names and findings,
 * never the tree. If workers cannot start, the same batches are scanned in this thread.
 */
export async function scanTree(root: string, given: ScanTreeOptions = {}): Promise<ScanResult> {
  const setup = given.config && !given.rules && !given.settings ? await loadScanSetup(root, given.config) : undefined;
  const options = setup ? { ...given, ...setup, warnings: [...(given.warnings ?? []), ...setup.warnings] } : given;
  const settings = options.settings ?? defaultScanSettings();
  const rules = [...(options.rules ?? defaultRuleSources())];
  const skip = pathSkipper(settings);
  const collector = new ResultCollector(options.warnings);
  const files: ListedFile[] = [];
  for (const file of await listFiles(root, options.paths ?? [], skip)) {
    const reason = skip(file.path);
    if (reason) collector.skip(reason);
    else files.push(file);
  }
  const batches: ListedFile[][] = [];
  for (let i = 0; i < files.length; i += FILES_PER_BATCH) batches.push(files.slice(i, i + FILES_PER_BATCH));

  const wanted = options.workers ?? (files.length >= MIN_FILES_FOR_WORKERS ? Math.min(availableParallelism(), 8) : 0);
  let remaining = batches;
  let used = 0;
  if (wanted > 0) {
    const pooled = await scanWithWorkers(rules, settings, batches, Math.min(wanted, batches.length), collector, options.spawnWorker ?? spawnScanWorker);
    remaining = pooled.unfinished;
    used = pooled.workers;
    if (pooled.error) collector.warn(`worker threads unavailable (${pooled.error}); scanned in one thread`);
  }
  if (remaining.length > 0) scanInProcess(rules, settings, remaining, collector);
  return collector.finish(used);
}

function scanInProcess(rules: RuleSource[], settings: ScanSettings, batches: ListedFile[][], collector: ResultCollector): void {
  const ruleSet = compileRules(rules);
  collector.warnOnce(ruleSet.warnings);
  const context = compileContext(settings);
  for (const batch of batches) {
    for (const file of batch) collector.add(scanFile(file.absolute, file.path, ruleSet, context, settings.maxFileBytes));
  }
}

interface PoolOutcome {
  unfinished: ListedFile[][];
  workers: number;
  error?: string;
}

async function scanWithWorkers(
  rules: RuleSource[],
  settings: ScanSettings,
  batches: ListedFile[][],
  count: number,
  collector: ResultCollector,
  spawn: typeof spawnScanWorker,
): Promise<PoolOutcome> {
  const done = new Set<number>();
  const workers: Worker[] = [];
  let next = 0;
  try {
    const started = await Promise.all(Array.from({ length: count }, () => startWorker(spawn, { lokiSecretsWorker: 1, rules, settings })));
    workers.push(...started);
    collector.warnOnce(compileRules(rules).warnings);
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            let inFlight = 0;
            const feed = () => {
              while (inFlight < BATCHES_IN_FLIGHT && next < batches.length) {
                const id = next++;
                inFlight++;
                worker.postMessage({ id, files: batches[id] });
              }
              if (inFlight === 0) resolve();
            };
            worker.on('message', (message: WorkerMessage) => {
              if (message.type !== 'results') return;
              inFlight--;
              done.add(message.id);
              for (const result of message.results as FileScanResult[]) collector.add(result);
              feed();
            });
            worker.once('error', reject);
            worker.once('exit', (code) => reject(new Error(`a scan worker exited with code ${code}`)));
            feed();
          }),
      ),
    );
    return { unfinished: [], workers: workers.length };
  } catch (error) {
    return { unfinished: batches.filter((_, i) => !done.has(i)), workers: 0, error: (error as Error).message };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** A worker that has compiled its rules and said so; rejects if it dies or stays silent. */
async function startWorker(spawn: typeof spawnScanWorker, init: Parameters<typeof spawnScanWorker>[0]): Promise<Worker> {
  const worker = await spawn(init);
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => settle(error);
    const onExit = (code: number) => settle(new Error(`a scan worker exited with code ${code} while starting`));
    const onMessage = (message: WorkerMessage) => settle(message.type === 'ready' ? undefined : new Error('a scan worker sent results before it was ready'));
    const timer = setTimeout(() => settle(new Error('a scan worker did not start in time')), WORKER_START_TIMEOUT_MS);
    // Only our own listeners are removed: Worker uses listener hooks of its own to run its port.
    function settle(error: Error | undefined): void {
      clearTimeout(timer);
      worker.off('error', onError).off('exit', onExit).off('message', onMessage);
      if (!error) return resolve(worker);
      void worker.terminate();
      reject(error);
    }
    worker.on('error', onError).on('exit', onExit).on('message', onMessage);
  });
}
