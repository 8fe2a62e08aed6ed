import type { Gate } from '../verify/gate.js';

/** The change itself: non-empty, with its size recorded. Resolution happens before any gate runs. */
export const diffGate: Gate = {
  id: 'diff',
  async run({ diff }) {
    const { files, additions, deletions } = diff.stats;
    if (files === 0) {
      return { status: 'inconclusive', reason: `empty diff: ${diff.mergeBaseSha.slice(0, 12)}..${diff.headSha.slice(0, 12)} changes nothing`, command: `git diff ${diff.mergeBaseSha.slice(0, 12)} ${diff.headSha.slice(0, 12)}`, exitCode: 0, counts: { files: 0 } };
    }
    return {
      status: 'pass',
      reason: `${files} file${files === 1 ? '' : 's'} changed, +${additions} −${deletions}`,
      command: `git diff ${diff.mergeBaseSha.slice(0, 12)} ${diff.headSha.slice(0, 12)}`,
      exitCode: 0,
      counts: { files },
    };
  },
};
