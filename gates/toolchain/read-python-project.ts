import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { fileExists, readText } from './read-manifest.js';

/** How the project says it is installed: as a package (pyproject/setup), from requirement files, or both. */
export interface PythonProject {
  /** pyproject.toml with [build-system] or [project], a setup.py, or a setup.cfg with [metadata]. */
  installable: boolean;
  /** The test extras it declares (`test`, `tests`, `testing`; else `dev`), for `pip install -e .[test]`. */
  extras: string[];
  /** Requirement files at the root (and in requirements/): the runtime ones and the dev/test ones. */
  requirementFiles: string[];
  /** The module of pyproject's `build-backend` (`flit_core` of `flit_core.buildapi`), when it names one. */
  buildBackend?: string;
  /** pyproject's `[project].dependencies` and those of the chosen extras: what a from-source run installs. */
  dependencies: string[];
}

/** A PEP 508 requirement as pip takes it as an argument: a name first, never an option. */
const REQUIREMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9._,\s-]*\])?\s*([<>=!~;@(\s].*)?$/;

const TEST_EXTRAS = ['test', 'tests', 'testing'];
/** Runtime, dev and test requirement files; docs/lint-only files are left out. */
const REQUIREMENT_FILE = /^(requirements|(dev|test|tests)[-_]requirements|requirements[-_](dev|test|tests|testing))\.txt$/;
const REQUIREMENT_DIR_FILE = /^(base|common|main|dev|test|tests|testing)\.txt$/;

/**
 * Reads what a user would install from the project's own files: pyproject.toml with a TOML parser,
 * setup.cfg and setup.py with patterns, never executed (a setup.py is never run to learn its extras).
 */
export function readPythonProject(root: string): PythonProject {
  const pyproject = readPyproject(readText(root, 'pyproject.toml'));
  const setupCfg = readText(root, 'setup.cfg') ?? '';
  const setupPy = readText(root, 'setup.py');
  const installable = pyproject.installable || setupPy !== undefined || /^\s*\[metadata\]/m.test(setupCfg);
  const declared = new Set([...pyproject.extras, ...iniSectionKeys(setupCfg, 'options.extras_require'), ...setupPyExtras(setupPy ?? '')]);
  const testExtras = TEST_EXTRAS.filter((name) => declared.has(name));
  const extras = testExtras.length > 0 ? testExtras : declared.has('dev') ? ['dev'] : [];
  const dependencies = [...pyproject.dependencies, ...extras.flatMap((name) => pyproject.extraDependencies[name] ?? [])].filter((r) => REQUIREMENT.test(r) && r.length <= 200);
  return { installable, extras, requirementFiles: requirementFiles(root), ...(pyproject.buildBackend ? { buildBackend: pyproject.buildBackend } : {}), dependencies };
}

function requirementFiles(root: string): string[] {
  const top = listFiles(root, '.').filter((name) => REQUIREMENT_FILE.test(name));
  const nested = listFiles(root, 'requirements').filter((name) => REQUIREMENT_DIR_FILE.test(name)).map((name) => `requirements/${name}`);
  // The runtime file first: dev files often say `-r requirements.txt` themselves, and pip dedupes.
  return [...top.sort((a, b) => Number(b === 'requirements.txt') - Number(a === 'requirements.txt') || a.localeCompare(b)), ...nested.sort()];
}

function listFiles(root: string, dir: string): string[] {
  try {
    return readdirSync(join(root, dir), { withFileTypes: true })
      .filter((entry) => entry.isFile() && fileExists(root, join(dir, entry.name)))
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}

/**
 * `[build-system]` or `[project]` make it installable; `[project.optional-dependencies]` names its
 * extras. A pyproject.toml that does not parse is still tried as a package: pip's own error then
 * says what is wrong with it, and the install (not the change's tests) is what fails.
 */
function readPyproject(text: string | undefined): { installable: boolean; extras: string[]; buildBackend?: string; dependencies: string[]; extraDependencies: Record<string, string[]> } {
  const none = { extras: [], dependencies: [], extraDependencies: {} };
  if (text === undefined) return { installable: false, ...none };
  let table: Record<string, unknown>;
  try {
    table = parseToml(text);
  } catch {
    return { installable: true, ...none };
  }
  const project = asTable(table.project);
  const optional = asTable(project?.['optional-dependencies']) ?? {};
  const backend = asTable(table['build-system'])?.['build-backend'];
  const module = typeof backend === 'string' ? /^[A-Za-z_]\w*/.exec(backend)?.[0] : undefined;
  return {
    installable: table['build-system'] !== undefined || project !== undefined,
    extras: Object.keys(optional),
    ...(module ? { buildBackend: module } : {}),
    dependencies: strings(project?.dependencies),
    extraDependencies: Object.fromEntries(Object.entries(optional).map(([name, list]) => [name, strings(list)])),
  };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').map((v) => v.trim()) : [];
}

function asTable(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The keys of an INI section (setup.cfg `[options.extras_require]`). */
function iniSectionKeys(text: string, section: string): string[] {
  const body = sectionBody(text, new RegExp(`^\\[${section.replace(/\./g, '\\.')}\\]\\s*$`, 'm'), /^\[/m);
  return [...body.matchAll(/^([A-Za-z0-9][\w.-]*)\s*=/gm)].map((m) => m[1]!);
}

/** `extras_require={"test": [...], 'dev': [...]}` in a setup.py: the literal keys only. */
function setupPyExtras(text: string): string[] {
  const start = text.search(/extras_require\s*=\s*\{/);
  if (start < 0) return [];
  const body = text.slice(start, start + 4_000);
  return [...body.matchAll(/["']([A-Za-z0-9][\w.-]*)["']\s*:/g)].map((m) => m[1]!);
}

function sectionBody(text: string, header: RegExp, nextHeader: RegExp): string {
  const match = header.exec(text);
  if (!match) return '';
  const rest = text.slice(match.index + match[0].length);
  const end = rest.search(nextHeader);
  return end < 0 ? rest : rest.slice(0, end);
}
