import { z } from 'zod';
import { LokiError } from '../gates/core/errors.js';
import { httpStatusOf, type GitHubClient } from './client.js';
import type { RepoRef } from './repo-ref.js';
import { ask, requestFailed } from './request-failed.js';

/**
 * A lease on one job (an issue's build, a pull request's verification), held in GitHub so that
 * several App replicas, or one restarted, agree on who runs it with no database.
 *
 * The lease is the ref `refs/loki/leases/<name>`. It points at a commit whose message is the JSON
 * `{replica, expires_at}` (its tree holds the same text as `lease.json`). Every change is a
 * compare-and-set that GitHub does atomically:
 * - take: `POST /git/refs` creates the ref, and answers 422 when it exists;
 * - renew and take-over: `PATCH` the ref with `force: false` to a new commit whose parent is the
 *   lease commit read just before; GitHub answers 422 "not a fast forward" when someone else moved
 *   the ref meanwhile, so of two replicas taking over an expired lease exactly one wins;
 * - release: `DELETE` the ref, once it has been read back as still ours.
 * Expiry is judged by the reader's clock: keep replicas' clocks in sync (NTP) to well under the TTL.
 */
export interface LeaseHolder {
  replica: string;
  expiresAt: Date;
}

export interface Lease extends LeaseHolder {
  ref: RepoRef;
  /** `issue-7`, `pr-12`. */
  name: string;
  /** The lease commit the ref points at. */
  sha: string;
}

export type TakeResult = { taken: true; lease: Lease } | { taken: false; holder: LeaseHolder };

export interface LeaseOptions {
  replica: string;
  ttlMs: number;
  now?: () => number;
  /** A holder known to be gone (a replica on this machine whose process has exited): its lease counts as expired. */
  gone?: (replica: string) => boolean;
}

const CONTENTS: 'contents: write' = 'contents: write';
export const LEASE_NAMESPACE = 'refs/loki/leases/';

const LeaseBodySchema = z.object({ replica: z.string().min(1), expires_at: z.iso.datetime() });
const RefSchema = z.looseObject({ object: z.looseObject({ sha: z.string() }) });
const CommitSchema = z.looseObject({ sha: z.string(), message: z.string() });
const ShaSchema = z.looseObject({ sha: z.string() });

/** The lease name of an issue's build or a pull request's verification. */
export function leaseName(kind: 'issue' | 'pr', number: number): string {
  return `${kind}-${number}`;
}

/**
 * Takes the lease for `options.replica`: created when absent, taken over when expired (or held by
 * this same replica, as after a restart with a fixed replica id). Another replica's live lease is
 * left alone and returned as the holder.
 */
export async function takeLease(gh: GitHubClient, ref: RepoRef, name: string, options: LeaseOptions): Promise<TakeResult> {
  const now = options.now ?? Date.now;
  // Two rounds: the ref can vanish (released) between a failed create and the read that follows.
  for (let round = 0; round < 2; round++) {
    const mine = { replica: options.replica, expiresAt: new Date(now() + options.ttlMs) };
    const current = await readLease(gh, ref, name);
    if (!current) {
      const sha = await leaseCommit(gh, ref, mine, []);
      if (await createRef(gh, ref, name, sha)) return { taken: true, lease: { ref, name, sha, ...mine } };
      continue;
    }
    if (current.holder && liveElsewhere(current.holder, { ...options, now })) return { taken: false, holder: current.holder };
    const sha = await leaseCommit(gh, ref, mine, [current.sha]);
    if (await moveRef(gh, ref, name, sha)) return { taken: true, lease: { ref, name, sha, ...mine } };
  }
  const holder = (await readLease(gh, ref, name))?.holder;
  return { taken: false, holder: holder ?? { replica: 'unknown', expiresAt: new Date(now() + options.ttlMs) } };
}

/** Whether `holder` is another replica whose lease has not expired (nor its process gone). */
export function liveElsewhere(holder: LeaseHolder, viewer: Pick<LeaseOptions, 'replica' | 'now' | 'gone'>): boolean {
  const now = viewer.now ?? Date.now;
  return holder.replica !== viewer.replica && holder.expiresAt.getTime() > now() && !viewer.gone?.(holder.replica);
}

/** Pushes the expiry out by `ttlMs`; a LEASE_LOST error when another replica has taken the lease. */
export async function renewLease(gh: GitHubClient, lease: Lease, ttlMs: number, now: () => number = Date.now): Promise<Lease> {
  const next = { replica: lease.replica, expiresAt: new Date(now() + ttlMs) };
  const sha = await leaseCommit(gh, lease.ref, next, [lease.sha]);
  if (await moveRef(gh, lease.ref, lease.name, sha)) return { ...lease, ...next, sha };
  throw lost(lease);
}

