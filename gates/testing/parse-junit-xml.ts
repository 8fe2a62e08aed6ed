import type { TestCase } from '../checks/tests-data.js';
import { firstLine, relativeFile } from './relative-file.js';

/**
 * Reads JUnit XML as vitest, pytest (xunit1), mocha (xunit), Maven surefire and Gradle write it.
 * Ids are "file > class > name" with what each runner provides: vitest puts the file in
 * `classname`, pytest in `file`, JVM runners give the class name only.
 */
export function parseJunitXml(xml: string, root: string): TestCase[] {
  const text = xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, (block) => escapeXml(block.slice(9, -3))).replace(/<!--[\s\S]*?-->/g, '');
  const cases: TestCase[] = [];
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'))?)*)\s*(\/?)>/g;
  let open: { attrs: Record<string, string>; status: TestCase['status']; message?: string } | undefined;
  let match: RegExpExecArray | null;
  while ((match = tag.exec(text))) {
    const [, closing, name, rawAttrs = '', selfClosing] = match;
    if (name === 'testcase') {
      if (closing) {
        if (open) cases.push(toCase(open, root));
        open = undefined;
        continue;
      }
      open = { attrs: parseAttributes(rawAttrs), status: 'passed' };
      if (selfClosing) {
        cases.push(toCase(open, root));
        open = undefined;
      }
      continue;
    }
    if (!open || closing) continue;
    if (name === 'failure' || name === 'error') {
      const attrs = parseAttributes(rawAttrs);
      open.status = 'failed';
      const body = selfClosing ? '' : decode(text.slice(tag.lastIndex, text.indexOf('<', tag.lastIndex)));
      open.message ??= firstLine(attrs.message) ?? firstLine(body) ?? name;
    } else if (name === 'skipped' && open.status !== 'failed') {
      open.status = 'skipped';
    }
  }
  return cases;
}

function toCase(open: { attrs: Record<string, string>; status: TestCase['status']; message?: string }, root: string): TestCase {
  const { attrs } = open;
  const name = attrs.name ?? '(unnamed)';
  const classname = attrs.classname ?? '';
  const file = relativeFile(root, attrs.file) ?? (/\.[cm]?[jt]sx?$|\.py$/.test(classname) ? relativeFile(root, classname) : undefined);
  const group = classGroup(classname, file);
  const id = [file, group, name].filter(Boolean).join(' > ');
  return { id, ...(file ? { file } : {}), status: open.status, ...(open.status === 'failed' && open.message ? { message: open.message } : {}) };
}

/** The part of `classname` that is not already the file: pytest's class, a JVM class, a mocha suite. */
function classGroup(classname: string, file: string | undefined): string {
  if (!classname || !file) return classname;
  if (relativeFile('/', classname) === file) return '';
  const module = file.replace(/\.[^./]+$/, '').split('/').join('.');
  if (classname === module) return '';
  return classname.startsWith(`${module}.`) ? classname.slice(module.length + 1) : classname;
}

function parseAttributes(raw: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of raw.matchAll(/([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs[m[1]!] = decode(m[2] ?? m[3] ?? '');
  return attrs;
}

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (whole, entity: string) => {
    const e = entity.toLowerCase();
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'amp') return '&';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    const code = e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
  });
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
