import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { staticGate } from '../../gates/checks/static.js';
import { gateContext } from '../support/gate-context.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';

/**
 * Attack: commit `config.json` as a symlink to a file outside the repository. A syntax check that
 * follows it parses the host's file, and the parse error quotes its first characters into the
 * evidence (and the check run everyone can read).
 */
describe('attack: a committed symlink makes a gate read a file outside the repository', () => {
  let repo: TempRepo | undefined;
  let outside: string | undefined;
  afterEach(() => {
    repo?.remove();
    if (outside) rmSync(outside, { recursive: true, force: true });
  });

  it('the syntax check does not follow it, and says so', async () => {
    outside = mkdtempSync(join(tmpdir(), 'loki-host-'));
    writeFileSync(join(outside, 'credentials'), 'HOSTSECRET=do-not-print-me\n');
    repo = createTempRepo({ 'README.md': '# demo\n' });
    repo.git('checkout', '-q', '-b', 'change');
    symlinkSync(join(outside, 'credentials'), join(repo.dir, 'config.json'));
    repo.commit('add a config');
    const outcome = await staticGate.run(await gateContext(repo.dir));
    expect(JSON.stringify(outcome)).not.toContain('HOSTSECRET');
    expect(outcome.status).not.toBe('pass');
    expect(outcome.reason).toMatch(/symlinks not followed by the syntax checks: config\.json/);
  });
});
