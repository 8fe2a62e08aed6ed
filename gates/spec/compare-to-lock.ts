import type { Requirement, Spec, SpecLock } from './spec-schema.js';

export interface RequirementRef {
  id: string;
  title: string;
}

export interface ChangedRequirement extends RequirementRef {
  /** Set when the edit also moved or re-titled the requirement (so its id changed). */
  previousId?: string;
  before: string;
  after: string;
}

export interface RenamedRequirement {
  from: RequirementRef;
  to: RequirementRef;
}

export interface SpecDrift {
  inSync: boolean;
  added: RequirementRef[];
  removed: RequirementRef[];
  changed: ChangedRequirement[];
  /** Same content under a new id: a moved or re-titled section, never a delete plus an add. */
  renamed: RenamedRequirement[];
  unchanged: number;
}

/** Below this word overlap, an edited requirement is treated as a different one. */
const SIMILAR = 0.6;

/**
 * Compares a spec with its lock. Ids are matched first; what is left is paired by identical
 * content (a rename) and then by similar content (an edit that also changed the id). Order never
 * matters, so a reordered spec is in sync.
 */
export function compareToLock(lock: SpecLock, spec: Spec): SpecDrift {
  return compareRequirements(lock.requirements, spec.requirements);
}

/** The same comparison between any two lists of requirements (e.g. a lock at the base and at the head). */
export function compareRequirements(before: readonly Requirement[], after: readonly Requirement[]): SpecDrift {
  const current = new Map(after.map((r) => [r.id, r]));
  const locked = new Map(before.map((r) => [r.id, r]));
  const changed: ChangedRequirement[] = [];
  let unchanged = 0;
  for (const [id, before] of locked) {
    const after = current.get(id);
    if (!after) continue;
    if (after.hash === before.hash) unchanged += 1;
    else changed.push({ id, title: after.title, before: before.hash, after: after.hash });
  }
  let removed = before.filter((r) => !current.has(r.id));
  let added = after.filter((r) => !locked.has(r.id));

  const renamed: RenamedRequirement[] = [];
  for (const [from, to] of pair(removed, added, (a, b) => (a.hash === b.hash ? 1 : 0), 1)) {
    renamed.push({ from: ref(from), to: ref(to) });
  }
  removed = removed.filter((r) => !renamed.some((p) => p.from.id === r.id));
  added = added.filter((r) => !renamed.some((p) => p.to.id === r.id));

  for (const [from, to] of pair(removed, added, similarity, SIMILAR)) {
    changed.push({ id: to.id, title: to.title, previousId: from.id, before: from.hash, after: to.hash });
  }
  removed = removed.filter((r) => !changed.some((c) => c.previousId === r.id));
  added = added.filter((r) => !changed.some((c) => c.id === r.id));

  return {
    inSync: added.length + removed.length + changed.length + renamed.length === 0,
    added: added.map(ref),
    removed: removed.map(ref),
    changed,
    renamed,
    unchanged,
  };
}

/** Greedy best-first pairing of same-kind requirements whose score reaches `threshold`. */
function pair(left: Requirement[], right: Requirement[], score: (a: Requirement, b: Requirement) => number, threshold: number): Array<[Requirement, Requirement]> {
  const candidates: Array<{ a: Requirement; b: Requirement; s: number; tie: number }> = [];
  for (const a of left) {
    for (const b of right) {
      if (a.kind !== b.kind) continue;
      const s = score(a, b);
      // Among equal scores prefer the same title, then the same section: the likelier identity.
      if (s >= threshold) candidates.push({ a, b, s, tie: (a.title === b.title ? 2 : 0) + (a.section.join('/') === b.section.join('/') ? 1 : 0) });
    }
  }
  candidates.sort((x, y) => y.s - x.s || y.tie - x.tie);
  const usedA = new Set<string>();
  const usedB = new Set<string>();
  const pairs: Array<[Requirement, Requirement]> = [];
  for (const { a, b } of candidates) {
    if (usedA.has(a.id) || usedB.has(b.id)) continue;
    usedA.add(a.id);
    usedB.add(b.id);
    pairs.push([a, b]);
  }
  return pairs;
}

/** Word sets are computed once per requirement: pairing compares every removed with every added one. */
const wordCache = new WeakMap<Requirement, Set<string>>();

function similarity(a: Requirement, b: Requirement): number {
  const x = wordsOf(a);
  const y = wordsOf(b);
  if (x.size === 0 || y.size === 0) return 0;
  let common = 0;
  for (const w of x) if (y.has(w)) common += 1;
  // Dice coefficient: an item that gained a few words is still the same item.
  return (2 * common) / (x.size + y.size);
}

function wordsOf(r: Requirement): Set<string> {
  let set = wordCache.get(r);
  if (!set) wordCache.set(r, (set = words(`${r.title} ${r.text}`)));
  return set;
}

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 1));
}

function ref(r: Requirement): RequirementRef {
  return { id: r.id, title: r.title };
}
