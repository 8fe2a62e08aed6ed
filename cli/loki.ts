#!/usr/bin/env node
/**
 * The `loki` entry point. Kept tiny: `--version` and `--help` answer without loading any command,
 * and each command is imported only when it is the one asked for.
 */
import { lokiVersion } from '../gates/core/package-root.js';
import { COMMANDS, USAGE } from './commands.js';
import { reportFatal } from './report-fatal.js';

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v' || name === 'version') {
    process.stdout.write(`${lokiVersion()}\n`);
    return 0;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return name === undefined ? 3 : 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`loki: unknown command "${name}"\nFix: run one of the commands below.\n\n${USAGE}`);
    return 3;
  }
  const command = await load();
  return command.main(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = reportFatal(error);
  },
);
