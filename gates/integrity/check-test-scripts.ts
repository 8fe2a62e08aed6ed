import { z } from 'zod';
import type { ChangedFile } from '../git/parse-diff.js';
import type { FindingDraft } from '../verify/gate.js';
import { COMMAND_WEAKENERS, SCOPE_NARROWERS } from './line-rules.js';
import { lineOf } from '../core/line-of.js';

const PackageJsonSchema = z.looseObject({
  scripts: z.record(z.string(), z.string()).optional(),
  jest: z.unknown().optional(),
  mocha: z.unknown().optional(),
  ava: z.unknown().optional(),
});
type PackageJson = z.infer<typeof PackageJsonSchema>;

/** Reads a file's content at one side of the diff; undefined when it does not exist there. */
export type ReadSide = (side: 'base' | 'head', path: string) => Promise<string | undefined>;

/**
 * package.json: test scripts and test-runner sections that gain `|| true`, --passWithNoTests or
 * exclusions they did not have on the base.
 */
export async function checkTestScripts(files: readonly ChangedFile[], read: ReadSide): Promise<FindingDraft[]> {
  const findings: FindingDraft[] = [];
  for (const file of files) {
    if (file.status === 'deleted' || !/(?:^|\/)package\.json$/.test(file.path) || file.path.includes('node_modules/')) continue;
    const headText = await read('head', file.path);
    const head = parse(headText);
    if (!head || headText === undefined) continue;
    const base = parse(await read('base', file.oldPath ?? file.path)) ?? {};
    for (const [name, value] of sections(head)) {
      const before = sections(base).get(name) ?? '';
      for (const [pattern, severity] of [...COMMAND_WEAKENERS.map((p) => [p, 'high'] as const), ...SCOPE_NARROWERS.map((p) => [p, 'medium'] as const)]) {
        const match = pattern.exec(value);
        if (!match || pattern.test(before)) continue;
        const line = lineOf(headText, name.startsWith('scripts.') ? `"${name.slice('scripts.'.length)}"` : `"${name}"`);
        findings.push({
          rule: severity === 'high' ? 'test-command-weakened' : 'test-scope-narrowed',
          severity,
          file: file.path,
          ...(line ? { line } : {}),
          key: `${name}:${match[0].trim()}`,
          message: `\`${name}\` gains \`${match[0].trim()}\`, so ${severity === 'high' ? 'the test run can pass whatever the tests report' : 'fewer tests run'}. Fix: ${severity === 'high' ? 'remove it so failing or missing tests fail the run' : 'keep the tests in the run, or explain the exclusion in the PR'}.`,
        });
        break;
      }
    }
  }
  return findings;
}

function parse(text: string | undefined): PackageJson | undefined {
  if (text === undefined) return undefined;
  try {
    const result = PackageJsonSchema.safeParse(JSON.parse(text));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

/** Test scripts and test-runner config sections, as comparable strings. */
function sections(pkg: PackageJson): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(pkg.scripts ?? {})) if (/test|^ci$/i.test(name)) out.set(`scripts.${name}`, value);
  for (const key of ['jest', 'mocha', 'ava'] as const) if (pkg[key] !== undefined) out.set(key, JSON.stringify(pkg[key]));
  return out;
}

