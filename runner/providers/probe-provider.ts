import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { LokiConfig, ProviderName } from '../../gates/config/schema.js';
import { runCommand, type CommandResult } from '../../gates/core/run-command.js';
import { agentEnvironment } from './agent-env.js';
import { AIDER_AUTH_FIX, AIDER_BINARY, AIDER_INSTALL_FIX } from './aider.js';
import { CLAUDE_AUTH_FIX, CLAUDE_BINARY, CLAUDE_INSTALL_FIX } from './claude.js';
import { ROOT_FIX } from './classify-failure.js';
import { CLINE_AUTH_FIX, CLINE_BINARY, CLINE_INSTALL_FIX } from './cline.js';
import { CODEX_AUTH_FIX, CODEX_BINARY, CODEX_INSTALL_FIX } from './codex.js';
import { agentCommand, COMMAND_MISSING_FIX } from './command.js';
import { createProvider } from './create-provider.js';

/**
 * What `loki doctor` can learn about a provider without spending money: is the CLI there, which
 * version, and is it signed in, where the CLI can say so locally (`claude auth status`,
 * `codex login status`) or the credentials are plain environment variables.
 */
export interface ProviderProbe {
  provider: ProviderName;
  installed: boolean;
  version?: string;
  /** `unknown`: the CLI cannot tell without a paid call. */
  auth: 'ok' | 'missing' | 'unknown';
  detail: string;
  fix?: string;
  /** A problem that stops the provider even when installed and signed in (claude as root). */
  blocker?: { message: string; fix: string };
}

const PROBE_TIMEOUT_MS = 10_000;

interface ProbeSpec {
  binary: string;
  installFix: string;
  authFix: string;
  keys: readonly string[];
  /** A local, free status command: exit 0 means signed in. */
  status?: readonly string[];
}

const SPECS: Record<Exclude<ProviderName, 'command'>, ProbeSpec> = {
  claude: { binary: CLAUDE_BINARY, installFix: CLAUDE_INSTALL_FIX, authFix: CLAUDE_AUTH_FIX, keys: ['ANTHROPIC_API_KEY', 'CLAUDE_CODE_OAUTH_TOKEN', 'ANTHROPIC_AUTH_TOKEN', 'CLAUDE_CODE_USE_BEDROCK', 'CLAUDE_CODE_USE_VERTEX'], status: ['auth', 'status'] },
  codex: { binary: CODEX_BINARY, installFix: CODEX_INSTALL_FIX, authFix: CODEX_AUTH_FIX, keys: ['CODEX_API_KEY', 'OPENAI_API_KEY'], status: ['login', 'status'] },
  aider: { binary: AIDER_BINARY, installFix: AIDER_INSTALL_FIX, authFix: AIDER_AUTH_FIX, keys: ['ANTHROPIC_API_KEY', 'OPENAI_API_KEY', 'OPENROUTER_API_KEY', 'GEMINI_API_KEY', 'DEEPSEEK_API_KEY'] },
  cline: { binary: CLINE_BINARY, installFix: CLINE_INSTALL_FIX, authFix: CLINE_AUTH_FIX, keys: [] },
};

export interface ProbeOptions {
  /** Run the `command` agent once (role `doctor`): only when it is the agent this build needs. */
  runCommand?: boolean;
}

export async function probeProvider(name: ProviderName, config: LokiConfig, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd(), options: ProbeOptions = {}): Promise<ProviderProbe> {
  if (name === 'command') return probeCommand(config, env, cwd, options.runCommand ?? false);
  const spec = SPECS[name];
  const version = await run(spec.binary, ['--version'], env, cwd);
  if (version.spawnError) {
    return { provider: name, installed: false, auth: 'unknown', detail: `\`${spec.binary}\` is not installed (not on PATH)`, fix: spec.installFix };
  }
  if (version.exitCode !== 0) {
    return { provider: name, installed: false, auth: 'unknown', detail: `\`${spec.binary} --version\` failed: ${firstLine(version.log)}`, fix: `reinstall it: ${spec.installFix}` };
  }
  const probe: ProviderProbe = { provider: name, installed: true, version: firstLine(version.stdout || version.stderr), ...(await probeAuth(name, spec, env, cwd)) };
  if (name === 'claude' && runsAsRoot() && env.IS_SANDBOX !== '1') {
    probe.blocker = { message: 'claude refuses --dangerously-skip-permissions when run as root', fix: ROOT_FIX };
  }
  return probe;
}

