import { afterEach, beforeEach } from 'vitest';

/**
 * For suites that observe a process from outside (its host pid, files it writes next to its
 * script) — which a sandbox rightly hides: their tests run with LOKI_SANDBOX=none. What they test
 * (adapters, protocols, process-tree kills) does not depend on the sandbox; the sandbox itself is
 * tested in tests/gates/sandbox and tests/attacks. `why` documents the reason at the call site.
 */
export function withoutSandbox(why: string): void {
  let saved: string | undefined;
  beforeEach(() => {
    void why;
    saved = process.env.LOKI_SANDBOX;
    process.env.LOKI_SANDBOX = 'none';
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.LOKI_SANDBOX;
    else process.env.LOKI_SANDBOX = saved;
  });
}
