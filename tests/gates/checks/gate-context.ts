import { defaultConfig, type GateId, type LokiConfig } from '../../../gates/config/schema.js';
import { resolveDiff } from '../../../gates/git/resolve-diff.js';
import type { GateContext, GateOutcome } from '../../../gates/verify/gate.js';

export interface ContextOptions {
  base?: string;
  config?: LokiConfig;
  baseline?: boolean;
  dependencies?: Partial<Record<GateId, GateOutcome>>;
}

/** A gate context over the real diff main..HEAD of a temporary repository. */
export async function gateContext(cwd: string, options: ContextOptions = {}): Promise<GateContext> {
  const diff = await resolveDiff({ cwd, base: options.base ?? 'main' });
  return {
    cwd,
    config: options.config ?? defaultConfig(),
    diff,
    signal: new AbortController().signal,
    timeoutMs: 60_000,
    baseline: options.baseline ?? false,
    provingTest: { required: false },
    dependency: (id) => options.dependencies?.[id],
    progress: () => undefined,
  };
}
