import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Severity } from '../config/schema.js';
import { normaliseLine } from '../evidence/fingerprint.js';
import type { ChangedFile } from '../git/parse-diff.js';
import type { FindingDraft } from '../verify/gate.js';
import type { Diagnostic } from './diagnostic.js';

const SEVERITY: Record<Diagnostic['kind'], Severity> = { type: 'high', syntax: 'high', lint: 'medium', warning: 'low' };

/**
 * Turns diagnostics into findings. A diagnostic on a line the change adds is the change's; one
 * elsewhere was there before and is reported as pre-existing. The key is the offending line's
 * text, so the finding keeps its id when lines above it move.
 */
export async function placeDiagnostics(root: string, files: readonly ChangedFile[], diagnostics: readonly Diagnostic[]): Promise<FindingDraft[]> {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const lines = new Map<string, string[] | undefined>();
  const out: FindingDraft[] = [];
  const seen = new Set<string>();
  for (const d of diagnostics) {
    // Tools report one problem once per build target (clippy: bin and test); keep one.
    const identity = [d.tool, d.file, d.line, d.column, d.code, d.message].join('\u0000');
    if (seen.has(identity)) continue;
    seen.add(identity);
    const text = d.file && d.line ? (await sourceLines(root, d.file, lines))?.[d.line - 1] : undefined;
    const onAdded = d.file !== undefined && d.line !== undefined && byPath.get(d.file)?.addedLines.has(d.line) === true;
    const preExisting = d.preExisting ?? (d.file !== undefined && !onAdded);
    out.push({
      rule: `${d.tool}/${d.code ?? d.kind}`,
      severity: SEVERITY[d.kind],
      ...(d.file ? { file: d.file } : {}),
      ...(d.line ? { line: d.line } : {}),
      key: `${d.code ?? ''}:${text !== undefined ? normaliseLine(text) : d.message}`,
      // The location travels in file/line; every renderer shows it.
      message: `${d.tool}: ${d.message}${preExisting ? ' (pre-existing)' : ''}`,
      ...(preExisting ? { preExisting } : {}),
    });
  }
  return out;
}

async function sourceLines(root: string, file: string, cache: Map<string, string[] | undefined>): Promise<string[] | undefined> {
  if (!cache.has(file)) cache.set(file, (await readFile(join(root, file), 'utf8').catch(() => undefined))?.split('\n'));
  return cache.get(file);
}
