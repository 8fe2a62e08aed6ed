import { z } from 'zod';
import type { GitHubClient } from './client.js';
import { ask } from './request-failed.js';

/** The login the App acts as (`<slug>[bot]`): the author of its pull requests, comments and replies. */
export async function appBotLogin(appClient: GitHubClient): Promise<string> {
  const app = await ask(appClient, 'read the App', 'GET /app', {}, z.looseObject({ slug: z.string().min(1) }));
  return `${app.slug}[bot]`;
}
