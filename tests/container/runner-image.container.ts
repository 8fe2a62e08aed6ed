import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../gates/core/package-root.js';
import { EvidenceSchema } from '../../gates/evidence/schema.js';
import { commentPayload, createBareRemote } from '../app/support/app-harness.js';
import { startFakeGitHub, type FakeGitHub } from '../app/support/fake-github.js';
import { deliver, testPrivateKey, waitFor } from '../app/support/webhooks.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';
import { APP_CONTAINER_OPTIONS, buildTestImage, JOB_CONTAINER_OPTIONS } from './support/image.js';

/**
 * The runner image for real (npm run test:container): built from this Dockerfile, then used the
 * three ways people use it: `--version`, `loki verify` on a repository mounted into it (as a GitHub
 * job container and as the image's own user), and the App serving /healthz and a signed webhook
 * against a local GitHub stand-in (`--network host`).
 */
let image: string;
let repo: TempRepo;
const TOKEN = 'ghs_containerTokenNeverForTheTests';

/** A PR whose own tests look for privileges and for the token the runner holds; a privileged or leaky sandbox fails them. */
const HUNTING_TEST = `import { test } from 'node:test';
import assert from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { add } from '../add.js';
test('adds', () => assert.equal(add(1, 2), 3));
test('runs with no capabilities and finds no token', () => {
  assert.match(readFileSync('/proc/self/status', 'utf8'), /^CapEff:\\s+0+$/m);
  let seen = JSON.stringify(process.env);
  for (const pid of readdirSync('/proc').filter((p) => /^\\d+$/.test(p))) {
    try { seen += readFileSync('/proc/' + pid + '/environ', 'latin1'); } catch {}
  }
  assert.ok(!seen.includes('ghs_'), 'a token is visible');
});
`;

beforeAll(() => {
  image = buildTestImage();
  repo = createTempRepo({ 'package.json': '{"name":"adder","version":"1.0.0","type":"module","scripts":{"test":"node --test"}}\n', 'add.js': 'export const add = (a, b) => a + b;\n', '.gitignore': '.loki/\n' });
  repo.git('checkout', '-q', '-b', 'feature');
  repo.commit('test the adder', { 'test/add.test.js': HUNTING_TEST });
  // Readable to the image's user, as a checkout usually is (mkdtemp makes it 0700).
  chmodSync(repo.dir, 0o755);
});
afterAll(() => repo?.remove());

