import { z } from 'zod';
import { delegationTarget, identifyTestRunner, isPlaceholderTestScript, runnerOfSegment, splitShellSegments } from './identify-test-runner.js';
import { directRunnerStep } from './direct-runner-step.js';
import { nodeModulesState } from './node-modules-state.js';
import { fileExists, firstExisting, readText } from './read-manifest.js';
import { detectedCommand } from './tool-command.js';
import { notRunAsTests, type InstallPlan, type NodeDetails, type PackageManager, type TestPlan, type ToolCommand } from './toolchain.js';

const PackageJsonSchema = z.looseObject({
  scripts: z.record(z.string(), z.string()).optional(),
  dependencies: z.record(z.string(), z.unknown()).optional(),
  devDependencies: z.record(z.string(), z.unknown()).optional(),
  optionalDependencies: z.record(z.string(), z.unknown()).optional(),
  packageManager: z.string().optional(),
});

const LOCKFILES: ReadonlyArray<readonly [string, PackageManager]> = [
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
];

export interface NodeDetection {
  details: NodeDetails;
  lockfile: string | undefined;
  install: InstallPlan | undefined;
  build: ToolCommand | undefined;
  buildReason: string;
  test: TestPlan | undefined;
  testReason: string;
  missingDependencies: string | undefined;
  manifestError: string | undefined;
}

/** Node: package manager by lockfile, the build/test scripts, and the runner behind the test script. */
export function detectNode(root: string, installAllowed: boolean): NodeDetection | undefined {
  const text = readText(root, 'package.json');
  if (text === undefined) return undefined;
  const { manifest, error } = parsePackageJson(text);
  const lockfile = firstExisting(root, LOCKFILES.map(([file]) => file));
  const packageManager = lockfile ? LOCKFILES.find(([file]) => file === lockfile)![1] : fromPackageManagerField(manifest.packageManager);
  const scripts = manifest.scripts ?? {};
  const details: NodeDetails = {
    packageManager,
    scripts,
    hasDependencies: [manifest.dependencies, manifest.devDependencies, manifest.optionalDependencies].some((d) => d && Object.keys(d).length > 0),
    modules: nodeModulesState(root, [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})], lockfile),
    usesTypeScript: fileExists(root, 'tsconfig.json') || Boolean(manifest.dependencies?.typescript ?? manifest.devDependencies?.typescript),
  };
  const build = scripts.build ? runScript(packageManager, 'build') : undefined;
  const test = planNodeTest(packageManager, scripts);
  return {
    details,
    lockfile,
    install: planInstall(root, details, lockfile, installAllowed),
    build,
    buildReason: build ? `package.json script "build": ${scripts.build}` : 'package.json has no build script: nothing to build',
    test: test.plan,
    testReason: test.reason,
    missingDependencies: missingDependencies(details, installAllowed),
    manifestError: error,
  };
}

function parsePackageJson(text: string): { manifest: z.infer<typeof PackageJsonSchema>; error?: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { manifest: {}, error: `package.json is not valid JSON: ${(error as Error).message}` };
  }
  const parsed = PackageJsonSchema.safeParse(raw);
  if (parsed.success) return { manifest: parsed.data };
  const issue = parsed.error.issues[0];
  return { manifest: {}, error: `package.json is malformed at \`${issue?.path.join('.') ?? ''}\`: ${issue?.message ?? 'invalid'}` };
}

function fromPackageManagerField(field: string | undefined): PackageManager {
  const name = field?.split('@')[0];
  return name === 'pnpm' || name === 'yarn' ? name : 'npm';
}

export function runScript(pm: PackageManager, script: string): ToolCommand {
  return detectedCommand(pm, ['run', script]);
}

/**
 * With a lockfile, the locked install (npm ci, pnpm/yarn frozen) when node_modules is missing or
 * does not match it; without one, the package manager's install that neither reads nor writes a
 * lockfile (`npm install --no-package-lock`), as a user of the project would: nothing is written
 * to the project's tree but node_modules.
 */
function planInstall(root: string, details: NodeDetails, lockfile: string | undefined, allowed: boolean): InstallPlan | undefined {
  if (!lockfile && !details.hasDependencies) return undefined;
  const command = lockfile ? installCommand(root, details.packageManager) : unlockedInstallCommand(details.packageManager);
  if (!allowed) return { command, needed: false, reason: 'dependency install is disabled (verify.install: false)' };
  if (details.modules.installed) return { command, needed: false, reason: 'node_modules is present and matches package.json' + (lockfile ? ` and ${lockfile}` : '') };
  const from = lockfile ? `${lockfile} pins the dependencies` : 'there is no lockfile, so the versions are whatever package.json\'s ranges resolve to today';
  return { command, needed: true, reason: `${details.modules.why}; ${from}` };
}

