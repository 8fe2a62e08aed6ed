import { splitExplicitId, type RequirementDraft } from './make-requirement.js';

/** Headings whose list items are acceptance criteria even without a checkbox. */
export const ACCEPTANCE_HEADING = /\b(acceptance criteria|acceptance tests?|definition of done|success criteria|done when)\b/i;

// Every pattern here reads a line once: no nested or adjacent quantifiers that can trade characters.
const ATX_OPEN = /^ {0,3}(#{1,6})\s/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const CHECKBOX = /^(\s*)[-*+]\s+\[([ xX])\]\s+(.*)$/;
const BULLET = /^(\s*)(?:[-*+•]|\d{1,3}[.)])\s+(.*)$/;

interface Section {
  level: number;
  title: string;
  path: string[];
  body: string[];
  children: number;
  /** Under an "Acceptance criteria" / "Definition of done" heading (this one or an ancestor). */
  acceptance: boolean;
}

export interface ParsedMarkdown {
  title: string;
  drafts: RequirementDraft[];
}

/**
 * A Markdown PRD or issue body: every heading with prose of its own becomes a section
 * requirement, every checkbox (and every list item under an "Acceptance criteria" / "Definition
 * of done" heading) an item of its own. A lone H1 that opens the document is its title.
 */
export function parseMarkdown(text: string, fallbackTitle = ''): ParsedMarkdown {
  // HTML comments are invisible when rendered: issue templates leave their instructions in them.
  const lines = stripHtmlComments(text.replace(/\r\n?/g, '\n')).split('\n');
  const headings = scanHeadings(lines);
  const headingAt = new Map(headings.map((h) => [h.line, h]));
  const h1s = headings.filter((h) => h.level === 1);
  const titleHeading = h1s.length === 1 && headings[0]?.level === 1 ? headings[0] : undefined;
  const title = titleHeading?.title ?? fallbackTitle;

  const drafts: RequirementDraft[] = [];
  const sections: Section[] = [];
  const stack: Section[] = [];
  const preamble: Section = { level: 0, title: title || 'Overview', path: [], body: [], children: 0, acceptance: ACCEPTANCE_HEADING.test(title || 'Overview') };
  sections.push(preamble);
  let current = preamble;
  let fence: string | undefined;
  let item: { draft: RequirementDraft; indent: number; lines: string[] } | undefined;

  const closeItem = () => {
    if (!item) return;
    item.draft.text = item.lines.join('\n').trim();
    item = undefined;
  };

  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    const fenceMatch = FENCE.exec(line);
    if (fence !== undefined || fenceMatch) {
      if (fence === undefined && fenceMatch?.[1]) fence = fenceMatch[1].slice(0, 3);
      else if (fence !== undefined && line.trim().startsWith(fence)) fence = undefined;
      if (item) item.lines.push(line);
      else current.body.push(line);
      continue;
    }
    const heading = headingAt.get(i);
    if (heading) {
      closeItem();
      if (heading.underline) i += 1;
      if (heading === titleHeading) {
        current = preamble;
        continue;
      }
      while (stack.length > 0 && (stack[stack.length - 1]?.level ?? 0) >= heading.level) stack.pop();
      const parent = stack[stack.length - 1];
      if (parent) parent.children += 1;
      const path = parent ? [...parent.path, parent.title] : [];
      const section: Section = { level: heading.level, title: heading.title, path, body: [], children: 0, acceptance: ACCEPTANCE_HEADING.test(heading.title) || (parent?.acceptance ?? false) };
      stack.push(section);
      sections.push(section);
      current = section;
      continue;
    }
    const inAcceptance = current.acceptance;
    const check = CHECKBOX.exec(line);
    const bullet = check ? undefined : inAcceptance ? BULLET.exec(line) : undefined;
    const itemText = check?.[3] ?? bullet?.[2];
    if (itemText !== undefined) {
      closeItem();
      const { id } = splitExplicitId(itemText);
      const sectionPath = current === preamble ? [] : [...current.path, current.title];
      const draft: RequirementDraft = {
        kind: 'criterion',
        title: firstLine(itemText),
        text: itemText,
        section: sectionPath,
        acceptance: true,
        ...(id ? { explicitId: id } : {}),
        idBasis: [...sectionPath, itemText],
      };
      drafts.push(draft);
      current.children += 1;
      item = { draft, indent: (check?.[1] ?? bullet?.[1] ?? '').length, lines: [itemText] };
      continue;
    }
    // An indented line right under an item continues it; anything else ends it.
    if (item && line.trim() !== '' && /^\s+/.test(line) && (line.match(/^\s*/)?.[0].length ?? 0) > item.indent) {
      item.lines.push(line.trim());
      continue;
    }
    if (line.trim() !== '') closeItem();
    current.body.push(line);
  }
  closeItem();

  const sectionDrafts = sections.flatMap((s) => sectionDraft(s, s === preamble));
  return { title, drafts: [...sectionDrafts, ...drafts] };
}

