import { compileFlaggedRegex } from './compile-flagged-regex.js';
import { compileGlobs } from '../core/match-glob.js';
import type { ScanSettings, SkipReason } from './types.js';

const LOCKFILES = new Set([
  'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb', 'deno.lock',
  'Gemfile.lock', 'Cargo.lock', 'poetry.lock', 'Pipfile.lock', 'uv.lock', 'pdm.lock', 'composer.lock', 'go.sum',
  'mix.lock', 'flake.lock', 'Podfile.lock', 'packages.lock.json', 'gradle.lockfile', 'pubspec.lock', 'shard.lock',
]);
const VENDORED = /(?:^|\/)(?:node_modules|vendor|third_party|third-party|bower_components|jspm_packages|\.yarn|\.pnpm-store|Pods|Carthage|\.venv|venv|site-packages)\//;
const BINARY_EXTENSIONS = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'bmp', 'ico', 'webp', 'tif', 'tiff', 'psd', 'pdf', 'zip', 'gz', 'tgz', 'bz2', 'xz', '7z', 'rar',
  'jar', 'war', 'ear', 'class', 'so', 'dll', 'exe', 'dylib', 'a', 'o', 'obj', 'lib', 'woff', 'woff2', 'ttf', 'otf', 'eot',
  'mp3', 'mp4', 'm4a', 'wav', 'ogg', 'mov', 'avi', 'mkv', 'webm', 'flac', 'wasm', 'pyc', 'pyo', 'bin', 'iso', 'dmg', 'img',
  'sqlite', 'db', 'parquet', 'avro', 'onnx', 'pt', 'pth', 'h5', 'pb', 'tflite', 'npy', 'npz', 'pkl',
]);

/** Decides, from the path alone, whether a file is left out (before it is read). */
export function pathSkipper(settings: ScanSettings): (path: string) => SkipReason | undefined {
  const allowGlob = compileGlobs(settings.allowPaths, { descendants: true });
  const allowRegexes = settings.allowPathRegexes.map(compileFlaggedRegex);
  return (path) => {
    if (path === '.git' || path.startsWith('.git/') || path.includes('/.git/')) return 'vendored';
    if (allowGlob(path) || allowRegexes.some((r) => r.test(path))) return 'allow-path';
    const base = path.slice(path.lastIndexOf('/') + 1);
    if (settings.skipLockfiles && LOCKFILES.has(base)) return 'lockfile';
    if (settings.skipVendored && VENDORED.test(path)) return 'vendored';
    const dot = base.lastIndexOf('.');
    if (dot > 0 && BINARY_EXTENSIONS.has(base.slice(dot + 1).toLowerCase())) return 'binary';
    return undefined;
  };
}

/** A NUL byte in the first 8 KiB: what git itself uses to call a file binary. */
export function looksBinary(content: Uint8Array): boolean {
  const end = Math.min(content.length, 8192);
  for (let i = 0; i < end; i++) if (content[i] === 0) return true;
  return false;
}
