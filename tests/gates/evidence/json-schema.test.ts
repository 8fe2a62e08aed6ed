import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../../gates/core/package-root.js';
import { evidenceJsonSchema } from '../../../gates/evidence/json-schema.js';

describe('evidence.schema.json', () => {
  it('is the committed export of the zod schema (run `npm run schemas` after changing it)', () => {
    const committed = JSON.parse(readFileSync(join(packageRoot(), 'gates/evidence/evidence.schema.json'), 'utf8'));
    expect(committed).toEqual(evidenceJsonSchema());
    expect(committed.required).toEqual(expect.arrayContaining(['schema_version', 'verdict', 'exit_code', 'subject', 'produced_by', 'gates', 'findings']));
  });
});
