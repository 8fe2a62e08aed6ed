import { firstExisting, readText } from './read-manifest.js';
import { identifyTestRunner } from './identify-test-runner.js';
import type { StackDetection } from './stack-detection.js';
import { detectedCommand } from './tool-command.js';

/** Make: a Makefile with `build` and/or `test` targets; the runner is read from the test recipe. */
export function detectMake(root: string): StackDetection | undefined {
  const makefile = firstExisting(root, ['GNUmakefile', 'makefile', 'Makefile']);
  if (!makefile) return undefined;
  const text = readText(root, makefile) ?? '';
  const hasBuild = hasTarget(text, 'build');
  const testRecipe = recipeOf(text, 'test');
  if (!hasBuild && testRecipe === undefined) return undefined;
  return {
    stack: { id: 'make', manifest: makefile },
    ...(hasBuild ? { build: detectedCommand('make', ['build']), buildReason: `${makefile}: make build` } : { buildReason: `${makefile} has no build target` }),
    ...(testRecipe !== undefined
      ? { test: { command: detectedCommand('make', ['test']), runner: identifyTestRunner(testRecipe).runner, script: { name: `${makefile} test`, text: testRecipe } }, testReason: `${makefile}: make test` }
      : { testReason: `${makefile} has no test target` }),
  };
}

function hasTarget(text: string, target: string): boolean {
  return new RegExp(`^${target}\\s*:(?!=)`, 'm').test(text);
}

/** The recipe lines of a target (tab-indented lines after `target:`), joined; undefined without the target. */
function recipeOf(text: string, target: string): string | undefined {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => new RegExp(`^${target}\\s*:(?!=)`).test(l));
  if (start < 0) return undefined;
  const recipe: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('\t')) break;
    recipe.push(line.trim().replace(/^[@-]+/, ''));
  }
  return recipe.join(' && ');
}
