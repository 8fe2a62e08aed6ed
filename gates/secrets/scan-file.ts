import { readFile, stat } from 'node:fs/promises';
import type { CompiledRuleSet } from './compile-rules.js';
import { looksBinary } from './skip-file.js';
import { scanText, type ScanContext, type TextScanOutcome } from './scan-text.js';
import type { SkipReason } from './types.js';

export interface FileScanResult extends Partial<TextScanOutcome> {
  file: string;
  skipped?: SkipReason;
  bytes: number;
}

/** Reads one file (already past the path checks) and scans it; size and content decide skips. */
export async function scanFile(absolutePath: string, relativePath: string, ruleSet: CompiledRuleSet, context: ScanContext, maxFileBytes: number): Promise<FileScanResult> {
  try {
    const info = await stat(absolutePath);
    if (!info.isFile()) return { file: relativePath, skipped: 'unreadable', bytes: 0 };
    if (info.size > maxFileBytes) return { file: relativePath, skipped: 'too-large', bytes: 0 };
    const content = await readFile(absolutePath);
    if (looksBinary(content)) return { file: relativePath, skipped: 'binary', bytes: 0 };
    const outcome = scanText({ path: relativePath, text: content.toString('utf8') }, ruleSet, context);
    return { file: relativePath, bytes: content.length, ...outcome };
  } catch {
    // Vanished between listing and reading, or unreadable: counted, never fatal.
    return { file: relativePath, skipped: 'unreadable', bytes: 0 };
  }
}
