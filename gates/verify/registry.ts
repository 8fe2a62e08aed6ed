import type { GateId } from '../config/schema.js';
import { auditGate } from '../checks/audit.js';
import { buildGate } from '../checks/build.js';
import { diffGate } from '../checks/diff.js';
import { integrityGate } from '../checks/integrity.js';
import { secretsGate } from '../checks/secrets.js';
import { specDriftGate } from '../checks/spec-drift.js';
import { staticGate } from '../checks/static.js';
import { testsGate } from '../checks/tests.js';
import type { Gate } from './gate.js';

/** The deterministic gates, in report order. `review` is added by the runner (it needs a model). */
export const DETERMINISTIC_GATES: readonly Gate[] = [diffGate, buildGate, testsGate, staticGate, secretsGate, auditGate, integrityGate, specDriftGate];

export const DEFAULT_GATE_IDS: readonly GateId[] = DETERMINISTIC_GATES.map((g) => g.id);
