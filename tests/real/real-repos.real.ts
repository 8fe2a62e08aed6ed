import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cloneCase, missingTools, readRealManifest } from './cases.js';
import type { RealCase } from './manifest-schema.js';

/**
 * `npm run test:real`: `loki verify` on real public repositories (tests/real/*.bundle, listed in
 * manifest.json with the verdict each case must get). Each case is a fresh clone of its bundle at
 * the case's head, verified against its base by the built CLI, exactly as a user would run it.
 */
const here = import.meta.dirname;
const cli = resolve(here, '..', '..', 'dist', 'cli', 'loki.js');
const manifest = readRealManifest();
const EXIT = { VERIFIED: 0, CONCERNS: 1, BLOCKED: 2 } as const;
const scratch = mkdtempSync(join(tmpdir(), 'loki-real-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface GateLine { id: string; status: string; reason: string; counts?: { proving?: number } }
interface Evidence {
  verdict: string;
  subject: { declared_change?: { kind: string; by: string } };
  gates: GateLine[];
  findings: Array<{ gate: string; rule: string; severity: string; message: string }>;
}

/** Builds' rule for proving tests, given with --config (it replaces the repository's policy, which none of these has). */
function requireProvingConfig(): string {
  const file = join(scratch, 'require-proving.yml');
  writeFileSync(file, 'verify:\n  require_proving_test: true\n');
  return file;
}

/** What the case's proving expectation checks, read from the evidence in the same shape. */
function provingSeen(c: RealCase, evidence: Evidence | undefined): unknown {
  if (!c.proving) return undefined;
  const proving = evidence?.gates.find((g) => g.id === 'tests')?.counts?.proving;
  const { min, max = Number.POSITIVE_INFINITY } = c.proving;
  return {
    proving_in_range: proving !== undefined && proving >= min && proving <= max ? `${min}..${max}` : `${proving} (want ${min}..${max})`,
    declared: evidence?.subject.declared_change?.kind ?? null,
    rules: (c.proving.rules ?? []).filter((r) => evidence?.findings.some((f) => f.rule === r)),
  };
}

function provingWanted(c: RealCase): unknown {
  if (!c.proving) return undefined;
  return { proving_in_range: `${c.proving.min}..${c.proving.max ?? Number.POSITIVE_INFINITY}`, declared: c.proving.declared ?? null, rules: c.proving.rules ?? [] };
}

for (const repo of manifest.repos) {
  const missing = missingTools(repo.needs);
  describe.skipIf(missing.length > 0)(`${repo.name} (${repo.upstream}, ${repo.runner})${missing.length ? ` — not run: ${missing.join(', ')} missing` : ''}`, () => {
    for (const c of repo.cases) {
      it(`${c.name} → ${c.expected}`, () => {
        const dir = join(scratch, `${repo.name}-${c.name}`);
        cloneCase(repo, c, dir);
        const started = Date.now();
        // A proving expectation needs the merge-base's run; builds' rule comes in as a config file.
        const proving = c.proving ? ['--baseline', ...(c.proving.require ? ['--config', requireProvingConfig()] : [])] : [];
        const run = spawnSync(process.execPath, [cli, 'verify', '--base', c.base, ...proving, '--json', '--out', join(dir, '..', `${repo.name}-${c.name}.out`)], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
        let evidence: Evidence | undefined;
        try {
          evidence = JSON.parse(run.stdout) as Evidence;
        } catch {
          evidence = undefined;
        }
        const said = evidence
          ? [...evidence.gates.map((g) => `${g.id} ${g.status}: ${g.reason}`), ...evidence.findings.map((f) => `finding ${f.gate}/${f.severity}: ${f.message.split('\n')[0]}`)].join('\n')
          : `no evidence on stdout; stderr: ${run.stderr.slice(-2000)}`;
        console.log(`[real] ${repo.name} ${c.name}: expected ${c.expected}, got ${evidence?.verdict ?? 'no evidence'} (exit ${run.status}${c.proving ? `, proving ${evidence?.gates.find((g) => g.id === 'tests')?.counts?.proving ?? 'unknown'}` : ''}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        const failing = (evidence?.gates ?? []).filter((g) => g.status === 'fail').map((g) => g.id);
        expect(
          { verdict: evidence?.verdict, exit: run.status, failing: c.failing_gates.filter((id) => failing.includes(id)), rules: c.finding_rules?.filter((r) => evidence?.findings.some((f) => f.rule === r)), proving: provingSeen(c, evidence) },
          `${c.why}\n${said}`,
        ).toEqual({ verdict: c.expected, exit: EXIT[c.expected], failing: c.failing_gates, rules: c.finding_rules, proving: provingWanted(c) });
        rmSync(dir, { recursive: true, force: true });
      });
    }
  });
}
