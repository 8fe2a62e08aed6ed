import { basename, extname } from 'node:path';
import { load } from 'js-yaml';
import { LokiError } from '../core/errors.js';
import { makeRequirements, specHash, type RequirementDraft } from './make-requirement.js';
import { parseMarkdown } from './parse-markdown.js';
import { isOpenApi, parseOpenApi } from './parse-openapi.js';
import { parsePlainText } from './parse-plain-text.js';
import { parseStructured } from './parse-structured.js';
import { SpecSchema, type NormaliseInput, type Spec, type SpecFormat } from './spec-schema.js';

export interface NormaliseOptions extends NormaliseInput {
  /** How the spec is named in the lock and in messages (`owner/repo#N` for issues); defaults to `path`. */
  ref?: string;
}

/**
 * Any spec form → one Spec: requirements with stable ids and content hashes. Issues are Markdown
 * with a separate title and labels; files are read by extension; free text is sniffed.
 */
export function normaliseSpec(input: NormaliseOptions): Spec {
  const name = input.ref ?? input.path ?? (input.source === 'issue' ? 'the issue' : 'the spec');
  const format = input.source === 'issue' ? 'issue' : detectFormat(input.text, input.path);
  const { title, drafts, format: parsedFormat } = parse(format, input, name);
  const requirements = makeRequirements(drafts.length > 0 || !title ? drafts : [titleOnly(title)]);
  if (requirements.length === 0) {
    throw new LokiError('SPEC_INVALID', `${name} is empty: it states no requirement`, {
      fix: 'write at least one requirement (a heading with text, a checklist item, or a paragraph) in the spec',
    });
  }
  const ref = input.ref ?? input.path;
  return SpecSchema.parse({
    source: input.source,
    format: parsedFormat,
    // A spec without a title of its own is named after its file.
    title: input.title ?? (title || (input.path ? basename(input.path, extname(input.path)) : '')),
    ...(ref ? { ref } : {}),
    labels: input.labels ?? [],
    requirements,
    text: input.text,
    hash: specHash(requirements),
  });
}

function parse(format: SpecFormat, input: NormaliseInput, name: string): { title: string; drafts: RequirementDraft[]; format: SpecFormat } {
  const fallback = input.title ?? '';
  switch (format) {
    case 'issue':
    case 'markdown':
      return { ...parseMarkdown(input.text, fallback), format };
    case 'text':
      return { ...parsePlainText(input.text, fallback), format };
    case 'json':
    case 'yaml':
    case 'openapi': {
      const doc = format === 'json' ? parseJson(input.text, name) : parseYaml(input.text, name);
      if (isOpenApi(doc)) return { ...parseOpenApi(doc), format: 'openapi' };
      return { ...parseStructured(doc, fallback), format };
    }
  }
}

function titleOnly(title: string): RequirementDraft {
  return { kind: 'paragraph', title, text: title, section: [], acceptance: false, idBasis: ['title'] };
}

/** By extension for files; by content for text and unknown extensions. */
export function detectFormat(text: string, path?: string): Exclude<SpecFormat, 'issue' | 'openapi'> {
  const ext = path ? extname(path).toLowerCase() : '';
  if (ext === '.md' || ext === '.markdown' || ext === '.mdx') return 'markdown';
  if (ext === '.json') return 'json';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  if (ext === '.txt' || ext === '.text') return 'text';
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return 'json';
  if (/^(openapi|swagger)\s*:/m.test(text)) return 'yaml';
  if (/^ {0,3}#{1,6}\s+\S/m.test(text) || /^\s*[-*+]\s+\[[ xX]\]\s+/m.test(text)) return 'markdown';
  return 'text';
}

function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new LokiError('SPEC_INVALID', `${name} is not valid JSON: ${(error as Error).message}`, {
      fix: `correct the JSON syntax in ${name}, or give the file a .md/.txt extension if it is not JSON`,
      cause: error,
    });
  }
}

function parseYaml(text: string, name: string): unknown {
  try {
    return load(text);
  } catch (error) {
    throw new LokiError('SPEC_INVALID', `${name} is not valid YAML: ${(error as Error).message.split('\n')[0]}`, {
      fix: `correct the YAML syntax in ${name}`,
      cause: error,
    });
  }
}
