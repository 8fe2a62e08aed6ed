import { stripVTControlCharacters } from 'node:util';
import { clipLine } from '../core/clip-line.js';
import { firstErrorLine } from '../core/first-error-line.js';

/**
 * What killed a Node process, from its stderr: Node reports an uncaught exception as the throwing
 * source line, a caret, a blank line, then `Error: message` and its stack. The first line of the
 * block before the first stack frame is the error; without a stack, the first line that states one.
 */
export function uncaughtError(stderr: string): string | undefined {
  const lines = stripVTControlCharacters(stderr).split('\n');
  const frame = lines.findIndex((line) => /^\s+at\s/.test(line));
  let start = frame;
  while (start > 0 && lines[start - 1]!.trim() !== '') start--;
  const thrown = frame > 0 && start < frame ? lines[start]!.trim() : undefined;
  if (!thrown) return firstErrorLine(stderr);
  return clipLine(thrown);
}
