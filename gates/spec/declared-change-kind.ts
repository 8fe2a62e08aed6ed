/** What a spec may declare about its change: no new behaviour, so no test can fail without it. */
export type DeclaredChangeKind = 'docs-only' | 'refactor';

export interface DeclaredChange {
  kind: DeclaredChangeKind;
  /** Where it is said, quoted for the evidence: `its title "refactor(parse): …"`. */
  by: string;
}

export interface DeclaringSpec {
  title?: string;
  text: string;
  labels?: readonly string[];
}

const LABEL = /^(?:(?:type|kind|change)\s*[:/]\s*)?(docs?|documentation|docs-only|refactor|refactoring)$/i;
const TITLE = /^(docs|refactor)(?:\([^)]{0,60}\))?!?:/i;
const LINE = /^[ \t]*(?:[-*][ \t]+)?(?:change[ \t]+)?(?:type|kind)[ \t]*:[ \t]*\**(docs?|documentation|docs-only|refactor|refactoring)\**[ \t]*$/im;

/**
 * A spec says its change is docs-only or a refactor by a label (`docs`, `documentation`,
 * `refactor`, also as `type: refactor` or `kind/docs`), a conventional title (`docs: …`,
 * `refactor(parser): …`) or a line of its own (`Type: refactor`). Nothing else counts: the words
 * in prose ("refactor the parser and add caching") declare nothing. `whose` names the source in
 * `by` ("the spec's", "the pull request's"); without it, `the label …`, `its title …`, `the line …`.
 */
export function declaredChangeKind(spec: DeclaringSpec, whose?: string): DeclaredChange | undefined {
  for (const label of spec.labels ?? []) {
    const m = LABEL.exec(label.trim());
    if (m?.[1]) return { kind: kindOf(m[1]), by: `${whose ?? 'the'} label "${label.trim()}"` };
  }
  const title = TITLE.exec((spec.title ?? '').trim());
  if (title?.[1]) return { kind: kindOf(title[1]), by: `${whose ?? 'its'} title "${(spec.title ?? '').trim().slice(0, 80)}"` };
  const line = LINE.exec(spec.text);
  if (line?.[1]) return { kind: kindOf(line[1]), by: `${whose ?? 'the'} line "${line[0].trim().slice(0, 80)}"` };
  return undefined;
}

function kindOf(word: string): DeclaredChangeKind {
  return /^refactor/i.test(word) ? 'refactor' : 'docs-only';
}
