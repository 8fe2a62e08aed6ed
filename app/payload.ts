import { z } from 'zod';
import { LokiError } from '../gates/core/errors.js';

/** The parts of webhook payloads the App reads, checked at the boundary (extra fields pass through). */
export const RepositorySchema = z.object({
  id: z.number().int().positive(),
  name: z.string().min(1),
  owner: z.object({ login: z.string().min(1) }),
  clone_url: z.string().min(1),
  default_branch: z.string().min(1),
});
export type RepositoryPayload = z.infer<typeof RepositorySchema>;

export const ActorSchema = z.object({ login: z.string().min(1), type: z.string().min(1) });

export const LabelSchema = z.object({ name: z.string() });

export const IssuePayloadSchema = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  body: z.string().nullish(),
  labels: z.array(LabelSchema).nullish(),
  pull_request: z.unknown().optional(),
});
export type IssuePayload = z.infer<typeof IssuePayloadSchema>;

export const PullRequestPayloadSchema = z.object({
  number: z.number().int().positive(),
  head: z.object({ sha: z.string().regex(/^[0-9a-f]{40}$/), ref: z.string(), repo: z.object({ full_name: z.string() }).nullish() }),
  base: z.object({ ref: z.string(), repo: z.object({ full_name: z.string() }) }),
});
export type PullRequestPayload = z.infer<typeof PullRequestPayloadSchema>;

export const InstallationSchema = z.object({ id: z.number().int().positive() });

export const CommonSchema = z.object({ installation: InstallationSchema, repository: RepositorySchema, sender: ActorSchema });

/** Parses a payload, or throws JOB_INVALID naming what is missing (a handler logs and drops it). */
export function readPayload<S extends z.ZodType>(schema: S, payload: unknown, event: string): z.infer<S> {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  throw new LokiError('JOB_INVALID', `the ${event} payload is missing ${first ? first.path.join('.') || 'fields' : 'fields'} Loki needs`, {
    fix: 'check that the App is installed (the payload must carry `installation`) and that GHE_HOST points at a GitHub server',
  });
}

export function refOf(repository: RepositoryPayload): { owner: string; repo: string } {
  return { owner: repository.owner.login, repo: repository.name };
}
