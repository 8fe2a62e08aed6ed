import { z } from 'zod';
import type { TestCase } from '../checks/tests-data.js';
import { firstLine } from './relative-file.js';

const GoEventSchema = z.object({
  Action: z.string(),
  Package: z.string().optional(),
  Test: z.string().optional(),
  Output: z.string().optional(),
});

/**
 * Reads `go test -json` events. Tests that only group subtests are not cases; a package that
 * fails with no failing test (a build error, a crash) becomes one failed case.
 */
export function parseGoTestJson(output: string): TestCase[] {
  const results = new Map<string, { pkg: string; test: string; status?: TestCase['status']; output: string[] }>();
  const failedPackages = new Map<string, string[]>();
  for (const line of output.split('\n')) {
    const event = parseLine(line);
    if (!event?.Package) continue;
    if (!event.Test) {
      if (event.Action === 'output' && event.Output) (failedPackages.get(event.Package) ?? failedPackages.set(event.Package, []).get(event.Package)!).push(event.Output);
      if (event.Action === 'fail') failedPackages.set(event.Package, [...(failedPackages.get(event.Package) ?? []), '\u0000failed']);
      continue;
    }
    const key = `${event.Package}\u0000${event.Test}`;
    const entry = results.get(key) ?? { pkg: event.Package, test: event.Test, output: [] };
    results.set(key, entry);
    if (event.Action === 'output' && event.Output) entry.output.push(event.Output);
    if (event.Action === 'pass') entry.status = 'passed';
    if (event.Action === 'fail') entry.status = 'failed';
    if (event.Action === 'skip') entry.status = 'skipped';
  }
  const entries = [...results.values()].filter((e) => e.status);
  const cases: TestCase[] = entries
    .filter((e) => !entries.some((o) => o.pkg === e.pkg && o.test.startsWith(`${e.test}/`)))
    .map((e) => {
      const message = e.status === 'failed' ? firstLine(e.output.filter((o) => !/^(=== RUN|--- FAIL|=== PAUSE|=== CONT)/.test(o.trim())).join('')) : undefined;
      return { id: `${e.pkg} > ${e.test}`, status: e.status!, ...(message ? { message } : {}) };
    });
  for (const [pkg, lines] of failedPackages) {
    if (!lines.includes('\u0000failed') || cases.some((c) => c.status === 'failed' && c.id.startsWith(`${pkg} > `))) continue;
    const message = firstLine(lines.filter((l) => l !== '\u0000failed' && !/^(FAIL|ok)\s/.test(l)).join(''));
    cases.push({ id: `${pkg} > (package failed)`, status: 'failed', ...(message ? { message } : {}) });
  }
  return cases;
}

function parseLine(line: string): z.infer<typeof GoEventSchema> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const parsed = GoEventSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
