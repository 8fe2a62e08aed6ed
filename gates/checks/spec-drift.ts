import type { Gate } from '../verify/gate.js';

// PLACEHOLDER: being implemented; must not ship as a stub.
export const specDriftGate: Gate = {
  id: 'spec-drift',
  async run() {
    return { status: 'inconclusive', reason: 'the spec-drift gate is not implemented yet' };
  },
};
