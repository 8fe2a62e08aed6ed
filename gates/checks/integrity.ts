import { createHash } from 'node:crypto';
import { showFile } from '../git/git.js';
import { checkCiConfig } from '../integrity/check-ci-config.js';
import { checkTestScripts, type ReadSide } from '../integrity/check-test-scripts.js';
import { isCode } from '../integrity/classify-path.js';
import { compareTestCases } from '../integrity/compare-test-cases.js';
import { findRemovedAssertions, findWeakenedAssertions } from '../integrity/count-assertions.js';
import { findRemovedTestCases } from '../integrity/count-test-cases.js';
import { findAllowlistChanges } from '../integrity/find-allowlist-changes.js';
import { findRemovedTests, findRewrittenSnapshots } from '../integrity/find-removed-tests.js';
import { judgeDeletedTests, movedTests } from '../integrity/find-replacements.js';
import { scanAddedLines } from '../integrity/scan-added-lines.js';
import type { FindingDraft, Gate, GateContext, GateOutcome } from '../verify/gate.js';
import { isTestsData } from './tests-data.js';

/**
 * The change must not weaken the evidence: no deleted or skipped tests, no removed assertions or
 * tautologies, no `|| true` in test commands, no new suppressions, and — with a baseline — no
 * fewer test cases than on the base.
 */
export const integrityGate: Gate = {
  id: 'integrity',
  dependsOn: ['tests'],
  async run(ctx) {
    const { files } = ctx.diff;
    const patterns = ctx.config.verify.test_patterns;
    const read: ReadSide = (side, path) => showFile(ctx.cwd, side === 'base' ? ctx.diff.mergeBaseSha : ctx.diff.headSha, path);
    ctx.progress('scanning the diff');
    const deleted = await judgeDeletedTests(files, patterns, (path) => read('head', path));
    const added = await scanAddedLines(files, patterns, (path) => read('head', path));
    // A tautology that replaces an assertion is already the finding: not a weakened one as well.
    const tautologies = new Set(added.filter((f) => f.rule === 'tautology').map((f) => f.file));
    const findings = [
      ...findRemovedTests(files, patterns, deleted),
      ...added,
      ...findRemovedAssertions(files, patterns),
      ...findWeakenedAssertions(files, patterns).filter((f) => !tautologies.has(f.file)),
      ...findRemovedTestCases(files, patterns),
      ...(await checkTestScripts(files, read)),
      ...(await checkCiConfig(files, read)),
      ...findRewrittenSnapshots(files),
      ...findAllowlistChanges(files, ctx.config.secrets.ignore_file, ctx.config.secrets.gitleaks_config),
    ];
    const counts = compareCounts(ctx, movedTests(deleted));
    findings.push(...counts.findings);
    return decide(ctx, findings, counts.note, counts.missing);
  },
};

interface CountComparison {
  findings: FindingDraft[];
  note: string;
  /** The baseline was asked for but there are no base test ids to compare with. */
  missing: boolean;
}

function compareCounts(ctx: GateContext, moved: ReadonlyMap<string, readonly string[]>): CountComparison {
  const tests = ctx.dependency('tests');
  if (!tests) return { findings: [], note: 'test counts not compared (the tests gate did not run)', missing: false };
  const data = tests.data;
  if (isTestsData(data) && data.baseCases) {
    return { findings: compareTestCases(data, ctx.diff.files, moved), note: `test cases compared with the base: ${data.cases.length} now, ${data.baseCases.length} before`, missing: false };
  }
  if (ctx.baseline) return { findings: [], note: `the baseline ran but the tests gate reported no base test ids (${tests.status}: ${tests.reason})`, missing: true };
  return { findings: [], note: 'test counts not compared with the base (run with --baseline)', missing: false };
}

function decide(ctx: GateContext, findings: FindingDraft[], note: string, missing: boolean): GateOutcome {
  const scanned = ctx.diff.files.filter((f) => !f.binary && isCode(f.path)).length;
  // In-process rules: the "command" is the diff they read, the "log" is what they found.
  const ran = {
    command: `integrity rules on git diff ${ctx.diff.mergeBaseSha.slice(0, 12)}..${ctx.diff.headSha.slice(0, 12)}`,
    logSha256: createHash('sha256').update(JSON.stringify(findings)).digest('hex'),
  };
  const counts = { files: scanned, findings: findings.length };
  const high = findings.filter((f) => f.severity === 'high' || f.severity === 'critical');
  if (high.length > 0) {
    return { ...ran, status: 'fail', reason: `the change weakens the tests: ${high.length} high finding${high.length === 1 ? '' : 's'} (${[...new Set(high.map((f) => f.rule))].join(', ')}); ${note}`, counts, findings };
  }
  if (missing) return { ...ran, status: 'inconclusive', reason: `could not compare test cases with the base: ${note}`, counts, findings };
  if (scanned === 0 && findings.length === 0) {
    return { status: 'skipped', reason: 'the change touches no code, tests or test configuration', counts };
  }
  const reported = findings.length ? `; ${findings.length} lower-severity finding${findings.length === 1 ? '' : 's'} reported` : '';
  return { ...ran, status: 'pass', reason: `no weakened tests in ${scanned} changed file${scanned === 1 ? '' : 's'}${reported}; ${note}`, counts, findings };
}
