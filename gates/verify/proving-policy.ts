import type { LokiConfig } from '../config/schema.js';
import { git } from '../git/git.js';
import { declaredChangeKind, type DeclaringSpec } from '../spec/declared-change-kind.js';
import type { ProvingTestPolicy } from './gate.js';

/** What a change says about itself, and whose words they are ("the pull request's"). */
export interface ChangeDescription extends DeclaringSpec {
  whose: string;
}

/**
 * The proving-test policy of a verify run: required when `verify.require_proving_test` says so,
 * and the change's own declaration (a refactor or docs-only) read from its description.
 */
export function verifyProvingPolicy(config: LokiConfig, described: ChangeDescription | undefined): ProvingTestPolicy {
  const declared = described ? declaredChangeKind(described, described.whose) : undefined;
  return { required: config.verify.require_proving_test, ...(declared ? { declared } : {}) };
}

/** What the change says about itself: the pull request's title, body and labels where there is one, else the head commit's message. */
export async function describeChange(cwd: string, headSha: string, change: ChangeDescription | undefined): Promise<ChangeDescription | undefined> {
  if (change) return change;
  const message = await git(cwd, ['log', '-1', '--format=%B', headSha]).catch(() => undefined);
  if (message === undefined) return undefined;
  const [title = '', ...body] = message.split('\n');
  return { whose: "the head commit's", title, text: body.join('\n') };
}
