import { fileExists } from './read-manifest.js';
import type { StackDetection } from './stack-detection.js';
import { detectedCommand } from './tool-command.js';

/** Go: a go.mod module, built and tested across all its packages. */
export function detectGo(root: string): StackDetection | undefined {
  if (!fileExists(root, 'go.mod')) return undefined;
  return {
    stack: { id: 'go', manifest: 'go.mod' },
    ...(fileExists(root, 'go.sum') ? { lockfile: 'go.sum' } : {}),
    build: detectedCommand('go', ['build', './...']),
    buildReason: 'go.mod: go build ./...',
    test: { command: detectedCommand('go', ['test', './...']), runner: 'go-test' },
    testReason: 'go.mod: go test ./...',
  };
}
