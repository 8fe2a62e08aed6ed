import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../gates/config/load-config.js';
import { publishedNames } from '../../gates/core/published-names.js';
import { loadTemplate } from '../../gates/core/templates.js';
import { startGitHubStandIn, type GitHubStandIn } from '../support/github-stand-in.js';
import { loopbackOnly } from '../support/loopback-only.js';
import { runCli, runCliAsync } from '../support/run-cli.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';

const NO_TOKEN = { GITHUB_TOKEN: '', GH_TOKEN: '', GITHUB_API_URL: '' };
let repo: TempRepo;
const dirs: string[] = [];
beforeEach(() => {
  repo = createTempRepo({ 'README.md': '# widgets\n', 'src/index.js': 'export {};\n' });
});
afterEach(() => {
  repo.remove();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const DEFAULT_TARGETS = ['.github/loki.yml', '.github/workflows/loki-verify.yml', '.github/ISSUE_TEMPLATE/loki-build.yml'];

describe('loki init', () => {
  it('from a subfolder: writes at the git root the config, the verify workflow and the issue form (no build workflow), and ignores .loki/', () => {
    const run = runCli(['init', '--json'], { cwd: join(repo.dir, 'src'), env: NO_TOKEN });
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ root: repo.dir, verify_with: 'action', written: DEFAULT_TARGETS, kept: [], skipped: [], gitignore: 'added' });
    for (const target of DEFAULT_TARGETS) expect(existsSync(join(repo.dir, target))).toBe(true);
    expect(existsSync(join(repo.dir, 'src', '.github'))).toBe(false);
    expect(existsSync(join(repo.dir, '.github/workflows/loki-build.yml'))).toBe(false);
    const workflow = readFileSync(join(repo.dir, '.github/workflows/loki-verify.yml'), 'utf8');
    expect(workflow).toBe(loadTemplate('workflows/loki-verify.yml').replace('{{loki_action}}', publishedNames().action));
    expect(workflow).not.toContain('{{loki_');
    const form = load(readFileSync(join(repo.dir, '.github/ISSUE_TEMPLATE/loki-build.yml'), 'utf8')) as { labels: string[]; body: Array<{ type: string }> };
    expect(form.labels).toEqual(['loki:build']);
    expect(form.body.filter((b) => b.type === 'textarea').length).toBeGreaterThanOrEqual(2);
    expect(readFileSync(join(repo.dir, '.gitignore'), 'utf8')).toContain('\n.loki/\n');
    // git agrees: evidence under .loki/ is ignored.
    repo.write({ '.loki/verify/evidence.json': '{}' });
    expect(repo.git('status', '--porcelain', '--untracked-files=all')).not.toContain('.loki/');
  });

  it('never sets up two Loki Verify checks: with the Action (default) the config turns App verification off, and says which', () => {
    const run = runCli(['init'], { cwd: repo.dir, env: NO_TOKEN });
    const config = parseConfig(readFileSync(join(repo.dir, '.github/loki.yml'), 'utf8'));
    expect(config.app.verify_pull_requests).toBe(false);
    expect(config.app.trigger_label).toBe('loki:build');
    expect(run.stderr).toContain('Loki Verify: from the Action (the workflow); the App does not verify pull requests (app.verify_pull_requests: false)');
  });

  it('--verify-with app: no verify workflow, the App verifies (the default config)', () => {
    const run = runCli(['init', '--verify-with', 'app', '--json'], { cwd: repo.dir, env: NO_TOKEN });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).written).toEqual(['.github/loki.yml', '.github/ISSUE_TEMPLATE/loki-build.yml']);
    expect(existsSync(join(repo.dir, '.github/workflows/loki-verify.yml'))).toBe(false);
    expect(readFileSync(join(repo.dir, '.github/loki.yml'), 'utf8')).toBe(loadTemplate('config/loki.yml'));
    expect(parseConfig(loadTemplate('config/loki.yml')).app.verify_pull_requests).toBe(true);
    expect(run.stderr).toContain('Loki Verify: from the App (app.verify_pull_requests: true); no verify workflow');
  });

  it('a kept config where the App verifies: the verify workflow is not written, and why; an existing workflow with --verify-with app is named', () => {
    repo.write({ '.github/loki.yml': 'app: { verify_pull_requests: true }\n' });
    const run = runCli(['init', '--json'], { cwd: repo.dir, env: NO_TOKEN });
    expect(run.code).toBe(1);
    expect(existsSync(join(repo.dir, '.github/workflows/loki-verify.yml'))).toBe(false);
    expect(run.stderr).toMatch(/not \.github\/workflows\/loki-verify\.yml: \.github\/loki\.yml \(kept\) has app\.verify_pull_requests: true/);

    const other = createTempRepo();
    dirs.push(other.dir);
    other.write({ '.github/workflows/loki-verify.yml': 'name: mine\n' });
    const app = runCli(['init', '--verify-with', 'app'], { cwd: other.dir, env: NO_TOKEN });
    expect(app.code).toBe(1);
    expect(app.stderr).toContain('not .github/workflows/loki-verify.yml: it exists and makes a Loki Verify check too');
  });

  it('--runners adds the build workflow for the runners repository', () => {
    const run = runCli(['init', '--runners', '--json'], { cwd: repo.dir, env: NO_TOKEN });
    expect(JSON.parse(run.stdout).written).toContain('.github/workflows/loki-build.yml');
    const workflow = readFileSync(join(repo.dir, '.github/workflows/loki-build.yml'), 'utf8');
    expect(workflow).toBe(loadTemplate('workflows/loki-build.yml').replace('{{loki_image}}', publishedNames().image));
    expect(workflow).not.toContain('{{loki_');
  });

  it('refuses outside a git repository and writes nothing', () => {
    const outside = mkdtempSync(join(tmpdir(), 'loki-init-outside-'));
    dirs.push(outside);
    const run = runCli(['init'], { cwd: outside, env: { ...NO_TOKEN, GIT_CEILING_DIRECTORIES: tmpdir() } });
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(`loki: ${outside} is not inside a git repository, so there is nowhere to set Loki up\nFix: run loki init inside your repository (or \`git init\` first)\n`);
    expect(existsSync(join(outside, '.github'))).toBe(false);
    expect(existsSync(join(outside, '.gitignore'))).toBe(false);
  });

  it('keeps existing files without --force, keeps .gitignore lines, and adds .loki/ once', () => {
    repo.commit('ignore', { '.gitignore': 'node_modules' });
    repo.write({ '.github/loki.yml': 'provider: { name: codex }\napp: { verify_pull_requests: false }\n' });
    const run = runCli(['init'], { cwd: repo.dir, env: NO_TOKEN });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('kept .github/loki.yml (it exists; --force overwrites it)');
    expect(readFileSync(join(repo.dir, '.github/loki.yml'), 'utf8')).toBe('provider: { name: codex }\napp: { verify_pull_requests: false }\n');
    expect(existsSync(join(repo.dir, '.github/workflows/loki-verify.yml'))).toBe(true);
    const again = runCli(['init', '--force', '--dir', join(repo.dir, 'src')], { cwd: tmpdir(), env: NO_TOKEN });
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('.gitignore already has .loki/');
    expect(readFileSync(join(repo.dir, '.gitignore'), 'utf8')).toBe("node_modules\n# Loki's evidence and local state (loki init)\n.loki/\n");
  });

  it('without a token: says how to create the label', () => {
    repo.git('remote', 'add', 'origin', 'https://github.com/octo-org/widgets.git');
    const run = runCli(['init', '--json'], { cwd: repo.dir, env: NO_TOKEN });
    expect(JSON.parse(run.stdout).label).toMatchObject({ name: 'loki:build', status: 'no-token' });
    expect(run.stderr).toContain("label loki:build: no GITHUB_TOKEN or GH_TOKEN, so the label was not created: run `gh label create 'loki:build' --color 5319e7");
  });

  it('names the problem and the fix for a missing folder and a bad --verify-with', () => {
    expect(runCli(['init', '--dir', join(repo.dir, 'nope')], { cwd: tmpdir() }).stderr).toMatch(/does not exist\nFix: pass --dir/);
    const bad = runCli(['init', '--verify-with', 'both'], { cwd: repo.dir });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('--verify-with must be action or app, got "both"');
  });
});

