import type { z } from 'zod';
import { LokiError } from '../gates/core/errors.js';
import { httpStatusOf, type GitHubClient } from './client.js';

/** The permission a call needs, named in the fix when GitHub answers 403 (`checks: write`, …). */
export type Permission = `${'checks' | 'issues' | 'pull_requests' | 'contents' | 'metadata' | 'actions'}: ${'read' | 'write'}`;

/** A failed API call as a GITHUB_FAILED LokiError with the fix; the HTTP status stays reachable via `cause`. */
export function requestFailed(error: unknown, what: string, permission?: Permission): LokiError {
  if (error instanceof LokiError) return error;
  const status = httpStatusOf(error);
  const detail = error instanceof Error ? error.message : String(error);
  return new LokiError('GITHUB_FAILED', `could not ${what}: ${status ? `HTTP ${status}: ` : ''}${detail}`, {
    fix: fixFor(status, permission),
    cause: error,
  });
}

function fixFor(status: number | undefined, permission: Permission | undefined): string {
  if (status === 401) return 'the token is invalid or expired: pass a valid token';
  if (status === 403) {
    return permission
      ? `give the token \`${permission}\` (the workflow's \`permissions:\`, or the App's permissions in app.yml); fork PRs only get a read-only token`
      : 'check that the token, or the Loki App installation, has the permissions listed in app.yml';
  }
  if (status === 404) return 'check the repository name and that the token, or the Loki App installation, can see it';
  if (status === 422) return 'GitHub refused the request as invalid: check that the commit SHA, branch or name it names exists';
  return 'GitHub did not answer as expected: check https://www.githubstatus.com and retry (`/loki retry` on the issue)';
}

/** One request; a failure becomes a LokiError that says what was being done and how to fix it. */
export async function send(gh: GitHubClient, what: string, route: string, parameters: Record<string, unknown>, permission?: Permission): Promise<{ status: number; data: unknown }> {
  try {
    return await gh.request(route, parameters);
  } catch (error) {
    throw requestFailed(error, what, permission);
  }
}

/** One request whose answer is checked against a schema. */
export async function ask<T>(gh: GitHubClient, what: string, route: string, parameters: Record<string, unknown>, schema: z.ZodType<T>, permission?: Permission): Promise<T> {
  const { data } = await send(gh, what, route, parameters, permission);
  return parse(schema, data, what);
}

/** Every page of a list (per_page 100), each item checked against a schema. */
export async function askAll<T>(gh: GitHubClient, what: string, route: string, parameters: Record<string, unknown>, item: z.ZodType<T>, permission?: Permission): Promise<T[]> {
  let items: unknown[];
  try {
    items = await gh.paginate(route, { per_page: 100, ...parameters });
  } catch (error) {
    throw requestFailed(error, what, permission);
  }
  return items.map((entry) => parse(item, entry, what));
}

function parse<T>(schema: z.ZodType<T>, data: unknown, what: string): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new LokiError('GITHUB_FAILED', `GitHub answered "${what}" with an unexpected shape`, {
      fix: 'check that the API URL (GITHUB_API_URL / GHE_HOST) points at a GitHub REST API',
      cause: parsed.error,
    });
  }
  return parsed.data;
}
