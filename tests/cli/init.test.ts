import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../gates/config/load-config.js';
import { loadTemplate } from '../../gates/core/templates.js';
import { runCli } from '../support/run-cli.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'loki-init-'));
  dirs.push(dir);
  return dir;
}

const TARGETS = ['.github/loki.yml', '.github/workflows/loki-verify.yml', '.github/workflows/loki-build.yml', '.github/ISSUE_TEMPLATE/loki-build.yml'];

describe('loki init', () => {
  it('writes the config, both workflows and the issue form; the config is valid and shows the defaults', () => {
    const dir = tempDir();
    const run = runCli(['init', '--json'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ written: TARGETS, kept: [] });
    for (const target of TARGETS) expect(existsSync(join(dir, target))).toBe(true);
    expect(readFileSync(join(dir, '.github/workflows/loki-build.yml'), 'utf8')).toBe(loadTemplate('workflows/loki-build.yml'));
    expect(readFileSync(join(dir, '.github/workflows/loki-verify.yml'), 'utf8')).toBe(loadTemplate('workflows/loki-verify.yml'));
    const config = parseConfig(readFileSync(join(dir, '.github/loki.yml'), 'utf8'));
    expect(config.app.trigger_label).toBe('loki:build');
    const form = load(readFileSync(join(dir, '.github/ISSUE_TEMPLATE/loki-build.yml'), 'utf8')) as { labels: string[]; body: Array<{ type: string }> };
    expect(form.labels).toEqual(['loki:build']);
    expect(form.body.filter((b) => b.type === 'textarea').length).toBeGreaterThanOrEqual(2);
  });

  it('never overwrites an existing file without --force', () => {
    const dir = tempDir();
    mkdirSync(join(dir, '.github'), { recursive: true });
    writeFileSync(join(dir, '.github/loki.yml'), 'provider: { name: codex }\n');
    const run = runCli(['init'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('kept .github/loki.yml (it exists; --force overwrites it)');
    expect(readFileSync(join(dir, '.github/loki.yml'), 'utf8')).toBe('provider: { name: codex }\n');
    expect(existsSync(join(dir, '.github/workflows/loki-verify.yml'))).toBe(true);
    const forced = runCli(['init', '--force', '--dir', dir], { cwd: tmpdir() });
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, '.github/loki.yml'), 'utf8')).toBe(loadTemplate('config/loki.yml'));
  });

  it('names the problem and the fix for a missing folder', () => {
    const run = runCli(['init', '--dir', join(tempDir(), 'nope')], { cwd: tmpdir() });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/does not exist\nFix: pass --dir/);
  });
});
