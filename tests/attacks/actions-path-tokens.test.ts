import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActionsDispatcher } from '../../app/dispatch/actions-dispatcher.js';
import { packageRoot } from '../../gates/core/package-root.js';
import { createGitHubClient } from '../../github/client.js';
import { JobSchema } from '../../runner/job/schema.js';
import { startGitHubStandIn, type GitHubStandIn } from '../support/github-stand-in.js';
import { loopbackOnly } from '../support/loopback-only.js';

/**
 * Attacks on the Actions path. A fork's pull request is verified by a dispatched workflow run: the
 * dispatcher used to drop `tokenless`, so the workflow minted a full token for the fork's code. The
 * workflow minted its token with every permission the installation has, at job start, wrote it to
 * a file next to the agent, and ran in a non-root `--user` container that GitHub refuses.
 */
type Step = { id?: string; if?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> };

loopbackOnly();
describe('attack: a fork PR on the Actions dispatcher gets a token', () => {
  let standIn: GitHubStandIn;
  beforeEach(async () => {
    standIn = await startGitHubStandIn();
  });
  afterEach(async () => standIn.close());

  it('the dispatch says tokenless, so the workflow mints nothing', async () => {
    const WF = '/repos/ops/runners/actions/workflows/loki-build.yml';
    standIn.on('POST', `${WF}/dispatches`, { status: 200, body: { workflow_run_id: 5 } });
    const gh = createGitHubClient({ token: 'ghs_installation', baseUrl: standIn.url, retries: 0 });
    const d = createActionsDispatcher({ client: async () => gh, owner: 'ops', repo: 'runners', lookupAttempts: 0 });
    const job = JobSchema.parse({ job_id: 'loki-verify-o-r-9-1', kind: 'verify', base_ref: 'main', head_sha: 'a'.repeat(40), pr_number: 9, repo: { owner: 'o', name: 'r', clone_url: 'https://github.com/o/r.git', default_branch: 'main' } });
    await d.dispatch({ job, installationId: 1, repositoryId: 2, tokenless: true });
    await d.dispatch({ job: { ...job, job_id: 'loki-verify-o-r-9-2' }, installationId: 1, repositoryId: 2, tokenless: false });
    const sent = standIn.find('POST', `${WF}/dispatches`).map((r) => (r.body as { inputs: Record<string, string> }).inputs.tokenless);
    expect(sent).toEqual(['true', 'false']);
  });
});

describe('attack: the build workflow hands code a token', () => {
  const wf = load(readFileSync(join(packageRoot(), 'templates/workflows/loki-build.yml'), 'utf8')) as Record<string, any>;
  const job = wf.jobs.build as Record<string, any>;
  const steps = job.steps as Step[];
  const mints = steps.filter((s) => s.uses?.startsWith('actions/create-github-app-token@'));

  it('mints only named permissions, for the one repository, and never for a tokenless job', () => {
    expect(mints.length).toBeGreaterThan(0);
    for (const mint of mints) {
      const keys = Object.keys(mint.with ?? {});
      expect(keys.filter((k) => !['app-id', 'private-key', 'owner', 'repositories'].includes(k)).every((k) => k.startsWith('permission-'))).toBe(true);
      expect(keys.some((k) => k.startsWith('permission-'))).toBe(true);
      expect(String(mint.with?.repositories)).toMatch(/fromJSON\(inputs\.job\)\.repo\.name/);
      expect(mint.if).toMatch(/inputs\.tokenless != 'true'/);
      expect(Object.values(mint.with ?? {}).filter((v) => v === 'admin')).toEqual([]);
    }
  });

  it('mints right before the step that uses it, never at job start, and never writes it to disk', () => {
    const first = steps.indexOf(mints[0]!);
    expect(first).toBeGreaterThan(0);
    const user = steps.findIndex((s) => s.run?.includes('loki run-job'));
    expect(steps.slice(first, user).every((s) => mints.includes(s))).toBe(true);
    for (const s of steps) {
      const where = JSON.stringify(s);
      if (!/outputs\.token/.test(where)) continue;
      expect(s.run ?? '', 'a step that sees the token writes no file').not.toMatch(/>|tee /);
      expect(s.run ?? '').toContain('loki run-job');
    }
    expect(JSON.stringify(steps)).not.toMatch(/loki\/token/);
  });

  it('runs as root in the job container (GitHub requires it) and ends before the token does', () => {
    expect(String(job.container.options ?? '')).not.toMatch(/--user (?!root\b)/);
    expect(String(job.container.options ?? '')).toMatch(/--user root\b/);
    expect(job['timeout-minutes']).toBeLessThanOrEqual(60);
  });
});
