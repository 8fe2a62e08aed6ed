import { startAppServer } from '../../app/server.js';
import { parseOptions } from '../parse-options.js';

const HELP = `Usage: loki app

Starts the Loki GitHub App (the same as \`npm start\`): webhooks on WEBHOOK_PATH (default
/api/github/webhooks), GET /healthz answers 200 when ready.

Environment (Probot's conventions; a .env file is not read, export the variables):
  APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET      the App's credentials (required)
  PORT (3000), HOST (0.0.0.0), GHE_HOST, GHE_PROTOCOL          where to listen; GitHub Enterprise Server
  LOKI_DISPATCHER   local (default) | actions                  where jobs run
  LOKI_CONCURRENCY  jobs at once with the local dispatcher (2)
  LOKI_SANDBOX      none (default) | docker                    run each job in the Loki image (LOKI_IMAGE)
  LOKI_STATE_DIR    job and token files of the local dispatcher
  LOKI_ACTIONS_REPO owner/repo holding loki-build.yml (LOKI_DISPATCHER=actions)
`;

export async function main(argv: string[]): Promise<number> {
  const { values } = parseOptions('app', argv, {});
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const server = await startAppServer();
  process.stderr.write(`Loki App listening on ${server.url} (webhooks, /healthz)\n`);
  return new Promise<number>((resolve) => {
    const stop = () => {
      process.stderr.write('Loki App stopping\n');
      server.close().then(() => resolve(0), () => resolve(3));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
