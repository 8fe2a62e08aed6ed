import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './package-root.js';

/** Reads a file from templates/ (prompts, workflows, report text). */
export function loadTemplate(relativePath: string): string {
  return readFileSync(join(packageRoot(), 'templates', relativePath), 'utf8');
}

/**
 * Fills `{{name}}` placeholders. Values are inserted as they are, once: a value that itself
 * contains `{{x}}` is not expanded again, so untrusted text cannot pull in other fields.
 */
export function renderTemplate(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}/gi, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : String(value);
  });
}
