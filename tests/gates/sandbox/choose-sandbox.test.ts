import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseSandbox } from '../../../gates/sandbox/mode.js';

const root = mkdtempSync(join(tmpdir(), 'loki-choose-sbx-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A PATH whose first `bwrap` is a script, ahead of the system's. */
function pathWith(bwrap: string, name: string): string {
  const bin = join(root, name);
  mkdirSync(bin);
  writeFileSync(join(bin, 'bwrap'), `#!/bin/sh\n${bwrap}\n`);
  chmodSync(join(bin, 'bwrap'), 0o755);
  return `${bin}:/usr/bin:/bin`;
}

describe('chooseSandbox: what the refusal tells the operator to do', () => {
  it('bwrap missing: install it', async () => {
    const choice = await chooseSandbox({ PATH: join(root, 'nothing-here') });
    expect(choice.ok).toBe(false);
    if (choice.ok) return;
    expect(choice.reason).toContain('bubblewrap (`bwrap`) is not on PATH');
    expect(choice.fix).toContain('apt-get install -y bubblewrap');
  });

  it('bwrap present but namespaces refused (a container with masked /proc): the container options, not "install bubblewrap"', async () => {
    const choice = await chooseSandbox({ PATH: pathWith(`echo "bwrap: Can't mount proc on /newroot/proc: Operation not permitted" >&2; exit 1`, 'masked') });
    expect(choice.ok).toBe(false);
    if (choice.ok) return;
    expect(choice.reason).toContain("cannot create namespaces here: bwrap: Can't mount proc");
    expect(choice.fix).toContain('--security-opt systempaths=unconfined');
    expect(choice.fix).not.toContain('apt-get install');
  });

  it('a working bwrap is chosen by default, and probed with the flags the sandbox uses', async () => {
    const log = join(root, 'argv.log');
    const choice = await chooseSandbox({ PATH: pathWith(`echo "$@" > ${log}; exit 0`, 'works') });
    expect(choice).toEqual({ ok: true, mode: 'bwrap', explicit: false });
    const argv = readFileSync(log, 'utf8');
    expect(argv).toContain('--unshare-pid');
    if (process.geteuid?.() === 0) expect(argv).toContain('--unshare-user --uid 10001 --gid 10001 --cap-drop ALL');
  });
});
