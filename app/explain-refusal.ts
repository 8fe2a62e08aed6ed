import { loadTemplate, renderTemplate } from '../gates/core/templates.js';
import { postComment } from '../github/issues.js';
import { type RepoRef } from '../github/repo-ref.js';
import type { AppServices, InstallationClient } from './services.js';

/** One polite explanation per person and issue: repeating it on every attempt would be noise. */
export async function explainRefusal(gh: InstallationClient, services: AppServices, ref: RepoRef, number: number, login: string, reason: string): Promise<void> {
  const key = `${ref.owner}/${ref.repo}#${number}@${login}`.toLowerCase();
  if (services.explained.has(key)) return;
  services.explained.add(key);
  services.log.info({ repo: `${ref.owner}/${ref.repo}`, number, login }, 'refused a trigger');
  await postComment(gh, ref, number, renderTemplate(loadTemplate('app/refused.md'), { reason }));
}
