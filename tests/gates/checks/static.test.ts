import { execFileSync } from 'node:child_process';
import { chmodSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { staticGate } from '../../../gates/checks/static.js';
import { defaultConfig, LokiConfigSchema, type LokiConfigInput } from '../../../gates/config/schema.js';
import { packageRoot } from '../../../gates/core/package-root.js';
import type { GateOutcome } from '../../../gates/verify/gate.js';
import { runVerify } from '../../../gates/verify/run-verify.js';
import { createTempRepo, type TempRepo } from '../../support/temp-repo.js';
import { gateContext } from './gate-context.js';

const TSCONFIG = `${JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'ES2022', lib: ['ES2022'], module: 'ES2022', moduleResolution: 'bundler', types: [], skipLibCheck: true }, include: ['src'] }, null, 2)}\n`;
const BASE_TS = { '.gitignore': 'node_modules\ntarget\n', 'tsconfig.json': TSCONFIG, 'src/math.ts': 'export function add(a: number, b: number): number {\n  return a + b;\n}\n', 'README.md': '# demo\n' };

let repo: TempRepo | undefined;
afterEach(() => repo?.remove());

/** A repository with `base` on main and `change` committed on a feature branch. */
function changed(base: Record<string, string>, change: Record<string, string>, withNodeModules = false): TempRepo {
  repo?.remove();
  repo = createTempRepo(base);
  // The project's own TypeScript: the temp project uses Loki's installed copy.
  if (withNodeModules) symlinkSync(join(packageRoot(), 'node_modules'), join(repo.dir, 'node_modules'));
  repo.git('checkout', '-q', '-b', 'feature');
  repo.commit('change', change);
  return repo;
}

async function run(r: TempRepo, config?: LokiConfigInput): Promise<GateOutcome> {
  return staticGate.run(await gateContext(r.dir, config ? { config: LokiConfigSchema.parse(config) } : {}));
}

describe('static gate: the project type check (tsc with its tsconfig)', () => {
  it('fails on a type error on a changed line, as a high finding with file and line', async () => {
    const r = changed(BASE_TS, { 'src/use.ts': "import { add } from './math.js';\nexport const total: number = add(1, 2);\nexport const label: number = 'three';\n" }, true);
    const outcome = await run(r);
    expect(outcome.status).toBe('fail');
    expect(outcome.findings).toMatchObject([{ rule: 'tsc/TS2322', severity: 'high', file: 'src/use.ts', line: 3 }]);
    expect(outcome.findings?.[0]?.preExisting).toBeUndefined();
    expect(outcome.command).toContain('--noEmit');
    expect(outcome.steps?.[0]).toMatchObject({ name: 'typecheck', exit_code: 2 });
  });

  it('reports type errors on lines the change did not touch as pre-existing, and passes', async () => {
    const base = { ...BASE_TS, 'src/old.ts': "export const broken: number = 'x';\n" };
    const r = changed(base, { 'src/math.ts': 'export function add(a: number, b: number): number {\n  return a + b;\n}\nexport const two = add(1, 1);\n' }, true);
    const outcome = await run(r);
    expect(outcome.status).toBe('pass');
    expect(outcome.findings).toMatchObject([{ file: 'src/old.ts', line: 1, preExisting: true }]);
    expect(outcome.reason).toContain('1 pre-existing');
    expect(outcome.reason).toContain('exist there too');
  });

  it('blames the change for type errors it causes in lines it never touched (compared with the merge-base)', async () => {
    const base = { ...BASE_TS, 'src/use.ts': "import { add } from './math.js';\nexport const three = add(1, 2);\n" };
    repo = createTempRepo(base);
    symlinkSync(join(packageRoot(), 'node_modules'), join(repo.dir, 'node_modules'));
    repo.git('checkout', '-q', '-b', 'feature');
    repo.git('rm', '-q', 'src/math.ts');
    repo.commit('remove math');
    const outcome = await run(repo);
    expect(outcome.status).toBe('fail');
    expect(outcome.findings).toMatchObject([{ rule: 'tsc/TS2307', file: 'src/use.ts', line: 1, severity: 'high' }]);
    expect(outcome.findings?.[0]?.preExisting).toBeFalsy();
    expect(outcome.reason).toContain('1 are new');
    expect(repo.git('worktree', 'list').trim().split('\n')).toHaveLength(1);
  });

  it('honours the tsconfig: a file outside its include is not type-checked', async () => {
    const r = changed(BASE_TS, { 'scripts/tool.ts': "export const n: number = 'not checked';\n", 'src/ok.ts': 'export const n: number = 1;\n' }, true);
    expect((await run(r)).status).toBe('pass');
  });

  it('is inconclusive, with the fix, when the project expects TypeScript but it is not installed', async () => {
    const r = changed(BASE_TS, { 'src/use.ts': "export const label: number = 'three';\n" });
    const outcome = await run(r);
    expect(outcome.status).toBe('inconclusive');
    expect(outcome.reason).toMatch(/node_modules\/\.bin\/tsc is missing.*npm ci.*verify\.commands\.typecheck/);
  });

  it('runs verify.commands.typecheck instead of detection and places its diagnostics', async () => {
    const r = changed(BASE_TS, { 'src/use.ts': "export const label: number = 'three';\n" }, true);
    const outcome = await run(r, { verify: { commands: { typecheck: 'node_modules/.bin/tsc --noEmit --pretty -p tsconfig.json' } } });
    expect(outcome.status).toBe('fail');
    expect(outcome.command).toBe('node_modules/.bin/tsc --noEmit --pretty -p tsconfig.json');
    expect(outcome.findings).toMatchObject([{ file: 'src/use.ts', line: 1, severity: 'high' }]);
  });
});

describe('static gate: linter and per-language checks', () => {
  const LINT = [
    "const lines = ['src/app.js:2:7: \\'unused\\' is assigned a value but never used. [Error/no-unused-vars]', 'src/app.js:1:1: Missing JSDoc. [Warning/jsdoc/require-jsdoc]'];",
    'console.log(lines.join("\\n"));',
    'process.exitCode = 1;',
  ].join('\n');

  it('runs verify.commands.lint and reports its errors on changed lines as medium findings', async () => {
    const r = changed({ 'lint.mjs': LINT, 'src/app.js': 'export const a = 1;\n' }, { 'src/app.js': 'export const a = 1;\nconst unused = 2;\n' });
    const outcome = await run(r, { verify: { commands: { lint: 'node lint.mjs' } } });
    expect(outcome.status).toBe('pass');
    expect(outcome.findings).toMatchObject([
      { rule: 'lint/no-unused-vars', severity: 'medium', file: 'src/app.js', line: 2 },
      { rule: 'lint/jsdoc/require-jsdoc', severity: 'low', file: 'src/app.js', line: 1, preExisting: true },
    ]);
    const evidence = await runVerify({ cwd: r.dir, base: 'main', gates: ['diff', 'static'], config: LokiConfigSchema.parse({ verify: { commands: { lint: 'node lint.mjs' } } }) });
    expect(evidence.verdict).toBe('CONCERNS');
  });

  it('places a non-tsc type checker\'s `file:line: error:` output (verify.commands.typecheck)', async () => {
    const checker = "console.log('app/a.py:2: error: Incompatible types in assignment  [assignment]'); console.log('Found 1 error'); process.exitCode = 1;\n";
    const r = changed({ 'check.mjs': checker, 'app/a.py': 'x: int = 1\n' }, { 'app/a.py': 'x: int = 1\ny: int = "two"\n' });
    const outcome = await run(r, { verify: { commands: { typecheck: 'node check.mjs' } } });
    expect(outcome.status).toBe('fail');
    expect(outcome.findings).toMatchObject([{ rule: 'typecheck/type', severity: 'high', file: 'app/a.py', line: 2 }]);
  });

  it('is inconclusive when the lint command fails without a diagnostic it can place', async () => {
    const r = changed({ 'src/app.js': 'export const a = 1;\n' }, { 'src/app.js': 'export const a = 2;\n' });
    const outcome = await run(r, { verify: { commands: { lint: 'echo "lint crashed: cannot load plugin" >&2; exit 2' } } });
    expect(outcome.status).toBe('inconclusive');
    expect(outcome.reason).toContain('lint crashed');
  });

  it('is inconclusive when eslint is configured but not installed', async () => {
    const r = changed({ 'eslint.config.js': 'export default [];\n', 'src/app.js': 'export const a = 1;\n' }, { 'src/app.js': 'export const a = 2;\n' });
    const outcome = await run(r);
    expect(outcome.status).toBe('inconclusive');
    expect(outcome.reason).toContain('node_modules/.bin/eslint is missing');
  });

  it('fails on JavaScript that does not parse (node --check), and passes valid modules', async () => {
    const r = changed({ 'src/a.mjs': 'export const a = 1;\n' }, { 'src/a.mjs': 'export const a = 1;\nexport const b = ;\n' });
    const outcome = await run(r);
    expect(outcome.status).toBe('fail');
    expect(outcome.findings).toMatchObject([{ rule: 'node --check/syntax', severity: 'high', file: 'src/a.mjs', line: 2 }]);
    const ok = changed({ 'package.json': '{"type":"module"}\n', 'src/a.js': 'export const a = 1;\n' }, { 'src/a.js': "import { x } from './x.js';\nexport const a = x;\n" });
    expect((await run(ok)).status).toBe('pass');
  });

  it('fails on Python that does not compile, without writing bytecode into the repository', async () => {
    const r = changed({ 'app/main.py': 'def f():\n    return 1\n' }, { 'app/main.py': 'def f():\n    return 1\n\ndef g(:\n    pass\n' });
    const outcome = await run(r);
    expect(outcome.status).toBe('fail');
    expect(outcome.findings).toMatchObject([{ rule: 'python3 compile/syntax', file: 'app/main.py', line: 4 }]);
    expect(r.git('status', '--porcelain', '--untracked-files=all')).not.toContain('__pycache__');
  });

  it('fails on broken JSON and YAML, but a file already broken on the base is pre-existing', async () => {
    const r = changed({ 'config/a.json': '{"a": 1}\n', 'config/b.yml': 'a: 1\n', 'fixtures/bad.json': '{oops\n' }, { 'config/a.json': '{"a": 1,\n "b": }\n', 'config/b.yml': 'a: 1\nb: [unclosed\n', 'fixtures/bad.json': '{oops\n\n' });
    const outcome = await run(r);
    expect(outcome.status).toBe('fail');
    const found = outcome.findings?.map((f) => [f.file, f.severity, f.preExisting ?? false]);
    expect(found).toEqual(expect.arrayContaining([['config/a.json', 'high', false], ['config/b.yml', 'high', false], ['fixtures/bad.json', 'high', true]]));
  });

  it('does not parse tsconfig.json as strict JSON (it allows comments)', async () => {
    const r = changed({ 'tsconfig.json': '{}\n' }, { 'tsconfig.json': '{\n  // comment\n  "compilerOptions": {}\n}\n' });
    const outcome = await run(r);
    expect(outcome.findings?.filter((f) => f.rule.startsWith('JSON'))).toEqual([]);
  });

  it('is skipped when no static check applies', async () => {
    const r = changed({ 'README.md': '# a\n' }, { 'README.md': '# b\n', 'logo.txt': 'x\n' });
    expect(await run(r)).toMatchObject({ status: 'skipped', reason: expect.stringContaining('no static check applies') });
  });
});

/**
 * eslint is not installable here (no registry installs in tests): a stand-in with eslint's CLI
 * contract — `--format json`, file arguments, exit 1 on lint errors, 2 when it crashes — that
 * reports `no-var` for every `var` declaration and `no-unused-vars` for a var named only once.
 */
const FAKE_ESLINT = `#!/usr/bin/env node
const { readFileSync } = require('node:fs');
const { resolve } = require('node:path');
const args = process.argv.slice(2);
if (args[0] !== '--format' || args[1] !== 'json') { console.error('expected --format json'); process.exit(2); }
const files = args.slice(2);
if (files.some((f) => !f.startsWith('./'))) { console.error('unsafe file argument'); process.exit(2); }
if (files.some((f) => f.includes('crash'))) { console.error('Oops! Something went wrong! :('); process.exit(2); }
const report = files.map((f) => {
  const lines = readFileSync(f, 'utf8').split('\\n');
  const text = lines.join('\\n');
  const messages = lines.flatMap((l, i) => {
    const found = [];
    const name = /\\bvar\\s+(\\w+)/.exec(l)?.[1];
    if (name) found.push({ ruleId: 'no-var', severity: 2, message: 'Unexpected var, use let or const instead.', line: i + 1, column: 1 });
    if (name && text.split(name).length === 2) found.push({ ruleId: 'no-unused-vars', severity: 2, message: name + ' is assigned a value but never used.', line: i + 1, column: 5 });
    return found;
  });
  return { filePath: resolve(f), messages, errorCount: messages.length, warningCount: 0 };
});
process.stdout.write(JSON.stringify(report));
process.exitCode = report.some((r) => r.errorCount) ? 1 : 0;
`;

function withFakeEslint(r: TempRepo): void {
  r.write({ 'node_modules/.bin/eslint': FAKE_ESLINT });
  chmodSync(join(r.dir, 'node_modules/.bin/eslint'), 0o755);
}

describe('static gate: eslint with the project config (a stand-in eslint binary)', () => {
  const base = { '.gitignore': 'node_modules\n', 'package.json': '{"type":"commonjs"}\n', 'eslint.config.js': 'module.exports = [];\n', 'src/a.js': 'var old = 1;\nmodule.exports = old;\n' };

  it('reports lint errors on changed lines as medium and the rest of the file as pre-existing', async () => {
    const r = changed(base, { 'src/a.js': 'var old = 1;\nvar fresh = 2;\nmodule.exports = old + fresh;\n' });
    withFakeEslint(r);
    const outcome = await run(r);
    expect(outcome.status).toBe('pass');
    expect(outcome.command).toContain('--format json ./src/a.js');
    expect(outcome.findings?.map((f) => [f.rule, f.severity, f.line, f.preExisting ?? false])).toEqual([
      ['eslint/no-var', 'medium', 1, true],
      ['eslint/no-var', 'medium', 2, false],
    ]);
    // eslint parsed the file: node --check does not run on it again.
    expect(outcome.steps?.map((s) => s.name)).toEqual(['eslint']);
  });

  it('blames the change for a lint error it causes on a line it did not touch (compared with the merge-base)', async () => {
    const r = changed(base, { 'src/a.js': 'var old = 1;\nmodule.exports = 2;\n' });
    withFakeEslint(r);
    const outcome = await run(r);
    const unused = outcome.findings?.find((f) => f.rule === 'eslint/no-unused-vars');
    expect(unused).toMatchObject({ severity: 'medium', file: 'src/a.js', line: 1 });
    expect(unused?.preExisting).toBeFalsy();
    expect(outcome.findings?.find((f) => f.rule === 'eslint/no-var')?.preExisting).toBe(true);
    expect(outcome.reason).toContain('1 are new');
  });

  it('is inconclusive when eslint crashes (exit 2)', async () => {
    const r = changed(base, { 'src/crash.js': 'let a = 1;\n' });
    withFakeEslint(r);
    const outcome = await run(r);
    expect(outcome.status).toBe('inconclusive');
    expect(outcome.reason).toContain('Oops! Something went wrong');
  });
});

const hasClippy = (() => {
  try {
    execFileSync('cargo', ['clippy', '--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasClippy)('static gate: cargo clippy (skipped: cargo clippy is not installed)', () => {
  it('fails on a Rust type error on a changed line', async () => {
    const cargo = '[package]\nname = "demo"\nversion = "0.1.0"\nedition = "2021"\n';
    const r = changed({ '.gitignore': 'target\n', 'Cargo.toml': cargo, 'src/main.rs': 'fn main() {\n    println!("hi");\n}\n' }, { 'src/main.rs': 'fn main() {\n    let n: u32 = "a";\n    println!("{n}");\n}\n' });
    const outcome = await run(r);
    expect(outcome.status).toBe('fail');
    expect(outcome.findings).toMatchObject([{ rule: 'clippy/E0308', severity: 'high', file: 'src/main.rs', line: 2 }]);
  });
});

describe('static gate end to end (runVerify)', () => {
  it('blocks a change with a type error and verifies its fix', async () => {
    const r = changed(BASE_TS, { 'src/use.ts': "export const label: number = 'three';\n" }, true);
    const blocked = await runVerify({ cwd: r.dir, base: 'main', gates: ['diff', 'static'], config: defaultConfig() });
    expect(blocked.verdict).toBe('BLOCKED');
    expect(blocked.findings).toMatchObject([{ gate: 'static', file: 'src/use.ts', line: 1, blocking: true }]);
    r.commit('fix', { 'src/use.ts': 'export const label: number = 3;\n' });
    const verified = await runVerify({ cwd: r.dir, base: 'main', gates: ['diff', 'static'], config: defaultConfig() });
    expect(verified.gates.find((g) => g.id === 'static')).toMatchObject({ status: 'pass' });
    expect(verified.verdict).toBe('VERIFIED');
  });
});
