import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { LokiError } from '../../gates/core/errors.js';
import { loadTemplate } from '../../gates/core/templates.js';
import { parseOptions } from '../parse-options.js';

const HELP = `Usage: loki init [--force] [--dir DIR] [--json]

Writes Loki's files into a repository (default: the current folder):
  .github/loki.yml                       the configuration, with every default shown
  .github/workflows/loki-verify.yml      Loki Verify on every pull request (the Action)
  .github/workflows/loki-build.yml       builds on self-hosted runners (LOKI_DISPATCHER=actions)
  .github/ISSUE_TEMPLATE/loki-build.yml  an issue form for build requests
An existing file is left alone unless --force is given.
Exit codes: 0 all written, 1 some files existed and were kept, 3 error.
`;

/** Where each template goes in the user's repository. */
export const INIT_FILES: ReadonlyArray<{ template: string; target: string }> = [
  { template: 'config/loki.yml', target: '.github/loki.yml' },
  { template: 'workflows/loki-verify.yml', target: '.github/workflows/loki-verify.yml' },
  { template: 'workflows/loki-build.yml', target: '.github/workflows/loki-build.yml' },
  { template: 'issue-forms/loki-build.yml', target: '.github/ISSUE_TEMPLATE/loki-build.yml' },
];

export async function main(argv: string[]): Promise<number> {
  const { values } = parseOptions('init', argv, { force: { type: 'boolean' }, dir: { type: 'string' }, json: { type: 'boolean' } });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const root = resolve(values.dir ?? '.');
  if (!existsSync(root)) throw new LokiError('USAGE', `the folder ${root} does not exist`, { fix: 'pass --dir with the root of your repository' });
  const written: string[] = [];
  const kept: string[] = [];
  for (const { template, target } of INIT_FILES) {
    const path = join(root, target);
    if (existsSync(path) && !values.force) {
      kept.push(target);
      continue;
    }
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, loadTemplate(template));
    written.push(target);
  }
  if (values.json) process.stdout.write(`${JSON.stringify({ written, kept })}\n`);
  for (const target of written) process.stderr.write(`wrote ${target}\n`);
  for (const target of kept) process.stderr.write(`kept ${target} (it exists; --force overwrites it)\n`);
  if (written.length > 0) process.stderr.write('Next: commit these files, install the Loki App on the repository, and label an issue loki:build.\n');
  return kept.length > 0 ? 1 : 0;
}
