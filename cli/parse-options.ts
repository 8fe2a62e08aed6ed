import { parseArgs, type ParseArgsConfig } from 'node:util';
import { LokiError } from '../gates/core/errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Strict argument parsing: an unknown flag or a missing value is a USAGE error that names the
 * flag and points at the command's help, instead of being silently ignored.
 */
export function parseOptions<const O extends Options>(command: string, argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true });
  } catch (error) {
    throw new LokiError('USAGE', `loki ${command}: ${(error as Error).message}`, { fix: `run "loki ${command} --help" for the options` });
  }
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
