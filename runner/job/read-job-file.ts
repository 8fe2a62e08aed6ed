import { readFile } from 'node:fs/promises';
import { describeIssues } from '../../gates/config/load-config.js';
import { LokiError } from '../../gates/core/errors.js';
import { JobSchema, type Job } from './schema.js';

/** Reads and validates a job file (JSON). A bad file is a JOB_INVALID error naming the key. */
export async function readJobFile(path: string): Promise<Job> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new LokiError('JOB_INVALID', `cannot read the job file ${path}: ${(error as Error).message}`, {
      fix: 'pass --job with the path of the job file the dispatcher wrote',
      cause: error,
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new LokiError('JOB_INVALID', `the job file ${path} is not valid JSON: ${(error as Error).message}`, {
      fix: 'write the job file as JSON (see runner/job/schema.ts for its fields)',
      cause: error,
    });
  }
  return parseJob(raw, path);
}

export function parseJob(raw: unknown, source = 'the job'): Job {
  const result = JobSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new LokiError('JOB_INVALID', `${source} is invalid:\n${describeIssues(result.error.issues)}`, {
    fix: 'correct the key named above in the job file (see runner/job/schema.ts)',
    cause: result.error,
  });
}
