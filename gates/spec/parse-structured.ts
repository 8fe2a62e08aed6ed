import { dump } from 'js-yaml';
import { canonicalJson, isRecord } from './canonical-json.js';
import { splitExplicitId, type RequirementDraft } from './make-requirement.js';

const TITLE_KEYS = ['title', 'name'];
const OVERVIEW_KEYS = ['description', 'summary', 'overview', 'goal', 'goals', 'problem', 'context'];
const LIST_KEYS = /^(requirements|functional_requirements|non_functional_requirements|features|stories|user_stories|tasks|scope|endpoints|constraints)$/i;
const ACCEPTANCE_KEYS = /^(acceptance|acceptance_criteria|acceptancecriteria|definition_of_done|done_when|success_criteria)$/i;
const ITEM_TITLE_KEYS = ['title', 'name', 'summary'];
const ITEM_TEXT_KEYS = ['description', 'text', 'details', 'body', 'story', 'requirement'];

export interface ParsedStructured {
  title: string;
  drafts: RequirementDraft[];
}

/**
 * A spec written as data (JSON or YAML). Known keys carry meaning: `title`, `description`,
 * lists of `requirements`/`features`/`user_stories`/…, and `acceptance_criteria` (also inside
 * each requirement). Any other top-level key is kept as a requirement of its own, so nothing the
 * author wrote escapes the lock.
 */
export function parseStructured(doc: unknown, fallbackTitle = ''): ParsedStructured {
  if (Array.isArray(doc)) return { title: fallbackTitle, drafts: doc.flatMap((item) => itemDrafts(item, 'requirements')) };
  if (!isRecord(doc)) {
    const text = String(doc ?? '').trim();
    return { title: fallbackTitle, drafts: text ? [{ kind: 'paragraph', title: text.slice(0, 100), text, section: [], acceptance: false }] : [] };
  }
  const titleKey = TITLE_KEYS.find((k) => typeof doc[k] === 'string');
  const title = titleKey ? String(doc[titleKey]) : fallbackTitle;
  const drafts: RequirementDraft[] = [];
  for (const [key, value] of Object.entries(doc)) {
    if (key === titleKey) continue;
    if (OVERVIEW_KEYS.includes(key.toLowerCase()) && typeof value === 'string') {
      drafts.push({ kind: 'section', title: key, text: value.trim(), section: [], acceptance: false, idBasis: [key] });
    } else if (ACCEPTANCE_KEYS.test(key)) {
      drafts.push(...criteria(value, [key]));
    } else if (LIST_KEYS.test(key) && Array.isArray(value)) {
      drafts.push(...value.flatMap((item) => itemDrafts(item, key)));
    } else {
      drafts.push({ kind: 'field', title: key, text: render(value), section: [], acceptance: false, idBasis: [key] });
    }
  }
  return { title, drafts };
}

function itemDrafts(item: unknown, key: string): RequirementDraft[] {
  if (typeof item === 'string' || typeof item === 'number') {
    const text = String(item).trim();
    const { id } = splitExplicitId(text);
    return [{ kind: 'item', title: text.split('\n')[0] ?? text, text, section: [key], acceptance: false, ...(id ? { explicitId: id } : {}), idBasis: [key, text] }];
  }
  if (!isRecord(item)) return [];
  const titleKey = ITEM_TITLE_KEYS.find((k) => typeof item[k] === 'string');
  const textKey = ITEM_TEXT_KEYS.find((k) => typeof item[k] === 'string');
  const explicit = typeof item.id === 'string' || typeof item.id === 'number' ? String(item.id) : undefined;
  const title = titleKey ? String(item[titleKey]) : textKey ? String(item[textKey]).split('\n')[0] ?? '' : (explicit ?? key);
  const rest = Object.fromEntries(Object.entries(item).filter(([k]) => k !== 'id' && k !== titleKey && !ACCEPTANCE_KEYS.test(k)));
  const text = textKey && Object.keys(rest).length === 1 ? String(item[textKey]).trim() : render(rest);
  const own: RequirementDraft = { kind: 'item', title, text: text || title, section: [key], acceptance: false, ...(explicit ? { explicitId: explicit } : {}), idBasis: [key, title] };
  const nested = Object.entries(item).filter(([k]) => ACCEPTANCE_KEYS.test(k)).flatMap(([, v]) => criteria(v, [key, explicit ?? title]));
  return [own, ...nested];
}

function criteria(value: unknown, section: string[]): RequirementDraft[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.flatMap((entry) => {
    const text = typeof entry === 'string' ? entry.trim() : isRecord(entry) ? render(entry) : String(entry);
    if (!text) return [];
    const { id } = splitExplicitId(text);
    return [{ kind: 'criterion' as const, title: text.split('\n')[0] ?? text, text, section, acceptance: true, ...(id ? { explicitId: id } : {}), idBasis: [...section, text] }];
  });
}

/** YAML reads best in prompts and reports; key order is normalised first so the hash is stable. */
function render(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  return dump(JSON.parse(canonicalJson(value ?? null)), { lineWidth: 120, noRefs: true }).trim();
}
