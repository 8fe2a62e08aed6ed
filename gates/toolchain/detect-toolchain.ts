import { resolve } from 'node:path';
import type { LokiConfig } from '../config/schema.js';
import { detectGo } from './detect-go.js';
import { detectGradle, detectMaven } from './detect-jvm.js';
import { detectMake } from './detect-make.js';
import { detectNode, type NodeDetection } from './detect-node.js';
import { detectPython } from './detect-python.js';
import { detectRust } from './detect-rust.js';
import { identifyTestRunner } from './identify-test-runner.js';
import type { StackDetection } from './stack-detection.js';
import { configCommand } from './tool-command.js';
import { KNOWN_MANIFESTS, type TestRunner, type Toolchain } from './toolchain.js';

export type { Toolchain } from './toolchain.js';

/**
 * Detects how the project in `cwd` is built and tested, from its own manifests. Stacks are tried
 * most specific first (Node, Python, Go, Rust, Maven, Gradle, then Make, whose runner is opaque);
 * the first stack with a build (or test) command provides it. `verify.commands.install|build|test`
 * in the config replace detection for that step. Never throws for a broken manifest: the problem
 * is reported in `manifestErrors` for the build gate to turn into a finding.
 */
export async function detectToolchain(cwd: string, config: LokiConfig): Promise<Toolchain> {
  const root = resolve(cwd);
  const node = detectNode(root, config.verify.install);
  const others = [detectPython(root, config.verify.install), detectGo(root), detectRust(root), detectMaven(root), detectGradle(root), detectMake(root)];
  const detections = [...(node ? [fromNode(node)] : []), ...others].filter((d): d is StackDetection => d !== undefined);

  const withBuild = detections.find((d) => d.build);
  const withTest = detections.find((d) => d.test);
  const lockfile = detections.find((d) => d.lockfile)?.lockfile;
  const install = detections.find((d) => d.install)?.install;
  const commands = config.verify.commands;
  const none = `no supported toolchain found: looked for ${KNOWN_MANIFESTS}`;

  const toolchain: Toolchain = {
    root,
    stacks: detections.map((d) => d.stack),
    ...(node ? { packageManager: node.details.packageManager, node: node.details } : {}),
    ...(lockfile ? { lockfile } : {}),
    ...(install ? { install } : {}),
    ...(withBuild?.build ? { build: withBuild.build } : {}),
    buildReason: withBuild?.buildReason ?? detections[0]?.buildReason ?? none,
    ...(withTest?.test ? { test: withTest.test } : {}),
    testReason: withTest?.testReason ?? detections[0]?.testReason ?? none,
    ...(node?.missingDependencies ? { missingDependencies: node.missingDependencies } : {}),
    fromConfig: { install: false, build: false, test: false },
    manifestErrors: node?.manifestError ? [{ file: 'package.json', message: node.manifestError }] : [],
  };
  return applyConfigCommands(toolchain, commands, node);
}

function fromNode(node: NodeDetection): StackDetection {
  return {
    stack: { id: 'node', manifest: 'package.json' },
    ...(node.lockfile ? { lockfile: node.lockfile } : {}),
    ...(node.install ? { install: node.install } : {}),
    ...(node.build ? { build: node.build } : {}),
    buildReason: node.buildReason,
    ...(node.test ? { test: node.test } : {}),
    testReason: node.testReason,
  };
}

type Commands = LokiConfig['verify']['commands'];

function applyConfigCommands(toolchain: Toolchain, commands: Commands, node: NodeDetection | undefined): Toolchain {
  const result: Toolchain = { ...toolchain, fromConfig: { install: Boolean(commands.install), build: Boolean(commands.build), test: Boolean(commands.test) } };
  if (commands.install) {
    result.install = { command: configCommand(commands.install), needed: true, reason: 'verify.commands.install in the config' };
    delete result.missingDependencies;
  }
  if (commands.build) {
    result.build = configCommand(commands.build);
    result.buildReason = 'verify.commands.build in the config';
  }
  if (commands.test) {
    result.test = { command: configCommand(commands.test), runner: runnerOfConfigTest(commands.test, node) };
    result.testReason = 'verify.commands.test in the config';
  }
  return result;
}

/** `npm test` in the config hands over to package.json: the runner is the script's. */
function runnerOfConfigTest(text: string, node: NodeDetection | undefined): TestRunner {
  const found = identifyTestRunner(text);
  if (found.delegatesTo && node?.details.scripts[found.delegatesTo] !== undefined) return node.test?.runner ?? 'unknown';
  return found.runner;
}
