// Secret scanner on data nobody here wrote: the labelled samples in a peer scanner's own tests
// (trufflehog's detector pattern tests, read from the fetched snapshot), scored per family, next
// to the generated corpus. Prints, never asserts. Standalone: npx tsx bench/secrets-external.ts [--misses]
import { generateCorpus } from '../gates/secrets/corpus/generate-corpus.js';
import { scoreCorpus } from '../gates/secrets/corpus/score-corpus.js';
import { scanTextsWith } from '../gates/secrets/index.js';
import { DEFAULT_RULES } from '../gates/secrets/rules/default-rules.js';
import { CLEAN_EXCLUSION_CLASSES, EXCLUSION_CLASSES, exclusionOf, familyOf, NO_RULE_FAMILY, wantedValues } from './secrets-external/judge-samples.js';
import { trufflehogSamples, type ExternalSample } from './secrets-external/mirror-samples.js';
import { printTable } from './measure.js';

interface Tally {
  positives: number;
  found: number;
  clean: number;
  flagged: number;
  /** Every clean sample and those flagged, before the clean exclusion classes. */
  rawClean: number;
  rawFlagged: number;
}

const emptyTally = (): Tally => ({ positives: 0, found: 0, clean: 0, flagged: 0, rawClean: 0, rawFlagged: 0 });

const pct = (n: number, d: number) => (d === 0 ? 'n/a' : (n / d).toFixed(3));

/** Recall and precision on the generated corpus (every rule's samples among decoys), as tests/gates/secrets/corpus.test.ts counts them. */
export function corpusFigures(): { recall: number; precision: number; files: number } {
  const corpus = generateCorpus(20_260_125, 2, 250);
  const { recall, precision } = scoreCorpus(corpus);
  return { recall, precision, files: corpus.length };
}

export interface ExternalScore {
  families: Map<string, Tally>;
  excluded: Map<string, number>;
  misses: ExternalSample[];
  falsePositives: Array<ExternalSample & { rules: string[] }>;
}

export function scoreSamples(samples: readonly ExternalSample[]): ExternalScore {
  const result = scanTextsWith(samples.map((s, i) => ({ path: `sample-${i}.txt`, text: s.input })));
  const hits = new Map<string, string[]>();
  for (const f of result.findings) hits.set(f.file, [...(hits.get(f.file) ?? []), f.ruleId]);
  const families = new Map<string, Tally>();
  const excluded = new Map<string, number>();
  const misses: ExternalSample[] = [];
  const falsePositives: ExternalScore['falsePositives'] = [];
  const wanted = wantedValues(samples);
  samples.forEach((s, i) => {
    const family = familyOf(s.detector);
    const tally = families.get(family) ?? emptyTally();
    families.set(family, tally);
    const rules = hits.get(`sample-${i}.txt`);
    if (s.want.length === 0) {
      tally.rawClean++;
      if (rules) tally.rawFlagged++;
      const holdsSecret = CLEAN_EXCLUSION_CLASSES.find((c) => c.test(s, wanted.get(s.detector) ?? new Set()));
      if (holdsSecret) {
        excluded.set(holdsSecret.id, (excluded.get(holdsSecret.id) ?? 0) + 1);
        return;
      }
      tally.clean++;
      if (rules) {
        tally.flagged++;
        falsePositives.push({ ...s, rules });
      }
      return;
    }
    const exclusion = exclusionOf(s);
    if (exclusion) {
      excluded.set(exclusion.id, (excluded.get(exclusion.id) ?? 0) + 1);
      return;
    }
    tally.positives++;
    if (rules) tally.found++;
    else if (family !== NO_RULE_FAMILY) misses.push(s);
  });
  return { families, excluded, misses, falsePositives };
}

export async function benchSecretsExternal(): Promise<void> {
  const corpus = corpusFigures();
  const rows: Array<[string, string]> = [
    ['own corpus (generated)', `recall ${corpus.recall.toFixed(3)}, precision ${corpus.precision.toFixed(3)} (${corpus.files} files, ${DEFAULT_RULES.length} rules; goal >= 0.98 each)`],
  ];
  const set = trufflehogSamples();
  if (typeof set === 'string') {
    rows.push(['trufflehog detector tests', `not measured: ${set}`]);
    printTable('Secret scanner on external labelled samples', rows);
    return;
  }
  const score = scoreSamples(set.samples);
  rows.push(['trufflehog detector tests', `${set.samples.length} cases from ${set.files} test files at ${set.commit.slice(0, 12)} (${set.unreadable} cases not readable by the extractor, left out)`]);
  const kept = emptyTally();
  const all = emptyTally();
  const names = [...score.families.keys()].sort((a, b) => (a === NO_RULE_FAMILY ? 1 : b === NO_RULE_FAMILY ? -1 : a.localeCompare(b)));
  for (const family of names) {
    const t = score.families.get(family)!;
    for (const sum of family === NO_RULE_FAMILY ? [all] : [kept, all]) {
      sum.positives += t.positives;
      sum.found += t.found;
      sum.clean += t.clean;
      sum.flagged += t.flagged;
      sum.rawClean += t.rawClean;
      sum.rawFlagged += t.rawFlagged;
    }
    rows.push([`  ${family}`, `recall ${pct(t.found, t.positives)} (${t.found}/${t.positives}), false positives ${pct(t.flagged, t.clean)} (${t.flagged}/${t.clean} clean)`]);
  }
  rows.push(['  kept families', `recall ${pct(kept.found, kept.positives)} (${kept.found}/${kept.positives}; goal >= 0.95), false positives ${pct(kept.flagged, kept.clean)} (${kept.flagged}/${kept.clean}; goal <= 0.03); before the clean exclusions ${pct(kept.rawFlagged, kept.rawClean)} (${kept.rawFlagged}/${kept.rawClean})`]);
  rows.push(['  every sample', `recall ${pct(all.found, all.positives)}, false positives ${pct(all.flagged, all.clean)} (${all.flagged}/${all.clean}); before the clean exclusions ${pct(all.rawFlagged, all.rawClean)} (${all.rawFlagged}/${all.rawClean})`]);
  for (const c of EXCLUSION_CLASSES) rows.push([`  excluded: ${c.id}`, `${score.excluded.get(c.id) ?? 0} positives (${c.why})`]);
  for (const c of CLEAN_EXCLUSION_CLASSES) rows.push([`  excluded: ${c.id}`, `${score.excluded.get(c.id) ?? 0} clean samples (${c.why})`]);
  printTable('Secret scanner on external labelled samples (peer scanner tests, per family)', rows);
  if (process.argv.includes('--misses')) {
    for (const m of score.misses) process.stdout.write(`MISS ${m.detector} | ${m.name} | ${JSON.stringify(m.input.slice(0, 300))} | want ${JSON.stringify(m.want).slice(0, 200)}\n`);
    for (const f of score.falsePositives) process.stdout.write(`FP ${f.detector} | ${f.name} | ${f.rules.join(',')} | ${JSON.stringify(f.input.slice(0, 300))}\n`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchSecretsExternal();
