import { clipLine } from './clip-line.js';
import { stripVTControlCharacters } from 'node:util';

const MAX_CHARS = 300;

/**
 * The first line of a command's log that states an error, for a reason such as "the suite does not
 * run: …" or "dependency install failed: …". pytest's `E   ` lines name the real exception
 * (ModuleNotFoundError…) and win over its "1 error" summaries; npm's `npm error` prefix and its
 * bare `code E404` lines are dropped. Colour codes are removed (projects may print in colour).
 */
export function firstErrorLine(log: string): string | undefined {
  const lines = stripVTControlCharacters(log).split('\n');
  const pytest = lines.find((line) => /^E\s{2,}\S/.test(line));
  if (pytest) return clipLine(pytest.replace(/^E\s+/, ''), MAX_CHARS);
  for (const line of lines) {
    if (!/\berror\b|ERR!|\bERR_|[a-z](Error|Exception)\b/i.test(line)) continue;
    const text = line.replace(/^npm (error|ERR!)\s*/i, '').trim();
    // npm's first lines are the error code and a blank: the sentence comes after.
    if (!text || /^code \S+$/.test(text)) continue;
    return clipLine(text, MAX_CHARS);
  }
  return undefined;
}

