import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `sandbox.network` in .github/loki.yml. */
export const NETWORK_POLICIES = ['install-only', 'on', 'off'] as const;
export type NetworkPolicy = (typeof NETWORK_POLICIES)[number];

/**
 * What one job (a verify run, a build) shares across the sandboxed commands it starts: the network
 * policy from its config and one private HOME, so that what `install` put in ~/go or ~/.cache is
 * there for `build` and `tests`. Jobs never share a HOME.
 */
export interface SandboxScope {
  network: NetworkPolicy;
  home(): Promise<string>;
  /** Loki's own folders every command of the scope may read (the head's node_modules a baseline shares). */
  readable: readonly string[];
}

const storage = new AsyncLocalStorage<SandboxScope>();

/**
 * Runs `work` with a sandbox scope. A nested scope keeps the outer one's HOME (a build's verify
 * runs share the build's) and may set its own network policy.
 */
export async function withSandboxScope<T>(options: { network?: NetworkPolicy; readable?: readonly string[] }, work: () => Promise<T>): Promise<T> {
  const outer = storage.getStore();
  let created: Promise<string> | undefined;
  const scope: SandboxScope = {
    network: options.network ?? outer?.network ?? 'install-only',
    home: outer ? outer.home : () => (created ??= mkdtemp(join(tmpdir(), 'loki-home-'))),
    readable: [...(outer?.readable ?? []), ...(options.readable ?? [])],
  };
  try {
    return await storage.run(scope, work);
  } finally {
    if (created) await rm(await created, { recursive: true, force: true }).catch(() => undefined);
  }
}

export function currentSandboxScope(): SandboxScope | undefined {
  return storage.getStore();
}
