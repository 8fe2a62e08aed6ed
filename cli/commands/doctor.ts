import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../gates/config/load-config.js';
import { defaultConfig, PROVIDER_NAMES, ProviderNameSchema, type LokiConfig, type ProviderName } from '../../gates/config/schema.js';
import { isLokiError, LokiError } from '../../gates/core/errors.js';
import { runCommand } from '../../gates/core/run-command.js';
import { probeProvider, type ProviderProbe } from '../../runner/providers/probe-provider.js';
import { parseOptions } from '../parse-options.js';

/**
 * `loki doctor`: what this machine has and lacks for Loki, each gap with the command that fixes
 * it. A gap is `missing` when Loki cannot work without it here (exit 1), `optional` when only some
 * uses need it. Nothing here spends money or sends data anywhere.
 */

const HELP = `Usage: loki doctor [--provider P] [--json]

Checks Node, git, the coding-agent CLIs (installed, signed in), Docker, a GitHub token,
.github/loki.yml in this directory, and the toolchains the gates run.

Options:
  --provider P   the provider to require (default: LOKI_PROVIDER, else provider.name in the config)
  --json         print one JSON document on stdout and nothing else there

Exit codes: 0 ready, 1 something missing.
`;

export type CheckStatus = 'ok' | 'missing' | 'optional';

export interface DoctorCheck {
  id: string;
  status: CheckStatus;
  detail: string;
  fix?: string;
}

export interface DoctorReport {
  ready: boolean;
  provider: ProviderName;
  checks: DoctorCheck[];
}

const MIN_NODE = [20, 18] as const;
const TOOL_TIMEOUT_MS = 15_000;

export async function main(argv: string[]): Promise<number> {
  const { values } = parseOptions('doctor', argv, { provider: { type: 'string' }, json: { type: 'boolean' } });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const report = await runDoctor({ cwd: process.cwd(), env: process.env, provider: values.provider });
  if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stderr.write(renderReport(report));
  return report.ready ? 0 : 1;
}

export async function runDoctor(options: { cwd: string; env: NodeJS.ProcessEnv; provider?: string }): Promise<DoctorReport> {
  const { config, check: configCheck } = await checkConfig(options.cwd);
  const provider = selectProvider(options.provider ?? options.env.LOKI_PROVIDER, config);
  const required = new Set<ProviderName>([provider, ...config.provider.failover]);
  const [git, probes, docker, tools] = await Promise.all([
    checkGit(options),
    Promise.all(PROVIDER_NAMES.map((name) => probeProvider(name, config, options.env, options.cwd))),
    checkDocker(options),
    checkToolchains(options),
  ]);
  const checks = [checkNode(), git, configCheck, ...probes.map((p) => providerCheck(p, required.has(p.provider))), ...docker, checkGitHubToken(options.env), ...tools];
  return { ready: checks.every((c) => c.status !== 'missing'), provider, checks };
}

function selectProvider(requested: string | undefined, config: LokiConfig): ProviderName {
  if (requested === undefined || requested === '') return config.provider.name;
  const parsed = ProviderNameSchema.safeParse(requested);
  if (parsed.success) return parsed.data;
  throw new LokiError('USAGE', `unknown provider "${requested}"`, { fix: `use one of: ${PROVIDER_NAMES.join(', ')}` });
}

function checkNode(): DoctorCheck {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const ok = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  if (ok) return { id: 'node', status: 'ok', detail: `Node ${process.versions.node}` };
  return { id: 'node', status: 'missing', detail: `Node ${process.versions.node} is older than ${MIN_NODE.join('.')}`, fix: 'install Node.js 20.18 or later (e.g. `nvm install 22`)' };
}