function installCommand(root: string, pm: PackageManager): ToolCommand {
  if (pm === 'pnpm') return detectedCommand('pnpm', ['install', '--frozen-lockfile']);
  if (pm === 'yarn') {
    // Yarn 2+ (a .yarnrc.yml) renamed --frozen-lockfile to --immutable.
    return fileExists(root, '.yarnrc.yml') ? detectedCommand('yarn', ['install', '--immutable']) : detectedCommand('yarn', ['install', '--frozen-lockfile']);
  }
  return detectedCommand('npm', ['ci', '--no-audit', '--no-fund']);
}

function unlockedInstallCommand(pm: PackageManager): ToolCommand {
  if (pm === 'pnpm') return detectedCommand('pnpm', ['install', '--no-lockfile']);
  if (pm === 'yarn') return detectedCommand('yarn', ['install', '--no-lockfile']);
  return detectedCommand('npm', ['install', '--no-package-lock', '--no-audit', '--no-fund']);
}

function missingDependencies(details: NodeDetails, allowed: boolean): string | undefined {
  if (details.modules.installed || !details.hasDependencies || allowed) return undefined;
  return `${details.modules.why} and dependency install is disabled (verify.install: false)`;
}

/**
 * Follows hand-overs to the script that runs the runner: `"test": "npm run test:unit"`, and a
 * command list such as `"test": "npm run test:vi && npm run lint"` or `"npm run lint && npm run unit"`:
 * the tests gate runs the step whose script runs a test runner, alone (linting is the static gate's
 * job, and the runner's reporter must reach the runner); the reason says which steps were left out.
 */
function planNodeTest(pm: PackageManager, scripts: Record<string, string>): { plan?: TestPlan; reason: string } {
  const text = scripts.test;
  if (text === undefined) return { reason: 'package.json has no test script' };
  if (isPlaceholderTestScript(text)) return { reason: 'package.json\'s test script is npm\'s placeholder ("no test specified"): there are no tests' };
  const found = runnerScript(scripts, 'test', new Set(['test']));
  const direct = directRunnerStep(pm, scripts[found.name]!);
  const script = `package.json script "${found.name}": ${scripts[found.name]}${found.name === 'test' ? '' : ` (from "test": ${text})`}`;
  if (direct) {
    const leftOut = [...direct.skipped, ...found.skipped];
    return {
      plan: { command: direct.command, runner: direct.runner, script: { name: found.name, text: direct.text }, leftOut },
      reason: `${script}; ran \`${direct.text}\` alone; ${notRunAsTests(leftOut)} (lint and type checks are the static gate's)`,
    };
  }
  return {
    plan: { command: runScript(pm, found.name), runner: found.runner, script: { name: found.name, text: scripts[found.name]! }, ...(found.skipped.length ? { leftOut: found.skipped } : {}) },
    reason: `${script}${found.skipped.length ? `; ${notRunAsTests(found.skipped)}` : ''}`,
  };
}

interface RunnerScript {
  name: string;
  runner: TestPlan['runner'];
  /** Steps of the command lists on the way that were not followed (lint, format, build...). */
  skipped: string[];
}

function runnerScript(scripts: Record<string, string>, name: string, seen: Set<string>): RunnerScript {
  const text = scripts[name]!;
  const found = identifyTestRunner(text);
  if (found.runner !== 'unknown') return { name, runner: found.runner, skipped: [] };
  const follow = (target: string | undefined): RunnerScript | undefined => {
    if (!target || scripts[target] === undefined || seen.has(target)) return undefined;
    seen.add(target);
    return runnerScript(scripts, target, seen);
  };
  if (found.delegatesTo) return follow(found.delegatesTo) ?? { name, runner: runnerOfSegment(text), skipped: [] };
  // A command list: the first step that leads to a test runner is the suite.
  const segments = splitShellSegments(text);
  const tried: RunnerScript[] = [];
  for (const [i, segment] of segments.entries()) {
    const next = follow(delegationTarget(segment));
    if (!next) continue;
    if (next.runner !== 'unknown') return { ...next, skipped: [...segments.filter((_, j) => j !== i), ...next.skipped] };
    tried.push(next);
  }
  return tried.at(-1) ?? { name, runner: 'unknown', skipped: [] };
}
