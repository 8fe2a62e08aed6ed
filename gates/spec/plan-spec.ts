import type { LokiConfig } from '../config/schema.js';
import { LokiError } from '../core/errors.js';
import type { RepoStats } from './collect-repo-stats.js';
import type { Spec } from './spec-schema.js';

export interface Range {
  low: number;
  high: number;
}

export interface Plan {
  spec: { title: string; requirements: number; criteria: number; words: number; tokens: number };
  repo: RepoStats;
  complexity: { score: number; level: 'small' | 'medium' | 'large' | 'very large' };
  iterations: Range;
  tokens: { input: Range; output: Range };
  provider: string;
  price: { input_per_mtok: number; output_per_mtok: number };
  cost_usd: Range;
  minutes: Range;
  budget_usd: number;
  over_budget: boolean;
  /** Each limit the upper bound passes, with what to do about it; shown before anything is spent. */
  warnings: string[];
}

/**
 * The model behind the estimate, kept in one place so it can be read and tuned:
 *   spec score  = requirements + criteria/2 + words/300
 *   repo factor = 1 + log10(1 + files)/4
 *   score       = spec score × repo factor
 *   iterations  = ceil(score/10) … max(low+1, ceil(score/4))
 *   input/iter  = 12,000 + 2 × spec tokens + 50 × min(files, 500) + reviewers × (spec tokens + 6,000)
 *   output      = 1,200 × requirements + iterations × (2,000 + reviewers × 800)
 *   minutes     = iterations × 4 (low) … iterations × 8 (high), × repo factor
 * Spec tokens are characters/4. Prices are per million tokens from `pricing` in the config.
 */
export const PLAN_MODEL = {
  baseInput: 12_000,
  perFileInput: 50,
  fileCap: 500,
  reviewInput: 6_000,
  reviewOutput: 800,
  outputPerRequirement: 1_200,
  outputPerIteration: 2_000,
  minutesLow: 4,
  minutesHigh: 8,
} as const;

export interface PlanOptions {
  /** Provider whose price applies; default: the config's provider. */
  provider?: string;
}

export function planSpec(spec: Spec, repo: RepoStats, config: LokiConfig, options: PlanOptions = {}): Plan {
  const provider = options.provider ?? config.provider.name;
  const price = config.pricing[provider];
  if (!price) {
    throw new LokiError('CONFIG_INVALID', `the config has no price for the provider "${provider}" under \`pricing\``, {
      fix: `add pricing.${provider}.input_per_mtok and pricing.${provider}.output_per_mtok to .github/loki.yml`,
    });
  }
  const m = PLAN_MODEL;
  const requirements = spec.requirements.length;
  const criteria = spec.requirements.filter((r) => r.acceptance).length;
  const words = spec.text.split(/\s+/).filter(Boolean).length;
  const specTokens = Math.ceil(spec.text.length / 4);
  const repoFactor = 1 + Math.log10(1 + repo.files) / 4;
  const score = round1((requirements + criteria / 2 + words / 300) * repoFactor);
  const low = Math.max(1, Math.ceil(score / 10));
  const iterations = { low, high: Math.max(low + 1, Math.ceil(score / 4)) };
  const reviewers = config.build.reviewers;
  const inputPerIteration = m.baseInput + 2 * specTokens + m.perFileInput * Math.min(repo.files, m.fileCap) + reviewers * (specTokens + m.reviewInput);
  const input = (n: number) => n * inputPerIteration;
  const output = (n: number) => m.outputPerRequirement * requirements + n * (m.outputPerIteration + reviewers * m.reviewOutput);
  const cost = (n: number) => cents((input(n) * price.input_per_mtok + output(n) * price.output_per_mtok) / 1e6);
  const plan: Plan = {
    spec: { title: spec.title, requirements, criteria, words, tokens: specTokens },
    repo,
    complexity: { score, level: score < 5 ? 'small' : score < 15 ? 'medium' : score < 40 ? 'large' : 'very large' },
    iterations,
    tokens: { input: { low: input(iterations.low), high: input(iterations.high) }, output: { low: output(iterations.low), high: output(iterations.high) } },
    provider,
    price: { input_per_mtok: price.input_per_mtok, output_per_mtok: price.output_per_mtok },
    cost_usd: { low: cost(iterations.low), high: cost(iterations.high) },
    minutes: { low: Math.ceil(iterations.low * m.minutesLow * repoFactor), high: Math.ceil(iterations.high * m.minutesHigh * repoFactor) },
    budget_usd: config.build.budget_usd,
    over_budget: false,
    warnings: [],
  };
  plan.over_budget = plan.cost_usd.high > config.build.budget_usd;
  plan.warnings = warningsFor(plan, config);
  return plan;
}

function warningsFor(plan: Plan, config: LokiConfig): string[] {
  const warnings: string[] = [];
  if (plan.over_budget) {
    warnings.push(`the upper estimate $${plan.cost_usd.high.toFixed(2)} exceeds the budget of $${config.build.budget_usd.toFixed(2)}: raise build.budget_usd (or --budget-usd) or split the spec before building`);
  }
  if (plan.iterations.high > config.build.max_iterations) {
    warnings.push(`up to ${plan.iterations.high} iterations may be needed but build.max_iterations is ${config.build.max_iterations}: the build may stop unverified at the cap; raise it or split the spec`);
  }
  if (plan.minutes.high > config.build.max_minutes) {
    warnings.push(`up to ${plan.minutes.high} minutes may be needed but build.max_minutes is ${config.build.max_minutes}: raise it or split the spec`);
  }
  return warnings;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Cost rounded up to the cent: an estimate should not understate. */
function cents(n: number): number {
  return Math.ceil(n * 100 - 1e-9) / 100;
}
