import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../../gates/core/package-root.js';
import { publishedNames, repositoryOf } from '../../../gates/core/published-names.js';
import { loadTemplate } from '../../../gates/core/templates.js';

const root = packageRoot();

describe('published names: one place (package.json repository)', () => {
  it('reads every form npm allows for a GitHub repository', () => {
    for (const form of ['github:acme/loki', 'acme/loki', 'git+https://github.com/acme/loki.git', 'https://github.com/acme/loki', 'git@github.com:acme/loki.git', 'ssh://git@github.com/acme/loki.git']) {
      expect(repositoryOf({ repository: form }), form).toBe('acme/loki');
      expect(repositoryOf({ repository: { url: form } }), form).toBe('acme/loki');
    }
  });

  it('refuses what is not a GitHub repository, saying what to write', () => {
    for (const bad of [undefined, '', 'https://gitlab.com/acme/loki', 'acme']) {
      expect(() => repositoryOf({ repository: bad })).toThrow(/does not name a GitHub repository/);
    }
  });

  it('names the Action, the image (lower case, as GHCR requires) and the homepage after it', () => {
    const names = publishedNames();
    const repository = repositoryOf(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')));
    expect(names).toEqual({ repository, action: `${repository}@v1`, image: `ghcr.io/${repository.toLowerCase()}:latest`, homepage: `https://github.com/${repository}` });
  });

  it('no file spells a published name by hand: templates use placeholders, app.yml and action.yml agree', () => {
    const names = publishedNames();
    expect(loadTemplate('workflows/loki-verify.yml')).toContain("uses: '{{loki_action}}'");
    expect(loadTemplate('workflows/loki-build.yml')).toContain("image: '{{loki_image}}'");
    const app = load(readFileSync(join(root, 'app.yml'), 'utf8')) as { url: string };
    expect(app.url).toBe(names.homepage);
    for (const file of ['templates/workflows/loki-verify.yml', 'templates/workflows/loki-build.yml', 'gates/sandbox/docker.ts', 'compose.yaml']) {
      expect(readFileSync(join(root, file), 'utf8'), file).not.toContain(names.repository.toLowerCase());
    }
  });
});
