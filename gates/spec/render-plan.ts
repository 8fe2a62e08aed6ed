import { loadTemplate, renderTemplate } from '../core/templates.js';
import type { Plan, Range } from './plan-spec.js';

/** The plan as Markdown: `loki plan` prints it and the App posts it before a build starts. */
export function renderPlan(plan: Plan): string {
  return renderTemplate(loadTemplate('spec/plan-report.md'), {
    title: plan.spec.title || 'spec',
    requirements: plan.spec.requirements,
    criteria: `${plan.spec.criteria} acceptance criteri${plan.spec.criteria === 1 ? 'on' : 'a'}`,
    words: plan.spec.words,
    files: plan.repo.files,
    level: plan.complexity.level,
    score: plan.complexity.score,
    iterations: range(plan.iterations),
    tokens: `${range(plan.tokens.input, kilo)} in, ${range(plan.tokens.output, kilo)} out`,
    provider: plan.provider,
    cost: range(plan.cost_usd, (n) => `$${n.toFixed(2)}`),
    budget: plan.budget_usd.toFixed(2),
    minutes: range(plan.minutes, (n) => `${n} min`),
    warnings: plan.warnings.length ? `${plan.warnings.map((w) => `> ⚠️ ${w}`).join('\n>\n')}\n\n` : '',
    price_in: plan.price.input_per_mtok,
    price_out: plan.price.output_per_mtok,
  });
}

function range(r: Range, format: (n: number) => string = String): string {
  return r.low === r.high ? format(r.low) : `${format(r.low)} – ${format(r.high)}`;
}

function kilo(n: number): string {
  return n >= 1_000_000 ? `${(n / 1_000_000).toFixed(1)}M` : n >= 1_000 ? `${Math.round(n / 1_000)}k` : String(n);
}
