import type { Severity } from '../config/schema.js';
import { isRecord } from './canonical-json.js';
import { findContradictions } from './find-contradictions.js';
import type { GrillCategory } from './grill-schema.js';
import type { Requirement, Spec } from './spec-schema.js';

/** A lint hit before it gets its fingerprint. `key` is the offending content, for a stable id. */
export interface LintHit {
  rule: string;
  category: GrillCategory;
  severity: Severity;
  requirementId: string | null;
  message: string;
  question: string;
  key: string;
}

export type LintRule = (spec: Spec) => LintHit[];

const textOf = (r: Requirement) => `${r.title}\n${r.text}`;
const allText = (spec: Spec) => spec.requirements.map(textOf).join('\n');
const quote = (words: string[]) => words.map((w) => `"${w}"`).join(', ');

export const noAcceptanceCriteria: LintRule = (spec) =>
  spec.requirements.some((r) => r.acceptance)
    ? []
    : [{
        rule: 'no-acceptance-criteria', category: 'acceptance', severity: 'high', requirementId: null, key: '',
        message: 'the spec states no acceptance criteria: nothing says when the work is done',
        question: 'What must be true for this to be done? Add an "Acceptance criteria" section or checkboxes.',
      }];

const VAGUE = ['fast', 'quick', 'quickly', 'user-friendly', 'user friendly', 'intuitive', 'easy', 'easily', 'simple', 'robust', 'scalable', 'seamless', 'seamlessly', 'flexible', 'efficient', 'efficiently', 'modern', 'nice', 'appropriate', 'appropriately', 'reasonable', 'as needed', 'as appropriate', 'and so on', 'and more', 'various', 'high-quality', 'state-of-the-art', 'performant', 'lightweight', 'etc'];
const VAGUE_RE = new RegExp(`(?<![\\w-])(${VAGUE.map((v) => v.replace(/[-]/g, '[- ]?')).join('|')})(?![\\w-])`, 'gi');

export const vagueTerms: LintRule = (spec) =>
  spec.requirements.flatMap((r) => {
    const found = [...new Set([...textOf(r).matchAll(VAGUE_RE)].map((m) => (m[1] ?? '').toLowerCase()))];
    if (found.length === 0) return [];
    return [{
      rule: 'vague-term', category: 'ambiguity', severity: 'medium', requirementId: r.id, key: found.sort().join(','),
      message: `${r.id} uses vague terms: ${quote(found)}`,
      question: `What exactly do ${quote(found)} mean in "${r.title}"? State it so a test can check it.`,
    }];
  });

const TBD_RE = /\b(TBD|TBC|TODO|FIXME)\b|\bto be (decided|determined|defined|confirmed|agreed)\b|\?\?\?/g;

export const unresolvedPlaceholders: LintRule = (spec) =>
  spec.requirements.flatMap((r) => {
    const found = [...new Set([...textOf(r).matchAll(TBD_RE)].map((m) => m[0]))];
    if (found.length === 0) return [];
    return [{
      rule: 'tbd', category: 'completeness', severity: 'high', requirementId: r.id, key: found.join(','),
      message: `${r.id} is unfinished: it says ${quote(found)}`,
      question: `Decide what "${r.title}" leaves open (${found.join(', ')}) before the build starts.`,
    }];
  });

const PERF_RE = /\b(fast(er|est)?|quick(ly|er)?|performan(t|ce)|latency|response times?|throughput|speed|slow|real[- ]time|scal(e|es|able|ability)|under load|high load|concurrent(ly)?|instant(ly|aneous)?|responsive)\b/gi;

