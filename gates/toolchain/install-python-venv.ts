import { lstatSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { firstErrorLine } from '../core/first-error-line.js';
import { projectCommandEnv } from '../core/project-command-env.js';
import { describeFailure, runCommand, succeeded, type CommandResult } from '../core/run-command.js';
import type { InstallOptions, InstallOutcome } from './ensure-dependencies.js';
import { pipErrorLine } from './pip-error-line.js';
import { pipUserConfig } from './pip-user-config.js';
import type { VenvInstall } from './toolchain.js';

/** pip's switches for the retry without an index: only what is installed or in find-links, built with the backends already there. */
export const OFFLINE_RETRY = ['--no-index', '--no-build-isolation'] as const;

/**
 * Makes the checkout's virtualenv and installs the project into it, as its users do:
 *
 * 1. `python3 -m venv --system-site-packages --without-pip --clear .loki/venv`. System site-packages
 *    let the tools already installed for this interpreter (pytest, setuptools, pip itself) be used
 *    when no index answers; what the project declares is installed into the venv and shadows them.
 * 2. `.loki/venv/bin/python -m pip install <-r files> -e .[extras]` with the user's own pip
 *    configuration (index, find-links; see pip-user-config.ts) — never an index of Loki's choosing.
 * 3. When that fails (no index reachable, a build backend not downloadable), once more with
 *    `--no-index --no-build-isolation`: from what is already installed. The reason says so.
 * 4. When the project itself cannot be built because its build backend is missing (flit_core, with
 *    no index to get it from), its requirements alone, then a `.pth` file puts src/ (or the
 *    checkout) on the venv's import path, as an editable install would: the tests run from the
 *    source, and the reason says why. The same when the interpreter has no pip and the project
 *    needs nothing besides itself. A dependency no index has is still a failed install.
 *
 * Head and base run the same procedure in their own checkouts; pip's cache lives in the HOME the
 * sandbox scope gives every command of one verify run, so the base reuses what the head downloaded.
 */
export async function installPythonVenv(root: string, venv: VenvInstall, reason: string, options: InstallOptions): Promise<InstallOutcome> {
  const started = Date.now();
  const shown = relative(root, venv.dir) || '.';
  const python = join(venv.dir, 'bin/python');
  const pipShown = `${shown}/bin/python -m pip install`;
  const unsafe = symlinkOnPath(root, venv.dir);
  if (unsafe) return { ok: false, reason: `dependency install failed: ${unsafe} is a symlink in the checkout; Loki makes its virtualenv only in a real folder` };

  const config = pipUserConfig();
  const run = (file: string, args: readonly string[]) =>
    runCommand(file, args, {
      cwd: root,
      env: projectCommandEnv(process.env, config.env),
      replaceEnv: true,
      sandbox: { purpose: 'install', readable: config.readable },
      timeoutMs: Math.max(1_000, options.timeoutMs - (Date.now() - started)),
      signal: options.signal,
    });
  const ran: string[] = [];
  const finish = (ok: boolean, result: CommandResult, text: string): InstallOutcome => ({
    ok,
    reason: config.note ? `${text} (${config.note})` : text,
    result: { ...result, command: ran.join(' ') },
    step: { name: 'install', command: ran.join(' '), exit_code: result.exitCode, duration_ms: Date.now() - started },
  });

  const venvArgs = ['-m', 'venv', '--system-site-packages', '--without-pip', '--clear', venv.dir];
  options.progress?.(`installing dependencies: ${venv.python} -m venv ${shown}, then ${pipShown} ${venv.pipArgs.join(' ')}`);
  ran.push([venv.python, ...venvArgs.slice(0, -1), shown].join(' '));
  const made = await run(venv.python, venvArgs);
  if (!succeeded(made)) {
    const why = made.spawnError ? `${venv.python} is not installed: install Python 3, or set verify.commands.install` : firstErrorLine(made.log);
    return finish(false, made, `dependency install failed: could not make the virtualenv: ${describeFailure({ ...made, command: ran[0]! })}${why ? `: ${why}` : ''}`);
  }
  // Git never shows the venv as a change of the checkout (Python 3.13's venv writes the same file).
  writeFileSync(join(venv.dir, '.gitignore'), '*\n');

  const project = await pipInstall(venv.pipArgs);
  if (project.ok) return finish(true, project.result, project.offline ? `installed dependencies from what is already installed (${OFFLINE_RETRY.join(' ')}), because ${project.error} (${reason})` : `installed dependencies (${reason})`);
  if (!venv.fromSource || !(backendMissing(project.logs, venv.fromSource.buildBackend) || NO_PIP.test(project.logs))) return finish(false, project.result, `dependency install failed: ${project.error}`);

  // The project cannot be built here (its build backend is missing): its requirements, and the checkout on the import path.
  const source = venv.fromSource;
  const requirements = source.pipArgs.length ? await pipInstall(source.pipArgs) : undefined;
  if (requirements && !requirements.ok) return finish(false, requirements.result, `dependency install failed: ${project.error}; installing only its requirements failed too: ${requirements.error}`);
  const sitePackages = findSitePackages(venv.dir);
  if (!sitePackages) return finish(false, project.result, `dependency install failed: ${project.error}; the virtualenv has no site-packages folder to put the checkout on the import path`);
  writeFileSync(join(sitePackages, 'loki-from-source.pth'), `${source.importPath}\n`);
  const folder = relative(root, source.importPath);
  ran.push(`|| ${folder ? `${folder}/` : '.'} on the import path (${shown}/lib/…/site-packages/loki-from-source.pth)`);
  // The chain as a whole succeeded, as `a || b` does in a shell.
  return finish(true, requirements?.result ?? { ...project.result, exitCode: 0 }, `the project itself could not be built (${project.error}): ${requirements ? 'its requirements are installed and ' : ''}its tests run from the source, ${folder ? `${folder}/` : 'the checkout'} on the import path (${reason})`);

  /** `pip install <args>` with the user's configuration, then once from what is installed. */
  async function pipInstall(args: readonly string[]): Promise<{ ok: boolean; offline: boolean; result: CommandResult; error: string; logs: string }> {
    ran.push(`&& ${pipShown} ${args.join(' ')}`);
    const online = await run(python, ['-m', 'pip', 'install', ...args]);
    if (succeeded(online)) return { ok: true, offline: false, result: online, error: '', logs: online.log };
    const error = failure(`${pipShown} ${args.join(' ')}`, online);
    if (online.timedOut || online.cancelled) return { ok: false, offline: false, result: online, error, logs: online.log };
    const retry = [...OFFLINE_RETRY, ...args];
    ran.push(`|| ${pipShown} ${retry.join(' ')}`);
    options.progress?.(`pip install failed; retrying from what is installed (${OFFLINE_RETRY.join(' ')})`);
    const offline = await run(python, ['-m', 'pip', 'install', ...retry]);
    if (succeeded(offline)) return { ok: true, offline: true, result: offline, error, logs: online.log + offline.log };
    const second = pipErrorLine(offline.log) ?? describeFailure({ ...offline, command: 'pip' });
    return { ok: false, offline: true, result: offline, error: `${error}; the retry from what is installed (${OFFLINE_RETRY.join(' ')}) failed too: ${second}`, logs: online.log + offline.log };
  }
}

/**
 * pip could not get the project's build backend: "BackendUnavailable", "No module named 'flit_core'"
 * (the retry without build isolation), or no index having `flit_core<4,>=3.12` (the isolated build).
 */
function backendMissing(log: string, backend: string | undefined): boolean {
  if (/\bBackendUnavailable\b/.test(log)) return true;
  if (!backend) return false;
  const normal = (text: string) => text.toLowerCase().replace(/[-_.]+/g, '_');
  const said = normal(log);
  const name = normal(backend);
  return said.includes(`no module named '${name}`) || said.includes(`satisfies the requirement ${name}`) || said.includes(`no matching distribution found for ${name}`);
}

function findSitePackages(venvDir: string): string | undefined {
  try {
    const version = readdirSync(join(venvDir, 'lib')).find((name) => /^python3(\.\d+)?$/.test(name));
    return version ? join(venvDir, 'lib', version, 'site-packages') : undefined;
  } catch {
    return undefined;
  }
}

const NO_PIP = /No module named pip\b/;

/** "`pip install -e .` exited with code 1: ERROR: No matching distribution found for x". */
function failure(shown: string, result: CommandResult): string {
  const line = NO_PIP.test(result.log) ? 'the interpreter has no pip: install it (Debian: apt-get install python3-pip)' : pipErrorLine(result.log);
  return `${describeFailure({ ...result, command: shown })}${line ? `: ${line}` : ''}`;
}

/** A checkout may commit `.loki` or `.loki/venv` as a symlink: `venv --clear` must never empty its target. */
function symlinkOnPath(root: string, dir: string): string | undefined {
  const parts = relative(root, dir).split('/');
  for (let i = 1; i <= parts.length; i++) {
    const path = parts.slice(0, i).join('/');
    try {
      if (lstatSync(join(root, path)).isSymbolicLink()) return path;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
