import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LokiError } from './errors.js';
import { packageRoot } from './package-root.js';

/**
 * Where this Loki is published, all from package.json's `repository` (one place: change it to
 * publish your own): the Action is `<owner>/<name>@v1`, the image `ghcr.io/<owner>/<name>:latest`
 * and the App's homepage the repository. Read where the package is (sources, dist/cli, and the
 * Action's checkout, which holds package.json beside dist/).
 */
export interface PublishedNames {
  repository: string;
  action: string;
  image: string;
  homepage: string;
}

let cached: PublishedNames | undefined;

/** Read once per process: the docker sandbox asks for the image on every command. */
export function publishedNames(): PublishedNames {
  if (cached) return cached;
  const repository = repositoryOf(JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')));
  return (cached = { repository, action: `${repository}@v1`, image: `ghcr.io/${repository.toLowerCase()}:latest`, homepage: `https://github.com/${repository}` });
}

/** `owner/name` from npm's `repository` field: `github:o/n`, `o/n`, or a GitHub git/https URL, as a string or `{ url }`. */
export function repositoryOf(manifest: { repository?: string | { url?: string } }): string {
  const raw = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
  const match = raw ? /^(?:github:|(?:git\+)?(?:https?|ssh|git):\/\/(?:git@)?github\.com\/|git@github\.com:)?([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+?)(?:\.git)?\/?$/.exec(raw.trim()) : null;
  if (!match) {
    throw new LokiError('CONFIG_INVALID', `package.json's repository (${JSON.stringify(raw ?? null)}) does not name a GitHub repository`, { fix: 'set "repository" to "github:<owner>/<name>", the repository you publish Loki from' });
  }
  return `${match[1]}/${match[2]}`;
}
