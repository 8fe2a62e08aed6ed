import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Fake agent CLIs for tests: small executable node scripts put first (alone) on PATH, named like
 * the real CLI, that replay a recorded output and exit with a code. Each call records its argv,
 * stdin and environment so a test can check what the adapter handed over.
 */
export interface FakeScenario {
  /** A fixture file whose bytes go to stdout. */
  stdoutFile?: string;
  stdout?: string;
  stderr?: string;
  exitCode?: number;
  /** After printing, spawn a child that sleeps (its pid is written to `<dir>/grandchild.pid`), then hang. */
  hang?: boolean;
  /** Other answers for calls whose arguments start with the key, e.g. `login status`. */
  byArgs?: Record<string, Omit<FakeScenario, 'byArgs'>>;
}

export interface FakeCall {
  argv: string[];
  stdin: string;
  /** Contents of argv elements that named existing files when the fake ran (e.g. a prompt file). */
  argFiles: Record<string, string>;
  env: Record<string, string>;
  cwd: string;
}

export interface FakeBin {
  dir: string;
  /** PATH for the agent: only the fake binaries. */
  path: string;
  add(name: string, scenario: FakeScenario): Promise<void>;
  calls(name: string): Promise<FakeCall[]>;
  cleanup(): Promise<void>;
}

const SCRIPT = (scenarioPath: string, callsPath: string, pidPath: string) => `#!${process.execPath}
const fs = require('node:fs');
const { spawn } = require('node:child_process');
const base = JSON.parse(fs.readFileSync(${JSON.stringify(scenarioPath)}, 'utf8'));
const joined = process.argv.slice(2).join(' ');
const special = Object.entries(base.byArgs ?? {}).find(([prefix]) => joined.startsWith(prefix));
const scenario = special ? special[1] : base;
let stdin = '';
try { stdin = fs.readFileSync(0, 'utf8'); } catch {}
const argFiles = {};
for (const arg of process.argv.slice(2)) {
  try { if (fs.statSync(arg).isFile()) argFiles[arg] = fs.readFileSync(arg, 'utf8'); } catch {}
}
fs.appendFileSync(${JSON.stringify(callsPath)}, JSON.stringify({ argv: process.argv.slice(2), stdin, argFiles, env: process.env, cwd: process.cwd() }) + '\\n');
if (scenario.hang) {
  // The grandchild exists before any output, so a kill triggered by the output always finds it.
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  fs.writeFileSync(${JSON.stringify(pidPath)}, String(child.pid));
}
if (scenario.stdoutFile) process.stdout.write(fs.readFileSync(scenario.stdoutFile));
if (scenario.stdout) process.stdout.write(scenario.stdout);
if (scenario.stderr) process.stderr.write(scenario.stderr);
if (scenario.hang) {
  process.stdout.write('working\\n');
  setInterval(() => {}, 1000);
} else {
  process.exitCode = scenario.exitCode ?? 0;
}
`;

/**
 * The fakes record each call in their own folder and report pids of the host: both outside what a
 * sandbox allows. Adapter tests are about argv and output, so they run with LOKI_SANDBOX=none;
 * the sandbox around agents is tested in tests/attacks and tests/gates/sandbox.
 */
export async function createFakeBin(): Promise<FakeBin> {
  const dir = await mkdtemp(join(tmpdir(), 'loki-fake-bin-'));
  const saved = process.env.LOKI_SANDBOX;
  process.env.LOKI_SANDBOX = 'none';
  return {
    dir,
    path: dir,
    async add(name, scenario) {
      const scenarioPath = join(dir, `${name}.scenario.json`);
      await writeFile(scenarioPath, JSON.stringify(scenario));
      // No extension and no package.json in the temp dir: node runs it as CommonJS.
      const file = join(dir, name);
      await writeFile(file, SCRIPT(scenarioPath, join(dir, `${name}.calls.jsonl`), join(dir, 'grandchild.pid')));
      await chmod(file, 0o755);
    },
    async calls(name) {
      const text = await readFile(join(dir, `${name}.calls.jsonl`), 'utf8').catch(() => '');
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as FakeCall);
    },
    async cleanup() {
      if (saved === undefined) delete process.env.LOKI_SANDBOX;
      else process.env.LOKI_SANDBOX = saved;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export const FIXTURES = fileURLToPath(new URL('../../fixtures/providers/', import.meta.url));

/** Is the process gone (or a zombie waiting for its reaper)? */
export async function isProcessGone(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return stat === '' || / Z /.test(stat);
}

/** If a test failed to see a process tree killed, do not leave the sleeper behind. */
export async function killLeftover(pidFile: string): Promise<void> {
  const pid = Number(await readFile(pidFile, 'utf8').catch(() => ''));
  if (!pid) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone, as it should be.
  }
}
