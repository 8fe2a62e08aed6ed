import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Writes the prompt to a private temporary file outside the workspace (so it is never committed)
 * for the duration of `use`, then removes it. Long prompts travel this way instead of argv, which
 * the kernel caps at 128 KiB per argument.
 */
export async function withPromptFile<T>(prompt: string, use: (path: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'loki-prompt-'));
  const path = join(dir, 'prompt.md');
  try {
    await writeFile(path, prompt, { encoding: 'utf8', mode: 0o600 });
    return await use(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