/** Deletes the lease if it is still this one; false when it was gone or another replica's. */
export async function releaseLease(gh: GitHubClient, lease: Lease): Promise<boolean> {
  const current = await readLease(gh, lease.ref, lease.name);
  if (!current || current.sha !== lease.sha) return false;
  return (await refRequest(gh, `release the lease ${lease.name}`, 'DELETE /repos/{owner}/{repo}/git/refs/{ref}', { ...lease.ref, ref: refPath(lease.name) }, [422, 404])) !== undefined;
}

/**
 * The lease as GitHub holds it now: undefined when there is none; `holder` undefined when its
 * commit does not hold a valid lease (written by something else): such a lease counts as expired.
 */
export async function readLease(gh: GitHubClient, ref: RepoRef, name: string): Promise<{ sha: string; holder?: LeaseHolder } | undefined> {
  const answer = await refRequest(gh, `read the lease ${name}`, 'GET /repos/{owner}/{repo}/git/ref/{ref}', { ...ref, ref: refPath(name) }, [404]);
  const parsed = RefSchema.safeParse(answer?.data);
  if (!parsed.success) return undefined;
  const sha = parsed.data.object.sha;
  const commit = await ask(gh, `read the lease commit of ${name}`, 'GET /repos/{owner}/{repo}/git/commits/{commit_sha}', { ...ref, commit_sha: sha }, CommitSchema, CONTENTS);
  const holder = parseLeaseBody(commit.message);
  return holder ? { sha, holder } : { sha };
}

export function parseLeaseBody(text: string): LeaseHolder | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = LeaseBodySchema.safeParse(json);
  return parsed.success ? { replica: parsed.data.replica, expiresAt: new Date(parsed.data.expires_at) } : undefined;
}

async function leaseCommit(gh: GitHubClient, ref: RepoRef, holder: LeaseHolder, parents: string[]): Promise<string> {
  const message = JSON.stringify({ replica: holder.replica, expires_at: holder.expiresAt.toISOString() });
  const tree = await ask(gh, 'write a lease', 'POST /repos/{owner}/{repo}/git/trees', { ...ref, tree: [{ path: 'lease.json', mode: '100644', type: 'blob', content: `${message}\n` }] }, ShaSchema, CONTENTS);
  const commit = await ask(gh, 'write a lease commit', 'POST /repos/{owner}/{repo}/git/commits', { ...ref, message, tree: tree.sha, parents }, ShaSchema, CONTENTS);
  return commit.sha;
}

/** Creates the ref; false when it exists already (GitHub's 422). */
async function createRef(gh: GitHubClient, ref: RepoRef, name: string, sha: string): Promise<boolean> {
  return (await refRequest(gh, `take the lease ${name}`, 'POST /repos/{owner}/{repo}/git/refs', { ...ref, ref: `${LEASE_NAMESPACE}${name}`, sha }, [422])) !== undefined;
}

/** Fast-forwards the ref; false when it moved or vanished meanwhile (GitHub's 422). */
async function moveRef(gh: GitHubClient, ref: RepoRef, name: string, sha: string): Promise<boolean> {
  return (await refRequest(gh, `move the lease ${name}`, 'PATCH /repos/{owner}/{repo}/git/refs/{ref}', { ...ref, ref: refPath(name), sha, force: false }, [422])) !== undefined;
}

/**
 * One request on a lease ref whose refusal with one of `refusals` (the ref exists, moved, is
 * gone) is an answer, not a failure: undefined then. Anything else fails with the fix.
 */
async function refRequest(gh: GitHubClient, what: string, route: string, parameters: Record<string, unknown>, refusals: readonly number[]): Promise<{ data: unknown } | undefined> {
  try {
    return await gh.request(route, parameters);
  } catch (error) {
    const status = httpStatusOf(error);
    if (status !== undefined && refusals.includes(status)) return undefined;
    throw requestFailed(error, what, CONTENTS);
  }
}

function refPath(name: string): string {
  return `${LEASE_NAMESPACE.slice('refs/'.length)}${name}`;
}

function lost(lease: Lease): LokiError {
  return new LokiError('LEASE_LOST', `the lease ${lease.name} on ${lease.ref.owner}/${lease.ref.repo} was taken by another replica`, {
    fix: 'another App replica runs this job now; if this replica was paused past the lease TTL, raise LOKI_LEASE_TTL_SECONDS',
  });
}
