import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/**
 * `loki doctor` run as a user would: the built CLI as a child process, with PATH holding only
 * git and fake provider CLIs, in a temporary directory.
 */
const CLI = fileURLToPath(new URL('../../dist/cli/loki.js', import.meta.url));

let root: string;
let bin: string;
let cwd: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'loki-doctor-'));
  bin = join(root, 'bin');
  cwd = join(root, 'repo');
  await mkdir(bin);
  await mkdir(cwd);
  const git = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
  await symlink(git, join(bin, 'git'));
  // A command agent's shell runs these from PATH.
  for (const tool of ['sh', 'cat', 'env']) await symlink(spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim(), join(bin, tool));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A fake CLI that answers by its first arguments: `--version`, `auth status`, … */
async function fakeCli(name: string, answers: Record<string, { out: string; code: number }>): Promise<void> {
  const file = join(bin, name);
  await writeFile(
    file,
    `#!${process.execPath}
const answers = ${JSON.stringify(answers)};
const key = process.argv.slice(2).join(' ');
const answer = answers[key] ?? { out: 'unknown command ' + key, code: 2 };
process.stdout.write(answer.out + '\\n');
process.exitCode = answer.code;
`,
  );
  await chmod(file, 0o755);
}

const signedInClaude = () =>
  fakeCli('claude', { '--version': { out: '2.1.328 (Claude Code)', code: 0 }, 'auth status': { out: '{"loggedIn":true,"authMethod":"claude.ai"}', code: 0 } });

interface Report {
  ready: boolean;
  provider: string;
  checks: { id: string; status: string; detail: string; fix?: string }[];
}

