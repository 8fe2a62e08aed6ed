import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadIssueSpec } from '../../../runner/grill/load-issue-spec.js';
import { loadSpecArgument } from '../../../runner/grill/load-spec-argument.js';
import { startGitHubStandIn, type GitHubStandIn } from '../../support/github-stand-in.js';
import { loopbackOnly } from '../../support/loopback-only.js';

let gh: GitHubStandIn;
loopbackOnly();
beforeEach(async () => {
  gh = await startGitHubStandIn();
  gh.on('GET', '/repos/octo/app/issues/12', {
    body: { number: 12, title: 'Export tasks as CSV', body: 'We need CSV export.\n\n## Acceptance criteria\n- [ ] the file opens in a spreadsheet\n', labels: [{ name: 'loki:build' }, 'feature'] },
  });
});
afterEach(() => gh.close());

describe('loadIssueSpec', () => {
  it('reads title, body and labels with the token and normalises them as an issue', async () => {
    const spec = await loadIssueSpec('octo/app#12', { token: 'ghs_test', baseUrl: gh.url });
    expect(spec).toMatchObject({ source: 'issue', format: 'issue', title: 'Export tasks as CSV', labels: ['loki:build', 'feature'], ref: 'octo/app#12' });
    expect(spec.requirements.filter((r) => r.acceptance).map((r) => r.text)).toEqual(['the file opens in a spreadsheet']);
    expect(gh.find('GET', '/repos/octo/app/issues/12')[0]?.headers.authorization).toMatch(/ghs_test$/);
  });

  it('names a missing issue (404) with SPEC_NOT_FOUND, and a missing token with the variables to set', async () => {
    await expect(loadIssueSpec('octo/app#99', { token: 'ghs_test', baseUrl: gh.url })).rejects.toMatchObject({ code: 'SPEC_NOT_FOUND', message: expect.stringContaining('octo/app#99') });
    await expect(loadIssueSpec('octo/app#12', { baseUrl: gh.url })).rejects.toMatchObject({ code: 'GITHUB_FAILED', fix: expect.stringContaining('GITHUB_TOKEN or GH_TOKEN') });
  });

  it('rejects an answer that is not an issue', async () => {
    gh.on('GET', '/repos/octo/app/issues/13', { body: { message: 'hello' } });
    await expect(loadIssueSpec('octo/app#13', { token: 't', baseUrl: gh.url })).rejects.toMatchObject({ code: 'GITHUB_FAILED' });
  });
});

describe('loadSpecArgument', () => {
  it('reads owner/repo#N from GITHUB_API_URL with GH_TOKEN, and a path from disk', async () => {
    const spec = await loadSpecArgument('octo/app#12', { cwd: tmpdir(), env: { GH_TOKEN: 'ghs_other', GITHUB_API_URL: gh.url } });
    expect(spec.title).toBe('Export tasks as CSV');
    expect(gh.requests.at(-1)?.headers.authorization).toMatch(/ghs_other$/);
    const dir = mkdtempSync(join(tmpdir(), 'loki-arg-'));
    try {
      writeFileSync(join(dir, 'brief.txt'), 'Add dark mode\n\nThe app follows the system theme.\n');
      const file = await loadSpecArgument('brief.txt', { cwd: dir, env: {} });
      expect(file).toMatchObject({ source: 'file', format: 'text', ref: 'brief.txt', title: 'Add dark mode' });
      await expect(loadSpecArgument('nope.md', { cwd: dir, env: {} })).rejects.toMatchObject({ code: 'SPEC_NOT_FOUND' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
