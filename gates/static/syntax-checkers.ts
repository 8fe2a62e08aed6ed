import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { z } from 'zod';
import { runCommand } from '../core/run-command.js';

/** Where a file fails to parse, or undefined when it parses. */
export interface SyntaxProblem {
  line?: number;
  message: string;
}

export interface ProcessOptions {
  cwd: string;
  signal: AbortSignal;
  timeoutMs: number;
}

export function checkJson(text: string): SyntaxProblem | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    if (TEMPLATED.test(text)) return undefined;
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message);
    const explicit = /line (\d+) column/.exec(message);
    const line = explicit ? Number(explicit[1]) : position ? lineAt(text, Number(position[1])) : undefined;
    return { ...(line ? { line } : {}), message };
  }
}

/** Helm/Jinja templates are YAML or JSON only after rendering: a parse error there proves nothing. */
const TEMPLATED = /\{\{|\{%/;

export function checkYaml(text: string): SyntaxProblem | undefined {
  try {
    loadAll(text);
    return undefined;
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? (error as Error).message.split('\n')[0];
    // CloudFormation (!Ref), GitLab (!reference) and friends use application tags js-yaml does not know.
    if (/unknown tag/.test(reason ?? '') || TEMPLATED.test(text)) return undefined;
    return { ...(mark?.line !== undefined ? { line: mark.line + 1 } : {}), message: reason ?? 'invalid YAML' };
  }
}

export type ModuleType = 'module' | 'commonjs' | 'either';

/** `node --check` on the text (fed on stdin, so untrusted file names never reach a command line). */
export async function checkJavaScript(text: string, type: ModuleType, options: ProcessOptions): Promise<SyntaxProblem | undefined> {
  const first = await nodeCheck(text, type === 'module' ? 'module' : 'commonjs', options);
  if (!first || type !== 'either') return first;
  // A .js file outside a "type": "module" package may still be ESM (Node detects it).
  const second = await nodeCheck(text, 'module', options);
  return second ? first : undefined;
}

async function nodeCheck(text: string, inputType: 'module' | 'commonjs', options: ProcessOptions): Promise<SyntaxProblem | undefined> {
  const result = await runCommand(process.execPath, ['--check', `--input-type=${inputType}`], { ...options, input: text });
  if (result.exitCode === 0) return undefined;
  if (result.exitCode === null || result.spawnError) throw new Error(`node --check did not finish: ${result.spawnError ?? result.signal ?? 'timeout'}`);
  const line = /\[stdin\]:(\d+)/.exec(result.stderr);
  const message = /^(\w*Error: .*)$/m.exec(result.stderr)?.[1] ?? result.stderr.trim().split('\n')[0] ?? 'syntax error';
  return { ...(line ? { line: Number(line[1]) } : {}), message };
}

const PY_SCRIPT = `
import sys, json
out = []
for item in json.load(sys.stdin):
    try:
        compile(item["text"], item["name"], "exec", dont_inherit=True)
        out.append(None)
    except SyntaxError as e:
        out.append({"line": e.lineno, "message": type(e).__name__ + ": " + str(e.msg)})
    except ValueError as e:
        out.append({"line": None, "message": "ValueError: " + str(e)})
print(json.dumps(out))
`;

const PyResultSchema = z.array(z.object({ line: z.number().int().nullable(), message: z.string() }).nullable());

/**
 * Compiles Python sources in one python3 process without writing bytecode to the repository.
 * The sources arrive on stdin and nothing of the checkout is importable: isolated mode (`-I`:
 * no script dir or cwd on sys.path, no PYTHON* variables, no user site), an empty working
 * directory and an environment of PATH alone. A `json.py` planted at the repository root is
 * never imported, and no credential is there to read if something were.
 */
export async function checkPython(python: string, sources: readonly string[], options: ProcessOptions): Promise<Array<SyntaxProblem | undefined>> {
  const input = JSON.stringify(sources.map((text, i) => ({ name: `<file ${i}>`, text })));
  const empty = await mkdtemp(join(tmpdir(), 'loki-pycheck-'));
  const result = await runCommand(python, ['-I', '-c', PY_SCRIPT], {
    ...options,
    cwd: empty,
    input,
    replaceEnv: true,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', PYTHONDONTWRITEBYTECODE: '1', LANG: 'C.UTF-8' },
  }).finally(() => rm(empty, { recursive: true, force: true }));
  if (result.exitCode !== 0) throw new Error(`python3 could not compile the files: ${result.stderr.trim().split('\n').pop() ?? result.exitCode}`);
  const parsed = PyResultSchema.parse(JSON.parse(result.stdout));
  return parsed.map((p) => (p ? { ...(p.line ? { line: p.line } : {}), message: p.message } : undefined));
}

function lineAt(text: string, position: number): number {
  let line = 1;
  for (let i = 0; i < position && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}
