import { createPrivateKey } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { getPrivateKey } from '@probot/get-private-key';
import { LokiError } from '../gates/core/errors.js';

const FROM_SETTINGS = 'the App settings page (Settings → Developer settings → GitHub Apps → your App → Private keys → Generate a private key)';

/**
 * The App's private key, from PRIVATE_KEY (the PEM text, base64 of it, or one line with `\n`) or
 * PRIVATE_KEY_PATH (relative to the working directory), else the one `*.pem` file in the working
 * directory (Probot's conventions). Every way it can be wrong names the variable or the file and
 * the fix: missing, mistyped path, a folder, unreadable by this uid, not a PEM private key.
 */
export function readPrivateKey(env: NodeJS.ProcessEnv, cwd: string): string {
  if (env.PRIVATE_KEY) return checkedKey(normalisedEnvKey(env.PRIVATE_KEY), 'PRIVATE_KEY');
  if (env.PRIVATE_KEY_PATH) return checkedKey(readKeyFile(env.PRIVATE_KEY_PATH, cwd), `PRIVATE_KEY_PATH=${env.PRIVATE_KEY_PATH}`);
  const pems = pemFilesIn(cwd);
  if (pems.length === 1) return checkedKey(readKeyFile(pems[0]!, cwd), `${resolve(cwd, pems[0]!)} (the one .pem file in ${cwd})`);
  if (pems.length > 1) {
    throw new LokiError('CONFIG_INVALID', `the App has no PRIVATE_KEY or PRIVATE_KEY_PATH, and ${cwd} holds several .pem files (${pems.join(', ')})`, {
      fix: 'set PRIVATE_KEY_PATH to the one that belongs to this App',
    });
  }
  throw new LokiError('CONFIG_INVALID', 'the App has no private key: PRIVATE_KEY and PRIVATE_KEY_PATH are both unset', {
    fix: `set PRIVATE_KEY_PATH to the .pem file downloaded from ${FROM_SETTINGS} (or PRIVATE_KEY to its contents)`,
  });
}

function normalisedEnvKey(value: string): string {
  try {
    return getPrivateKey({ env: { PRIVATE_KEY: value } }) ?? value;
  } catch {
    return value;
  }
}

function readKeyFile(given: string, cwd: string): string {
  const path = isAbsolute(given) ? given : resolve(cwd, given);
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') throw missingKeyFile(given, path);
    throw unreadableFile(path, 'PRIVATE_KEY_PATH', error);
  }
  if (stats.isDirectory()) {
    throw new LokiError('CONFIG_INVALID', `PRIVATE_KEY_PATH=${given} is a folder, not a key file`, {
      fix: `point PRIVATE_KEY_PATH at the .pem file itself${suggest(path)}`,
    });
  }
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw unreadableFile(path, 'PRIVATE_KEY_PATH', error);
  }
}

function missingKeyFile(given: string, path: string): LokiError {
  const where = given === path ? path : `${given} (${path})`;
  let folder = 'the folder exists';
  try {
    statSync(dirname(path));
  } catch {
    folder = `the folder ${dirname(path)} does not exist either`;
  }
  return new LokiError('CONFIG_INVALID', `PRIVATE_KEY_PATH names no file: ${where} does not exist (${folder})`, {
    fix: `check the spelling of PRIVATE_KEY_PATH${suggest(path)}; in a container, the path is the one inside it (mount the key, e.g. -v /srv/loki/keys:/keys:ro)`,
  });
}

/** ` — did you mean …?` for .pem files beside the path given, or nothing. */
function suggest(path: string): string {
  const folder = statSync(path, { throwIfNoEntry: false })?.isDirectory() ? path : dirname(path);
  const pems = pemFilesIn(folder).map((name) => resolve(folder, name));
  return pems.length > 0 ? ` (did you mean ${pems.slice(0, 3).join(' or ')}?)` : '';
}

function pemFilesIn(folder: string): string[] {
  try {
    return readdirSync(folder).filter((name) => name.endsWith('.pem')).sort();
  } catch {
    return [];
  }
}

/** A file Loki needs but this process may not read: names the uid, the owner and the mode, and the fix. */
export function unreadableFile(path: string, what: string, error: unknown): LokiError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== 'EACCES' && code !== 'EPERM') {
    return new LokiError('CONFIG_UNREADABLE', `${what}: cannot read ${path}: ${(error as Error).message}`, { fix: `check that ${path} is a readable file`, cause: error });
  }
  const uid = process.getuid?.() ?? -1;
  const gid = process.getgid?.() ?? -1;
  const owner = statSync(path, { throwIfNoEntry: false });
  const ownedBy = owner ? `; it is owned by uid ${owner.uid} (gid ${owner.gid}) with mode ${(owner.mode & 0o777).toString(8).padStart(4, '0')}` : '';
  return new LokiError('CONFIG_UNREADABLE', `${what}: ${path} cannot be read by uid ${uid} (gid ${gid}), the user Loki runs as${ownedBy}`, {
    fix: `let uid ${uid} read it: \`chown ${uid} ${path}\` (or \`chgrp ${gid} ${path} && chmod 0640 ${path}\`); the Loki image runs as uid 10001, so on the host: \`sudo chown 10001 ${path}\``,
    cause: error,
  });
}

function checkedKey(text: string, source: string): string {
  const trimmed = text.trim();
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(trimmed)) {
    const what = /-----BEGIN ([A-Z ]+)-----/.exec(trimmed)?.[1];
    throw new LokiError('CONFIG_INVALID', `${source} is not a PEM private key${what ? ` (it holds a ${what})` : ' (no -----BEGIN … PRIVATE KEY----- line)'}`, {
      fix: `use the private key (.pem) generated on ${FROM_SETTINGS}, not the App's public key, a certificate or the client secret`,
    });
  }
  try {
    createPrivateKey(trimmed);
  } catch (error) {
    throw new LokiError('CONFIG_INVALID', `${source} is not a usable PEM private key: ${(error as Error).message}`, {
      fix: `the key is damaged or cut short: download a new one from ${FROM_SETTINGS}`,
    });
  }
  return `${trimmed}\n`;
}