async function probeAuth(name: ProviderName, spec: ProbeSpec, env: NodeJS.ProcessEnv, cwd: string): Promise<Pick<ProviderProbe, 'auth' | 'detail' | 'fix'>> {
  const key = spec.keys.find((k) => Boolean(env[k]));
  if (key) return { auth: 'ok', detail: `credentials in ${key}` };
  if (spec.status) {
    const status = await run(spec.binary, spec.status, env, cwd);
    const signedIn = status.exitCode === 0 && statusSaysSignedIn(status);
    if (signedIn) return { auth: 'ok', detail: `signed in (\`${spec.binary} ${spec.status.join(' ')}\`)` };
    if (!status.spawnError && !status.timedOut) return { auth: 'missing', detail: `not signed in (\`${spec.binary} ${spec.status.join(' ')}\`)`, fix: spec.authFix };
  }
  if (name === 'cline') return probeClineSettings(env, spec.authFix);
  if (name === 'aider') return { auth: 'missing', detail: `none of ${spec.keys.join(', ')} is set`, fix: spec.authFix };
  return { auth: 'unknown', detail: 'sign-in cannot be checked without a (paid) run', fix: spec.authFix };
}

const ClaudeStatusSchema = z.looseObject({ loggedIn: z.boolean() });

/** `claude auth status` prints JSON with `loggedIn`; other CLIs only have their exit code. */
function statusSaysSignedIn(status: CommandResult): boolean {
  const text = status.stdout.trim();
  if (!text.startsWith('{')) return true;
  try {
    const parsed = ClaudeStatusSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.loggedIn : true;
  } catch {
    return true;
  }
}

export const DOCTOR_ANSWER_MS = 15_000;
const DOCTOR_PROMPT = 'This is `loki doctor` checking that the agent command starts. Answer "ok" and exit; do no work.';

/**
 * A configured command is only a string: the shell resolves it, so the check runs it once, with
 * the `doctor` role, where a build would (the repository: a relative ./agent.sh resolves the
 * same way). Not found (127), a failure and no answer are told apart.
 */
async function probeCommand(config: LokiConfig, env: NodeJS.ProcessEnv, cwd: string, runIt: boolean): Promise<ProviderProbe> {
  const command = agentCommand(config, env);
  if (!command) return { provider: 'command', installed: false, auth: 'unknown', detail: 'no agent command configured', fix: COMMAND_MISSING_FIX };
  const shown = `\`${command.slice(0, 80)}\``;
  if (!runIt) return { provider: 'command', installed: true, auth: 'unknown', detail: `runs ${shown} (not started: not the agent this build uses)` };
  const result = await createProvider('command', config, env).run({ role: 'doctor', prompt: DOCTOR_PROMPT, cwd, timeoutMs: DOCTOR_ANSWER_MS });
  if (result.ok) return { provider: 'command', installed: true, auth: 'ok', detail: `runs ${shown}: it started and answered in ${result.durationMs} ms (LOKI_ROLE=doctor)` };
  const failure = result.failure!;
  if (failure.kind === 'missing') return { provider: 'command', installed: false, auth: 'unknown', detail: `${shown}: ${failure.message}`, fix: failure.fix ?? COMMAND_MISSING_FIX };
  if (failure.kind === 'timeout') return { provider: 'command', installed: true, auth: 'unknown', detail: `runs ${shown}: it started but gave no answer to LOKI_ROLE=doctor within ${DOCTOR_ANSWER_MS / 1000} s` };
  return { provider: 'command', installed: true, auth: 'unknown', detail: `runs ${shown}`, blocker: { message: `run with LOKI_ROLE=doctor, it failed: ${failure.message}`, fix: failure.fix ?? 'run the command by hand to see why; agents should exit 0 for LOKI_ROLE=doctor' } };
}

function run(binary: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Promise<CommandResult> {
  // Probes run the provider's own CLI: it gets the same scrubbed environment as an agent run.
  return runCommand(binary, args, { cwd, env: agentEnvironment(env), replaceEnv: true, timeoutMs: PROBE_TIMEOUT_MS });
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.slice(0, 120) ?? '';
}

function runsAsRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

const ClineProvidersSchema = z.looseObject({
  lastUsedProvider: z.string().optional(),
  providers: z.record(z.string(), z.looseObject({ settings: z.record(z.string(), z.unknown()).optional() })).default({}),
});

/**
 * Cline 3 keeps its provider settings in ~/.cline/data/settings/providers.json (written by
 * `cline auth`). No file: never configured. An API key in the active provider: configured. A
 * Cline-account sign-in keeps its token elsewhere, so anything else is "unknown".
 */
function probeClineSettings(env: NodeJS.ProcessEnv, fix: string): Pick<ProviderProbe, 'auth' | 'detail' | 'fix'> {
  const file = join(env.HOME ?? '', '.cline', 'data', 'settings', 'providers.json');
  if (!existsSync(file)) return { auth: 'missing', detail: 'no provider configured (~/.cline/data/settings/providers.json is absent)', fix };
  try {
    const parsed = ClineProvidersSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    const active = parsed.lastUsedProvider;
    const settings = active ? parsed.providers[active]?.settings : undefined;
    if (typeof settings?.apiKey === 'string' && settings.apiKey) return { auth: 'ok', detail: `an API key is configured for ${active}` };
    return { auth: 'unknown', detail: `provider ${active ?? '(none)'} is selected; its sign-in cannot be checked without a run`, fix };
  } catch {
    return { auth: 'unknown', detail: `${file} could not be read`, fix };
  }
}
