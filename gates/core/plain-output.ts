import { stripVTControlCharacters } from 'node:util';
import type { CommandResult } from './run-command.js';

/**
 * The result with colour and other terminal control codes removed from its output. Project
 * commands run with the environment they would have anyway (Loki sets no NO_COLOR), so whatever
 * Loki parses or shows is read through this. The log's hash still covers the bytes as printed.
 */
export function plainOutput(result: CommandResult): CommandResult {
  return { ...result, stdout: stripVTControlCharacters(result.stdout), stderr: stripVTControlCharacters(result.stderr), log: stripVTControlCharacters(result.log) };
}
