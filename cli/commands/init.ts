import { existsSync, readFileSync } from 'node:fs';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseConfig } from '../../gates/config/load-config.js';
import { LokiError, toLokiError } from '../../gates/core/errors.js';
import { publishedNames } from '../../gates/core/published-names.js';
import { loadTemplate, renderTemplate } from '../../gates/core/templates.js';
import { repoRoot } from '../../gates/git/git.js';
import { createGitHubClient } from '../../github/client.js';
import { ensureLabel } from '../../github/issues.js';
import { originRepo } from '../../runner/job/create-build-job.js';
import { parseOptions } from '../parse-options.js';

const HELP = `Usage: loki init [--verify-with action|app] [--runners] [--force] [--dir DIR] [--json]

Sets Loki up in the git repository holding the current folder (or DIR), at its root:
  .github/loki.yml                       the configuration, with every default shown
  .github/workflows/loki-verify.yml      Loki Verify on every pull request, from the Action (--verify-with action)
  .github/ISSUE_TEMPLATE/loki-build.yml  an issue form for build requests
  .gitignore                             gets .loki/ (evidence and local state)
and creates the loki:build label on GitHub when GITHUB_TOKEN (or GH_TOKEN) is set.

  --verify-with action   (default) the Action makes the Loki Verify check; the App does not verify pull requests
  --verify-with app      the installed App makes the Loki Verify check; no verify workflow is written
                         Only one of them: both would make two checks named "Loki Verify".
  --runners              also write .github/workflows/loki-build.yml, for the repository whose self-hosted
                         runners run builds (LOKI_DISPATCHER=actions, LOKI_ACTIONS_REPO)
An existing file is left alone unless --force is given.
Exit codes: 0 all done, 1 something was kept or not done (said why), 3 error.
`;

const CONFIG = '.github/loki.yml';
const VERIFY_WORKFLOW = '.github/workflows/loki-verify.yml';
const BUILD_WORKFLOW = '.github/workflows/loki-build.yml';
const ISSUE_FORM = '.github/ISSUE_TEMPLATE/loki-build.yml';
const APP_VERIFIES = 'verify_pull_requests: true                # a Loki Verify check run on every pull request';
const ACTION_VERIFIES = 'verify_pull_requests: false               # Loki Verify comes from the Action (.github/workflows/loki-verify.yml); true lets the App make it instead — only one: both make a check named "Loki Verify"';
const LABEL = { color: '5319e7', description: 'Loki builds this issue and opens a pull request with the evidence' };

type VerifyWith = 'action' | 'app';