function doctor(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [CLI, 'doctor', ...args], {
    cwd,
    encoding: 'utf8',
    // PATH holds no bubblewrap: the sandbox is declared off unless a test says otherwise.
    env: { PATH: bin, HOME: root, IS_SANDBOX: '1', LOKI_SANDBOX: 'none', ...env },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function check(report: Report, id: string) {
  const found = report.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id} in ${report.checks.map((c) => c.id).join(', ')}`);
  return found;
}

describe('loki doctor', () => {
  it('is ready with a signed-in provider and a valid config; optional gaps carry their fix', async () => {
    await signedInClaude();
    await mkdir(join(cwd, '.github'));
    await writeFile(join(cwd, '.github', 'loki.yml'), 'provider:\n  name: claude\n');
    const run = doctor(['--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.ready).toBe(true);
    expect(report.provider).toBe('claude');
    expect(check(report, 'node').status).toBe('ok');
    expect(check(report, 'git').status).toBe('ok');
    expect(check(report, 'config')).toMatchObject({ status: 'ok', detail: '.github/loki.yml is valid' });
    expect(check(report, 'provider:claude')).toMatchObject({ status: 'ok', detail: expect.stringContaining('signed in') });
    expect(check(report, 'provider:codex')).toMatchObject({ status: 'optional', fix: 'install the Codex CLI: npm install -g @openai/codex' });
    expect(check(report, 'github-token')).toMatchObject({ status: 'optional', fix: expect.stringContaining('LOKI_GITHUB_TOKEN') });
    expect(check(report, 'docker')).toMatchObject({ status: 'optional', fix: expect.stringContaining('docs.docker.com') });
    expect(check(report, 'tool:go')).toMatchObject({ status: 'optional', fix: expect.stringContaining('go.dev') });
  });

  it('names the root fix for claude exactly when this runs as root without IS_SANDBOX', async () => {
    await signedInClaude();
    const report = JSON.parse(doctor(['--json'], { IS_SANDBOX: '' }).stdout) as Report;
    const claude = check(report, 'provider:claude');
    if (process.getuid?.() === 0) {
      expect(claude).toMatchObject({ status: 'missing', detail: expect.stringContaining('root'), fix: expect.stringContaining('non-root') });
    } else {
      expect(claude.status).toBe('ok');
    }
  });

  it('exits 1 when the provider is not signed in, with the login command', async () => {
    await fakeCli('claude', { '--version': { out: '2.1.328 (Claude Code)', code: 0 }, 'auth status': { out: '{"loggedIn":false,"authMethod":"none"}', code: 1 } });
    const run = doctor(['--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.ready).toBe(false);
    expect(check(report, 'provider:claude')).toMatchObject({ status: 'missing', fix: expect.stringContaining('claude login') });
  });

  it('names a missing provider CLI and an invalid config key, with their fixes (human output on stderr)', async () => {
    await mkdir(join(cwd, '.github'));
    await writeFile(join(cwd, '.github', 'loki.yml'), 'build:\n  max_iterations: -3\n');
    const run = doctor([]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/MISS provider:claude\s+`claude` is not installed/);
    expect(run.stderr).toContain('fix: install Claude Code: npm install -g @anthropic-ai/claude-code');
    expect(run.stderr).toMatch(/MISS config\s+\.github\/loki\.yml is invalid:\s+- `build\.max_iterations`/);
    expect(run.stderr).toContain('Not ready');
  });

  it('requires the toolchain the repository uses', async () => {
    await signedInClaude();
    await writeFile(join(cwd, 'go.mod'), 'module example.com/x\n');
    const report = JSON.parse(doctor(['--json']).stdout) as Report;
    expect(check(report, 'tool:go')).toMatchObject({ status: 'missing', detail: expect.stringContaining('go.mod') });
    expect(check(report, 'tool:cargo').status).toBe('optional');
    expect(report.ready).toBe(false);
  });

  it('follows LOKI_PROVIDER and --provider: a configured command agent is enough', async () => {
    await writeFile(join(cwd, 'agent.sh'), '#!/bin/sh\ncat > /dev/null\necho ok\n');
    await chmod(join(cwd, 'agent.sh'), 0o755);
    const env = { LOKI_PROVIDER: 'command', LOKI_AGENT_COMMAND: './agent.sh', LOKI_GITHUB_TOKEN: 'ghs_x' };
    const run = doctor(['--json'], env);
    const report = JSON.parse(run.stdout) as Report;
    expect(run.code).toBe(0);
    expect(report.provider).toBe('command');
    expect(check(report, 'provider:claude').status).toBe('optional');
    expect(check(report, 'github-token').status).toBe('ok');
    expect(run.stdout).not.toContain('ghs_x');

    const forced = doctor(['--json', '--provider', 'claude'], env);
    expect(forced.code).toBe(1);
  });

  it('reads the sign-in state of cline (its settings file) and codex (`codex login status`) without a run', async () => {
    await fakeCli('cline', { '--version': { out: '3.0.65', code: 0 } });
    await fakeCli('codex', { '--version': { out: 'codex-cli 0.169.0', code: 0 }, 'login status': { out: 'Not logged in', code: 1 } });
    const env = { LOKI_PROVIDER: 'cline' };
    const before = JSON.parse(doctor(['--json'], env).stdout) as Report;
    expect(check(before, 'provider:cline')).toMatchObject({ status: 'missing', fix: expect.stringContaining('cline auth') });
    expect(check(before, 'provider:codex')).toMatchObject({ status: 'optional', detail: expect.stringContaining('not signed in') });

    await mkdir(join(root, '.cline', 'data', 'settings'), { recursive: true });
    const settings = { version: 1, lastUsedProvider: 'openai-compatible', providers: { 'openai-compatible': { settings: { provider: 'openai-compatible', apiKey: 'sk-x', model: 'm' } } } };
    await writeFile(join(root, '.cline', 'data', 'settings', 'providers.json'), JSON.stringify(settings));
    const run = doctor(['--json'], env);
    expect(run.code).toBe(0);
    expect(check(JSON.parse(run.stdout) as Report, 'provider:cline')).toMatchObject({ status: 'ok', detail: expect.stringContaining('API key is configured') });
  });

  it('accepts GH_TOKEN, and requires a readable token file when LOKI_GITHUB_TOKEN_FILE is set', async () => {
    await signedInClaude();
    const withGhToken = JSON.parse(doctor(['--json'], { GH_TOKEN: 'gho_x' }).stdout) as Report;
    expect(check(withGhToken, 'github-token')).toMatchObject({ status: 'ok', detail: expect.stringContaining('GH_TOKEN') });
    const run = doctor(['--json'], { LOKI_GITHUB_TOKEN_FILE: join(root, 'absent-token') });
    const report = JSON.parse(run.stdout) as Report;
    expect(check(report, 'github-token')).toMatchObject({ status: 'missing', fix: expect.stringContaining('LOKI_GITHUB_TOKEN_FILE') });
    expect(run.code).toBe(1);
  });
});

describe('loki doctor COMMAND: what that command needs', () => {
  it('a missing provider leaves verify ready and build not ready; without a command, every command must be ready', async () => {
    const everything = doctor(['--json']);
    expect(everything.code).toBe(1);
    const report = JSON.parse(everything.stdout) as Report & { ready_for: Record<string, boolean> };
    expect(report.ready_for).toMatchObject({ verify: true, secrets: true, plan: true, build: false, 'run-job': false, grill: false });
    expect(check(report, 'provider:claude')).toMatchObject({ status: 'missing', needed_by: ['build', 'run-job', 'grill'] });

    const verify = doctor(['verify']);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stderr).toContain('Ready for loki verify');
    expect(verify.stderr).toMatch(/build\s+not ready: provider:claude/);
    expect(doctor(['build']).code).toBe(1);
  });

  it('a sandbox that cannot start leaves verify not ready, with the fix', async () => {
    const run = doctor(['verify', '--json'], { LOKI_SANDBOX: '' });
    expect(run.code).toBe(1);
    expect(check(JSON.parse(run.stdout) as Report, 'sandbox')).toMatchObject({ status: 'missing', fix: expect.stringContaining('bubblewrap') });
  });

  it('runs the command agent once with LOKI_ROLE=doctor, and a command that does not exist is missing', async () => {
    const seen = join(root, 'seen-role');
    const good = doctor(['build', '--json'], { LOKI_PROVIDER: 'command', LOKI_AGENT_COMMAND: `cat > /dev/null; env > ${seen}; echo ok` });
    expect(good.code, good.stdout).toBe(0);
    expect(check(JSON.parse(good.stdout) as Report, 'provider:command')).toMatchObject({ status: 'ok', detail: expect.stringContaining('answered') });
    expect((await import('node:fs')).readFileSync(seen, 'utf8')).toMatch(/^LOKI_ROLE=doctor$/m);

    const absent = doctor(['build', '--json'], { LOKI_PROVIDER: 'command', LOKI_AGENT_COMMAND: '/nowhere/my-agent --fast' });
    expect(absent.code).toBe(1);
    expect(check(JSON.parse(absent.stdout) as Report, 'provider:command')).toMatchObject({ status: 'missing', detail: expect.stringContaining('not found') });

    const failing = doctor(['build', '--json'], { LOKI_PROVIDER: 'command', LOKI_AGENT_COMMAND: 'exit 4' });
    expect(failing.code).toBe(1);
    expect(check(JSON.parse(failing.stdout) as Report, 'provider:command')).toMatchObject({ status: 'missing', detail: expect.stringContaining('code 4') });
  });

  it('an unknown provider is a gap in the report with the nearest name (exit 1), not an error', async () => {
    const run = doctor(['--provider', 'comand', '--json']);
    expect(run.code).toBe(1);
    expect(check(JSON.parse(run.stdout) as Report, 'provider')).toMatchObject({ status: 'missing', detail: 'unknown provider "comand". Did you mean "command"?' });
  });

  it('an unknown command is a usage error that suggests the nearest one', async () => {
    const run = doctor(['verfy']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('Did you mean "verify"?');
  });
});
