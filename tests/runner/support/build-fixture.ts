import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LokiConfigSchema, type LokiConfig, type LokiConfigInput } from '../../../gates/config/schema.js';
import { JobSchema, type Job, type JobInput } from '../../../runner/job/schema.js';
import { createTempRepo, type TempRepo } from '../../support/temp-repo.js';

/**
 * A real project with a real test suite, pushed to a local bare remote: the ground the build loop
 * runs on in tests. The task: implement `multiply` in src/math.js (it is missing).
 */
export interface BuildFixture {
  root: string;
  /** The bare repository the job clones from and pushes to. */
  remote: string;
  /** The seed checkout that created the remote. */
  seed: TempRepo;
  /** Writes a scripted agent (an ES module run with node) and returns its command line. */
  agent(name: string, source: string): string;
  job(overrides?: Partial<JobInput>): Job;
  config(overrides?: LokiConfigInput): LokiConfig;
  /** The remote's branch head, or undefined. */
  remoteHead(branch: string): string | undefined;
  /** Runs git in the bare remote. */
  remoteGit(...args: string[]): string;
  /**
   * For tests whose scripted agent reports what it saw in files under `root` (outside the
   * workspace, which a sandbox rightly forbids): run agents and project commands with
   * LOKI_SANDBOX=none for this test. The sandbox itself is tested in tests/attacks and tests/gates/sandbox.
   */
  unsandboxed(): void;
  cleanup(): void;
}

export const PROJECT: Record<string, string> = {
  'package.json': `${JSON.stringify({ name: 'calc', version: '1.0.0', type: 'module', scripts: { test: 'node --test' } }, null, 2)}\n`,
  'src/math.js': 'export function add(a, b) {\n  return a + b;\n}\n',
  'test/add.test.js': "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { add } from '../src/math.js';\n\ntest('adds', () => {\n  assert.equal(add(2, 3), 5);\n});\n",
  'README.md': '# calc\n',
};

/** A second test file, for scenarios that need more than one existing test (not in PROJECT: others count its tests). */
export const ADD_MORE_TEST = "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { add } from '../src/math.js';\n\ntest('adds negatives', () => {\n  assert.equal(add(-2, -3), -5);\n});\n";

export const SPEC_TEXT = 'Add a `multiply(a, b)` function to src/math.js that returns the product, with a test.';

