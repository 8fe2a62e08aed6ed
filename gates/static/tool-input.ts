import type { LokiConfig } from '../config/schema.js';
import type { ChangedFile } from '../git/parse-diff.js';
import type { ProcessOptions } from './syntax-checkers.js';

export interface ToolCheckInput extends ProcessOptions {
  files: readonly ChangedFile[];
  config: LokiConfig;
  /** Optional tools that were not run, and why (reported in the gate's reason). */
  notes: string[];
}

/** File arguments never start with "-": a hostile file name must not become an option. */
export function asArg(path: string): string {
  return `./${path}`;
}

/** Changed files that still exist and match RE. */
export function liveFiles(files: readonly ChangedFile[], re: RegExp): string[] {
  return files.filter((f) => f.status !== 'deleted' && !f.binary && re.test(f.path)).map((f) => f.path);
}
