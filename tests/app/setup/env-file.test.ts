import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readEnvFile, updateEnvFile, withEnvFile } from '../../../app/setup/env-file.js';
import { testPrivateKey } from '../support/webhooks.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loki-env-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('.env', () => {
  it('is read under the environment: the file fills gaps, a variable already set wins', () => {
    writeFileSync(join(dir, '.env'), '# the App\nAPP_ID=12\nWEBHOOK_SECRET="from file"\nPORT=4000\n');
    const env = withEnvFile({ PORT: '5000', PATH: '/bin' }, dir);
    expect(env).toEqual({ APP_ID: '12', WEBHOOK_SECRET: 'from file', PORT: '5000', PATH: '/bin' });
  });

  it('no .env is no error', () => {
    expect(withEnvFile({ A: '1' }, dir)).toEqual({ A: '1' });
  });

  it('setting values keeps comments and other lines, replaces a name set again, writes 0600, and reads back exactly (a PEM too)', () => {
    const file = join(dir, '.env');
    writeFileSync(file, '# keep me\nLOG_LEVEL=debug\nAPP_ID=1\n', { mode: 0o644 });
    const pem = testPrivateKey();
    updateEnvFile(file, { APP_ID: '777', PRIVATE_KEY: pem, WEBHOOK_SECRET: 'a b#c', NOTE: 'say "hi"' });
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n').slice(0, 2)).toEqual(['# keep me', 'LOG_LEVEL=debug']);
    expect(text.match(/^APP_ID=/gm)).toHaveLength(1);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readEnvFile(file)).toEqual({ LOG_LEVEL: 'debug', APP_ID: '777', PRIVATE_KEY: pem, WEBHOOK_SECRET: 'a b#c', NOTE: 'say "hi"' });
  });

  it('refuses a value the .env format cannot carry rather than writing it wrong', () => {
    expect(() => updateEnvFile(join(dir, '.env'), { ODD: 'it\'s "both"\nand more' })).toThrow(/ODD cannot be written to \.env/);
  });
});
