import { z } from 'zod';
import { httpStatusOf, type GitHubClient } from './client.js';
import type { RepoRef } from './repo-ref.js';
import { ask } from './request-failed.js';

const PermissionSchema = z.object({ permission: z.string(), role_name: z.string().optional() });
export type CollaboratorPermission = z.infer<typeof PermissionSchema>;

/** The user's role on the repository, or undefined when they are not a collaborator (404). */
export async function collaboratorPermission(gh: GitHubClient, ref: RepoRef, username: string): Promise<CollaboratorPermission | undefined> {
  try {
    return await ask(gh, `read ${username}'s permission`, 'GET /repos/{owner}/{repo}/collaborators/{username}/permission', { ...ref, username }, PermissionSchema);
  } catch (error) {
    if (httpStatusOf(error) === 404) return undefined;
    throw error;
  }
}
