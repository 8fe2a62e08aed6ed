import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

/** What pip needs to read the user's own configuration inside the sandbox. */
export interface PipConfigAccess {
  /** Added to pip's environment (PIP_CONFIG_FILE), when the sandbox's HOME would hide the file. */
  env: Record<string, string>;
  /** Mounted read-only into the sandbox. */
  readable: string[];
  /** Said in the install's reason when the user's config was left out. */
  note?: string;
}

/** A URL with a user or password in it, or a key that carries one. */
const CREDENTIALS = /:\/\/[^\s/@]+@|^\s*(password|token|client-cert|keyring-provider)\s*=/im;

/**
 * The user's pip configuration (index, find-links, trusted hosts) for installs in the sandbox, whose
 * HOME is a private one: pip would not see ~/.config/pip/pip.conf there and would fall back to
 * PyPI. PIP_CONFIG_FILE, when set, passes as it is (only its file is made readable). The global
 * files (/etc/pip.conf, /etc/xdg/pip) are visible anyway. A file with credentials in it is not shown
 * to repository code (an install runs the project's build backend): the note says so.
 */
export function pipUserConfig(env: NodeJS.ProcessEnv = process.env): PipConfigAccess {
  const set = env.PIP_CONFIG_FILE;
  if (set) return { env: {}, readable: isAbsolute(set) && set !== '/dev/null' ? [set] : [] };
  const home = env.HOME;
  if (!home) return { env: {}, readable: [] };
  const configHome = env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(home, '.config');
  for (const file of [join(configHome, 'pip/pip.conf'), join(home, '.pip/pip.conf')]) {
    const text = readOptional(file);
    if (text === undefined) continue;
    if (CREDENTIALS.test(text)) return { env: {}, readable: [], note: `${file} holds credentials, so the sandboxed install does not read it (name the index in PIP_INDEX_URL or /etc/pip.conf instead)` };
    return { env: { PIP_CONFIG_FILE: file }, readable: [file] };
  }
  return { env: {}, readable: [] };
}

function readOptional(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
