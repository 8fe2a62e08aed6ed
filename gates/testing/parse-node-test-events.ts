import { z } from 'zod';
import type { TestCase } from '../checks/tests-data.js';
import { firstLine, relativeFile } from './relative-file.js';

const EventSchema = z.object({
  type: z.enum(['test:start', 'test:pass', 'test:fail']),
  file: z.string().optional(),
  name: z.string(),
  nesting: z.number().int().nonnegative(),
  skip: z.boolean().optional(),
  todo: z.boolean().optional(),
  suite: z.boolean().optional(),
  failureType: z.string().optional(),
  message: z.string().optional(),
  expected: z.string().optional(),
  actual: z.string().optional(),
  line: z.number().int().positive().optional(),
});

interface Frame {
  name: string;
  hasChildren: boolean;
}

/**
 * Turns the events of Loki's node:test reporter into test cases with ids "file > suite > name".
 * Suites, and tests that only group subtests, are not cases; a file that fails to load is one
 * failed case named after the file.
 */
export function parseNodeTestEvents(jsonl: string, root: string): TestCase[] {
  const stacks = new Map<string, Frame[]>();
  const cases: TestCase[] = [];
  for (const line of jsonl.split('\n')) {
    const event = parseLine(line);
    if (!event) continue;
    const file = relativeFile(root, event.file);
    const key = `${event.file ?? ''}`;
    const stack = stacks.get(key) ?? [];
    stacks.set(key, stack);
    if (event.type === 'test:start') {
      if (event.nesting > 0 && stack[event.nesting - 1]) stack[event.nesting - 1]!.hasChildren = true;
      stack.length = event.nesting;
      stack.push({ name: event.name, hasChildren: false });
      continue;
    }
    const frame = stack[event.nesting];
    const grouping = event.suite || (frame?.name === event.name && frame.hasChildren);
    const ownFailure = event.type === 'test:fail' && event.failureType !== 'subtestsFailed';
    if (grouping && !(ownFailure && !event.suite)) continue;
    const path = stack.slice(0, event.nesting).map((f) => f.name);
    const name = event.file && event.name === event.file ? '(file failed to run)' : event.name;
    const id = [file, ...path, name].filter(Boolean).join(' > ');
    const status = event.skip || event.todo ? 'skipped' : event.type === 'test:pass' ? 'passed' : 'failed';
    const message = status === 'failed' ? firstLine(event.message) : undefined;
    const failure = status === 'failed' ? assertionDetails(event) : {};
    cases.push({ id, ...(file ? { file } : {}), status, ...(message ? { message } : {}), ...failure });
  }
  return cases;
}

function parseLine(line: string): z.infer<typeof EventSchema> | undefined {
  if (!line.trim()) return undefined;
  try {
    const parsed = EventSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function assertionDetails(event: z.infer<typeof EventSchema>): Pick<TestCase, 'expected' | 'actual' | 'line'> {
  return {
    ...(event.expected !== undefined ? { expected: event.expected } : {}),
    ...(event.actual !== undefined ? { actual: event.actual } : {}),
    ...(event.line !== undefined ? { line: event.line } : {}),
  };
}
