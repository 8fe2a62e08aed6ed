import { canonicalJson, isRecord } from './canonical-json.js';
import type { RequirementDraft } from './make-requirement.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export interface ParsedOpenApi {
  title: string;
  drafts: RequirementDraft[];
}

export function isOpenApi(doc: unknown): doc is Record<string, unknown> {
  return isRecord(doc) && ((typeof doc.openapi === 'string' && doc.openapi.startsWith('3')) || doc.swagger === '2.0');
}

/**
 * OpenAPI 3 (and Swagger 2, whose paths look the same): one requirement per operation, id
 * "METHOD /path", content = the operation with its path-level parameters, so a moved path with an
 * unchanged operation is a rename. The description, global security and each component are
 * requirements too: changing a schema changes what must be built.
 */
export function parseOpenApi(doc: Record<string, unknown>): ParsedOpenApi {
  const info = isRecord(doc.info) ? doc.info : {};
  const title = typeof info.title === 'string' ? info.title : 'API';
  const drafts: RequirementDraft[] = [];
  if (typeof info.description === 'string' && info.description.trim()) {
    drafts.push({ kind: 'section', title: 'Overview', text: info.description.trim(), section: [], acceptance: false, explicitId: 'overview' });
  }
  if (Array.isArray(doc.security)) {
    drafts.push({ kind: 'field', title: 'Global security', text: canonicalJson(doc.security), section: [], acceptance: false, explicitId: 'security' });
  }
  drafts.push(...acceptanceDrafts(info['x-acceptance-criteria'], []));
  const paths = isRecord(doc.paths) ? doc.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isRecord(item)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!isRecord(op)) continue;
      const id = `${method.toUpperCase()} ${path}`;
      const parameters = [...(Array.isArray(item.parameters) ? item.parameters : []), ...(Array.isArray(op.parameters) ? op.parameters : [])];
      const { 'x-acceptance-criteria': criteria, ...rest } = op;
      const content = { ...rest, ...(parameters.length ? { parameters } : {}) };
      const summary = typeof op.summary === 'string' ? op.summary : typeof op.operationId === 'string' ? op.operationId : '';
      const tag = Array.isArray(op.tags) && typeof op.tags[0] === 'string' ? [op.tags[0]] : [];
      drafts.push({ kind: 'operation', title: summary ? `${id}: ${summary}` : id, text: canonicalJson(content), section: tag, acceptance: false, explicitId: id });
      drafts.push(...acceptanceDrafts(criteria, [id]));
    }
  }
  const components = isRecord(doc.components) ? doc.components : isRecord(doc.definitions) ? { schemas: doc.definitions } : {};
  for (const [group, entries] of Object.entries(components)) {
    if (!isRecord(entries)) continue;
    for (const [name, value] of Object.entries(entries)) {
      const id = `components/${group}/${name}`;
      drafts.push({ kind: 'field', title: `${group}.${name}`, text: canonicalJson(value), section: ['components', group], acceptance: false, explicitId: id });
    }
  }
  return { title, drafts };
}

function acceptanceDrafts(value: unknown, section: string[]): RequirementDraft[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
    .map((text) => ({ kind: 'criterion' as const, title: text, text, section, acceptance: true, idBasis: [...section, text] }));
}
