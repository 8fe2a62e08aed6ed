import { LokiConfigSchema, type LokiConfig, type LokiConfigInput } from '../../gates/config/schema.js';
import { resolveDiff } from '../../gates/git/resolve-diff.js';
import type { GateContext } from '../../gates/verify/gate.js';

/** The context the engine would hand a gate for `main..HEAD` of a repository; override what a test is about. */
export async function gateContext(dir: string, config: LokiConfig | LokiConfigInput = {}, extra: Partial<GateContext> = {}): Promise<GateContext> {
  return {
    cwd: dir,
    config: LokiConfigSchema.parse(config),
    diff: await resolveDiff({ cwd: dir, base: 'main' }),
    signal: new AbortController().signal,
    timeoutMs: 60_000,
    dependency: () => undefined,
    baseline: false,
    provingTest: { required: false },
    progress: () => undefined,
    ...extra,
  };
}
