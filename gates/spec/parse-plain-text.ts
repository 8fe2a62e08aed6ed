import { splitExplicitId, type RequirementDraft } from './make-requirement.js';
import { ACCEPTANCE_HEADING } from './parse-markdown.js';

const BULLET = /^\s*(?:[-*+•]|\d{1,3}[.)]|[a-z][.)])\s+(.*)$/;

export interface ParsedText {
  title: string;
  drafts: RequirementDraft[];
}

/**
 * A plain-text brief: each paragraph and each listed line is a requirement. A short line ending
 * in a colon (or written in capitals) heads what follows, so "Acceptance criteria:" works as in
 * Markdown. A short first line followed by a blank line is the title.
 */
export function parsePlainText(text: string, fallbackTitle = ''): ParsedText {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let start = 0;
  let title = fallbackTitle;
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first >= 0 && isTitleLine(lines, first)) {
    title ||= (lines[first] ?? '').trim();
    start = first + 1;
  }

  const drafts: RequirementDraft[] = [];
  let section: string[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    const body = paragraph.join(' ').replace(/\s+/g, ' ').trim();
    paragraph = [];
    if (body) drafts.push(draftFor('paragraph', body, section));
  };

  for (const raw of lines.slice(start)) {
    const line = raw.trim();
    if (line === '') {
      flush();
      continue;
    }
    if (isHeadingLine(line)) {
      flush();
      section = [line.replace(/:\s*$/, '').trim()];
      continue;
    }
    const bullet = BULLET.exec(raw);
    if (bullet?.[1]) {
      flush();
      drafts.push(draftFor(section.some((s) => ACCEPTANCE_HEADING.test(s)) ? 'criterion' : 'item', bullet[1].trim(), section));
      continue;
    }
    paragraph.push(line);
  }
  flush();
  return { title, drafts };
}

function draftFor(kind: 'paragraph' | 'item' | 'criterion', body: string, section: string[]): RequirementDraft {
  const { id } = splitExplicitId(body);
  return {
    kind,
    title: firstSentence(body),
    text: body,
    section,
    acceptance: kind === 'criterion',
    ...(id ? { explicitId: id } : {}),
    idBasis: [...section, body],
  };
}

function isTitleLine(lines: readonly string[], index: number): boolean {
  const line = (lines[index] ?? '').trim();
  const next = lines[index + 1];
  return line.length <= 100 && !/[.:]$/.test(line) && !BULLET.test(line) && (next === undefined || next.trim() === '') && lines.slice(index + 1).some((l) => l.trim() !== '');
}

function isHeadingLine(line: string): boolean {
  if (line.length > 60 || BULLET.test(line)) return false;
  if (/^[^.!?]+:$/.test(line)) return true;
  return /[A-Z]{2}/.test(line) && line === line.toUpperCase() && /^[A-Z0-9 &/-]+$/.test(line);
}

function firstSentence(text: string): string {
  const sentence = /^(.+?[.!?])(\s|$)/.exec(text)?.[1] ?? text;
  return sentence.length > 100 ? `${sentence.slice(0, 97)}…` : sentence;
}
