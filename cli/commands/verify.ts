import { SeveritySchema, type GateId, type Severity } from '../../gates/config/schema.js';
import { LokiError } from '../../gates/core/errors.js';
import { checkEvidence } from '../../gates/evidence/check-evidence.js';
import { prepareOutDir } from '../../gates/evidence/prepare-out-dir.js';
import { writeEvidence } from '../../gates/evidence/write-evidence.js';
import { defaultBase } from '../../gates/git/default-base.js';
import { repoRoot } from '../../gates/git/git.js';
import { DEFAULT_GATE_IDS } from '../../gates/verify/registry.js';
import { runVerify } from '../../gates/verify/run-verify.js';
import { GateStatusView } from '../gate-status-view.js';
import { allowUnsandboxedFallback } from '../../gates/sandbox/wrap.js';
import { parseOptions, splitList } from '../parse-options.js';

const HELP = `Usage: loki verify [--base REF] [--head REF] [--gates LIST] [--block-on LIST] [--out DIR] [--json] [--baseline]
       loki verify --check FILE

Runs the deterministic gates on merge-base(BASE, HEAD)..HEAD of the repository in the current directory
and writes evidence.json, report.md and results.sarif to --out (default .loki/verify).

  --base REF        branch, tag or SHA the change is measured against (tries origin/REF first;
                    default: $GITHUB_BASE_REF, origin's default branch, main or master)
  --head REF        the commit to verify (default HEAD)
  --gates LIST      comma-separated gate ids: diff,build,tests,static,secrets,audit,integrity,spec-drift
  --block-on LIST   severities that block: critical,high,medium,low,info (default from config: critical,high)
  --baseline        run build and tests on the merge-base too; failures that exist there are pre-existing
  --config FILE     config file (default .github/loki.yml)
  --out DIR         where the evidence goes (default .loki/verify)
  --json            print evidence.json on stdout and nothing else
  --check FILE      confirm that evidence still matches HEAD and a clean tree (exit 0 fresh, 1 stale)

Exit codes: 0 VERIFIED, 1 CONCERNS, 2 BLOCKED, 3 ERROR (could not run).
`;

export async function main(argv: string[]): Promise<number> {
  const { values } = parseOptions('verify', argv, {
    base: { type: 'string' },
    head: { type: 'string' },
    gates: { type: 'string' },
    'block-on': { type: 'string' },
    out: { type: 'string' },
    config: { type: 'string' },
    json: { type: 'boolean' },
    baseline: { type: 'boolean' },
    check: { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.check) return check(values.check, Boolean(values.json));

  const cwd = process.cwd();
  const gates = parseList('--gates', splitList(values.gates), (v) => (DEFAULT_GATE_IDS as readonly string[]).includes(v)) as GateId[] | undefined;
  const blockOn = parseList('--block-on', splitList(values['block-on']), (v) => SeveritySchema.safeParse(v).success) as Severity[] | undefined;
  const root = await repoRoot(cwd).catch(() => cwd);
  const base = values.base ?? (await defaultBase(root).catch(() => 'main'));

  const outDir = await prepareOutDir(values.out ?? `${root}/.loki/verify`);

  // Your own checkout: without bubblewrap, project commands may run unsandboxed, with a warning.
  allowUnsandboxedFallback((m) => process.stderr.write(`warning: ${m}\n`));
  const view = values.json ? undefined : new GateStatusView();
  const abort = new AbortController();
  const evidence = await runVerify({
    cwd,
    base,
    ...(values.head ? { head: values.head } : {}),
    ...(gates ? { gates } : {}),
    ...(blockOn ? { blockOn } : {}),
    ...(values.config ? { configPath: values.config } : {}),
    ...(values.baseline ? { baseline: true } : {}),
    repo: process.env.GITHUB_REPOSITORY ?? null,
    signal: abort.signal,
    ...(view ? { onEvent: view.handle } : {}),
  });
  view?.stop();

  const paths = await writeEvidence(evidence, outDir);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(evidence, null, 2)}\n`);
  } else {
    process.stderr.write(`\n${evidence.verdict}: ${evidence.summary}\n`);
    if (evidence.error?.fix) process.stderr.write(`Fix: ${evidence.error.fix}\n`);
    for (const f of evidence.findings.filter((x) => x.blocking).slice(0, 20)) {
      process.stderr.write(`  ${f.severity.padEnd(8)} ${f.gate}${f.file ? ` ${f.file}${f.line ? `:${f.line}` : ''}` : ''}: ${f.message.split('\n')[0]}\n`);
    }
    process.stderr.write(`Evidence: ${paths.evidencePath}\nReport:   ${paths.reportPath}\nSARIF:    ${paths.sarifPath}\n`);
  }
  return evidence.exit_code;
}

async function check(file: string, json: boolean): Promise<number> {
  const result = await checkEvidence(file, process.cwd());
  if (json) {
    process.stdout.write(`${JSON.stringify({ fresh: result.fresh, verdict: result.evidence.verdict, problems: result.problems }, null, 2)}\n`);
  } else if (result.fresh) {
    process.stderr.write(`fresh: ${file} matches HEAD (${result.evidence.subject.head_sha?.slice(0, 12)}) and a clean tree; verdict ${result.evidence.verdict}\n`);
  } else {
    process.stderr.write(`stale: ${file}\n${result.problems.map((p) => `  - ${p}`).join('\n')}\nFix: re-run \`loki verify\` on the current HEAD with a clean tree.\n`);
  }
  return result.fresh ? 0 : 1;
}

function parseList(flag: string, values: string[] | undefined, valid: (v: string) => boolean): string[] | undefined {
  if (!values) return undefined;
  if (values.length === 0 && flag === '--gates') {
    // An empty list (often an unset variable in a script) would run the diff gate alone: no check at all.
    throw new LokiError('USAGE', '--gates names no gate, so nothing would be checked', { fix: `name at least one of ${DEFAULT_GATE_IDS.join(',')}, or leave out --gates to run the configured gates` });
  }
  const bad = values.filter((v) => !valid(v));
  if (bad.length > 0) {
    const choices = flag === '--gates' ? `${DEFAULT_GATE_IDS.join(',')} (review runs only in loki build)` : SeveritySchema.options.join(',');
    throw new LokiError('USAGE', `${flag}: unknown value${bad.length > 1 ? 's' : ''} ${bad.map((b) => `"${b}"`).join(', ')}`, { fix: `use a comma-separated list of: ${choices}` });
  }
  return values;
}
