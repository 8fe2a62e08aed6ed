import { AsyncLocalStorage } from 'node:async_hooks';
import { stripVTControlCharacters } from 'node:util';

/** What one command printed, as a gate's log keeps it. */
export interface LoggedCommand {
  command: string;
  exitCode: number | null;
  durationMs: number;
  /** Interleaved stdout+stderr (the tail when `truncated`). */
  log: string;
  truncated: boolean;
  outputBytes: number;
  spawnError?: string | undefined;
}

const scope = new AsyncLocalStorage<LoggedCommand[]>();

/**
 * Runs `fn` collecting every command it runs through runCommand (in any async depth), so a gate's
 * full log can be written without each gate keeping its own. Concurrent gates collect separately.
 */
export async function collectCommandLog<T>(fn: () => Promise<T>): Promise<{ value: T; commands: LoggedCommand[] }> {
  const commands: LoggedCommand[] = [];
  const value = await scope.run(commands, fn);
  return { value, commands };
}

/** Called by runCommand for every command it ran; a no-op outside collectCommandLog. */
export function recordCommand(command: LoggedCommand): void {
  scope.getStore()?.push(command);
}

/** The text of a gate's log file: a header, each command with its output, then what the gate concluded. */
export function formatGateLog(gate: { id: string; status: string; reason: string }, commands: readonly LoggedCommand[], findings: readonly string[]): string {
  const lines = [`# loki gate ${gate.id}: ${gate.status} — ${gate.reason}`, ''];
  if (commands.length === 0) lines.push('(this gate ran no command)', '');
  for (const c of commands) {
    const exit = c.spawnError ? `not started: ${c.spawnError}` : `exit ${c.exitCode ?? 'none (killed)'}`;
    lines.push(`$ ${c.command}`, `# ${exit}, ${(c.durationMs / 1000).toFixed(1)} s, ${c.outputBytes} bytes of output`);
    if (c.truncated) lines.push(`# output cut: only the last ${c.log.length} characters are kept`);
    lines.push(stripVTControlCharacters(c.log).replace(/\s+$/, ''), '');
  }
  if (findings.length > 0) lines.push('# findings', ...findings.map((f) => `- ${f}`), '');
  return `${lines.join('\n')}\n`;
}
