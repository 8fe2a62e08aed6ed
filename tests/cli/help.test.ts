import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';

let repo: TempRepo;
beforeAll(() => {
  repo = createTempRepo({ 'README.md': '# x\n', 'prd.md': '## Acceptance criteria\n- [ ] it works\n', 'src/a.js': 'export const a = 1;\n' });
  repo.git('checkout', '-q', '-b', 'feature');
  repo.commit('change', { 'src/a.js': 'export const a = 2;\n' });
});
afterAll(() => repo.remove());

describe('help and typos', () => {
  it('`loki help COMMAND` prints that command’s help, exit 0', () => {
    const run = runCli(['help', 'verify'], { cwd: repo.dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: loki verify /);
  });

  it('a mistyped command suggests the nearest one, and the fix keeps the arguments', () => {
    const run = runCli(['verfy', '--base', 'main'], { cwd: repo.dir });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('unknown command "verfy". Did you mean "verify"?');
    expect(run.stderr).toContain('Fix: run "loki verify --base main"');
    expect(runCli(['help', 'buidl'], { cwd: repo.dir }).stderr).toContain('Did you mean "build"?');
  });

  it('a word that is no command’s typo gets the list, not a guess', () => {
    const run = runCli(['deploy'], { cwd: repo.dir });
    expect(run.code).toBe(3);
    expect(run.stderr).not.toContain('Did you mean');
    expect(run.stderr).toContain('Commands:');
  });

  it('a mistyped flag suggests the nearest flag of that command', () => {
    const run = runCli(['verify', '--jsno'], { cwd: repo.dir });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`Unknown option '--jsno'. Did you mean "--json"?`);
  });
});

/** Key paths of a JSON document that are not snake_case. */
function camelKeys(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => camelKeys(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => [...(/[A-Z]/.test(key) ? [`${path}.${key}`] : []), ...camelKeys(v, `${path}.${key}`)]);
}

describe('one vocabulary: every --json document is snake_case', () => {
  const commands: Array<[string, string[]]> = [
    ['verify', ['verify', '--base', 'main', '--gates', 'diff,secrets,integrity', '--json']],
    ['secrets', ['secrets', '--json']],
    ['secrets --base', ['secrets', '--base', 'main', '--json']],
    ['plan', ['plan', 'prd.md', '--json']],
    ['doctor', ['doctor', 'verify', '--json']],
    ['spec lock', ['spec', 'lock', 'prd.md', '--json']],
    ['spec status', ['spec', 'status', '--json']],
  ];
  it.each(commands)('%s', (_name, args) => {
    const run = runCli(args, { cwd: repo.dir, env: { LOKI_PROVIDER: '' } });
    expect(run.code, run.stderr).not.toBe(3);
    expect(camelKeys(JSON.parse(run.stdout))).toEqual([]);
  });
});
