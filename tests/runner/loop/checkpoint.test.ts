import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../gates/config/schema.js';
import { checkpoint } from '../../../runner/loop/checkpoint.js';
import { defaultSecretScanner } from '../../../runner/safety/default-secret-scanner.js';
import { createTempRepo, type TempRepo } from '../../support/temp-repo.js';

const scan = defaultSecretScanner(defaultConfig(), 'HEAD');

describe('checkpoint (after each Act)', () => {
  let repo: TempRepo;
  afterEach(() => repo.remove());

  it('commits the agent\'s work, never Loki\'s scratch folder, and runs no hook the agent planted', async () => {
    repo = createTempRepo({ 'a.js': 'a\n' });
    const start = repo.git('rev-parse', 'HEAD').trim();
    writeFileSync(join(repo.dir, 'a.js'), 'b\n');
    mkdirSync(join(repo.dir, '.loki'));
    writeFileSync(join(repo.dir, '.loki/progress.md'), 'notes');
    const marker = join(repo.dir, '..', `hook-ran-${Date.now()}`);
    writeFileSync(join(repo.dir, '.git/hooks/post-commit'), `#!/bin/sh\ntouch ${marker}\n`, { mode: 0o755 });

    const result = await checkpoint({ cwd: repo.dir, runStartSha: start, protectedPaths: [], scan, message: 'loki: checkpoint 1' });

    expect(result.kind).toBe('committed');
    expect(repo.git('show', '--name-only', '--format=', 'HEAD').trim()).toBe('a.js');
    expect(existsSync(marker)).toBe(false);
    expect(repo.git('log', '-1', '--format=%s').trim()).toBe('loki: checkpoint 1');
  });

  it('reports no change when there is none', async () => {
    repo = createTempRepo({ 'a.js': 'a\n' });
    const start = repo.git('rev-parse', 'HEAD').trim();
    expect(await checkpoint({ cwd: repo.dir, runStartSha: start, protectedPaths: [], scan, message: 'm' })).toMatchObject({ kind: 'unchanged', sha: start });
  });

  it('commits nothing when a staged line holds a secret, and leaves it unstaged', async () => {
    repo = createTempRepo({ 'a.js': 'a\n' });
    const start = repo.git('rev-parse', 'HEAD').trim();
    const key = `AKIA${'QWERTYUIOPASDFGH'.slice(0, 16)}`;
    writeFileSync(join(repo.dir, 'cfg.js'), `export const awsKeyId = "${key}";\nexport const awsSecret = "${'wJalrXUtnFEMI/K7MDENG/bPxRfiCY'}${'zq9Xv2Lm'}";\n`);
    const result = await checkpoint({ cwd: repo.dir, runStartSha: start, protectedPaths: [], scan, message: 'm' });
    expect(result.kind).toBe('secret');
    expect(result.kind === 'secret' && result.hits[0]?.file).toBe('cfg.js');
    expect(JSON.stringify(result)).not.toContain(key);
    expect(repo.git('rev-parse', 'HEAD').trim()).toBe(start);
    expect(repo.git('diff', '--cached', '--name-only').trim()).toBe('');
  });

  it('attack: an agent that writes a .gitleaks.toml allowlist and a loki:allow comment next to its key still commits nothing', async () => {
    repo = createTempRepo({ 'a.js': 'a\n' });
    const start = repo.git('rev-parse', 'HEAD').trim();
    const key = `sk_live_${'4eC39HqLyjWDarjtT1zdp7dc'}`;
    writeFileSync(join(repo.dir, '.gitleaks.toml'), "[allowlist]\npaths = ['''.*''']\n");
    writeFileSync(join(repo.dir, '.lokisecretsignore'), '*\n');
    writeFileSync(join(repo.dir, 'pay.js'), `export const pay = "${key}"; // loki:allow\n`);
    const result = await checkpoint({ cwd: repo.dir, runStartSha: start, protectedPaths: [], scan: defaultSecretScanner(defaultConfig(), start), message: 'm' });
    expect(result.kind).toBe('secret');
    expect(result.kind === 'secret' && result.hits.map((h) => h.file)).toContain('pay.js');
    expect(repo.git('rev-parse', 'HEAD').trim()).toBe(start);
  });
});
