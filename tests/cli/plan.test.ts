import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';

let repo: TempRepo | undefined;
afterEach(() => {
  repo?.remove();
  repo = undefined;
});

const SMALL = '## Acceptance criteria\n- [ ] export works\n';
const LARGE = `# Back office\n\n${Array.from({ length: 60 }, (_, i) => `## Feature ${i + 1}\nUsers manage record type ${i + 1} with validation and an audit entry.\n`).join('\n')}\n## Acceptance criteria\n${Array.from({ length: 60 }, (_, i) => `- [ ] feature ${i + 1} works`).join('\n')}\n`;

describe('loki plan', () => {
  it('prints the figures as JSON, counting the repository without dependencies', () => {
    repo = createTempRepo({ 'prd.md': SMALL, 'src/a.js': 'export {};\n' });
    repo.write({ 'node_modules/dep/index.js': 'x\n' });
    const run = runCli(['plan', 'prd.md', '--json'], { cwd: repo.dir, env: { LOKI_PROVIDER: '' } });
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout);
    expect(plan.repo.files).toBe(2);
    expect(plan.spec).toMatchObject({ requirements: 1, criteria: 1 });
    expect(plan.iterations).toEqual({ low: 1, high: 2 });
    expect(plan).toMatchObject({ provider: 'claude', over_budget: false, warnings: [] });
    expect(plan.cost_usd.low).toBeGreaterThan(0);
  });

  it('warns in the Markdown report when the upper bound passes the configured budget, and uses the config’s prices', () => {
    repo = createTempRepo({ 'prd.md': LARGE, '.github/loki.yml': 'build:\n  budget_usd: 2\npricing:\n  claude: { input_per_mtok: 3, output_per_mtok: 15 }\n  inhouse: { input_per_mtok: 0, output_per_mtok: 0 }\n' });
    const run = runCli(['plan', 'prd.md'], { cwd: repo.dir, env: { LOKI_PROVIDER: '' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('## Loki plan — Back office');
    expect(run.stdout).toMatch(/exceeds the budget of \$2\.00/);
    const free = runCli(['plan', 'prd.md', '--json', '--provider', 'command'], { cwd: repo.dir, env: { LOKI_PROVIDER: '' } });
    expect(free.code).toBe(3);
    expect(free.stderr).toContain('pricing.command');
  });

  it('exits 3 with the fix on an invalid spec', () => {
    repo = createTempRepo({ 'spec.json': '{"title": ' });
    const run = runCli(['plan', 'spec.json'], { cwd: repo.dir });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('spec.json is not valid JSON');
    expect(run.stderr).toContain('Fix:');
  });
});
