import { createHash } from 'node:crypto';
import { CHECK_NAMES } from '../github/check-run.js';
import { listAnnotations, listCommitCheckRuns, readJobLog, type CommitCheckRun } from '../github/check-failures.js';
import type { GitHubClient } from '../github/client.js';
import type { RepoRef } from '../github/repo-ref.js';
import type { FollowUpFailure } from '../runner/job/schema.js';
import { trimJobLog } from './trim-job-log.js';

export interface CiFailures {
  failures: FollowUpFailure[];
  /** The same failing checks with the same messages have the same signature (numbers and ids aside). */
  signature: string;
}

const FAILED = new Set(['failure', 'timed_out', 'startup_failure']);
const OWN_NAMES: ReadonlySet<string> = new Set(Object.values(CHECK_NAMES));
const MAX_RUNS = 10;
const MAX_ANNOTATIONS = 50;

/**
 * The failing check runs of a commit that are not Loki's own (neither made by this App nor named
 * like its checks), each with its output, annotations and, for GitHub Actions jobs, the failing
 * part of the job log.
 */
export async function readCiFailures(gh: GitHubClient, ref: RepoRef, sha: string, botLogin: string): Promise<CiFailures> {
  const slug = botLogin.replace(/\[bot\]$/, '').toLowerCase();
  const failing = (await listCommitCheckRuns(gh, ref, sha)).filter((r) => isExternalFailure(r, slug)).slice(0, MAX_RUNS);
  const failures: FollowUpFailure[] = [];
  const marks: string[] = [];
  for (const run of failing) {
    const annotations = (await listAnnotations(gh, ref, run.id).catch(() => [])).slice(0, MAX_ANNOTATIONS);
    const lines = annotations.map((a) => `${a.annotation_level ?? 'failure'}${a.path ? ` ${a.path}${a.start_line ? `:${a.start_line}` : ''}` : ''}: ${[a.title, a.message].filter(Boolean).join(' — ')}`);
    const output = [run.output?.title, run.output?.summary, run.output?.text, lines.length ? `Annotations:\n${lines.join('\n')}` : ''].filter(Boolean).join('\n\n') || `the check ended ${run.conclusion ?? 'failed'} with no output`;
    // For a GitHub Actions job the check run id is the job id.
    const log = run.app?.slug === 'github-actions' ? trimJobLog(await readJobLog(gh, ref, run.id).catch(() => '')) : '';
    failures.push({ name: run.name, url: run.html_url ?? '', output, ...(log ? { log } : {}) });
    marks.push(`${run.name}\n${annotations.map((a) => `${a.path ?? ''}:${a.message ?? ''}`).sort().join('\n')}\n${firstErrorLine(log)}`);
  }
  const signature = createHash('sha256').update(marks.sort().join('\n\0').replace(/\d+/g, '#')).digest('hex').slice(0, 16);
  return { failures, signature };
}

function isExternalFailure(run: CommitCheckRun, slug: string): boolean {
  return run.status === 'completed' && FAILED.has(run.conclusion ?? '') && !OWN_NAMES.has(run.name) && (run.app?.slug ?? '').toLowerCase() !== slug;
}

function firstErrorLine(log: string): string {
  return log.split('\n').find((l) => l.includes('##[error]')) ?? '';
}