describe('loki init creates the loki:build label through the GitHub API', () => {
  let gh: GitHubStandIn;
  loopbackOnly();
  beforeEach(async () => {
    gh = await startGitHubStandIn();
    repo.git('remote', 'add', 'origin', 'git@github.com:octo-org/widgets.git');
  });
  afterEach(() => gh.close());

  it('creates it with a token; an existing label is fine', async () => {
    gh.on('POST', '/repos/octo-org/widgets/labels', { status: 201, body: { id: 1, name: 'loki:build' } });
    const env = { GITHUB_TOKEN: 'ghp_test', GH_TOKEN: '', GITHUB_API_URL: gh.url };
    const run = await runCliAsync(['init', '--json'], repo.dir, env);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).label).toEqual({ name: 'loki:build', status: 'created', detail: 'octo-org/widgets' });
    const [request] = gh.find('POST', '/repos/octo-org/widgets/labels');
    expect(request?.body).toMatchObject({ name: 'loki:build', color: '5319e7' });
    expect(request?.headers.authorization).toBe('token ghp_test');

    gh.on('POST', '/repos/octo-org/widgets/labels', { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }] } });
    const again = await runCliAsync(['init', '--force', '--json'], repo.dir, env);
    expect(JSON.parse(again.stdout).label.status).toBe('exists');
    expect(again.stderr).toContain('the label loki:build exists in octo-org/widgets');
  });

  it('a token without issues: write: exit 1, the permission named, and the gh command', async () => {
    gh.on('POST', '/repos/octo-org/widgets/labels', { status: 403, body: { message: 'Resource not accessible by integration' } });
    const run = await runCliAsync(['init'], repo.dir, { GITHUB_TOKEN: 'ghp_test', GITHUB_API_URL: gh.url });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/label loki:build: could not create the label loki:build: HTTP 403.*`issues: write`.*gh label create/);
  });
});
