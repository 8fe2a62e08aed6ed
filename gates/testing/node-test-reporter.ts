import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A node:test reporter that appends one JSON line per test event to the file named by
 * LOKI_NODE_TEST_EVENTS. Node's own junit reporter (Node 20) drops the test file, which the test
 * ids need; this one keeps it. Injected through NODE_OPTIONS, so it works wherever the project
 * calls node:test (`node --test`, `tsx --test`, `node test/x.js`, deep inside an npm script) and
 * several processes can append to the same file.
 */
const REPORTER_SOURCE = `import { appendFileSync } from 'node:fs';
import { inspect } from 'node:util';
const show = (v) => { const t = typeof v === 'string' ? JSON.stringify(v) : inspect(v, { depth: 4, breakLength: Infinity }); return t.length > 1000 ? t.slice(0, 999) + '…' : t; };
const plain = (f) => (typeof f === 'string' && f.startsWith('file://') ? decodeURIComponent(new URL(f).pathname) : f);
/** The failing line: the stack frame in the test's own file, else where the test is declared. */
function failingLine(cause, file, declared) {
  const want = plain(file);
  const stack = cause && typeof cause.stack === 'string' ? cause.stack : '';
  for (const m of stack.matchAll(/(?:\\(|at )((?:file:\\/\\/)?[^()\\s]+?):(\\d+):\\d+\\)?$/gm)) {
    if (want && plain(m[1]) === want) return Number(m[2]);
  }
  return typeof declared === 'number' ? declared : undefined;
}
const out = process.env.LOKI_NODE_TEST_EVENTS;
export default async function* lokiReporter(source) {
  for await (const event of source) {
    if (!out || (event.type !== 'test:start' && event.type !== 'test:pass' && event.type !== 'test:fail')) continue;
    const d = event.data || {};
    const error = d.details && d.details.error;
    const line = {
      type: event.type,
      file: d.file,
      name: d.name,
      nesting: d.nesting,
      skip: d.skip !== undefined && d.skip !== false,
      todo: d.todo !== undefined && d.todo !== false,
      suite: Boolean(d.details && d.details.type === 'suite'),
      failureType: error && error.failureType,
      message: error ? String((error.cause && error.cause.message) || error.message || '') : undefined,
    };
    const cause = error && (error.cause || error);
    if (event.type === 'test:fail' && cause && typeof cause === 'object') {
      if ('expected' in cause) line.expected = show(cause.expected);
      if ('actual' in cause) line.actual = show(cause.actual);
      const at = failingLine(cause, d.file, d.line);
      if (at) line.line = at;
    }
    try { appendFileSync(out, JSON.stringify(line) + '\\n'); } catch {}
  }
}
`;

export interface NodeTestInjection {
  env: Record<string, string>;
  eventsPath: string;
}

/**
 * How the project's command line already uses --test-reporter: `none` (Loki adds spec on stdout
 * so the log stays readable), `paired` (every reporter has its destination: Loki only adds its
 * own), or `default-destination` (one reporter, no destination, which node sends to stdout:
 * Loki supplies that stdout destination, because node pairs reporters and destinations across
 * NODE_OPTIONS and the command line together).
 */
export type ProjectReporters = 'none' | 'paired' | 'default-destination';

/** Writes the reporter into `dir` and returns the environment that activates it. */
export async function prepareNodeTestReporter(dir: string, project: ProjectReporters = 'none', baseNodeOptions = process.env.NODE_OPTIONS ?? ''): Promise<NodeTestInjection> {
  const reporterPath = join(dir, 'loki-node-test-reporter.mjs');
  const eventsPath = join(dir, 'node-test-events.jsonl');
  // A real file, never /dev/null: Node 22 fsyncs reporter destinations on exit, and fsync on
  // /dev/null fails with EINVAL, which crashes the whole test run.
  const sinkPath = join(dir, 'loki-node-test-reporter.out');
  await writeFile(reporterPath, REPORTER_SOURCE);
  // NODE_OPTIONS splits on spaces unless a value is double-quoted.
  const quoted = /\s/.test(reporterPath) ? `"${reporterPath}"` : reporterPath;
  const sink = /\s/.test(sinkPath) ? `"${sinkPath}"` : sinkPath;
  const own = [`--test-reporter=${quoted}`, `--test-reporter-destination=${sink}`];
  const extra = { none: ['--test-reporter=spec', '--test-reporter-destination=stdout'], paired: [], 'default-destination': ['--test-reporter-destination=stdout'] }[project];
  const flags = [...own, ...extra];
  return {
    eventsPath,
    env: { NODE_OPTIONS: [baseNodeOptions.trim(), ...flags].filter(Boolean).join(' '), LOKI_NODE_TEST_EVENTS: eventsPath },
  };
}
