import type { Gate } from '../verify/gate.js';

// PLACEHOLDER: being implemented; must not ship as a stub.
export const secretsGate: Gate = {
  id: 'secrets',
  async run() {
    return { status: 'inconclusive', reason: 'the secrets gate is not implemented yet' };
  },
};
