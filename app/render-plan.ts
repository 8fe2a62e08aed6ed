import { z } from 'zod';
import type { LokiConfig } from '../gates/config/schema.js';
import { isSource, type RepoStats } from '../gates/spec/collect-repo-stats.js';
import { lintSpec } from '../gates/spec/lint-spec.js';
import { normaliseSpec } from '../gates/spec/normalise-spec.js';
import { planSpec, type Plan } from '../gates/spec/plan-spec.js';
import type { Spec } from '../gates/spec/spec-schema.js';
import type { GitHubClient } from '../github/client.js';
import type { RepoRef } from '../github/calls.js';
import type { IssuePayload } from './payload.js';

const TreeSchema = z.object({ tree: z.array(z.object({ path: z.string(), type: z.string(), size: z.number().optional() })), truncated: z.boolean().optional() });

/** The repository's size from one tree listing, counted the way `loki plan` counts a checkout. */
export async function repoStatsFromApi(gh: GitHubClient, ref: RepoRef, branch: string): Promise<RepoStats> {
  try {
    const { data } = await gh.request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', { ...ref, tree_sha: branch, recursive: '1' });
    const files = TreeSchema.parse(data).tree.filter((e) => e.type === 'blob' && isSource(e.path));
    return { files: files.length, bytes: files.reduce((sum, f) => sum + (f.size ?? 0), 0) };
  } catch {
    // The estimate then leaves the repository out; the build itself does not depend on it.
    return { files: 0, bytes: 0 };
  }
}

export function issueSpec(ref: RepoRef, issue: IssuePayload): Spec {
  return normaliseSpec({ source: 'issue', ref: `${ref.owner}/${ref.repo}#${issue.number}`, title: issue.title, text: issue.body ?? '', labels: (issue.labels ?? []).map((l) => l.name) });
}

export function estimate(ref: RepoRef, issue: IssuePayload, config: LokiConfig, repo: RepoStats): Plan | string {
  try {
    return planSpec(issueSpec(ref, issue), repo, config);
  } catch (error) {
    return (error as Error).message;
  }
}

/** One line for the sticky comment: the estimate, or why there is none. */
export function estimateLine(plan: Plan | string): string {
  if (typeof plan === 'string') return `no estimate (${plan})`;
  const warn = plan.warnings.length > 0 ? ` ⚠️ ${plan.warnings.join('; ')}` : '';
  return `$${plan.cost_usd.low.toFixed(2)}–$${plan.cost_usd.high.toFixed(2)} over ${plan.iterations.low}–${plan.iterations.high} iterations, ${plan.minutes.low}–${plan.minutes.high} min (${plan.complexity.level}).${warn}`;
}

/** The answer to `/loki plan` and `/loki grill` on an issue. */
export function renderPlan(command: 'plan' | 'grill', ref: RepoRef, issue: IssuePayload, config: LokiConfig, repo: RepoStats): string {
  let spec: Spec;
  try {
    spec = issueSpec(ref, issue);
  } catch (error) {
    return `Loki could not read this issue as a spec: ${(error as Error).message}`;
  }
  if (command === 'plan') {
    const plan = estimate(ref, issue, config, repo);
    if (typeof plan === 'string') return `Loki could not estimate this build: ${plan}`;
    return [
      `### Plan for #${issue.number}`,
      `- Requirements: ${plan.spec.requirements} (${plan.spec.criteria} with acceptance criteria); repository: ${plan.repo.files} source files`,
      `- Complexity: **${plan.complexity.level}** (score ${plan.complexity.score})`,
      `- Iterations: ${plan.iterations.low}–${plan.iterations.high} (cap ${config.build.max_iterations}); time: ${plan.minutes.low}–${plan.minutes.high} min (cap ${config.build.max_minutes})`,
      `- Cost with \`${plan.provider}\`: **$${plan.cost_usd.low.toFixed(2)}–$${plan.cost_usd.high.toFixed(2)}** (budget cap $${plan.budget_usd.toFixed(2)})`,
      ...plan.warnings.map((w) => `- ⚠️ ${w}`),
    ].join('\n');
  }
  const findings = lintSpec(spec);
  if (findings.length === 0) return `### Grill for #${issue.number}\n\nNo gaps found by the deterministic checks. \`loki grill\` with a provider asks deeper questions.`;
  const rows = findings.slice(0, 30).map((f) => `- **${f.severity}** (${f.category}): ${f.message}\n  - ❓ ${f.question}`);
  return [`### Grill for #${issue.number}`, `${findings.length} question(s) to settle before building:`, ...rows, findings.length > 30 ? `…and ${findings.length - 30} more.` : ''].join('\n');
}