function sectionDraft(section: Section, isPreamble: boolean): RequirementDraft[] {
  const body = section.body.join('\n').trim();
  // A heading with nothing of its own but sub-sections or items is a grouping, not a requirement.
  if (body === '' && (section.children > 0 || isPreamble)) return [];
  const { id, rest } = splitExplicitId(section.title);
  return [
    {
      kind: 'section',
      title: section.title,
      text: body,
      section: section.path,
      acceptance: false,
      ...(id ? { explicitId: id } : {}),
      idBasis: isPreamble ? ['overview'] : [...section.path, rest],
    },
  ];
}

interface Heading {
  line: number;
  level: number;
  title: string;
  underline: boolean;
}

function scanHeadings(lines: readonly string[]): Heading[] {
  const found: Heading[] = [];
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    const fenceMatch = FENCE.exec(line);
    if (fence !== undefined) {
      if (line.trim().startsWith(fence)) fence = undefined;
      continue;
    }
    if (fenceMatch?.[1]) {
      fence = fenceMatch[1].slice(0, 3);
      continue;
    }
    const atx = atxHeading(line);
    if (atx) {
      found.push({ line: i, level: atx.level, title: cleanTitle(atx.title), underline: false });
      continue;
    }
    const next = lines[i + 1] ?? '';
    const previousBlank = i === 0 || (lines[i - 1] ?? '').trim() === '';
    if (previousBlank && line.trim() !== '' && !BULLET.test(line) && /^ {0,3}(=+|-{2,})\s*$/.test(next)) {
      found.push({ line: i, level: next.trim().startsWith('=') ? 1 : 2, title: cleanTitle(line), underline: true });
    }
  }
  return found;
}

/**
 * An ATX heading (`## Title ##`): up to three spaces, 1–6 hashes, whitespace, the title, and an
 * optional closing run of hashes after whitespace. Read by hand: the regex form of the title and
 * closing sequence (`(.*?)(?:\s+#+)?\s*$`) backtracks quadratically on long runs of spaces.
 */
function atxHeading(line: string): { level: number; title: string } | undefined {
  const open = ATX_OPEN.exec(line);
  if (!open?.[1]) return undefined;
  let title = line.slice(open[0].length).trim();
  let end = title.length;
  while (end > 0 && title[end - 1] === '#') end -= 1;
  // A closing sequence needs whitespace before it; a title of hashes alone stays as it is.
  if (end > 0 && end < title.length && /\s/.test(title[end - 1]!)) title = title.slice(0, end).trimEnd();
  return { level: open[1].length, title };
}

/** HTML comments are invisible when rendered; an unclosed one stays (as a lazy regex would leave it). */
function stripHtmlComments(text: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const open = text.indexOf('<!--', from);
    if (open < 0) break;
    const close = text.indexOf('-->', open + 4);
    if (close < 0) break;
    out += text.slice(from, open);
    from = close + 3;
  }
  return out + text.slice(from);
}

function cleanTitle(title: string): string {
  return title.replace(/[*_`]/g, '').trim();
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 100 ? `${line.slice(0, 97)}…` : line;
}
