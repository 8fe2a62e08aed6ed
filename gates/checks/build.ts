import type { Gate } from '../verify/gate.js';

// PLACEHOLDER: being implemented; must not ship as a stub.
export const buildGate: Gate = {
  id: 'build',
  async run() {
    return { status: 'inconclusive', reason: 'the build gate is not implemented yet' };
  },
};
