import { z } from 'zod';

const AdvisorySchema = z.looseObject({
  source: z.union([z.number(), z.string()]),
  name: z.string(),
  title: z.string(),
  url: z.string(),
  severity: z.string(),
  range: z.string().optional(),
});
export type Advisory = z.infer<typeof AdvisorySchema>;

const VulnerabilitySchema = z.looseObject({
  name: z.string(),
  severity: z.enum(['info', 'low', 'moderate', 'high', 'critical']),
  isDirect: z.boolean().optional(),
  /** Advisories that hit this package, or names of vulnerable packages it depends on. */
  via: z.array(z.union([z.string(), AdvisorySchema])),
  effects: z.array(z.string()).default([]),
  range: z.string().default(''),
  nodes: z.array(z.string()).default([]),
  fixAvailable: z.union([z.boolean(), z.looseObject({ name: z.string(), version: z.string(), isSemVerMajor: z.boolean().optional() })]).optional(),
});
export type Vulnerability = z.infer<typeof VulnerabilitySchema>;

/** npm audit --json, auditReportVersion 2 (npm 7 and later). */
export const NpmAuditReportSchema = z.looseObject({
  auditReportVersion: z.literal(2),
  vulnerabilities: z.record(z.string(), VulnerabilitySchema),
  metadata: z.looseObject({
    dependencies: z.looseObject({ total: z.number().int().nonnegative() }),
  }),
});
export type NpmAuditReport = z.infer<typeof NpmAuditReportSchema>;

/** What npm prints with --json when the audit itself failed (registry down, refused, offline). */
const NpmErrorSchema = z.looseObject({
  message: z.string().optional(),
  error: z.looseObject({ code: z.string().nullable().optional(), summary: z.string().optional(), detail: z.string().optional() }),
});

export type ParsedAudit = { ok: true; report: NpmAuditReport } | { ok: false; problem: string };

/**
 * Reads npm audit's JSON. npm uses exit 1 both for "vulnerabilities found" and "could not reach
 * the advisory endpoint", so the document, not the exit code, says which one it was.
 */
export function parseNpmAudit(stdout: string): ParsedAudit {
  let raw: unknown;
  try {
    raw = JSON.parse(stdout);
  } catch {
    return { ok: false, problem: `npm audit printed no JSON report${stdout.trim() ? `: ${stdout.trim().split('\n')[0]!.slice(0, 200)}` : ''}` };
  }
  const failure = NpmErrorSchema.safeParse(raw);
  if (failure.success) {
    const e = failure.data.error;
    const text = [failure.data.message, e.code, e.summary, e.detail].filter((s) => s && s.trim()).join(' — ');
    return { ok: false, problem: `npm audit could not complete: ${text || 'unknown error'}` };
  }
  const report = NpmAuditReportSchema.safeParse(raw);
  if (!report.success) {
    const version = (raw as { auditReportVersion?: unknown } | null)?.auditReportVersion;
    return { ok: false, problem: `npm audit printed a report Loki cannot read (auditReportVersion ${String(version ?? 'missing')}): ${report.error.issues[0]?.message ?? 'invalid'}` };
  }
  return { ok: true, report: report.data };
}
