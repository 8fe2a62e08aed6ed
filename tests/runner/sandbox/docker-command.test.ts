import { describe, expect, it } from 'vitest';
import { JobSchema } from '../../../runner/job/schema.js';
import { CONTAINER_PATHS, dockerRunArgs } from '../../../runner/sandbox/docker-command.js';

const job = JobSchema.parse({ job_id: 'acme/calc#7 run 1', kind: 'build', base_ref: 'main', issue_number: 7 });

function flagValues(args: string[], flag: string): string[] {
  return args.flatMap((a, i) => (a === flag && args[i + 1] !== undefined ? [args[i + 1]!] : []));
}

describe('dockerRunArgs (LOKI_SANDBOX=docker)', () => {
  const args = dockerRunArgs(job, { image: 'loki:test', jobFile: '/var/lib/loki/jobs/j.json', tokenFile: '/var/lib/loki/tokens/j/token', outDir: '/var/lib/loki/out/j', passEnv: ['ANTHROPIC_API_KEY', 'BAD NAME'] });

  it('runs the image entry point on the job file, in a throwaway container, as loki', () => {
    expect(args.slice(0, 3)).toEqual(['run', '--rm', '--init']);
    expect(flagValues(args, '--user')).toEqual(['loki']);
    const imageAt = args.indexOf('loki:test');
    expect(args.slice(imageAt)).toEqual(['loki:test', 'run-job', '--job', CONTAINER_PATHS.job, '--out', CONTAINER_PATHS.out]);
    expect(flagValues(args, '--name')).toEqual(['loki-acme-calc-7-run-1']);
  });

  it('mounts the job file and the token folder read-only, and only the evidence folder writable', () => {
    const mounts = flagValues(args, '--mount');
    expect(mounts).toEqual([
      `type=bind,source=/var/lib/loki/jobs/j.json,target=${CONTAINER_PATHS.job},readonly`,
      `type=bind,source=/var/lib/loki/tokens/j,target=${CONTAINER_PATHS.tokenDir},readonly`,
      `type=bind,source=/var/lib/loki/out/j,target=${CONTAINER_PATHS.out}`,
    ]);
    expect(flagValues(args, '--env')).toContain(`LOKI_GITHUB_TOKEN_FILE=${CONTAINER_PATHS.tokenDir}/token`);
  });

  it('adds no privileges, drops capabilities, limits resources, uses the default network', () => {
    expect(args).not.toContain('--privileged');
    expect(flagValues(args, '--network')).toEqual(['bridge']);
    expect(flagValues(args, '--cap-drop')).toEqual(['ALL']);
    expect(flagValues(args, '--security-opt')).toEqual(['no-new-privileges']);
    expect(flagValues(args, '--cpus')).toEqual(['2']);
    expect(flagValues(args, '--memory')).toEqual(['4g']);
    expect(flagValues(args, '--pids-limit')).toEqual(['1024']);
  });

  it('passes provider keys by name only (no value on the command line) and drops malformed names', () => {
    const envs = flagValues(args, '--env');
    expect(envs).toContain('ANTHROPIC_API_KEY');
    expect(envs.some((e) => e.startsWith('ANTHROPIC_API_KEY='))).toBe(false);
    expect(envs).not.toContain('BAD NAME');
  });

  it('without a token file or out folder, mounts only the job', () => {
    const bare = dockerRunArgs(job, { jobFile: '/j.json' });
    expect(flagValues(bare, '--mount')).toHaveLength(1);
    expect(bare.some((a) => a.startsWith('LOKI_GITHUB_TOKEN_FILE'))).toBe(false);
  });
});
