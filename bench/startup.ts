import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../gates/core/package-root.js';
import { median, printTable } from './measure.js';

const RUNS = 15;

/** `loki --version` start-up and `loki verify --help` (which loads the whole engine), next to a bare `node -e ''` measured in the same run. */
export async function benchStartup(): Promise<void> {
  const cli = join(packageRoot(), 'dist/cli/loki.js');
  const time = (args: string[]) => {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = process.hrtime.bigint();
      spawnSync(process.execPath, args, { stdio: 'ignore' });
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    return median(times);
  };
  const bare = time(['-e', '']);
  const loki = time([cli, '--version']);
  const engine = time([cli, 'verify', '--help']);
  printTable('CLI start-up (median of 15 runs)', [
    ['node -e ""', `${bare.toFixed(0)} ms`],
    ['loki --version', `${loki.toFixed(0)} ms`],
    ['Loki over bare node', `${loki >= bare ? '+' : ''}${(loki - bare).toFixed(0)} ms (goal: loki --version well under 200 ms)`],
    ['loki verify --help (the engine loaded)', `${engine.toFixed(0)} ms`],
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchStartup();