async function checkGit(options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<DoctorCheck> {
  const version = await tool('git', ['--version'], options);
  if (!version) return { id: 'git', status: 'missing', detail: 'git is not installed', fix: 'install git (e.g. `sudo apt-get install git`)' };
  const repo = await runCommand('git', ['rev-parse', '--show-toplevel'], { cwd: options.cwd, env: options.env, replaceEnv: true, timeoutMs: TOOL_TIMEOUT_MS });
  const where = repo.exitCode === 0 ? `; in the repository ${repo.stdout.trim()}` : '; this directory is not a git repository (`loki build` and `loki verify` run inside one)';
  return { id: 'git', status: 'ok', detail: `${version}${where}` };
}

async function checkConfig(cwd: string): Promise<{ config: LokiConfig; check: DoctorCheck }> {
  const present = existsSync(join(cwd, '.github', 'loki.yml'));
  try {
    const config = await loadConfig(cwd);
    return { config, check: { id: 'config', status: 'ok', detail: present ? '.github/loki.yml is valid' : 'no .github/loki.yml here: the defaults apply' } };
  } catch (error) {
    if (!isLokiError(error)) throw error;
    // The rest of the report still runs, on the defaults.
    return { config: defaultConfig(), check: { id: 'config', status: 'missing', detail: error.message, fix: error.fix ?? 'correct .github/loki.yml' } };
  }
}

function providerCheck(probe: ProviderProbe, required: boolean): DoctorCheck {
  const id = `provider:${probe.provider}`;
  const gap: CheckStatus = required ? 'missing' : 'optional';
  if (!probe.installed) return { id, status: gap, detail: probe.detail, fix: probe.fix };
  // Root and sign-in are separate problems: name both, so fixing one does not reveal the other later.
  const problems = [probe.blocker, probe.auth === 'missing' ? { message: probe.detail, fix: probe.fix ?? '' } : undefined].filter((p) => p !== undefined);
  const version = probe.version ? `${probe.version}; ` : '';
  if (problems.length > 0) {
    return { id, status: gap, detail: `${version}${problems.map((p) => p.message).join('; ')}`, fix: problems.map((p) => p.fix).filter(Boolean).join('; and ') };
  }
  // Unknown sign-in is not a gap: the first run reports it at once, with the fix.
  return { id, status: 'ok', detail: `${version}${probe.detail}`, ...(probe.auth === 'unknown' && probe.fix ? { fix: probe.fix } : {}) };
}

async function checkDocker(options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<DoctorCheck[]> {
  const gap: CheckStatus = options.env.LOKI_SANDBOX === 'docker' ? 'missing' : 'optional';
  const client = await tool('docker', ['--version'], options);
  if (!client) return [{ id: 'docker', status: gap, detail: 'the docker client is not installed (needed for LOKI_SANDBOX=docker)', fix: 'install Docker: https://docs.docker.com/engine/install/' }];
  const engine = await runCommand('docker', ['info', '--format', '{{.ServerVersion}}'], { cwd: options.cwd, env: options.env, replaceEnv: true, timeoutMs: 8_000 });
  const clientCheck: DoctorCheck = { id: 'docker', status: 'ok', detail: client };
  if (engine.exitCode === 0 && engine.stdout.trim()) return [clientCheck, { id: 'docker-engine', status: 'ok', detail: `engine ${engine.stdout.trim()}` }];
  return [clientCheck, { id: 'docker-engine', status: gap, detail: 'no Docker engine answers (needed for LOKI_SANDBOX=docker)', fix: 'start the Docker engine (e.g. `sudo systemctl start docker`) or check DOCKER_HOST' }];
}

function checkGitHubToken(env: NodeJS.ProcessEnv): DoctorCheck {
  const file = env.LOKI_GITHUB_TOKEN_FILE;
  if (file) {
    const readable = readToken(file);
    if (readable) return { id: 'github-token', status: 'ok', detail: `token file ${file} (LOKI_GITHUB_TOKEN_FILE)` };
    return { id: 'github-token', status: 'missing', detail: `LOKI_GITHUB_TOKEN_FILE names ${file}, which is missing or empty`, fix: 'write the token to that file, or unset LOKI_GITHUB_TOKEN_FILE' };
  }
  if (env.LOKI_GITHUB_TOKEN) return { id: 'github-token', status: 'ok', detail: 'LOKI_GITHUB_TOKEN is set' };
  const other = ['GITHUB_TOKEN', 'GH_TOKEN'].find((name) => Boolean(env[name]));
  const fix = 'export LOKI_GITHUB_TOKEN (a token with contents and pull-requests write access, e.g. `export LOKI_GITHUB_TOKEN=$(gh auth token)`); `loki build --no-push` works without one';
  if (other) return { id: 'github-token', status: 'ok', detail: `${other} is set (\`loki build\` uses it; \`loki run-job\` reads LOKI_GITHUB_TOKEN or LOKI_GITHUB_TOKEN_FILE)` };
  return { id: 'github-token', status: 'optional', detail: 'no GitHub token in the environment (needed to push branches and open pull requests)', fix };
}

function readToken(file: string): boolean {
  try {
    return readFileSync(file, 'utf8').trim().length > 0;
  } catch {
    return false;
  }
}

interface Toolchain {
  id: string;
  command: [string, ...string[]];
  fix: string;
  /** Files in the repository root that mean the gates will need this tool. */
  neededBy: string[];
}

const TOOLCHAINS: Toolchain[] = [
  { id: 'npm', command: ['npm', '--version'], fix: 'install Node.js (npm comes with it): https://nodejs.org', neededBy: ['package.json'] },
  { id: 'pnpm', command: ['pnpm', '--version'], fix: 'corepack enable pnpm (or npm install -g pnpm)', neededBy: ['pnpm-lock.yaml'] },
  { id: 'yarn', command: ['yarn', '--version'], fix: 'corepack enable yarn (or npm install -g yarn)', neededBy: ['yarn.lock'] },
  { id: 'python3', command: ['python3', '--version'], fix: 'install Python 3 (e.g. `sudo apt-get install python3`)', neededBy: ['pyproject.toml', 'setup.py', 'requirements.txt'] },
  { id: 'pytest', command: ['pytest', '--version'], fix: 'python3 -m pip install pytest', neededBy: ['pyproject.toml', 'setup.py', 'requirements.txt', 'pytest.ini'] },
  { id: 'go', command: ['go', 'version'], fix: 'install Go: https://go.dev/dl/', neededBy: ['go.mod'] },
  { id: 'cargo', command: ['cargo', '--version'], fix: 'install Rust with rustup: https://rustup.rs', neededBy: ['Cargo.toml'] },
  { id: 'mvn', command: ['mvn', '--version'], fix: 'install Maven (e.g. `sudo apt-get install maven`)', neededBy: ['pom.xml'] },
];

/** A toolchain is required when the repository in the cwd uses it, optional otherwise. */
async function checkToolchains(options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<DoctorCheck[]> {
  return Promise.all(
    TOOLCHAINS.map(async (chain): Promise<DoctorCheck> => {
      const [file, ...args] = chain.command;
      const version = await tool(file, args, options);
      const usedBy = chain.neededBy.find((f) => existsSync(join(options.cwd, f)));
      if (version) return { id: `tool:${chain.id}`, status: 'ok', detail: version };
      const detail = `${chain.id} is not installed${usedBy ? ` (this repository has ${usedBy})` : ''}`;
      return { id: `tool:${chain.id}`, status: usedBy ? 'missing' : 'optional', detail, fix: chain.fix };
    }),
  );
}

/** The first line a tool prints for its version, or undefined when it cannot run. */
async function tool(file: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<string | undefined> {
  const result = await runCommand(file, args, { cwd: options.cwd, env: options.env, replaceEnv: true, timeoutMs: TOOL_TIMEOUT_MS });
  if (result.spawnError || result.exitCode !== 0) return undefined;
  // Some tools (mvn) colour their banner even when piped.
  const text = (result.stdout || result.stderr).replace(/\u001b\[[0-9;]*m/g, '');
  return text.trim().split('\n')[0]?.slice(0, 120);
}

const MARK: Record<CheckStatus, string> = { ok: 'ok  ', missing: 'MISS', optional: '--  ' };

export function renderReport(report: DoctorReport): string {
  const indent = `\n${' '.repeat(24)}`;
  const lines = report.checks.map((c) => {
    const fix = c.status !== 'ok' && c.fix ? `${indent}fix: ${c.fix}` : '';
    return `${MARK[c.status]} ${c.id.padEnd(18)} ${c.detail.split('\n').join(indent)}${fix}`;
  });
  const verdict = report.ready
    ? `Ready (provider: ${report.provider}). Lines marked -- are optional.`
    : `Not ready (provider: ${report.provider}): fix the lines marked MISS.`;
  return `${lines.join('\n')}\n\n${verdict}\n`;
}
