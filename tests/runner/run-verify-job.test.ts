import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PullAcceptances } from '../../gates/verify/accept-findings.js';
import { runJob } from '../../runner/run-job.js';
import { startGitHubStandIn, type GitHubStandIn } from '../support/github-stand-in.js';
import { createBuildFixture, type BuildFixture } from './support/build-fixture.js';
import { loopbackOnly } from '../support/loopback-only.js';

loopbackOnly();

describe('runJob, kind verify (the App\'s PR checks)', () => {
  let f: BuildFixture;
  let gh: GitHubStandIn;
  beforeEach(async () => {
    f = createBuildFixture();
    gh = await startGitHubStandIn();
    gh.on('POST', '/repos/acme/calc/check-runs', { status: 201, body: { id: 77 } });
    gh.on('PATCH', '/repos/acme/calc/check-runs/77', { body: { id: 77 } });
  });
  afterEach(async () => {
    await gh.close();
    f.cleanup();
  });

  function prHead(files: Record<string, string>): string {
    f.seed.git('checkout', '-q', '-b', 'feature');
    const sha = f.seed.commit('feature', files);
    // A fork's head is only reachable as refs/pull/N/head on the base repository.
    f.seed.git('push', '-q', f.remote, `${sha}:refs/pull/3/head`);
    return sha;
  }

  it('checks out the PR head (from refs/pull), runs the gates against the base and completes Loki Verify', async () => {
    const head = prHead({ 'src/math.js': 'export function add(a, b) {\n  return a + b;\n}\n\nexport const twice = (x) => add(x, x);\n', '.github/loki.yml': 'verify:\n  gates: [diff]\n' });
    const job = f.job({ kind: 'verify', head_sha: head, pr_number: 3, spec: undefined, check_run_id: undefined, repo: { owner: 'acme', name: 'calc', clone_url: f.remote, default_branch: 'main', api_url: gh.url } });
    const outcome = await runJob(job, { token: () => 'ghs_verifyToken', config: undefined });

    expect(outcome.headSha).toBe(head);
    expect(outcome.evidence?.subject.head_sha).toBe(head);
    expect(outcome.evidence?.subject.pr).toBe(3);
    expect(outcome.evidence?.subject.base_sha).toBe(f.seed.git('rev-parse', 'main').trim());
    // The PR's own loki.yml (gates: [diff]) is not what judged it: the base's config (the default gate list) was used.
    expect(outcome.evidence?.gates.find((g) => g.id === 'tests')?.status).not.toBe('skipped');
    expect(outcome.exitCode).toBe(outcome.evidence?.exit_code);
    expect(gh.find('POST', '/repos/acme/calc/check-runs')[0]?.body).toMatchObject({ name: 'Loki Verify', head_sha: head });
    expect(gh.find('PATCH', '/repos/acme/calc/check-runs/77').at(-1)?.body).toMatchObject({ status: 'completed' });
  });

  it("judges with the acceptances the App read from GitHub: a fork's unvouched trailer counts for nothing, a maintainer's comment does", async () => {
    f.seed.git('checkout', '-q', '-b', 'feature');
    const head = f.seed.commit('Drop the add test\n\nLoki-Accept: test-deleted test/add.test.js', { 'test/add.test.js': null, '.github/loki.yml': 'verify:\n  gates: [diff, integrity]\n' });
    f.seed.git('push', '-q', f.remote, `${head}:refs/pull/3/head`);
    const job = (acceptances: PullAcceptances) => f.job({ kind: 'verify', head_sha: head, pr_number: 3, spec: undefined, check_run_id: undefined, acceptances, repo: { owner: 'acme', name: 'calc', clone_url: f.remote, default_branch: 'main', api_url: gh.url } });
    const unvouched = await runJob(job({ comments: [], trusted_commits: [], refused: [] }), { token: () => undefined, config: undefined });
    expect(unvouched.evidence?.verdict).toBe('BLOCKED');
    const accepted = await runJob(job({ comments: [{ rule: 'test-deleted', file: 'test/add.test.js', by: '@maintainer (write)' }], trusted_commits: [], refused: [] }), { token: () => undefined, config: undefined });
    expect(accepted.evidence?.verdict).toBe('CONCERNS');
    expect(accepted.evidence?.findings.find((x) => x.rule === 'test-deleted')?.accepted?.by).toBe('@maintainer (write)');
  });

  it('a head that does not exist is an error outcome with a fix', async () => {
    const job = f.job({ kind: 'verify', head_sha: 'f'.repeat(40), spec: undefined, repo: { owner: 'acme', name: 'calc', clone_url: f.remote, default_branch: 'main', api_url: gh.url } });
    const outcome = await runJob(job, { token: () => undefined });
    expect(outcome.status).toBe('error');
    expect(outcome.exitCode).toBe(3);
  });
});
