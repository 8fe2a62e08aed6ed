import type { ScanResult } from '../types.js';

/** Human output: one block per finding (secret redacted), then a summary line. */
export function formatText(result: ScanResult, options: { scope?: string } = {}): string {
  const lines: string[] = [];
  for (const f of result.findings) {
    lines.push(`${f.file}:${f.line}:${f.column}  ${f.ruleId}  ${f.description}`);
    lines.push(`    ${f.match}`);
    lines.push(`    fingerprint ${f.fingerprint}  (add it to .lokisecretsignore if this is not a secret)`);
  }
  for (const w of result.warnings) lines.push(`warning: ${w}`);
  for (const i of result.incomplete) lines.push(`incomplete: ${i.file}: ${i.reason}`);
  const { stats } = result;
  const skipped = Object.entries(stats.skipped).map(([reason, n]) => `${n} ${reason}`).join(', ');
  const scope = options.scope ? ` in ${options.scope}` : '';
  const verdict = result.findings.length === 0 ? 'no secrets found' : `${result.findings.length} secret${result.findings.length === 1 ? '' : 's'} found`;
  lines.push(
    `${verdict}${scope}: ${stats.filesScanned} file${stats.filesScanned === 1 ? '' : 's'} scanned` +
      `${skipped ? ` (skipped: ${skipped})` : ''}` +
      `${result.suppressed.length ? `, ${result.suppressed.length} suppressed` : ''}` +
      `, ${stats.durationMs} ms${stats.workers ? ` on ${stats.workers} worker threads` : ''}`,
  );
  if (result.findings.length > 0) {
    lines.push('Fix: remove each secret from the code and rotate it (it is in the history now); if one is not a secret, add its fingerprint to .lokisecretsignore or a `loki:allow` comment on its line.');
  }
  return `${lines.join('\n')}\n`;
}
