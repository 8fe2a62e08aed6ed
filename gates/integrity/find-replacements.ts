import type { ChangedFile } from '../git/parse-diff.js';
import { isTestFile } from './classify-path.js';
import { countAssertions } from './count-assertions.js';
import { testCaseNames } from './count-test-cases.js';
import { moduleId, modulesUnderTest, testsSameModule } from './modules-under-test.js';

/** How a deleted test file is replaced, when it is. */
export type Replacement =
  /** Its test names are declared again, in these files (a move or rewrite past git's rename threshold). */
  | { by: 'names'; files: string[]; names: number }
  /** These test files test every module it tested, with at least as many assertions. */
  | { by: 'module'; files: string[]; modules: string[] };

/** A test file the change deletes, as the replacement rules judge it. */
export interface DeletedTest {
  path: string;
  /** The modules it tested (see modulesUnderTest), as base-side ids. */
  modules: string[];
  names: string[];
  assertions: number;
  replacement: Replacement | undefined;
}

interface Candidate {
  path: string;
  /** Modules it tests, mapped to their base-side ids through the change's renames. */
  modules: Set<string>;
  /** Test names the change adds to it. */
  names: Set<string>;
  /** Assertions the change adds to it. */
  assertions: number;
}

/**
 * Judges each deleted test file on its own: it is replaced only by tests of the same subject —
 * its test names declared again (git's rename detection already pairs files that moved with few
 * edits; this pairs the rest), or tests of every module it tested. Either way the replacing
 * files must add at least as many assertions as it had. A new test of something else excuses
 * nothing. `readHead` gives a kept test file's head text (its imports may predate the change).
 */
export async function judgeDeletedTests(files: readonly ChangedFile[], testPatterns: readonly string[], readHead: (path: string) => Promise<string | undefined>): Promise<DeletedTest[]> {
  const deleted = files.filter((f) => f.status === 'deleted' && !f.binary && isTestFile(f.path, testPatterns));
  if (deleted.length === 0) return [];
  const renamed = moduleRenames(files);
  const candidates: Candidate[] = [];
  for (const file of files) {
    if (file.status === 'deleted' || file.binary || !isTestFile(file.path, testPatterns) || file.addedLines.size === 0) continue;
    const text = file.status === 'added' ? [...file.addedLines.values()].join('\n') : await readHead(file.path);
    const modules = new Set([...modulesUnderTest(file.path, text ?? '', testPatterns)].map((m) => renamed.get(m) ?? m));
    candidates.push({ path: file.path, modules, names: new Set(testCaseNames(file.addedLines.values())), assertions: sumAssertions(file.addedLines.values()) });
  }
  return deleted.map((file) => {
    const text = [...file.removedLines.values()].join('\n');
    const judged = { path: file.path, modules: [...modulesUnderTest(file.path, text, testPatterns)], names: testCaseNames(file.removedLines.values()), assertions: sumAssertions(file.removedLines.values()) };
    return { ...judged, replacement: byNames(judged, candidates) ?? byModules(judged, candidates) };
  });
}

function byNames(test: Omit<DeletedTest, 'replacement'>, candidates: readonly Candidate[]): Replacement | undefined {
  if (test.names.length === 0) return undefined;
  const using = candidates.filter((c) => test.names.some((n) => c.names.has(n)));
  if (!test.names.every((n) => using.some((c) => c.names.has(n)))) return undefined;
  if (sum(using) < test.assertions) return undefined;
  return { by: 'names', files: using.map((c) => c.path), names: new Set(test.names).size };
}

function byModules(test: Omit<DeletedTest, 'replacement'>, candidates: readonly Candidate[]): Replacement | undefined {
  if (test.modules.length === 0 || test.assertions === 0) return undefined;
  const using = candidates.filter((c) => test.modules.some((m) => [...c.modules].some((n) => testsSameModule(n, m))));
  if (!test.modules.every((m) => using.some((c) => [...c.modules].some((n) => testsSameModule(n, m))))) return undefined;
  if (sum(using) < test.assertions) return undefined;
  return { by: 'module', files: using.map((c) => c.path), modules: test.modules };
}

/**
 * Deleted test files whose test names are declared again elsewhere → the files that declare them:
 * with a baseline, their test cases moved there rather than vanished.
 */
export function movedTests(deleted: readonly DeletedTest[]): Map<string, readonly string[]> {
  return new Map(deleted.flatMap((d) => (d.replacement?.by === 'names' ? [[d.path, d.replacement.files] as const] : [])));
}

/** Head module id → base module id, for source files the change renames. */
function moduleRenames(files: readonly ChangedFile[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const f of files) {
    if (f.status !== 'renamed' || !f.oldPath) continue;
    map.set(moduleId(f.path), moduleId(f.oldPath));
    if (f.path.endsWith('.py')) map.set(`py:${moduleId(f.path)}`, `py:${moduleId(f.oldPath)}`);
  }
  return map;
}

function sum(candidates: readonly Candidate[]): number {
  return candidates.reduce((n, c) => n + c.assertions, 0);
}

function sumAssertions(lines: Iterable<string>): number {
  let n = 0;
  for (const line of lines) n += countAssertions(line);
  return n;
}
