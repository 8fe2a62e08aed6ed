import type { LokiConfig } from '../gates/config/schema.js';
import type { GitHubClient } from '../github/client.js';
import { collaboratorRole } from '../github/permissions.js';
import { type RepoRef } from '../github/repo-ref.js';

export interface Actor {
  login: string;
  /** The account type from the payload: 'User', 'Bot' or 'Organization'. */
  type: string;
}

export type Authorization = { allowed: true; role: string } | { allowed: false; reason: string };

/**
 * Who may make Loki act. Bots are recognised by their account type — a `[bot]` suffix alone proves
 * nothing — and are refused unless allowlisted; people need one of the configured roles, read from
 * the collaborator-permission API (never from the payload's author_association, which a fork
 * contributor can also carry).
 */
export async function authorize(gh: GitHubClient, ref: RepoRef, actor: Actor, config: LokiConfig): Promise<Authorization> {
  if (actor.type === 'Bot') {
    return config.app.allowed_bots.includes(actor.login)
      ? { allowed: true, role: 'allowlisted bot' }
      : { allowed: false, reason: `@${actor.login} is a bot, and bots may only trigger Loki when listed in \`app.allowed_bots\`` };
  }
  if (actor.type !== 'User') return { allowed: false, reason: `@${actor.login} is not a user account` };
  const role = await collaboratorRole(gh, ref, actor.login);
  const allowed: readonly string[] = config.app.allowed_roles;
  if (allowed.includes(role)) return { allowed: true, role };
  return {
    allowed: false,
    reason: `@${actor.login} has the \`${role}\` role on ${ref.owner}/${ref.repo}; Loki acts for ${allowed.map((r) => `\`${r}\``).join(', ')}`,
  };
}
