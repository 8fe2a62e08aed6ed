import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../gates/config/load-config.js';
import { defaultConfig, PROVIDER_NAMES, ProviderNameSchema, type LokiConfig, type ProviderName } from '../../gates/config/schema.js';
import { isLokiError, LokiError } from '../../gates/core/errors.js';
import { runCommand } from '../../gates/core/run-command.js';
import { probeProvider, type ProviderProbe } from '../../runner/providers/probe-provider.js';
import { parseOptions } from '../parse-options.js';
import { didYouMean } from '../suggest.js';
import { chooseSandbox } from '../../gates/sandbox/mode.js';
import { allowUnsandboxedFallback } from '../../gates/sandbox/wrap.js';

/**
 * `loki doctor`: what this machine has and lacks for Loki, each gap with the command that fixes
 * it. A gap is `missing` when Loki cannot work without it here (exit 1), `optional` when only some
 * uses need it. Nothing here spends money or sends data anywhere.
 */

const HELP = `Usage: loki doctor [COMMAND] [--provider P] [--json]

Checks what COMMAND needs on this machine: Node, git, the sandbox, the coding agent (installed,
signed in; a \`command\` agent is started once with LOKI_ROLE=doctor), Docker, a GitHub token,
.github/loki.yml in this directory, the toolchains the gates run, and the App's credentials.
  COMMAND        verify, secrets, build, run-job, grill, plan or app (default: all of them)
  --provider P   the provider to require (default: LOKI_PROVIDER, else provider.name in the config)
  --json         print one JSON document on stdout and nothing else there

Exit codes: 0 ready (for COMMAND, or for every command), 1 something missing.
`;
export type CheckStatus = 'ok' | 'missing' | 'optional';

/** The commands doctor can answer for, each with what it needs. */
export const DOCTOR_COMMANDS = ['verify', 'secrets', 'build', 'run-job', 'grill', 'plan', 'app'] as const;
export type DoctorCommand = (typeof DOCTOR_COMMANDS)[number];

export interface DoctorCheck {
  id: string;
  status: CheckStatus;
  detail: string;
  fix?: string;
  /** The commands that cannot work without this when it is missing. */
  needed_by: DoctorCommand[];
}

export interface DoctorReport {
  /** Ready for `command`, or for every command when none was named. */
  ready: boolean;
  command: DoctorCommand | null;
  provider: string;
  ready_for: Record<DoctorCommand, boolean>;
  checks: DoctorCheck[];
}

type Check = Omit<DoctorCheck, 'needed_by'>;

const REPO_CODE: DoctorCommand[] = ['verify', 'build', 'run-job'];
const AGENT: DoctorCommand[] = ['build', 'run-job', 'grill'];
const CONFIG: DoctorCommand[] = ['verify', 'secrets', 'build', 'run-job', 'grill', 'plan', 'app'];

const MIN_NODE = [20, 18] as const;
const TOOL_TIMEOUT_MS = 15_000;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions('doctor', argv, { provider: { type: 'string' }, json: { type: 'boolean' } }, true);
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const command = parseCommand(positionals);
  // Your own machine: a command agent may be started without bubblewrap (the build would warn the same way).
  allowUnsandboxedFallback(() => undefined);
  const report = await runDoctor({ cwd: process.cwd(), env: process.env, provider: values.provider, ...(command ? { command } : {}) });
  if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stderr.write(renderReport(report));
  return report.ready ? 0 : 1;
}

function parseCommand(positionals: string[]): DoctorCommand | undefined {
  if (positionals.length > 1) throw new LokiError('USAGE', `loki doctor checks one command at a time, got ${positionals.join(' ')}`, { fix: `pass one of: ${DOCTOR_COMMANDS.join(', ')}` });
  const [name] = positionals;
  if (name === undefined) return undefined;
  if ((DOCTOR_COMMANDS as readonly string[]).includes(name)) return name as DoctorCommand;
  throw new LokiError('USAGE', `loki doctor: "${name}" is not a command doctor checks.${didYouMean(name, DOCTOR_COMMANDS)}`, { fix: `pass one of: ${DOCTOR_COMMANDS.join(', ')}, or nothing for all of them` });
}

