import type { Gate } from '../verify/gate.js';

// PLACEHOLDER: being implemented; must not ship as a stub.
export const auditGate: Gate = {
  id: 'audit',
  async run() {
    return { status: 'inconclusive', reason: 'the audit gate is not implemented yet' };
  },
};
