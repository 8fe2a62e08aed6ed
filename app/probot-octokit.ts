import { ProbotOctokit } from 'probot';
import { waitOutRateLimits } from '../github/client.js';

/**
 * The App's Octokit: Probot's, with throttling forced on for every installation client (the
 * plugin spaces writes per installation) and Loki's rate-limit answer. Probot's own defaults log
 * a secondary rate limit and drop the request, so a burst of writes lost check runs and comments.
 * A function, not an object, so these win over the options Probot passes in.
 */
export const AppOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => {
  const handler = waitOutRateLimits();
  return { ...options, throttle: { ...(options.throttle as object | undefined), enabled: true, onRateLimit: handler, onSecondaryRateLimit: handler } };
});
