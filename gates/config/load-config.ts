import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { load } from 'js-yaml';
import type { z } from 'zod';
import { LokiError } from '../core/errors.js';
import { showFile } from '../git/git.js';
import { LokiConfigSchema, type LokiConfig } from './schema.js';

export const CONFIG_PATH = '.github/loki.yml';

/** Parses config text (YAML). `source` names it in errors: a path, or "org .github repo". */
export function parseConfig(text: string, source = CONFIG_PATH): LokiConfig {
  let raw: unknown;
  try {
    raw = load(text) ?? {};
  } catch (error) {
    throw new LokiError('CONFIG_INVALID', `${source} is not valid YAML: ${(error as Error).message.split('\n')[0]}`, {
      fix: `correct the YAML syntax in ${source}`,
      cause: error,
    });
  }
  return validateConfig(raw, source);
}

export function validateConfig(raw: unknown, source = CONFIG_PATH): LokiConfig {
  const result = LokiConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new LokiError('CONFIG_INVALID', `${source} is invalid:\n${describeIssues(result.error.issues)}`, {
    fix: `correct the key named above in ${source} (see the README's configuration section)`,
    cause: result.error,
  });
}

/** "- `verify.block_on[1]`: Invalid option: expected one of …" — one line per problem, naming the key. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const path = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
      const key = issue.code === 'unrecognized_keys' ? [path, issue.keys.join(', ')].filter(Boolean).join('.') : path || '(top level)';
      return `- \`${key}\`: ${issue.message}`;
    })
    .join('\n');
}

/** Reads `.github/loki.yml` (or an explicit file); a missing file means the defaults. */
export async function loadConfig(repoDir: string, file?: string): Promise<LokiConfig> {
  const path = file ?? join(repoDir, CONFIG_PATH);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && file === undefined) return LokiConfigSchema.parse({});
    throw new LokiError('CONFIG_UNREADABLE', `cannot read the config file ${path}: ${(error as Error).message}`, {
      fix: 'check the path passed with --config',
      cause: error,
    });
  }
  return parseConfig(text, file ?? CONFIG_PATH);
}

/**
 * The config as committed at `commit`. Verify takes its policy from the merge-base, so a change
 * cannot relax the gates that judge it by editing the config in the same change. The default
 * path may be absent (defaults); a path the caller named must exist there.
 */
export async function loadConfigAt(repoDir: string, commit: string, named?: { path: string; baseRef: string }): Promise<LokiConfig> {
  const file = named === undefined ? CONFIG_PATH : repoRelative(repoDir, named.path);
  const text = await showFile(repoDir, commit, file);
  if (text === undefined && named !== undefined) {
    throw new LokiError('CONFIG_UNREADABLE', `the config ${file} does not exist on the base (merge-base ${commit.slice(0, 12)})`, {
      fix: `commit ${file} to ${named.baseRef} first: a pull request cannot bring the config that judges it`,
    });
  }
  return text === undefined ? LokiConfigSchema.parse({}) : parseConfig(text, `${file} at ${commit.slice(0, 12)}`);
}

function repoRelative(repoDir: string, path: string): string {
  const inside = relative(repoDir, resolve(repoDir, path));
  if (inside.startsWith('..') || isAbsolute(inside)) {
    throw new LokiError('USAGE', `the config "${path}" is outside the repository`, { fix: 'pass a path inside the repository, e.g. .github/loki.yml' });
  }
  return inside;
}
