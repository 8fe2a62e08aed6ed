import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LokiConfigSchema } from '../../../gates/config/schema.js';
import { createGitHubClient } from '../../../github/client.js';
import { parseLedger } from '../../../github/follow-up-ledger.js';
import { answerFollowUp } from '../../../runner/follow-up/answer-follow-up.js';
import { REPLIES_FILE } from '../../../runner/follow-up/follow-up-prompt.js';
import type { BuildOutcome } from '../../../runner/build-outcome.js';
import type { FollowUp } from '../../../runner/job/schema.js';
import { pageOf, startGitHubStandIn, type GitHubStandIn } from '../../support/github-stand-in.js';
import { loopbackOnly } from '../../support/loopback-only.js';

loopbackOnly();
const OLD = 'a'.repeat(40);
const NEW = 'b'.repeat(40);
const thread = (id: number) => ({ comment_id: id, author: 'writer', body: 'x', path: 'src/a.js', line: 2, diff_hunk: '@@', url: `http://t/${id}` });
const followUp: FollowUp = { pr_number: 5, head_sha: OLD, triggers: [{ kind: 'review', url: 'http://r/1', by: 'writer' }], threads: [thread(11), thread(12)], reviews: [], failures: [] };
const outcome = (headSha: string, status: BuildOutcome['status'] = 'done'): BuildOutcome => ({ status, exitCode: 0, reason: 'verified', costUsd: 0.5, iterations: 1, headSha, pushed: true });

describe('answerFollowUp', () => {
  let gh: GitHubStandIn;
  let ws: string;
  let ledgerBody = '';
  beforeEach(async () => {
    gh = await startGitHubStandIn();
    ws = mkdtempSync(join(tmpdir(), 'loki-answer-'));
    mkdirSync(join(ws, '.loki'));
    gh.on('GET', '/repos/o/r/issues/5/comments', (r) => pageOf(r, []));
    gh.on('POST', '/repos/o/r/issues/5/comments', (r) => {
      ledgerBody = String((r.body as { body: string }).body);
      return { status: 201, body: { id: 77 } };
    });
    gh.on('POST', /^\/repos\/o\/r\/pulls\/5\/comments\/\d+\/replies$/, { status: 201, body: { id: 1 } });
  });
  afterEach(async () => {
    await gh.close();
    rmSync(ws, { recursive: true, force: true });
  });
  const run = (o: BuildOutcome) => answerFollowUp({ gh: createGitHubClient({ token: 't', baseUrl: gh.url, retries: 0, throttle: false }), owner: 'o', repo: 'r', jobId: 'job-1', followUp, outcome: o, workspace: ws, config: LokiConfigSchema.parse({}) });
  const replies = () => gh.find('POST', /\/replies$/).map((r) => ({ path: r.path, body: String((r.body as { body: string }).body) }));

  it('a new commit: each thread gets the commit and the agent\'s line, or its reason; the ledger records both and the spend', async () => {
    writeFileSync(join(ws, REPLIES_FILE), JSON.stringify({ 11: { changed: true, note: 'Renamed it' }, 12: { changed: false, note: 'The spec asks for this name' } }));
    await run(outcome(NEW));
    expect(replies()).toEqual([
      { path: '/repos/o/r/pulls/5/comments/11/replies', body: expect.stringMatching(new RegExp(`^Addressed in ${NEW}: Renamed it`)) },
      { path: '/repos/o/r/pulls/5/comments/12/replies', body: expect.stringMatching(new RegExp(`^Not changed \\(the branch head is ${NEW}\\): The spec asks for this name`)) },
    ]);
    const ledger = parseLedger(ledgerBody);
    expect(ledger?.entries.map((e) => [e.key, e.state, e.commit])).toEqual([['review:11', 'addressed', NEW], ['review:12', 'left', NEW]]);
    expect(ledger).toMatchObject({ spent_usd: 0.5, follow_ups: 1 });
  });

  it('no new commit: no reply claims a change, whatever the agent wrote', async () => {
    writeFileSync(join(ws, REPLIES_FILE), JSON.stringify({ 11: { changed: true, note: 'Renamed it' }, 12: { changed: true, note: 'Done' } }));
    await run(outcome(OLD));
    expect(replies().map((r) => r.body)).toEqual([expect.stringMatching(/^Not changed/), expect.stringMatching(/^Not changed/)]);
  });

  it('a follow-up that did not finish replies nowhere and leaves the threads open in the ledger', async () => {
    await run(outcome(NEW, 'capped'));
    expect(replies()).toEqual([]);
    expect(parseLedger(ledgerBody)?.entries.every((e) => e.state === 'open')).toBe(true);
    expect(ledgerBody).toMatch(/ended \*\*capped\*\*/);
  });
});
