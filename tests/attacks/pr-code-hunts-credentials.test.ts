import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVerify } from '../../gates/verify/run-verify.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';
import { plantSecrets, secretsIn, type PlantedSecrets } from './support/planted-secrets.js';

/**
 * Attack: a pull request's test script hunts for credentials (every /proc/<pid>/environ and
 * cmdline, the state folder, $HOME, $TMPDIR, files named by TOKEN, KEY or SECRET variables)
 * and tries to write outside its workspace. Before the sandbox it found the App's private key and
 * webhook secret in the App's /proc environ, the installation token in the state folder, and
 * wrote wherever it liked.
 */
describe('attack: a PR test script hunts for credentials', () => {
  let planted: PlantedSecrets;
  let repo: TempRepo;
  const saved = { ...process.env };

  beforeAll(() => {
    planted = plantSecrets();
    repo = createTempRepo({ 'package.json': '{"name":"victim","version":"1.0.0","type":"module","scripts":{"test":"node hunt.mjs && node --test"}}\n', 'test/ok.test.js': "import { test } from 'node:test';\ntest('ok', () => {});\n" });
    repo.commit('a PR that hunts', { 'hunt.mjs': planted.hunter() });
    // The runner's own environment as a careless deployment leaves it: a key path, a token file, a home with an npm token.
    Object.assign(process.env, { HOME: planted.home, TMPDIR: planted.tmp, PRIVATE_KEY_PATH: planted.keyFile, LOKI_JOB_TOKEN_FILE: planted.tokenFile, ANTHROPIC_API_KEY: 'sk-ant-planted-provider-key-for-agents-only' });
  });
  afterAll(() => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
    repo.remove();
    planted.cleanup();
  });

  it('finds no key, secret or token, and writes nothing outside its workspace', async () => {
    const evidence = await runVerify({ cwd: repo.dir, base: 'HEAD~1', gates: ['diff', 'tests'] });
    const lootPath = join(repo.dir, 'loot.json');
    // The hunter really ran (else this test proves nothing).
    expect(existsSync(lootPath), JSON.stringify(evidence.gates)).toBe(true);
    const loot = readFileSync(lootPath, 'utf8');
    expect(JSON.parse(loot).read.length).toBeGreaterThan(0);
    expect(secretsIn(loot, planted.values)).toEqual([]);
    expect(planted.writtenOutside()).toEqual([]);
  });
});
