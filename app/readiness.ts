import type { SandboxChoice } from '../gates/sandbox/mode.js';
import type { GitHubClient } from '../github/client.js';

export interface ReadinessReport {
  ready: boolean;
  checks: { github: Check; auth: Check; sandbox: Check };
}

interface Check {
  ok: boolean;
  detail: string;
}

/**
 * `GET /readyz`: can the App do its work now? GitHub answers, the App authenticates (`GET /app`
 * with its JWT), and a sandbox can run repository code. One probe at a time, remembered for
 * `cacheMs`, so a busy load balancer does not spend the App's rate limit. `/healthz` stays
 * liveness only.
 */
export function createReadiness(options: { appClient: () => Promise<GitHubClient>; sandbox: SandboxChoice; cacheMs?: number; timeoutMs?: number }): () => Promise<ReadinessReport> {
  let last: { at: number; report: Promise<ReadinessReport> } | undefined;
  const sandbox: Check = options.sandbox.ok
    ? { ok: true, detail: options.sandbox.mode === 'none' ? 'none (LOKI_SANDBOX=none: no isolation)' : options.sandbox.mode }
    : { ok: false, detail: `${options.sandbox.reason}. Fix: ${options.sandbox.fix}` };

  const probe = async (): Promise<ReadinessReport> => {
    let github: Check;
    let auth: Check;
    try {
      const client = await options.appClient();
      const { data } = await client.request('GET /app', { request: { retries: 0, signal: AbortSignal.timeout(options.timeoutMs ?? 5_000) } });
      github = { ok: true, detail: 'answers' };
      auth = { ok: true, detail: `authenticated as ${(data as { slug?: string }).slug ?? 'the App'}` };
    } catch (error) {
      const status = (error as { status?: number }).status;
      const message = (error as Error).message;
      if (typeof status === 'number' && status > 0 && status < 500) {
        github = { ok: true, detail: 'answers' };
        auth = { ok: false, detail: `GET /app answered ${status}: ${message} (check APP_ID and the private key)` };
      } else {
        github = { ok: false, detail: `GitHub does not answer: ${status ? `${status} ` : ''}${message}` };
        auth = { ok: false, detail: 'not checked: GitHub does not answer' };
      }
    }
    return { ready: github.ok && auth.ok && sandbox.ok, checks: { github, auth, sandbox } };
  };

  return () => {
    const now = Date.now();
    if (!last || now - last.at > (options.cacheMs ?? 1_000)) last = { at: now, report: probe() };
    return last.report;
  };
}
