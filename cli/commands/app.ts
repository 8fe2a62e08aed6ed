import { startAppServer } from '../../app/server.js';
import { createAppLogger } from '../../app/log.js';
import { withEnvFile } from '../../app/setup/env-file.js';
import { startSetupServer } from '../../app/setup/setup-server.js';
import { isLokiError, toLokiError } from '../../gates/core/errors.js';
import { parseOptions } from '../parse-options.js';

const HELP = `Usage: loki app

Starts the Loki GitHub App (the same as \`npm start\`): webhooks on WEBHOOK_PATH (default
/api/github/webhooks), GET /healthz (alive), GET /readyz (can authenticate, GitHub answers).

First run: without APP_ID it serves a setup page on PORT that registers the App on GitHub from
app.yml and writes APP_ID, PRIVATE_KEY and WEBHOOK_SECRET to .env, then starts the App.

Environment (Probot's conventions; .env in the working directory is read too, the environment wins):
  APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET      the App's credentials
  PORT (3000), HOST (0.0.0.0), GHE_HOST, GHE_PROTOCOL          where to listen; GitHub Enterprise Server
  WEBHOOK_PROXY_URL  a smee.io channel that forwards webhooks to this server (local development)
  LOG_LEVEL (info), LOG_FORMAT (pretty | json)
  LOKI_DISPATCHER   local (default) | actions                  where jobs run
  LOKI_CONCURRENCY  jobs at once with the local dispatcher (2)
  LOKI_SANDBOX      bwrap (default) | docker | none           what runs repository code (docker: the Loki image, LOKI_IMAGE)
  LOKI_STATE_DIR    job and token files of the local dispatcher
  LOKI_ACTIONS_REPO owner/repo holding loki-build.yml (LOKI_DISPATCHER=actions)
`;

export async function main(argv: string[]): Promise<number> {
  const { values } = parseOptions('app', argv, {});
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const cwd = process.cwd();
  let env = withEnvFile(process.env, cwd);
  const log = await createAppLogger(env);
  const stopped = new Promise<'stop'>((resolve) => {
    process.once('SIGINT', () => resolve('stop'));
    process.once('SIGTERM', () => resolve('stop'));
  });
  try {
    if (!env.APP_ID) {
      const setup = await startSetupServer({ env, cwd, log });
      const outcome = await Promise.race([setup.registered, stopped]);
      await setup.close();
      if (outcome === 'stop') return 0;
      env = { ...env, ...outcome };
    }
    const server = await startAppServer({ env, cwd, log });
    log.info({ event: 'start', url: server.url }, `Loki App listening on ${server.url} (webhooks, /healthz, /readyz)`);
    await stopped;
    log.info({ event: 'stop' }, 'Loki App stopping');
    await server.close();
    return 0;
  } catch (error) {
    // With LOG_FORMAT=json even the last words are one JSON line; otherwise `loki: … / Fix: …`.
    if (env.LOG_FORMAT !== 'json') throw error;
    const problem = toLokiError(error);
    log.fatal({ event: 'fatal', code: problem.code, fix: problem.fix }, isLokiError(error) ? problem.message : `internal error: ${problem.message}`);
    return 3;
  }
}
