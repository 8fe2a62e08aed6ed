import { resolve } from 'node:path';
import { readJobFile } from '../../runner/job/read-job-file.js';
import { captureRunnerToken } from '../../runner/token/capture-runner-token.js';
import { LokiError } from '../../gates/core/errors.js';
import { parseOptions } from '../parse-options.js';
import { runBuild } from '../run-build.js';

const HELP = `Usage: loki run-job --job FILE [--out DIR] [--workdir DIR] [--json]

Runs a dispatched job (build or verify), as a container or an Actions job does.
  --job FILE      the job description (JSON; see runner/job/schema.ts)
  --out DIR       where evidence.json, report.md and results.sarif go
  --workdir DIR   where the repository is cloned (default: a temporary folder)
  --json          print the outcome as one JSON document on stdout

The GitHub token comes from the file named by LOKI_GITHUB_TOKEN_FILE (or LOKI_GITHUB_TOKEN), never
from the job file; no agent ever sees it.
Exit codes: 0 verified and done, 1 stopped unverified, 2 refused or blocked, 3 error, 130 cancelled (143 for SIGTERM).
`;

export async function main(argv: string[]): Promise<number> {
  const { values } = parseOptions('run-job', argv, {
    job: { type: 'string' },
    out: { type: 'string' },
    workdir: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (!values.job) throw new LokiError('USAGE', 'loki run-job needs --job FILE', { fix: 'pass the job file the dispatcher wrote: loki run-job --job job.json' });
  const token = captureRunnerToken();
  const job = await readJobFile(resolve(values.job));
  return runBuild(job, {
    token,
    ...(values.out ? { outDir: resolve(values.out) } : {}),
    ...(values.workdir ? { workdir: resolve(values.workdir) } : {}),
  }, values.json ?? false);
}
