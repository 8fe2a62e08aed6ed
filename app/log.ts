import type { Writable } from 'node:stream';
import { getTransformStream } from '@probot/pino';
import { pino, type Bindings, type ChildLoggerOptions, type Logger } from 'pino';

/**
 * The App's one logger, on Probot's conventions: LOG_LEVEL (default info), LOG_FORMAT `pretty`
 * (default) or `json`, LOG_LEVEL_IN_STRING, LOG_MESSAGE_KEY, SENTRY_DSN. Every line goes through
 * it, so with LOG_FORMAT=json each line on stdout is one JSON object.
 *
 * pino appends a child's bindings to its parent's, so Probot's `log.child({ name: 'probot' })`
 * then `.child({ name: 'octokit' })` printed `"name":"probot","name":"octokit"`. Here every child
 * is made from the root with the bindings merged: one key, the innermost value.
 */
export async function createAppLogger(env: NodeJS.ProcessEnv, destination?: Writable): Promise<Logger> {
  const transform = await getTransformStream({
    logFormat: env.LOG_FORMAT === 'json' ? 'json' : 'pretty',
    logLevelInString: env.LOG_LEVEL_IN_STRING === 'true',
    sentryDsn: env.SENTRY_DSN || undefined,
  });
  transform.pipe((destination ?? pino.destination(1)) as NodeJS.WritableStream);
  const root = pino({ level: env.LOG_LEVEL || 'info', messageKey: env.LOG_MESSAGE_KEY || 'msg' }, transform);
  return withMergedBindings(root);
}

export function withMergedBindings(root: Logger): Logger {
  const childOfRoot = root.child.bind(root);
  const wrap = (logger: Logger, bindings: Bindings): Logger => {
    logger.child = ((more: Bindings, options?: ChildLoggerOptions) => {
      const merged = { ...bindings, ...more };
      return wrap(childOfRoot(merged, options), merged);
    }) as unknown as Logger['child'];
    return logger;
  };
  return wrap(root, {});
}
