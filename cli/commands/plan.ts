import { loadConfig } from '../../gates/config/load-config.js';
import { repoRoot } from '../../gates/git/git.js';
import { collectRepoStats } from '../../gates/spec/collect-repo-stats.js';
import { planSpec } from '../../gates/spec/plan-spec.js';
import { renderPlan } from '../../gates/spec/render-plan.js';
import { loadSpecArgument } from '../../runner/grill/load-spec-argument.js';
import { parseOptions } from '../parse-options.js';
import { chosenProvider, onlySpec } from './grill.js';

const HELP = `Usage: loki plan SPEC [--provider P] [--json] [--config FILE]

Estimates what building SPEC will take, before anything is spent: complexity (from the spec's
requirements and size, and the repository's files without dependencies or build output), an
iteration range, input and output tokens, cost from the \`pricing\` table in .github/loki.yml, and
a time range. Warns when the upper bound passes build.budget_usd, max_iterations or max_minutes.

SPEC is a Markdown, .txt, JSON, YAML or OpenAPI 3 file, or owner/repo#N (GITHUB_TOKEN or GH_TOKEN).

  --provider P     whose price applies (default: --provider, LOKI_PROVIDER, then provider.name)
  --json           print one JSON document on stdout and nothing else
  --config FILE    config file (default .github/loki.yml)

Exit codes: 0 planned, 3 error.
`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions('plan', argv, { provider: { type: 'string' }, json: { type: 'boolean' }, config: { type: 'string' } }, true);
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const arg = onlySpec('plan', positionals);
  const cwd = process.cwd();
  const root = await repoRoot(cwd).catch(() => cwd);
  const config = await loadConfig(root, values.config);
  const spec = await loadSpecArgument(arg, { cwd });
  const provider = chosenProvider(values.provider);
  const plan = planSpec(spec, await collectRepoStats(root), config, provider ? { provider } : {});
  process.stdout.write(values.json ? `${JSON.stringify(plan, null, 2)}\n` : renderPlan(plan));
  return 0;
}
