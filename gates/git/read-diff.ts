import { gitFailed, gitResult } from './git.js';
import { DiffParser, type ChangedFile } from './parse-diff.js';

/**
 * Runs `git diff ARGS` and parses its output while it streams, so a diff of any size is read
 * whole (it is never held as one string, and never cut). `--text` stops a `.gitattributes` in
 * the change (`* -diff`, `binary`) from hiding a file's lines behind "Binary files differ";
 * binary content is recognised by its NUL bytes instead.
 */
export async function readDiff(cwd: string, args: readonly string[]): Promise<ChangedFile[]> {
  const parser = new DiffParser();
  let parseError: unknown;
  const full = [
    '-c', 'core.quotePath=false',
    'diff', '--no-color', '--no-ext-diff', '--no-textconv', '--text', '--src-prefix=a/', '--dst-prefix=b/',
    ...args,
  ];
  const result = await gitResult(cwd, full, {
    maxLogBytes: 1024 * 1024,
    onStdout: (chunk) => {
      if (parseError !== undefined) return;
      try {
        parser.push(chunk);
      } catch (error) {
        parseError = error;
      }
    },
  });
  if (result.exitCode !== 0) throw gitFailed(full, result);
  if (parseError !== undefined) throw parseError;
  return parser.end();
}
