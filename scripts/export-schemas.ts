// Writes the JSON Schema exports of Loki's public file formats. `npm run schemas` after changing a
// zod schema; tests/gates/evidence/json-schema.test.ts fails when the committed file is out of date.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { evidenceJsonSchema } from '../gates/evidence/json-schema.js';
import { packageRoot } from '../gates/core/package-root.js';

const target = join(packageRoot(), 'gates/evidence/evidence.schema.json');
writeFileSync(target, `${JSON.stringify(evidenceJsonSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${target}\n`);
