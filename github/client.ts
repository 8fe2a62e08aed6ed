import { createCallbackAuth } from '@octokit/auth-callback';
import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { LokiError } from '../gates/core/errors.js';
import { pauseRequests, pausingFetch, type PauseKey } from './rate-limit-pause.js';

type Parameters = Record<string, unknown>;

/**
 * What Loki needs from a GitHub client: `request`, and `paginate` for every list call (it follows
 * the `Link` header to the last page and unwraps the namespaced lists such as `check_runs`). An
 * `@octokit/core` Octokit with the paginate plugin satisfies it, and so does Probot's
 * `context.octokit`, so the App, the runner and the Action share one layer. Response bodies are
 * `unknown` on purpose: callers validate them with zod.
 */
export interface GitHubClient {
  request(route: string, parameters?: Parameters): Promise<{ status: number; data: unknown }>;
  paginate(route: string, parameters?: Parameters): Promise<unknown[]>;
}

export interface GitHubClientOptions {
  /**
   * The token, or a function that reads it before every request: a dispatcher renews a one-hour
   * installation token in a file while a long build runs, and the one client picks it up.
   * `{ anonymous: true }` sends no credentials: only for the one call that needs none, turning a
   * new App's manifest code into its credentials.
   */
  token: string | (() => string | undefined) | { anonymous: true };
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

const LokiOctokit = Octokit.plugin(paginateRest, retry, throttling);

/** How long a rate-limited request may wait before it fails instead, by default. */
export const MAX_RATE_LIMIT_WAIT_SECONDS = 60;

type RateLimitHandler = (retryAfter: number, options: { method?: string; url?: string }, octokit: { log?: { warn(message: string): void } }, retryCount: number) => boolean;

/**
 * The throttling plugin's answer to a primary or secondary rate limit (403 or 429): wait the
 * `retry-after` (or until the reset) and send again, at most twice and never for longer than
 * `maxWaitSeconds`; past that the request fails and its caller reports it. While it waits, the
 * requests under `pauseKey` (the client's, or its installation's) wait too: the client's `fetch` is
 * `pausingFetch(pauseKey)` (rate-limit-pause.ts). Used by every Loki
 * client, the App's Probot Octokit included (Probot's own default drops a secondary-limited write).
 */
export function waitOutRateLimits(pauseKey: PauseKey, maxWaitSeconds = MAX_RATE_LIMIT_WAIT_SECONDS): RateLimitHandler {
  return (retryAfter, options, octokit, retryCount) => {
    const wait = retryAfter <= maxWaitSeconds && retryCount < 2;
    octokit.log?.warn(`GitHub rate limit on ${options.method ?? ''} ${options.url ?? ''}: ${wait ? `sending again in ${retryAfter} s` : `not waiting ${retryAfter} s (retry ${retryCount + 1})`}`);
    if (wait) pauseRequests(pauseKey, retryAfter);
    return wait;
  };
}

export const DEFAULT_API_URL = 'https://api.github.com';

/**
 * One long-lived Octokit with pagination, retry and throttling. Keep it for as long as the work
 * lasts: the throttling plugin spaces writes only across the requests of one client.
 */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const readToken = typeof options.token === 'string' ? fixedToken(options.token) : typeof options.token === 'function' ? options.token : undefined;
  const pauseKey = {};
  const shouldWait = waitOutRateLimits(pauseKey, options.maxRateLimitWaitSeconds);
  const octokit = new LokiOctokit({
    request: { fetch: pausingFetch(pauseKey) },
    ...(readToken ? { authStrategy: createCallbackAuth, auth: { callback: () => readToken() ?? noToken() } } : {}),
    baseUrl: (options.baseUrl ?? DEFAULT_API_URL).replace(/\/+$/, ''),
    userAgent: options.userAgent ?? 'loki',
    retry: { retries: options.retries ?? 2 },
    throttle: { enabled: options.throttle ?? true, onRateLimit: shouldWait, onSecondaryRateLimit: shouldWait },
  });
  return octokit as unknown as GitHubClient;
}

function fixedToken(token: string): () => string {
  if (!token.trim()) {
    throw new LokiError('GITHUB_FAILED', 'no GitHub token was given', {
      fix: 'pass a token (the workflow token, an installation token, or LOKI_GITHUB_TOKEN)',
    });
  }
  return () => token;
}

function noToken(): never {
  throw new LokiError('GITHUB_FAILED', 'the runner has no GitHub token any more', {
    fix: 'set LOKI_GITHUB_TOKEN_FILE to a file holding a valid token (or LOKI_GITHUB_TOKEN)',
  });
}

/** The HTTP status of a failed request, when the failure came from GitHub's answer. */
export function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number') return status;
  return httpStatusOf((error as { cause?: unknown }).cause);
}