interface Outcome {
  root: string;
  verify_with: VerifyWith;
  written: string[];
  kept: string[];
  /** Files not written, with why (a second Loki Verify check would have appeared). */
  skipped: Array<{ file: string; reason: string }>;
  gitignore: 'added' | 'present';
  label: { name: string; status: 'created' | 'exists' | 'no-token' | 'no-github-remote' | 'failed'; detail: string };
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseOptions('init', argv, {
    force: { type: 'boolean' },
    dir: { type: 'string' },
    json: { type: 'boolean' },
    runners: { type: 'boolean' },
    'verify-with': { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const verifyWith = values['verify-with'] ?? 'action';
  if (verifyWith !== 'action' && verifyWith !== 'app') {
    throw new LokiError('USAGE', `--verify-with must be action or app, got "${verifyWith}"`, { fix: 'pass --verify-with action (the Action makes Loki Verify) or --verify-with app (the installed App does)' });
  }
  const start = resolve(values.dir ?? '.');
  if (!existsSync(start)) throw new LokiError('USAGE', `the folder ${start} does not exist`, { fix: 'pass --dir with a folder inside your repository' });
  const root = await repoRoot(start).catch((error: unknown) => {
    throw new LokiError('NOT_A_GIT_REPO', `${start} is not inside a git repository, so there is nowhere to set Loki up`, {
      fix: 'run loki init inside your repository (or `git init` first)',
      cause: error,
    });
  });

  const outcome: Outcome = { root, verify_with: verifyWith, written: [], kept: [], skipped: [], gitignore: 'present', label: { name: 'loki:build', status: 'no-token', detail: '' } };
  const place = async (target: string, text: string) => {
    const path = join(root, target);
    if (existsSync(path) && !values.force) return void outcome.kept.push(target);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
    outcome.written.push(target);
  };

  // The config says whether the App verifies pull requests; a kept config decides for itself.
  const configPath = join(root, CONFIG);
  const keptConfig = existsSync(configPath) && !values.force ? readKeptConfig(configPath) : undefined;
  await place(CONFIG, verifyWith === 'action' ? actionVerifiesConfig() : loadTemplate('config/loki.yml'));
  const appVerifies = keptConfig ? keptConfig.app.verify_pull_requests : verifyWith === 'app';
  if (keptConfig) outcome.label.name = keptConfig.app.trigger_label;

  if (verifyWith === 'action' && appVerifies) {
    outcome.skipped.push({ file: VERIFY_WORKFLOW, reason: `${CONFIG} (kept) has app.verify_pull_requests: true, so the App makes Loki Verify; the workflow would add a second check of that name. Set it to false and run loki init again, or pass --verify-with app` });
  } else if (verifyWith === 'action') {
    await place(VERIFY_WORKFLOW, renderTemplate(loadTemplate('workflows/loki-verify.yml'), { loki_action: publishedNames().action }));
  } else if (existsSync(join(root, VERIFY_WORKFLOW))) {
    outcome.skipped.push({ file: VERIFY_WORKFLOW, reason: `it exists and makes a Loki Verify check too, beside the App's: delete it (the App verifies pull requests now)${appVerifies ? '' : `, and set app.verify_pull_requests: true in ${CONFIG}`}` });
  } else if (!appVerifies) {
    outcome.skipped.push({ file: CONFIG, reason: `${CONFIG} (kept) has app.verify_pull_requests: false: set it to true for the App to verify pull requests` });
  }
  await place(ISSUE_FORM, loadTemplate('issue-forms/loki-build.yml'));
  if (values.runners) await place(BUILD_WORKFLOW, renderTemplate(loadTemplate('workflows/loki-build.yml'), { loki_image: publishedNames().image }));
  outcome.gitignore = await ignoreLokiFolder(root);
  outcome.label = await createLabel(root, outcome.label.name);

  report(outcome, Boolean(values.json));
  const incomplete = outcome.kept.length > 0 || outcome.skipped.length > 0 || outcome.label.status === 'failed';
  return incomplete ? 1 : 0;
}

function actionVerifiesConfig(): string {
  const template = loadTemplate('config/loki.yml');
  if (!template.includes(APP_VERIFIES)) throw new LokiError('INTERNAL', 'templates/config/loki.yml has no app.verify_pull_requests line to set', { fix: 'this is a bug in Loki; please report it' });
  return template.replace(APP_VERIFIES, ACTION_VERIFIES);
}

function readKeptConfig(path: string) {
  try {
    return parseConfig(readFileSync(path, 'utf8'), path);
  } catch (error) {
    throw new LokiError('CONFIG_INVALID', `the existing ${CONFIG} is not valid, so loki init cannot tell whether the App verifies pull requests: ${toLokiError(error).message}`, {
      fix: `fix ${CONFIG} (or pass --force to replace it with the default)`,
    });
  }
}

/** `.loki/` (evidence, spec and local state) never belongs in the repository. */
async function ignoreLokiFolder(root: string): Promise<'added' | 'present'> {
  const path = join(root, '.gitignore');
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  if (text.split('\n').some((line) => /^\/?\.loki\/?\s*$/.test(line))) return 'present';
  await appendFile(path, `${text === '' || text.endsWith('\n') ? '' : '\n'}# Loki's evidence and local state (loki init)\n.loki/\n`);
  return 'added';
}

async function createLabel(root: string, name: string): Promise<Outcome['label']> {
  const how = `gh label create '${name}' --color ${LABEL.color} --description '${LABEL.description}'`;
  const origin = await originRepo(root, process.env);
  if (!origin) return { name, status: 'no-github-remote', detail: `no GitHub remote named origin: once there is one, create the label (the issue form uses it): ${how}` };
  const token = process.env.GITHUB_TOKEN || process.env.GH_TOKEN;
  if (!token) return { name, status: 'no-token', detail: `no GITHUB_TOKEN or GH_TOKEN, so the label was not created: run \`${how}\`, or set GITHUB_TOKEN (a token with issues: write) and run loki init again` };
  const ref = { owner: origin.owner, repo: origin.name };
  try {
    const gh = createGitHubClient({ token, baseUrl: origin.api_url, retries: 0 });
    const status = await ensureLabel(gh, ref, { name, ...LABEL });
    return { name, status, detail: `${origin.owner}/${origin.name}` };
  } catch (error) {
    const problem = toLokiError(error);
    return { name, status: 'failed', detail: `${problem.message}${problem.fix ? ` (${problem.fix})` : ''}; or run \`${how}\`` };
  }
}

function report(outcome: Outcome, json: boolean): void {
  if (json) process.stdout.write(`${JSON.stringify(outcome)}\n`);
  const line = (text: string) => process.stderr.write(`${text}\n`);
  line(`Loki in ${outcome.root}`);
  for (const target of outcome.written) line(`wrote ${target}`);
  for (const target of outcome.kept) line(`kept ${target} (it exists; --force overwrites it)`);
  for (const { file, reason } of outcome.skipped) line(`not ${file}: ${reason}`);
  line(outcome.gitignore === 'added' ? 'added .loki/ to .gitignore' : '.gitignore already has .loki/');
  line(outcome.verify_with === 'action'
    ? 'Loki Verify: from the Action (the workflow); the App does not verify pull requests (app.verify_pull_requests: false)'
    : 'Loki Verify: from the App (app.verify_pull_requests: true); no verify workflow');
  const label = outcome.label;
  if (label.status === 'created') line(`created the label ${label.name} in ${label.detail}`);
  else if (label.status === 'exists') line(`the label ${label.name} exists in ${label.detail}`);
  else line(`label ${label.name}: ${label.detail}`);
  if (outcome.written.length > 0) line('Next: commit these files, install the Loki App on the repository, and label an issue loki:build.');
}
