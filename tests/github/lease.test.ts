import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isLokiError } from '../../gates/core/errors.js';
import { createGitHubClient, type GitHubClient } from '../../github/client.js';
import { readLease, releaseLease, renewLease, takeLease } from '../../github/lease.js';
import { serveGitObjects, startGitHubStandIn, type GitHubStandIn, type GitObjects } from '../support/github-stand-in.js';
import { loopbackOnly } from '../support/loopback-only.js';

let gh: GitHubStandIn;
let git: GitObjects;
let client: GitHubClient;
const REF = { owner: 'octo', repo: 'demo' };
const TTL = 60_000;
let clock = Date.parse('2026-12-03T22:00:00Z');
const now = () => clock;

loopbackOnly();
beforeEach(async () => {
  gh = await startGitHubStandIn();
  git = serveGitObjects(gh);
  client = createGitHubClient({ token: 'tok', baseUrl: gh.url, retries: 0, throttle: false });
  clock = Date.parse('2026-12-03T22:00:00Z');
});
afterEach(() => gh.close());

const take = (replica: string) => takeLease(client, REF, 'issue-7', { replica, ttlMs: TTL, now });

describe('the stand-in git database', () => {
  it('answers like GitHub: 422 on creating an existing ref, 422 "Update is not a fast forward" on a non-ff PATCH without force', async () => {
    const a = await take('a');
    expect(a.taken).toBe(true);
    const again = await client.request('POST /repos/{owner}/{repo}/git/refs', { ...REF, ref: 'refs/loki/leases/issue-7', sha: a.taken ? a.lease.sha : '' }).catch((e: { status: number }) => e.status);
    expect(again).toBe(422);
    const tree = (await client.request('POST /repos/{owner}/{repo}/git/trees', { ...REF, tree: [] })).data as { sha: string };
    const orphan = (await client.request('POST /repos/{owner}/{repo}/git/commits', { ...REF, message: 'x', tree: tree.sha, parents: [] })).data as { sha: string };
    const patch = await client.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', { ...REF, ref: 'loki/leases/issue-7', sha: orphan.sha, force: false }).catch((e: { status: number; message: string }) => e);
    expect(patch).toMatchObject({ status: 422, message: expect.stringContaining('Update is not a fast forward') });
  });
});

describe('takeLease', () => {
  it('creates refs/loki/leases/<name> naming the replica and the expiry', async () => {
    const result = await take('replica-a');
    expect(result).toMatchObject({ taken: true, lease: { replica: 'replica-a', name: 'issue-7' } });
    expect(git.refs('octo/demo').get('refs/loki/leases/issue-7')).toBe(result.taken ? result.lease.sha : 'none');
    const lease = await readLease(client, REF, 'issue-7');
    expect(lease?.holder).toEqual({ replica: 'replica-a', expiresAt: new Date(clock + TTL) });
  });

  it('leaves a live lease held by another replica alone and names its holder', async () => {
    await take('replica-a');
    const before = git.refs('octo/demo').get('refs/loki/leases/issue-7');
    const b = await take('replica-b');
    expect(b).toEqual({ taken: false, holder: { replica: 'replica-a', expiresAt: new Date(clock + TTL) } });
    expect(git.refs('octo/demo').get('refs/loki/leases/issue-7')).toBe(before);
  });

  it('takes over an expired lease, fast-forwarding from the expired commit', async () => {
    const a = await take('replica-a');
    if (!a.taken) throw new Error('not taken');
    clock += TTL + 1;
    const b = await take('replica-b');
    expect(b).toMatchObject({ taken: true, lease: { replica: 'replica-b' } });
    const commit = git.commits.get(b.taken ? b.lease.sha : '');
    expect(commit?.parents).toEqual([a.lease.sha]);
    // The old holder can no longer renew: its lease is gone.
    await expect(renewLease(client, a.lease, TTL, now)).rejects.toSatisfy((e) => isLokiError(e) && e.code === 'LEASE_LOST');
  });

  it('of two replicas taking over the same expired lease at once, exactly one wins', async () => {
    await take('replica-a');
    clock += TTL + 1;
    const contenders = ['b', 'c', 'd', 'e'].map((r) => takeLease(createGitHubClient({ token: 'tok', baseUrl: gh.url, retries: 0, throttle: false }), REF, 'issue-7', { replica: r, ttlMs: TTL, now }));
    const results = await Promise.all(contenders);
    const winners = results.filter((r) => r.taken);
    expect(winners).toHaveLength(1);
    const winner = (winners[0] as { lease: { replica: string } }).lease.replica;
    for (const loser of results.filter((r) => !r.taken)) expect(loser).toMatchObject({ holder: { replica: winner } });
    expect((await readLease(client, REF, 'issue-7'))?.holder?.replica).toBe(winner);
  });

  it('of two replicas creating the same new lease at once, exactly one wins', async () => {
    const results = await Promise.all(['b', 'c'].map((r) => takeLease(createGitHubClient({ token: 'tok', baseUrl: gh.url, retries: 0, throttle: false }), REF, 'pr-3', { replica: r, ttlMs: TTL, now })));
    expect(results.filter((r) => r.taken)).toHaveLength(1);
  });

  it('counts a lease whose holder is known to be gone as expired', async () => {
    await take('host-123');
    const b = await takeLease(client, REF, 'issue-7', { replica: 'host-456', ttlMs: TTL, now, gone: (r) => r === 'host-123' });
    expect(b).toMatchObject({ taken: true, lease: { replica: 'host-456' } });
  });

  it('counts a ref whose commit holds no valid lease as expired', async () => {
    const tree = (await client.request('POST /repos/{owner}/{repo}/git/trees', { ...REF, tree: [] })).data as { sha: string };
    const junk = (await client.request('POST /repos/{owner}/{repo}/git/commits', { ...REF, message: '{"replica": 5}', tree: tree.sha, parents: [] })).data as { sha: string };
    await client.request('POST /repos/{owner}/{repo}/git/refs', { ...REF, ref: 'refs/loki/leases/issue-7', sha: junk.sha });
    expect(await take('replica-a')).toMatchObject({ taken: true });
  });
});

describe('renewLease and releaseLease', () => {
  it('renew pushes the expiry out; a renewed lease stays live past the first expiry', async () => {
    const a = await take('replica-a');
    if (!a.taken) throw new Error('not taken');
    clock += TTL / 2;
    const renewed = await renewLease(client, a.lease, TTL, now);
    expect(renewed.expiresAt).toEqual(new Date(clock + TTL));
    clock += TTL / 2 + 1; // past the first expiry, inside the renewed one
    expect(await take('replica-b')).toMatchObject({ taken: false, holder: { replica: 'replica-a' } });
  });

  it('release deletes the lease so another replica takes it at once; a stale release does not delete a newer holder', async () => {
    const a = await take('replica-a');
    if (!a.taken) throw new Error('not taken');
    expect(await releaseLease(client, a.lease)).toBe(true);
    expect(git.refs('octo/demo').has('refs/loki/leases/issue-7')).toBe(false);
    const b = await take('replica-b');
    expect(b.taken).toBe(true);
    expect(await releaseLease(client, a.lease)).toBe(false);
    expect((await readLease(client, REF, 'issue-7'))?.holder?.replica).toBe('replica-b');
  });
});
