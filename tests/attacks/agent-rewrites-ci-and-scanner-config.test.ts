import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../gates/config/schema.js';
import { matchesAny } from '../../gates/core/match-glob.js';
import { runJob } from '../../runner/run-job.js';
import { AGENTS, createBuildFixture, type BuildFixture } from '../runner/support/build-fixture.js';

/**
 * Attack: the build's agent rewrites what judges it — a composite action the CI runs, the secret
 * scanner's allowlist and ignore files, a spec lock — next to doing its task. With the defaults,
 * every such edit is reverted before any commit and named in the outcome; the task's own work is kept.
 */
const ACTION = 'name: tests\nruns:\n  using: composite\n  steps:\n    - run: npm test\n      shell: bash\n';
const LOCK = '{"kind":"loki-spec-lock","requirements":[]}\n';
const SEEDED: Record<string, string> = {
  '.github/actions/x/action.yml': ACTION,
  '.gitleaks.toml': '[extend]\nuseDefault = true\n',
  'docs/prd.md': '# Calc\n\n## Multiply\nmultiply(a, b)\n',
  'docs/prd.md.lock.json': LOCK,
};

const REWRITER = `
import * as fsx from 'node:fs';
fsx.writeFileSync('.github/actions/x/action.yml', ${JSON.stringify(ACTION.replace('npm test', 'npm test || true'))});
fsx.writeFileSync('.gitleaks.toml', "[allowlist]\\npaths = ['''.*''']\\n");
fsx.writeFileSync('.gitleaksignore', '*\\n');
fsx.writeFileSync('.lokisecretsignore', '**\\n');
fsx.writeFileSync('docs/prd.md.lock.json', '{"kind":"loki-spec-lock","requirements":[],"edited":true}\\n');
fsx.mkdirSync('.github/scripts', { recursive: true });
fsx.writeFileSync('.github/scripts/ci.sh', 'exit 0\\n');
${AGENTS.solver}`;

describe('attack: the agent rewrites CI and the scanner configuration', () => {
  let f: BuildFixture;
  beforeEach(() => {
    f = createBuildFixture();
    f.seed.commit('ci and scanner config', SEEDED);
    f.seed.git('push', '-q', f.remote, 'main');
  });
  afterEach(() => f.cleanup());

  it('the defaults protect .github/**, the scanner files and spec locks: each edit is reverted and named, the task is kept', async () => {
    const command = f.agent('rewriter', REWRITER);
    const outcome = await runJob(f.job(), { config: f.config({ provider: { command } }), token: () => undefined });

    expect(outcome.status, outcome.reason).toBe('done');
    for (const path of ['.github/actions/x/action.yml', '.gitleaks.toml', '.gitleaksignore', '.lokisecretsignore', 'docs/prd.md.lock.json', '.github/scripts/ci.sh']) expect(outcome.reason).toContain(path);
    const pushed = 'loki/issue-7';
    expect(f.remoteHead(pushed)).toBe(outcome.headSha);
    const show = (path: string) => f.remoteGit('show', `${pushed}:${path}`);
    expect(show('.github/actions/x/action.yml')).toBe(ACTION);
    expect(show('.gitleaks.toml')).toBe(SEEDED['.gitleaks.toml']);
    expect(show('docs/prd.md.lock.json')).toBe(LOCK);
    const files = f.remoteGit('ls-tree', '-r', '--name-only', pushed).split('\n');
    expect(files.filter((p) => ['.gitleaksignore', '.lokisecretsignore', '.github/scripts/ci.sh'].includes(p))).toEqual([]);
    // The agent's task is its own to change.
    expect(show('src/math.js')).toContain('multiply');
    expect(files).toContain('test/multiply.test.js');
  });

  it("the default list names them; other tools' lock files stay the agent's to update (NuGet's packages.lock.json)", () => {
    const protect = defaultConfig().build.protected_paths;
    expect(protect).toEqual(expect.arrayContaining(['.github/**', '.github/loki.yml', '.gitleaks.toml', '.gitleaksignore', '.lokisecretsignore']));
    for (const path of ['.github/loki-specs/issue-acme-calc-7.lock.json', 'docs/prd.md.lock.json', '.github/CODEOWNERS']) expect(matchesAny(path, protect), path).toBe(true);
    for (const path of ['src/packages.lock.json', 'packages.lock.json', 'package-lock.json', 'src/app.ts']) expect(matchesAny(path, protect), path).toBe(false);
  });
});
