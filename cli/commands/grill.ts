import { ProviderNameSchema, type ProviderName } from '../../gates/config/schema.js';
import { loadConfig } from '../../gates/config/load-config.js';
import { LokiError } from '../../gates/core/errors.js';
import { repoRoot } from '../../gates/git/git.js';
import { blockingFindings, lintSpec, sortFindings } from '../../gates/spec/lint-spec.js';
import { renderGrillReport } from '../../gates/spec/render-grill-report.js';
import { createProvider } from '../../runner/providers/create-provider.js';
import { interrogateSpec, type Interrogation } from '../../runner/grill/interrogate-spec.js';
import { loadSpecArgument } from '../../runner/grill/load-spec-argument.js';
import { parseOptions } from '../parse-options.js';

const HELP = `Usage: loki grill SPEC [--provider P] [--json] [--config FILE]

Questions a spec before anything is built. A deterministic lint always runs: missing acceptance
criteria, vague terms, TBD/TODO, performance claims with no number, no error or edge cases, actors
never defined, numbers that contradict each other, endpoints with data and no word on auth.
With a provider (--provider, or LOKI_PROVIDER) the spec is also put to that agent, which must
answer with JSON questions (category, severity, requirement); an unreadable answer is an error.

SPEC is a Markdown, .txt, JSON, YAML or OpenAPI 3 file, or owner/repo#N (GITHUB_TOKEN or GH_TOKEN).

  --provider P     claude, codex, aider, cline or command (the command provider runs $LOKI_AGENT_COMMAND)
  --json           print one JSON document on stdout and nothing else
  --config FILE    config file (default .github/loki.yml); spec.grill_block_on sets the blocking severities

Exit codes: 0 no blocking gaps, 1 blocking gaps found, 3 error.
`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions('grill', argv, { provider: { type: 'string' }, json: { type: 'boolean' }, config: { type: 'string' } }, true);
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const arg = onlySpec('grill', positionals);
  const cwd = process.cwd();
  const root = await repoRoot(cwd).catch(() => cwd);
  const config = await loadConfig(root, values.config);
  const spec = await loadSpecArgument(arg, { cwd });
  const lint = lintSpec(spec);
  const providerName = chosenProvider(values.provider);
  let asked: Interrogation | undefined;
  if (providerName) {
    if (!values.json) process.stderr.write(`asking ${providerName} to grill ${spec.ref ?? 'the spec'}…\n`);
    asked = await interrogateSpec(spec, createProvider(providerName, config), {
      timeoutMs: config.provider.timeout_minutes * 60_000,
      lint,
      ...(config.provider.model ? { model: config.provider.model } : {}),
    });
  }
  const findings = sortFindings([...lint, ...(asked?.findings ?? [])]);
  const blockOn = config.spec.grill_block_on;
  const blocking = blockingFindings(findings, blockOn);
  const exitCode = blocking.length > 0 ? 1 : 0;
  if (values.json) {
    const summary = { title: spec.title, ref: spec.ref ?? null, source: spec.source, format: spec.format, requirements: spec.requirements.length, hash: spec.hash };
    process.stdout.write(`${JSON.stringify({ spec: summary, provider: asked?.provider ?? null, cost_usd: asked?.costUsd ?? null, block_on: blockOn, blocking: blocking.length, exit_code: exitCode, findings }, null, 2)}\n`);
  } else {
    process.stdout.write(renderGrillReport(spec, findings, blockOn));
  }
  return exitCode;
}

/** --provider, else LOKI_PROVIDER; no provider means the lint alone (nothing is spent). */
export function chosenProvider(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): ProviderName | undefined {
  const value = flag ?? (env.LOKI_PROVIDER?.trim() || undefined);
  if (value === undefined) return undefined;
  const parsed = ProviderNameSchema.safeParse(value);
  if (!parsed.success) {
    throw new LokiError('USAGE', `unknown provider "${value}"${flag === undefined ? ' (from LOKI_PROVIDER)' : ''}`, { fix: `use one of: ${ProviderNameSchema.options.join(', ')}` });
  }
  return parsed.data;
}

export function onlySpec(command: string, positionals: string[]): string {
  const [arg, ...extra] = positionals;
  if (arg === undefined || extra.length > 0) {
    throw new LokiError('USAGE', `loki ${command}: ${arg === undefined ? 'the SPEC argument is missing' : `takes one SPEC, got ${positionals.length}`}`, {
      fix: `pass one spec file or owner/repo#N, e.g. \`loki ${command} docs/prd.md\``,
    });
  }
  return arg;
}
