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

/** Legacy `permission` values, for servers that do not send `role_name`. */
const ROLE_FROM_PERMISSION: Record<string, string> = { admin: 'admin', maintain: 'maintain', write: 'write', triage: 'triage', read: 'read' };

/** The user's role on the repository (`admin`, `maintain`, `write`, `triage`, `read`, a custom role), or `none`. */
export async function collaboratorRole(gh: GitHubClient, ref: RepoRef, username: string): Promise<string> {
  const permission = await collaboratorPermission(gh, ref, username);
  return permission ? (permission.role_name ?? ROLE_FROM_PERMISSION[permission.permission] ?? 'none') : 'none';
}
