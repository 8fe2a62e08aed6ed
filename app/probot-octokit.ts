import { ProbotOctokit } from 'probot';
import { waitOutRateLimits } from '../github/client.js';
import { installationPauseKey, pausingFetch } from '../github/rate-limit-pause.js';

/**
 * The App's Octokit: Probot's, with throttling forced on for every installation client (the
 * plugin spaces writes per installation) and Loki's rate-limit answer, which also holds the
 * installation's other requests until `retry-after` is over (github/rate-limit-pause.ts). Probot's own defaults log
 * a secondary rate limit and drop the request, so a burst of writes lost check runs and comments.
 * A function, not an object, so these win over the options Probot passes in.
 */
export const AppOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => {
  const throttle = options.throttle as { id?: unknown } | undefined;
  const request = options.request as { fetch?: typeof fetch } | undefined;
  const pauseKey = installationPauseKey(throttle?.id);
  const handler = waitOutRateLimits(pauseKey);
  return {
    ...options,
    request: { ...request, fetch: pausingFetch(pauseKey, request?.fetch) },
    throttle: { ...throttle, enabled: true, onRateLimit: handler, onSecondaryRateLimit: handler },
  };
});
