import type { TestCase } from '../checks/tests-data.js';
import { firstLine } from './relative-file.js';

const RUNNING = /^\s*Running (?:unittests )?(\S+)/;
const DOC_TESTS = /^\s*Doc-tests (\S+)/;
const RESULT = /^test (.+?) \.\.\. (ok|FAILED|ignored\b.*)$/;
const FAILURE_HEADER = /^---- (.+?) stdout ----$/;

/**
 * Reads `cargo test` human output (stable cargo has no JSON test reporter): one "test x ... ok"
 * line per case, grouped under the target named by the "Running src/lib.rs (…)" line before it.
 */
export function parseCargoTestOutput(output: string): TestCase[] {
  const cases: TestCase[] = [];
  const messages = failureMessages(output);
  let target = '';
  for (const raw of output.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const running = RUNNING.exec(line) ?? DOC_TESTS.exec(line);
    if (running) {
      target = DOC_TESTS.test(line) ? `doctest ${running[1]}` : running[1]!;
      continue;
    }
    const result = RESULT.exec(line);
    if (!result) continue;
    const [, name, verdict] = result;
    const status = verdict === 'ok' ? 'passed' : verdict === 'FAILED' ? 'failed' : 'skipped';
    const file = target && !target.startsWith('doctest ') ? target : undefined;
    const message = status === 'failed' ? messages.get(name!) : undefined;
    cases.push({ id: [target, name].filter(Boolean).join(' > '), ...(file ? { file } : {}), status, ...(message ? { message } : {}) });
  }
  return cases;
}

/** "---- name stdout ----" blocks: the panic message of each failed test. */
function failureMessages(output: string): Map<string, string> {
  const messages = new Map<string, string>();
  let current: string | undefined;
  let lines: string[] = [];
  const flush = () => {
    const message = firstLine(lines.filter((l) => !/^thread '.*'.*panicked at/.test(l) && !/^note: run with/.test(l)).join('\n'));
    if (current && message) messages.set(current, message);
  };
  for (const line of output.split('\n')) {
    const header = FAILURE_HEADER.exec(line);
    if (header || /^failures:$/.test(line.trim())) {
      flush();
      current = header?.[1];
      lines = [];
      continue;
    }
    if (current) lines.push(line);
  }
  flush();
  return messages;
}
