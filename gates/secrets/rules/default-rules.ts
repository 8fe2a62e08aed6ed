import { AI_RULES } from './ai.js';
import { CHAT_SOCIAL_RULES } from './chat-social.js';
import { CI_REGISTRY_RULES } from './ci-registries.js';
import { CLOUD_RULES } from './cloud.js';
import { CONFIG_CREDENTIAL_RULES } from './config-credentials.js';
import type { RuleDefinition } from './define-rule.js';
import { GENERIC_RULE, KEY_EQUALS_RULE } from './generic.js';
import { KEY_AND_URL_RULES } from './keys-and-urls.js';
import { PAYMENT_RULES } from './payments.js';
import { SAAS_RULES } from './saas.js';
import { SOURCE_HOST_RULES } from './source-hosts.js';

/**
 * Loki's built-in rule set, most specific first: when two rules match the same secret, the
 * earlier one is reported. The generic rule is last.
 */
export const DEFAULT_RULES: readonly RuleDefinition[] = [
  ...KEY_AND_URL_RULES.filter((r) => r.id !== 'basic-auth-url'),
  ...SOURCE_HOST_RULES,
  ...CLOUD_RULES,
  ...CI_REGISTRY_RULES,
  ...AI_RULES,
  ...PAYMENT_RULES,
  ...CHAT_SOCIAL_RULES,
  ...SAAS_RULES,
  ...CONFIG_CREDENTIAL_RULES,
  ...KEY_AND_URL_RULES.filter((r) => r.id === 'basic-auth-url'),
  GENERIC_RULE,
  KEY_EQUALS_RULE,
];
