import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GrillFindingSchema } from '../../gates/spec/grill-schema.js';
import { runCli } from '../support/run-cli.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';

const GOOD = '# Notes\n\n## Editing\nA member edits a note; invalid input shows an error within 200 ms.\n\n## Roles\n- Member: anyone in the team.\n\n## Acceptance criteria\n- [ ] an edited note is saved\n';
const GAPPY = '# Notes\n\n## Editing\nEditing must be fast. Storage: TBD.\n';

let repo: TempRepo | undefined;
let dir: string | undefined;
afterEach(() => {
  repo?.remove();
  repo = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function specRepo(files: Record<string, string>): TempRepo {
  repo = createTempRepo(files);
  return repo;
}

const noProvider = { LOKI_PROVIDER: '' };

describe('loki grill', () => {
  it('exits 0 with "No blocking gaps" for a complete spec', () => {
    const r = specRepo({ 'prd.md': GOOD });
    const run = runCli(['grill', 'prd.md'], { cwd: r.dir, env: noProvider });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('## Loki grill — Notes');
    expect(run.stdout).toContain('**No blocking gaps.**');
  });

  it('exits 1 on blocking gaps and prints one JSON document with --json', () => {
    const r = specRepo({ 'prd.md': GAPPY });
    const run = runCli(['grill', 'prd.md', '--json'], { cwd: r.dir, env: noProvider });
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout);
    expect(doc).toMatchObject({ provider: null, block_on: ['critical', 'high'], exit_code: 1, spec: { title: 'Notes', ref: 'prd.md', format: 'markdown' } });
    for (const f of doc.findings) GrillFindingSchema.parse(f);
    expect(doc.findings.map((f: { rule: string }) => f.rule)).toEqual(expect.arrayContaining(['no-acceptance-criteria', 'tbd', 'vague-term', 'unmeasured-performance', 'no-error-cases']));
    expect(doc.blocking).toBe(2);
  });

  it('takes the blocking threshold from spec.grill_block_on in the config', () => {
    const r = specRepo({ 'prd.md': GAPPY, '.github/loki.yml': 'spec:\n  grill_block_on: [critical]\n' });
    expect(runCli(['grill', 'prd.md'], { cwd: r.dir, env: noProvider }).code).toBe(0);
    const strict = specRepo({ 'prd.md': GOOD.replace('within 200 ms', 'quickly'), '.github/loki.yml': 'spec:\n  grill_block_on: [medium]\n' });
    expect(runCli(['grill', 'prd.md'], { cwd: strict.dir, env: noProvider }).code).toBe(1);
  });

  it('adds the provider’s questions when one is chosen (command provider, scripted agent)', () => {
    const r = specRepo({ 'prd.md': GOOD });
    dir = mkdtempSync(join(tmpdir(), 'loki-grill-cli-'));
    const script = join(dir, 'agent.mjs');
    writeFileSync(script, "console.log(JSON.stringify({ questions: [{ question: 'May members delete notes?', category: 'scope', severity: 'high', requirement_id: 'editing' }] }));\n");
    // The agent script lives in `dir`: shown read-only to the sandbox, as an operator's wrapper would be.
    const env = { LOKI_PROVIDER: '', LOKI_AGENT_COMMAND: `node ${script}`, LOKI_SANDBOX_READ_ONLY: `${dir}:${process.env.LOKI_SANDBOX_READ_ONLY ?? ''}` };
    const json = runCli(['grill', 'prd.md', '--provider', 'command', '--json'], { cwd: r.dir, env });
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.stdout);
    expect(doc.provider).toBe('command');
    expect(doc.findings).toEqual([expect.objectContaining({ source: 'provider', requirement_id: 'editing', severity: 'high' })]);
    const human = runCli(['grill', 'prd.md'], { cwd: r.dir, env: { ...env, LOKI_PROVIDER: 'command' } });
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('May members delete notes?');
  });

  it('exits 3 with a clear error when the provider answers with something other than JSON', () => {
    const r = specRepo({ 'prd.md': GOOD });
    dir = mkdtempSync(join(tmpdir(), 'loki-grill-cli-'));
    const script = join(dir, 'agent.mjs');
    writeFileSync(script, "console.log('All good, ship it!');\n");
    const run = runCli(['grill', 'prd.md', '--provider', 'command', '--json'], { cwd: r.dir, env: { LOKI_AGENT_COMMAND: `node ${script}`, LOKI_SANDBOX_READ_ONLY: `${dir}:${process.env.LOKI_SANDBOX_READ_ONLY ?? ''}` } });
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain("the command provider's grill answer is not usable: the answer holds no JSON object");
    expect(run.stderr).toContain('Fix:');
  });

  it('exits 3 on a missing spec, a missing argument and an unknown provider', () => {
    const r = specRepo({ 'prd.md': GOOD });
    expect(runCli(['grill', 'nope.md'], { cwd: r.dir, env: noProvider }).code).toBe(3);
    expect(runCli(['grill'], { cwd: r.dir, env: noProvider }).stderr).toContain('the SPEC argument is missing');
    const unknown = runCli(['grill', 'prd.md', '--provider', 'gpt-9'], { cwd: r.dir, env: noProvider });
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('use one of: claude, codex, aider, cline, command');
  });
});
