import { parseArgs, type ParseArgsConfig } from 'node:util';
import { LokiError } from '../gates/core/errors.js';
import { didYouMean } from './suggest.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Strict argument parsing: an unknown flag or a missing value is a USAGE error that names the
 * flag and points at the command's help, instead of being silently ignored.
 */
export function parseOptions<const O extends Options>(command: string, argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true });
  } catch (error) {
    throw new LokiError('USAGE', `loki ${command}: ${(error as Error).message.replace(/\.?$/, '.')}${suggestFlag(error, options)}`, { fix: `run "loki ${command} --help" for the options` });
  }
}

/** For an unknown flag, the known flag it most likely meant (`--jsno` → `--json`). */
function suggestFlag(error: unknown, options: Options): string {
  if ((error as { code?: string }).code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return '';
  const given = /'(--?[^'=]+)/.exec((error as Error).message)?.[1];
  if (!given?.startsWith('--')) return '';
  return didYouMean(given, [...Object.keys(options), 'help'].map((name) => `--${name}`));
}

/** Splits "a,b, c" lists given to flags like --gates. */
export function splitList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

export function parsePositiveNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new LokiError('USAGE', `${flag} must be a positive number, got "${value}"`, { fix: `pass a number, e.g. ${flag} 5` });
  return n;
}
