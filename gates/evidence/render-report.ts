import { loadTemplate, renderTemplate } from '../core/templates.js';
import { describeTree } from './describe-tree.js';
import { gateLogPath } from './gate-logs.js';
import type { Evidence, Finding, GateRecord } from './schema.js';

export interface RenderReportOptions {
  /** Cut the report to this many characters (check runs allow 65,535), keeping its head. */
  maxChars?: number;
  /** Where the full evidence can be read, linked from the report and from a cut. */
  evidenceUrl?: string;
  /** Gates whose full log is written beside the report (`logs/<gate>.log`): each row links it. */
  logLinks?: readonly string[];
}

const ICONS: Record<Evidence['verdict'], string> = { VERIFIED: '✅', CONCERNS: '⚠️', BLOCKED: '⛔', ERROR: '❌' };
const STATUS_ICONS: Record<GateRecord['status'], string> = { pass: '✅ pass', fail: '❌ fail', inconclusive: '❔ inconclusive', skipped: '⏭️ skipped' };
const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info'] as const;
const MAX_LISTED_FINDINGS = 200;

/** The human report: the same Markdown is written to report.md, the job summary and the check run. */
export function renderReport(evidence: Evidence, options: RenderReportOptions = {}): string {
  const s = evidence.subject;
  const text = renderTemplate(loadTemplate('report/verify.md'), {
    icon: ICONS[evidence.verdict],
    verdict: evidence.verdict,
    summary: escapeInline(evidence.summary) + (evidence.error?.fix ? `\n\n**Fix:** ${escapeInline(evidence.error.fix)}` : ''),
    base_ref: s.base_ref,
    merge_base_sha: s.merge_base_sha ? `merge-base \`${s.merge_base_sha.slice(0, 12)}\`` : 'unresolved',
    head_sha: s.head_sha ? `\`${s.head_sha.slice(0, 12)}\`` : 'unresolved',
    tree: escapeCell(evidence.tree && s.head_sha ? describeTree(evidence.tree, s.head_sha) : evidence.dirty ? 'the working tree, with uncommitted changes' : '–'),
    diff_stats: `${s.diff_stats.files} files, +${s.diff_stats.additions} −${s.diff_stats.deletions}`,
    exit_code: evidence.exit_code,
    gate_rows: evidence.gates.map((g) => gateRow(g, options.logLinks?.includes(g.id) ?? false)).join('\n') || '| – | – | no gate ran | – |',
    proving_section: provingSection(evidence.gates.find((g) => g.id === 'tests')),
    findings_section: findingsSection(evidence.findings),
    version: evidence.produced_by.version,
    completed_at: evidence.produced_by.completed_at,
    schema_version: evidence.schema_version,
    evidence_link: options.evidenceUrl ? ` · [full evidence](${options.evidenceUrl})` : '',
  });
  return options.maxChars === undefined ? text : cut(text, options.maxChars, options.evidenceUrl);
}

function gateRow(gate: GateRecord, logLinked: boolean): string {
  const log = logLinked ? ` · [full log](${gateLogPath(gate.id)})` : '';
  const reason = escapeCell(gate.reason) + (gate.command ? `<br><sub>\`${escapeCell(gate.command)}\`</sub>` : '') + log;
  return `| \`${gate.id}\` | ${STATUS_ICONS[gate.status]} | ${reason} | ${formatDuration(gate.duration_ms)} |`;
}

const MAX_LISTED_PROVING = 50;

/** The tests that prove the change, when the baseline could tell; nothing when it did not run. */
function provingSection(tests: GateRecord | undefined): string {
  const proving = tests?.proving;
  if (!proving) return '';
  if (proving.length === 0) return '### Proving tests (0)\n\nNo test fails without this change: every test that passes here also passes on the merge-base.\n\n';
  const total = tests.counts?.proving ?? proving.length;
  const rows = proving.slice(0, MAX_LISTED_PROVING).map((p) => `- \`${p.id.replace(/`/g, "'")}\` — ${p.on_base === 'failed' ? 'fails on the merge-base' : 'does not exist on the merge-base'}`);
  const more = total > rows.length ? `\n- …and ${total - rows.length} more in evidence.json` : '';
  return `### Proving tests (${total})\n\nTests that pass with the change and fail, or cannot exist, without it:\n\n${rows.join('\n')}${more}\n\n`;
}

function findingsSection(findings: readonly Finding[]): string {
  if (findings.length === 0) return '### Findings\n\nNone.';
  const sorted = [...findings].sort(
    (a, b) => Number(b.blocking) - Number(a.blocking) || SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity),
  );
  const rows = sorted.slice(0, MAX_LISTED_FINDINGS).map((f) => {
    const where = f.file ? `\`${escapeCell(f.file)}${f.line ? `:${f.line}` : ''}\`` : '–';
    const flag = f.blocking ? '**blocking**' : f.pre_existing ? 'pre-existing' : f.accepted ? escapeCell(`accepted by ${f.accepted.by}${f.accepted.commit ? ` in ${f.accepted.commit.slice(0, 12)}` : ' in a comment'}${f.accepted.why ? `: ${f.accepted.why}` : ''}`) : 'non-blocking';
    return `| ${f.severity} | ${flag} | \`${f.gate}\` | ${where} | ${escapeCell(f.message)} |`;
  });
  const more = sorted.length > MAX_LISTED_FINDINGS ? `\n\n…and ${sorted.length - MAX_LISTED_FINDINGS} more in evidence.json.` : '';
  const blocking = findings.filter((f) => f.blocking).length;
  return [
    `### Findings (${findings.length}, ${blocking} blocking)`,
    '',
    '| Severity | | Gate | Where | Message |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n') + more;
}

function cut(text: string, maxChars: number, evidenceUrl?: string): string {
  if (text.length <= maxChars) return text;
  const note = `\n\n…report cut to fit ${maxChars} characters; the full report is in report.md${evidenceUrl ? ` ([evidence](${evidenceUrl}))` : ' next to evidence.json'}.`;
  return text.slice(0, Math.max(0, maxChars - note.length)) + note;
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Table cells: no pipes or newlines, no raw HTML from tool output. */
function escapeCell(text: string): string {
  return escapeInline(text).replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

function escapeInline(text: string): string {
  return text.replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
