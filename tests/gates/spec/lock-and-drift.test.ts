import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compareToLock, createLock, describeDrift, lockPathFor, lockSpec, normaliseSpec, parseLock, readLock, summariseDrift, type Spec } from '../../../gates/spec/index.js';

const PRD = `# Shop

## Cart
Users add items to a cart. The cart keeps items for 7 days.

## Checkout
Users pay by card.

## Acceptance criteria
- [ ] a paid order is stored
- [ ] the cart empties after payment
`;

const spec = (text: string): Spec => normaliseSpec({ source: 'file', text, path: 'prd.md' });
const drift = (before: string, after: string) => compareToLock(createLock(spec(before)), spec(after));

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('lock files', () => {
  it('round-trips: lockSpec writes what readLock reads, and a fresh spec is in sync with it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'loki-lock-'));
    writeFileSync(join(dir, 'prd.md'), PRD);
    const s = normaliseSpec({ source: 'file', text: PRD, path: join(dir, 'prd.md'), ref: 'prd.md' });
    const lockPath = join(dir, 'prd.md.lock.json');
    const written = await lockSpec(s, lockPath, join(dir, 'prd.md'));
    const read = await readLock(lockPath);
    expect(read).toEqual(written);
    expect(read.spec).toMatchObject({ source: 'file', format: 'markdown', ref: 'prd.md', hash: s.hash, title: 'Shop' });
    expect(compareToLock(read, s)).toMatchObject({ inSync: true, unchanged: s.requirements.length });
  });

  it('stores requirements sorted by id, so reordering the spec leaves the lock text unchanged', () => {
    const reordered = PRD.replace(/## Cart[\s\S]*?(?=## Checkout)/, '').replace('## Acceptance', '## Cart\nUsers add items to a cart. The cart keeps items for 7 days.\n\n## Acceptance');
    const a = createLock(spec(PRD));
    const b = createLock(spec(reordered));
    expect(b.requirements).toEqual(a.requirements);
    expect(a.requirements.map((r) => r.id)).toEqual([...a.requirements.map((r) => r.id)].sort());
  });

  it('puts a file lock next to the spec and an issue lock under .github/loki-specs', () => {
    expect(lockPathFor(spec(PRD))).toBe('prd.md.lock.json');
    const issue = normaliseSpec({ source: 'issue', title: 'CSV export', text: 'Export.', ref: 'octo/app#12' });
    expect(lockPathFor(issue, '/repo')).toBe('/repo/.github/loki-specs/issue-octo-app-12.lock.json');
    expect(() => lockPathFor(normaliseSpec({ source: 'text', text: 'Export.' }))).toThrow(expect.objectContaining({ code: 'USAGE', fix: expect.stringContaining('save the spec to a file') }));
  });

  it('passes over other tools’ *.lock.json files and rejects a damaged Loki lock with LOCK_INVALID', async () => {
    expect(parseLock('{"version":1,"dependencies":{}}', 'packages.lock.json')).toBeUndefined();
    expect(parseLock('not json', 'x.lock.json')).toBeUndefined();
    expect(() => parseLock('{"kind":"loki-spec-lock","lock_version":1}', 'prd.md.lock.json')).toThrow(expect.objectContaining({ code: 'LOCK_INVALID' }));
    dir = mkdtempSync(join(tmpdir(), 'loki-lock-'));
    writeFileSync(join(dir, 'other.lock.json'), '{"a":1}');
    await expect(readLock(join(dir, 'other.lock.json'))).rejects.toMatchObject({ code: 'LOCK_INVALID' });
    await expect(readLock(join(dir, 'missing.lock.json'))).rejects.toMatchObject({ code: 'LOCK_INVALID' });
  });
});

