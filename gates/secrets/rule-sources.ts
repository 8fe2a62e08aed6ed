import { DEFAULT_RULES } from './rules/default-rules.js';
import type { RuleSource } from './types.js';

/** A rule as plain data (no sample generators), ready for structured cloning into a worker. */
export function toRuleSource(rule: RuleSource): RuleSource {
  const { id, description, keywords, regex, flags, secretGroup, entropy, validator, allowlist, origin } = rule;
  return {
    id, description, keywords, regex,
    ...(flags ? { flags } : {}),
    ...(secretGroup === undefined ? {} : { secretGroup }),
    ...(entropy === undefined ? {} : { entropy }),
    ...(validator ? { validator } : {}),
    ...(allowlist ? { allowlist } : {}),
    ...(origin ? { origin } : {}),
  };
}

export function defaultRuleSources(): RuleSource[] {
  return DEFAULT_RULES.map(toRuleSource);
}
