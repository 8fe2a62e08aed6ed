import { afterEach, describe, expect, it } from 'vitest';
import { runCheckCommand } from '../../../gates/static/run-check-command.js';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe('runCheckCommand', () => {
  it("runs linters and type checkers (which load the project's configs) with an allowlisted environment: no credential, nothing unlisted", async () => {
    process.env.GITHUB_TOKEN = 'ghs_secret_for_the_test';
    process.env.ANTHROPIC_API_KEY = 'sk-ant-for-the-test';
    process.env.HARMLESS = 'not on the allowlist';
    process.env.LANG = 'C.UTF-8';
    let seen: Record<string, string> = {};
    const script = 'console.log(JSON.stringify(process.env))';
    const result = await runCheckCommand(
      { name: 'lint', file: process.execPath, args: ['-e', script], findingExitCodes: 'any' },
      { cwd: process.cwd(), signal: new AbortController().signal, timeoutMs: 30_000 },
      (r) => ((seen = JSON.parse(r.stdout) as Record<string, string>), []),
    );
    expect(result.inconclusive).toBeUndefined();
    expect(seen.GITHUB_TOKEN).toBeUndefined();
    expect(seen.ANTHROPIC_API_KEY).toBeUndefined();
    expect(seen.HARMLESS).toBeUndefined();
    expect(seen.LANG).toBe('C.UTF-8');
    expect(seen.CI).toBe('true');
  });

  it('is inconclusive when the output was cut at the cap: diagnostics in the dropped part would be missing', async () => {
    // A flood of warnings before the one error: the error line is in the part that gets dropped.
    const script = "process.stdout.write('src/a.ts:1:1 error: real problem\\n' + 'x'.repeat(3 * 1024 * 1024) + '\\n')";
    const result = await runCheckCommand(
      { name: 'lint', file: process.execPath, args: ['-e', script] },
      { cwd: process.cwd(), signal: new AbortController().signal, timeoutMs: 30_000 },
      () => [],
    );
    expect(result.inconclusive).toMatch(/lint: .* printed 3\.0 MiB, more than Loki keeps/);
  });
});
