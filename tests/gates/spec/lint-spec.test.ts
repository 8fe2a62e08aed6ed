import { describe, expect, it } from 'vitest';
import { blockingFindings, GrillFindingSchema, lintSpec, normaliseSpec } from '../../../gates/spec/index.js';

/** A spec every rule accepts; each case below adds one defect (positive) or a near miss (negative). */
const CLEAN = {
  title: '# Notes app\n\nShared notes for a team.\n',
  roles: '## Roles\n- Editor: a member of the team who may change notes.\n',
  editing: '## Editing\nAn editor changes a note; the page shows the change within 200 ms. Invalid input gets an error message.\n',
  criteria: '## Acceptance criteria\n- [ ] an edited note is saved\n',
};

function lint(parts: Partial<typeof CLEAN> & { extra?: string } = {}) {
  const p = { ...CLEAN, ...parts };
  const text = [p.title, p.roles, p.editing, p.extra ?? '', p.criteria].join('\n');
  return lintSpec(normaliseSpec({ source: 'file', path: 'prd.md', text }));
}
const rules = (findings: ReturnType<typeof lint>) => findings.map((f) => f.rule);

describe('lintSpec', () => {
  it('finds nothing in a complete spec, and every finding fits the schema', () => {
    expect(lint()).toEqual([]);
    for (const f of lint({ criteria: '', extra: '## Perf\nIt must be fast, etc. TBD\n' })) expect(GrillFindingSchema.parse(f)).toEqual(f);
  });

  it('no-acceptance-criteria: fires without criteria; a "Definition of done" list counts as criteria', () => {
    expect(rules(lint({ criteria: '' }))).toEqual(['no-acceptance-criteria']);
    expect(lint({ criteria: '' })[0]).toMatchObject({ severity: 'high', category: 'acceptance', requirement_id: null });
    expect(lint({ criteria: '## Definition of done\n- notes survive a reload\n' })).toEqual([]);
  });

  it('vague-term: names "fast", "user-friendly" and "etc."; "fast-forward" and "breakfast" are not vague', () => {
    const found = lint({ extra: '## Sync\nSync is user-friendly and covers notes, tags, etc. It takes 2 s.\n' });
    expect(rules(found)).toEqual(['vague-term']);
    expect(found[0]).toMatchObject({ requirement_id: 'sync', severity: 'medium', category: 'ambiguity' });
    expect(found[0]?.message).toContain('"etc"');
    expect(found[0]?.message).toContain('"user-friendly"');
    expect(lint({ extra: '## Merge\nBranches merge by fast-forward after breakfast in 2 s.\n' })).toEqual([]);
  });

  it('tbd: fires on TBD, TODO and "to be decided"; a lowercase "todo list" is not a placeholder', () => {
    expect(rules(lint({ extra: '## Export\nFormat: TBD.\n' }))).toEqual(['tbd']);
    expect(rules(lint({ extra: '## Export\nThe format is to be decided.\n' }))).toEqual(['tbd']);
    expect(lint({ extra: '## Export\nA todo list can be exported as CSV.\n' })).toEqual([]);
  });

  it('unmeasured-performance: a latency claim with no number fires; one with a number does not', () => {
    const found = lint({ extra: '## Search\nSearch has low latency under heavy load.\n' });
    expect(rules(found)).toEqual(['unmeasured-performance']);
    expect(found[0]).toMatchObject({ requirement_id: 'search', category: 'performance' });
    expect(lint({ extra: '## Search\nSearch latency stays under 300 ms at p95 with 50 concurrent users.\n' })).toEqual([]);
  });

  it('no-error-cases: fires when nothing says what happens on failure; one mention is enough', () => {
    const editing = '## Editing\nAn editor changes a note; the page shows the change within 200 ms.\n';
    expect(rules(lint({ editing }))).toEqual(['no-error-cases']);
    expect(lint({ editing: `${editing}If the note was deleted meanwhile, the editor sees a conflict.\n` })).toEqual([]);
  });

  it('undefined-actor: roles used but never defined fire; a Roles section or an inline definition clears them', () => {
    const found = lint({ roles: '', extra: '## Moderation\nAs a moderator, I can hide a note.\n' });
    expect(rules(found)).toEqual(['undefined-actor']);
    expect(found[0]?.message).toContain('"moderator"');
    expect(found[0]?.message).toContain('"editor"');
    expect(lint({ roles: '## Roles\n- Editor: changes notes.\n- Moderator: hides notes of others.\n', extra: '## Moderation\nAs a moderator, I can hide a note.\n' })).toEqual([]);
    expect(lint({ roles: '', extra: '## Moderation\nA moderator is a trusted editor.\nAn editor is a member who writes notes.\nA member is anyone in the team.\n' })).toEqual([]);
  });

  it('contradictory-numbers: the same quantity with two values fires; min and max of one quantity do not', () => {
    const found = lint({ extra: '## Sessions\nSessions expire after 30 minutes.\n\n## Security\nSessions expire after 1 hour.\n' });
    expect(rules(found)).toEqual(['contradictory-numbers']);
    expect(found[0]).toMatchObject({ severity: 'high', category: 'consistency', requirement_id: 'sessions' });
    expect(found[0]?.message).toContain('(security)');
    expect(lint({ extra: '## Sessions\nSessions expire after 30 minutes.\n\n## Security\nSessions expire after 1800 seconds.\n' })).toEqual([]);
    expect(lint({ extra: '## Titles\nTitles have at least 3 characters.\n\n## Limits\nTitles have at most 80 characters.\n' })).toEqual([]);
  });

  it('endpoint-without-auth: endpoints with no word on auth fire; a sentence about tokens clears them', () => {
    const found = lint({ extra: '## API\nPOST /api/notes stores a note; GET /api/notes/{id} returns it.\n' });
    expect(rules(found)).toEqual(['endpoint-without-auth']);
    expect(found[0]).toMatchObject({ severity: 'high', category: 'security', requirement_id: 'api' });
    expect(found[0]?.message).toContain('POST /api/notes');
    expect(lint({ extra: '## API\nPOST /api/notes stores a note. Every call carries a bearer token.\n' })).toEqual([]);
  });

  it('endpoint-without-auth on OpenAPI: an operation with data and no security fires; security (even []) clears it', () => {
    const api = (op: Record<string, unknown>, global?: unknown[]) =>
      lintSpec(normaliseSpec({ source: 'file', path: 'api.json', text: JSON.stringify({ openapi: '3.0.0', info: { title: 'Notes' }, ...(global ? { security: global } : {}), paths: { '/notes': { post: { requestBody: { content: { 'application/json': {} } }, responses: { '400': { description: 'invalid' } }, 'x-acceptance-criteria': ['a note is stored'], ...op } } } }) }));
    expect(rules(api({}))).toEqual(['endpoint-without-auth']);
    expect(api({})[0]?.requirement_id).toBe('POST /notes');
    expect(api({ security: [] })).toEqual([]);
    expect(api({}, [{ bearer: [] }])).toEqual([]);
  });

  it('gives stable ids, and blocking follows the configured severities', () => {
    const a = lint({ criteria: '', extra: '## Export\nFormat: TBD, and it must be fast.\n' });
    const b = lint({ criteria: '', extra: '## Export\nFormat:   TBD, and it must be fast.\n' });
    expect(a.map((f) => f.id)).toEqual(b.map((f) => f.id));
    expect(a.map((f) => f.severity)).toEqual([...a.map((f) => f.severity)].sort((x, y) => ['critical', 'high', 'medium', 'low', 'info'].indexOf(x) - ['critical', 'high', 'medium', 'low', 'info'].indexOf(y)));
    expect(blockingFindings(a, ['critical', 'high']).map((f) => f.rule).sort()).toEqual(['no-acceptance-criteria', 'tbd']);
    expect(blockingFindings(a, ['critical'])).toEqual([]);
  });
});
