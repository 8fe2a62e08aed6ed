import { LokiError } from '../../gates/core/errors.js';

// PLACEHOLDER: being implemented; must not ship as a stub.
export async function main(_argv: string[]): Promise<number> {
  throw new LokiError('USAGE', 'loki run-job is not available yet');
}
