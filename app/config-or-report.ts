import type { LokiConfig } from '../gates/config/schema.js';
import { isLokiError } from '../gates/core/errors.js';
import { loadTemplate, renderTemplate } from '../gates/core/templates.js';
import type { RepoRef } from '../github/repo-ref.js';
import { loadRepoConfig } from './load-repo-config.js';
import type { AppServices, InstallationClient } from './services.js';
import { upsertStatusComment } from '../github/status-comment.js';

/**
 * The repository's config, or undefined after telling the issue why it is invalid (naming the
 * key). An invalid config means nothing runs: no reaction, no check run, no job.
 */
export async function configOrReport(gh: InstallationClient, services: AppServices, ref: RepoRef, issueNumber: number | undefined): Promise<LokiConfig | undefined> {
  try {
    return await loadRepoConfig(gh, ref);
  } catch (error) {
    if (!isLokiError(error) || error.code !== 'CONFIG_INVALID') throw error;
    services.log.warn({ repo: `${ref.owner}/${ref.repo}` }, error.message);
    if (issueNumber !== undefined) {
      const body = renderTemplate(loadTemplate('app/config-invalid.md'), { problem: error.message, fix: error.fix ?? 'correct the file' });
      await upsertStatusComment(gh, { ...ref, issue_number: issueNumber, body, throttle: services.throttle });
    }
    return undefined;
  }
}
