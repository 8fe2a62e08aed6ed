import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { RandomText } from '../../../gates/secrets/random-text.js';

/** A real git repository in a temp dir for secret-scanner tests. */
export class TempRepo {
  readonly dir = mkdtempSync(join(tmpdir(), 'loki-secrets-'));

  git(...args: string[]): string {
    return execFileSync('git', args, {
      cwd: this.dir,
      encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t.test', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t.test' },
    });
  }

  init(): this {
    this.git('init', '-q', '-b', 'main');
    return this;
  }

  write(path: string, text: string): this {
    const full = join(this.dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
    return this;
  }

  commit(message: string): this {
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Fake credentials assembled at run time, so this file holds nothing that looks live. */
export function fakeGithubToken(seed: number): string {
  return `ghp_${new RandomText(seed).chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 36)}`;
}

export function fakeStripeKey(seed: number): string {
  return `sk_live_${new RandomText(seed).chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 30)}`;
}

export function fakePem(seed: number): string {
  const r = new RandomText(seed);
  const lines = Array.from({ length: 4 }, () => r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 64));
  return ['-----BEGIN RSA PRIVATE KEY-----', ...lines, '-----END RSA PRIVATE KEY-----'].join('\n');
}