export async function runDoctor(options: { cwd: string; env: NodeJS.ProcessEnv; provider?: string; command?: DoctorCommand }): Promise<DoctorReport> {
  const { config, check: configCheck } = await checkConfig(options.cwd);
  const chosen = selectProvider(options.provider ?? options.env.LOKI_PROVIDER, config);
  const required = new Set<ProviderName>([...(chosen.provider ? [chosen.provider] : []), ...config.provider.failover]);
  const [git, sandbox, probes, docker, tools] = await Promise.all([
    checkGit(options),
    checkSandbox(options.env),
    Promise.all(PROVIDER_NAMES.map((name) => probeProvider(name, config, options.env, options.cwd, { runCommand: name === 'command' && required.has('command') }))),
    checkDocker(options),
    checkToolchains(options),
  ]);
  const sandboxNeeds: DoctorCommand[] = options.env.LOKI_SANDBOX === 'docker' ? REPO_CODE : [];
  const checks: DoctorCheck[] = [
    { ...checkNode(), needed_by: [...DOCTOR_COMMANDS] },
    { ...git, needed_by: REPO_CODE },
    { ...configCheck, needed_by: CONFIG },
    { ...sandbox, needed_by: REPO_CODE },
    ...(chosen.check ? [{ ...chosen.check, needed_by: AGENT }] : []),
    ...probes.map((p) => ({ ...providerCheck(p, required.has(p.provider)), needed_by: required.has(p.provider) ? AGENT : [] })),
    ...docker.map((c) => ({ ...c, needed_by: sandboxNeeds })),
    { ...checkGitHubToken(options.env), needed_by: ['build', 'run-job'] as DoctorCommand[] },
    { ...checkAppCredentials(options.env), needed_by: [] as DoctorCommand[] },
    ...tools.map((c) => ({ ...c, needed_by: REPO_CODE })),
  ];
  const readyFor = (command: DoctorCommand) => checks.every((c) => c.status !== 'missing' || !c.needed_by.includes(command));
  const ready_for = Object.fromEntries(DOCTOR_COMMANDS.map((c) => [c, readyFor(c)])) as Record<DoctorCommand, boolean>;
  const ready = options.command ? ready_for[options.command] : DOCTOR_COMMANDS.every((c) => ready_for[c]);
  return { ready, command: options.command ?? null, provider: chosen.provider ?? chosen.requested, ready_for, checks };
}

/** An unknown provider is a gap in the report (with the nearest name), not a crash of the report. */
function selectProvider(requested: string | undefined, config: LokiConfig): { provider?: ProviderName; requested: string; check?: Check } {
  if (requested === undefined || requested === '') return { provider: config.provider.name, requested: config.provider.name };
  const parsed = ProviderNameSchema.safeParse(requested);
  if (parsed.success) return { provider: parsed.data, requested };
  return {
    requested,
    check: { id: 'provider', status: 'missing', detail: `unknown provider "${requested}".${didYouMean(requested, PROVIDER_NAMES)}`, fix: `use one of: ${PROVIDER_NAMES.join(', ')} (--provider, LOKI_PROVIDER or provider.name)` },
  };
}

async function checkSandbox(env: NodeJS.ProcessEnv): Promise<Check> {
  const choice = await chooseSandbox(env);
  if (!choice.ok) return { id: 'sandbox', status: 'missing', detail: choice.reason, fix: choice.fix };
  const detail = choice.mode === 'none' ? 'LOKI_SANDBOX=none: repository code and the agent run without isolation' : `${choice.mode}${choice.explicit ? ' (LOKI_SANDBOX)' : ''}: repository code and the agent run isolated, without credentials`;
  return { id: 'sandbox', status: 'ok', detail };
}

