import { fileExists } from './read-manifest.js';
import type { StackDetection } from './stack-detection.js';
import { detectedCommand } from './tool-command.js';

/** Rust: a Cargo.toml crate or workspace. */
export function detectRust(root: string): StackDetection | undefined {
  if (!fileExists(root, 'Cargo.toml')) return undefined;
  return {
    stack: { id: 'rust', manifest: 'Cargo.toml' },
    ...(fileExists(root, 'Cargo.lock') ? { lockfile: 'Cargo.lock' } : {}),
    build: detectedCommand('cargo', ['build', '--all-targets']),
    buildReason: 'Cargo.toml: cargo build',
    test: { command: detectedCommand('cargo', ['test', '--no-fail-fast']), runner: 'cargo-test' },
    testReason: 'Cargo.toml: cargo test',
  };
}
