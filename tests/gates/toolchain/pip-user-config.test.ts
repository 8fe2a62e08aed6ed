import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pipUserConfig } from '../../../gates/toolchain/pip-user-config.js';

const made: string[] = [];
afterEach(() => made.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function home(pipConf: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'loki-piphome-'));
  made.push(dir);
  mkdirSync(join(dir, '.config/pip'), { recursive: true });
  writeFileSync(join(dir, '.config/pip/pip.conf'), pipConf);
  return dir;
}

describe('pipUserConfig', () => {
  it('hands the user’s pip.conf (index, find-links) to the sandboxed install', () => {
    const dir = home('[global]\nindex-url = https://pypi.example.com/simple\n');
    expect(pipUserConfig({ HOME: dir })).toEqual({ env: { PIP_CONFIG_FILE: join(dir, '.config/pip/pip.conf') }, readable: [join(dir, '.config/pip/pip.conf')] });
  });

  it('attack: a pip.conf with credentials is never shown to the install, which runs the repository’s build backend', () => {
    for (const text of ['[global]\nindex-url = https://deploy:s3cr3t@pypi.example.com/simple\n', '[global]\npassword = s3cr3t\n', '[global]\nextra-index-url = https://__token__:pypi-AgEIcHlwaS5vcmc@upload.example.com/simple\n']) {
      const config = pipUserConfig({ HOME: home(text) });
      expect(config.env).toEqual({});
      expect(config.readable).toEqual([]);
      expect(config.note).toContain('holds credentials');
    }
  });
});
