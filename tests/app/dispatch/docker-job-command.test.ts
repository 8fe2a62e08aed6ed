import { describe, expect, it } from 'vitest';
import { dockerJobCommand } from '../../../app/dispatch/docker-job-command.js';
import { JobSchema } from '../../../runner/job/schema.js';

describe('dockerJobCommand (LOKI_SANDBOX=docker)', () => {
  const job = JobSchema.parse({ job_id: 'loki-build-o-r-1-abcdef01', kind: 'build', base_ref: 'main' });

  it('runs the job in the configured image with the token folder read-only and environment values off the command line', () => {
    const command = dockerJobCommand({ LOKI_IMAGE: 'registry.local/loki:1' });
    const { file, args } = command({
      job,
      jobFile: '/state/jobs/x/job.json',
      outDir: '/state/jobs/x/out',
      env: { PATH: '/usr/bin', LOKI_GITHUB_TOKEN_FILE: '/state/tokens/token-ab/token', ANTHROPIC_API_KEY: 'sk-ant-secret', LOKI_AGENT_COMMAND: 'my-agent' },
    });
    expect(file).toBe('docker');
    const line = args.join(' ');
    expect(line).toContain('type=bind,source=/state/tokens/token-ab,target=/run/loki/token,readonly');
    expect(line).toContain('type=bind,source=/state/jobs/x/job.json,target=/run/loki/job/job.json,readonly');
    expect(args).toContain('registry.local/loki:1');
    expect(args.slice(args.indexOf('registry.local/loki:1'))).toEqual(['registry.local/loki:1', 'run-job', '--job', '/run/loki/job/job.json', '--out', '/run/loki/out']);
    // Passed by name: docker reads the values from its own environment.
    expect(args).toContain('ANTHROPIC_API_KEY');
    expect(args).toContain('LOKI_AGENT_COMMAND');
    expect(line).not.toContain('sk-ant-secret');
    expect(args).not.toContain('PATH');
  });

  it('mounts no token for a tokenless (fork) job', () => {
    const { args } = dockerJobCommand({})({ job, jobFile: '/j/job.json', outDir: '/j/out', env: { PATH: '/usr/bin' } });
    expect(args.join(' ')).not.toContain('/run/loki/token');
    expect(args.join(' ')).not.toContain('LOKI_GITHUB_TOKEN_FILE');
  });
});
