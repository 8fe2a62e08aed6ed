import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { installPythonVenv } from '../../../gates/toolchain/install-python-venv.js';

const made: string[] = [];
afterEach(() => made.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function temp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

describe('installPythonVenv', () => {
  it('attack: a checkout that commits .loki as a symlink cannot make `venv --clear` empty the folder it points to', async () => {
    const victim = temp('loki-victim-');
    mkdirSync(join(victim, 'venv'));
    writeFileSync(join(victim, 'venv/precious.txt'), 'keep me\n');
    const root = temp('loki-checkout-');
    symlinkSync(victim, join(root, '.loki'));
    const outcome = await installPythonVenv(root, { dir: join(root, '.loki/venv'), python: 'python3', pipArgs: ['-e', '.'] }, 'a test', { signal: new AbortController().signal, timeoutMs: 30_000 });
    expect(outcome.ok).toBe(false);
    expect(outcome.reason).toContain('.loki is a symlink in the checkout');
    expect(existsSync(join(victim, 'venv/precious.txt'))).toBe(true);
  });
});
