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
  if (name === undefined || name === '--help' || name === '-h' || ((name === 'help') && rest.length === 0)) {
    process.stdout.write(USAGE);
    return name === undefined ? 3 : 0;
  }
  // `loki help verify` is `loki verify --help`.
  const [commandName, args] = name === 'help' ? [rest[0]!, ['--help']] : [name, rest];
  const load = COMMANDS[commandName];
  if (!load) {
    // Loaded only for a mistyped command: start-up stays as small as `--version` needs.
    const { nearest } = await import('./suggest.js');
    const hint = nearest(commandName, Object.keys(COMMANDS));
    const fix = hint ? `run "loki ${[hint, ...(name === 'help' ? ['--help'] : args)].join(' ')}"` : 'run one of the commands below';
    process.stderr.write(`loki: unknown command "${commandName}".${hint ? ` Did you mean "${hint}"?` : ''}\nFix: ${fix}.\n\n${USAGE}`);
    return 3;
  }
  const command = await load();
  return command.main(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = reportFatal(error);
  },
);
