import { z } from 'zod';
import { LokiError } from '../../gates/core/errors.js';
import type { GitHubClient } from '../../github/client.js';

export interface RepoToken {
  token: string;
  expiresAt: Date;
}

export type TokenMinter = (installationId: number, repositoryId: number, kind: 'build' | 'verify') => Promise<RepoToken>;

/** Least privilege per job kind: a verify job only reads code and reports its check run. */
export const JOB_PERMISSIONS = {
  build: { contents: 'write', pull_requests: 'write', issues: 'write', checks: 'write', metadata: 'read' },
  verify: { contents: 'read', checks: 'write', pull_requests: 'read', metadata: 'read' },
} as const;

const TokenSchema = z.object({ token: z.string().min(1), expires_at: z.string() });

/**
 * Mints a fresh installation token scoped to ONE repository with the job's permissions. `appClient`
 * must be authenticated as the App (JWT), e.g. `await probot.auth()`.
 */
export function createTokenMinter(appClient: GitHubClient): TokenMinter {
  return async (installationId, repositoryId, kind) => {
    let data: unknown;
    try {
      ({ data } = await appClient.request('POST /app/installations/{installation_id}/access_tokens', {
        installation_id: installationId,
        repository_ids: [repositoryId],
        permissions: JOB_PERMISSIONS[kind],
      }));
    } catch (error) {
      throw new LokiError('GITHUB_FAILED', `could not mint an installation token for the job: ${(error as Error).message}`, {
        fix: 'check APP_ID and PRIVATE_KEY, and that the App is still installed on the repository',
        cause: error,
      });
    }
    const parsed = TokenSchema.parse(data);
    return { token: parsed.token, expiresAt: new Date(parsed.expires_at) };
  };
}
