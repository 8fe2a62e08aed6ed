import { LokiError } from '../../core/errors.js';
import type { RuleAllowlist, RuleSource } from '../types.js';
import { convertGoRegex } from './convert-go-regex.js';
import { parse as parseToml, TomlError, type TomlTable, type TomlValue } from 'smol-toml';

/** What a `.gitleaks.toml` contributes to a Loki scan. */
export interface GitleaksSetup {
  /** Custom rules, converted; each also carries its own allowlists. */
  rules: RuleSource[];
  /** `[extend] useDefault`: the file builds on a default rule set (Loki's own rules play that part). */
  useDefault: boolean;
  /** Built-in rule ids the file disables (`[extend] disabledRules`). */
  disabledRules: string[];
  /** Global allowlists. Paths are regexes, as in gitleaks. */
  allowPathRegexes: string[];
  allowRegexes: string[];
  stopwords: string[];
  /** Rules or allowlist entries that could not be used, with the reason. */
  warnings: string[];
}

/**
 * Reads a gitleaks config so a project that used gitleaks keeps its custom rules and
 * allowlists. Loki's built-in rules always run as well: a file without `useDefault` cannot turn
 * secret scanning down to nothing by accident (individual rules can be disabled by id).
 */
export function readGitleaksConfig(text: string, source = '.gitleaks.toml'): GitleaksSetup {
  let doc: TomlTable;
  try {
    doc = parseToml(text);
  } catch (error) {
    const where = error instanceof TomlError ? `line ${error.line}: ` : '';
    const what = (error as Error).message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
    throw new LokiError('CONFIG_INVALID', `${source} is not valid TOML: ${where}${what}`, {
      fix: `correct the TOML syntax in ${source}, or point secrets.gitleaks_config in .github/loki.yml at another file`,
      cause: error,
    });
  }
  const warnings: string[] = [];
  const extend = table(doc.extend);
  const setup: GitleaksSetup = {
    rules: [],
    useDefault: extend?.useDefault === true,
    disabledRules: strings(extend?.disabledRules),
    allowPathRegexes: [],
    allowRegexes: [],
    stopwords: [],
    warnings,
  };
  for (const allow of allowlists(doc.allowlist, doc.allowlists)) {
    if (strings(allow.targetRules).length > 0) {
      warnings.push(`${source}: an allowlist with targetRules is applied to every rule`);
    }
    const converted = convertAllowlist(allow, `${source} global allowlist`, warnings);
    setup.allowPathRegexes.push(...(converted.paths ?? []));
    setup.allowRegexes.push(...(converted.regexes ?? []));
    setup.stopwords.push(...(converted.stopwords ?? []));
  }
  for (const raw of list(doc.rules)) {
    const rule = convertRule(raw, source, warnings);
    if (rule) setup.rules.push(rule);
  }
  return setup;
}

function convertRule(raw: TomlTable, source: string, warnings: string[]): RuleSource | undefined {
  const id = typeof raw.id === 'string' ? raw.id : undefined;
  if (!id) {
    warnings.push(`${source}: a [[rules]] entry without an id was skipped`);
    return undefined;
  }
  if (typeof raw.regex !== 'string') {
    warnings.push(`${source}: rule ${id} has no regex (path-only rules are not supported) and was skipped`);
    return undefined;
  }
  const converted = convertGoRegex(raw.regex);
  if (!converted.ok) {
    warnings.push(`${source}: rule ${id} was skipped: ${converted.reason}`);
    return undefined;
  }
  const allow: RuleAllowlist = {};
  for (const a of allowlists(raw.allowlist, raw.allowlists)) {
    const c = convertAllowlist(a, `${source} rule ${id}`, warnings);
    allow.paths = [...(allow.paths ?? []), ...(c.paths ?? [])];
    allow.regexes = [...(allow.regexes ?? []), ...(c.regexes ?? [])];
    allow.stopwords = [...(allow.stopwords ?? []), ...(c.stopwords ?? [])];
  }
  if (typeof raw.path === 'string') {
    warnings.push(`${source}: rule ${id} restricts itself to paths; Loki applies it to every file`);
  }
  return {
    id,
    description: typeof raw.description === 'string' ? raw.description : id,
    keywords: strings(raw.keywords).map((k) => k.toLowerCase()),
    regex: converted.source,
    ...(converted.flags ? { flags: converted.flags } : {}),
    ...(typeof raw.secretGroup === 'number' ? { secretGroup: raw.secretGroup } : {}),
    ...(typeof raw.entropy === 'number' ? { entropy: raw.entropy } : {}),
    ...(allow.paths || allow.regexes || allow.stopwords ? { allowlist: allow } : {}),
    origin: 'gitleaks',
  };
}

function convertAllowlist(allow: TomlTable, where: string, warnings: string[]): RuleAllowlist {
  const convertAll = (patterns: string[]) =>
    patterns.flatMap((p) => {
      const c = convertGoRegex(p);
      // Flags travel as a leading (?flags) group, which compileFlaggedRegex understands.
      if (c.ok) return [c.flags ? `(?${c.flags})${c.source}` : c.source];
      warnings.push(`${where}: pattern ${JSON.stringify(p)} ignored: ${c.reason}`);
      return [];
    });
  if (allow.condition === 'AND') warnings.push(`${where}: condition = "AND" is treated as OR`);
  if (typeof allow.regexTarget === 'string' && allow.regexTarget !== 'secret') {
    warnings.push(`${where}: regexTarget = "${allow.regexTarget}" is applied to the secret and its match`);
  }
  return { paths: convertAll(strings(allow.paths)), regexes: convertAll(strings(allow.regexes)), stopwords: strings(allow.stopwords) };
}

function allowlists(single: TomlValue | undefined, many: TomlValue | undefined): TomlTable[] {
  return [...(table(single) ? [table(single) as TomlTable] : []), ...list(many)];
}

function table(value: TomlValue | undefined): TomlTable | undefined {
  return typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date) ? value : undefined;
}

function list(value: TomlValue | undefined): TomlTable[] {
  return Array.isArray(value) ? value.filter((v): v is TomlTable => table(v) !== undefined) : [];
}

function strings(value: TomlValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
