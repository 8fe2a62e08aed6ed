import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../../gates/core/package-root.js';

/** The image every container test uses: this Dockerfile, unchanged, built once per run (cached after). */
export const TEST_IMAGE = 'loki-container-test:latest';

let built = false;
export function buildTestImage(): string {
  if (!built) {
    execFileSync('bash', [join(packageRoot(), '..', 'shared', 'tools', 'container-engine.sh'), 'build', '-t', TEST_IMAGE, packageRoot()], { stdio: 'inherit', timeout: 900_000 });
    built = true;
  }
  return TEST_IMAGE;
}

/** `docker run` as a GitHub job container runs it (templates/workflows/loki-build.yml's options). */
export const JOB_CONTAINER_OPTIONS = ['--user', 'root', '--cap-add', 'SYS_ADMIN', '--security-opt', 'seccomp=unconfined', '--security-opt', 'apparmor=unconfined', '--security-opt', 'systempaths=unconfined'];
/** What compose.yaml gives the App's container so that bubblewrap works inside, as the image's own user. */
export const APP_CONTAINER_OPTIONS = ['--security-opt', 'seccomp=unconfined', '--security-opt', 'apparmor=unconfined', '--security-opt', 'systempaths=unconfined'];
