import { afterEach, describe, expect, it } from 'vitest';
import { runCheckCommand } from '../../../gates/static/run-check-command.js';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe('runCheckCommand', () => {
  it("runs linters and type checkers (which load the project's configs) without any credential in their environment", async () => {
    process.env.GITHUB_TOKEN = 'ghs_secret_for_the_test';
    process.env.ANTHROPIC_API_KEY = 'sk-ant-for-the-test';
    process.env.HARMLESS = 'kept';
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
    expect(seen.HARMLESS).toBe('kept');
    expect(seen.CI).toBe('true');
  });
});
