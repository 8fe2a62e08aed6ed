import { readFile } from 'node:fs/promises';
import { LokiError } from '../core/errors.js';
import { dirtyPaths, resolveCommit } from '../git/git.js';
import { EvidenceSchema, type Evidence } from './schema.js';

export interface EvidenceCheck {
  fresh: boolean;
  evidence: Evidence;
  problems: string[];
}

/**
 * `loki verify --check FILE`: is this evidence about the code as it is now? It must parse, name
 * the current HEAD, and the working tree must be clean (uncommitted edits were never checked).
 */
export async function checkEvidence(file: string, cwd: string): Promise<EvidenceCheck> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new LokiError('EVIDENCE_INVALID', `cannot read evidence from ${file}: ${(error as Error).message}`, {
      fix: 'pass the evidence.json written by `loki verify` (default .loki/verify/evidence.json)',
    });
  }
  const parsed = EvidenceSchema.safeParse(raw);
  if (!parsed.success) {
    throw new LokiError('EVIDENCE_INVALID', `${file} is not Loki evidence: ${parsed.error.issues[0]?.message ?? 'schema mismatch'}`, {
      fix: 're-run `loki verify` to produce fresh evidence',
    });
  }
  const evidence = parsed.data;
  const problems: string[] = [];
  const head = await resolveCommit(cwd, 'HEAD');
  if (evidence.subject.head_sha !== head) {
    problems.push(`evidence is for ${evidence.subject.head_sha?.slice(0, 12) ?? 'no commit'}, HEAD is ${head?.slice(0, 12) ?? 'unborn'}`);
  }
  // Evidence from a clean worktree of the commit is about the commit, whatever the checkout held then.
  if (evidence.dirty && evidence.tree?.checked_out !== 'clean-worktree') problems.push('the working tree had uncommitted changes when the evidence was produced');
  const dirty = await dirtyPaths(cwd);
  if (dirty.length > 0) problems.push(`the working tree has uncommitted changes now (${dirty.slice(0, 3).join(', ')}${dirty.length > 3 ? ', …' : ''})`);
  return { fresh: problems.length === 0, evidence, problems };
}
