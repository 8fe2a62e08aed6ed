import { z } from 'zod';
import { ACCEPT_USAGE, parseAcceptance } from '../gates/verify/accept-findings.js';

/**
 * The `/loki …` comment grammar. Only the FIRST line of a comment counts, and the result is data
 * checked by a schema: nothing from the comment ever reaches a shell.
 */
export const COMMAND_NAMES = ['build', 'grill', 'plan', 'verify', 'accept', 'status', 'stop', 'retry', 'help'] as const;
export const CommandNameSchema = z.enum(COMMAND_NAMES);
export type CommandName = z.infer<typeof CommandNameSchema>;

/** Arguments are plain words (e.g. a provider name); anything else is rejected, not escaped. */
const ArgSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:=/-]{0,63}$/);

export const LokiCommandSchema = z.strictObject({
  name: CommandNameSchema,
  args: z.array(ArgSchema).max(4),
  /** `/loki accept <rule> [<file>] [why]`: its own grammar (a path and a free-text why are not plain words). */
  acceptance: z.strictObject({ rule: z.string(), file: z.string().optional(), why: z.string().optional() }).optional(),
});
export type LokiCommand = z.infer<typeof LokiCommandSchema>;

export type ParsedComment =
  | { kind: 'none' }
  | { kind: 'command'; command: LokiCommand }
  | { kind: 'invalid'; problem: string };

const PREFIX = /^\/loki(?:\s+|$)/;

export function parseCommand(body: string): ParsedComment {
  const firstLine = (body.split(/\r?\n/, 1)[0] ?? '').trim();
  if (!PREFIX.test(firstLine)) return { kind: 'none' };
  const words = firstLine.split(/\s+/).slice(1);
  const [name = 'help', ...args] = words;
  if (name.toLowerCase() === 'accept') {
    const acceptance = parseAcceptance(args.join(' '), false);
    return acceptance ? { kind: 'command', command: { name: 'accept', args: [], acceptance } } : { kind: 'invalid', problem: `\`/loki accept\` names a finding's rule, then optionally its file and why: ${ACCEPT_USAGE}` };
  }
  const parsed = LokiCommandSchema.safeParse({ name: name.toLowerCase(), args });
  if (parsed.success) return { kind: 'command', command: parsed.data };
  const nameKnown = CommandNameSchema.safeParse(name.toLowerCase()).success;
  return {
    kind: 'invalid',
    problem: nameKnown ? `\`/loki ${name}\` takes at most 4 plain-word arguments` : `\`${name.slice(0, 40)}\` is not a Loki command`,
  };
}
