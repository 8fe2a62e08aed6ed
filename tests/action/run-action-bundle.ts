import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../../gates/core/run-command.js';
import { packageRoot } from '../../gates/core/package-root.js';

/** The committed bundle, run as the Actions runner runs it: `node dist/action.js`. */
export const BUNDLE = join(packageRoot(), 'dist', 'action.js');

export interface BundleRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

export interface BundleRunOptions {
  workspace: string;
  event: unknown;
  /** Input names as in action.yml (`fail-on`); passed as INPUT_FAIL-ON like the runner does. */
  inputs: Record<string, string>;
  apiUrl: string;
  repository?: string;
  sha?: string;
  /** More variables the runner would set (e.g. GITHUB_TOKEN from a workflow's `env:`). */
  env?: Record<string, string>;
}

/**
 * Runs the bundle in a child process with the variables a runner sets: INPUT_*, GITHUB_EVENT_PATH,
 * GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_API_URL and friends — and nothing inherited from the
 * test's own environment besides PATH, so a CI host's GITHUB_* cannot leak in.
 */
export async function runActionBundle(options: BundleRunOptions): Promise<BundleRun> {
  const dir = mkdtempSync(join(tmpdir(), 'loki-action-run-'));
  try {
    const files = { event: join(dir, 'event.json'), output: join(dir, 'output'), summary: join(dir, 'summary.md') };
    writeFileSync(files.event, JSON.stringify(options.event));
    writeFileSync(files.output, '');
    writeFileSync(files.summary, '');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: dir,
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: files.event,
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_API_URL: options.apiUrl,
      GITHUB_SERVER_URL: 'https://github.example',
      GITHUB_REPOSITORY: options.repository ?? 'octo/demo',
      GITHUB_RUN_ID: '4242',
      GITHUB_SHA: options.sha ?? '0'.repeat(40),
      GITHUB_WORKSPACE: options.workspace,
      ...options.env,
      ...Object.fromEntries(Object.entries(options.inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])),
    };
    const result = await runCommand(process.execPath, [BUNDLE], { cwd: options.workspace, env, replaceEnv: true, timeoutMs: 60_000 });
    return {
      exitCode: result.exitCode,
      stdout: result.stdout,
      stderr: result.stderr,
      outputs: parseOutputFile(readFileSync(files.output, 'utf8')),
      summary: readFileSync(files.summary, 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** GITHUB_OUTPUT as @actions/core writes it: `name<<DELIM\nvalue\nDELIM\n`. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const pattern = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2\n/gm;
  for (const match of text.matchAll(pattern)) outputs[match[1]!] = match[3]!;
  return outputs;
}

export interface PullRequestEventOptions {
  number: number;
  baseRef: string;
  baseSha: string;
  headRef: string;
  headSha: string;
  repository?: string;
  /** Where the head branch lives; another repository makes it a fork PR. */
  headRepository?: string;
}

/** A real `pull_request.opened` payload from @octokit/webhooks-examples, pointed at the test repo. */
export function pullRequestEvent(options: PullRequestEventOptions): Record<string, unknown> {
  const require = createRequire(import.meta.url);
  const all = require('@octokit/webhooks-examples') as Array<{ name: string; examples: Array<Record<string, unknown>> }>;
  const example = all.find((e) => e.name === 'pull_request')?.examples.find((e) => e.action === 'opened');
  if (!example) throw new Error('no pull_request.opened example in @octokit/webhooks-examples');
  const event = structuredClone(example) as Record<string, any>;
  const repository = options.repository ?? 'octo/demo';
  const headRepository = options.headRepository ?? repository;
  const pr = event.pull_request;
  event.number = options.number;
  pr.number = options.number;
  Object.assign(pr.base, { ref: options.baseRef, sha: options.baseSha, label: `octo:${options.baseRef}` });
  Object.assign(pr.base.repo, repoFields(repository));
  Object.assign(pr.head, { ref: options.headRef, sha: options.headSha, label: `${headRepository.split('/')[0]}:${options.headRef}` });
  Object.assign(pr.head.repo, repoFields(headRepository), { fork: headRepository !== repository });
  Object.assign(event.repository, repoFields(repository));
  return event;
}

function repoFields(fullName: string): Record<string, unknown> {
  const [owner, name] = fullName.split('/');
  return { full_name: fullName, name, owner: { login: owner } };
}
