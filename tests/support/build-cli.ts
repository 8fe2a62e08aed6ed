import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../gates/core/package-root.js';

/** vitest globalSetup: tests that run `loki` as a process get a CLI bundle built from the current sources. */
export default function setup(): void {
  execFileSync(process.execPath, [join(packageRoot(), 'scripts/build.mjs'), '--cli'], { stdio: 'inherit' });
}
