import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { parseIssueRef } from '../../gates/spec/lock-spec.js';
import { readSpecFile } from '../../gates/spec/read-spec-file.js';
import type { Spec } from '../../gates/spec/spec-schema.js';
import { loadIssueSpec } from './load-issue-spec.js';

/**
 * The SPEC argument of `loki spec|grill|plan|build`: `owner/repo#N` is a GitHub issue (read with
 * GITHUB_TOKEN or GH_TOKEN from GITHUB_API_URL), anything else a file path. A file that happens to
 * be named like an issue reference wins if it exists.
 */
export async function loadSpecArgument(arg: string, options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Spec> {
  const env = options.env ?? process.env;
  const path = resolve(options.cwd, arg);
  const issue = parseIssueRef(arg);
  if (issue) {
    if (!existsSync(path)) {
      const token = env.GITHUB_TOKEN?.trim() || env.GH_TOKEN?.trim();
      const baseUrl = env.GITHUB_API_URL?.trim();
      return loadIssueSpec(arg, { ...(token ? { token } : {}), ...(baseUrl ? { baseUrl } : {}) });
    }
  }
  const shown = isAbsolute(arg) ? arg : relative(options.cwd, path) || arg;
  return readSpecFile(path, shown);
}
