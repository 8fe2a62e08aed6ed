import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../gates/core/package-root.js';

const root = packageRoot();

describe('Dockerfile (the runner image)', () => {
  const text = readFileSync(join(root, 'Dockerfile'), 'utf8');
  const lines = text.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));

  it('builds on a Node 20/22 base with git, installs the loki CLI from this package, and runs as a non-root user', () => {
    expect(text).toMatch(/^ARG NODE_VERSION=(20|22)$/m);
    expect(lines.filter((l) => l.startsWith('FROM ')).every((l) => l.includes('node:${NODE_VERSION}'))).toBe(true);
    expect(text).toMatch(/apt-get install[^\n]*\bgit\b/);
    expect(text).toMatch(/npm pack/);
    expect(text).toMatch(/npm install -g[^\n]*\/tmp\/loki\.tgz/);
    expect(text).toMatch(/useradd[^\n]*\bloki\b/);
    // The last USER wins: the image must not end as root.
    expect(lines.filter((l) => l.startsWith('USER ')).at(-1)).toBe('USER loki');
    expect(lines.find((l) => l.startsWith('ENTRYPOINT'))).toMatch(/"loki"\]$/);
  });

  it('adds provider CLIs only through build arguments that default to false', () => {
    for (const name of ['CLAUDE', 'CODEX', 'CLINE', 'AIDER']) {
      expect(text).toContain(`ARG INSTALL_${name}=false`);
      expect(text).toMatch(new RegExp(`if \\[ "\\$INSTALL_${name}" = "true" \\]`));
    }
    expect(text).toContain('@anthropic-ai/claude-code');
  });

  it('copies only sources that exist (never the whole build context with node_modules)', () => {
    const copies = lines.filter((l) => l.startsWith('COPY ') && !l.includes('--from='));
    expect(copies.some((l) => /^COPY \. /.test(l))).toBe(false);
    for (const line of copies) {
      const parts = line.split(/\s+/).slice(1, -1);
      for (const source of parts) expect(existsSync(join(root, source)), source).toBe(true);
    }
  });

  it('copies every source folder the CLI is bundled from (a new layer must reach the image too)', () => {
    const copied = new Set(lines.filter((l) => l.startsWith('COPY ') && !l.includes('--from=')).flatMap((l) => l.split(/\s+/).slice(1, -1)));
    const layers = readdirSync(root, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !['node_modules', 'tests', 'bench', 'dist'].includes(d.name) && !d.name.startsWith('.'))
      .filter((d) => readdirSync(join(root, d.name), { recursive: true }).some((f) => String(f).endsWith('.ts')))
      .map((d) => d.name);
    expect(layers).toEqual(expect.arrayContaining(['gates', 'github', 'runner', 'app', 'action', 'cli']));
    for (const layer of layers) expect(copied.has(layer), `Dockerfile does not COPY ${layer}/`).toBe(true);
  });

  it('every file the image build copies exists in the package', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string>; files: string[] };
    expect(pkg.scripts.prepare).toMatch(/build\.mjs --cli/);
    expect(pkg.files).toEqual(expect.arrayContaining(['dist', 'templates']));
  });
});

describe('templates/workflows/loki-build.yml', () => {
  const wf = load(readFileSync(join(root, 'templates/workflows/loki-build.yml'), 'utf8')) as Record<string, any>;
  const job = wf.jobs.build as Record<string, any>;
  const text = readFileSync(join(root, 'templates/workflows/loki-build.yml'), 'utf8');

  it('is dispatched with a job id and a job, and never a token input', () => {
    const inputs = wf.on.workflow_dispatch.inputs as Record<string, unknown>;
    expect(Object.keys(inputs).sort()).toEqual(['job', 'job_id', 'tokenless']);
    // `tokenless` says 'true' or 'false' (a fork gets no token); nothing secret travels as an input.
    expect(Object.keys(inputs).filter((k) => k !== 'tokenless').some((k) => /token|secret|key/i.test(k))).toBe(false);
  });

  it('runs on the loki runners (a label, or an ARC scale set of that name), in the published Loki image, with a timeout', () => {
    expect(job['runs-on']).toBe('loki');
    expect(job.container.image).toBe('{{loki_image}}');
    expect(job['timeout-minutes']).toBeGreaterThan(0);
  });

  it('runs its job container as root, as GitHub requires, with what bubblewrap needs to drop privileges inside', () => {
    const options = String(job.container.options).split(/\s+/);
    expect(options.slice(options.indexOf('--user'), options.indexOf('--user') + 2)).toEqual(['--user', 'root']);
    for (const opt of ['seccomp=unconfined', 'apparmor=unconfined', 'systempaths=unconfined']) expect(options).toContain(opt);
    expect(options).not.toContain('--privileged');
  });

  it('has one concurrency group per issue and least permissions', () => {
    expect(wf.concurrency.group).toMatch(/issue_number/);
    expect(wf.concurrency['cancel-in-progress']).toBe(false);
    expect(wf.permissions).toEqual({});
  });

  it('hands the runner an App token in its step environment, sandboxed, and never interpolates inputs into a script', () => {
    const steps = job.steps as { uses?: string; run?: string; env?: Record<string, string> }[];
    expect(steps.some((s) => s.uses?.startsWith('actions/create-github-app-token@'))).toBe(true);
    const runStep = steps.find((s) => s.run?.includes('loki run-job'));
    expect(runStep?.env?.LOKI_GITHUB_TOKEN).toMatch(/steps\.\w+\.outputs\.token/);
    expect(runStep?.env?.LOKI_SANDBOX).toBe('bwrap');
    expect(runStep?.env?.GITHUB_TOKEN).toBeUndefined();
    for (const s of steps) if (s.run) expect(s.run).not.toMatch(/\$\{\{/);
    expect(text).not.toMatch(/LOKI_GITHUB_TOKEN_FILE/);
  });
});

describe('compose.yaml', () => {
  const compose = load(readFileSync(join(root, 'compose.yaml'), 'utf8')) as { services: Record<string, any>; volumes: Record<string, unknown> };
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
  const stateDir = /^ENV LOKI_STATE_DIR=(\S+)$/m.exec(dockerfile)?.[1];

  it('runs the App from .env with its state on a named volume at the image\'s LOKI_STATE_DIR', () => {
    const app = compose.services.loki;
    expect(app.command).toEqual(['app']);
    expect(app.env_file).toEqual(['.env']);
    expect(stateDir).toBeDefined();
    expect(app.volumes).toContain(`loki-state:${stateDir}`);
    expect(Object.keys(compose.volumes)).toContain('loki-state');
    expect(app.volumes.some((v: string) => v.endsWith(':/keys:ro'))).toBe(true);
  });

  it('gives the bwrap service exactly what bubblewrap needs, and the docker-sandbox one the socket and same-path job folders', () => {
    expect(compose.services.loki.security_opt.sort()).toEqual(['apparmor=unconfined', 'seccomp=unconfined', 'systempaths=unconfined']);
    expect(compose.services.loki.privileged).toBeUndefined();
    const docker = compose.services['loki-docker-sandbox'];
    expect(docker.environment.LOKI_SANDBOX).toBe('docker');
    expect(docker.volumes).toContain('/var/run/docker.sock:/var/run/docker.sock');
    const jobs = docker.environment.TMPDIR as string;
    expect(docker.volumes).toContain(`${jobs}:${jobs}`);
  });
});
