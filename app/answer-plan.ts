import { z } from 'zod';
import type { LokiConfig } from '../gates/config/schema.js';
import { isSource, type RepoStats } from '../gates/spec/collect-repo-stats.js';
import { lintSpec } from '../gates/spec/lint-spec.js';
import { normaliseSpec } from '../gates/spec/normalise-spec.js';
import { planSpec, type Plan } from '../gates/spec/plan-spec.js';
import { renderGrillReport } from '../gates/spec/render-grill-report.js';
import { renderPlan as renderPlanReport } from '../gates/spec/render-plan.js';
import type { Spec } from '../gates/spec/spec-schema.js';
import type { GitHubClient } from '../github/client.js';
import type { RepoRef } from '../github/repo-ref.js';
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

/**
 * The answer to `/loki plan` and `/loki grill` on an issue: the same report that `loki plan` and
 * `loki grill` print (the deterministic grill; the provider's questions need a build runner).
 */
export function renderPlan(command: 'plan' | 'grill', ref: RepoRef, issue: IssuePayload, config: LokiConfig, repo: RepoStats): string {
  let spec: Spec;
  try {
    spec = issueSpec(ref, issue);
  } catch (error) {
    return `Loki could not read this issue as a spec: ${(error as Error).message}`;
  }
  if (command === 'grill') return renderGrillReport(spec, lintSpec(spec), config.spec.grill_block_on);
  const plan = estimate(ref, issue, config, repo);
  return typeof plan === 'string' ? `Loki could not estimate this build: ${plan}` : renderPlanReport(plan);
}
