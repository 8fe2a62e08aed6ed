// `npm run bench`: every speed and memory goal, measured side by side in one run. Prints, never asserts.
import { benchBurst } from './burst.js';
import { benchIntegrity } from './integrity.js';
import { benchRealRepos } from './real-repos.js';
import { benchStartup } from './startup.js';
import { benchSandbox } from './sandbox.js';
import { benchSecrets } from './secrets.js';
import { benchSecretsExternal } from './secrets-external.js';
import { benchVerify } from './verify.js';
import { benchWebhooks } from './webhooks.js';

const benches: Array<[string, () => Promise<void>]> = [
  ['startup', benchStartup],
  ['verify', benchVerify],
  ['real-repos', () => benchRealRepos()],
  ['secrets', benchSecrets],
  ['secrets-external', benchSecretsExternal],
  ['integrity', benchIntegrity],
  ['webhooks', benchWebhooks],
  ['burst', benchBurst],
  ['sandbox', benchSandbox],
];
const only = process.argv.slice(2);

for (const [name, run] of benches) {
  if (only.length && !only.includes(name)) continue;
  await run();
}