export const unmeasuredPerformance: LintRule = (spec) =>
  spec.requirements.flatMap((r) => {
    const text = textOf(r);
    const claims = [...new Set([...text.matchAll(PERF_RE)].map((m) => m[0].toLowerCase()))];
    if (claims.length === 0 || /\d/.test(text)) return [];
    return [{
      rule: 'unmeasured-performance', category: 'performance', severity: 'medium', requirementId: r.id, key: claims.sort().join(','),
      message: `${r.id} makes a performance claim with no number: ${quote(claims)}`,
      question: `What number makes "${r.title}" pass: a latency (e.g. p95 under 200 ms), a throughput or a load?`,
    }];
  });

const ERROR_RE = /\b(errors?|fail(s|ed|ing|ures?)?|invalid|reject(s|ed)?|edge[- ]cases?|exceptions?|timeouts?|times? out|retr(y|ies)|unavailable|not found|denied|forbidden|unauthori[sz]ed|empty|missing|malformed|duplicates?|conflicts?|exceeds?|wrong|incorrect|what happens (if|when)|otherwise|fallback|[45]\d\d)\b/i;

export const noErrorCases: LintRule = (spec) =>
  ERROR_RE.test(allText(spec))
    ? []
    : [{
        rule: 'no-error-cases', category: 'errors', severity: 'medium', requirementId: null, key: '',
        message: 'the spec never says what happens when something goes wrong: no error or edge case is described',
        question: 'What should happen on invalid input, a missing record, a failing dependency or a timeout?',
      }];

const ROLE_RE = /\b(admin|administrator|moderator|manager|operator|editor|viewer|reviewer|approver|guest|customer|member|owner|superuser|maintainer|staff|auditor|seller|buyer|vendor|tenant|teacher|student|support agent)s?\b/gi;
const STORY_RE = /\bas an? ([a-z][a-z-]*(?: [a-z][a-z-]*)?),? (?:i|we)\b/gi;
const GENERIC_ROLES = new Set(['user', 'developer', 'person', 'visitor', 'someone']);
const DEFINING_SECTION = /\b(actors?|roles?|personas?|user types?|stakeholders?|permissions?|glossary|definitions?|who)\b/i;

export const undefinedActors: LintRule = (spec) => {
  const mentions = new Map<string, string>();
  for (const r of spec.requirements) {
    const text = textOf(r);
    for (const m of text.matchAll(ROLE_RE)) addRole(mentions, m[1], r.id);
    for (const m of text.matchAll(STORY_RE)) addRole(mentions, m[1], r.id);
  }
  const defining = spec.requirements.filter((r) => [r.title, ...r.section].some((t) => DEFINING_SECTION.test(t))).map(textOf).join('\n').toLowerCase();
  const all = allText(spec);
  const undefinedRoles = [...mentions.keys()].filter((role) => !defining.includes(role) && !definedInline(all, role));
  if (undefinedRoles.length === 0) return [];
  return [{
    rule: 'undefined-actor', category: 'actors', severity: 'medium', requirementId: mentions.get(undefinedRoles[0] ?? '') ?? null, key: undefinedRoles.sort().join(','),
    message: `actors or roles are used but never defined: ${quote(undefinedRoles)}`,
    question: `Who are ${quote(undefinedRoles)}, and what may each of them do? Add a "Roles" section.`,
  }];
};

function addRole(mentions: Map<string, string>, raw: string | undefined, id: string): void {
  const role = (raw ?? '').toLowerCase().trim().replace(/s$/, '');
  if (!role || GENERIC_ROLES.has(role) || role.split(' ').some((w) => GENERIC_ROLES.has(w))) return;
  if (!mentions.has(role)) mentions.set(role, id);
}

