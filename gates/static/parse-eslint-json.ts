import { z } from 'zod';
import type { Diagnostic } from './diagnostic.js';
import { toRelative } from './parse-diagnostics.js';

const EslintReportSchema = z.array(
  z.looseObject({
    filePath: z.string(),
    messages: z.array(
      z.looseObject({
        ruleId: z.string().nullable().optional(),
        severity: z.number().int(),
        message: z.string(),
        line: z.number().int().optional(),
        column: z.number().int().optional(),
        fatal: z.boolean().optional(),
      }),
    ),
  }),
);

/** eslint `--format json`; undefined when the text is not such a report. */
export function parseEslintJson(text: string, root: string): Diagnostic[] | undefined {
  const start = text.indexOf('[');
  if (start < 0) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text.slice(start));
  } catch {
    return undefined;
  }
  const parsed = EslintReportSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const out: Diagnostic[] = [];
  for (const file of parsed.data) {
    for (const m of file.messages) {
      // eslint 9 warns about ignored files it was handed; that is not a problem in the code.
      if (!m.ruleId && !m.fatal && /^File ignored/.test(m.message)) continue;
      out.push({
        tool: 'eslint',
        file: toRelative(file.filePath, root),
        ...(m.line ? { line: m.line } : {}),
        ...(m.column ? { column: m.column } : {}),
        ...(m.ruleId ? { code: m.ruleId } : {}),
        message: m.ruleId ? `${m.ruleId}: ${m.message}` : m.message,
        kind: m.fatal ? 'syntax' : m.severity >= 2 ? 'lint' : 'warning',
      });
    }
  }
  return out;
}
