import { z } from 'zod';
import { identifyTestRunner, isPlaceholderTestScript, runnerOfSegment } from './identify-test-runner.js';
import { dirExists, fileExists, firstExisting, readText } from './read-manifest.js';
import { detectedCommand } from './tool-command.js';
import type { InstallPlan, NodeDetails, PackageManager, TestPlan, ToolCommand } from './toolchain.js';

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
    dependenciesInstalled: dirExists(root, 'node_modules'),
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
    missingDependencies: missingDependencies(details, lockfile, installAllowed),
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

function planInstall(root: string, details: NodeDetails, lockfile: string | undefined, allowed: boolean): InstallPlan | undefined {
  if (!lockfile) return undefined;
  const command = installCommand(root, details.packageManager);
  if (!allowed) return { command, needed: false, reason: 'dependency install is disabled (verify.install: false)' };
  if (details.dependenciesInstalled) return { command, needed: false, reason: 'node_modules is present' };
  return { command, needed: true, reason: `node_modules is missing and ${lockfile} pins the dependencies` };
}

function installCommand(root: string, pm: PackageManager): ToolCommand {
  if (pm === 'pnpm') return detectedCommand('pnpm', ['install', '--frozen-lockfile']);
  if (pm === 'yarn') {
    // Yarn 2+ (a .yarnrc.yml) renamed --frozen-lockfile to --immutable.
    return fileExists(root, '.yarnrc.yml') ? detectedCommand('yarn', ['install', '--immutable']) : detectedCommand('yarn', ['install', '--frozen-lockfile']);
  }
  return detectedCommand('npm', ['ci', '--no-audit', '--no-fund']);
}

function missingDependencies(details: NodeDetails, lockfile: string | undefined, allowed: boolean): string | undefined {
  if (details.dependenciesInstalled || !details.hasDependencies) return undefined;
  if (!lockfile) return 'package.json declares dependencies, node_modules is missing and there is no lockfile to install them from reproducibly (commit a lockfile, install them before verify, or set verify.commands.install)';
  if (!allowed) return 'node_modules is missing and dependency install is disabled (verify.install: false)';
  return undefined;
}

/**
 * Follows hand-overs to the script that runs the runner: `"test": "npm run test:unit"`, and
 * `"test": "npm run lint && npm run unit"` (the tests gate then runs `unit` alone: linting is the
 * static gate's job, and the runner's reporter must reach the runner).
 */
function planNodeTest(pm: PackageManager, scripts: Record<string, string>): { plan?: TestPlan; reason: string } {
  const text = scripts.test;
  if (text === undefined) return { reason: 'package.json has no test script' };
  if (isPlaceholderTestScript(text)) return { reason: 'package.json\'s test script is npm\'s placeholder ("no test specified"): there are no tests' };
  let name = 'test';
  let current = text;
  const seen = new Set<string>([name]);
  for (;;) {
    const found = identifyTestRunner(current);
    const next = found.delegatesTo ?? found.endsWithDelegation;
    if (next && scripts[next] !== undefined && !seen.has(next)) {
      seen.add(next);
      name = next;
      current = scripts[next]!;
      continue;
    }
    const runner = found.delegatesTo ? runnerOfSegment(current) : found.runner;
    return {
      plan: { command: runScript(pm, name), runner, script: { name, text: current } },
      reason: `package.json script "${name}": ${current}`,
    };
  }
}