export function createBuildFixture(): BuildFixture {
  const root = mkdtempSync(join(tmpdir(), 'loki-build-'));
  const seed = createTempRepo(PROJECT);
  const remote = join(root, 'remote.git');
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', remote]);
  seed.git('push', '-q', remote, 'main');
  const remoteGit = (...args: string[]) => execFileSync('git', args, { cwd: remote, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  // The scripted agents live in `root`: the sandbox shows it read-only, as an operator's agent wrapper.
  const saved = { readOnly: process.env.LOKI_SANDBOX_READ_ONLY, sandbox: process.env.LOKI_SANDBOX };
  process.env.LOKI_SANDBOX_READ_ONLY = [root, saved.readOnly].filter(Boolean).join(':');
  const restore = (name: string, value: string | undefined) => (value === undefined ? delete process.env[name] : (process.env[name] = value));
  return {
    root,
    remote,
    seed,
    agent(name, source) {
      const path = join(root, `${name}.mjs`);
      writeFileSync(path, source);
      return `node ${JSON.stringify(path)}`;
    },
    job(overrides = {}) {
      return JobSchema.parse({
        job_id: 'test-job',
        kind: 'build',
        repo: { owner: 'acme', name: 'calc', clone_url: remote, default_branch: 'main' },
        base_ref: 'main',
        issue_number: 7,
        spec: { source: 'issue', ref: 'acme/calc#7', title: 'Add multiply', text: SPEC_TEXT },
        provider_order: ['command'],
        budgets: { max_iterations: 3, max_minutes: 5 },
        ...overrides,
      } satisfies JobInput);
    },
    config(overrides = {}) {
      return LokiConfigSchema.parse({
        ...overrides,
        build: { reviewers: 0, ...overrides.build },
        verify: { gates: ['diff', 'build', 'tests', 'secrets', 'integrity'], ...overrides.verify },
      });
    },
    remoteHead(branch) {
      try {
        return remoteGit('rev-parse', '--verify', '--quiet', `refs/heads/${branch}`).trim() || undefined;
      } catch {
        return undefined;
      }
    },
    remoteGit,
    unsandboxed() {
      process.env.LOKI_SANDBOX = 'none';
    },
    cleanup() {
      restore('LOKI_SANDBOX_READ_ONLY', saved.readOnly);
      restore('LOKI_SANDBOX', saved.sandbox);
      seed.remove();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

const MATH = (body: string) => `export function add(a, b) {\n  return a + b;\n}\n\nexport function multiply(a, b) {\n  return ${body};\n}\n`;
export const MULTIPLY_TEST = "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { multiply } from '../src/math.js';\n\ntest('multiplies', () => {\n  assert.equal(multiply(4, 5), 20);\n});\n";

/**
 * Scripted agents: small node programs that edit the workspace (their cwd) as a coding agent
 * would. Each is idempotent, so running it again in a later iteration changes nothing.
 */
export const AGENTS = {
  /** Implements multiply with a test; reports its cost like the command provider's convention says. */
  solver: `
import { appendFileSync, writeFileSync } from 'node:fs';
writeFileSync('src/math.js', ${JSON.stringify(MATH('a * b'))});
writeFileSync('test/multiply.test.js', ${JSON.stringify(MULTIPLY_TEST)});
appendFileSync(process.env.LOKI_PROGRESS_FILE, 'added multiply and its test\\n');
console.log('Implemented multiply.');
console.log('LOKI_COST_USD=0.25');
`,
  /** Changes nothing and says it is done. */
  idle: `console.log('Done: nothing needed to change.');\n`,
  /** Gets it wrong in iteration 1 (a + b), right in iteration 2. */
  fixesSecondTime: `
import { writeFileSync } from 'node:fs';
const first = process.env.LOKI_ITERATION === '1';
writeFileSync('src/math.js', first ? ${JSON.stringify(MATH('a + b'))} : ${JSON.stringify(MATH('a * b'))});
writeFileSync('test/multiply.test.js', ${JSON.stringify(MULTIPLY_TEST)});
console.log(first ? 'Implemented multiply.' : 'Fixed multiply.');
`,
  /** Gets green the cheap way: deletes one existing test file (ADD_MORE_TEST) and skips the other test. */
  weakensTests: `
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
writeFileSync('src/math.js', ${JSON.stringify(MATH('a * b'))});
rmSync('test/add-more.test.js');
writeFileSync('test/add.test.js', readFileSync('test/add.test.js', 'utf8').replace("test('adds'", "test.skip('adds'"));
writeFileSync('test/multiply.test.js', ${JSON.stringify(MULTIPLY_TEST)});
console.log('Done.');
`,
  /** Solves the task but hard-codes a credential (built at run time, so no real-looking key is in this repo). */
  plantsSecret: `
import { writeFileSync } from 'node:fs';
const body = Array.from({ length: 36 }, (_, i) => 'aB3xK9pQ7mZ2wR5tY8uV1nC4'[(i * 7) % 24]).join('');
writeFileSync('src/math.js', ${JSON.stringify(MATH('a * b'))});
writeFileSync('src/client.js', 'export const token = "ghp_' + body + '";\\n');
writeFileSync('test/multiply.test.js', ${JSON.stringify(MULTIPLY_TEST)});
console.log('Done.');
`,
  /** Starts a grandchild that never ends, records its pid, and never ends itself. */
  hangs: `
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
writeFileSync('src/math.js', ${JSON.stringify(MATH('a * b'))});
const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
writeFileSync(process.argv[2], String(child.pid));
setInterval(() => {}, 1000);
`,
  /** Writes a test for multiply but no implementation: the suite fails (a first run that gets capped). */
  halfDone: `
import { writeFileSync } from 'node:fs';
writeFileSync('test/multiply.test.js', ${JSON.stringify(MULTIPLY_TEST)});
console.log('Wrote the test; the implementation is next.');
`,
};
