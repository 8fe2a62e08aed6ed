import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { TestCase } from '../checks/tests-data.js';
import { assertionDetails } from './assertion-details.js';
import { firstLine, relativeFile } from './relative-file.js';

/** The elements that can repeat; the parser keeps them as arrays even when there is one. */
const LISTS = new Set(['testsuite', 'testcase', 'failure', 'error', 'skipped']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  textNodeName: '#text',
  isArray: (name) => LISTS.has(name),
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: true,
});

type Node = Record<string, unknown>;

/**
 * Reads JUnit XML as vitest, pytest (xunit1), mocha (xunit), Maven surefire and Gradle write it,
 * with fast-xml-parser (CDATA, comments, entities, any nesting of suites). Ids are
 * "file > class > name" with what each runner provides: vitest puts the file in `classname`,
 * pytest in `file`, JVM runners give the class name only. An empty or missing report is no
 * cases; a report that is not well-formed XML is `undefined` (unreadable, never "no tests").
 */
export function parseJunitXml(xml: string, root: string): TestCase[] | undefined {
  if (!xml.trim()) return [];
  if (XMLValidator.validate(xml) !== true) return undefined;
  const cases: TestCase[] = [];
  collect(parser.parse(xml) as unknown, root, cases);
  return cases;
}

function collect(node: unknown, root: string, cases: TestCase[]): void {
  if (Array.isArray(node)) {
    for (const item of node) collect(item, root, cases);
    return;
  }
  if (!isNode(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'testcase') for (const testcase of value as unknown[]) cases.push(toCase(isNode(testcase) ? testcase : {}, root));
    else if (typeof value === 'object') collect(value, root, cases);
  }
}

function toCase(node: Node, root: string): TestCase {
  const name = text(node.name) || '(unnamed)';
  const classname = text(node.classname);
  const file = relativeFile(root, text(node.file) || undefined) ?? (/\.[cm]?[jt]sx?$|\.py$/.test(classname) ? relativeFile(root, classname) : undefined);
  const group = classGroup(classname, file);
  const id = [file, group, name].filter(Boolean).join(' > ');
  const failure = first(node.failure) ?? first(node.error);
  const status: TestCase['status'] = failure !== undefined ? 'failed' : node.skipped !== undefined ? 'skipped' : 'passed';
  const message = failure === undefined ? undefined : (firstLine(attribute(failure, 'message')) ?? firstLine(body(failure)) ?? (node.failure !== undefined ? 'failure' : 'error'));
  const details = failure === undefined ? {} : assertionDetails([attribute(failure, 'message'), body(failure)].filter(Boolean).join('\n'), file);
  return { id, ...(file ? { file } : {}), status, ...(message ? { message } : {}), ...details };
}

/** The part of `classname` that is not already the file: pytest's class, a JVM class, a mocha suite. */
function classGroup(classname: string, file: string | undefined): string {
  if (!classname || !file) return classname;
  if (relativeFile('/', classname) === file) return '';
  const module = file.replace(/\.[^./]+$/, '').split('/').join('.');
  if (classname === module) return '';
  return classname.startsWith(`${module}.`) ? classname.slice(module.length + 1) : classname;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function attribute(element: unknown, name: string): string | undefined {
  return isNode(element) ? text(element[name]) || undefined : undefined;
}

function body(element: unknown): string | undefined {
  if (typeof element === 'string') return element;
  return isNode(element) ? text(element['#text']) || undefined : undefined;
}
