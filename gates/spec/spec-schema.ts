import { z } from 'zod';

/**
 * A spec as Loki reads it: whatever form the user wrote (Markdown PRD, plain text, JSON, YAML,
 * OpenAPI 3, a GitHub issue) becomes a list of requirements, each with a stable id and a hash of
 * its content. The lock file stores the same records, so drift is a comparison of two lists.
 */
export const SPEC_SOURCES = ['issue', 'file', 'text'] as const;
export const SpecSourceSchema = z.enum(SPEC_SOURCES);
export type SpecSource = z.infer<typeof SpecSourceSchema>;

export const SPEC_FORMATS = ['markdown', 'text', 'json', 'yaml', 'openapi', 'issue'] as const;
export const SpecFormatSchema = z.enum(SPEC_FORMATS);
export type SpecFormat = z.infer<typeof SpecFormatSchema>;

export const REQUIREMENT_KINDS = ['section', 'item', 'criterion', 'paragraph', 'operation', 'field'] as const;
export const RequirementKindSchema = z.enum(REQUIREMENT_KINDS);
export type RequirementKind = z.infer<typeof RequirementKindSchema>;

export const RequirementSchema = z.strictObject({
  /** Stable: derived from an explicit id in the text, else from the heading path and title — never from the position. */
  id: z.string().min(1),
  kind: RequirementKindSchema,
  title: z.string(),
  /** The requirement's own content (a section's prose, an item's text, an operation's definition). */
  text: z.string(),
  /** Titles of the enclosing sections, outermost first. */
  section: z.array(z.string()),
  /** An acceptance criterion (a checkbox, or an item of an "Acceptance criteria"/"Definition of done" section). */
  acceptance: z.boolean(),
  /** sha256 (16 hex) of the normalised content; whitespace and checkbox state do not count. */
  hash: z.string().regex(/^[0-9a-f]{16}$/),
});
export type Requirement = z.infer<typeof RequirementSchema>;

export const SpecSchema = z.strictObject({
  source: SpecSourceSchema,
  format: SpecFormatSchema,
  title: z.string(),
  /** A repository-relative or absolute path for files, `owner/repo#N` for issues. */
  ref: z.string().optional(),
  labels: z.array(z.string()),
  requirements: z.array(RequirementSchema),
  /** The text as received, for size figures and for prompts. */
  text: z.string(),
  /** Hash over the requirement ids and hashes in id order: reordering does not change it. */
  hash: z.string().regex(/^[0-9a-f]{16}$/),
});
export type Spec = z.infer<typeof SpecSchema>;

export const SPEC_LOCK_KIND = 'loki-spec-lock';
export const SPEC_LOCK_VERSION = 1;

export const SpecLockSchema = z.strictObject({
  /** Marks the file as Loki's: other tools also write `*.lock.json` files. */
  kind: z.literal(SPEC_LOCK_KIND),
  lock_version: z.literal(SPEC_LOCK_VERSION),
  locked_at: z.iso.datetime(),
  spec: z.strictObject({
    source: SpecSourceSchema,
    format: SpecFormatSchema,
    title: z.string(),
    /** The spec file relative to the lock file's folder, or `owner/repo#N`. */
    ref: z.string().min(1),
    hash: z.string().regex(/^[0-9a-f]{16}$/),
  }),
  requirements: z.array(RequirementSchema),
});
export type SpecLock = z.infer<typeof SpecLockSchema>;

export interface NormaliseInput {
  source: SpecSource;
  text: string;
  title?: string;
  labels?: string[];
  path?: string;
}
