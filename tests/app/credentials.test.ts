import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readPrivateKey } from '../../app/credentials.js';
import { readAppSettings } from '../../app/read-app-settings.js';
import { testPrivateKey } from './support/webhooks.js';

const PEM = testPrivateKey();
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loki-keys-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function problem(env: NodeJS.ProcessEnv, cwd = dir): { message: string; fix: string } {
  try {
    readPrivateKey(env, cwd);
  } catch (error) {
    return error as { message: string; fix: string };
  }
  throw new Error('no error');
}

describe('the App\'s private key', () => {
  it('reads PRIVATE_KEY as PEM text, as one line with \\n, and as base64 of the PEM', () => {
    expect(readPrivateKey({ PRIVATE_KEY: PEM }, dir)).toBe(PEM.trim() + '\n');
    expect(readPrivateKey({ PRIVATE_KEY: PEM.trim().replace(/\n/g, '\\n') }, dir)).toBe(PEM.trim() + '\n');
    expect(readPrivateKey({ PRIVATE_KEY: Buffer.from(PEM).toString('base64') }, dir)).toBe(PEM.trim() + '\n');
  });

  it('reads PRIVATE_KEY_PATH relative to the working directory, and a lone *.pem there (Probot\'s conventions)', () => {
    mkdirSync(join(dir, 'keys'));
    writeFileSync(join(dir, 'keys', 'app.pem'), PEM);
    expect(readPrivateKey({ PRIVATE_KEY_PATH: 'keys/app.pem' }, dir)).toBe(PEM.trim() + '\n');
    writeFileSync(join(dir, 'loki.2026-01-01.private-key.pem'), PEM);
    expect(readPrivateKey({}, dir)).toBe(PEM.trim() + '\n');
  });

  it('missing: names both variables and where the key comes from', () => {
    const { message, fix } = problem({});
    expect(message).toBe('the App has no private key: PRIVATE_KEY and PRIVATE_KEY_PATH are both unset');
    expect(fix).toMatch(/^set PRIVATE_KEY_PATH to the \.pem file downloaded from the App settings page/);
  });

  it('a mistyped PRIVATE_KEY_PATH names the path, says the file does not exist and suggests the .pem beside it', () => {
    writeFileSync(join(dir, 'loki.private-key.pem'), PEM);
    const { message, fix } = problem({ PRIVATE_KEY_PATH: join(dir, 'loki.privat-key.pem') });
    expect(message).toBe(`PRIVATE_KEY_PATH names no file: ${join(dir, 'loki.privat-key.pem')} does not exist (the folder exists)`);
    expect(fix).toContain(`(did you mean ${join(dir, 'loki.private-key.pem')}?)`);
    expect(problem({ PRIVATE_KEY_PATH: '/nowhere/at/all.pem' }).message).toContain('the folder /nowhere/at does not exist either');
    expect(problem({ PRIVATE_KEY_PATH: 'rel.pem' }).message).toContain(`rel.pem (${join(dir, 'rel.pem')}) does not exist`);
  });

  it('a folder for PRIVATE_KEY_PATH says so', () => {
    expect(problem({ PRIVATE_KEY_PATH: dir }).message).toBe(`PRIVATE_KEY_PATH=${dir} is a folder, not a key file`);
  });

  it('not a PEM key: the public key, a certificate, a client secret and a damaged key each say what is wrong', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    writeFileSync(join(dir, 'public.pem'), publicKey);
    const pub = problem({ PRIVATE_KEY_PATH: join(dir, 'public.pem') });
    expect(pub.message).toBe(`PRIVATE_KEY_PATH=${join(dir, 'public.pem')} is not a PEM private key (it holds a PUBLIC KEY)`);
    expect(pub.fix).toMatch(/use the private key \(\.pem\) generated on the App settings page/);
    expect(problem({ PRIVATE_KEY: 'cs_0123456789abcdef' }).message).toBe('PRIVATE_KEY is not a PEM private key (no -----BEGIN … PRIVATE KEY----- line)');
    const lines = PEM.trim().split('\n');
    const cut = [...lines.slice(0, 4), lines[lines.length - 1]].join('\n');
    const damaged = problem({ PRIVATE_KEY: cut });
    expect(damaged.message).toMatch(/^PRIVATE_KEY is not a usable PEM private key: /);
    expect(damaged.fix).toMatch(/damaged or cut short: download a new one/);
  });

  it('several *.pem files and no variable: names them', () => {
    writeFileSync(join(dir, 'a.pem'), PEM);
    writeFileSync(join(dir, 'b.pem'), PEM);
    expect(problem({}).message).toContain('holds several .pem files (a.pem, b.pem)');
  });

  it('readAppSettings stops on a bad key with the key\'s own error, and on a missing WEBHOOK_SECRET by name', () => {
    expect(() => readAppSettings({ APP_ID: '1', WEBHOOK_SECRET: 's', PRIVATE_KEY_PATH: join(dir, 'none.pem') }, dir)).toThrow(/PRIVATE_KEY_PATH names no file/);
    expect(() => readAppSettings({ APP_ID: '1', PRIVATE_KEY: PEM }, dir)).toThrow(/`WEBHOOK_SECRET`/);
    expect(readAppSettings({ APP_ID: '1', WEBHOOK_SECRET: 's', PRIVATE_KEY: PEM }, dir).privateKey).toBe(PEM.trim() + '\n');
  });
});
