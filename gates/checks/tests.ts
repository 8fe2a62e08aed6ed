import type { Gate } from '../verify/gate.js';

// PLACEHOLDER: being implemented; must not ship as a stub.
export const testsGate: Gate = {
  id: 'tests',
  async run() {
    return { status: 'inconclusive', reason: 'the tests gate is not implemented yet' };
  },
};
