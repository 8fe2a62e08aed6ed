import { createHash } from 'node:crypto';
import type { Requirement, RequirementKind } from './spec-schema.js';

export interface RequirementDraft {
  kind: RequirementKind;
  title: string;
  text: string;
  section: string[];
  acceptance: boolean;
  /** An id the author wrote ("REQ-3", "AC-1", an operationId): it wins over a derived one. */
  explicitId?: string;
  /** What the id is derived from when there is no explicit id; defaults to the section path and title. */
  idBasis?: string[];
}

/** Matches "REQ-12", "FR-3", "US-7", "AC-1", "NFR-2" at the start of a title. */
const EXPLICIT_ID = /^\s*\[?([A-Z][A-Z0-9]{0,9}-\d{1,5})\]?\s*[:.)\-–—]?\s+/;

/** Splits "REQ-3: Users can log in" into the id the author gave and the rest of the title. */
export function splitExplicitId(title: string): { id?: string; rest: string } {
  const match = EXPLICIT_ID.exec(title);
  if (!match?.[1]) return { rest: title };
  return { id: match[1], rest: title.slice(match[0].length) };
}

/**
 * Turns drafts into requirements with unique ids. Ids never depend on position, so reordering a
 * spec keeps every id; two drafts that derive the same id are told apart by their content.
 */
export function makeRequirements(drafts: readonly RequirementDraft[]): Requirement[] {
  const used = new Set<string>();
  // The next number to try per id that was taken, so a thousand identical items cost a thousand steps, not a million.
  const next = new Map<string, number>();
  return drafts.map((draft) => {
    const hash = contentHash(draft.kind === 'section' || draft.kind === 'operation' || draft.kind === 'field' ? draft.text || draft.title : draft.text);
    let id = draft.explicitId ?? derivedId(draft.idBasis ?? [...draft.section, draft.title]);
    if (used.has(id)) id = `${id}~${hash.slice(0, 6)}`;
    if (used.has(id)) {
      const stem = id.replace(/#\d+$/, '');
      let n = next.get(stem) ?? 2;
      while (used.has(`${stem}#${n}`)) n += 1;
      next.set(stem, n + 1);
      id = `${stem}#${n}`;
    }
    used.add(id);
    return { id, kind: draft.kind, title: draft.title, text: draft.text, section: draft.section, acceptance: draft.acceptance, hash };
  });
}

function derivedId(parts: readonly string[]): string {
  const slugs = parts.map((p) => slugify(p)).filter(Boolean);
  const id = slugs.join('/');
  return id.length > 0 ? id : 'spec';
}

/** "Log in with e-mail (SSO)!" → "log-in-with-e-mail-sso"; the first eight words, so long items stay readable. */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['’]/g, '')
    .split(/[^a-z0-9{}]+/)
    .filter(Boolean)
    .slice(0, 8)
    .join('-')
    .slice(0, 60);
}

/** Whitespace, Markdown emphasis and a checkbox's state are not content: ticking a box is progress, not a spec change. */
export function normaliseForHash(text: string): string {
  return text
    .replace(/^(\s*[-*+]\s+)\[[ xX]\]\s+/gm, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

export function contentHash(text: string): string {
  return sha16(normaliseForHash(text));
}

export function sha16(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** The whole spec's hash: ids and hashes in id order, so reordering keeps it. */
export function specHash(requirements: readonly Requirement[]): string {
  return sha16(
    requirements
      .map((r) => `${r.id}\u0000${r.hash}`)
      .sort()
      .join('\n'),
  );
}
