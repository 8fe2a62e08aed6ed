import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LokiError, type LokiErrorCode } from '../../gates/core/errors.js';
import { loadTemplate, renderTemplate } from '../../gates/core/templates.js';
import { GRILL_CATEGORIES, type GrillFinding } from '../../gates/spec/grill-schema.js';
import type { Spec } from '../../gates/spec/spec-schema.js';
import type { AgentFailure, Provider } from '../providers/provider.js';
import { parseGrillAnswer } from './parse-grill-answer.js';

export interface InterrogateOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  model?: string;
  /** Findings the lint already has, so the model does not repeat them. */
  lint?: readonly GrillFinding[];
  /** Where the agent runs. Default: an empty temporary folder, so a question-only call cannot touch the repository. */
  cwd?: string;
}

export interface Interrogation {
  provider: string;
  findings: GrillFinding[];
  costUsd?: number;
  durationMs: number;
}

/**
 * Asks a provider to question the spec. Its answer must be the JSON the prompt describes; a
 * failed call or an unreadable answer is an error (exit 3), never an empty list of questions.
 */
export async function interrogateSpec(spec: Spec, provider: Provider, options: InterrogateOptions): Promise<Interrogation> {
  const prompt = grillPrompt(spec, options.lint ?? []);
  const scratch = options.cwd ? undefined : await mkdtemp(join(tmpdir(), 'loki-grill-'));
  try {
    const result = await provider.run({
      role: 'grill',
      prompt,
      cwd: options.cwd ?? scratch ?? tmpdir(),
      timeoutMs: options.timeoutMs,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.model ? { model: options.model } : {}),
    });
    if (!result.ok) throw providerError(provider.name, result.failure);
    const findings = parseGrillAnswer(result.text, spec, provider.name);
    return { provider: provider.name, findings, ...(result.costUsd !== undefined ? { costUsd: result.costUsd } : {}), durationMs: result.durationMs };
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

/** The prompt: instructions and schema from templates/spec/grill-prompt.md, the spec as delimited data. */
export function grillPrompt(spec: Spec, lint: readonly GrillFinding[]): string {
  const requirements = spec.requirements
    .map((r) => `[${r.id}] ${r.title}${r.text && r.text !== r.title ? `\n${indent(r.text)}` : ''}`)
    .join('\n\n');
  return renderTemplate(loadTemplate('spec/grill-prompt.md'), {
    categories: GRILL_CATEGORIES.join(', '),
    lint: lint.length ? lint.map((f) => `- ${f.message}`).join('\n') : '- (none)',
    title: spec.title || spec.ref || 'untitled',
    requirements,
  });
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

const CODES: Partial<Record<AgentFailure['kind'], LokiErrorCode>> = {
  missing: 'PROVIDER_MISSING',
  unauthenticated: 'PROVIDER_UNAUTHENTICATED',
  timeout: 'TIMEOUT',
  cancelled: 'CANCELLED',
};

function providerError(name: string, failure: AgentFailure | undefined): LokiError {
  const message = failure?.message ?? 'it reported a failure without a reason';
  return new LokiError(CODES[failure?.kind ?? 'failed'] ?? 'PROVIDER_FAILED', `the ${name} provider could not grill the spec: ${message}`, {
    fix: failure?.fix ?? `check that the ${name} provider works (loki doctor), or run \`loki grill\` without --provider for the deterministic lint alone`,
  });
}