describe('compareToLock', () => {
  it('is in sync for the same spec, reordered sections, reordered checkboxes and ticked boxes', () => {
    expect(drift(PRD, PRD).inSync).toBe(true);
    const reordered = PRD.replace('- [ ] a paid order is stored\n- [ ] the cart empties after payment', '- [x] the cart empties after payment\n- [ ] a paid order is stored')
      .replace(/## Cart\n.*\n\n## Checkout\n.*\n/, '## Checkout\nUsers pay by card.\n\n## Cart\nUsers add items to a cart. The cart keeps items for 7 days.\n');
    expect(reordered).not.toBe(PRD);
    expect(drift(PRD, reordered)).toMatchObject({ inSync: true, added: [], removed: [], changed: [], renamed: [] });
  });

  it('reports a changed section under its id', () => {
    const d = drift(PRD, PRD.replace('7 days', '30 days'));
    expect(d.inSync).toBe(false);
    expect(d.changed.map((c) => c.id)).toEqual(['cart']);
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
  });

  it('reports a re-titled section as a rename, not a delete plus an add', () => {
    const d = drift(PRD, PRD.replace('## Cart', '## Basket'));
    expect(d.renamed).toEqual([{ from: { id: 'cart', title: 'Cart' }, to: { id: 'basket', title: 'Basket' } }]);
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    expect(d.changed).toEqual([]);
  });

  it('reports a section moved under another heading as a rename', () => {
    const moved = PRD.replace('## Checkout\nUsers pay by card.\n', '').replace('## Acceptance', '## Payments\n\n### Checkout\nUsers pay by card.\n\n## Acceptance');
    const d = drift(PRD, moved);
    expect(d.renamed).toEqual([{ from: { id: 'checkout', title: 'Checkout' }, to: { id: 'payments/checkout', title: 'Checkout' } }]);
    expect(d.added.length + d.removed.length + d.changed.length).toBe(0);
  });

  it('reports an edited checkbox (whose id comes from its words) as changed, naming the old id', () => {
    const d = drift(PRD, PRD.replace('a paid order is stored', 'a paid order is stored with its invoice'));
    expect(d.changed).toEqual([
      expect.objectContaining({ id: 'acceptance-criteria/a-paid-order-is-stored-with-its-invoice', previousId: 'acceptance-criteria/a-paid-order-is-stored' }),
    ]);
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
  });

  it('reports added and removed requirements', () => {
    const d = drift(PRD, PRD.replace('## Checkout\nUsers pay by card.\n', '## Refunds\nAdmins refund within 14 days.\n'));
    expect(d.added.map((a) => a.id)).toEqual(['refunds']);
    expect(d.removed.map((r) => r.id)).toEqual(['checkout']);
    expect(d.renamed).toEqual([]);
  });

  it('describes drift naming the requirements, one line per kind', () => {
    const d = drift(PRD, PRD.replace('## Cart', '## Basket').replace('Users pay by card.', 'Users pay by card or invoice.').replace('## Acceptance', '## Refunds\nWithin 14 days.\n\n## Acceptance'));
    expect(describeDrift(d)).toEqual(['changed: checkout', 'renamed: cart → basket', 'added: refunds']);
    expect(summariseDrift(d)).toBe('3 requirements drifted from the lock (changed: checkout; renamed: cart → basket; added: refunds)');
    expect(summariseDrift(drift(PRD, PRD))).toBe('in sync with its lock');
  });

  it('compares OpenAPI operations: a moved path with the same operation is a rename', () => {
    const api = (path: string, summary: string) => JSON.stringify({ openapi: '3.1.0', info: { title: 'Pets' }, paths: { [path]: { get: { summary, responses: { '200': { description: 'ok' } } } } } });
    const lock = createLock(normaliseSpec({ source: 'file', path: 'api.json', text: api('/pets', 'List pets') }));
    const renamed = compareToLock(lock, normaliseSpec({ source: 'file', path: 'api.json', text: api('/animals', 'List pets') }));
    expect(renamed.renamed).toEqual([{ from: { id: 'GET /pets', title: 'GET /pets: List pets' }, to: { id: 'GET /animals', title: 'GET /animals: List pets' } }]);
    const changed = compareToLock(lock, normaliseSpec({ source: 'file', path: 'api.json', text: api('/pets', 'List all pets') }));
    expect(changed.changed.map((c) => c.id)).toEqual(['GET /pets']);
  });

  it('round-trips through a written lock file and detects an edit made after it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'loki-lock-'));
    const path = join(dir, 'prd.md.lock.json');
    await lockSpec(spec(PRD), path);
    expect(JSON.parse(readFileSync(path, 'utf8')).kind).toBe('loki-spec-lock');
    const d = compareToLock(await readLock(path), spec(PRD.replace('Users pay by card.', 'Users pay by bank transfer.')));
    expect(d.changed.map((c) => c.id)).toEqual(['checkout']);
  });
});

describe('findSpecLocks', () => {
  it('finds Loki locks in a plain folder too, passing over other tools’ lock files and dependencies', async () => {
    const { findSpecLocks } = await import('../../../gates/spec/index.js');
    const { mkdirSync } = await import('node:fs');
    dir = mkdtempSync(join(tmpdir(), 'loki-find-'));
    mkdirSync(join(dir, 'docs'));
    mkdirSync(join(dir, 'node_modules'));
    writeFileSync(join(dir, 'docs/prd.md'), PRD);
    await lockSpec(spec(PRD), join(dir, 'docs/prd.md.lock.json'), join(dir, 'docs/prd.md'));
    await lockSpec(spec(PRD), join(dir, 'node_modules/x.lock.json'), join(dir, 'docs/prd.md'));
    writeFileSync(join(dir, 'packages.lock.json'), '{"version":1}');
    const found = await findSpecLocks(dir);
    expect(found.map((f) => [f.path, f.lock.spec.ref])).toEqual([['docs/prd.md.lock.json', 'prd.md']]);
  });
});

describe('re-locking', () => {
  it('leaves the lock file untouched when the spec has not changed, and rewrites it when it has', async () => {
    dir = mkdtempSync(join(tmpdir(), 'loki-relock-'));
    const path = join(dir, 'prd.md.lock.json');
    await lockSpec(spec(PRD), path);
    const first = readFileSync(path, 'utf8');
    await new Promise((r) => setTimeout(r, 5));
    await lockSpec(spec(PRD.replace('- [ ]', '- [x]')), path);
    expect(readFileSync(path, 'utf8')).toBe(first);
    await lockSpec(spec(PRD.replace('by card', 'by invoice')), path);
    expect(readFileSync(path, 'utf8')).not.toBe(first);
  });
});
