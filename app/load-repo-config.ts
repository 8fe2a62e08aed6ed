import { z } from 'zod';
import { CONFIG_PATH, validateConfig } from '../gates/config/load-config.js';
import type { LokiConfig } from '../gates/config/schema.js';
import { LokiError } from '../gates/core/errors.js';
import { httpStatusOf } from '../github/client.js';
import type { RepoRef } from '../github/repo-ref.js';

/** Probot's config plugin (`octokit.config.get`), the same lookup `context.config('loki.yml')` does. */
export interface ConfigReader {
  config: { get(options: { owner: string; repo: string; path: string }): Promise<unknown> };
}

const ResultSchema = z.object({
  config: z.record(z.string(), z.unknown()),
  files: z.array(z.object({ owner: z.string(), repo: z.string(), path: z.string(), config: z.unknown() })),
});

/**
 * `.github/loki.yml` of the repository, or the org-wide default from the org's `.github`
 * repository when the repository has none, validated by the one config schema. An invalid file
 * throws CONFIG_INVALID naming the file and the key, so the caller can say so and run nothing.
 */
export async function loadRepoConfig(octokit: ConfigReader, ref: RepoRef): Promise<LokiConfig> {
  let raw: unknown;
  try {
    raw = await octokit.config.get({ ...ref, path: CONFIG_PATH });
  } catch (error) {
    const message = (error as Error).message;
    if (/could not be parsed|not an object/i.test(message)) {
      throw new LokiError('CONFIG_INVALID', `${CONFIG_PATH} is not valid YAML: ${message.replace(/^\[[^\]]+\]\s*/, '')}`, {
        fix: `correct the YAML syntax in ${CONFIG_PATH}`,
        cause: error,
      });
    }
    const status = httpStatusOf(error);
    throw new LokiError('GITHUB_FAILED', `could not read ${CONFIG_PATH}${status ? ` (HTTP ${status})` : ''}: ${message}`, {
      fix: 'check that the Loki App has `contents: read` on this repository',
      cause: error,
    });
  }
  const result = ResultSchema.safeParse(raw);
  if (!result.success) throw new LokiError('CONFIG_INVALID', `${CONFIG_PATH} is not a mapping of keys`, { fix: `make ${CONFIG_PATH} a YAML mapping (see the README's configuration section)` });
  const source = result.data.files.find((file) => file.config !== null && file.config !== undefined);
  return validateConfig(result.data.config, source ? `${source.owner}/${source.repo}:${source.path}` : CONFIG_PATH);
}
