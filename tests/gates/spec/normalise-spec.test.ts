import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { isLokiError } from '../../../gates/core/errors.js';
import { normaliseSpec, readSpecFile, type Spec } from '../../../gates/spec/index.js';

const ids = (spec: Spec) => spec.requirements.map((r) => r.id);
const byId = (spec: Spec, id: string) => spec.requirements.find((r) => r.id === id);

const PRD = `# Team todo

A shared todo list for small teams.

## Tasks

### Create a task
A member types a title and presses Enter.

### REQ-7: Delete a task
Only the author may delete.

## Notes
\`\`\`
# not a heading inside a fence
- [ ] not a checkbox either
\`\`\`

## Acceptance criteria
- [ ] A task can be created
  and shows up at once
- [x] AC-2: A deleted task disappears
* plain bullets count here too
`;

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('normaliseSpec: Markdown PRD', () => {
  const spec = normaliseSpec({ source: 'file', text: PRD, path: 'docs/prd.md' });

  it('takes a lone leading H1 as the title and its prose as the overview', () => {
    expect(spec.format).toBe('markdown');
    expect(spec.title).toBe('Team todo');
    expect(byId(spec, 'overview')?.text).toBe('A shared todo list for small teams.');
  });

  it('turns headings with prose into sections with path ids, and explicit ids win', () => {
    expect(byId(spec, 'tasks/create-a-task')).toMatchObject({ kind: 'section', title: 'Create a task', section: ['Tasks'], acceptance: false });
    expect(byId(spec, 'REQ-7')).toMatchObject({ kind: 'section', text: 'Only the author may delete.' });
    // A heading with only sub-sections is a grouping, not a requirement.
    expect(byId(spec, 'tasks')).toBeUndefined();
  });

  it('turns checkboxes and items of an acceptance section into criteria, with continuation lines', () => {
    const criteria = spec.requirements.filter((r) => r.acceptance);
    expect(criteria.map((r) => r.id)).toEqual(['acceptance-criteria/a-task-can-be-created', 'AC-2', 'acceptance-criteria/plain-bullets-count-here-too']);
    expect(criteria[0]?.text).toBe('A task can be created\nand shows up at once');
    expect(criteria.every((r) => r.kind === 'criterion')).toBe(true);
  });

  it('ignores headings and checkboxes inside code fences', () => {
    expect(byId(spec, 'notes')?.text).toContain('# not a heading inside a fence');
    expect(ids(spec).some((id) => id.includes('not-a-checkbox'))).toBe(false);
  });

  it('gives content hashes that ignore whitespace and checkbox state but not wording', () => {
    const ticked = normaliseSpec({ source: 'file', text: PRD.replace('- [ ] A task', '- [x]   A task').replace('presses Enter.', 'presses   Enter.'), path: 'docs/prd.md' });
    expect(ticked.hash).toBe(spec.hash);
    const reworded = normaliseSpec({ source: 'file', text: PRD.replace('presses Enter', 'presses Return'), path: 'docs/prd.md' });
    expect(byId(reworded, 'tasks/create-a-task')?.hash).not.toBe(byId(spec, 'tasks/create-a-task')?.hash);
    expect(reworded.hash).not.toBe(spec.hash);
  });

  it('keeps ids and the spec hash when sections are reordered', () => {
    const reordered = PRD.replace(/## Tasks[\s\S]*?(?=## Notes)/, '').replace('## Acceptance criteria', `${/## Tasks[\s\S]*?(?=## Notes)/.exec(PRD)?.[0] ?? ''}## Acceptance criteria`);
    expect(reordered).not.toBe(PRD);
    const again = normaliseSpec({ source: 'file', text: reordered, path: 'docs/prd.md' });
    expect([...ids(again)].sort()).toEqual([...ids(spec)].sort());
    expect(again.hash).toBe(spec.hash);
  });

  it('reads setext headings', () => {
    const s = normaliseSpec({ source: 'text', text: 'Login\n=====\n\nUsers sign in.\n\nLimits\n------\n\nFive tries.\n' });
    expect(s.format).toBe('text');
    const md = normaliseSpec({ source: 'file', path: 'x.md', text: 'Login\n=====\n\nUsers sign in.\n\nLimits\n------\n\nFive tries.\n' });
    expect(md.title).toBe('Login');
    expect(byId(md, 'limits')?.text).toBe('Five tries.');
  });
});

describe('normaliseSpec: other forms', () => {
  it('reads a plain-text brief: title line, paragraphs, listed lines and a colon-headed acceptance block', () => {
    const spec = normaliseSpec({
      source: 'file',
      path: 'brief.txt',
      text: 'URL shortener\n\nUsers paste a long URL\nand get a short one.\n\nStats are kept per link.\n\nAcceptance criteria:\n- short links redirect\n2) unknown links give 404\n',
    });
    expect(spec.format).toBe('text');
    expect(spec.title).toBe('URL shortener');
    expect(spec.requirements.map((r) => [r.kind, r.text])).toEqual([
      ['paragraph', 'Users paste a long URL and get a short one.'],
      ['paragraph', 'Stats are kept per link.'],
      ['criterion', 'short links redirect'],
      ['criterion', 'unknown links give 404'],
    ]);
    expect(spec.requirements.filter((r) => r.acceptance)).toHaveLength(2);
  });

  const data = {
    title: 'Shop',
    description: 'A small shop.',
    requirements: [{ id: 'R1', title: 'Cart', description: 'Users add items.', acceptance_criteria: ['cart lists items'] }, 'Checkout takes a card'],
    acceptance_criteria: ['an order is stored'],
    constraints_extra: { currency: 'EUR' },
  };

  it('reads JSON with known keys, nested criteria and unknown keys kept as requirements', () => {
    const spec = normaliseSpec({ source: 'file', path: 'spec.json', text: JSON.stringify(data) });
    expect(spec.format).toBe('json');
    expect(spec.title).toBe('Shop');
    expect(ids(spec)).toEqual(['description', 'R1', 'requirements/r1/cart-lists-items', 'requirements/checkout-takes-a-card', 'acceptance-criteria/an-order-is-stored', 'constraints-extra']);
    expect(byId(spec, 'R1')?.text).toBe('Users add items.');
    expect(byId(spec, 'constraints-extra')?.text).toBe('currency: EUR');
    expect(spec.requirements.filter((r) => r.acceptance).map((r) => r.text)).toEqual(['cart lists items', 'an order is stored']);
  });

  it('reads the same data as YAML into the same requirements and hash', () => {
    const json = normaliseSpec({ source: 'file', path: 'spec.json', text: JSON.stringify(data) });
    const yaml = normaliseSpec({ source: 'file', path: 'spec.yml', text: dump(data) });
    expect(yaml.format).toBe('yaml');
    expect(yaml.hash).toBe(json.hash);
  });

  const openapi = {
    openapi: '3.0.3',
    info: { title: 'Pets', description: 'A pet store.' },
    paths: {
      '/pets': {
        get: { summary: 'List pets', responses: { '200': { description: 'ok' } } },
        post: { operationId: 'addPet', requestBody: { content: { 'application/json': {} } }, responses: { '201': { description: 'created' } } },
      },
      '/pets/{id}': { parameters: [{ name: 'id', in: 'path' }], delete: { summary: 'Remove', responses: { '204': { description: 'gone' } } } },
    },
    components: { schemas: { Pet: { type: 'object' } } },
  };

  it('reads OpenAPI 3 (JSON) as one requirement per operation, with path-level parameters folded in', () => {
    const spec = normaliseSpec({ source: 'file', path: 'api.json', text: JSON.stringify(openapi) });
    expect(spec.format).toBe('openapi');
    expect(spec.title).toBe('Pets');
    expect(spec.requirements.filter((r) => r.kind === 'operation').map((r) => [r.id, r.title])).toEqual([
      ['GET /pets', 'GET /pets: List pets'],
      ['POST /pets', 'POST /pets: addPet'],
      ['DELETE /pets/{id}', 'DELETE /pets/{id}: Remove'],
    ]);
    expect(JSON.parse(byId(spec, 'DELETE /pets/{id}')?.text ?? '{}').parameters).toEqual([{ in: 'path', name: 'id' }]);
    expect(byId(spec, 'components/schemas/Pet')).toBeDefined();
    expect(byId(spec, 'overview')?.text).toBe('A pet store.');
  });

  it('reads OpenAPI 3 written in YAML the same way, and sniffs it from text', () => {
    const json = normaliseSpec({ source: 'file', path: 'api.json', text: JSON.stringify(openapi) });
    const yaml = normaliseSpec({ source: 'file', path: 'api.yaml', text: dump(openapi) });
    const text = normaliseSpec({ source: 'text', text: dump(openapi) });
    expect(yaml.format).toBe('openapi');
    expect(yaml.hash).toBe(json.hash);
    expect(text.hash).toBe(json.hash);
  });

  it('reads a GitHub issue: title and labels apart, acceptance criteria from the section and checkboxes', () => {
    const body = 'We need CSV export.\n\n## Definition of done\n- export button on the list\n- [ ] file opens in Excel\n';
    const spec = normaliseSpec({ source: 'issue', title: 'Export tasks as CSV', text: body, labels: ['loki:build', 'feature'], ref: 'octo/app#12' });
    expect(spec).toMatchObject({ source: 'issue', format: 'issue', title: 'Export tasks as CSV', labels: ['loki:build', 'feature'], ref: 'octo/app#12' });
    expect(byId(spec, 'overview')?.text).toBe('We need CSV export.');
    expect(spec.requirements.filter((r) => r.acceptance).map((r) => r.text)).toEqual(['export button on the list', 'file opens in Excel']);
  });

  it('turns an issue with an empty body into one requirement: its title', () => {
    const spec = normaliseSpec({ source: 'issue', title: 'Add dark mode', text: '', ref: 'octo/app#3' });
    expect(spec.requirements.map((r) => [r.id, r.text])).toEqual([['title', 'Add dark mode']]);
  });

  it('tells two items with the same wording apart by content, independent of order', () => {
    const a = normaliseSpec({ source: 'text', text: '- [ ] Export works\n- [ ] Export works\n' });
    expect(new Set(ids(a)).size).toBe(2);
  });
});

describe('normaliseSpec: errors name the problem and the fix', () => {
  it('rejects invalid JSON with SPEC_INVALID', () => {
    try {
      normaliseSpec({ source: 'file', path: 'spec.json', text: '{"title": ' });
      expect.unreachable();
    } catch (error) {
      expect(isLokiError(error) && error.code).toBe('SPEC_INVALID');
      expect(isLokiError(error) && error.fix).toContain('spec.json');
    }
  });

  it('rejects invalid YAML and an empty spec', () => {
    expect(() => normaliseSpec({ source: 'file', path: 'spec.yaml', text: 'a: [1,\n' })).toThrow(/not valid YAML/);
    expect(() => normaliseSpec({ source: 'text', text: '   \n\n' })).toThrow(/empty/);
  });

  it('reads files from disk and names a missing one with SPEC_NOT_FOUND', async () => {
    dir = mkdtempSync(join(tmpdir(), 'loki-spec-'));
    writeFileSync(join(dir, 'prd.md'), PRD);
    const spec = await readSpecFile(join(dir, 'prd.md'), 'prd.md');
    expect(spec.ref).toBe('prd.md');
    expect(spec.source).toBe('file');
    await expect(readSpecFile(join(dir, 'missing.md'))).rejects.toMatchObject({ code: 'SPEC_NOT_FOUND' });
  });
});

describe('issue templates', () => {
  it('ignores HTML comments, which GitHub does not render', () => {
    const spec = normaliseSpec({ source: 'issue', title: 'Dark mode', ref: 'o/r#1', text: '<!-- Describe the feature. TODO: fill in -->\nThe app follows the system theme.\n<!--\n## Acceptance criteria\n- [ ] hidden\n-->\n' });
    expect(spec.requirements.map((r) => r.text)).toEqual(['The app follows the system theme.']);
  });
});
