import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../gates/core/package-root.js';
import { runCommand } from '../../gates/core/run-command.js';

const root = packageRoot();
const out = mkdtempSync(join(tmpdir(), 'loki-cli-bundle-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** The packages the built CLI still imports from node_modules (bare specifiers, static or lazy). */
function externalPackages(dir: string): Set<string> {
  const files = [join(dir, 'loki.js'), ...readdirSync(join(dir, 'chunks')).map((f) => join(dir, 'chunks', f))];
  const found = new Set<string>();
  for (const file of files) {
    // esbuild writes one import per statement at a line's start (`import … from "x";`, `import "x";`), and lazy ones as `import("x")`.
    for (const m of readFileSync(file, 'utf8').matchAll(/^(?:import|export)\b[^;'"]*?["']([@\w][\w./@-]*)["'];|\bimport\(["']([@\w][\w./@-]*)["']\)/gm)) {
      const spec = (m[1] ?? m[2])!;
      if (spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0]!)) continue;
      found.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  }
  return found;
}

describe('the CLI bundle (scripts/build.mjs --cli)', () => {
  it('holds the engine and its dependencies, and leaves only the GitHub stack in node_modules', async () => {
    const build = await runCommand(process.execPath, [join(root, 'scripts/build.mjs'), '--cli', '--outdir', out], { cwd: root, timeoutMs: 120_000 });
    expect(build.exitCode, build.log).toBe(0);
    const external = externalPackages(join(out, 'cli'));
    // Loaded from node_modules, the engine's dependencies were hundreds of files read at every start.
    for (const engine of ['zod', 'execa', 'js-yaml', 'picomatch', 'smol-toml', 'tap-parser', 'fast-xml-parser']) expect(external, engine).not.toContain(engine);
    // Probot brings its own octokit: bundling a second copy would make its errors and classes strangers to ours.
    expect(external).toContain('probot');
    const github = /^(?:probot|@probot\/.*|pino(?:-.*)?|smee-client|prom-client|@octokit\/.*|@actions\/.*)$/;
    expect([...external].filter((name) => !github.test(name))).toEqual([]);
  });
});
