import { z } from 'zod';

const LockSchema = z.looseObject({
  lockfileVersion: z.number().int().optional(),
  packages: z.record(z.string(), z.looseObject({ version: z.string().optional(), name: z.string().optional(), link: z.boolean().optional() })).optional(),
  dependencies: z.record(z.string(), z.unknown()).optional(),
});

const V1DepSchema = z.looseObject({ version: z.string().optional(), dependencies: z.record(z.string(), z.unknown()).optional() });

/** The packages a package-lock.json / npm-shrinkwrap.json installs: lockfile path → name and version. */
export interface LockedPackages {
  byNode: Map<string, { name: string; version: string }>;
  /** "name@version" of every installed package. */
  ids: Set<string>;
}

export function readLockfile(text: string): LockedPackages | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  const lock = LockSchema.safeParse(raw);
  if (!lock.success) return undefined;
  const byNode = new Map<string, { name: string; version: string }>();
  if (lock.data.packages) {
    for (const [node, entry] of Object.entries(lock.data.packages)) {
      if (!node || entry.link || !entry.version) continue;
      const name = entry.name ?? node.slice(node.lastIndexOf('node_modules/') + 'node_modules/'.length);
      byNode.set(node, { name, version: entry.version });
    }
  } else if (lock.data.dependencies) {
    walkV1(lock.data.dependencies, 'node_modules/', byNode);
  }
  return { byNode, ids: new Set([...byNode.values()].map((p) => `${p.name}@${p.version}`)) };
}

/** lockfileVersion 1 nests dependencies; their node paths follow the same node_modules layout. */
function walkV1(deps: Record<string, unknown>, prefix: string, out: LockedPackages['byNode']): void {
  for (const [name, value] of Object.entries(deps)) {
    const dep = V1DepSchema.safeParse(value);
    if (!dep.success || !dep.data.version) continue;
    const node = `${prefix}${name}`;
    out.set(node, { name, version: dep.data.version });
    if (dep.data.dependencies) walkV1(dep.data.dependencies, `${node}/node_modules/`, out);
  }
}
