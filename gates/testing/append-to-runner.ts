import { identifyTestRunner } from '../toolchain/identify-test-runner.js';
import { withArgs } from '../toolchain/tool-command.js';
import type { PackageManager, TestPlan, TestRunner, ToolCommand } from '../toolchain/toolchain.js';

/**
 * The test command with `args` appended for `runner`, or why that cannot be done: the runner must
 * be the last command of the line, reached through a package.json script or a config command.
 */
export function appendToRunner(test: TestPlan, runner: TestRunner, args: string[]): ToolCommand | string {
  const line = test.script?.text ?? test.command.file;
  const found = identifyTestRunner(line);
  if (found.runner !== runner || !found.isLastSegment) return `${runner} is not the last command of \`${line}\`, so Loki cannot add its reporter; make ${runner} the last command`;
  const viaPackageManager = !test.command.shell && isPackageManager(test.command.file);
  const viaScript = viaPackageManager && test.command.args[0] === 'run';
  // The runner's own step through `npm exec --no -- ava` / `pnpm exec ava` (direct-runner-step.ts): its arguments follow.
  const viaExec = viaPackageManager && test.command.args[0] === 'exec';
  if (!viaScript && !viaExec && !test.command.shell) return `Loki cannot pass ${runner}'s reporter through \`${test.command.display}\`; call ${runner} from a package.json script`;
  return viaScript ? withArgs(test.command, scriptArgs(test.command.file as PackageManager, args)) : withArgs(test.command, args);
}

function isPackageManager(file: string): file is PackageManager {
  return file === 'npm' || file === 'pnpm' || file === 'yarn';
}

/** npm needs `--` before arguments meant for the script; pnpm and yarn pass them on as they are. */
function scriptArgs(pm: PackageManager, args: string[]): string[] {
  return pm === 'npm' ? ['--', ...args] : args;
}
