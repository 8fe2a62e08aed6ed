import type { Probot } from 'probot';
import { z } from 'zod';
import { runCommentCommand } from '../run-comment-command.js';
import { parseCommand } from '../parse-command.js';
import { CommonSchema, IssuePayloadSchema, readPayload } from '../payload.js';
import type { AppServices } from '../services.js';
import { acknowledge } from './acknowledge.js';

const CommentSchema = CommonSchema.extend({
  issue: IssuePayloadSchema,
  comment: z.object({ id: z.number().int(), body: z.string().nullish(), user: z.object({ login: z.string(), type: z.string() }) }),
});

/** `/loki <command>` on the first line of a new issue or pull request comment. */
export function registerCommentHandlers(app: Probot, services: AppServices): void {
  app.on(
    'issue_comment.created',
    acknowledge(services, 'answer the comment command', (raw) => {
      const payload = readPayload(CommentSchema, raw, 'issue_comment.created');
      const parsed = parseCommand(payload.comment.body ?? '');
      if (parsed.kind === 'none') return undefined;
      return (gh) =>
        runCommentCommand(gh, services, {
          installationId: payload.installation.id,
          repository: payload.repository,
          issue: payload.issue,
          actor: payload.sender,
          parsed,
        });
    }),
  );
}
