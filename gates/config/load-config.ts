import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
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
 * The config as committed at `commit` (defaults when the file is absent there). Verify takes its
 * policy from the merge-base, so a change cannot relax the gates that judge it by editing
 * `.github/loki.yml` in the same change.
 */
export async function loadConfigAt(repoDir: string, commit: string): Promise<LokiConfig> {
  const text = await showFile(repoDir, commit, CONFIG_PATH);
  return text === undefined ? LokiConfigSchema.parse({}) : parseConfig(text, `${CONFIG_PATH} at ${commit.slice(0, 12)}`);
}
