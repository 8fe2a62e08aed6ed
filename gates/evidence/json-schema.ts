import { z } from 'zod';
import { EVIDENCE_SCHEMA_VERSION, EvidenceSchema } from './schema.js';

/** evidence.json as JSON Schema (draft 2020-12), for consumers that do not use zod. */
export function evidenceJsonSchema(): Record<string, unknown> {
  return {
    title: `Loki evidence v${EVIDENCE_SCHEMA_VERSION}`,
    ...z.toJSONSchema(EvidenceSchema, { io: 'input' }),
  };
}