/** Probot's variables. Without them the App starts in setup mode (it serves the registration page). */
function checkAppCredentials(env: NodeJS.ProcessEnv): Check {
  const missing = ['APP_ID', 'WEBHOOK_SECRET'].filter((name) => !env[name]);
  if (!env.PRIVATE_KEY && !env.PRIVATE_KEY_PATH) missing.push('PRIVATE_KEY or PRIVATE_KEY_PATH');
  if (missing.length === 0) return { id: 'app-credentials', status: 'ok', detail: 'APP_ID, the private key and WEBHOOK_SECRET are set' };
  return { id: 'app-credentials', status: 'optional', detail: `${missing.join(', ')} not set: \`loki app\` starts in setup mode and serves the page that registers the App`, fix: 'run `loki app` and open http://localhost:3000 to register the App (it writes .env), or set the variables from an existing App' };
}

function checkNode(): Check {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const ok = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  if (ok) return { id: 'node', status: 'ok', detail: `Node ${process.versions.node}` };
  return { id: 'node', status: 'missing', detail: `Node ${process.versions.node} is older than ${MIN_NODE.join('.')}`, fix: 'install Node.js 20.18 or later (e.g. `nvm install 22`)' };
}

async function checkGit(options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<Check> {
  const version = await tool('git', ['--version'], options);
  if (!version) return { id: 'git', status: 'missing', detail: 'git is not installed', fix: 'install git (e.g. `sudo apt-get install git`)' };
  const repo = await runCommand('git', ['rev-parse', '--show-toplevel'], { cwd: options.cwd, env: options.env, replaceEnv: true, timeoutMs: TOOL_TIMEOUT_MS });
  const where = repo.exitCode === 0 ? `; in the repository ${repo.stdout.trim()}` : '; this directory is not a git repository (`loki build` and `loki verify` run inside one)';
  return { id: 'git', status: 'ok', detail: `${version}${where}` };
}

async function checkConfig(cwd: string): Promise<{ config: LokiConfig; check: Check }> {
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

function providerCheck(probe: ProviderProbe, required: boolean): Check {
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

async function checkDocker(options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<Check[]> {
  const gap: CheckStatus = options.env.LOKI_SANDBOX === 'docker' ? 'missing' : 'optional';
  const client = await tool('docker', ['--version'], options);
  if (!client) return [{ id: 'docker', status: gap, detail: 'the docker client is not installed (needed for LOKI_SANDBOX=docker)', fix: 'install Docker: https://docs.docker.com/engine/install/' }];
  const engine = await runCommand('docker', ['info', '--format', '{{.ServerVersion}}'], { cwd: options.cwd, env: options.env, replaceEnv: true, timeoutMs: 8_000 });
  const clientCheck: Check = { id: 'docker', status: 'ok', detail: client };
  if (engine.exitCode === 0 && engine.stdout.trim()) return [clientCheck, { id: 'docker-engine', status: 'ok', detail: `engine ${engine.stdout.trim()}` }];
  return [clientCheck, { id: 'docker-engine', status: gap, detail: 'no Docker engine answers (needed for LOKI_SANDBOX=docker)', fix: 'start the Docker engine (e.g. `sudo systemctl start docker`) or check DOCKER_HOST' }];
}

function checkGitHubToken(env: NodeJS.ProcessEnv): Check {
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
async function checkToolchains(options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<Check[]> {
  return Promise.all(
    TOOLCHAINS.map(async (chain): Promise<Check> => {
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
  const perCommand = DOCTOR_COMMANDS.map((c) => {
    const gaps = report.checks.filter((check) => check.status === 'missing' && check.needed_by.includes(c)).map((check) => check.id);
    return `  ${c.padEnd(8)} ${gaps.length === 0 ? 'ready' : `not ready: ${gaps.join(', ')}`}`;
  });
  const subject = report.command ? `for loki ${report.command}` : 'for every command';
  const verdict = report.ready
    ? `Ready ${subject} (provider: ${report.provider}). Lines marked -- are optional.`
    : `Not ready ${subject} (provider: ${report.provider}): fix the lines marked MISS that it needs.`;
  return `${lines.join('\n')}\n\n${perCommand.join('\n')}\n\n${verdict}\n`;
}
