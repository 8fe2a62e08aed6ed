import type { Gate } from '../verify/gate.js';

// PLACEHOLDER: being implemented; must not ship as a stub.
export const staticGate: Gate = {
  id: 'static',
  async run() {
    return { status: 'inconclusive', reason: 'the static gate is not implemented yet' };
  },
};
