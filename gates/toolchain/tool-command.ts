import type { ToolCommand } from './toolchain.js';

/** A command Loki chose: an argument vector, never a shell string. */
export function detectedCommand(file: string, args: readonly string[]): ToolCommand {
  return { display: [file, ...args].join(' '), file, args: [...args], shell: false, source: 'detected' };
}

/** A command from `verify.commands` in the config: the repository owner's text, run by `sh -c`. */
export function configCommand(text: string): ToolCommand {
  return { display: text, file: text, args: [], shell: true, source: 'config' };
}

/** The same command with arguments added at the end (quoted for the shell when it is one). */
export function withArgs(command: ToolCommand, extra: readonly string[]): ToolCommand {
  if (extra.length === 0) return command;
  if (command.shell) {
    const text = `${command.file} ${extra.map(shellQuote).join(' ')}`;
    return { ...command, display: text, file: text };
  }
  const args = [...command.args, ...extra];
  return { ...command, args, display: [command.file, ...args].join(' ') };
}

export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
