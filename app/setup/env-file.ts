import { readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { LokiError } from '../../gates/core/errors.js';
import { unreadableFile } from '../credentials.js';

/** Probot's convention: `.env` in the working directory holds the App's settings. */
export function envFilePath(cwd: string): string {
  return join(cwd, '.env');
}

/**
 * The environment with `.env` (in `cwd`) under it: a variable already set in the environment wins,
 * as with dotenv, so `docker run -e` and an exported variable override the file. No file is fine;
 * a file that cannot be read names itself, the uid and the fix.
 */
export function withEnvFile(env: NodeJS.ProcessEnv, cwd: string): NodeJS.ProcessEnv {
  const values = readEnvFile(envFilePath(cwd));
  const merged: NodeJS.ProcessEnv = { ...values };
  for (const [name, value] of Object.entries(env)) if (value !== undefined) merged[name] = value;
  return merged;
}

export function readEnvFile(path: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw unreadableFile(path, '.env', error);
  }
  try {
    return parseEnv(text) as Record<string, string>;
  } catch (error) {
    throw new LokiError('CONFIG_INVALID', `${path} is not a .env file: ${(error as Error).message}`, {
      fix: 'write one NAME=value per line (values with newlines in double quotes, with \\n)',
    });
  }
}

/**
 * Sets `values` in the `.env` file at `path`, as Probot's setup does: other lines (and comments)
 * are kept, a name set again replaces its old line. The file is 0600: it holds the private key.
 */
export function updateEnvFile(path: string, values: Record<string, string>): void {
  let lines: string[] = [];
  try {
    lines = readFileSync(path, 'utf8').split('\n');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw unreadableFile(path, '.env', error);
  }
  const names = new Set(Object.keys(values));
  const kept = lines.filter((line) => {
    const name = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1];
    return !(name && names.has(name));
  });
  while (kept.length > 0 && kept[kept.length - 1] === '') kept.pop();
  const added = Object.entries(values).map(([name, value]) => `${name}=${quote(name, value)}`);
  writeFileSync(path, `${[...kept, ...added].join('\n')}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/**
 * A value as Node's .env parser reads it back unchanged: it expands `\n` in double quotes and
 * unescapes nothing else, so a value that cannot round-trip is refused rather than written wrong.
 */
function quote(name: string, value: string): string {
  if (/^[A-Za-z0-9_./:@+=-]*$/.test(value)) return value;
  if (!/[\n\r']/.test(value)) return `'${value}'`;
  if (!/["\\\r]/.test(value)) return `"${value.replace(/\n/g, '\\n')}"`;
  throw new LokiError('INTERNAL', `${name} cannot be written to .env: its value mixes quotes, backslashes and line breaks`, {
    fix: `set ${name} in the environment instead`,
  });
}
