import { z } from 'zod';
import type { TestCase } from '../checks/tests-data.js';
import { assertionDetails } from './assertion-details.js';
import { firstLine, relativeFile } from './relative-file.js';

const JestReportSchema = z.object({
  testResults: z.array(
    z.object({
      name: z.string(),
      status: z.string().optional(),
      message: z.string().optional(),
      assertionResults: z
        .array(
          z.object({
            ancestorTitles: z.array(z.string()).default([]),
            title: z.string(),
            status: z.string(),
            failureMessages: z.array(z.string()).nullish(),
          }),
        )
        .default([]),
    }),
  ),
});

/** Reads `jest --json --outputFile` output. A test file that fails to run becomes one failed case. */
export function parseJestJson(json: string, root: string): TestCase[] | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return undefined;
  }
  const parsed = JestReportSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const cases: TestCase[] = [];
  for (const suite of parsed.data.testResults) {
    const file = relativeFile(root, suite.name);
    if (suite.assertionResults.length === 0 && suite.status === 'failed') {
      const message = firstLine(suite.message ?? '');
      cases.push({ id: `${file} > (file failed to run)`, ...(file ? { file } : {}), status: 'failed', ...(message ? { message } : {}) });
      continue;
    }
    for (const a of suite.assertionResults) {
      const status = a.status === 'passed' ? 'passed' : a.status === 'failed' ? 'failed' : 'skipped';
      const message = status === 'failed' ? firstLine(a.failureMessages?.join('\n') ?? '') : undefined;
      const details = status === 'failed' ? assertionDetails(a.failureMessages?.join('\n'), file) : {};
      cases.push({ id: [file, ...a.ancestorTitles, a.title].filter(Boolean).join(' > '), ...(file ? { file } : {}), status, ...(message ? { message } : {}), ...details });
    }
  }
  return cases;
}
