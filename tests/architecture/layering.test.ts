import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../gates/core/package-root.js';

/**
 * Dependencies point one way: adapters (app, action, cli) → runner → github → gates. The engine
 * has no GitHub dependency; `github/` is the one GitHub layer (client, pagination, check runs,
 * status comment, pull requests) that the runner, the App and the Action all use, and it knows
 * nothing of them. No layer imports one above it.
 */
const ROOT = packageRoot();
const LAYERS: Record<string, { forbiddenDirs: string[]; forbiddenPackages: RegExp[] }> = {
  gates: { forbiddenDirs: ['github', 'runner', 'app', 'action', 'cli'], forbiddenPackages: [/^probot/, /^@octokit\//, /^octokit/, /^@actions\//] },
  github: { forbiddenDirs: ['runner', 'app', 'action', 'cli'], forbiddenPackages: [/^probot/, /^@actions\//] },
  runner: { forbiddenDirs: ['app', 'action', 'cli'], forbiddenPackages: [/^probot/, /^@actions\//] },
  action: { forbiddenDirs: ['app', 'cli'], forbiddenPackages: [/^probot/] },
  app: { forbiddenDirs: ['action', 'cli'], forbiddenPackages: [/^@actions\//] },
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|mts)$/.test(name) ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => (m[1] ?? m[2])!);
}

describe('layering', () => {
  for (const [layer, rule] of Object.entries(LAYERS)) {
    it(`${layer}/ imports nothing from ${rule.forbiddenDirs.join(', ')} and no forbidden package`, () => {
      const violations: string[] = [];
      for (const file of sources(join(ROOT, layer))) {
        for (const spec of imports(file)) {
          if (spec.startsWith('.')) {
            const target = relative(ROOT, join(file, '..', spec)).split('/')[0]!;
            if (rule.forbiddenDirs.includes(target)) violations.push(`${relative(ROOT, file)} → ${spec}`);
          } else if (rule.forbiddenPackages.some((p) => p.test(spec))) {
            violations.push(`${relative(ROOT, file)} → ${spec}`);
          }
        }
      }
      expect(violations).toEqual([]);
    });
  }

  it('finds imports at all (the rule above can fail)', () => {
    expect(imports(join(ROOT, 'gates/verify/run-verify.ts'))).toContain('../config/schema.js');
  });
});
