import { loadConfig } from '../../gates/config/load-config.js';
import { ProviderNameSchema } from '../../gates/config/schema.js';
import { LokiError } from '../../gates/core/errors.js';
import { repoRoot } from '../../gates/git/git.js';
import { parseIssueRef } from '../../gates/spec/index.js';
import { captureRunnerToken } from '../../runner/token/capture-runner-token.js';
import { createGitHubClient, DEFAULT_API_URL } from '../../github/client.js';
import { createBuildJob, readSpecSource } from '../../runner/job/create-build-job.js';
import { fetchIssueSpec } from '../../runner/job/fetch-issue-spec.js';
import { allowUnsandboxedFallback } from '../../gates/sandbox/wrap.js';
import { parseOptions, parsePositiveNumber } from '../parse-options.js';
import { runBuild } from '../run-build.js';

const HELP = `Usage: loki build SPEC [--provider P] [--max-iterations N] [--max-minutes M] [--budget-usd X] [--no-push] [--restart] [--json]

Builds SPEC with a coding agent in the git repository in the current folder, on a branch
loki/…, until the gates verify it (Reason → Act → Reflect → Verify).
  SPEC                 a spec file (Markdown, text…) or owner/repo#N (a GitHub issue)
  --provider P         claude (default), codex, aider, cline or command
  --max-iterations N   stop after N iterations (default: build.max_iterations, 8)
  --max-minutes M      stop after M minutes (default: build.max_minutes, 60)
  --budget-usd X       stop when the agent has cost X dollars (default: build.budget_usd, 10)
  --no-push            keep everything local: no push, no pull request, no GitHub at all
  --restart            start over from the base even if the branch loki/… exists (its old head is printed)
  --json               print the outcome as one JSON document on stdout

When the branch loki/… exists, the build resumes it (and says so first): it merges the updated base,
re-verifies the branch head and, when that is VERIFIED, is done without calling the agent. Use
--restart when the work on the branch is wrong or conflicts with the base.
Without --no-push the branch is pushed to origin (and a PR opened when a GitHub token is set:
LOKI_GITHUB_TOKEN_FILE, LOKI_GITHUB_TOKEN, GITHUB_TOKEN or GH_TOKEN).
Exit codes: 0 verified and done, 1 stopped unverified (cap reached or stuck), 2 refused or blocked, 3 error,
130 cancelled (Ctrl-C; 143 for SIGTERM).
`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions('build', argv, {
    provider: { type: 'string' },
    'max-iterations': { type: 'string' },
    'max-minutes': { type: 'string' },
    'budget-usd': { type: 'string' },
    'no-push': { type: 'boolean' },
    restart: { type: 'boolean' },
    json: { type: 'boolean' },
  }, true);
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const [specArg, ...extra] = positionals;
  if (!specArg || extra.length > 0) throw new LokiError('USAGE', 'loki build needs exactly one SPEC', { fix: 'pass a spec file or owner/repo#N, e.g. loki build docs/feature.md' });
  const provider = values.provider === undefined ? undefined : parseProvider(values.provider);
  const maxIterations = parsePositiveNumber('--max-iterations', values['max-iterations']);
  if (maxIterations !== undefined && !Number.isInteger(maxIterations)) throw new LokiError('USAGE', '--max-iterations must be a whole number', { fix: 'pass e.g. --max-iterations 5' });
  const budget = values['budget-usd'] === undefined ? undefined : parseBudget(values['budget-usd']);
  const noPush = values['no-push'] ?? false;

  const cwd = await repoRoot(process.cwd());
  const config = await loadConfig(cwd);
  const token = tokenReader();
  const issue = parseIssueRef(specArg);
  const spec = issue ? await fetchIssueSpec(issueClient(token), issue.owner, issue.repo, issue.number) : await readSpecSource(specArg);
  const job = await createBuildJob({
    cwd, spec, config, noPush, restart: values.restart ?? false,
    ...(issue ? { issue } : {}),
    ...(provider ? { provider } : {}),
    ...(maxIterations ? { maxIterations } : {}),
    ...(values['max-minutes'] ? { maxMinutes: parsePositiveNumber('--max-minutes', values['max-minutes'])! } : {}),
    ...(budget !== undefined ? { budgetUsd: budget } : {}),
  });

  // Your own checkout: without bubblewrap, the agent and project commands may run unsandboxed, with a warning.
  allowUnsandboxedFallback((m) => process.stderr.write(`warning: ${m}\n`));
  return runBuild(job, { inPlace: true, workdir: cwd, config, token: noPush ? () => undefined : token }, values.json ?? false);
}

function parseProvider(value: string) {
  const parsed = ProviderNameSchema.safeParse(value);
  if (!parsed.success) throw new LokiError('USAGE', `unknown provider "${value}"`, { fix: 'pass one of: claude, codex, aider, cline, command' });
  return parsed.data;
}

function parseBudget(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new LokiError('USAGE', `--budget-usd must be a number of dollars, got "${value}"`, { fix: 'pass e.g. --budget-usd 5' });
  return n;
}

/**
 * For a local build a developer's usual GitHub token works too. All of them leave process.env:
 * the gates run code the agent wrote, and it must not find a token there.
 */
function tokenReader(): () => string | undefined {
  const runner = captureRunnerToken();
  const fallback = process.env.GITHUB_TOKEN ?? process.env.GH_TOKEN;
  delete process.env.GITHUB_TOKEN;
  delete process.env.GH_TOKEN;
  return () => runner() ?? fallback;
}

function issueClient(token: () => string | undefined) {
  if (!token()) {
    throw new LokiError('USAGE', 'reading a GitHub issue as the spec needs a GitHub token', {
      fix: 'set GITHUB_TOKEN (or LOKI_GITHUB_TOKEN) to a token that can read the repository, or pass a spec file instead',
    });
  }
  return createGitHubClient({ token, baseUrl: process.env.GITHUB_API_URL ?? DEFAULT_API_URL });
}
