import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { git } from '../git/git.js';
import type { ChangedFile } from '../git/parse-diff.js';
import { isTestSideFile } from '../integrity/classify-path.js';

/** The change as the proving run needs it: what it touches, and where the head's versions are. */
export interface ChangeUnderTest {
  headSha: string;
  files: readonly ChangedFile[];
  /** `verify.test_patterns`: more test files. */
  testPatterns: readonly string[];
}

export type TestSide =
  /** The change touches no test: the merge-base's own run already is the run of the head's tests. */
  | { kind: 'no-test-changes' }
  /** The change touches tests only: the head's tests on the base's source are the head itself. */
  | { kind: 'tests-only' }
  | { kind: 'mixed'; write: string[]; remove: string[] };

/** Which side of the change the tests are on. */
export function splitTestSide(change: ChangeUnderTest): TestSide {
  const isTest = (path: string | undefined) => path !== undefined && isTestSideFile(path, change.testPatterns);
  const tests = change.files.filter((f) => isTest(f.path) || isTest(f.oldPath));
  if (tests.length === 0) return { kind: 'no-test-changes' };
  if (tests.length === change.files.length) return { kind: 'tests-only' };
  const write = tests.filter((f) => f.status !== 'deleted' && isTest(f.path)).map((f) => f.path);
  // A deleted or moved-away test is not one of the head's tests.
  const remove = tests.flatMap((f) => (f.status === 'deleted' ? [f.path] : f.oldPath && f.oldPath !== f.path && isTest(f.oldPath) ? [f.oldPath] : []));
  return { kind: 'mixed', write, remove };
}

/**
 * Puts the head's test files into a checkout of the merge-base: written byte for byte from the
 * head commit by git (paths taken literally, never as patterns or options), removed where the
 * head removed them. The code under test stays the base's.
 */
export async function overlayHeadTests(dir: string, headSha: string, side: Extract<TestSide, { kind: 'mixed' }>): Promise<void> {
  for (const path of side.remove) await rm(join(dir, path), { force: true, recursive: true });
  for (let i = 0; i < side.write.length; i += 200) {
    // Hooks off: git runs post-checkout for file checkouts too.
    await git(dir, ['-c', 'core.hooksPath=/dev/null', 'checkout', headSha, '--', ...side.write.slice(i, i + 200)], { env: { GIT_LITERAL_PATHSPECS: '1' } });
  }
}
