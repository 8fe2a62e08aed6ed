import { addedLinesToTexts } from '../secrets/added-lines-to-texts.js';
import { loadScanSetupAt } from '../secrets/load-scan-setup.js';
import { scanTextsWith } from '../secrets/scan-texts.js';
import type { SecretFinding } from '../secrets/types.js';
import type { FindingDraft, Gate, GateOutcome } from '../verify/gate.js';
import { isFixturePath } from '../integrity/classify-path.js';

/**
 * The `secrets` gate: scans only the lines the change adds. Every unsuppressed secret is a
 * critical finding keyed by the secret's digest (never the secret), so its evidence id equals
 * the fingerprint `loki secrets` prints and the ignore file accepts. The suppression policy
 * (ignore files, `.gitleaks.toml`) is the merge-base's: a change cannot allow its own secret.
 *
 * Test data is judged, not ignored: a value with no vendor's format (a generic secret, a private
 * key, a JWT, a URL's password) in a test fixture, and a JWT whose payload is empty or names a
 * sample user anywhere, is reported as medium with the reason (CONCERNS, not BLOCKED). A provider
 * token (ghp_…, sk_live_…, AKIA…) blocks wherever it is: a live one in a fixture is still live.
 */
export const secretsGate: Gate = {
  id: 'secrets',
  async run(ctx): Promise<GateOutcome> {
    const setup = await loadScanSetupAt(ctx.cwd, ctx.diff.mergeBaseSha, ctx.config.secrets);
    const texts = addedLinesToTexts(ctx.diff.files);
    ctx.progress(`scanning ${texts.length} changed file${texts.length === 1 ? '' : 's'} for secrets`);
    const result = scanTextsWith(texts, setup);
    const findings = result.findings.map((f) => toDraft(f, ctx.config.verify.test_patterns));
    const counts = { files: result.stats.filesScanned, findings: findings.length };
    const lowered = findings.filter((f) => f.severity !== 'critical').length;
    const asTestData = lowered ? ` (${lowered === findings.length ? (lowered === 1 ? 'it is' : 'all are') : `${lowered} of them are`} test data, reported as medium)` : '';
    const command = `loki secrets --base ${ctx.diff.mergeBaseSha.slice(0, 12)}`;
    const suppressed = result.suppressed.length ? `; ${result.suppressed.length} suppressed` : '';
    if (findings.length > 0) {
      return { status: 'fail', reason: `${findings.length} secret${findings.length === 1 ? '' : 's'} in added lines${asTestData}${suppressed}`, command, exitCode: 1, counts, findings };
    }
    if (result.incomplete.length > 0) {
      const first = result.incomplete[0]!;
      return { status: 'inconclusive', reason: `could not finish scanning ${result.incomplete.length} file(s) (${first.file}: ${first.reason})`, command, exitCode: 3, counts };
    }
    if (texts.length > 0 && counts.files === 0) {
      return { status: 'skipped', reason: `none of the ${texts.length} changed file${texts.length === 1 ? ' is' : 's are'} scannable (binary, vendored, lock or over the size limit)`, command, exitCode: 0, counts };
    }
    return { status: 'pass', reason: `no secrets in ${counts.files} changed file${counts.files === 1 ? '' : 's'}${suppressed}`, command, exitCode: 0, counts };
  },
};

function toDraft(f: SecretFinding, testPatterns: readonly string[]): FindingDraft {
  const draft = { rule: f.ruleId, file: f.file, line: f.line, key: f.secretDigest };
  const testData = testDataReason(f, testPatterns);
  if (testData) {
    return {
      ...draft,
      severity: 'medium',
      message: `${f.description} (${f.redacted}) in ${testData}: reported, not blocking, as a value made for a test; if it is a real credential, remove it and rotate it (or add ${f.fingerprint} to .lokisecretsignore)`,
    };
  }
  return {
    ...draft,
    severity: 'critical',
    message: `${f.description} (${f.redacted}): remove it and rotate the credential; if it is not a secret, add ${f.fingerprint} to .lokisecretsignore`,
  };
}

/** Built-in rules whose match has no vendor's format: nothing in the value says it opens a live account. */
function formatless(ruleId: string): boolean {
  return /^(?:generic-|private-key-)|-url-password$/.test(ruleId) || ['jwt', 'connection-string-password', 'basic-auth-header', 'basic-auth-url', 'curl-user-password'].includes(ruleId);
}

function testDataReason(f: SecretFinding, testPatterns: readonly string[]): string | undefined {
  if (f.sample) return f.sample;
  if (formatless(f.ruleId) && isFixturePath(f.file, testPatterns)) return `test data (${f.file})`;
  return undefined;
}
