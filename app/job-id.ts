import { randomBytes } from 'node:crypto';
import type { RepoRef } from '../github/repo-ref.js';

/**
 * A job id names the repository, the issue or pull request, and a random tail. It is the check
 * run's `external_id`, the workflow run's name, and what reconciliation resumes a build under.
 */
export function newJobId(kind: 'build' | 'verify', ref: RepoRef, number: number): string {
  const slug = `${ref.owner}-${ref.repo}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-').slice(0, 120);
  return `loki-${kind}-${slug}-${number}-${randomBytes(4).toString('hex')}`;
}