function docker(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync('docker', args, { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function verifyIn(options: string[], extra: string[] = []) {
  return docker(['run', '--rm', ...options, '-e', 'LOKI_GITHUB_TOKEN', '-v', `${repo.dir}:/repo:ro`, '-w', '/repo', image, 'verify', '--base', 'main', ...extra], { LOKI_GITHUB_TOKEN: TOKEN });
}

describe('the runner image', () => {
  it('prints the package version, runs as a non-root user, and ships bwrap and the docker client', () => {
    const version = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version as string;
    expect(docker(['run', '--rm', image, '--version']).stdout.trim()).toBe(version);
    const tools = docker(['run', '--rm', '--entrypoint', 'sh', image, '-c', 'id -u; bwrap --version; docker --version']);
    expect(tools.code, tools.stderr).toBe(0);
    expect(tools.stdout).toMatch(/^10001\nbubblewrap \d/);
    expect(tools.stdout).toMatch(/Docker version \d/);
    const bytes = Number(execFileSync('docker', ['image', 'inspect', '-f', '{{.Size}}', image], { encoding: 'utf8' }).trim());
    console.log(`image ${image}: ${(bytes / 1e6).toFixed(0)} MB`);
  });

  it('as a GitHub job container (root): verifies a mounted repository with its tests in bubblewrap, privileges dropped, no token in reach', () => {
    const run = verifyIn(JOB_CONTAINER_OPTIONS, ['--out', '/tmp/out', '--json']);
    expect(run.stderr).not.toContain('WITHOUT a sandbox');
    const evidence = EvidenceSchema.parse(JSON.parse(run.stdout));
    const tests = evidence.gates.find((g) => g.id === 'tests');
    expect(tests?.status, JSON.stringify(tests)).toBe('pass');
    expect(tests?.reason).toContain('2 tests passed');
    expect(evidence.verdict).toBe('VERIFIED');
    expect(run.code).toBe(0);
  });

  it('as its own user on a read-only mount owned by another uid: git trusts it, and an unreadable or unwritable mount is a clear error', () => {
    chmodSync(repo.dir, 0o700);
    const unreadable = verifyIn(APP_CONTAINER_OPTIONS, ['--out', '/tmp/out']);
    expect(unreadable.code).toBe(3);
    expect(unreadable.stderr).toContain('/repo cannot be read by uid 10001 (permission denied)');
    chmodSync(repo.dir, 0o755);
    const refused = verifyIn(APP_CONTAINER_OPTIONS);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('cannot write the evidence to /repo/.loki/verify');
    expect(refused.stderr).toContain('Fix: pass --out');
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    const run = verifyIn(APP_CONTAINER_OPTIONS, ['--out', '/tmp/out', '--json']);
    expect(run.stderr).not.toContain('dubious ownership');
    expect(run.stderr).not.toContain('WITHOUT a sandbox');
    expect(EvidenceSchema.parse(JSON.parse(run.stdout)).verdict).toBe('VERIFIED');
  });

  it("without the container options bubblewrap cannot start, and the warning's fix names them (not 'install bubblewrap')", () => {
    const run = verifyIn([], ['--out', '/tmp/out', '--gates', 'tests']);
    expect(run.stderr).toContain('WITHOUT a sandbox');
    expect(run.stderr).toContain('--security-opt systempaths=unconfined');
    expect(run.stderr).not.toContain('apt-get install -y bubblewrap');
  });
});

describe('the App in the image', () => {
  let gh: FakeGitHub;
  let remote: { barePath: string; remove(): void };
  let name: string;
  let stateVolume: string;

  beforeAll(async () => {
    remote = createBareRemote();
    gh = await startFakeGitHub({ barePath: remote.barePath });
    gh.roles.set('writer', 'write');
    name = `loki-app-test-${process.pid}`;
    stateVolume = `${name}-state`;
  });
  afterAll(async () => {
    docker(['rm', '--force', name]);
    docker(['volume', 'rm', '--force', stateVolume]);
    await gh?.close();
    remote?.remove();
  });

  it('starts on a fresh named state volume, reports bwrap on /healthz, and answers a signed webhook through the GitHub stand-in', async () => {
    const port = await freePort();
    const env = { APP_ID: '4242', PRIVATE_KEY: testPrivateKey(), WEBHOOK_SECRET: 'container-secret', GHE_HOST: gh.host, GHE_PROTOCOL: 'http', PORT: String(port), HOST: '127.0.0.1', LOKI_RECONCILE_INTERVAL_MS: '0' };
    const passed = Object.keys(env).flatMap((k) => ['-e', k]);
    const started = docker(['run', '-d', '--name', name, '--network', 'host', ...APP_CONTAINER_OPTIONS, '-v', `${stateVolume}:/var/lib/loki`, ...passed, image, 'app'], env);
    expect(started.code, started.stderr).toBe(0);
    const url = `http://127.0.0.1:${port}`;
    const health = await waitFor('/healthz', async () => {
      const r = await fetch(`${url}/healthz`).catch(() => undefined);
      return r?.ok ? ((await r.json()) as unknown) : undefined;
    }, 60_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${docker(['logs', name]).stderr}`);
    });
    expect(health).toEqual({ status: 'ok', sandbox: 'bwrap' });

    gh.issues.set(5, { number: 5, title: 'Add a widget', body: '', labels: [], state: 'open' });
    const delivery = await deliver(url, env.WEBHOOK_SECRET, { event: 'issue_comment', payload: commentPayload({ gh }, { number: 5, body: '/loki help' }) });
    expect(delivery.status).toBeLessThan(300);
    const reply = await waitFor('the /loki help reply', () => gh.comments.find((c) => c.issue_number === 5), 30_000);
    expect(reply.body).toContain('/loki grill');
    const state = docker(['run', '--rm', '-v', `${stateVolume}:/s`, '--entrypoint', 'stat', image, '-c', '%u %a', '/s']);
    expect(state.stdout.trim()).toBe('10001 700');
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
