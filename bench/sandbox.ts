// Sandbox overhead per command: the same commands through runCommand with LOKI_SANDBOX=none and
// =bwrap, side by side (goal: bwrap adds at most 20 ms a command). Prints, never asserts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectCommandEnv } from '../gates/core/project-command-env.js';
import { runCommand } from '../gates/core/run-command.js';
import { withSandboxScope } from '../gates/sandbox/scope.js';
import { median, printTable } from './measure.js';

const COMMANDS: Array<[string, string, string[]]> = [
  ['true', 'true', []],
  ['node -e 0', process.execPath, ['-e', '0']],
  ['git status', 'git', ['status', '--short']],
];
const RUNS = 15;

async function timeOne(file: string, args: string[], cwd: string, purpose: 'test' | 'install'): Promise<number> {
  const started = performance.now();
  const result = await runCommand(file, args, { cwd, env: projectCommandEnv(), replaceEnv: true, sandbox: { purpose } });
  if (result.exitCode !== 0) throw new Error(`${file} failed: ${result.spawnError ?? result.log}`);
  return performance.now() - started;
}

export async function benchSandbox(): Promise<void> {
  const ws = mkdtempSync(join(tmpdir(), 'loki-bench-sandbox-'));
  execFileSync('git', ['init', '-q', ws]);
  const saved = process.env.LOKI_SANDBOX;
  const rows: Array<[string, string]> = [];
  try {
    await withSandboxScope({}, async () => {
      for (const [name, file, args] of COMMANDS) {
        const figures: Record<string, number> = {};
        // Tests run without a network (a fresh network namespace); installs share the host's.
        for (const [key, mode, purpose] of [['none', 'none', 'test'], ['offline', 'bwrap', 'test'], ['online', 'bwrap', 'install']] as const) {
          process.env.LOKI_SANDBOX = mode;
          await timeOne(file, args, ws, purpose);
          const times: number[] = [];
          for (let i = 0; i < RUNS; i++) times.push(await timeOne(file, args, ws, purpose));
          figures[key] = median(times);
        }
        const over = (key: string) => `${(figures[key]! - figures.none!).toFixed(1)} ms`;
        rows.push([name, `none ${figures.none!.toFixed(1)} ms · bwrap ${figures.offline!.toFixed(1)} ms (+${over('offline')}, network off) · bwrap ${figures.online!.toFixed(1)} ms (+${over('online')}, network on); goal ≤ 20 ms`]);
      }
    });
  } finally {
    if (saved === undefined) delete process.env.LOKI_SANDBOX;
    else process.env.LOKI_SANDBOX = saved;
    rmSync(ws, { recursive: true, force: true });
  }
  printTable(`sandbox overhead per command (median of ${RUNS}, through runCommand)`, rows);
}
