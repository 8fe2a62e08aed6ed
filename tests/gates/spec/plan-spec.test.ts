import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LokiConfigSchema, defaultConfig } from '../../../gates/config/schema.js';
import { collectRepoStats, normaliseSpec, planSpec, renderPlan } from '../../../gates/spec/index.js';
import { createTempRepo, type TempRepo } from '../../support/temp-repo.js';

const SMALL = '## Acceptance criteria\n- [ ] export works\n';

function largeSpec(sections: number): string {
  const body = Array.from({ length: sections }, (_, i) => `## Feature ${i + 1}\nUsers can manage record type ${i + 1}: create, list, edit and delete it, with validation of every field and an audit entry for each change.\n`).join('\n');
  return `# Back office\n\n${body}\n## Acceptance criteria\n${Array.from({ length: sections }, (_, i) => `- [ ] feature ${i + 1} works end to end`).join('\n')}\n`;
}

let repo: TempRepo | undefined;
let dir: string | undefined;
afterEach(() => {
  repo?.remove();
  repo = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('planSpec', () => {
  it('computes the documented figures for a one-criterion spec in an empty repository', () => {
    const spec = normaliseSpec({ source: 'file', path: 'prd.md', text: SMALL });
    const plan = planSpec(spec, { files: 0, bytes: 0 }, defaultConfig());
    // 42 characters → 11 spec tokens; 8 words; 1 requirement, 1 criterion → score 1.5.
    expect(plan.spec).toEqual({ title: 'prd', requirements: 1, criteria: 1, words: 8, tokens: 11 });
    expect(plan.complexity).toEqual({ score: 1.5, level: 'small' });
    expect(plan.iterations).toEqual({ low: 1, high: 2 });
    // input/iteration = 12,000 + 2×11 + 0 + 3 reviewers × (11 + 6,000) = 30,055
    expect(plan.tokens.input).toEqual({ low: 30_055, high: 60_110 });
    // output = 1,200 × 1 + n × (2,000 + 3 × 800)
    expect(plan.tokens.output).toEqual({ low: 5_600, high: 10_000 });
    // claude at $3 / $15 per Mtok: 0.174165 → $0.18, 0.33033 → $0.34 (rounded up to the cent)
    expect(plan.cost_usd).toEqual({ low: 0.18, high: 0.34 });
    expect(plan.minutes).toEqual({ low: 4, high: 16 });
    expect(plan).toMatchObject({ provider: 'claude', budget_usd: 10, over_budget: false, warnings: [] });
  });

  it('prices with the table in the config, for the provider asked for', () => {
    const spec = normaliseSpec({ source: 'file', path: 'prd.md', text: SMALL });
    const config = LokiConfigSchema.parse({ pricing: { claude: { input_per_mtok: 3, output_per_mtok: 15 }, inhouse: { input_per_mtok: 10, output_per_mtok: 0 } } });
    const plan = planSpec(spec, { files: 0, bytes: 0 }, config, { provider: 'inhouse' });
    expect(plan.cost_usd).toEqual({ low: 0.31, high: 0.61 });
    expect(() => planSpec(spec, { files: 0, bytes: 0 }, config, { provider: 'codex' })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', fix: expect.stringContaining('pricing.codex') }));
  });

  it('scales with the spec and the repository, and warns before the budget and caps are passed', () => {
    const small = planSpec(normaliseSpec({ source: 'file', path: 'prd.md', text: SMALL }), { files: 0, bytes: 0 }, defaultConfig());
    const spec = normaliseSpec({ source: 'file', path: 'prd.md', text: largeSpec(60) });
    const large = planSpec(spec, { files: 2_000, bytes: 4_000_000 }, defaultConfig());
    expect(large.spec.requirements).toBe(120);
    expect(large.complexity.level).toBe('very large');
    expect(large.iterations.low).toBeGreaterThan(small.iterations.high);
    expect(large.iterations.high).toBeGreaterThan(defaultConfig().build.max_iterations);
    expect(large.cost_usd.high).toBeGreaterThan(10);
    expect(large.over_budget).toBe(true);
    expect(large.warnings.join('\n')).toMatch(/exceeds the budget of \$10\.00/);
    expect(large.warnings.join('\n')).toMatch(/max_iterations is 8/);
    expect(large.warnings.join('\n')).toMatch(/max_minutes is 60/);
    // The same spec in a bigger repository costs more.
    const sameSpecSmallRepo = planSpec(spec, { files: 10, bytes: 1_000 }, defaultConfig());
    expect(large.tokens.input.high).toBeGreaterThan(sameSpecSmallRepo.tokens.input.high);
    const rich = planSpec(spec, { files: 2_000, bytes: 4_000_000 }, LokiConfigSchema.parse({ build: { budget_usd: 1_000, max_iterations: 100, max_minutes: 24 * 60 } }));
    expect(rich.over_budget).toBe(false);
    expect(rich.warnings).toEqual([]);
  });

  it('renders a Markdown table with the figures and the budget warning', () => {
    const plan = planSpec(normaliseSpec({ source: 'file', path: 'prd.md', text: largeSpec(60) }), { files: 2_000, bytes: 0 }, defaultConfig());
    const text = renderPlan(plan);
    expect(text).toContain('## Loki plan — Back office');
    expect(text).toContain(`| iterations | ${plan.iterations.low} – ${plan.iterations.high} |`);
    expect(text).toContain(`$${plan.cost_usd.high.toFixed(2)}`);
    expect(text).toContain('⚠️ the upper estimate');
    expect(text).not.toMatch(/\{\{/);
  });
});

describe('collectRepoStats', () => {
  const files = {
    'src/a.ts': 'export const a = 1;\n',
    'src/b.ts': 'export const b = 2;\n',
    'node_modules/dep/index.js': 'module.exports = 1;\n',
    'dist/out.js': 'bundle\n',
    'package-lock.json': '{}\n',
  };

  it('counts the repository’s own files, not dependencies, build output or lockfiles', async () => {
    repo = createTempRepo({ 'README.md': '# r\n' });
    repo.write(files);
    const stats = await collectRepoStats(repo.dir);
    expect(stats.files).toBe(3);
    expect(stats.bytes).toBe('# r\n'.length + 2 * 'export const a = 1;\n'.length);
  });

  it('walks a folder that is not a git checkout the same way', async () => {
    dir = mkdtempSync(join(tmpdir(), 'loki-stats-'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    expect((await collectRepoStats(dir)).files).toBe(2);
  });
});
