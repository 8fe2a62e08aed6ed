import { Octokit } from '@octokit/core';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { LokiError } from '../gates/core/errors.js';

/**
 * What Loki needs from a GitHub client: one `request` method. An `@octokit/core` Octokit satisfies
 * it, and so does Probot's `context.octokit`, so the App, the runner and the Action share one
 * reporting module. Response bodies are `unknown` on purpose: callers validate them with zod.
 */
export interface GitHubClient {
  request(route: string, parameters?: Record<string, unknown>): Promise<{ status: number; data: unknown }>;
}

export interface GitHubClientOptions {
  token: string;
  /** REST API root: https://api.github.com, GHE's https://HOST/api/v3, or a local stand-in. */
  baseUrl?: string;
  /** Retries for 5xx and other retryable failures (not 4xx). Reporting is best-effort, so keep it small. */
  retries?: number;
  /** Rate-limit waits longer than this are not worth it: the request fails instead. */
  maxRateLimitWaitSeconds?: number;
  /** Space write requests ~1 s apart as GitHub asks (default on; a test of request shapes may turn it off). */
  throttle?: boolean;
  userAgent?: string;
}

const RetryingOctokit = Octokit.plugin(retry, throttling);

export const DEFAULT_API_URL = 'https://api.github.com';

/** An Octokit with retry and throttling (writes are spaced, as GitHub's secondary limits ask). */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  if (!options.token.trim()) {
    throw new LokiError('GITHUB_FAILED', 'no GitHub token was given', {
      fix: 'pass a token (the workflow token, an installation token, or LOKI_GITHUB_TOKEN)',
    });
  }
  const maxWait = options.maxRateLimitWaitSeconds ?? 60;
  const shouldWait = (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number): boolean =>
    retryAfter <= maxWait && retryCount < 2;
  return new RetryingOctokit({
    auth: options.token,
    baseUrl: (options.baseUrl ?? DEFAULT_API_URL).replace(/\/+$/, ''),
    userAgent: options.userAgent ?? 'loki',
    retry: { retries: options.retries ?? 2 },
    throttle: { enabled: options.throttle ?? true, onRateLimit: shouldWait, onSecondaryRateLimit: shouldWait },
  });
}

/** The HTTP status of a failed request, when the failure came from GitHub's answer. */
export function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number') return status;
  return httpStatusOf((error as { cause?: unknown }).cause);
}
