import type { NodeModulesState } from './node-modules-state.js';
/**
 * The shape `detectToolchain` returns: what a project is built and tested with, read from its own
 * manifests (or from `verify.commands` in the config). The build, tests, static and audit gates all
 * read it, so this shape is a shared contract: add fields, do not rename or remove them.
 */

export const STACK_IDS = ['node', 'python', 'go', 'rust', 'maven', 'gradle', 'make'] as const;
export type StackId = (typeof STACK_IDS)[number];

export type PackageManager = 'npm' | 'pnpm' | 'yarn';

/**
 * The test runner behind the test command. `unknown` means the command runs, but Loki cannot
 * count its test cases, so the tests gate is inconclusive rather than trusting an exit code.
 */
export type TestRunner =
  | 'node-test' | 'vitest' | 'jest' | 'mocha' | 'ava' | 'tape' | 'uvu' | 'pytest' | 'go-test' | 'cargo-test' | 'maven-surefire' | 'gradle-test' | 'unknown';

/** A command to run in the project root. */
export interface ToolCommand {
  /** As shown in the evidence and the report, e.g. `npm run build`. */
  display: string;
  /** Executable and arguments (no shell), or the whole shell string when `shell` is true. */
  file: string;
  args: string[];
  /**
   * Run through `sh -c`: only for text the repository owner wrote (config commands). Detected
   * commands are always argument vectors.
   */
  shell: boolean;
  /** Where the command came from. */
  source: 'config' | 'detected';
}

/** One stack found in the project, with the manifest that proved it. */
export interface DetectedStack {
  id: StackId;
  /** Repository-relative path of the manifest, e.g. `package.json`, `go.mod`. */
  manifest: string;
}

export interface InstallPlan {
  command: ToolCommand;
  /** Install only runs when `needed`; otherwise `reason` says why not (deps present, no lockfile…). */
  needed: boolean;
  reason: string;
  /** Python without a uv/poetry lock: a virtualenv of Loki's for this checkout, then pip (gates/toolchain/install-python-venv.ts). */
  venv?: VenvInstall;
}

/** A virtualenv Loki makes for one checkout (each commit, head and base, gets its own), and what pip installs into it. */
export interface VenvInstall {
  /** Absolute path, inside the checkout's `.loki/` (never part of a commit). */
  dir: string;
  /** The interpreter it is made from. */
  python: string;
  /** `pip install` arguments: `-r requirements.txt`, `-e .[test]`. */
  pipArgs: string[];
  /**
   * When the project itself cannot be built because its build backend is neither installed nor
   * downloadable (flit_core on a machine without an index): install only its requirements and put
   * `importPath` (src/, or the checkout) on the venv's import path, as an editable install would.
   */
  fromSource?: { pipArgs: string[]; importPath: string; buildBackend?: string };
}

export interface TestPlan {
  command: ToolCommand;
  runner: TestRunner;
  /**
   * The text that finally invokes the runner: for Node the package.json script (after following
   * `npm run x` hand-overs), for Make the test target's recipe. Reporters are fitted to it.
   */
  script?: { name: string; text: string };
  /** Steps of the test script that were not run as tests (lint, format, type checks), said in the gate's reason. */
  leftOut?: string[];
}

export interface NodeDetails {
  packageManager: PackageManager;
  scripts: Record<string, string>;
  /** Declares any dependency or devDependency. */
  hasDependencies: boolean;
  /** Whether node_modules holds the declared dependencies at the locked versions (a folder alone is not an install). */
  modules: NodeModulesState;
  /** typescript is a dependency or a tsconfig.json exists. */
  usesTypeScript: boolean;
}

export interface ManifestError {
  /** Repository-relative path of the manifest. */
  file: string;
  message: string;
}

export interface Toolchain {
  /** Absolute path of the project root (the repository root). */
  root: string;
  /** Every stack found, most specific first; the first with a build/test command provides it. */
  stacks: DetectedStack[];
  /** Node package manager (from the lockfile, else the `packageManager` field, else npm). */
  packageManager?: PackageManager;
  /** Repository-relative lockfile of the primary stack, when there is one. */
  lockfile?: string;
  node?: NodeDetails;
  /** Undefined: nothing to install (or install disabled). */
  install?: InstallPlan;
  /** Undefined: the project has no build step; `buildReason` says why. */
  build?: ToolCommand;
  buildReason: string;
  /** Undefined: no test command; `testReason` says why. */
  test?: TestPlan;
  testReason: string;
  /**
   * Dependencies are declared but not installed and cannot be installed reproducibly (no
   * lockfile, or install disabled): a failure may not be the change's fault.
   */
  missingDependencies?: string;
  /** Manifests that exist but cannot be read (e.g. invalid package.json JSON): a build failure. */
  manifestErrors: ManifestError[];
  /** Which commands came from `verify.commands` in the config. */
  fromConfig: { install: boolean; build: boolean; test: boolean };
}

/** The list of manifests Loki looks for, for "no supported toolchain found" messages. */
export const KNOWN_MANIFESTS =
  'package.json, pyproject.toml/setup.cfg/pytest.ini/requirements*.txt, go.mod, Cargo.toml, pom.xml, build.gradle[.kts], Makefile';

/** How a reason names the steps of a test script left out: "not run as tests: `xo`, `tsd`". */
export function notRunAsTests(steps: readonly string[]): string {
  return `not run as tests: ${steps.map((step) => `\`${step}\``).join(', ')}`;
}
