import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../gates/core/package-root.js';
import { runCommand } from '../../gates/core/run-command.js';

const root = packageRoot();
const out = mkdtempSync(join(tmpdir(), 'loki-action-bundle-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the committed Action bundle', () => {
  it('is what the sources build to (rebuild with `node scripts/build.mjs --action` and commit dist/action.js)', async () => {
    const build = await runCommand(process.execPath, [join(root, 'scripts/build.mjs'), '--action', '--outdir', out], { cwd: root, timeoutMs: 120_000 });
    expect(build.exitCode, build.log).toBe(0);
    const fresh = readFileSync(join(out, 'action.js'), 'utf8');
    const committed = readFileSync(join(root, 'dist/action.js'), 'utf8');
    // A plain boolean first: a 1.5 MB string diff would drown the message.
    expect(fresh === committed, 'dist/action.js is stale: run `node scripts/build.mjs --action` and commit dist/action.js').toBe(true);
  });

  it('is what action.yml runs, on node24, and loads on the Node running this test (20 or newer)', async () => {
    const action = load(readFileSync(join(root, 'action.yml'), 'utf8')) as { runs: { using: string; main: string }; outputs: Record<string, unknown>; inputs: Record<string, { default?: string }> };
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/action.js' });
    expect(Object.keys(action.outputs).sort()).toEqual(['evidence-path', 'exit-code', 'sarif-path', 'verdict']);
    expect(action.inputs.token?.default).toBe('${{ github.token }}');
    expect(action.inputs['fail-on']?.default).toBe('BLOCKED');
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(20);
    // Outside a runner (no event, no repository) the bundle must still end cleanly with ERROR and the fix.
    const result = await runCommand(process.execPath, [join(root, 'dist/action.js')], { cwd: out, env: { PATH: process.env.PATH }, replaceEnv: true, timeoutMs: 30_000 });
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toMatch(/::error::Loki Verify: ERROR — cannot tell which repository this is.*%0AFix: run the action inside a GitHub Actions job/);
  });
});

describe('the workflow users copy', () => {
  it('checks out full history with the permissions it needs and uploads SARIF with a category even when the step fails', () => {
    const workflow = load(readFileSync(join(root, 'templates/workflows/loki-verify.yml'), 'utf8')) as {
      on: Record<string, unknown>;
      permissions: Record<string, string>;
      jobs: { verify: { steps: Array<{ uses?: string; with?: Record<string, unknown>; if?: string; id?: string }> } };
    };
    expect(workflow.on).toHaveProperty('pull_request');
    expect(workflow.permissions).toEqual({ checks: 'write', contents: 'read', 'pull-requests': 'read', 'security-events': 'write' });
    const steps = workflow.jobs.verify.steps;
    expect(steps.find((s) => s.uses?.startsWith('actions/checkout@'))?.with).toMatchObject({ 'fetch-depth': 0 });
    const loki = steps.find((s) => s.uses === '{{loki_action}}');
    expect(loki?.id).toBe('loki');
    const sarif = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(sarif?.if).toMatch(/^always\(\)/);
    expect(sarif?.with).toMatchObject({ sarif_file: '${{ steps.loki.outputs.sarif-path }}', category: 'loki-verify' });
  });
});
