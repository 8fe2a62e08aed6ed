import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPython } from '../../gates/static/syntax-checkers.js';

/**
 * Attack: a PR adds `json.py` at the repository root. Loki's own Python syntax check imports
 * `json`; run from the checkout, it would run the PR's code with Loki's environment.
 */
describe('attack: a planted json.py runs inside Loki\'s syntax check', () => {
  const repo = mkdtempSync(join(tmpdir(), 'loki-pyattack-'));
  const marker = join(repo, 'stolen.txt');
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('never imports it, and no credential would be there to read', async () => {
    writeFileSync(join(repo, 'json.py'), `import os\nopen(${JSON.stringify(marker)}, "w").write(os.environ.get("ANTHROPIC_API_KEY", "none"))\nfrom importlib import import_module\n`);
    process.env.ANTHROPIC_API_KEY = 'sk-ant-planted-for-the-attack';
    const checked = checkPython('python3', ['x = 1\n', 'def broken(:\n'], { cwd: repo, signal: new AbortController().signal, timeoutMs: 30_000 })
      .finally(() => delete process.env.ANTHROPIC_API_KEY);
    const problems = await checked.catch((error: unknown) => error as Error);
    expect(existsSync(marker) ? readFileSync(marker, 'utf8') : 'not run').toBe('not run');
    expect(Array.isArray(problems)).toBe(true);
    const [clean, broken] = problems as Awaited<typeof checked>;
    expect(clean).toBeUndefined();
    expect(broken?.message).toMatch(/SyntaxError/);
  });
});
