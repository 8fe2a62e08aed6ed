import { loadTemplate, renderTemplate } from '../../gates/core/templates.js';

export interface BuildPromptInput {
  branch: string;
  iteration: number;
  maxIterations: number;
  /** Paths relative to the workspace root. */
  specFile: string;
  progressFile: string;
  specTitle: string;
  progress: string;
  lastFailures: string | undefined;
  repoMap: string;
  /** The follow-up section (review comments, failing CI) of a build that continues a pull request. */
  followUp?: string;
}

const PROGRESS_LIMIT = 6_000;

/** The Reason+Act prompt. The spec itself stays in its file; only its title is quoted. */
export function buildPrompt(input: BuildPromptInput): string {
  return renderTemplate(loadTemplate('prompts/build.md'), {
    branch: input.branch,
    iteration: input.iteration,
    max_iterations: input.maxIterations,
    spec_file: input.specFile,
    progress_file: input.progressFile,
    spec_title: oneLine(input.specTitle) || '(untitled)',
    progress: input.progress.trim() ? clip(input.progress.trim(), PROGRESS_LIMIT) : '(empty: this is the first iteration)',
    last_failures: input.lastFailures ?? 'Nothing has been checked yet.',
    repo_map: input.repoMap,
    follow_up: input.followUp ? `\n\n${input.followUp.trim()}` : '',
  });
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}

/** Keeps the end of long notes: the latest state matters most. */
function clip(text: string, max: number): string {
  return text.length <= max ? text : `…${text.slice(text.length - max)}`;
}
