import type { Gate } from '../verify/gate.js';

// PLACEHOLDER: being implemented; must not ship as a stub.
export const integrityGate: Gate = {
  id: 'integrity',
  async run() {
    return { status: 'inconclusive', reason: 'the integrity gate is not implemented yet' };
  },
};