/** "- **Admin**: can delete posts", "Moderator — a trusted member", "An editor is …". */
function definedInline(text: string, role: string): boolean {
  const escaped = role.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\s*(?:[-*+]\\s+)?(?:an?\\s+|the\\s+)?\\**${escaped}s?\\**\\s*(?::|—|–|\\s-\\s|\\bis\\b|\\bare\\b|\\bmeans\\b)`, 'im').test(text);
}

/** Statements quoted per contradiction: a spec of a thousand numbers must not make a message of a thousand quotes. */
const MAX_QUOTED = 5;

export const contradictoryNumbers: LintRule = (spec) =>
  findContradictions(spec.requirements).map((c) => {
    const shown = c.statements.slice(0, MAX_QUOTED);
    const more = c.statements.length > shown.length ? ` (and ${c.statements.length - shown.length} more)` : '';
    const values = shown.map((s) => `"${s.text}" (${s.requirementId})`);
    return {
      rule: 'contradictory-numbers', category: 'consistency', severity: 'high', requirementId: c.statements[0]?.requirementId ?? null, key: c.subject,
      message: `numbers contradict each other: ${values.join(' vs ')}${more}`,
      question: `Which value is right for ${c.subject.split('|')[0]}? The spec states ${shown.map((s) => s.value).join(' and ')}${more}.`,
    };
  });

const ENDPOINT_RE = /\b(GET|POST|PUT|PATCH|DELETE)\s+(\/[\w\-/{}:.]*)/g;
const AUTH_RE = /\b(auth\w*|authenticat\w*|authori[sz]\w*|log ?in|sign ?in|tokens?|api[- ]?keys?|oauth\d?|jwt|sessions?|bearer|permissions?|public(ly)?|anonymous(ly)?|unauthenticated|credentials?|scopes?|rbac|acl|access control|security(Schemes)?)\b/i;

export const endpointWithoutAuth: LintRule = (spec) =>
  spec.format === 'openapi' ? openApiWithoutAuth(spec) : proseEndpointsWithoutAuth(spec);

function proseEndpointsWithoutAuth(spec: Spec): LintHit[] {
  if (AUTH_RE.test(allText(spec))) return [];
  return spec.requirements.flatMap((r) => {
    const endpoints = [...new Set([...textOf(r).matchAll(ENDPOINT_RE)].map((m) => `${m[1]} ${m[2]}`))];
    if (endpoints.length === 0) return [];
    return [endpointHit(r.id, endpoints)];
  });
}

/** An operation is covered by its own `security` (even `[]`: explicitly public), the global one, or words about auth. */
function openApiWithoutAuth(spec: Spec): LintHit[] {
  const global = spec.requirements.find((r) => r.id === 'security');
  if (global && global.text.trim() !== '[]') return [];
  return spec.requirements.flatMap((r) => {
    if (r.kind !== 'operation') return [];
    let op: unknown;
    try {
      op = JSON.parse(r.text);
    } catch {
      return [];
    }
    if (!isRecord(op) || 'security' in op) return [];
    const words = [op.summary, op.description].filter((v) => typeof v === 'string').join(' ');
    if (AUTH_RE.test(words) || !carriesData(op)) return [];
    return [endpointHit(r.id, [r.id])];
  });
}

function carriesData(op: Record<string, unknown>): boolean {
  if (op.requestBody !== undefined || (Array.isArray(op.parameters) && op.parameters.length > 0)) return true;
  const responses = isRecord(op.responses) ? Object.values(op.responses) : [];
  return responses.some((r) => isRecord(r) && (r.content !== undefined || r.schema !== undefined));
}

function endpointHit(requirementId: string, endpoints: string[]): LintHit {
  return {
    rule: 'endpoint-without-auth', category: 'security', severity: 'high', requirementId, key: endpoints.sort().join(','),
    message: `${endpoints.join(', ')} carr${endpoints.length === 1 ? 'ies' : 'y'} data but the spec says nothing about authentication or authorisation`,
    question: `Who may call ${endpoints.join(', ')}, and how do they prove it (session, token, API key, or public)?`,
  };
}

/** Every deterministic rule, in report order. */
export const LINT_RULES: readonly LintRule[] = [
  noAcceptanceCriteria,
  unresolvedPlaceholders,
  contradictoryNumbers,
  endpointWithoutAuth,
  vagueTerms,
  unmeasuredPerformance,
  noErrorCases,
  undefinedActors,
];
