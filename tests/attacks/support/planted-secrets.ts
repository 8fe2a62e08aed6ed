import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HUNTER = join(dirname(fileURLToPath(import.meta.url)), 'credential-hunter.mjs');

/**
 * The credentials an attacker wants, planted where a real deployment keeps them: the App's private
 * key and webhook secret in a running "App" process's environment (and a token on its command
 * line), an installation token in the state folder's token file, a key file named by
 * PRIVATE_KEY_PATH, an npm token in $HOME/.npmrc and a concurrent job's token under $TMPDIR.
 */
export interface PlantedSecrets {
  root: string;
  /** Every secret value: none may ever appear in the loot. */
  values: string[];
  stateDir: string;
  keyFile: string;
  tokenFile: string;
  home: string;
  tmp: string;
  /** Paths the hunter tries to write (all outside any workspace). */
  outside: string[];
  /** The environment of the "App" decoy, for tests that start the real App instead. */
  appEnv: Record<string, string>;
  /** The hunter's source with its header: what to guess, where to write, where to send. */
  hunter(options?: { agent?: boolean; url?: string; solve?: boolean; hosts?: string[] }): string;
  /** Outside paths the hunter managed to write. */
  writtenOutside(): string[];
  cleanup(): void;
}

export function plantSecrets(): PlantedSecrets {
  const root = mkdtempSync(join(tmpdir(), 'loki-attack-'));
  const stateDir = join(root, 'state');
  const tokenDir = join(stateDir, 'tokens', 'token-abc');
  mkdirSync(tokenDir, { recursive: true, mode: 0o700 });
  const home = join(root, 'home');
  const tmp = join(root, 'tmp');
  mkdirSync(home);
  mkdirSync(join(tmp, 'loki-job-other'), { recursive: true });
  const values = {
    privateKey: `-----BEGIN RSA PRIVATE KEY-----\nMIIplantedprivatekey${Date.now()}\n-----END RSA PRIVATE KEY-----`,
    webhookSecret: `whsec-planted-${process.pid}-webhook`,
    appToken: 'ghs_plantedAppProcessToken0000000000000',
    cmdlineToken: 'ghs_plantedOnTheCommandLine00000000000',
    stateToken: 'ghs_plantedInTheStateDirectory000000000',
    keyFileKey: `-----BEGIN RSA PRIVATE KEY-----\nMIIplantedkeyfile${process.pid}\n-----END RSA PRIVATE KEY-----`,
    npmToken: 'npm_plantedInHomeNpmrc000000000000000000',
    otherJobToken: 'ghs_plantedOtherJobUnderTmpdir000000000',
    providerKey: 'sk-ant-planted-provider-key-for-agents-only',
  };
  const keyFile = join(root, 'app.pem');
  writeFileSync(keyFile, values.keyFileKey, { mode: 0o600 });
  const tokenFile = join(tokenDir, 'token');
  writeFileSync(tokenFile, values.stateToken, { mode: 0o600 });
  writeFileSync(join(home, '.npmrc'), `//registry.npmjs.org/:_authToken=${values.npmToken}\n`);
  writeFileSync(join(tmp, 'loki-job-other', 'token'), values.otherJobToken);
  const appEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    PRIVATE_KEY: values.privateKey,
    WEBHOOK_SECRET: values.webhookSecret,
    LOKI_GITHUB_TOKEN: values.appToken,
    PRIVATE_KEY_PATH: keyFile,
    LOKI_STATE_DIR: stateDir,
  };
  // The "App": a long-lived process of the same user holding the secrets in its environment.
  const decoy: ChildProcess = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', values.cmdlineToken], { env: appEnv, stdio: 'ignore' });
  const outside = [join(root, 'outside-root.txt'), join(stateDir, 'planted-by-pr.txt'), join(home, 'planted-by-pr.txt'), join(tmp, 'planted-by-pr.txt'), join(tmpdir(), `loki-attack-outside-${process.pid}.txt`)];
  return {
    root,
    values: Object.values(values),
    stateDir,
    keyFile,
    tokenFile,
    home,
    tmp,
    outside,
    appEnv,
    hunter(options = {}) {
      const header = { guess: [stateDir, keyFile, tokenFile, home, tmp, root], write: outside, ...options };
      return `globalThis.HUNT = ${JSON.stringify(header)};\n${readFileSync(HUNTER, 'utf8')}`;
    },
    writtenOutside: () => outside.filter((p) => existsSync(p)),
    cleanup() {
      decoy.kill('SIGKILL');
      rmSync(root, { recursive: true, force: true });
      rmSync(outside[outside.length - 1]!, { force: true });
    },
  };
}

/** The secrets found in a piece of loot (empty when the defence held). */
export function secretsIn(loot: string, values: readonly string[]): string[] {
  return values.filter((v) => loot.includes(v) || loot.includes(v.split('\n')[1] ?? v));
}
