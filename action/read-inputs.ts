import { getInput } from '@actions/core';
import { z } from 'zod';
import { describeIssues } from '../gates/config/load-config.js';
import { GateIdSchema, SeveritySchema } from '../gates/config/schema.js';
import { LokiError } from '../gates/core/errors.js';
import { VerdictSchema } from '../gates/evidence/schema.js';

/** Names of the inputs in action.yml; the runner passes each as INPUT_<NAME> (upper-cased, hyphens kept). */
export const INPUT_NAMES = ['base', 'head', 'gates', 'block-on', 'config', 'token', 'fail-on', 'out', 'baseline'] as const;
type InputName = (typeof INPUT_NAMES)[number];

/** "a, b c" → ["a", "b", "c"]; an empty input is "not given" (undefined). */
const words = z.string().transform((text) => text.split(/[\s,]+/).filter(Boolean));
const noneIfEmpty = <T>(items: T[]): T[] | undefined => (items.length === 0 ? undefined : items);

const optionalText = z
  .string()
  .trim()
  .transform((text) => (text === '' ? undefined : text));

/** Verdicts that fail the step. `none` reports without failing (ERROR still fails: nothing was checked). */
const failOn = z
  .string()
  .trim()
  .transform((text) => (text === '' ? 'BLOCKED' : text))
  .transform((text) => (text.toLowerCase() === 'none' ? [] : text.toUpperCase().split(/[\s,]+/).filter(Boolean)))
  .pipe(z.array(VerdictSchema.exclude(['VERIFIED'])));

const baseline = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['', 'true', 'false']))
  .transform((text) => (text === '' ? undefined : text === 'true'));

const InputsSchema = z.object({
  base: optionalText,
  head: optionalText,
  gates: words.pipe(z.array(GateIdSchema)).transform(noneIfEmpty),
  'block-on': words.pipe(z.array(SeveritySchema)).transform(noneIfEmpty),
  config: optionalText,
  token: optionalText,
  'fail-on': failOn,
  out: optionalText.transform((text) => text ?? '.loki/verify'),
  baseline,
});

export interface ActionInputs {
  base: string | undefined;
  head: string | undefined;
  gates: z.infer<typeof GateIdSchema>[] | undefined;
  blockOn: z.infer<typeof SeveritySchema>[] | undefined;
  configPath: string | undefined;
  token: string | undefined;
  failOn: Array<'CONCERNS' | 'BLOCKED' | 'ERROR'>;
  outDir: string;
  baseline: boolean | undefined;
}

/** Reads and validates the step's inputs; a bad value names the input and what it accepts. */
export function readInputs(read: (name: InputName) => string = (name) => getInput(name)): ActionInputs {
  const raw = Object.fromEntries(INPUT_NAMES.map((name) => [name, read(name)]));
  const parsed = InputsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new LokiError('USAGE', `invalid action input:\n${describeIssues(parsed.error.issues)}`, {
      fix: 'correct the input named above in the workflow\'s `with:` block (gates: diff, build, tests, static, secrets, audit, integrity, spec-drift; block-on: critical, high, medium, low, info; fail-on: BLOCKED, CONCERNS or none; baseline: true or false)',
    });
  }
  const v = parsed.data;
  return {
    base: v.base,
    head: v.head,
    gates: v.gates,
    blockOn: v['block-on'],
    configPath: v.config,
    token: v.token,
    failOn: v['fail-on'],
    outDir: v.out,
    baseline: v.baseline,
  };
}

/** ERROR always fails the step: no evidence was collected, so nothing may pass on it. */
export function failsStep(verdict: z.infer<typeof VerdictSchema>, failOnVerdicts: readonly string[]): boolean {
  return verdict === 'ERROR' || failOnVerdicts.includes(verdict);
}
