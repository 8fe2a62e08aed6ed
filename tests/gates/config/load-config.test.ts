import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../../gates/config/load-config.js';
import { LokiError } from '../../../gates/core/errors.js';

function invalid(text: string): LokiError {
  try {
    parseConfig(text);
  } catch (error) {
    return error as LokiError;
  }
  throw new Error('expected the config to be rejected');
}

describe('the .github/loki.yml schema', () => {
  it('gives every key a default, so an empty file is a whole config', () => {
    const config = parseConfig('');
    expect(config.verify.block_on).toEqual(['critical', 'high']);
    expect(config.provider.name).toBe('claude');
    expect(config.app.trigger_label).toBe('loki:build');
    expect(config.build.protected_paths).toContain('.github/**');
  });

  it('keeps what the user set', () => {
    const config = parseConfig('provider:\n  name: command\n  command: ./agent.sh\nbuild:\n  max_iterations: 3\n');
    expect(config.provider).toMatchObject({ name: 'command', command: './agent.sh' });
    expect(config.build.max_iterations).toBe(3);
  });

  it('names the key of every problem, unknown keys included', () => {
    const error = invalid('verify:\n  block_on: [severe]\n  timeout: 3\nbuild:\n  max_iterations: -1\n');
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('`verify.block_on[0]`');
    expect(error.message).toContain('`verify.timeout`');
    expect(error.message).toContain('`build.max_iterations`');
    expect(error.fix).toContain('.github/loki.yml');
  });

  it('reports broken YAML as invalid config, not a crash', () => {
    expect(invalid('verify: [unclosed').message).toContain('not valid YAML');
  });

  it('loads from the repository, defaults when absent, and errors on a missing explicit file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loki-config-'));
    try {
      expect((await loadConfig(dir)).verify.baseline).toBe(false);
      mkdirSync(join(dir, '.github'));
      writeFileSync(join(dir, '.github/loki.yml'), 'verify:\n  baseline: true\n');
      expect((await loadConfig(dir)).verify.baseline).toBe(true);
      await expect(loadConfig(dir, join(dir, 'nope.yml'))).rejects.toMatchObject({ code: 'CONFIG_UNREADABLE' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
