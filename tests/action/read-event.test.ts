import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readActionContext } from '../../action/read-event.js';
import { pullRequestEvent } from './run-action-bundle.js';

const dir = mkdtempSync(join(tmpdir(), 'loki-event-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function eventFile(name: string, payload: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof payload === 'string' ? payload : JSON.stringify(payload));
  return path;
}

const head = 'e'.repeat(40);
const pr = (headRepository?: string) => pullRequestEvent({ number: 5, baseRef: 'release', baseSha: 'b'.repeat(40), headRef: 'topic', headSha: head, ...(headRepository ? { headRepository } : {}) });

describe('readActionContext', () => {
  it('takes repository, PR number, base ref and the PR head SHA (not the merge SHA) from a pull_request payload', async () => {
    const context = await readActionContext({ GITHUB_EVENT_PATH: eventFile('pr.json', pr()), GITHUB_SHA: 'f'.repeat(40), GITHUB_RUN_ID: '7', GITHUB_SERVER_URL: 'https://ghe.example/' });
    expect(context).toMatchObject({ owner: 'octo', repo: 'demo', checkSha: head, defaultBase: 'release', runUrl: 'https://ghe.example/octo/demo/actions/runs/7' });
    expect(context.pullRequest).toEqual({
      number: 5, baseRef: 'release', headSha: head, fromFork: false,
      description: { title: 'Update the README with new information.', text: 'This is a pretty simple change that we need to pull into master.', labels: [] },
    });
  });

  it("takes the PR's title, body and labels as its description (a null body is empty text)", async () => {
    const event = pr() as { pull_request: { title: string; body: string | null; labels: Array<{ name: string }> } };
    Object.assign(event.pull_request, { title: 'refactor: split the reader', body: null, labels: [{ name: 'refactor' }, { name: 'area/parser' }] });
    const context = await readActionContext({ GITHUB_EVENT_PATH: eventFile('described.json', event) });
    expect(context.pullRequest?.description).toEqual({ title: 'refactor: split the reader', text: '', labels: ['refactor', 'area/parser'] });
  });

  it('a head in another repository, or a deleted fork, is a fork PR', async () => {
    expect((await readActionContext({ GITHUB_EVENT_PATH: eventFile('fork.json', pr('someone/demo')) })).pullRequest?.fromFork).toBe(true);
    const deleted = pr() as { pull_request: { head: { repo: unknown } } };
    deleted.pull_request.head.repo = null;
    expect((await readActionContext({ GITHUB_EVENT_PATH: eventFile('deleted.json', deleted) })).pullRequest?.fromFork).toBe(true);
  });

  it('on other events uses GITHUB_SHA and the repository default branch', async () => {
    const push = { ref: 'refs/heads/main', repository: { full_name: 'octo/demo', default_branch: 'trunk' } };
    const context = await readActionContext({ GITHUB_EVENT_PATH: eventFile('push.json', push), GITHUB_SHA: 'a'.repeat(40) });
    expect(context).toMatchObject({ pullRequest: undefined, checkSha: 'a'.repeat(40), defaultBase: 'trunk' });
  });

  it('a malformed pull_request or a payload that is not JSON is a usage error with the fix', async () => {
    await expect(readActionContext({ GITHUB_EVENT_PATH: eventFile('bad.json', { pull_request: { number: 'x' } }) })).rejects.toMatchObject({ code: 'USAGE' });
    await expect(readActionContext({ GITHUB_EVENT_PATH: eventFile('text.json', 'not json') })).rejects.toThrow(/is not JSON/);
  });
});
